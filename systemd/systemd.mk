# SPDX-License-Identifier: GPL-2.0-or-later
# The systemd unit of `xeninfn serve`: made into build/systemd/ with the
# install path of xeninfn, installed by `make install`.

SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
SERVE_UNIT := $(B)/systemd/xeninfn-serve@.service

$(SERVE_UNIT): systemd/xeninfn-serve@.service.in systemd/systemd.mk
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)sed -e 's|@BINDIR@|$(BINDIR)|g' $< > $@.tmp && mv $@.tmp $@

install-systemd: $(SERVE_UNIT)
	install -d $(DESTDIR)$(SYSTEMDDIR)
	install -m 0644 $(SERVE_UNIT) $(DESTDIR)$(SYSTEMDDIR)/

uninstall-systemd:
	rm -f $(DESTDIR)$(SYSTEMDDIR)/xeninfn-serve@.service

ALL_TARGETS       += $(SERVE_UNIT)
INSTALL_TARGETS   += install-systemd
UNINSTALL_TARGETS += uninstall-systemd

.PHONY: install-systemd uninstall-systemd
