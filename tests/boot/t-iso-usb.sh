#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The same ISO file `xeninfn build` makes, written to a USB stick: SeaBIOS
# boots it through the isohybrid MBR, and the stand-in installer (standing
# in for the SL 5.1 installer images) gets exactly the rendered kickstart
# from the initrd (ks=file:/ks.cfg), with no CD drive in the machine.
. "$XENINFN_SRC/tests/boot/lib.sh"
built_iso_test boot_usb
