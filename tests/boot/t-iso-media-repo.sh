#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kickstart's %pre finds the XenINFN repository on the install media
# itself, whether the image is in a CD drive or written to a disk (a USB
# stick, which the installer sees as a disk); it writes the repo line the
# kickstart %includes.  The stand-in installer stands in for the SL 5.1
# installer images, which cannot be had here.
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require
build_fixture_iso || exit 1
rc=0
for how in boot_cd boot_disk; do
	log=$XENINFN_TMP/$how.log
	"$how" "$BUILT_ISO" "$log" -cpu qemu64,+svm || exit 1
	grep 'XENINFN-STANDIN' "$log" | sed "s/^/$how: /"
	# %pre 0 is the CPU check, %pre 1 finds the media's repository.
	if [ "$(standin_value "$log" 'pre[0] exit')" != 0 ] ||
	   [ "$(standin_value "$log" 'pre[1] exit')" != 0 ]; then
		echo "FAIL: $how: the media's repository was not found"
		rc=1
	fi
	grep -q 'xeninfn repository is on' "$log" ||
		{ echo "FAIL: $how: no word of the repository"; rc=1; }
done
exit $rc
