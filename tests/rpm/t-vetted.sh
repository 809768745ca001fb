#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The RPM intake remembers what it vetted (CACHE/rpm-vetted,
# docs/xen-rpms.md "Vetted once"): a second `xeninfn pxe` on the same
# TEST FIXTURE RPMs opens neither the RPMs nor librpm's configuration
# (/usr/lib/rpm), as strace shows; an RPM replaced by one signed with
# another key is vetted again and refused, again on the next run; a
# damaged record is ignored.
set -eu
: "${XENINFN:?run through make check}" "${XENINFN_B:?}" "${XENINFN_TMP:?}"
fx=$XENINFN_B/fixtures
for f in "$fx/mirror/.discinfo" "$fx/xen-rpms/.stamp" "$fx/rpm-refusals/.stamp"; do
	[ -e "$f" ] || { echo "fixture $f not built (make check builds it)"; exit 77; }
done
command -v strace >/dev/null || { echo "strace missing (tools/setup-debian)"; exit 77; }
strace -f -o /dev/null true 2>/dev/null || { echo "strace cannot trace here"; exit 77; }
. "$XENINFN_SRC/tests/lib.sh"
t=$XENINFN_TMP
rpms=$t/rpms
cache=$t/cache
mkdir -p "$rpms"
cp "$fx"/xen-rpms/*.rpm "$fx/xen-rpms/RPM-GPG-KEY-xeninfn-fixture" "$rpms/"
hosts=$t/hosts.csv
printf 'hostname,mac,ip,netmask\nh1,52:54:00:cd:01:01,10.3.0.1,255.255.0.0\n' >"$hosts"

# settle FILE...: waits until every FILE's ctime is 3 s old: a verdict is
# recorded only for a file that can no longer change within the clock
# tick of its identity (docs/xen-rpms.md).  A wait, not a timed check.
settle() {
	newest=$(stat -c %Z "$@" | sort -n | tail -n 1)
	while [ "$(date +%s)" -lt $((newest + 3)) ]; do sleep 0.2; done
}

# pxe ARGS...: xeninfn pxe on the fixture mirror and the copied RPMs;
# with TRACE=yes under strace, the files it opened then in $t/opened.
pxe() {
	set -- "$XENINFN" pxe -s "tree.url=file://$fx/mirror" -s "xen.rpms=$rpms" \
		-s "xen.gpg_keys=$rpms/RPM-GPG-KEY-xeninfn-fixture" \
		-s pxe.http_url=http://10.0.2.100:8080 \
		-s tree.install_url=http://10.0.2.100:8080/ \
		--cache "$cache" --hosts "$hosts" -o "$t/tree" "$@"
	[ "${TRACE:-no}" = yes ] || { "$@"; return; }
	strace -f -qq -e trace=open,openat -o "$t/trace" "$@" >/dev/null 2>&1 ||
		fail "pxe under strace failed"
	grep -v ENOENT "$t/trace" | sed -n 's/.*open[at]*(.*"\(.*\)", .*/\1/p' >"$t/opened"
}

# traced: pxe with TRACE=yes.
traced() { TRACE=yes; pxe; TRACE=no; }

tools=$(ls "$XENINFN_B"/rpm/xeninfn-tools-*.rpm)
settle "$rpms"/* $tools

# The first run vets every package: librpm reads its configuration.
traced
grep -q '^/usr/lib/rpm/' "$t/opened" || fail "the first run did not read /usr/lib/rpm"
grep -q "^$rpms/xen-3.1.2" "$t/opened" || fail "the first run did not read the RPMs"
[ "$(grep -c . "$cache/rpm-vetted")" -eq 5 ] ||
	fail "rpm-vetted does not hold 4 records: $(cat "$cache/rpm-vetted")"
pass "the first run vetted and recorded the 4 packages"

# The second: from the record, neither the RPMs nor librpm's files.
traced
if grep -E '^/usr/lib/rpm/|\.rpm$' "$t/opened"; then
	fail "the second run opened the files above"
fi
pass "an unchanged run opened no RPM and nothing under /usr/lib/rpm"
pxe -v 2>"$t/err" || fail "pxe -v failed: $(cat "$t/err")"
[ "$(grep -c 'vetted before, unchanged' "$t/err")" -eq 4 ] ||
	fail "not every package was taken from the record: $(cat "$t/err")"

# A damaged record: ignored, everything vetted again, written anew.
printf 'xeninfn-rpm-vetted 1\nnot a record\n' >"$cache/rpm-vetted"
pxe -v 2>"$t/err" || fail "pxe with a damaged record failed: $(cat "$t/err")"
! grep -q 'vetted before' "$t/err" || fail "a damaged record was used"
[ "$(grep -c . "$cache/rpm-vetted")" -eq 5 ] || fail "rpm-vetted not written anew"
pass "a damaged record is ignored and written anew"

# xen replaced (same name, same size class) by the one signed with another
# key: vetted again and refused, and again on the next run.
cp "$fx/rpm-refusals/otherkey/xen-3.1.2-1.xeninfn.fixture.x86_64.rpm" "$rpms/"
settle "$rpms"/*
for run in 1 2; do
	expect_fail "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm: signed by key" pxe
	grep -qF "which is not in xen.gpg_keys" "$t/stderr" || fail "run $run: no key message"
done
finish
