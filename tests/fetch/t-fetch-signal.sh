#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ^C and SIGTERM during a download that a server has stalled: the transfer
# stops at once (here: the command exits within 20 s, where it would
# otherwise wait out the 60 s stall timeout and its retries), the .part is
# kept for the next run to resume, and the exit code is 130 (SIGINT) or
# 143 (SIGTERM), as shells expect; two ^C in a row end it too.
. "$XENINFN_SRC/tests/fetch/lib.sh"

# stall_vmlinuz: the next request of vmlinuz sends half and goes silent.
stall_vmlinuz() {
	curl -fsS "$base/_reset" >/dev/null &&
	curl -fsS "$base/_fault?path=/tree/images/pxeboot/vmlinuz&kind=stall&count=5&secs=600" >/dev/null ||
		fail "cannot set the fault"
}

# The cache's name for vmlinuz: the sha256 of its URL.
kpart=$(printf '%s' "${url}images/pxeboot/vmlinuz" | sha256sum | cut -d' ' -f1).part

# wait_part CACHE: vmlinuz's .part, with some bytes, appears (bounded).
wait_part() {
	n=0
	until [ -s "$1/$kpart" ]; do
		n=$((n + 1))
		[ "$n" -le 600 ] || fail "no .part appeared in $1"
		sleep 0.1
	done
}

# run_and_signal NAME SIGNALS...: fetch into cache NAME, send each signal
# once the .part exists; prints the exit code.
run_and_signal() {
	name=$1; shift
	stall_vmlinuz
	"$XENINFN" fetch -s tree.url="$url" --cache "$T/$name" \
		>/dev/null 2>"$T/$name.err" &
	pid=$!
	wait_part "$T/$name"
	for sig in "$@"; do
		kill -"$sig" "$pid" 2>/dev/null || true
		sleep 0.2
	done
	wait_exit "$pid" 20
}

run_and_signal int INT; rc=$?
cat "$T/int.err"
[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, expected 130"
grep -q "interrupted" "$T/int.err" || fail "no word of the interruption"
[ -s "$T/int/$kpart" ] || fail "the .part was not kept"

run_and_signal term TERM; rc=$?
[ "$rc" -eq 143 ] || fail "SIGTERM: exit $rc, expected 143"
[ -s "$T/term/$kpart" ] || fail "the .part was not kept"

run_and_signal twice INT INT; rc=$?
[ "$rc" -eq 130 ] || fail "two SIGINTs: exit $rc, expected 130"

# The kept .part is resumed: the next run asks for the rest only.
curl -fsS "$base/_reset" >/dev/null
"$XENINFN" fetch -s tree.url="$url" --cache "$T/int" >/dev/null 2>"$T/resume.err" ||
	{ cat "$T/resume.err"; fail "the run after ^C failed"; }
curl -fsS "$base/_log" | grep -q "GET /tree/images/pxeboot/vmlinuz 206" ||
	fail "the .part was not resumed: $(curl -fsS "$base/_log")"
echo ok
