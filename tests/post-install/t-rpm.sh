#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The xeninfn-tools RPM (make rpm) is one RPM 4.4.2 on EL5 can install:
# gzip payload, MD5 file digests, no rpmlib() feature 4.4.2 lacks, no
# build-id links; it holds exactly the four static helpers in /usr/sbin,
# byte for byte the ones in build/post-install, and their manual pages;
# rpmlint finds no error.
. "$XENINFN_SRC/tests/post-install/lib.sh"
command -v rpm >/dev/null || { echo "rpm not installed"; exit 77; }
version=$(sed -n 's/^AC_INIT(\[xeninfn\], \[\([^]]*\)\].*/\1/p' "$XENINFN_SRC/configure.ac")
R=$XENINFN_B/rpm/xeninfn-tools-$version-1.x86_64.rpm
[ -f "$R" ] || { echo "FAIL: $R missing (make rpm)"; exit 1; }
q() { timeout 30 rpm -qp "$@" "$R"; }

[ "$(q --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH}')" = "xeninfn-tools $version 1 x86_64" ] &&
	pass "name, version, release, arch" || fail "NEVRA: $(q --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH}')"
[ "$(q --qf '%{PAYLOADCOMPRESSOR}')" = gzip ] && pass "gzip payload" || fail "payload $(q --qf '%{PAYLOADCOMPRESSOR}')"
case $(q --qf '%{FILEDIGESTALGO}') in
'(none)'|1) pass "MD5 file digests (algorithm tag absent or 1)" ;;
*) fail "file digest algorithm $(q --qf '%{FILEDIGESTALGO}')" ;;
esac
q --qf '[%{FILEDIGESTS}\n]' | grep -qv '^[0-9a-f]\{32\}$' && fail "a file digest is not an MD5"
bad=$(q --requires | grep '^rpmlib(' | grep -v '^rpmlib(CompressedFileNames)\|^rpmlib(PayloadFilesHavePrefix)')
[ -z "$bad" ] && pass "no rpmlib() requirement RPM 4.4.2 lacks" || fail "rpmlib requirements: $bad"
want="/usr/sbin/xeninfn-bridges /usr/sbin/xeninfn-dom0setup /usr/sbin/xeninfn-guest /usr/sbin/xeninfn-vtcheck"
for h in bridges dom0setup guest vtcheck; do
	want="$want /usr/share/man/man8/xeninfn-$h.8.gz"
done
if [ "$(q -l | sort | tr '\n' ' ')" = "$want " ]; then
	pass "files: the four helpers in /usr/sbin and their pages in man8"
else
	fail "files: $(q -l | tr '\n' ' ')"
fi

# The payload holds the built binaries, static.
mkdir -p "$XENINFN_TMP/x"
(cd "$XENINFN_TMP/x" && timeout 30 rpm2cpio "$R" | timeout 30 cpio -id --quiet) || fail "rpm2cpio | cpio failed"
for h in vtcheck bridges dom0setup guest; do
	f=$XENINFN_TMP/x/usr/sbin/xeninfn-$h
	cmp -s "$f" "$PI/xeninfn-$h" || fail "xeninfn-$h in the RPM differs from build/post-install"
	readelf -lW "$f" | grep -q INTERP && fail "xeninfn-$h is dynamically linked"
	[ -x "$f" ] || fail "xeninfn-$h not executable"
done
# Their manual pages: the source tree's, gzip'd, and man reads them.
for h in vtcheck bridges dom0setup guest; do
	m=$XENINFN_TMP/x/usr/share/man/man8/xeninfn-$h.8.gz
	gzip -dc "$m" | cmp -s - "$XENINFN_SRC/man/xeninfn-$h.8" ||
		fail "xeninfn-$h.8.gz in the RPM is not man/xeninfn-$h.8"
	if command -v man >/dev/null; then
		MANWIDTH=80 timeout 30 man -l "$m" 2>/dev/null | grep -q "xeninfn-$h" ||
			fail "man -l cannot show xeninfn-$h.8.gz from the RPM"
	fi
done
pass "the manual pages are in the payload and read"
timeout 20 "$XENINFN_TMP/x/usr/sbin/xeninfn-vtcheck" --help >/dev/null &&
	pass "the packaged xeninfn-vtcheck runs" || fail "the packaged xeninfn-vtcheck does not run"

# Installs with rpm into an empty root.
if timeout 60 rpm --root "$XENINFN_TMP/root" --dbpath /var/lib/rpm --initdb 2>/dev/null &&
   timeout 60 rpm --root "$XENINFN_TMP/root" --dbpath /var/lib/rpm -i --nodeps --noscripts "$R"; then
	[ -x "$XENINFN_TMP/root/usr/sbin/xeninfn-dom0setup" ] && pass "rpm -i into a root" || fail "rpm -i: no files"
else
	fail "rpm -i into a root failed"
fi

if command -v rpmlint >/dev/null; then
	out=$(timeout 120 rpmlint -r "$XENINFN_SRC/rpmspecs/xeninfn-tools.rpmlintrc" "$R" 2>&1)
	echo "$out" | grep -q ' 0 errors' && pass "rpmlint: no errors" || fail "rpmlint: $out"
fi
finish
