#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A server that stalls: the profile's fetch.stall_timeout and fetch.tries
# bound how long the fetch waits before it reports the dead mirror, and
# the first stall is said at once, before the try gives up.
. "$XENINFN_SRC/tests/fetch/lib.sh"

curl -fsS "$base/_fault?path=/tree/images/pxeboot/vmlinuz&kind=stall&count=10&secs=600" >/dev/null ||
	fail "cannot set the fault"
set +e
timeout 120 "$XENINFN" fetch -s tree.url="$url" --cache "$T/cache" \
	-s fetch.stall_timeout=2 -s fetch.tries=2 >/dev/null 2>"$T/err"
rc=$?
set -e
cat "$T/err"
[ "$rc" -eq 1 ] || fail "exit $rc, expected 1 (124: it did not give up)"
grep -q "images/pxeboot/vmlinuz: no data for 1 s.*fetch.stall_timeout" "$T/err" ||
	fail "the stall was not said at once"
[ "$(grep -c "no data for" "$T/err")" -eq 1 ] || fail "the stall was said more than once"
grep -q "images/pxeboot/vmlinuz: .*after 2 attempts" "$T/err" ||
	fail "not given up after fetch.tries=2"
[ "$(curl -fsS "$base/_log" | grep -c 'GET /tree/images/pxeboot/vmlinuz')" -eq 2 ] ||
	fail "not 2 requests of vmlinuz: $(curl -fsS "$base/_log")"

# The keys are checked, and so is their product.
"$XENINFN" render -s fetch.tries=0 >/dev/null 2>"$T/e1" && fail "tries=0 taken"
grep -q "fetch.tries = '0'" "$T/e1" || fail "$(cat "$T/e1")"
"$XENINFN" render -s fetch.stall_timeout=3600 -s fetch.tries=20 >/dev/null \
	2>"$T/e2" && fail "a 20-hour bound taken"
grep -q "fetch.stall_timeout .* fetch.tries" "$T/e2" || fail "$(cat "$T/e2")"
echo ok
