#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pxe-bench.sh [HOSTS...]: times `xeninfn pxe --hosts` on generated
# inventories (default 1000 and 10000 hosts) against the fixture mirror,
# and, as the floor for writing that many files, `cp -a` of the finished
# tree on the same file system in the same run.  For each size it prints
# the best of BENCH_RUNS (default 3) runs of: a fresh tree, a re-run with
# nothing changed, the copy, the ratio fresh / copy, and the peak memory
# (max RSS) of the fresh run, which should not grow with the host count
# beyond the inventory itself.
set -eu
: "${XENINFN:?run through make bench}" "${XENINFN_B:?run through make bench}"
runs=${BENCH_RUNS:-3}
[ $# -gt 0 ] || set -- 1000 10000
fx=$XENINFN_B/fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/xeninfn-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# inventory N FILE: N hosts, half with a static address, a tenth with a
# dom0_mem of their own.
inventory() {
	awk -v n="$1" 'BEGIN {
		print "hostname,mac,ip,netmask,gateway,xen.dom0_mem"
		for (i = 0; i < n; i++) {
			mac = sprintf("52:54:01:%02x:%02x:%02x", int(i / 65536),
			    int(i / 256) % 256, i % 256)
			ip = ""; mask = ""; gw = ""; mem = ""
			if (i % 2 == 0) {
				ip = sprintf("10.%d.%d.%d", 1 + int(i / 65536),
				    int(i / 256) % 256, i % 256)
				mask = "255.0.0.0"; gw = "10.0.0.1"
			}
			if (i % 10 == 0)
				mem = "2G"
			printf "node%06d,%s,%s,%s,%s,%s\n", i, mac, ip, mask, gw, mem
		}
	}' >"$2"
}

# timed OUT CMD...: runs CMD, appends "seconds maxrss_kb" to OUT.
timed() {
	res=$1; shift
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
		{ cat "$work/err" >&2; exit 1; }
	cat "$work/time" >>"$res"
}

# the options of every run (no blanks in these paths: mktemp, build dir)
common="-q -s tree.url=file://$fx/mirror -s xen.rpms=$fx/xen-rpms
	-s xen.gpg_keys=$fx/xen-rpms/RPM-GPG-KEY-xeninfn-fixture
	-s pxe.http_url=http://192.0.2.1/xeninfn
	-s tree.install_url=http://192.0.2.1/sl51/ --cache $work/cache"

# best FILE: the smallest time of FILE, and the memory of that run.
best() {
	sort -n "$1" | head -n 1
}

# warm the download cache once
inventory 10 "$work/warm.csv"
# shellcheck disable=SC2086
"$XENINFN" pxe $common --hosts "$work/warm.csv" -o "$work/warm"
printf '%8s %10s %10s %10s %8s %10s\n' hosts fresh_s rerun_s cp_a_s ratio maxrss_kb
for n in "$@"; do
	inventory "$n" "$work/hosts.csv"
	: >"$work/fresh"; : >"$work/rerun"; : >"$work/copy"
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$work/tree" "$work/copy-tree"
		sync
		# shellcheck disable=SC2086
		timed "$work/fresh" "$XENINFN" pxe $common --hosts "$work/hosts.csv" -o "$work/tree"
		# shellcheck disable=SC2086
		timed "$work/rerun" "$XENINFN" pxe $common --hosts "$work/hosts.csv" -o "$work/tree"
		sync
		timed "$work/copy" cp -a "$work/tree" "$work/copy-tree"
		i=$((i + 1))
	done
	set -- $(best "$work/fresh"); f=$1 mem=$2
	set -- $(best "$work/rerun"); r=$1
	set -- $(best "$work/copy"); c=$1
	ratio=$(awk -v f="$f" -v c="$c" 'BEGIN { printf "%.2f", (c > 0 ? f / c : 0) }')
	printf '%8d %10s %10s %10s %8s %10s\n' "$n" "$f" "$r" "$c" "$ratio" "$mem"
done
