#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A PXE tree made by `xeninfn pxe` boots under qemu (pxelinux from qemu's
# built-in TFTP, the kickstart over HTTP through guestfwd), every guest
# with a bootable local disk attached:
#  - an inventory host gets its own kickstart and reaches the installer
#    (the stand-in of tests/fixtures, which reports the sha256 of the
#    kickstart it fetched: the SL 5.1 images cannot be had here), from
#    two initrds: the tree's, untouched, and xeninfn.img, whose
#    xeninfn-vtcheck the kickstart's first %pre runs (its verdict, either
#    way, is on the console; "missing" would mean it was not loaded);
#  - a machine not in the inventory (pxe.unknown = local, the default)
#    and a host switched with --done boot the local disk;
#  - with pxe.unknown = menu an unknown machine gets the menu and waits:
#    no default, nothing booted.
# The local disk: a FAT file system made with mtools, syslinux's FAT
# installer, and a menu whose title is a marker on the serial console,
# then reboot.c32 (qemu runs with -no-reboot, so the reboot ends it).
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require
. "$XENINFN_SRC/tests/pxe/lib.sh"
command -v syslinux >/dev/null && command -v mformat >/dev/null || {
	echo "no syslinux or mtools (Debian: syslinux, mtools)"
	exit 77
}
MARK=XENINFN-LOCAL-DISK

# The local disk: 8 MiB of FAT16, no partition table (SeaBIOS and
# chain.c32 boot its first sector, syslinux's).
disk=$XENINFN_TMP/disk.img
mods=$SYSLINUX_MODULES_DIR
dd if=/dev/zero of="$disk" bs=1M count=8 2>/dev/null
mformat -i "$disk" -t 16 -h 16 -s 64 -c 8 :: || fail "mformat"
syslinux --install "$disk" || fail "syslinux --install"
printf 'serial 0 115200\nui menu.c32\nmenu title %s\nprompt 0\ntimeout 10\ndefault reboot\nlabel reboot\n  com32 reboot.c32\n' \
	"$MARK" >"$XENINFN_TMP/syslinux.cfg"
mcopy -i "$disk" "$XENINFN_TMP/syslinux.cfg" "$mods/menu.c32" \
	"$mods/libutil.c32" "$mods/libcom32.c32" "$mods/reboot.c32" :: ||
	fail "mcopy"
withdisk="-drive file=$disk,format=raw,if=none,id=d0,snapshot=on
	-device ide-hd,drive=d0,bootindex=1"

out=$XENINFN_TMP/tree
hosts=$XENINFN_TMP/hosts.csv
cat >"$hosts" <<EOF2
hostname,mac,ip,netmask,gateway
known1,52:54:00:5b:00:01,10.0.2.51,255.255.255.0,10.0.2.2
known2,52:54:00:5b:00:02,10.0.2.52,255.255.255.0,10.0.2.2
EOF2
pxe "$out" --hosts "$hosts"
"$XENINFN" pxe --done known2 -o "$out"
sha() { sha256sum <"$1" | cut -d' ' -f1; }

# the inventory host installs
log=$XENINFN_TMP/serial-known.log
# shellcheck disable=SC2086
boot_pxe "$out/tftp" pxelinux.0 52:54:00:5b:00:01 "$out/http" "$log" $withdisk || exit 1
expect_match cmdline "$(standin_value "$log" cmdline)" \
	"*ks=$HTTP_URL/ks/known1.ks ksdevice=bootif ip=10.0.2.51 *BOOTIF=01-52-54-00-5b-00-01*"
expect_eq ks-sha256 "$(standin_value "$log" ks-sha256)" "$(sha "$out/http/ks/known1.ks")"
expect_eq "server log" "$(head -n 1 "$log.http")" "GET /ks/known1.ks 200"
# the tree's initrd is served as it is: the check can only come from
# xeninfn.img, loaded after it
cmp -s "$out/tftp/sl51-x86_64/initrd.img" "$FX/mirror/images/pxeboot/initrd.img" ||
	fail "tftp/sl51-x86_64/initrd.img is not the tree's"
expect_match cmdline-initrd "$(standin_value "$log" cmdline)" \
	"*initrd=sl51-x86_64/initrd.img,sl51-x86_64/xeninfn.img *"
pre=$(tr -d '\r' <"$log" | sed -n 's/^XENINFN-STANDIN-OUT\[[0-9]*\]: //p')
case $pre in
*"missing from the installer"*)
	fail "xeninfn-vtcheck was not in the installer: $pre" ;;
*"XenINFN: NOT INSTALLING: this CPU has no hardware virtualization"*|\
*"XenINFN: this CPU has 64-bit long mode and hardware virtualization"*)
	echo "ok: xeninfn-vtcheck ran from xeninfn.img" ;;
*)	fail "no verdict of xeninfn-vtcheck in the %pre output: $pre" ;;
esac
grep -aq "$MARK" "$log" && fail "known1 booted its local disk"

# an unknown machine and an installed host boot their disks
for mac in 52:54:00:5b:00:99 52:54:00:5b:00:02; do
	log=$XENINFN_TMP/serial-$mac.log
	# shellcheck disable=SC2086
	boot_pxe "$out/tftp" pxelinux.0 "$mac" "$out/http" "$log" $withdisk || exit 1
	grep -aq "$MARK" "$log" || fail "$mac did not boot its local disk: $(tr -d '\r' <"$log" | tail -n 5)"
	[ ! -s "$log.http" ] || fail "$mac fetched from the web server: $(cat "$log.http")"
done

# pxe.unknown = menu: the menu, waiting; nothing boots.  The guest is
# stopped once the menu's last entry is on the console (menu.c32 draws
# the ^hotkey letters apart: the patterns leave them out).
pxe "$out" --hosts "$hosts" -s pxe.unknown=menu
log=$XENINFN_TMP/serial-menu.log
: >"$log"
# shellcheck disable=SC2086
boot_pxe "$out/tftp" pxelinux.0 52:54:00:5b:00:98 "$out/http" "$log" $withdisk \
	-pidfile "$log.pid" >/dev/null 2>&1 &
job=$!
n=0
until grep -aq 'ocal disk' "$log" 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -lt "$((BOOT_TIMEOUT * 2))" ] || break
	kill -0 "$job" 2>/dev/null || break
	sleep 0.5
done
# let a default (there must be none) and any timeout run out
sleep 3
[ -s "$log.pid" ] && kill "$(cat "$log.pid")" 2>/dev/null || :
wait "$job" 2>/dev/null || :
grep -aq 'nstall a XenINFN dom0' "$log" || fail "no install menu: $(tr -d '\r' <"$log" | tail -n 5)"
grep -aq "$MARK" "$log" && fail "the menu booted the local disk by itself"
[ ! -s "$log.http" ] || fail "the menu started an install by itself: $(cat "$log.http")"
[ "$FAILS" -eq 0 ]
