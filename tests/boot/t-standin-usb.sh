#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The stand-in installer from a hand-made hybrid ISO written to a USB
# stick: SeaBIOS boots the stick through the isohybrid MBR, and with
# ks=file:/ks.cfg the stand-in gets exactly the kickstart appended to its
# initrd.  The same stick with ks=cdrom must fail: there is no CD drive,
# which is why USB media use ks=file.  (The stand-in stands in for the
# SL 5.1 installer images, which cannot be had here.)
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require

ks=$XENINFN_SRC/tests/boot/standin-ks.cfg
log=$XENINFN_TMP/serial.log
standin_boot boot_usb "$ks" "ks=file:/ks.cfg console=ttyS0" "$log" || exit 1
expect_eq ks-source "$(standin_value "$log" ks-source)" "file:/ks.cfg"
expect_eq ks-sha256 "$(standin_value "$log" ks-sha256)" "$(sha256sum <"$ks" | cut -d' ' -f1)"
expect_eq ks-url "$(standin_value "$log" ks-url)" "--url http://10.0.2.100:8080/sl51/"
expect_eq "pre[0] exit" "$(standin_value "$log" "pre[0] exit")" 3
expect_eq "done lines" "$(grep -ac '^XENINFN-STANDIN: done' "$log")" 1

log2=$XENINFN_TMP/serial-cdrom.log
standin_boot boot_usb "$ks" "ks=cdrom console=ttyS0" "$log2" || exit 1
expect_match "ks=cdrom from USB" "$(standin_error "$log2")" "ks=cdrom: no CD drive found*"
expect_eq "no sha256 without a kickstart" "$(standin_value "$log2" ks-sha256)" ""
[ "$FAILS" -eq 0 ]
