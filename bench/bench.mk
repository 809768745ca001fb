# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`: benchmarks with their own command, never part of `make
# check` (no timed assertions in the tests).  One table: see bench/run.sh.
bench: all $(B)/bench/timeit $(B)/fixtures/mirror/.discinfo \
		$(B)/fixtures/xen-rpms/.stamp
	XENINFN=$(abspath $(B)/xeninfn) XENINFN_B=$(abspath $(B)) \
		XORRISO=$(XORRISO) IMPLANTISOMD5=$(IMPLANTISOMD5) \
		ISOHDPFX_BIN=$(ISOHDPFX_BIN) bench/run.sh

# The timer of bench/lib.sh (bench/timeit.c).
$(B)/bench/timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) $(CFLAGS) -o $@ $<

.PHONY: bench
