#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The stand-in installer over PXE: pxelinux from qemu's TFTP, the
# kickstart over HTTP through guestfwd.  The first guest boots the
# "default" config (ks=http, ksdevice=bootif with IPAPPEND 2, DHCP); the
# second, with another MAC, gets its own 01-<mac> config (static ip=).
# Both must report exactly the kickstart the server holds, and the server
# must have seen the requests.  The first kickstart's url is the fixture
# mirror, whose stage2 matches the initrd; the second's holds a stage2 of
# another build, which the stand-in, like the EL5 loader, refuses.  (The stand-in stands in for the SL 5.1
# installer images, which cannot be had here.)
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require

ks=$XENINFN_SRC/tests/boot/standin-ks.cfg
tftp=$XENINFN_TMP/tftp
http=$XENINFN_TMP/http
mkdir -p "$tftp/pxelinux.cfg" "$http/hosts"
cp "$PXELINUX_0" "$SYSLINUX_MODULES_DIR/ldlinux.c32" "$tftp/"
cp "$BOOT_MIRROR/images/pxeboot/vmlinuz" "$BOOT_MIRROR/images/pxeboot/initrd.img" "$tftp/"
cp "$ks" "$http/ks.cfg"
ln -s "$BOOT_MIRROR" "$http/sl51"
mkdir -p "$http/other/images"
(cd "$XENINFN_TMP" && printf 'another build\n' >.buildstamp &&
	echo .buildstamp | cpio --quiet -o -H newc) >"$http/other/images/stage2.img"
sed 's|^url .*|url --url http://10.0.2.100:8080/other/|' "$ks" >"$http/hosts/static.cfg"

url=http://$BOOT_HTTP_ADDR:$BOOT_HTTP_PORT
cat >"$tftp/pxelinux.cfg/default" <<EOF2
default ks
prompt 0
label ks
  kernel vmlinuz
  append initrd=initrd.img ks=$url/ks.cfg ksdevice=bootif kssendmac console=ttyS0
  ipappend 2
EOF2
cat >"$tftp/pxelinux.cfg/01-52-54-00-5a-00-02" <<EOF2
default ks
prompt 0
label ks
  kernel vmlinuz
  append initrd=initrd.img ks=$url/hosts/static.cfg ksdevice=52:54:00:5A:00:02 ip=10.0.2.42 netmask=255.255.255.0 gateway=10.0.2.2 dns=10.0.2.3 console=ttyS0
EOF2

log=$XENINFN_TMP/serial-dhcp.log
boot_pxe "$tftp" pxelinux.0 52:54:00:5a:00:01 "$http" "$log" || exit 1
expect_match cmdline "$(standin_value "$log" cmdline)" "*ksdevice=bootif*BOOTIF=01-52-54-00-5a-00-01*"
expect_eq ks-source "$(standin_value "$log" ks-source)" "$url/ks.cfg"
expect_eq ks-sha256 "$(standin_value "$log" ks-sha256)" "$(sha256sum <"$ks" | cut -d' ' -f1)"
expect_eq ks-url "$(standin_value "$log" ks-url)" "--url http://10.0.2.100:8080/sl51/"
expect_eq "pre[1] exit" "$(standin_value "$log" "pre[1] exit")" 0
expect_eq stage2 "$(standin_value "$log" stage2)" match
expect_eq "server log" "$(cat "$log.http")" "GET /ks.cfg 200
GET /sl51/images/stage2.img 200"

log=$XENINFN_TMP/serial-static.log
boot_pxe "$tftp" pxelinux.0 52:54:00:5a:00:02 "$http" "$log" || exit 1
expect_match cmdline "$(standin_value "$log" cmdline)" "*ip=10.0.2.42 *"
expect_eq ks-sha256 "$(standin_value "$log" ks-sha256)" \
	"$(sha256sum <"$http/hosts/static.cfg" | cut -d' ' -f1)"
expect_eq stage2 "$(standin_value "$log" stage2)" mismatch
expect_eq error "$(standin_error "$log")" \
	"http://10.0.2.100:8080/other/images/stage2.img is not from the build of this initrd (.buildstamp differs)"
expect_eq "no %pre after the refusal" "$(standin_value "$log" "pre[0] exit")" ""
[ "$FAILS" -eq 0 ]
