#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds TEST FIXTURE RPMs from tests/rpm/xen-fixture.spec (tiny packages
# named xen, xen-libs, xen-devel that hold one text file each; not Xen).
#
#   mkfixtures.sh good OUTDIR VERSION
#       a good set, EL5-shaped (x86_64, gzip payload, MD5 file digests),
#       signed with a fixture key made here; the public key is written to
#       OUTDIR/RPM-GPG-KEY-xeninfn-fixture.
#   mkfixtures.sh refusals OUTDIR
#       one directory per reason the intake refuses a set (OUTDIR/<reason>/:
#       arch, payload, digest, rpmlib, version, missing, nohv, hvversion,
#       unsigned, otherkey, tampered),
#       each a whole set in which exactly one thing is wrong, plus
#       OUTDIR/RPM-GPG-KEY-xeninfn-fixture, the key that signed them.
#
# The key lives in a temporary GNUPGHOME that is removed on exit: nothing
# outside OUTDIR is touched.  Env: RPMBUILD (default rpmbuild), GPG, RPMSIGN.
set -eu

usage() { echo "usage: $0 good OUTDIR VERSION | refusals OUTDIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
mode=$1 out=$2
case $mode in
good) [ $# -eq 3 ] || usage; version=$3 ;;
refusals) [ $# -eq 2 ] || usage; version=3.1.2 ;;
*) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
spec=$here/xen-fixture.spec
RPMBUILD=${RPMBUILD:-rpmbuild}
GPG=${GPG:-gpg}
RPMSIGN=${RPMSIGN:-rpmsign}
for t in "$RPMBUILD" "$GPG" "$RPMSIGN"; do
	command -v "$t" >/dev/null || {
		echo "mkfixtures: $t not found (apt-get install rpm gnupg)" >&2
		exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/xeninfn-fixtures.XXXXXX")
trap 'gpgconf --homedir "$work/gnupg" --kill all 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -m 700 "$work/gnupg"
export GNUPGHOME="$work/gnupg"
uid_good="XenINFN test fixture key (not for production) <fixture@xeninfn.invalid>"
uid_other="XenINFN other fixture key (trusted by nobody) <other@xeninfn.invalid>"

# newkey UID: a DSA-1024 signing key, the kind EL5-era keys were.
newkey() {
	"$GPG" --batch --quiet --passphrase '' \
	    --quick-gen-key "$1" dsa1024 sign never 2>/dev/null
}

# build NAME [rpmbuild args...]: the three fixture packages into
# $work/NAME/RPMS/<arch>/.  EL5 rpm reads gzip payloads and MD5 digests.
build() {
	name=$1; shift
	"$RPMBUILD" -bb --quiet -D "_topdir $work/$name" \
	    -D '_binary_payload w9.gzdio' \
	    -D '_binary_filedigest_algorithm 1' \
	    -D 'source_date_epoch_from_changelog 1' \
	    -D 'use_source_date_epoch_as_buildtime 1' \
	    -D 'clamp_mtime_to_source_date_epoch 1' \
	    -D '_buildhost fixture.xeninfn.invalid' \
	    -D "fx_version $version" "$@" "$spec" >"$work/$name.log" 2>&1 || {
		cat "$work/$name.log" >&2
		echo "mkfixtures: rpmbuild of variant $name failed" >&2
		exit 1; }
}

# sign EMAIL FILE...: header + header-and-payload (v3) DSA/SHA-1
# signatures, the kinds rpm 4.4.2 looks for.
sign() {
	who=$1; shift
	"$RPMSIGN" --addsign --rpmv3 -D "__gpg $(command -v "$GPG")" \
	    -D "_gpg_name $who" -D '_gpg_digest_algo sha1' "$@" \
	    </dev/null >"$work/sign.log" 2>&1 || {
		cat "$work/sign.log" >&2
		echo "mkfixtures: signing $* failed" >&2
		exit 1; }
}

# put DIR FILE...: copy into DIR (created).
put() {
	d=$1; shift
	mkdir -p "$d"
	cp "$@" "$d/"
}

newkey "$uid_good"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
"$GPG" --batch --armor --export fixture@xeninfn.invalid \
    >"$out.tmp/RPM-GPG-KEY-xeninfn-fixture"

build good --target x86_64
g=$work/good/RPMS/x86_64
sign fixture@xeninfn.invalid "$g"/*.rpm
xen=$(ls "$g"/xen-"$version"-*.rpm)
libs=$(ls "$g"/xen-libs-*.rpm)
devel=$(ls "$g"/xen-devel-*.rpm)

if [ "$mode" = good ]; then
	put "$out.tmp" "$xen" "$libs" "$devel"
else
	o=$out.tmp
	# Each variant rebuilds xen alone wrong and reuses good libs/devel.
	# variant NAME ARGS...: xen for x86_64 with rpmbuild ARGS, signed.
	variant() {
		v=$1; shift
		build "$v" --target x86_64 "$@"
		sign fixture@xeninfn.invalid "$work/$v"/RPMS/x86_64/xen-3*.rpm
		put "$o/$v" "$work/$v"/RPMS/x86_64/xen-3*.rpm "$libs" "$devel"
	}
	build arch --target i686
	sign fixture@xeninfn.invalid "$work"/arch/RPMS/i686/xen-3*.rpm
	put "$o/arch" "$work"/arch/RPMS/i686/xen-3*.rpm "$libs" "$devel"

	variant payload -D '_binary_payload w2.xzdio'
	variant digest -D '_binary_filedigest_algorithm 8'
	variant rpmlib -D 'fx_rich 1'

	version=3.1.0
	build version --target x86_64
	version=3.1.2
	sign fixture@xeninfn.invalid "$work"/version/RPMS/x86_64/xen-3*.rpm
	put "$o/version" "$work"/version/RPMS/x86_64/xen-3*.rpm "$libs" "$devel"

	put "$o/missing" "$xen" "$libs"

	variant nohv -D 'fx_nohv 1'
	variant hvversion -D 'fx_hv_version 3.1.0'

	build unsigned --target x86_64
	put "$o/unsigned" "$work"/unsigned/RPMS/x86_64/xen-3*.rpm "$libs" "$devel"

	newkey "$uid_other"
	build otherkey --target x86_64
	sign other@xeninfn.invalid "$work"/otherkey/RPMS/x86_64/xen-3*.rpm
	put "$o/otherkey" "$work"/otherkey/RPMS/x86_64/xen-3*.rpm "$libs" "$devel"

	# A signed package changed afterwards: one byte of its header's
	# summary, so the signature no longer matches.
	put "$o/tampered" "$xen" "$libs" "$devel"
	python3 - "$o/tampered/$(basename "$xen")" <<'PY'
import sys
p = sys.argv[1]
d = open(p, 'rb').read()
old = b'standing in for the Xen tools'
i = d.find(old)
if i < 0:
    sys.exit('mkfixtures: summary not found in ' + p)
d = d[:i] + b'standing in for the Xen tooLs' + d[i + len(old):]
open(p, 'wb').write(d)
PY
fi

rm -rf "$out"
mv "$out.tmp" "$out"
