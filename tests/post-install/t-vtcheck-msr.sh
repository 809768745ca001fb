#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xeninfn-vtcheck with no /dev/cpu, as in the RHEL 5 installer (no udev):
# in a mount namespace with a fresh, empty tmpfs on /dev it must try
# `modprobe msr` (exec, no shell), make /dev/cpu/N/msr (char 202,N) for
# each online CPU, and read the feature-control MSR through them (strace
# shows it).  This machine's CPUID may hide VT (under a hypervisor), so a
# dump of a VT-capable CPU of the same vendor stands in for CPUID, with
# --root / for the live MSRs.  Both outcomes are checked against what the
# test itself reads from the nodes vtcheck made: a value gives "enabled"
# or "disabled"; an unreadable MSR (no msr driver, or a hypervisor that
# refuses the read) must give "unknown" on the console, in the JSON and
# as a warning, with exit 0.
. "$XENINFN_SRC/tests/post-install/lib.sh"
DUMPS=${XENINFN_CPUID_DUMPS:-$XENINFN_SRC/../shared/testdata/cpuid}/libcpuid
[ "$(id -u)" -eq 0 ] || { echo "needs root (mount namespace, mknod)"; exit 77; }
for t in unshare strace jq python3; do
	command -v $t >/dev/null || { echo "$t not installed"; exit 77; }
done
unshare -m true 2>/dev/null || { echo "cannot make a mount namespace"; exit 77; }
case $(sed -n 's/^vendor_id[[:space:]]*: //p' /proc/cpuinfo | head -n 1) in
GenuineIntel)
	dump=$DUMPS/intel/x86-64/core/intel-core2-cpu-6300.test msr=0x3a ;;
AuthenticAMD)
	dump=$DUMPS/amd/zen2/amd-ryzen-7-3800xt-8-core-processor.test msr=0xc0010114 ;;
*)	echo "CPU vendor neither Intel nor AMD"; exit 77 ;;
esac
[ -f "$dump" ] || { echo "no CPUID dump $dump"; exit 77; }
cpus=$(python3 -c 'import os; print(" ".join(str(c) for c in sorted(os.sched_getaffinity(0))))')
T=$XENINFN_TMP

# Inside the namespace: an empty /dev, vtcheck twice under strace, then
# the test's own read of the MSR through the node vtcheck made.
cat >"$T/inner.sh" <<'EOF'
set -u
mount -t tmpfs -o mode=755 xeninfn-dev /dev || exit 90
[ -z "$(ls -A /dev)" ] || exit 91
strace -f -qq -o "$T/trace1" "$VT" --cpuid-dump "$DUMP" --root / --json >"$T/json1" 2>"$T/err1"
echo $? >"$T/rc1"
ls -ln /dev/cpu/*/msr >"$T/nodes" 2>&1
strace -f -qq -o "$T/trace2" "$VT" --cpuid-dump "$DUMP" --root / >"$T/text2" 2>"$T/err2"
echo $? >"$T/rc2"
python3 -c 'import os, sys
fd = os.open("/dev/cpu/0/msr", os.O_RDONLY)
print(int.from_bytes(os.pread(fd, 8, int(sys.argv[1], 16)), "little"))' "$MSR" >"$T/value" 2>"$T/value-err"
exit 0
EOF
VT=$PI/xeninfn-vtcheck DUMP=$dump MSR=$msr
export T VT DUMP MSR
unshare -m sh "$T/inner.sh"
inner=$?
[ "$inner" -eq 0 ] || { fail "namespace with an empty /dev: setup failed ($inner)"; finish; }

# modprobe tried first, exec'ed directly; the nodes made, one per CPU.
grep -q 'execve("/sbin/modprobe", \["modprobe", "-q", "msr"\]' "$T/trace1" &&
	pass "modprobe -q msr tried (exec, no shell)" || fail "no execve of /sbin/modprobe: $(grep execve "$T/trace1")"
grep 'execve(' "$T/trace1" | grep -v 'modprobe\|xeninfn-vtcheck' | grep -q . &&
	fail "other programs run: $(grep 'execve(' "$T/trace1" | grep -v 'modprobe\|xeninfn-vtcheck')"
for c in $cpus; do
	minor=0; [ "$c" -eq 0 ] || minor=$(printf '0x%x' "$c")	# strace's spelling
	grep -q "mknod(\"/dev/cpu/$c/msr\", S_IFCHR|0600, makedev(0xca, $minor)) = 0" "$T/trace1" &&
		pass "CPU $c: /dev/cpu/$c/msr made, char 202,$c" ||
		fail "CPU $c: no mknod of /dev/cpu/$c/msr: $(grep "cpu/$c" "$T/trace1" | head -c 300)"
	grep -q "^crw------- 1 0 0 202, *$c .*/dev/cpu/$c/msr\$" "$T/nodes" ||
		fail "CPU $c: node: $(grep "cpu/$c/" "$T/nodes")"
	grep -q "open.*\"/dev/cpu/$c/msr\", O_RDONLY" "$T/trace1" ||
		fail "CPU $c: /dev/cpu/$c/msr never opened"
done
grep -q 'mknod' "$T/trace2" && fail "second run made nodes again: $(grep mknod "$T/trace2")"
pass "second run: the nodes exist, none made"

fw=$(jq -r .firmware "$T/json1")
if [ -s "$T/value" ]; then
	v=$(cat "$T/value")
	echo "MSR $msr of CPU 0 reads $v through the node vtcheck made"
	grep -q "pread64([0-9]*, .*, 8, $(($msr))) = 8" "$T/trace1" &&
		pass "vtcheck read MSR $msr with pread" || fail "no 8-byte pread of $msr: $(grep pread64 "$T/trace1" | head -c 300)"
	if [ "$msr" = 0x3a ]; then
		want=enabled; [ $((v & 1)) -eq 1 ] && [ $((v & 4)) -eq 0 ] && want=disabled
	else
		want=enabled; [ $((v & 16)) -ne 0 ] && want=disabled
	fi
	[ "$fw" = "$want" ] && pass "firmware $fw, as the MSR says" || fail "firmware $fw, the MSR says $want"
	wantrc=0; [ "$want" = disabled ] && wantrc=5
	[ "$(cat "$T/rc1")" -eq "$wantrc" ] && pass "exit $wantrc" || fail "exit $(cat "$T/rc1"), want $wantrc"
else
	echo "MSR $msr cannot be read here ($(cat "$T/value-err" | tail -n 1)): the unknown case"
	[ "$fw" = unknown ] && pass "JSON: firmware unknown" || fail "JSON: firmware $fw, want unknown"
	detail=$(jq -r .firmware_detail "$T/json1")
	case $detail in
	*/dev/cpu/*/msr*|*"MSR $msr"*|*"MSR 0x"*) pass "JSON: firmware_detail says why: $detail" ;;
	*) fail "JSON: firmware_detail: '$detail'" ;;
	esac
	grep -q '^firmware: *unknown (' "$T/text2" && pass "console: firmware unknown, with the reason" ||
		fail "console: $(grep firmware "$T/text2")"
	grep -q 'warning: firmware state of VT-x/AMD-V unknown' "$T/err1" &&
		pass "warning on stderr" || fail "no warning: $(cat "$T/err1")"
	[ "$(cat "$T/rc1")" -eq 0 ] && [ "$(cat "$T/rc2")" -eq 0 ] &&
		pass "unknown firmware state: exit 0 (DESIGN.md)" || fail "exit $(cat "$T/rc1")/$(cat "$T/rc2"), want 0"
fi
finish
