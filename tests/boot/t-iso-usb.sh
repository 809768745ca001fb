#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The same ISO file `xeninfn build` makes, written to a USB stick: SeaBIOS
# boots it through the isohybrid MBR, and the stand-in installer (standing
# in for the SL 5.1 installer images) gets exactly the rendered kickstart
# from the initrd (ks=file:/ks.cfg), with no CD drive in the machine.
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require
build_fixture_iso || exit 1
log=$XENINFN_TMP/serial.log
# A CPU with AMD-V and long mode, which the kickstart's CPU check accepts.
boot_usb "$BUILT_ISO" "$log" -cpu qemu64,+svm || exit 1
check_built_boot "$log"
[ "$FAILS" -eq 0 ]
