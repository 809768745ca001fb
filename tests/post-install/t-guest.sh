#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xeninfn-guest: usage errors here; create, backup while written to,
# restore byte for byte and every refusal for real under qemu, in the
# stand-in installer (tests/fixtures), which has Debian's lvm and
# device-mapper with snapshots: the sandbox the tests run in has loop
# devices but no device-mapper.  The stand-in runs guest-vm.sh as a %pre
# on a fresh virtio disk of its own; guest-vm.sh says what it fakes (xm,
# ssh: no Xen, no sshd there).
. "$XENINFN_SRC/tests/post-install/lib.sh"
. "$XENINFN_SRC/tests/boot/lib.sh"
G=$PI/xeninfn-guest
T=$XENINFN_TMP

# usage ARGS...: exit 2 and a message.
usage_err() {
	run guest "$@"
	if [ "$rc" -eq 2 ] && [ -s "$XENINFN_TMP/err" ]; then pass "usage error: $*"
	else fail "$*: exit $rc, want 2 with a message; stderr: $(head -c 300 "$XENINFN_TMP/err")"; fi
}
run guest --help
expect_rc 0 "--help"
grep -q '^  backup NAME' "$XENINFN_TMP/out" && pass "--help lists backup" || fail "--help: $(head -5 "$XENINFN_TMP/out")"
usage_err
usage_err frobnicate
usage_err create g1
usage_err create g1 --size 10X
usage_err create -- -g1 --size 1G
usage_err create g1-xeninfn-snap --size 1G
usage_err create 'a/b' --size 1G
usage_err create g1 --size 1G --keep 3
usage_err create g1 --size 1G --bridge 'xen br1'
usage_err backup g1
usage_err backup g1 --to /tmp/a --to-ssh h:/b
usage_err backup g1 --to relative/dir
usage_err backup g1 --to-ssh -oProxyCommand=x:/b
usage_err backup g1 --to-ssh 'h;x:/b'
usage_err backup g1 --to-ssh host:relative
usage_err backup g1 --to-ssh 'host:/a/../b'
usage_err backup g1 --to-ssh 'host:/a b'
usage_err backup g1 --to-ssh 'a@b@c:/d'
usage_err backup g1 --to /b --keep 0
usage_err restore g1
usage_err list g1
usage_err --vg '-x' list
# A volume group lvm does not know (lvm itself replaced by false).
XENINFN_LVM=/bin/false run guest --root "$T" --vg none list
expect_rc 1 "list with lvm failing"
expect_err "volume group none" "list with lvm failing"

# The configs create writes are Python for xm: run them with Python 2
# and compare the HVM paths with Xen 3.1's own tools/examples/xmexample.hvm
# (evaluated the same way, on x86_64).  lvm here is a stand-in that only
# answers lvs, vgs and lvcreate; the volumes themselves are made under
# qemu below.
up=${XENINFN_UPSTREAM:-$XENINFN_SRC/../shared/testdata/upstream}/xen-3.1.0-src.tar.gz
if [ -f "$up" ] && PYENV_VERSION=2.7.18 python2 -c pass 2>/dev/null; then
	mkdir -p "$T/cr/etc/xen"
	printf '#!/bin/sh\ncase $1 in\nlvs) ;;\nvgs) echo "  10737418240:4194304" ;;\nlvcreate) ;;\n*) exit 5 ;;\nesac\n' >"$T/lvm"
	chmod +x "$T/lvm"
	XENINFN_LVM=$T/lvm run guest --root "$T/cr" --vg vgt create h1 --size 1G --hvm --memory 768
	expect_rc 0 "create h1 --hvm (stand-in lvm)"
	XENINFN_LVM=$T/lvm run guest --root "$T/cr" --vg vgt create p1 --size 1G --vcpus 2 --bridge xenbr0
	expect_rc 0 "create p1 (stand-in lvm)"
	tar -xzOf "$up" xen-3.1.0/tools/examples/xmexample.hvm >"$T/xmexample.hvm"
	if PYENV_VERSION=2.7.18 python2 - "$T/cr/etc/xen" "$T/xmexample.hvm" >"$XENINFN_TMP/out" 2>&1 <<'PY'
