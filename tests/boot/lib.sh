# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Shell functions of the boot tests; source it from a t-*.sh script.
#
# Each boot runs qemu-system-x86_64 in software emulation (TCG) under
# `timeout`, with -no-reboot so that the guest's power-off (or a reboot)
# ends it, and the first serial port written to a log file.  The guest is
# expected to run the stand-in installer of tests/fixtures, which stands in
# for the Scientific Linux 5.1 installer images (they cannot be had here)
# and reports on the serial console, one fact a line:
#	XENINFN-STANDIN: KEY=VALUE
# standin_value reads those back.
#
#   boot_cd ISO LOG [qemu args]         the ISO as an IDE CD-ROM
#   boot_usb ISO LOG [qemu args]        the same file as a USB stick (xHCI)
#   boot_disk ISO LOG [qemu args]       the same file as an IDE hard disk
#   boot_kernel KERNEL INITRD APPEND LOG [qemu args]   direct kernel boot
#   boot_pxe TFTPDIR BOOTFILE MAC HTTPDIR LOG [qemu args]
#       PXE from qemu's built-in TFTP; the guest reaches HTTPDIR as
#       http://10.0.2.100:8080/ through guestfwd to a server on 127.0.0.1
#       (requests logged in LOG.http)
#   standin_value LOG KEY               the value of the first KEY= line
#   standin_error LOG                   the text of the error: line, if any
#   standin_iso OUT KS APPEND           a hand-made ISO of the stand-in
#
# The boot functions return 0 when the guest stopped by itself within
# BOOT_TIMEOUT seconds (default 300), 1 otherwise.  The limit only tells
# a hung guest from a slow one: a boot takes 4-30 s on an idle machine,
# and several times that under software emulation on a busy one.  Extra
# qemu arguments (e.g. -cpu qemu64,+svm) go last and win.

: "${QEMU:=qemu-system-x86_64}"
: "${XORRISO:=xorriso}"
: "${BOOT_TIMEOUT:=300}"
: "${ISOLINUX_BIN:=/usr/lib/ISOLINUX/isolinux.bin}"
: "${ISOHDPFX_BIN:=/usr/lib/ISOLINUX/isohdpfx.bin}"
: "${PXELINUX_0:=/usr/lib/PXELINUX/pxelinux.0}"
: "${SYSLINUX_MODULES_DIR:=/usr/lib/syslinux/modules/bios}"
BOOT_HTTP_ADDR=10.0.2.100
BOOT_HTTP_PORT=8080
BOOT_MIRROR=${XENINFN_B:-build}/fixtures/mirror

# boot_require: exits 77 (skip) when boot tests are off or qemu is
# missing, 1 when the fixture mirror was not built.
boot_require() {
	if [ "${BOOT_TESTS:-yes}" != yes ]; then
		echo "boot tests disabled (BOOT_TESTS=${BOOT_TESTS:-})"
		exit 77
	fi
	command -v "$QEMU" >/dev/null 2>&1 || {
		echo "no $QEMU (Debian: qemu-system-x86; Fedora/EL: qemu-system-x86-core)"
		exit 77
	}
	[ -f "$BOOT_MIRROR/.discinfo" ] || {
		echo "no fixture mirror in $BOOT_MIRROR: run make fixtures"
		exit 1
	}
}

# boot_qemu LOG [qemu args]: runs one guest; see the header for the result.
# -nodefaults: no empty CD drive or NIC that the test did not ask for.
# -icount: the guest's clock advances with the instructions it runs, not
# with the host's wall clock.  Without it a busy host can starve qemu's
# timer thread while the guest kernel checks that the timer interrupt
# works (under load, one or two boots of each suite run panicked with
# "IO-APIC + timer doesn't work"); with it the timer fires between the guest's own
# instructions, whatever else the machine runs.  sleep=on lets an idle
# guest wait in real time (the installer's menu timeout, network waits).
boot_qemu() {
	log=$1
	shift
	: >"$log"
	timeout -k 5 "$BOOT_TIMEOUT" "$QEMU" -nodefaults -machine pc -accel tcg \
		-icount shift=auto,sleep=on -m 512 \
		-no-reboot -display none -monitor none -serial "file:$log" "$@" \
		>"$log.qemu" 2>&1
	rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "boot: no power-off within ${BOOT_TIMEOUT}s; serial log $log ends:"
		tail -n 15 "$log" | tr -d '\r'
		return 1
	fi
	if [ "$rc" -ne 0 ]; then
		echo "boot: $QEMU failed (exit $rc):"
		cat "$log.qemu"
		return 1
	fi
	grep -a '^XENINFN-STANDIN' "$log" | tr -d '\r'
	return 0
}

boot_cd() {
	iso=$1 log=$2
	shift 2
	boot_qemu "$log" -nic none \
		-drive "file=$iso,format=raw,if=ide,media=cdrom,readonly=on" \
		-boot order=d "$@"
}

