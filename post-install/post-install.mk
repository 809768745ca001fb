# SPDX-License-Identifier: GPL-2.0-or-later
# The post-install helpers: static binaries for SL 5.1 (kernel 2.6.18,
# glibc 2.5) and for the installer's %pre, built with musl.  Each binary is
# checked to be static: no PT_INTERP and no dynamic section.

PI_DIR     := $(B)/post-install
PI_NAMES   := vtcheck bridges dom0setup guest
PI_BINS    := $(PI_NAMES:%=$(PI_DIR)/xeninfn-%)
PI_COMMON  := post-install/common.c post-install/diff.c post-install/text.c
# The helpers' include path and their build of lib/ (lib/buf.h: no buffer
# grows past 1 MiB, the helpers' hard limit on what they read).
PI_LIBFLAGS := -Ipost-install -Ilib -DLIB_BUF_MAX='(1024 * 1024)'
PI_CFLAGS  := -std=gnu99 -Os -static -s -Wl,--build-id=none \
	-ffunction-sections -fdata-sections -Wl,--gc-sections \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-D_GNU_SOURCE $(PI_LIBFLAGS)
PI_LIBEXEC := $(PREFIX)/libexec/xeninfn

$(PI_BINS): $(PI_DIR)/xeninfn-%: post-install/%.c $(PI_COMMON) \
		$(CORE_PI_OBJS) post-install/common.h post-install/diff.h \
		$(wildcard lib/*.h) post-install/post-install.mk config.mk
	@mkdir -p $(@D)
	@test -n "$(MUSL_GCC)" || { echo "post-install: musl-gcc not found; install musl-tools and re-run ./configure" >&2; exit 1; }
	$(MUSL_GCC) $(PI_CFLAGS) -o $@.tmp $(filter %.c %.o,$^)
	@if readelf -lW $@.tmp | grep -q INTERP || \
	    ! readelf -dW $@.tmp | grep -q 'no dynamic section'; then \
		echo "post-install: $@ is not a static binary" >&2; \
		rm -f $@.tmp; exit 1; fi
	mv $@.tmp $@

# dom0setup's own parts.
$(PI_DIR)/xeninfn-dom0setup: post-install/grub.c post-install/services.c \
	post-install/firewall.c post-install/dom0setup.h

# guest's own parts.
$(PI_DIR)/xeninfn-guest: post-install/guest-run.c post-install/guest-backup.c \
	post-install/guest.h

install-post-install: $(PI_BINS)
	install -d $(DESTDIR)$(PI_LIBEXEC)
	install -m 0755 $(PI_BINS) $(DESTDIR)$(PI_LIBEXEC)/

ALL_TARGETS     += $(PI_BINS)
CHECK_DEPS      += $(PI_BINS)
INSTALL_TARGETS += install-post-install

.PHONY: install-post-install