import sys
d, example = sys.argv[1], sys.argv[2]
ex, h, p = {}, {}, {}
execfile(example, ex)
execfile(d + "/h1", h)
execfile(d + "/p1", p)
assert h["kernel"] == ex["kernel"] == "/usr/lib/xen/boot/hvmloader", h["kernel"]
assert h["device_model"] == ex["device_model"], (h["device_model"], ex["device_model"])
assert h["builder"] == ex["builder"] == "hvm"
assert h["disk"] == ["phy:/dev/vgt/h1,hda,w"], h["disk"]
assert h["vif"] == ["type=ioemu, bridge=xenbr1"], h["vif"]
assert h["memory"] == 768 and h["vcpus"] == 1 and h["name"] == "h1"
assert p["disk"] == ["phy:/dev/vgt/p1,xvda,w"], p["disk"]
assert p["vif"] == ["bridge=xenbr0"] and p["vcpus"] == 2
assert p["bootloader"] == "/usr/bin/pygrub" and "builder" not in p
print "configs ok"
PY
	then pass "the configs run as Python; HVM paths as in Xen 3.1's xmexample.hvm"
	else fail "configs: $(cat "$XENINFN_TMP/out")"; fi
else
	echo "no Xen 3.1 source or no python2: the configs were not run as Python"
fi

# The real thing, under qemu; without qemu (or with BOOT_TESTS=no) the
# test is skipped, once the checks above have passed.
if [ "${BOOT_TESTS:-yes}" != yes ] || ! command -v "$QEMU" >/dev/null 2>&1; then
	[ "$failures" -eq 0 ] || finish
	echo "SKIP: no $QEMU or BOOT_TESTS=no: the LVM part (create, backup, restore, refusals) was not run"
	exit 77
fi
SI=$XENINFN_B/fixtures/standin
[ -f "$SI/vmlinuz" ] && [ -f "$SI/initrd.img" ] ||
	{ fail "no stand-in in $SI: run make fixtures"; finish; }
mkdir -p "$T/payload/guest"
cp "$G" "$XENINFN_SRC/tests/post-install/guest-vm.sh" "$T/payload/guest/"
# Each line reaches the console as it comes (a shell loop, not sed, which
# holds its output in a buffer while it is not ended).
printf '%%pre\nsh /guest/guest-vm.sh 2>&1 | while IFS= read -r l; do printf "GUEST-VM: %%s\\n" "$l"; done >/dev/console\n' \
	>"$T/payload/ks.cfg"
(cd "$T/payload" && find . | cpio --quiet -o -H newc -R 0:0) | gzip -n >"$T/payload.gz"
cat "$SI/initrd.img" "$T/payload.gz" >"$T/initrd.img"
truncate -s 256M "$T/disk.img"
# guest-vm.sh gives up after 840 s and powers off with the reason; this
# limit (under the test runner's 1800 s) is for a machine that never gets
# there.
BOOT_TIMEOUT=${GUEST_BOOT_TIMEOUT:-900}
boot_kernel "$SI/vmlinuz" "$T/initrd.img" "console=ttyS0 ks=file:/ks.cfg" \
	"$T/serial.log" -m 1024 -drive "file=$T/disk.img,format=raw,if=virtio" \
	>/dev/null || fail "the stand-in did not finish: $(tail -n 20 "$T/serial.log" | tr -d '\r')"
tr -d '\r' <"$T/serial.log" | sed -n 's/^GUEST-VM: //p' >"$T/vm.out"
cat "$T/vm.out"
grep '^FAIL: ' "$T/vm.out" | while read -r l; do echo "(in the VM) $l"; done
n=$(grep -c '^ok: ' "$T/vm.out")
vmfail=$(sed -n 's/^failures=//p' "$T/vm.out")
if [ "$vmfail" = 0 ] && [ "$n" -gt 60 ]; then pass "in the VM: $n checks passed"
else fail "in the VM: failures=${vmfail:-none reported}, $n passed"; fi
finish
