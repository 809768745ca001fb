#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What the stand-in installer does with bad boot options and kickstarts,
# and with ks=hd: (booted straight from the fixture's kernel and initrd).
# Each failure must be one "error:" line naming what went wrong, then a
# power-off rather than a hang.  (The stand-in stands in for the SL 5.1
# installer images, which cannot be had here.)
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require

kernel=$BOOT_MIRROR/images/pxeboot/vmlinuz
initrd=$BOOT_MIRROR/images/pxeboot/initrd.img
ks=$XENINFN_SRC/tests/boot/standin-ks.cfg

# boot_with_ks KS LOG: boots the stand-in with KS appended to its initrd
# as /ks.cfg, and ks=file:/ks.cfg.
boot_with_ks() {
	d=$(mktemp -d "$XENINFN_TMP/ks.XXXXXX")
	cp "$1" "$d/ks.cfg"
	{ cat "$initrd"; (cd "$d" && echo ks.cfg | cpio --quiet -o -H newc -R 0:0 | gzip -n); } >"$d/initrd.img"
	boot_kernel "$kernel" "$d/initrd.img" "console=ttyS0 ks=file:/ks.cfg" "$2"
}

# No ks= at all: nothing to install.
log=$XENINFN_TMP/noks.log
boot_kernel "$kernel" "$initrd" "console=ttyS0" "$log" || exit 1
expect_match "no ks=" "$(standin_error "$log")" "no ks= on the kernel command line*"

# ks=file: naming a file the initrd does not hold.
log=$XENINFN_TMP/nofile.log
boot_kernel "$kernel" "$initrd" "console=ttyS0 ks=file:/nope.cfg" "$log" || exit 1
expect_eq "missing file" "$(standin_error "$log")" "ks=file:/nope.cfg: no such file in the initrd"

# A RHEL 6 style %end: fatal in %packages for anaconda 11.1.
bad=$XENINFN_TMP/end.cfg
printf 'install\nurl --url http://10.0.2.100:8080/\n%%packages\n@core\n%%end\n' >"$bad"
log=$XENINFN_TMP/end.log
boot_with_ks "$bad" "$log" || exit 1
expect_eq "sha256 before the parse" "$(standin_value "$log" ks-sha256)" \
	"$(sha256sum <"$bad" | cut -d' ' -f1)"
expect_eq "%end" "$(standin_error "$log")" "ks.cfg:5: unknown section %end (anaconda 11.1 has no %end)"

# --erroronfail stops at the failing %pre; %end inside a %pre is part of
# the script, so the shell fails on it.
bad=$XENINFN_TMP/fail.cfg
printf 'install\n%%pre\necho a\n%%end\n%%pre --erroronfail\nexit 5\n%%pre\ntrue\n' >"$bad"
log=$XENINFN_TMP/fail.log
boot_with_ks "$bad" "$log" || exit 1
expect_eq "ks-url without url" "$(standin_value "$log" ks-url)" ""
expect_eq "pre[0] with %end" "$(standin_value "$log" "pre[0] exit")" 127
expect_eq "pre[1]" "$(standin_value "$log" "pre[1] exit")" 5
expect_eq "erroronfail" "$(standin_error "$log")" "%pre section 1 failed with --erroronfail (exit 5)"
expect_eq "no pre[2] after it" "$(standin_value "$log" "pre[2] exit")" ""

# An %include that no %pre wrote: anaconda stops.
bad=$XENINFN_TMP/include.cfg
printf 'install\n%%include /tmp/ks-part\n%%pre\ntrue\n' >"$bad"
log=$XENINFN_TMP/include.log
boot_with_ks "$bad" "$log" || exit 1
expect_eq "pre before the include" "$(standin_value "$log" "pre[0] exit")" 0
expect_eq "missing include" "$(standin_error "$log")" \
	"%include /tmp/ks-part: no such file after the %pre sections (anaconda stops here)"

# ks=hd:sda:/ks.cfg from an ISO attached as an IDE disk.
iso=$XENINFN_TMP/hd.iso
mkdir -p "$XENINFN_TMP/hd"
cp "$ks" "$XENINFN_TMP/hd/ks.cfg"
"$XORRISO" -as mkisofs -quiet -o "$iso" -R "$XENINFN_TMP/hd" 2>/dev/null || exit 1
log=$XENINFN_TMP/hd.log
boot_kernel "$kernel" "$initrd" "console=ttyS0 ks=hd:sda:/ks.cfg" "$log" \
	-drive "file=$iso,format=raw,if=ide,snapshot=on" || exit 1
expect_eq "ks=hd sha256" "$(standin_value "$log" ks-sha256)" "$(sha256sum <"$ks" | cut -d' ' -f1)"
expect_eq "ks=hd done" "$(grep -ac '^XENINFN-STANDIN: done' "$log")" 1
[ "$FAILS" -eq 0 ]
