#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A server that stalls: the profile's fetch.stall_timeout and fetch.tries
# bound how long the fetch waits before it reports the dead mirror, and
# the first stall is said at once, before the try gives up.
. "$XENINFN_SRC/tests/fetch/lib.sh"

curl -fsS "$base/_fault?path=/tree/images/pxeboot/vmlinuz&kind=stall&count=10&secs=600" >/dev/null ||
	fail "cannot set the fault"
# it gives up, exit 1 (124 would be the time limit: it did not).  The
# notice comes after a quarter of the stall timeout, here 2 s: a cold
# fetch starts the images with .treeinfo and .discinfo, and on a loaded
# machine those small files could take the 1 s of a shorter timeout.
expect_fail "images/pxeboot/vmlinuz: no data for 2 s" timeout 120 "$XENINFN" fetch \
	-s tree.url="$url" --cache "$T/cache" -s fetch.stall_timeout=8 -s fetch.tries=2
grep -q "images/pxeboot/vmlinuz: no data for 2 s.*fetch.stall_timeout" "$T/stderr" ||
	fail "the stall message does not name fetch.stall_timeout"
[ "$(grep -c "no data for" "$T/stderr")" -eq 1 ] || fail "the stall was said more than once"
grep -q "images/pxeboot/vmlinuz: .*after 2 attempts" "$T/stderr" ||
	fail "not given up after fetch.tries=2"
[ "$(curl -fsS "$base/_log" | grep -c 'GET /tree/images/pxeboot/vmlinuz')" -eq 2 ] ||
	fail "not 2 requests of vmlinuz: $(curl -fsS "$base/_log")"

# The keys are checked, and so is their product.
expect_fail "fetch.tries = '0'" "$XENINFN" render -s fetch.tries=0
expect_fail "fetch.stall_timeout (3600 s) times fetch.tries (20)" "$XENINFN" render \
	-s fetch.stall_timeout=3600 -s fetch.tries=20
echo ok