# A USB stick on an xHCI controller: SeaBIOS boots it through the ISO's
# hybrid MBR.  The stand-in's kernel has no USB storage driver, so, like
# the SL 5.1 loader with many a controller, it cannot read the stick:
# only ks=file: (the kickstart inside the initrd) works from it.
boot_usb() {
	iso=$1 log=$2
	shift 2
	boot_qemu "$log" -nic none -device qemu-xhci,id=xhci \
		-drive "if=none,id=stick,format=raw,file=$iso,readonly=on" \
		-device usb-storage,bus=xhci.0,drive=stick,bootindex=0 "$@"
}

# The image as a plain IDE hard disk (the kernel sees it as sda).
boot_disk() {
	iso=$1 log=$2
	shift 2
	boot_qemu "$log" -nic none \
		-drive "file=$iso,format=raw,if=ide,snapshot=on" -boot order=c "$@"
}

boot_kernel() {
	kernel=$1 initrd=$2 append=$3 log=$4
	shift 4
	boot_qemu "$log" -nic none -kernel "$kernel" -initrd "$initrd" \
		-append "$append" "$@"
}

# httpd_start DIR LOG: starts tests/boot/httpd.py on 127.0.0.1 and sets
# HTTPD_PID and HTTPD_PORT.  Returns 1 when it did not come up in 10 s.
httpd_start() {
	portfile=$(mktemp -u "${XENINFN_TMP:-/tmp}/httpd-port.XXXXXX")
	python3 "${XENINFN_SRC:-.}/tests/boot/httpd.py" "$1" "$portfile" 2>"$2" &
	HTTPD_PID=$!
	n=0
	while [ ! -s "$portfile" ]; do
		n=$((n + 1))
		if [ "$n" -gt 100 ] || ! kill -0 "$HTTPD_PID" 2>/dev/null; then
			echo "boot: the HTTP server did not start:"
			cat "$2"
			return 1
		fi
		sleep 0.1
	done
	HTTPD_PORT=$(cat "$portfile")
	rm -f "$portfile"
}

httpd_stop() {
	[ -n "${HTTPD_PID:-}" ] || return 0
	kill "$HTTPD_PID" 2>/dev/null
	wait "$HTTPD_PID" 2>/dev/null
	HTTPD_PID=""
}

boot_pxe() {
	tftp=$1 bootfile=$2 mac=$3 httpdir=$4 log=$5
	shift 5
	httpd_start "$httpdir" "$log.http" || return 1
	fwd="guestfwd=tcp:$BOOT_HTTP_ADDR:$BOOT_HTTP_PORT-cmd:socat - TCP:127.0.0.1:$HTTPD_PORT"
	boot_qemu "$log" \
		-netdev "user,id=n0,restrict=on,tftp=$tftp,bootfile=$bootfile,$fwd" \
		-device "virtio-net-pci,netdev=n0,mac=$mac,bootindex=0" "$@"
	rc=$?
	httpd_stop
	return "$rc"
}

# standin_value LOG KEY: prints the value of the first
# "XENINFN-STANDIN: KEY=" line (KEY taken literally, e.g. "pre[0] exit");
# returns 1 when there is none.
standin_value() {
	tr -d '\r' <"$1" | awk -v k="XENINFN-STANDIN: $2=" '
		index($0, k) == 1 { print substr($0, length(k) + 1); found = 1; exit }
		END { exit !found }'
}

standin_error() {
	tr -d '\r' <"$1" | sed -n 's/^XENINFN-STANDIN: error: //p' | head -n 1
}

# standin_iso OUT KS APPEND: makes, from the fixture mirror, a hybrid ISO
# the way the builder does (isolinux, El Torito no-emulation with
# boot-info-table, isohybrid MBR): KS is both /ks.cfg on the media and a
# second cpio member of the initrd, and the only boot entry appends APPEND
# to the kernel command line.  For the tests of the stand-in itself.
standin_iso() {
	out=$1 ks=$2 append=$3
	stage=$(mktemp -d "${XENINFN_TMP:-/tmp}/stage.XXXXXX")
	mkdir -p "$stage/isolinux" "$stage/ksroot"
	cp "$ISOLINUX_BIN" "$stage/isolinux/isolinux.bin"
	cp "$SYSLINUX_MODULES_DIR/ldlinux.c32" "$stage/isolinux/"
	cp "$BOOT_MIRROR/isolinux/vmlinuz" "$stage/isolinux/vmlinuz"
	cp "$ks" "$stage/ks.cfg"
	cp "$ks" "$stage/ksroot/ks.cfg"
	(cd "$stage/ksroot" && echo ks.cfg | cpio --quiet -o -H newc -R 0:0) |
		gzip -n >"$stage/ks.cpio.gz"
	cat "$BOOT_MIRROR/isolinux/initrd.img" "$stage/ks.cpio.gz" \
		>"$stage/isolinux/initrd.img"
	rm -rf "$stage/ksroot" "$stage/ks.cpio.gz"
	printf 'default linux\nprompt 0\nlabel linux\n  kernel vmlinuz\n  append initrd=initrd.img %s\n' \
		"$append" >"$stage/isolinux/isolinux.cfg"
	"$XORRISO" -as mkisofs -quiet -o "$out" -R -J -V XENINFN_STANDIN \
		-isohybrid-mbr "$ISOHDPFX_BIN" \
		-b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table "$stage" ||
		{ echo "standin_iso: xorriso failed"; return 1; }
	rm -rf "$stage"
}

