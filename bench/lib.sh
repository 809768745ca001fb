# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by bench/*-bench.sh: timing and the rows of the one table that
# bench/run.sh prints.  Needs $work, a scratch directory.

# timed OUT CMD...: runs CMD, appends "seconds maxrss_kb" to OUT
# (bench/timeit.c: to the microsecond, where GNU time counts in 10 ms).
timed() {
	"$XENINFN_B/bench/timeit" "$@" >/dev/null 2>"$work/err" ||
		{ cat "$work/err" >&2; exit 1; }
}

# best FILE: the smallest time of FILE, and the memory of that run.
best() {
	sort -n "$1" | head -n 1
}

# row BENCH CASE TIMES BASE_TIMES: one line of the table: the best time
# of TIMES and of BASE_TIMES, their ratio, and the peak RSS of the best
# run of TIMES in MiB.
row() {
	set -- "$1" "$2" $(best "$3") $(best "$4")
	awk -v b="$1" -v c="$2" -v t="$3" -v m="$4" -v bt="$5" 'BEGIN {
		printf "%-6s %-24s %9.3f %9.3f %7.2f %10.1f\n", b, c, t, bt,
		    (bt > 0 ? t / bt : 0), m / 1024 }'
}

# header: the table's first line.
header() {
	printf '%-6s %-24s %9s %9s %7s %10s\n' bench case seconds base_s \
		ratio rss_mib
}
