#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# floor.sh DIR ISO: the floor of a build, the pipeline a hand-made script
# would run on the staged tree DIR: xorriso with the options `xeninfn
# build` gives it (builder/iso.c), implantisomd5, sha256sum.
set -eu
"${XORRISO:-xorriso}" -as mkisofs -quiet -o "$2" -V XENINFN-BENCH \
	-A "XenINFN bench" -r -J -joliet-long \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
	-boot-load-size 4 -boot-info-table \
	-isohybrid-mbr "${ISOHDPFX_BIN:-/usr/lib/ISOLINUX/isohdpfx.bin}" \
	--modification-date=2007110300000000 "$1"
"${IMPLANTISOMD5:-implantisomd5}" --force "$2" >/dev/null
sha256sum "$2" >/dev/null
