# SPDX-License-Identifier: GPL-2.0-or-later
# The boot tests (tests/boot/t-*.sh, through tests/boot/lib.sh) make their
# own media for the stand-in installer and need the host's syslinux files.
export ISOLINUX_BIN ISOHDPFX_BIN PXELINUX_0 SYSLINUX_MODULES_DIR
