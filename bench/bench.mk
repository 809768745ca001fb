# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`: benchmarks with their own command, never part of `make
# check` (no timed assertions in the tests).
bench: all $(B)/fixtures/mirror/.discinfo
	XENINFN=$(abspath $(B)/xeninfn) XENINFN_B=$(abspath $(B)) \
		bench/pxe-bench.sh

.PHONY: bench
