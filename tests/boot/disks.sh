# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Shell functions of the boot tests of the kickstart's partitioning %pre
# (snippets/pre-disks.ks): t-iso-disks.sh and t-iso-foreign.sh.  Source
# it after lib.sh.  Every disk image a case boots is attached with
# snapshot=on, so no case sees what another one wrote; each script makes
# its images in its own $XENINFN_TMP.  A machine gets one disk at a time
# (then it is sda whatever the order the kernel probes in); a boot that
# needs several tells them apart by size, never by name, since the
# kernel names disks in the order its parallel probes end.

DISKS_PRE=2	# %pre 0 checks the CPU, 1 finds the media's repository

# mbr_image FILE MIB: a disk image of MIB MiB with an MBR partition table:
# 1 (8 MiB, Linux: /boot), 2 (20 MiB, LVM: dom0), 3 (the rest, LVM:
# guests).  Written by python3, so that no sfdisk (or root) is needed.
mbr_image() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
size = int(sys.argv[2]) << 20
parts = [(0x83, 2048, 16384), (0x8e, 18432, 40960), (0x8e, 59392, (size >> 9) - 59392)]
mbr = bytearray(512)
for i, (kind, start, count) in enumerate(parts):
    # CHS fields set to the "use LBA" maximum, as current tools write them
    mbr[446 + 16 * i:462 + 16 * i] = struct.pack('<B3sB3sII', 0, b'\xfe\xff\xff', kind, b'\xfe\xff\xff', start, count)
mbr[510:512] = b'\x55\xaa'
with open(sys.argv[1], 'wb') as f:
    f.write(mbr)
    f.truncate(size)
PY
}

# disk_args FILE: the qemu arguments of FILE as the only IDE disk (sda),
# its changes thrown away when the guest stops.
disk_args() {
	echo "-drive file=$1,format=raw,if=ide,index=1,snapshot=on"
}

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

# disk_boot NAME ISO DISK: boots ISO as a CD with DISK as sda, on a CPU
# the kickstart's CPU check accepts; the log is $T/NAME.log.
disk_boot() {
	# shellcheck disable=SC2046 # one qemu argument per word
	boot_cd "$2" "$T/$1.log" -cpu qemu64,+svm $(disk_args "$3") || exit 1
	echo "info: $1: %pre $DISKS_PRE printed:"
	console "$T/$1.log" | sed 's/^/  /'
}

# expect_refused NAME: the case's %pre refused (exit non-zero, the
# install stopped there) and wrote no /tmp/ks-part.
expect_refused() {
	expect_match "$1: pre[$DISKS_PRE] exit" \
		"$(standin_value "$T/$1.log" "pre[$DISKS_PRE] exit")" '[1-9]*'
	expect_eq "$1: ks-part" "$(ks_part "$T/$1.log")" ""
	expect_match "$1: error" "$(standin_error "$T/$1.log")" \
		"*%pre section $DISKS_PRE failed*"
}

# expect_new_layout NAME: the case's %pre chose the new layout, which
# clears sda.
expect_new_layout() {
	expect_eq "$1: pre[$DISKS_PRE] exit" \
		"$(standin_value "$T/$1.log" "pre[$DISKS_PRE] exit")" 0
	expect_has "$1: console" "$(console "$T/$1.log")" 'new layout on sda'
	part=$(ks_part "$T/$1.log")
	expect_has "$1: ks-part" "$part" '^clearpart --all --initlabel --drives=sda$'
	expect_hasnt "$1: ks-part" "$part" 'useexisting|noformat'
	expect_eq "$1: stand-in error" "$(standin_error "$T/$1.log")" ""
}

# ext3_part FILE: an ext3 file system (mkfs.ext3 of e2fsprogs, on an image
# file, without root) written into partition 1 of the mbr_image FILE.
ext3_part() {
	mkfs.ext3 -q -F "$1.p1" 8M >/dev/null 2>&1 &&
		dd if="$1.p1" of="$1" bs=512 seek=2048 conv=notrunc 2>/dev/null &&
		rm -f "$1.p1"
}

# prep_boot KS [qemu args]: the first boot, which writes volume groups on
# the disk images (the qemu args, attached without snapshot) with the
# stand-in's lvm: a hand-made stand-in ISO with KS, whose only %pre must
# exit 0 after printing "prepared".  Exits the test (1) otherwise.
prep_boot() {
	ks=$1
	shift
	standin_boot boot_cd "$ks" "ks=file:/ks.cfg console=ttyS0" "$T/prep.log" "$@" ||
		exit 1
	if [ "$(standin_value "$T/prep.log" 'pre[0] exit')" != 0 ] ||
	   ! grep -q '^XENINFN-STANDIN-OUT\[0\]: prepared' "$T/prep.log"; then
		echo "FAIL: could not make the volume groups on the disk images:"
		tr -d '\r' <"$T/prep.log" | grep '^XENINFN-STANDIN' | sed 's/^/  /'
		exit 1
	fi
}
