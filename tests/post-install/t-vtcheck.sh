#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xeninfn-vtcheck against every CPUID dump of real processors in
# shared/testdata/cpuid (expected verdict from the LAST line of each file,
# libcpuid's decoded flags, as its README says), on this machine's CPU,
# with fake MSRs and Xen state under --root, and with bad input.
. "$XENINFN_SRC/tests/post-install/lib.sh"
DUMPS=${XENINFN_CPUID_DUMPS:-$XENINFN_SRC/../shared/testdata/cpuid}
command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
[ -d "$DUMPS" ] || { echo "no CPUID dumps at $DUMPS"; exit 77; }

# 0 capable, 3 no lm, 4 lm but neither vmx nor svm.
expected() {
	case " $(tail -n 1 "$1") " in
	*" lm "*) case " $(tail -n 1 "$1") " in *" vmx "*|*" svm "*) echo 0 ;; *) echo 4 ;; esac ;;
	*) echo 3 ;;
	esac
}
n=0 bad=0
for f in $(find "$DUMPS" -name '*.test' | sort); do
	want=$(expected "$f")
	run vtcheck --cpuid-dump "$f"
	text_rc=$rc
	run vtcheck --cpuid-dump "$f" --json
	json_exit=$(jq -r .exit "$XENINFN_TMP/out" 2>/dev/null)
	n=$((n + 1))
	if [ "$text_rc" != "$want" ] || [ "$rc" != "$want" ] || [ "$json_exit" != "$want" ]; then
		fail "${f#"$DUMPS"/}: exit $text_rc (json: exit $rc, \"exit\":$json_exit), want $want"
		bad=$((bad + 1))
	fi
done
[ "$n" -ge 300 ] || fail "only $n dumps found under $DUMPS"
[ "$bad" -eq 0 ] && pass "$n CPUID dumps give the expected verdict"

lib=$DUMPS/libcpuid
# The text message matches the verdict.
run vtcheck --cpuid-dump "$lib/intel/x86-64/core/intel-core2-cpu-6300.test"
expect_rc 0 "Core 2 6300 (vmx, lm)"
grep -q '^xeninfn-vtcheck: capable' "$XENINFN_TMP/out" || fail "Core 2: message: $(cat "$XENINFN_TMP/out")"
run vtcheck --cpuid-dump "$lib/via/isaiah/via-nano-l3050.test" --json
expect_rc 4 "VIA Nano: VMX bit, but no HVM in Xen 3.1"
[ "$(jq -r '.hvm_cpuid, .hvm, .vendor' "$XENINFN_TMP/out" | tr '\n' ' ')" = "true false CentaurHauls " ] ||
	fail "VIA Nano JSON: $(cat "$XENINFN_TMP/out")"

# Firmware state from fake MSRs under --root (with a dump as the CPU).
intel=$lib/intel/x86-64/core/intel-core2-cpu-6300.test
amd=$(grep -l ' svm ' $(find "$lib/amd" -name '*.test') | head -n 1)
msr() {	# msr ROOT OFFSET VALUE: an 8-byte little-endian MSR value at OFFSET
	mkdir -p "$1/dev/cpu/0"
	: >"$1/dev/cpu/0/msr"
	printf "$(printf '\\%03o' $(($3 & 255)) 0 0 0 0 0 0 0)" |
		dd of="$1/dev/cpu/0/msr" bs=1 seek=$(($2)) conv=notrunc status=none
}
r=$XENINFN_TMP/msr
msr "$r" 0x3a 1
run vtcheck --cpuid-dump "$intel" --root "$r" --json
expect_rc 5 "Intel, FEATURE_CONTROL locked without VMXON"
[ "$(jq -r .firmware "$XENINFN_TMP/out")" = disabled ] || fail "firmware not 'disabled'"
msr "$r" 0x3a 5
run vtcheck --cpuid-dump "$intel" --root "$r"
expect_rc 0 "Intel, FEATURE_CONTROL locked with VMXON"
grep -q '^firmware: *enabled' "$XENINFN_TMP/out" || fail "firmware not 'enabled': $(cat "$XENINFN_TMP/out")"
msr "$r" 0xc0010114 16
run vtcheck --cpuid-dump "$amd" --root "$r"
expect_rc 5 "AMD, VM_CR.SVMDIS set"
msr "$r" 0xc0010114 8
run vtcheck --cpuid-dump "$amd" --root "$r"
expect_rc 0 "AMD, VM_CR.SVMDIS clear"
mkdir -p "$XENINFN_TMP/nomsr"
run vtcheck --cpuid-dump "$intel" --root "$XENINFN_TMP/nomsr" --json
expect_rc 0 "no /dev/cpu/0/msr"
[ "$(jq -r .firmware "$XENINFN_TMP/out")" = unknown ] || fail "no msr: firmware not 'unknown'"

