# SPDX-License-Identifier: GPL-2.0-or-later
# The libFuzzer targets (tests/fuzz/fuzz_NAME.c, one per parser of outside
# input).  `make fuzz FUZZ_SECONDS=N` builds the builder library and the
# targets with clang -fsanitize=fuzzer,address,undefined in their own
# build directory (FUZZ_B) and runs each for N seconds on its seeds
# (tests/fuzz/run); any crash, leak or sanitizer report fails it.

FUZZ_B       ?= build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fsanitize=fuzzer-no-link
FUZZ_NAMES   := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
# The helpers' readers (post-install/*.c), built from their sources.
FUZZ_PI      := grub ifcfg sxp
FUZZ_LIB     := $(filter-out $(FUZZ_PI),$(FUZZ_NAMES))

$(FUZZ_LIB:%=$(B)/fuzz/%): $(B)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h \
		tests/fuzz/fuzz-tree.h tests/fuzz/fuzz-builder.h $(B)/libxeninfn.a
	@mkdir -p $(@D)
	$(CC) $(XCFLAGS) $(CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
		$(B)/libxeninfn.a $(TEST_LIBS) -lz

$(FUZZ_PI:%=$(B)/fuzz/%): $(B)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h \
		$(PI_COMMON) $(CORE_SRCS) post-install/grub.c post-install/common.h
	@mkdir -p $(@D)
	$(CC) -std=gnu99 $(WARN) -D_GNU_SOURCE $(CFLAGS) -fsanitize=fuzzer \
		$(PI_LIBFLAGS) -Itests/fuzz \
		-o $@ $< $(PI_COMMON) $(CORE_SRCS) \
		$(if $(filter grub,$*),post-install/grub.c)

fuzz-targets: $(FUZZ_NAMES:%=$(B)/fuzz/%)

fuzz:
	$(MAKE) B=$(FUZZ_B) CC=$(FUZZ_CC) \
		CFLAGS='$(FUZZ_CFLAGS)' fuzz-targets
	tests/fuzz/run $(FUZZ_B) $(FUZZ_SECONDS) $(FUZZ_NAMES)

.PHONY: fuzz fuzz-targets
