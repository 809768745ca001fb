# SPDX-License-Identifier: GPL-2.0-or-later
# `make rpm`: the xeninfn-tools RPM of the post-install helpers, for EL5
# (the spec sets gzip payload and MD5 digests).  The builder takes it from
# build/rpm/.  rpmbuild works in its own tree under build/ and needs no
# network.

XENINFN_VERSION ?= $(shell sed -n 's/^AC_INIT.\[xeninfn\], \[\([^]]*\)\].*/\1/p' configure.ac)
XENINFN_TOOLS_RELEASE := 1
XENINFN_TOOLS_RPM := $(B)/rpm/xeninfn-tools-$(XENINFN_VERSION)-$(XENINFN_TOOLS_RELEASE).x86_64.rpm

XENINFN_TOOLS_MAN := $(patsubst %,man/xeninfn-%.8,vtcheck bridges dom0setup guest)

$(XENINFN_TOOLS_RPM): rpmspecs/xeninfn-tools.spec rpmspecs/tools.mk $(PI_BINS) \
		$(XENINFN_TOOLS_MAN)
	@test -n "$(RPMBUILD)" || { echo "rpm: rpmbuild not found; install rpm and re-run ./configure" >&2; exit 1; }
	rm -rf $(B)/rpmbuild-tools
	mkdir -p $(B)/rpmbuild-tools/BUILD $(B)/rpmbuild-tools/BUILDROOT $(@D)
	$(RPMBUILD) -bb --quiet \
		--define '_topdir $(abspath $(B)/rpmbuild-tools)' \
		--define '_sourcedir $(abspath $(PI_DIR))' \
		--define '_rpmdir $(abspath $(@D))' \
		--define '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm' \
		--define '_tmppath $(abspath $(B)/rpmbuild-tools)' \
		--define 'xeninfn_man $(abspath man)' \
		--define 'xeninfn_version $(XENINFN_VERSION)' \
		--define 'xeninfn_release $(XENINFN_TOOLS_RELEASE)' \
		rpmspecs/xeninfn-tools.spec
	@test -f $@ || { echo "rpm: rpmbuild did not write $@" >&2; exit 1; }
	rm -rf $(B)/rpmbuild-tools

rpm: $(XENINFN_TOOLS_RPM)

ALL_TARGETS += $(XENINFN_TOOLS_RPM)
CHECK_DEPS  += $(XENINFN_TOOLS_RPM)

.PHONY: rpm
