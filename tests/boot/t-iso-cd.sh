#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The ISO `xeninfn build` makes from the fixture mirror boots under qemu
# as a CD, and its default entry hands the installer exactly the kickstart
# the build rendered (the stand-in installer of the fixture mirror, which
# stands in for the SL 5.1 installer images, reports its sha256).
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require
build_fixture_iso || exit 1
log=$XENINFN_TMP/serial.log
# A CPU with AMD-V and long mode, which the kickstart's CPU check accepts.
boot_cd "$BUILT_ISO" "$log" -cpu qemu64,+svm || exit 1
check_built_boot "$log"
[ "$FAILS" -eq 0 ]
