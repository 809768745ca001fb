# SPDX-License-Identifier: GPL-2.0-or-later
# `make xen-rpm [XEN_VERSION=3.1.2]`: the Xen tools RPMs from
# rpmspecs/xen.spec, built in an EL5 build root by rpmspecs/xen-rpm.sh
# (mock epel-5-x86_64, or rpmbuild on an SL 5 host).  The source tarball
# is looked for in XEN_SRC_DIR.  docs/xen-rpms.md tells the whole story.

XEN_VERSION ?= 3.1.2
XEN_SRC_DIR ?= $(B)/xen-src
XEN_RPM_DIR ?= $(B)/xen-rpms-$(XEN_VERSION)

# XEN_TARBALL=xen-3.1.4 names the source of another release.
xen-rpm: rpmspecs/xen.spec rpmspecs/xen-rpm.sh
	RPMBUILD=$(RPMBUILD) XEN_TARBALL=$(XEN_TARBALL) \
		rpmspecs/xen-rpm.sh rpmspecs/xen.spec \
		$(XEN_SRC_DIR) $(XEN_RPM_DIR) $(XEN_VERSION)

.PHONY: xen-rpm
