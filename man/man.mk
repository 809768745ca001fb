# SPDX-License-Identifier: GPL-2.0-or-later
# Manual pages, the documents and the bash completion: made into
# build/man/ (the version and the install paths filled in; the keys of
# xeninfn-profile(5) from the table of docs/profile.md), installed by
# `make install`, removed by `make uninstall`.

MANDIR    ?= $(PREFIX)/share/man
DOCDIR    ?= $(PREFIX)/share/doc/xeninfn
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
MAN_SRCS  := man/xeninfn.1 man/xeninfn-vtcheck.8 man/xeninfn-bridges.8 \
	man/xeninfn-dom0setup.8 man/xeninfn-guest.8
MAN_PAGES := $(MAN_SRCS:man/%=$(B)/man/%) $(B)/man/xeninfn-profile.5
DOC_FILES := README.md $(sort $(wildcard docs/*.md))
MAN_VERSION = $(shell sed -n 's/^AC_INIT.\[xeninfn\], \[\([^]]*\)\].*/\1/p' configure.ac)
MAN_SED = sed -e 's|@VERSION@|$(MAN_VERSION)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
	-e 's|@LIBEXECDIR@|$(PREFIX)/libexec/xeninfn|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
	-e 's|@SYSTEMDDIR@|$(SYSTEMDDIR)|g'

$(B)/man/%: man/% man/man.mk configure.ac
	@mkdir -p $(@D)
	$(call say,MAN,$@)
	$(Q)$(MAN_SED) $< > $@.tmp && mv $@.tmp $@

$(B)/man/xeninfn-profile.5: man/xeninfn-profile.5.in docs/profile.md \
		tools/profile-man.awk man/man.mk configure.ac
	@mkdir -p $(@D)
	$(call say,MAN,$@)
	$(Q)awk -f tools/profile-man.awk docs/profile.md $< | $(MAN_SED) > $@.tmp
	$(Q)mv $@.tmp $@

man: $(MAN_PAGES)

install-man: $(MAN_PAGES)
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DOCDIR)/docs \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 $(filter %.1,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(filter %.5,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(filter %.8,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/
	install -m 0644 $(filter docs/%,$(DOC_FILES)) $(DESTDIR)$(DOCDIR)/docs/
	install -m 0644 completion/xeninfn $(DESTDIR)$(BASHCOMPDIR)/xeninfn

uninstall-man:
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(filter %.1,$(MAN_PAGES)))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(filter %.5,$(MAN_PAGES)))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(filter %.8,$(MAN_PAGES)))) \
		$(DESTDIR)$(BASHCOMPDIR)/xeninfn
	rm -rf $(DESTDIR)$(DOCDIR)

ALL_TARGETS       += $(MAN_PAGES)
INSTALL_TARGETS   += install-man
UNINSTALL_TARGETS += uninstall-man

.PHONY: man install-man uninstall-man
