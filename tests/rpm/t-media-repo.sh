#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn build` with the signed TEST FIXTURE Xen RPMs: the ISO's /xeninfn
# repository holds them and the tools RPM with repodata yum 3.0 reads
# (read back from the ISO by check-repodata.py), the manifest says which
# key signed each, and the intake refusals reach the user as exit 1 with
# the file named.
set -eu
: "${XENINFN:?run through make check}" "${XENINFN_B:?}" "${XENINFN_TMP:?}"
fx=$XENINFN_B/fixtures
t=$XENINFN_TMP
for f in "$fx/mirror/.discinfo" "$fx/xen-rpms/.stamp" "$fx/rpm-refusals/.stamp"; do
	[ -e "$f" ] || { echo "fixture $f not built (make check builds it)"; exit 77; }
done
command -v "${XORRISO:-xorriso}" >/dev/null || { echo "xorriso missing"; exit 77; }
. "$XENINFN_SRC/tests/lib.sh"
key=$fx/xen-rpms/RPM-GPG-KEY-xeninfn-fixture
common="-s tree.url=file://$fx/mirror -s tree.install_url=http://10.0.2.100:8080/sl51"

# xen.rpms unset: refused, saying how to make them.
# shellcheck disable=SC2086
expect_fail "xen.rpms: not set" timeout 300 "$XENINFN" build $common -o "$t/none"
grep -q "make xen-rpm" "$t/stderr" || fail "message does not say make xen-rpm"

# refused_build SET TEXT: xen.rpms=rpm-refusals/SET exits 1 naming TEXT
# (the file and the reason), and writes no ISO.
refused_build() {
	# shellcheck disable=SC2086
	expect_fail "$2" timeout 300 "$XENINFN" build $common \
	    -s "xen.rpms=$fx/rpm-refusals/$1" \
	    -s "xen.gpg_keys=$fx/rpm-refusals/RPM-GPG-KEY-xeninfn-fixture" \
	    -o "$t/$1"
	! ls "$t/$1"/*.iso >/dev/null 2>&1 || fail "$1: an ISO was written anyway"
}
refused_build payload "payload/xen-3.1.2-1.xeninfn.fixture.x86_64.rpm: payload compressed with xz"
# A xen package without its hypervisor.
refused_build nohv "nohv/xen-3.1.2-1.xeninfn.fixture.x86_64.rpm: no hypervisor /boot/xen.gz-3.1.2"

# The good set.
# shellcheck disable=SC2086
SOURCE_DATE_EPOCH=1196899200 timeout 600 "$XENINFN" build $common \
    -s "xen.rpms=$fx/xen-rpms" -s "xen.gpg_keys=$key" -o "$t/out" \
    >"$t/good.log" 2>&1 || { cat "$t/good.log"; fail "build failed"; }
iso=$(ls "$t/out"/*.iso)
timeout 120 "${XORRISO:-xorriso}" -osirrox on -indev "$iso" \
    -extract /xeninfn "$t/repo" >/dev/null 2>&1 || fail "no /xeninfn on $iso"
chmod -R u+w "$t/repo"
timeout 60 python3 "$XENINFN_SRC/tests/rpm/check-repodata.py" "$t/repo" \
    xen xen-devel xen-libs xeninfn-tools || fail "repodata on the ISO is not what yum 3.0 reads"
for p in "$t/repo"/xen-*.rpm; do
	cmp -s "$p" "$fx/xen-rpms/$(basename "$p")" || fail "$p differs from the fixture"
done

# The manifest names the fixture key as the signer of the Xen packages.
keyid=$(gpg --batch --with-colons --show-keys "$key" 2>/dev/null |
    awk -F: '$1 == "pub" { print tolower($5); exit }')
[ -n "$keyid" ] || fail "cannot read the fixture key id"
n=$(jq --arg k "$keyid" '[.. | objects | select(has("signed_by")) |
    select(.name | test("^xen")) | select(.signed_by == $k)] | length' \
    "$t/out/manifest.json")
[ "$n" -eq 3 ] || fail "manifest names key $keyid as signer of $n Xen packages, not 3"
echo "ok: repository on the ISO read back, signer $keyid in the manifest"
