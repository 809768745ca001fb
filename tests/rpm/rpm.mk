# SPDX-License-Identifier: GPL-2.0-or-later
# TEST FIXTURE RPMs (tests/rpm/mkfixtures.sh): a good, signed xen /
# xen-libs / xen-devel set at 3.1.2 for the demo and the boot tests, the
# same at 3.1.4 for the version-flow test, and one set per intake refusal.

FX_DIR     := $(B)/fixtures
FX_DEPS    := tests/rpm/mkfixtures.sh tests/rpm/xen-fixture.spec tests/rpm/rpm.mk

$(FX_DIR)/xen-rpms/.stamp: $(FX_DEPS)
	@mkdir -p $(FX_DIR)
	RPMBUILD=$(RPMBUILD) tests/rpm/mkfixtures.sh good $(FX_DIR)/xen-rpms 3.1.2
	touch $@

$(FX_DIR)/xen-rpms-3.1.4/.stamp: $(FX_DEPS)
	@mkdir -p $(FX_DIR)
	RPMBUILD=$(RPMBUILD) tests/rpm/mkfixtures.sh good $(FX_DIR)/xen-rpms-3.1.4 3.1.4
	touch $@

$(FX_DIR)/rpm-refusals/.stamp: $(FX_DEPS)
	@mkdir -p $(FX_DIR)
	RPMBUILD=$(RPMBUILD) tests/rpm/mkfixtures.sh refusals $(FX_DIR)/rpm-refusals
	touch $@

xen-rpm-fixtures: $(FX_DIR)/xen-rpms/.stamp $(FX_DIR)/xen-rpms-3.1.4/.stamp \
	$(FX_DIR)/rpm-refusals/.stamp

CHECK_DEPS += xen-rpm-fixtures

.PHONY: xen-rpm-fixtures
