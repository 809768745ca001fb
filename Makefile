# SPDX-License-Identifier: GPL-2.0-or-later
# XenINFN: one non-recursive Makefile.  Everything built lands in build/.
# Parts of the tree add their own rules through */*.mk fragments, which
# append to ALL_TARGETS, CHECK_DEPS, INSTALL_TARGETS, UNINSTALL_TARGETS and
# CLEAN_FILES.

-include config.mk
ifneq ($(CONFIGURED),yes)
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(error not configured: run `autoconf && ./configure` first)
endif
endif

B       := build
# make check SANITIZE=1: the builder library and the unit tests built with
# ASan and UBSan (every finding fatal) in a build directory of their own,
# and only the unit tests run (docs/testing.md).
ifeq ($(SANITIZE),1)
B       := build-san
CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
endif
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin
DATADIR := $(PREFIX)/share/xeninfn

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
XCFLAGS := -std=gnu11 $(WARN) -D_GNU_SOURCE -Ibuilder -Ilib -I$(B)/gen \
	$(CURL_CFLAGS) $(ARCHIVE_CFLAGS) $(RPM_CFLAGS) $(INIH_CFLAGS) $(CREATEREPO_CFLAGS) \
	$(JANSSON_CFLAGS) $(MHD_CFLAGS)
XCFLAGS += -DXENINFN_LIBEXECDIR='"$(PREFIX)/libexec/xeninfn"' \
	-DXENINFN_DATADIR='"$(DATADIR)"'
# xeninfn links the light libraries only: builder/lazy.c loads the heavy
# ones the first time one of their functions is called.  The unit tests
# and fuzz targets also link the heavy ones, for what they call directly
# (the builder's calls in them still go through lazy.c, and so do theirs
# when lazy.def has the function).
XLIBS   := $(INIH_LIBS) $(JANSSON_LIBS) $(DL_LIBS) -lpthread
# --exclude-libs: lazy.c's functions are not exported, so the libraries'
# calls among their own functions do not come through them either.
TEST_LIBS := -Wl,--exclude-libs,libxeninfn.a $(XLIBS) $(CURL_LIBS) \
	$(ARCHIVE_LIBS) $(RPM_LIBS) $(CREATEREPO_LIBS) $(MHD_LIBS)

# A short line per target ("  CC      build/builder/main.o"); V=1 prints
# every command in full.
ifeq ($(V),1)
Q   :=
say :=
else
Q   := @
say = @printf '  %-8s%s\n' '$(1)' '$(2)'
endif

ALL_TARGETS     :=
CHECK_DEPS      :=
INSTALL_TARGETS :=
UNINSTALL_TARGETS :=
CLEAN_FILES     :=

# lib/: the core the builder shares with the helpers (lib/lib.mk: its
# objects for each side).
include lib/lib.mk

