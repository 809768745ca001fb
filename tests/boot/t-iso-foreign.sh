#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kickstart's partitioning %pre (snippets/pre-disks.ks) under qemu
# never clears a disk that holds data that is not XenINFN's unless told
# to: a disk with an ext3 file system in partition 1 (mkfs.ext3 on the
# host) and a disk with the volume group vg_other (made by a first boot of
# the stand-in, whose %pre runs lvm, as in t-iso-disks.sh) are refused,
# the console listing what was found; disk.wipe_foreign = yes in the
# profile, or the boot menu's "wipe" entry (xeninfn.wipe=all; never the
# default), announces the erasure and writes the new layout.  The wipe
# entry is booted with the append line, kernel and initrd of the built
# ISO's isolinux.cfg (qemu's direct kernel boot: a menu choice cannot be
# typed into a boot deterministically).  The stand-in installer stands in
# for the SL 5.1 installer images, which cannot be had here.
. "$XENINFN_SRC/tests/boot/lib.sh"
. "$XENINFN_SRC/tests/boot/disks.sh"
boot_require

T=$XENINFN_TMP
fext3=$T/ext3.img fvg=$T/vg.img
if ! mbr_image "$fext3" 64 || ! ext3_part "$fext3" || ! mbr_image "$fvg" 64; then
	echo "FAIL: cannot write the disk images (mkfs.ext3 is in e2fsprogs)"
	exit 1
fi

# The first boot: vg_other, with one volume, on partition 2 of vg.img
# (the only disk of that machine: sda).
cat >"$T/prep.ks" <<'EOF2'
%pre
set -e
lvm pvcreate -y -ff /dev/sda2
lvm vgcreate vg_other /dev/sda2
lvm lvcreate -an -Zn -L 8m -n data vg_other
lvm pvs --noheadings -o pv_name,vg_name
echo prepared
EOF2
prep_boot "$T/prep.ks" -drive "file=$fvg,format=raw,if=ide,index=1"

BUILD_OUT=$T/out build_fixture_iso || exit 1
iso=$BUILT_ISO
BUILD_OUT=$T/out-wipe build_fixture_iso -s disk.wipe_foreign=yes || exit 1
iso_wipe=$BUILT_ISO

# a. A foreign ext3 file system: refused, and listed.
disk_boot ext3 "$iso" "$fext3"
expect_refused ext3
out=$(console "$T/ext3.log")
expect_has "ext3: console" "$out" \
	"^XenINFN: NOT INSTALLING: the new layout would erase sda, which hold\\(s\\) data that is not XenINFN's:$"
expect_has "ext3: console" "$out" '^XenINFN:   /dev/sda1: an ext2/ext3 file system$'
expect_has "ext3: console" "$out" 'no disk has been touched.*"Install and wipe all disks" \(xeninfn.wipe=all\).*disk.wipe_foreign = yes'
expect_hasnt "ext3: console" "$out" 'new layout on'

# b. A foreign volume group: refused, and listed.
disk_boot vg "$iso" "$fvg"
expect_refused vg
expect_has "vg: console" "$(console "$T/vg.log")" '^XenINFN:   /dev/sda2: the LVM volume group vg_other$'

# c. disk.wipe_foreign = yes: the erasure announced, the new layout.
disk_boot wipe-profile "$iso_wipe" "$fext3"
expect_has "wipe-profile: console" "$(console "$T/wipe-profile.log")" \
	'^XenINFN: WILL BE ERASED: /dev/sda1: an ext2/ext3 file system$'
expect_new_layout wipe-profile

# d. The boot menu's wipe entry, on the disk of b.
cfg=$T/isolinux.cfg
if ! "$XORRISO" -osirrox on -indev "$iso" -extract /isolinux/isolinux.cfg "$cfg" \
	-extract /isolinux/vmlinuz "$T/vmlinuz" \
	-extract /isolinux/initrd.img "$T/tree-initrd.img" \
	-extract /isolinux/xeninfn.img "$T/xeninfn.img" >"$T/extract.log" 2>&1; then
	echo "FAIL: cannot extract the boot files from $iso:"
	cat "$T/extract.log"
	exit 1
fi
# The two initrds of the menu (initrd=initrd.img,xeninfn.img) as isolinux
# loads them: one after the other, the second at a 4-byte boundary.
pad=$(( (4 - $(stat -c %s "$T/tree-initrd.img") % 4) % 4 ))
{ cat "$T/tree-initrd.img"; head -c "$pad" /dev/zero; cat "$T/xeninfn.img"; } \
	>"$T/initrd.img"
expect_eq "isolinux.cfg default" "$(sed -n 's/^default //p' "$cfg")" install
append=$(awk '$1 == "label" { w = ($2 == "wipe") } w && $1 == "append" {
	for (i = 2; i <= NF; i++) if ($i !~ /^initrd=/) printf "%s ", $i }' "$cfg")
expect_match "wipe entry" "$append" "*ks=file:/ks.cfg *xeninfn.wipe=all *"
# shellcheck disable=SC2046 # one qemu argument per word
boot_kernel "$T/vmlinuz" "$T/initrd.img" "$append" "$T/wipe-entry.log" \
	-cpu qemu64,+svm \
	-drive "file=$iso,format=raw,if=ide,media=cdrom,readonly=on" \
	$(disk_args "$fvg") || exit 1
out=$(console "$T/wipe-entry.log")
echo "info: wipe-entry: %pre $DISKS_PRE printed:"
echo "$out" | sed 's/^/  /'
expect_match "wipe-entry: cmdline" "$(standin_value "$T/wipe-entry.log" cmdline)" "*xeninfn.wipe=all*"
expect_has "wipe-entry: console" "$out" 'boot option xeninfn.wipe=all is set: EVERYTHING on sda WILL BE ERASED'
expect_has "wipe-entry: console" "$out" '^XenINFN: WILL BE ERASED: /dev/sda2: the LVM volume group vg_other$'
expect_new_layout wipe-entry

[ "$FAILS" -eq 0 ]