# Inside a Xen dom0: Xen's capabilities, not CPUID.
r=$XENINFN_TMP/dom0
mkdir -p "$r/proc/xen" "$r/sys/hypervisor/properties"
echo control_d >"$r/proc/xen/capabilities"
echo "xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64" \
	>"$r/sys/hypervisor/properties/capabilities"
run vtcheck --cpuid-dump "$intel" --root "$r" --json
expect_rc 0 "dom0 with hvm caps"
[ "$(jq -r '.source, .xen_dom0' "$XENINFN_TMP/out" | tr '\n' ' ')" = "xen true " ] || fail "dom0 JSON: $(cat "$XENINFN_TMP/out")"
echo "xen-3.0-x86_64 xen-3.0-x86_32p" >"$r/sys/hypervisor/properties/capabilities"
run vtcheck --cpuid-dump "$intel" --root "$r"
expect_rc 5 "dom0 without hvm caps on a CPU with VMX"
run vtcheck --cpuid-dump "$lib/amd/k8/$(ls "$lib/amd/k8" | head -n 1)" --root "$r"
[ "$rc" -eq 4 ] || [ "$rc" -eq 5 ] || fail "dom0 without hvm caps: exit $rc"
: >"$r/proc/xen/capabilities"
run vtcheck --cpuid-dump "$intel" --root "$r" --json
expect_rc 4 "inside a domU"

# This machine's own CPU: a verdict, valid JSON from CPUID.
run vtcheck
case $rc in 0|3|4|5) pass "live CPU: exit $rc: $(tail -n 1 "$XENINFN_TMP/out")" ;; *) fail "live CPU: exit $rc" ;; esac
live=$rc
run vtcheck --json
[ "$rc" = "$live" ] || fail "live --json: exit $rc, text gave $live"
jq -e '.source == "cpuid" and (.exit|type) == "number" and (.long_mode|type) == "boolean"' "$XENINFN_TMP/out" >/dev/null ||
	fail "live --json: $(cat "$XENINFN_TMP/out")"

# Bad input: exit 2.
run vtcheck --cpuid-dump "$XENINFN_TMP/no-such-dump"
expect_rc 2 "missing dump"
expect_err "no-such-dump" "missing dump"
printf 'hello\n' >"$XENINFN_TMP/junk"
run vtcheck --cpuid-dump "$XENINFN_TMP/junk"
expect_rc 2 "not a dump"
printf 'CPUID 00000000: 0000000A-756E6547\n' >"$XENINFN_TMP/cut"
run vtcheck --cpuid-dump "$XENINFN_TMP/cut"
expect_rc 2 "truncated CPUID line"
expect_err "cut:1:" "truncated CPUID line"
run vtcheck --cpuid-dump "$XENINFN_TMP"
expect_rc 2 "dump is a directory"
run vtcheck --bogus
expect_rc 2 "unknown option"
run vtcheck extra
expect_rc 2 "stray argument"
run vtcheck --root "$XENINFN_TMP/no-such-root"
expect_rc 2 "root that does not exist"
finish
