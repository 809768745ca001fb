#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The %post's kernel-xen block, as `xeninfn render` writes it, run against
# a real rpm database (rpm --justdb into a scratch --dbpath, with the
# fixture mirror's kernel-xen RPMs): it logs the kernel-xen installed and
# sets fail=1 with an ERROR line when none is 2.6.18-53.1.6 or later.
set -u
: "${XENINFN:?run through make check}"
MIRROR=$XENINFN_B/fixtures/mirror
T=$XENINFN_TMP
KEEP_GOING=yes
. "$XENINFN_SRC/tests/lib.sh"
command -v rpm >/dev/null || { echo "rpm not installed"; exit 77; }

"$XENINFN" render >"$T/ks" 2>/dev/null || { echo "FAIL: render"; exit 1; }
# From the block's first line to the helpers' `set -x`.
sed -n '/^# kernel-xen: /,/^set -x$/p' "$T/ks" | sed '$d' >"$T/block.sh"
grep -q '^xeninfn_vercmp() {' "$T/block.sh" || { echo "FAIL: no kernel-xen block in %post"; exit 1; }

# An `rpm` that reads the scratch database.
mkdir -p "$T/bin"
real_rpm=$(command -v rpm)
printf '#!/bin/sh\nexec %s --dbpath "$XENINFN_RPMDB" "$@"\n' "$real_rpm" >"$T/bin/rpm"
chmod +x "$T/bin/rpm"

# run NAME RPM...: installs RPM... into a fresh database, runs the block
# with sh and bash; prints its output to $T/NAME.out, "fail=N" last.
run() {
	name=$1; shift
	db=$T/db-$name
	mkdir -p "$db"
	"$real_rpm" --dbpath "$db" --initdb || { fail "$name: rpm --initdb"; return; }
	# --replacefiles: the fixtures' stand-in files collide where real
	# kernels (installed side by side) do not.
	[ $# -eq 0 ] || "$real_rpm" --dbpath "$db" -i --justdb --nodeps \
		--noscripts --ignorearch --replacefiles "$@" 2>"$T/rpm.err" ||
		{ cat "$T/rpm.err"; fail "$name: rpm -i --justdb failed"; return; }
	for shell in sh bash; do
		command -v "$shell" >/dev/null || continue
		XENINFN_RPMDB=$db PATH=$T/bin:$PATH "$shell" -c \
			'fail=0; . "$1"; echo "fail=$fail"' sh "$T/block.sh" \
			>"$T/$name.$shell.out" 2>&1
	done
	cp "$T/$name.sh.out" "$T/$name.out"
	if command -v bash >/dev/null && ! cmp -s "$T/$name.sh.out" "$T/$name.bash.out"; then
		fail "$name: sh and bash differ"
	fi
	sed 's/^/    /' "$T/$name.out"
}
old=$MIRROR/SL/kernel-xen-2.6.18-53.el5.x86_64.rpm
new=$MIRROR/updates/security/kernel-xen-2.6.18-53.1.6.el5.x86_64.rpm

run errata "$new"
grep -qx 'XenINFN: kernel-xen 2.6.18-53.1.6.el5 is installed' "$T/errata.out" || fail "errata: not logged"
tail -n 1 "$T/errata.out" | grep -qx 'fail=0' || fail "errata: the block failed"
! grep -q ERROR "$T/errata.out" || fail "errata: an ERROR"

run old "$old"
grep -qx 'XenINFN: kernel-xen 2.6.18-53.el5 is installed' "$T/old.out" || fail "old: not logged"
grep -q '^XenINFN: ERROR: no kernel-xen 2.6.18-53.1.6 or later is installed (kernel-xen-2.6.18-53.el5.x86_64): ' \
	"$T/old.out" || fail "old: no ERROR naming the requirement and what is installed"
tail -n 1 "$T/old.out" | grep -qx 'fail=1' || fail "old: fail is not set"

run both "$old" "$new"
tail -n 1 "$T/both.out" | grep -qx 'fail=0' || fail "both: the newer one should do"
[ "$(grep -c 'is installed$' "$T/both.out")" -eq 2 ] || fail "both: not both logged"

run none
grep -q '^XenINFN: ERROR: no kernel-xen 2.6.18-53.1.6 or later' "$T/none.out" || fail "none: no ERROR"
tail -n 1 "$T/none.out" | grep -qx 'fail=1' || fail "none: fail is not set"

[ "$failures" -eq 0 ] && echo "post kernel-xen: ok"
finish
