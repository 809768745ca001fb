#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pxe-bench.sh [HOSTS...]: times `xeninfn pxe --hosts` on generated
# inventories (default 10000 and 100000 hosts) against the fixture mirror.
# For each size, the best of BENCH_RUNS (default 3) runs of: a fresh tree
# against `cp -a` of the finished tree on the same file system (the floor
# for writing that many files), and against that fresh run: a re-run with
# nothing changed, the same with --verify (one lstat per host file), and a
# re-run with one host changed.  The memory is the
# peak RSS (bench/timeit.c) of the best run.  Prints rows of bench/run.sh's
# table.  The trees go on tmpfs: BENCH_PXE_DIR, default /dev/shm (a
# directory of its own there, removed at the end); where that is not a
# writable directory, in TMPDIR like the rest.
set -eu
: "${XENINFN:?run through make bench}" "${XENINFN_B:?run through make bench}"
here=$(dirname "$0")
. "$here/lib.sh"
runs=${BENCH_RUNS:-3}
[ $# -gt 0 ] || set -- 10000 100000
fx=$XENINFN_B/fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/xeninfn-bench.XXXXXX")
trees=$work
if [ -d "${BENCH_PXE_DIR:-/dev/shm}" ] && [ -w "${BENCH_PXE_DIR:-/dev/shm}" ]; then
	trees=$(mktemp -d "${BENCH_PXE_DIR:-/dev/shm}/xeninfn-bench.XXXXXX")
fi
trap 'rm -rf "$work" "$trees"' EXIT INT TERM

# inventory N FILE [CHANGED]: N hosts, half with a static address, a tenth
# with a dom0_mem of their own; with CHANGED, host 1 has another dom0_mem.
inventory() {
	awk -v n="$1" -v changed="${3:-}" 'BEGIN {
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
			if (i == 1 && changed != "")
				mem = "3G"
			printf "node%06d,%s,%s,%s,%s,%s\n", i, mac, ip, mask, gw, mem
		}
	}' >"$2"
}

# the options of every run (no blanks in these paths: mktemp, build dir)
common="-q -s tree.url=file://$fx/mirror -s xen.rpms=$fx/xen-rpms
	-s xen.gpg_keys=$fx/xen-rpms/RPM-GPG-KEY-xeninfn-fixture
	-s pxe.http_url=http://192.0.2.1/xeninfn
	-s tree.install_url=http://192.0.2.1/sl51/ --cache $work/cache
	-s rootpw.hash=\$1\$benchsal\$0123456789012345678901"

# warm the download cache once
inventory 10 "$work/warm.csv"
# shellcheck disable=SC2086
"$XENINFN" pxe $common --hosts "$work/warm.csv" -o "$work/warm"
for n in "$@"; do
	inventory "$n" "$work/hosts.csv"
	inventory "$n" "$work/hosts1.csv" changed
	: >"$work/fresh"; : >"$work/rerun"; : >"$work/verify"; : >"$work/one"
	: >"$work/copy"
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$trees/tree" "$trees/copy-tree"
		sync
		# shellcheck disable=SC2086
		timed "$work/fresh" "$XENINFN" pxe $common --hosts "$work/hosts.csv" -o "$trees/tree"
		# shellcheck disable=SC2086
		timed "$work/rerun" "$XENINFN" pxe $common --hosts "$work/hosts.csv" -o "$trees/tree"
		# shellcheck disable=SC2086
		timed "$work/verify" "$XENINFN" pxe $common --hosts "$work/hosts.csv" -o "$trees/tree" --verify
		# shellcheck disable=SC2086
		timed "$work/one" "$XENINFN" pxe $common --hosts "$work/hosts1.csv" -o "$trees/tree"
		sync
		timed "$work/copy" cp -a "$trees/tree" "$trees/copy-tree"
		i=$((i + 1))
	done
	row pxe "$n fresh/cp -a" "$work/fresh" "$work/copy"
	row pxe "$n unchanged/fresh" "$work/rerun" "$work/fresh"
	row pxe "$n --verify/fresh" "$work/verify" "$work/fresh"
	row pxe "$n one host/fresh" "$work/one" "$work/fresh"
	rm -rf "$trees/tree" "$trees/copy-tree"
done
