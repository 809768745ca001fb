#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The rendered kickstart's first %pre runs xeninfn-vtcheck before any disk
# is touched.  The ISO built from the fixture mirror is booted twice under
# qemu into the stand-in installer (it stands in for the SL 5.1 installer
# images, which cannot be had here; it runs %pre like anaconda 11.1 and
# honours --erroronfail): with AMD-V in the emulated CPU the check passes
# (pre[0] exit=0); without VT-x/AMD-V it exits 4, the refusal and its
# reason show on the console, and no later %pre (partitioning) runs.
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require

build_fixture_iso || exit 1

log=$XENINFN_TMP/svm.log
boot_cd "$BUILT_ISO" "$log" -cpu qemu64,+svm || { echo "FAIL: boot with svm"; exit 1; }
# anaconda 11.1 reads %include in the command section, and so does the
# stand-in: any error of its own (an "unknown section %include" among
# them) is a failure, never a reason to skip.
expect_eq "with svm: stand-in error" "$(standin_error "$log")" ""
expect_eq "with svm: pre[0] exit" "$(standin_value "$log" "pre[0] exit")" 0
grep -aq 'hardware virtualization: installing' "$log" ||
	{ echo "FAIL: with svm: no go-ahead on the console"; FAILS=$((FAILS + 1)); }

log=$XENINFN_TMP/novt.log
boot_cd "$BUILT_ISO" "$log" -cpu qemu64,-svm,-vmx || { echo "FAIL: boot without vt"; exit 1; }
expect_eq "without vt: pre[0] exit" "$(standin_value "$log" "pre[0] exit")" 4
expect_eq "without vt: no later %pre" "$(standin_value "$log" "pre[1] exit")" ""
grep -aq 'XenINFN: NOT INSTALLING: this CPU has no hardware virtualization' "$log" ||
	{ echo "FAIL: without vt: the refusal is not on the console"; FAILS=$((FAILS + 1)); }
grep -aq 'no disk has been touched' "$log" ||
	{ echo "FAIL: without vt: no word about the disks"; FAILS=$((FAILS + 1)); }
[ "$FAILS" -eq 0 ] || { tr -d '\r' <"$log" | tail -n 30; exit 1; }
