# SPDX-License-Identifier: GPL-2.0-or-later
# lib/: buf, strv and array growth, value validation, JSON strings, the
# Xen value checks and SHA-256, built twice from the same sources:
#   - CORE_OBJS (build/lib/*.o) by the builder's compiler and flags (the
#     generic $(B)/%.o rule), archived into libxeninfn.a;
#   - CORE_PI_OBJS (build/post-install/lib/*.o) by musl-gcc with the
#     helpers' flags, linked into each static helper.
# Each side defines lib_oom (lib/oom.h), its out-of-memory policy.

CORE_SRCS    := $(sort $(wildcard lib/*.c))
CORE_OBJS    := $(CORE_SRCS:%.c=$(B)/%.o)
CORE_PI_OBJS := $(CORE_SRCS:%.c=$(B)/post-install/%.o)

# PI_CFLAGS and MUSL_GCC come from post-install/post-install.mk and
# config.mk (expanded when the rule runs).
$(CORE_PI_OBJS): $(B)/post-install/lib/%.o: lib/%.c lib/lib.mk \
		post-install/post-install.mk config.mk
	@mkdir -p $(@D)
	@test -n "$(MUSL_GCC)" || { echo "post-install: musl-gcc not found; install musl-tools and re-run ./configure" >&2; exit 1; }
	$(call say,MUSL-CC,$@)
	$(Q)$(MUSL_GCC) $(PI_CFLAGS) -MMD -MP -c -o $@ $<
