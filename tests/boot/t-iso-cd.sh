#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The ISO `xeninfn build` makes from the fixture mirror boots under qemu
# as a CD, and its default entry hands the installer exactly the kickstart
# the build rendered (the stand-in installer of the fixture mirror, which
# stands in for the SL 5.1 installer images, reports its sha256).
. "$XENINFN_SRC/tests/boot/lib.sh"
built_iso_test boot_cd
