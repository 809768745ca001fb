#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# build-bench.sh [FACTOR...]: times a warm-cache `xeninfn build` from a
# copy of the fixture mirror whose pxeboot kernel and initrd are padded
# with incompressible bytes to FACTOR times their size (default 1 10 50;
# the kernel stops at 511 MiB, under the fetcher's limit of 512 MiB),
# against the floor pipeline any hand-made script would run on the same
# staged tree: `xorriso -as mkisofs` with the options the build uses, then
# `implantisomd5`, then `sha256sum`.  The staged tree is the one the build
# put on its ISO, extracted from it.  Each figure is the best of BENCH_RUNS
# (default 3) runs; the memory is the peak RSS (bench/timeit.c) of that run.
# Prints rows of bench/run.sh's table.
set -eu
: "${XENINFN:?run through make bench}" "${XENINFN_B:?run through make bench}"
: "${XORRISO:=xorriso}"
here=$(dirname "$0")
. "$here/lib.sh"
runs=${BENCH_RUNS:-3}
[ $# -gt 0 ] || set -- 1 10 50
fx=$XENINFN_B/fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/xeninfn-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1194048000

# pad FILE FACTOR: FILE grows to FACTOR times its size with random bytes
# (a gzip initrd keeps its magic; nothing here boots it), but stays under
# the 512 MiB the fetcher takes of one image.
pad() {
	size=$(stat -c %s "$1")
	want=$((size * $2))
	[ "$want" -lt $((511 << 20)) ] || want=$((511 << 20))
	head -c $((want - size)) /dev/urandom >>"$1"
}

for k in "$@"; do
	rm -rf "$work/mirror" "$work/cache" "$work/out" "$work/stage"
	cp -a "$fx/mirror" "$work/mirror"
	if [ "$k" -gt 1 ]; then
		pad "$work/mirror/images/pxeboot/initrd.img" "$k"
		pad "$work/mirror/images/pxeboot/vmlinuz" "$k"
	fi
	set -- -q -s "tree.url=file://$work/mirror" \
		-s "xen.rpms=$fx/xen-rpms" \
		-s "xen.gpg_keys=$fx/xen-rpms/RPM-GPG-KEY-xeninfn-fixture" \
		-s tree.install_url=http://192.0.2.1/sl51/ \
		-s 'rootpw.hash=$1$benchsal$0123456789012345678901' \
		--cache "$work/cache" -o "$work/out"
	"$XENINFN" build "$@"	# warms the cache
	# The images were just padded: their digests are recorded with their
	# identity only once they are 2 s old (docs/fetch.md, Known
	# digests), so a second warm-up, and the timed runs are all warm.
	sleep 2
	"$XENINFN" build "$@"
	iso=$(ls "$work/out"/*.iso)
	"$XORRISO" -osirrox on -indev "$iso" -extract / "$work/stage" \
		>/dev/null 2>&1
	chmod -R u+w "$work/stage"
	rm -f "$work/stage/isolinux/boot.cat"
	: >"$work/build"; : >"$work/floor"
	i=0
	while [ "$i" -lt "$runs" ]; do
		# Each side starts without its previous ISO, as the floor
		# (rm -f before it) does: removing 0.85 GB takes a second.
		rm -rf "$work/out"
		sync
		timed "$work/build" "$XENINFN" build "$@"
		rm -f "$work/floor.iso"; sync
		timed "$work/floor" "$here/floor.sh" "$work/stage" "$work/floor.iso"
		i=$((i + 1))
	done
	row build "${k}x" "$work/build" "$work/floor"
done
