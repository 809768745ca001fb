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
# runs lvm pvcreate/vgcreate/lvcreate on partitions of image files; the
# disk of a XenINFN install also has its ext3 /boot (mkfs.ext3 on the
# host), which is XenINFN's and no reason to refuse.  What is not
# XenINFN's is t-iso-foreign.sh's.
. "$XENINFN_SRC/tests/boot/lib.sh"
. "$XENINFN_SRC/tests/boot/disks.sh"
boot_require

T=$XENINFN_TMP
blank=$T/blank.img keep=$T/keep.img orphan=$T/orphan.img
truncate -s 64M "$blank"
if ! mbr_image "$keep" 64 || ! mbr_image "$orphan" 72 || ! ext3_part "$keep"; then
	echo "FAIL: cannot write the disk images"
	exit 1
fi

# The first boot: keep.img gets vg_dom0 on its partition 2 with root and
# swap and vg_guests on 3 with one guest volume; orphan.img only
# vg_guests on 3.  The kernel names the two disks in the order its
# parallel probes end, so the %pre finds each by its size (64 and 72 MiB)
# and gives lvm a filter per disk, since both hold a vg_guests.
cat >"$T/prep.ks" <<'EOF2'
%pre
set -e
disk_of() {
	for d in sda sdb sdc sdd; do
		[ "$(cat /sys/block/$d/size 2>/dev/null)" = "$1" ] && { echo $d; return 0; }
	done
	echo "no disk of $1 sectors" >&2
	return 1
}
k=$(disk_of 131072)
o=$(disk_of 147456)
on() { d=$1; shift; lvm "$@" --config "devices { filter = [ \"a|^/dev/$d|\", \"r|.*|\" ] }"; }
on $k pvcreate -y -ff /dev/${k}2 /dev/${k}3
on $k vgcreate vg_dom0 /dev/${k}2
on $k vgcreate vg_guests /dev/${k}3
on $k lvcreate -an -Zn -L 8m -n root vg_dom0
on $k lvcreate -an -Zn -L 4m -n swap vg_dom0
on $k lvcreate -an -Zn -L 8m -n guest1 vg_guests
on $o pvcreate -y -ff /dev/${o}3
on $o vgcreate vg_guests /dev/${o}3
on $o lvcreate -an -Zn -L 8m -n guest1 vg_guests
on $k pvs --noheadings -o pv_name,vg_name
on $o pvs --noheadings -o pv_name,vg_name
echo "prepared keep=$k orphan=$o"
EOF2
prep_boot "$T/prep.ks" -drive "file=$keep,format=raw,if=ide,index=1" \
	-drive "file=$orphan,format=raw,if=ide,index=2"

BUILD_OUT=$T/out-keep build_fixture_iso || exit 1
iso_keep=$BUILT_ISO
BUILD_OUT=$T/out-wipe build_fixture_iso -s disk.wipe_guests=yes || exit 1
iso_wipe=$BUILT_ISO

# a. A blank disk: the new layout.
disk_boot blank "$iso_keep" "$blank"
expect_new_layout blank
expect_has "blank: ks-part" "$(ks_part "$T/blank.log")" '^volgroup vg_guests pv\.guests_sda$'

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
expect_hasnt "keep: console" "$(console "$T/keep.log")" "not XenINFN's"

# c. vg_guests without vg_dom0: refused, and no /tmp/ks-part.
disk_boot orphan "$iso_keep" "$orphan"
expect_refused orphan
expect_has "orphan: console" "$(console "$T/orphan.log")" \
	'NOT INSTALLING: .*vg_guests but no vg_dom0; refusing to guess'

# d. wipe_guests=yes on the disk of b: announced, then the new layout.
disk_boot wipe "$iso_wipe" "$keep"
expect_has "wipe: console" "$(console "$T/wipe.log")" \
	'guest volume group vg_guests on /dev/sda3 WILL BE ERASED'
expect_hasnt "wipe: console" "$(console "$T/wipe.log")" '/dev/sda1'
expect_new_layout wipe

[ "$FAILS" -eq 0 ]
