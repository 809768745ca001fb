#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kickstart's partitioning %pre (snippets/pre-disks.ks, the third
# %pre) under qemu, with a target disk on the second IDE channel (sda; the
# CD is sr0): a blank disk gets the new layout; a disk holding vg_dom0 and
# vg_guests gets a reinstall of dom0 only (--useexisting/--noformat, the
# guests not named); guests without vg_dom0 are refused; with
# disk.wipe_guests=yes the wipe is announced and the new layout written.
# The stand-in installer stands in for the SL 5.1 installer images, which
# cannot be had here; like their stage2 it has lvm (Debian's lvm 2.03,
# where anaconda 11.1's stage2 has lvm 2.02).  The disks with volume
# groups are made without root by a first boot of the stand-in whose %pre
# runs lvm pvcreate/vgcreate/lvcreate on partitions of image files.
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require

T=$XENINFN_TMP
DISKS_PRE=2	# %pre 0 checks the CPU, 1 finds the media's repository

# mbr_image FILE: a 64 MiB disk image with an MBR partition table:
# 1 (8 MiB, Linux: /boot), 2 (20 MiB, LVM: dom0), 3 (the rest, LVM:
# guests).  Written by python3, so that no sfdisk (or root) is needed.
mbr_image() {
	python3 - "$1" <<'EOF'
import struct, sys
size = 64 << 20
parts = [(0x83, 2048, 16384), (0x8e, 18432, 40960), (0x8e, 59392, (size >> 9) - 59392)]
mbr = bytearray(512)
for i, (kind, start, count) in enumerate(parts):
    # CHS fields set to the "use LBA" maximum, as current tools write them
    mbr[446 + 16 * i:462 + 16 * i] = struct.pack('<B3sB3sII', 0, b'\xfe\xff\xff', kind, b'\xfe\xff\xff', start, count)
mbr[510:512] = b'\x55\xaa'
with open(sys.argv[1], 'wb') as f:
    f.write(mbr)
    f.truncate(size)
EOF
}

# disk_args FILE: the qemu arguments of FILE as the first IDE disk (sda),
# its changes thrown away when the guest stops.
disk_args() {
	echo "-drive file=$1,format=raw,if=ide,index=1,snapshot=on"
}

blank=$T/blank.img keep=$T/keep.img orphan=$T/orphan.img
truncate -s 64M "$blank"
if ! mbr_image "$keep" || ! mbr_image "$orphan"; then
	echo "FAIL: cannot write the disk images"
	exit 1
fi

# The first boot: keep.img (sda) gets vg_dom0 on sda2 with root and swap
# and vg_guests on sda3 with one guest volume; orphan.img (sdb) only
# vg_guests on sdb3.  A filter per disk, since both hold a vg_guests.
cat >"$T/prep.ks" <<'EOF'
%pre
on() { d=$1; shift; lvm "$@" --config "devices { filter = [ \"a|^/dev/$d|\", \"r|.*|\" ] }"; }
set -e
on sda pvcreate -y -ff /dev/sda2 /dev/sda3
on sda vgcreate vg_dom0 /dev/sda2
on sda vgcreate vg_guests /dev/sda3
on sda lvcreate -an -Zn -L 8m -n root vg_dom0
on sda lvcreate -an -Zn -L 4m -n swap vg_dom0
on sda lvcreate -an -Zn -L 8m -n guest1 vg_guests
on sdb pvcreate -y -ff /dev/sdb3
on sdb vgcreate vg_guests /dev/sdb3
on sdb lvcreate -an -Zn -L 8m -n guest1 vg_guests
on sda pvs --noheadings -o pv_name,vg_name
on sdb pvs --noheadings -o pv_name,vg_name
echo prepared
EOF
standin_boot boot_cd "$T/prep.ks" "ks=file:/ks.cfg console=ttyS0" "$T/prep.log" \
	-drive "file=$keep,format=raw,if=ide,index=1" \
	-drive "file=$orphan,format=raw,if=ide,index=2" || exit 1
if [ "$(standin_value "$T/prep.log" 'pre[0] exit')" != 0 ] ||
   ! grep -q '^XENINFN-STANDIN-OUT\[0\]: prepared' "$T/prep.log"; then
	echo "FAIL: could not make the volume groups on the disk images"
	exit 1
fi

BUILD_OUT=$T/out-keep build_fixture_iso || exit 1
iso_keep=$BUILT_ISO
BUILD_OUT=$T/out-wipe build_fixture_iso -s disk.wipe_guests=yes || exit 1
iso_wipe=$BUILT_ISO

# console LOG: the output of the partitioning %pre.
console() {
	tr -d '\r' <"$1" | sed -n "s/^XENINFN-STANDIN-OUT\[$DISKS_PRE\]: //p"
}
# ks_part LOG: /tmp/ks-part as the stand-in read it for the %include.
ks_part() {
	tr -d '\r' <"$1" | sed -n 's|^XENINFN-STANDIN-INCLUDE\[/tmp/ks-part\]: ||p'
}
# expect_has WHAT TEXT PATTERN / expect_hasnt: a line of TEXT matches
# (or none does) the grep -E PATTERN.
expect_has() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		echo "ok: $1 has /$3/"
	else
		echo "FAIL: $1 has no line matching /$3/"
		FAILS=$((FAILS + 1))
	fi
}
expect_hasnt() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		echo "FAIL: $1 has a line matching /$3/"
		FAILS=$((FAILS + 1))
	else
		echo "ok: $1 has no /$3/"
	fi
}

# disk_boot NAME ISO DISK: boots ISO as a CD with DISK as sda.
disk_boot() {
	# shellcheck disable=SC2046 # one qemu argument per word
	boot_cd "$2" "$T/$1.log" -cpu qemu64,+svm $(disk_args "$3") || exit 1
	echo "info: $1: %pre $DISKS_PRE printed:"
	console "$T/$1.log" | sed 's/^/  /'
}

# a. A blank disk: the new layout.
disk_boot blank "$iso_keep" "$blank"
expect_eq "blank: pre[$DISKS_PRE] exit" "$(standin_value "$T/blank.log" "pre[$DISKS_PRE] exit")" 0
expect_has "blank: console" "$(console "$T/blank.log")" 'new layout on sda'
part=$(ks_part "$T/blank.log")
expect_has "blank: ks-part" "$part" '^clearpart --all --initlabel --drives=sda$'
expect_has "blank: ks-part" "$part" '^volgroup vg_guests pv\.guests_sda$'
expect_eq "blank: stand-in error" "$(standin_error "$T/blank.log")" ""

# b. vg_dom0 and vg_guests: reinstall dom0, keep the guests.
disk_boot keep "$iso_keep" "$keep"
expect_eq "keep: pre[$DISKS_PRE] exit" "$(standin_value "$T/keep.log" "pre[$DISKS_PRE] exit")" 0
expect_has "keep: console" "$(console "$T/keep.log")" \
	'reinstalling dom0 on sda1 and vg_dom0; keeping the guest volume group vg_guests on /dev/sda3$'
part=$(ks_part "$T/keep.log")
expect_has "keep: ks-part" "$part" '^clearpart --none$'
expect_has "keep: ks-part" "$part" '^part /boot --fstype=ext3 --onpart=sda1$'
expect_has "keep: ks-part" "$part" '^volgroup vg_dom0 --useexisting --noformat$'
expect_has "keep: ks-part" "$part" '^logvol / .*--vgname=vg_dom0 --name=root --useexisting$'
expect_has "keep: ks-part" "$part" '^logvol swap .*--vgname=vg_dom0 --name=swap --useexisting$'
expect_hasnt "keep: ks-part" "$part" 'vg_guests|clearpart --all|--initlabel'
expect_eq "keep: stand-in error" "$(standin_error "$T/keep.log")" ""

# c. vg_guests without vg_dom0: refused, and no /tmp/ks-part.
disk_boot orphan "$iso_keep" "$orphan"
rc=$(standin_value "$T/orphan.log" "pre[$DISKS_PRE] exit")
expect_match "orphan: pre[$DISKS_PRE] exit" "$rc" '[1-9]*'
expect_has "orphan: console" "$(console "$T/orphan.log")" \
	'NOT INSTALLING: .*vg_guests but no vg_dom0; refusing to guess'
expect_eq "orphan: ks-part" "$(ks_part "$T/orphan.log")" ""
expect_match "orphan: error" "$(standin_error "$T/orphan.log")" "*%pre section $DISKS_PRE failed*"

# d. wipe_guests=yes on the disk of b: announced, then the new layout.
disk_boot wipe "$iso_wipe" "$keep"
expect_eq "wipe: pre[$DISKS_PRE] exit" "$(standin_value "$T/wipe.log" "pre[$DISKS_PRE] exit")" 0
expect_has "wipe: console" "$(console "$T/wipe.log")" \
	'guest volume group vg_guests on /dev/sda3 WILL BE ERASED'
expect_has "wipe: console" "$(console "$T/wipe.log")" 'new layout on sda'
part=$(ks_part "$T/wipe.log")
expect_has "wipe: ks-part" "$part" '^clearpart --all --initlabel --drives=sda$'
expect_hasnt "wipe: ks-part" "$part" 'useexisting|noformat'

[ "$FAILS" -eq 0 ]