# The builder library: every builder/*.c but main.c, the builder's build
# of lib/, and the embedded resources (templates, boot menus, the default
# profile).
LIB_SRCS  := $(filter-out builder/main.c,$(wildcard builder/*.c))
LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/%.o) $(CORE_OBJS) $(B)/gen/embedded.o
EMBEDDED  := $(sort $(shell find kickstart isolinux -type f ! -name '*~' 2>/dev/null))

all: $(B)/xeninfn all-targets

$(B)/%.o: %.c config.mk builder/paths.h
	@mkdir -p $(@D)
	$(call say,CC,$@)
	$(Q)$(CC) $(XCFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) $(CFLAGS) -o $@ $<

$(B)/gen/embedded.c: $(B)/tools/embed $(EMBEDDED)
	@mkdir -p $(@D)
	$(call say,EMBED,$@)
	$(Q)$(B)/tools/embed $(EMBEDDED) > $@.tmp && mv $@.tmp $@

$(B)/gen/embedded.o: $(B)/gen/embedded.c
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) $(CFLAGS) -Ibuilder -c -o $@ $<

$(B)/libxeninfn.a: $(LIB_OBJS)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(B)/xeninfn: $(B)/builder/main.o $(B)/libxeninfn.a
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(XLIBS)

# Unit tests: each tests/unit/test_*.c is one cmocka program.
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_TESTS := $(UNIT_SRCS:%.c=$(B)/%)

# -MMD: a test is rebuilt when a header it includes (testhttpd.h, the
# builder's) changes, not only testutil.h.
$(B)/tests/unit/%: tests/unit/%.c $(B)/libxeninfn.a tests/unit/testutil.h
	@mkdir -p $(@D)
	$(call say,CC,$@)
	$(Q)$(CC) $(XCFLAGS) $(CMOCKA_CFLAGS) $(CFLAGS) -MMD -MP -Itests/unit -o $@ $< \
		$(B)/libxeninfn.a $(TEST_LIBS) $(CMOCKA_LIBS) -lz

-include $(shell find $(B) -path '$(B)/dist*' -prune -o -name '*.d' -type f -print 2>/dev/null)
include $(sort $(wildcard post-install/*.mk rpmspecs/*.mk tests/*/*.mk bench/*.mk \
	man/*.mk systemd/*.mk))

all-targets: $(ALL_TARGETS)

# The environment every test script sees (tests/run documents it).
export XENINFN      := $(abspath $(B)/xeninfn)
export XENINFN_B    := $(abspath $(B))
export XENINFN_SRC  := $(abspath .)
export XORRISO CHECKISOMD5 IMPLANTISOMD5 QEMU BOOT_TESTS RPMBUILD

ifeq ($(SANITIZE),1)
check: $(B)/xeninfn $(UNIT_TESTS) xen-rpm-fixtures
	SCRIPTS=no tests/run $(UNIT_TESTS)
else
check: all $(UNIT_TESTS) $(CHECK_DEPS)
	tests/run $(UNIT_TESTS)
endif

# The main job: a demo build on the embedded default profile against the
# local fixture mirror.  The installer would fetch the tree over HTTP from
# DEMO_INSTALL_URL (the address the boot tests forward to the mirror).
DEMO_INSTALL_URL ?= http://10.0.2.100:8080/
demo: all $(B)/fixtures/mirror/.discinfo $(B)/fixtures/xen-rpms/.stamp
	$(call say,BUILD,out/)
	$(Q)$(B)/xeninfn build -s tree.url=file://$(abspath $(B)/fixtures/mirror) \
		-s tree.install_url=$(DEMO_INSTALL_URL) \
		-s xen.rpms=$(abspath $(B)/fixtures/xen-rpms) \
		-s xen.gpg_keys=$(abspath $(B)/fixtures/xen-rpms)/RPM-GPG-KEY-xeninfn-fixture \
		--cache $(B)/cache -o out
	@echo "demo: the ISO, SHA256SUMS and manifest.json are in out/"

install: all $(INSTALL_TARGETS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rpms
	install -m 0755 $(B)/xeninfn $(DESTDIR)$(BINDIR)/xeninfn
	install -m 0644 $(B)/rpm/xeninfn-tools-*.x86_64.rpm \
		$(DESTDIR)$(DATADIR)/rpms/

# Removes what `make install` put under DESTDIR/PREFIX (the same values).
uninstall: $(UNINSTALL_TARGETS)
	rm -f $(DESTDIR)$(BINDIR)/xeninfn
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/libexec/xeninfn/,$(notdir $(PI_BINS)))
	rm -f $(DESTDIR)$(DATADIR)/rpms/xeninfn-tools-*.x86_64.rpm
	-rmdir $(DESTDIR)$(DATADIR)/rpms $(DESTDIR)$(DATADIR) \
		$(DESTDIR)$(PREFIX)/libexec/xeninfn 2>/dev/null

# `make dist`: build/xeninfn-VERSION.tar.gz, the files git tracks plus a
# generated configure (so that a tarball needs no autoconf).
# `make distcheck`: unpacks it, configures, builds, runs `make check` with
# TESTS=$(DISTCHECK_TESTS) (the unit tests always run; the default picks
# the quick script tests, set DISTCHECK_TESTS='*' for all), and installs
# and uninstalls into a DESTDIR.  The fixture downloads (build/fixtures/
# cache) are copied in, so it needs no network.
DIST_VERSION = $(shell sed -n 's/^AC_INIT.\[xeninfn\], \[\([^]]*\)\].*/\1/p' configure.ac)
DIST_NAME    = xeninfn-$(DIST_VERSION)
DISTCHECK_TESTS ?= tests/cli/* tests/build/t-build.sh tests/kickstart/t-golden.sh

dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "dist: needs the git checkout (it packs what git tracks)" >&2; exit 1; }
	rm -rf $(B)/dist && mkdir -p $(B)/dist/$(DIST_NAME)
	git ls-files -z | tar --null --no-recursion -T - -cf - | \
		tar -C $(B)/dist/$(DIST_NAME) -xf -
	cd $(B)/dist/$(DIST_NAME) && autoconf && rm -rf autom4te.cache
	tar -C $(B)/dist --owner=0 --group=0 --numeric-owner --sort=name \
		-czf $(B)/$(DIST_NAME).tar.gz $(DIST_NAME)
	rm -rf $(B)/dist
	@echo "dist: $(B)/$(DIST_NAME).tar.gz"

distcheck: dist
	rm -rf $(B)/distcheck && mkdir -p $(B)/distcheck
	tar -C $(B)/distcheck -xzf $(B)/$(DIST_NAME).tar.gz
	mkdir -p $(B)/distcheck/$(DIST_NAME)/$(B)/fixtures
	if [ -d $(B)/fixtures/cache ]; then cp -a $(B)/fixtures/cache \
		$(B)/distcheck/$(DIST_NAME)/$(B)/fixtures/; fi
	cd $(B)/distcheck/$(DIST_NAME) && ./configure >/dev/null && \
		$(MAKE) all && $(MAKE) check TESTS='$(DISTCHECK_TESTS)' && \
		$(MAKE) install DESTDIR=$(abspath $(B)/distcheck/root) && \
		$(MAKE) uninstall DESTDIR=$(abspath $(B)/distcheck/root)
	@left=$$(find $(B)/distcheck/root -type f); [ -z "$$left" ] || \
		{ echo "distcheck: make uninstall left: $$left" >&2; exit 1; }
	rm -rf $(B)/distcheck
	@echo "distcheck: $(B)/$(DIST_NAME).tar.gz builds, passes its checks, installs and uninstalls"

clean:
	rm -rf $(B) build-san build-fuzz $(CLEAN_FILES)

.PHONY: all all-targets check demo install uninstall dist distcheck clean
.DELETE_ON_ERROR:
