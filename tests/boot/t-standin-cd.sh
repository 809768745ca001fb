#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The stand-in installer of the fixture mirror, booted from a hand-made
# hybrid ISO as a CD with ks=cdrom:/ks.cfg: it must find the kickstart on
# the CD, report exactly its sha256 and url line, and run both %pre
# sections with their exit codes, then its %post.  (It stands in for the SL 5.1 installer
# images, which cannot be had here.)
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require

ks=$XENINFN_SRC/tests/boot/standin-ks.cfg
log=$XENINFN_TMP/serial.log
standin_boot boot_cd "$ks" "ks=cdrom:/ks.cfg console=ttyS0" "$log" || exit 1

expect_match cmdline "$(standin_value "$log" cmdline)" "*initrd=initrd.img ks=cdrom:/ks.cfg console=ttyS0*"
expect_eq ks-source "$(standin_value "$log" ks-source)" "cdrom:/ks.cfg"
expect_eq ks-sha256 "$(standin_value "$log" ks-sha256)" "$(sha256sum <"$ks" | cut -d' ' -f1)"
expect_eq ks-url "$(standin_value "$log" ks-url)" "--url http://10.0.2.100:8080/sl51/"
expect_eq "pre[0] exit" "$(standin_value "$log" "pre[0] exit")" 3
expect_eq "pre[1] exit" "$(standin_value "$log" "pre[1] exit")" 0
expect_eq "pre[1] output" "$(tr -d '\r' <"$log" | sed -n 's/^XENINFN-STANDIN-OUT\[1\]: //p')" \
	"second pre section saw 5.1"
expect_eq "no pre[2]" "$(standin_value "$log" "pre[2] exit")" ""
expect_eq include "$(standin_value "$log" include)" /tmp/ks-part
expect_eq packages "$(standin_value "$log" packages)" started
expect_eq "post[0] exit" "$(standin_value "$log" "post[0] exit")" 0
expect_eq "post[0] output" "$(tr -d '\r' <"$log" | sed -n 's/^XENINFN-STANDIN-POSTOUT\[0\]: //p')" \
	"post section ran in /mnt/sysimage"
expect_eq error "$(standin_error "$log")" ""
grep -aq '^XENINFN-STANDIN: done' "$log" || { echo "FAIL: no done line"; FAILS=$((FAILS + 1)); }
[ "$FAILS" -eq 0 ]
