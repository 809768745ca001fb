#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A PXE tree made by `xeninfn pxe` boots under qemu (pxelinux from qemu's
# built-in TFTP, the kickstart over HTTP through guestfwd): a guest with
# the MAC of an inventory host gets that host's kickstart, one with an
# unknown MAC gets the default menu and ks/default.ks.  The stand-in
# installer of tests/fixtures stands in for the SL 5.1 images (they cannot
# be had here) and reports the sha256 of the kickstart it fetched.
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require
. "$XENINFN_SRC/tests/pxe/lib.sh"

out=$XENINFN_TMP/tree
hosts=$XENINFN_TMP/hosts.csv
cat >"$hosts" <<EOF2
hostname,mac,ip,netmask,gateway
known1,52:54:00:5b:00:01,10.0.2.51,255.255.255.0,10.0.2.2
EOF2
pxe "$out" --hosts "$hosts"
sha() { sha256sum <"$1" | cut -d' ' -f1; }

log=$XENINFN_TMP/serial-known.log
boot_pxe "$out/tftp" pxelinux.0 52:54:00:5b:00:01 "$out/http" "$log" || exit 1
expect_match cmdline "$(standin_value "$log" cmdline)" \
	"*ks=$HTTP_URL/ks/known1.ks ksdevice=bootif ip=10.0.2.51 *BOOTIF=01-52-54-00-5b-00-01*"
expect_eq ks-sha256 "$(standin_value "$log" ks-sha256)" "$(sha "$out/http/ks/known1.ks")"
expect_eq "server log" "$(head -n 1 "$log.http")" "GET /ks/known1.ks 200"

log=$XENINFN_TMP/serial-unknown.log
boot_pxe "$out/tftp" pxelinux.0 52:54:00:5b:00:99 "$out/http" "$log" || exit 1
expect_match cmdline "$(standin_value "$log" cmdline)" \
	"*ks=$HTTP_URL/ks/default.ks ksdevice=bootif *BOOTIF=01-52-54-00-5b-00-99*"
expect_eq ks-sha256 "$(standin_value "$log" ks-sha256)" "$(sha "$out/http/ks/default.ks")"
expect_eq "server log" "$(head -n 1 "$log.http")" "GET /ks/default.ks 200"
[ "$FAILS" -eq 0 ]
