#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fetch-bench.sh [RTT_MS]: times `xeninfn fetch --packages` of the fixture
# mirror over a delayed link (default 50 ms round trip) against `curl
# --parallel` of the same files over the same link, in one run:
#   cold/curl  an empty cache, against curl --parallel fetching every file
#              the run took (the list the cache recorded, HASH.uses);
#   warm/cold  the same fetch again (an unchanged tree, every file in the
#              cache), against the cold fetch;
#   warm rtts  what the delay adds to that warm fetch (its time less the
#              time of the same warm fetch over an undelayed relay), against
#              one round trip: the ratio is the number of round trips the
#              revalidation waited for.
# The link: a network namespace of its own (unshare -n; needs root or
# CAP_NET_ADMIN, else the bench says so and prints no row), whose
# loopback carries the test HTTP server (tests/unit/httpd.py) and a
# delaying relay (bench/relay.py: this kernel has no netem, and tbf can
# only shape a rate, not delay) on addresses inside the namespace only.
# Each figure is the best of BENCH_RUNS (default 3); the memory is the
# peak RSS (bench/timeit.c) of that run.  Prints rows of bench/run.sh's table.
set -eu
: "${XENINFN:?run through make bench}" "${XENINFN_B:?run through make bench}"
here=$(cd "$(dirname "$0")" && pwd)
rtt=${1:-50}
if [ "${BENCH_NETNS:-}" != yes ]; then
	BENCH_NETNS=yes exec unshare -n "$0" "$@" ||
		{ echo "fetch-bench: cannot make a network namespace (unshare -n): run as root" >&2; exit 0; }
fi
. "$here/lib.sh"
runs=${BENCH_RUNS:-3}
src=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/xeninfn-bench.XXXXXX")
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT INT TERM

ip link set lo up
python3 "$src/tests/unit/httpd.py" --root "$XENINFN_B/fixtures/mirror" \
	>"$work/httpd.port" &
pids="$pids $!"
i=0
while ! grep -q '^PORT ' "$work/httpd.port" 2>/dev/null; do
	i=$((i + 1)); [ "$i" -lt 100 ] || { echo "fetch-bench: no server" >&2; exit 1; }
	sleep 0.1
done
port=$(sed -n 's/^PORT //p' "$work/httpd.port")
mkfifo "$work/relay.ready"
python3 "$here/relay.py" 127.0.0.2 8080 127.0.0.1 "$port" "$rtt" \
	>"$work/relay.ready" &
pids="$pids $!"
read -r _ready <"$work/relay.ready"
url=http://127.0.0.2:8080/
mkfifo "$work/relay0.ready"
python3 "$here/relay.py" 127.0.0.3 8080 127.0.0.1 "$port" 0 \
	>"$work/relay0.ready" &
pids="$pids $!"
read -r _ready <"$work/relay0.ready"
url0=http://127.0.0.3:8080/


: >"$work/cold"; : >"$work/curl"; : >"$work/warm"; : >"$work/rtt"
i=0
while [ "$i" -lt "$runs" ]; do
	rm -rf "$work/cache" "$work/curl.d"
	timed "$work/cold" "$XENINFN" fetch --packages -q -s "tree.url=$url" \
		--cache "$work/cache"
	# the same files, all known at once: what curl --parallel makes of
	# it, right after the cold fetch (the two under the same load)
	mkdir "$work/curl.d"
	awk '{ printf "url = \"%s\"\noutput = \"%s/%d\"\n", $2, dir, NR }' \
		dir="$work/curl.d" "$work"/cache/*.uses >"$work/curl.cfg"
	timed "$work/curl" curl --parallel -s -K "$work/curl.cfg"
	# A digest is recorded with its file's identity only once the file
	# is 2 s old (docs/fetch.md, Known digests): the warm figure is of
	# the runs after that, not of the first one after a download.
	rm -rf "$work/cache0"
	"$XENINFN" fetch --packages -q -s "tree.url=$url0" \
		--cache "$work/cache0" >/dev/null
	sleep 2
	"$XENINFN" fetch --packages -q -s "tree.url=$url" \
		--cache "$work/cache" >/dev/null
	"$XENINFN" fetch --packages -q -s "tree.url=$url0" \
		--cache "$work/cache0" >/dev/null
	timed "$work/warm" "$XENINFN" fetch --packages -q -s "tree.url=$url" \
		--cache "$work/cache"
	timed "$work/warm0" "$XENINFN" fetch --packages -q -s "tree.url=$url0" \
		--cache "$work/cache0"
	echo "$(awk -v r="$rtt" 'BEGIN { print r / 1000 }') 0" >>"$work/rtt"
	i=$((i + 1))
done
row fetch "cold/curl ${rtt}ms" "$work/cold" "$work/curl"
row fetch "warm/cold ${rtt}ms" "$work/warm" "$work/cold"
set -- $(best "$work/warm") $(best "$work/warm0")
echo "$(awk -v a="$1" -v b="$3" 'BEGIN { print (a > b ? a - b : 0) }') $2" \
	>"$work/delay"
row fetch "warm rtts ${rtt}ms" "$work/delay" "$work/rtt"