# expect_eq WHAT GOT WANT: prints and counts a mismatch in FAILS.
FAILS=0
expect_eq() {
	if [ "$2" = "$3" ]; then
		echo "ok: $1 = $2"
	else
		echo "FAIL: $1: got '$2', want '$3'"
		FAILS=$((FAILS + 1))
	fi
}

# expect_match WHAT GOT PATTERN: like expect_eq with a shell pattern.
expect_match() {
	# shellcheck disable=SC2254 # the pattern is meant to match
	case $2 in
	$3) echo "ok: $1 = $2" ;;
	*)  echo "FAIL: $1: got '$2', want a match of '$3'"
	    FAILS=$((FAILS + 1)) ;;
	esac
}

# build_fixture_iso [-s KEY=VALUE]...: builds the ISO with the real CLI
# against the fixture mirror and the fixture Xen RPMs (tests/rpm), the
# installer pointed at http://10.0.2.100:8080/ and the console on the
# serial port; the arguments go last to `xeninfn build` (more profile
# settings).  Writes into BUILD_OUT (default $XENINFN_TMP/out).  Sets
# BUILT_ISO (the one *.iso in the output directory) and BUILT_KS (its
# /ks.cfg, extracted with xorriso, in the output directory's parent).
build_fixture_iso() {
	out=${BUILD_OUT:-$XENINFN_TMP/out}
	xenrpms=$XENINFN_B/fixtures/xen-rpms
	"$XENINFN" build -s "tree.url=file://$XENINFN_B/fixtures/mirror" \
		-s "xen.rpms=$xenrpms" \
		-s "xen.gpg_keys=$xenrpms/RPM-GPG-KEY-xeninfn-fixture" \
		-s "tree.install_url=http://$BOOT_HTTP_ADDR:$BOOT_HTTP_PORT/" \
		-s boot.console=ttyS0 -s boot.timeout=1 "$@" \
		--cache "$XENINFN_TMP/cache" -o "$out" ||
		{ echo "FAIL: xeninfn build failed"; return 1; }
	set -- "$out"/*.iso
	if [ $# -ne 1 ] || [ ! -f "$1" ]; then
		echo "FAIL: want exactly one ISO in $out, found: $*"
		return 1
	fi
	BUILT_ISO=$1
	BUILT_KS=$out.ks.cfg
	[ -n "${BUILD_OUT:-}" ] || BUILT_KS=$XENINFN_TMP/ks.cfg
	"$XORRISO" -osirrox on -indev "$BUILT_ISO" -extract /ks.cfg "$BUILT_KS" \
		>/dev/null 2>&1 && [ -s "$BUILT_KS" ] ||
		{ echo "FAIL: $BUILT_ISO has no /ks.cfg"; return 1; }
}

# check_built_boot LOG: the stand-in booted from the built ISO's default
# entry must have got exactly the rendered kickstart (ks=file:/ks.cfg,
# sha256 equal) and its url line must name the install URL.  What the
# kickstart's own %pre sections then did (they probe disks and media the
# test machine may not have) is printed, not judged here.
check_built_boot() {
	expect_match cmdline "$(standin_value "$1" cmdline)" "*console=ttyS0*"
	expect_eq ks-source "$(standin_value "$1" ks-source)" "file:/ks.cfg"
	expect_eq ks-sha256 "$(standin_value "$1" ks-sha256)" \
		"$(sha256sum <"$BUILT_KS" | cut -d' ' -f1)"
	expect_match ks-url "$(standin_value "$1" ks-url)" \
		"*http://$BOOT_HTTP_ADDR:$BOOT_HTTP_PORT/*"
	echo "info: %pre exits: $(tr -d '\r' <"$1" | sed -n 's/^XENINFN-STANDIN: pre\[\([0-9]*\)\] exit=/\1:/p' | tr '\n' ' ')"
	echo "info: stand-in error: $(standin_error "$1")"
}

# built_iso_test BOOTFN: all of t-iso-cd.sh and t-iso-usb.sh.  Builds the
# ISO, boots it with BOOTFN (boot_cd, boot_usb) on a CPU with AMD-V and
# long mode, which the kickstart's CPU check accepts, checks the kickstart
# handed over, and exits with the result.
built_iso_test() {
	boot_require
	build_fixture_iso || exit 1
	"$1" "$BUILT_ISO" "$XENINFN_TMP/serial.log" -cpu qemu64,+svm || exit 1
	check_built_boot "$XENINFN_TMP/serial.log"
	[ "$FAILS" -eq 0 ]
	exit
}

# standin_boot BOOTFN KS APPEND LOG [qemu args]: makes a hand-made ISO of
# the stand-in with KS and APPEND (standin_iso) and boots it with BOOTFN.
standin_boot() {
	iso=$(mktemp -u "${XENINFN_TMP:-/tmp}/standin.XXXXXX").iso
	standin_iso "$iso" "$2" "$3" || return 1
	bootfn=$1 log=$4
	shift 4
	"$bootfn" "$iso" "$log" "$@"
}
