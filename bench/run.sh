#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh: `make bench`: the build, fetch and PXE benchmarks with their
# baselines,
# in one run, as one table: per case the best time (seconds), the best
# time of its baseline (base_s), their ratio, and the peak RSS in MiB.
# BENCH_RUNS (default 3) runs of each; BENCH_BUILD and BENCH_PXE override
# the sizes (image factors, host counts), BENCH_RTT the fetch link's round
# trip in ms (default 50).
set -eu
here=$(dirname "$0")
. "$here/lib.sh"
header
# shellcheck disable=SC2086
"$here/build-bench.sh" ${BENCH_BUILD:-1 10 50}
# shellcheck disable=SC2086
"$here/fetch-bench.sh" ${BENCH_RTT:-50}
# shellcheck disable=SC2086
"$here/pxe-bench.sh" ${BENCH_PXE:-10000 100000}
