#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# rpmspecs/xen.spec against the real Xen source tree, not against itself:
# rpmbuild runs the spec's own %prep, %build and %install on
# testdata/upstream/xen-3.1.0-src.tar.gz, with tests/rpm/xen-tree-make.py
# as %{__make}: it runs the tree's install recipes (those `make -n`
# prints) into the build root, the copy-only ones (examples, init
# scripts, configs, headers, man pages made with pod2man) with their real
# files and the compiled ones as empty files at the paths the Makefiles
# name.  rpmbuild's own check then fails on a file installed and not in
# %files, and on a %files line that matches nothing: the two errors rpm
# 4.4.2 on EL5 would stop at.  The parsed %files (rpmspec -P) are
# printed, and the packages' file lists are checked for the paths the
# issue named.
set -eu
: "${XENINFN_SRC:?run through make check}" "${XENINFN_TMP:?}"
t=$XENINFN_TMP
. "$XENINFN_SRC/tests/lib.sh"
for tool in rpmbuild rpmspec pod2man make gcc; do
	command -v $tool >/dev/null ||
		{ echo "$tool not installed: cannot run the tree's install rules"; exit 77; }
done
PYENV_VERSION=2.7.18 python2 -c 'import distutils' 2>/dev/null ||
	{ echo "python 2 not installed: Xen 3.1's setup.py and mkheader.py need it"; exit 77; }
# The project's upstream reference files (XENINFN_UPSTREAM names another
# place); a checkout without them cannot run this.
upstream=${XENINFN_UPSTREAM:-$XENINFN_SRC/../shared/testdata/upstream}
archive=$upstream/xen-3.1.0-src.tar.gz
[ -f "$archive" ] || { echo "no $archive (set XENINFN_UPSTREAM)"; exit 77; }
spec=$XENINFN_SRC/rpmspecs/xen.spec
here=$XENINFN_SRC/tests/rpm

# The tree at the 3.1 branch point calls its hypervisor 3.0-unstable
# (xen/Makefile: XEN_EXTRAVERSION ?= -unstable); xen/Makefile's own
# XEN_EXTRAVERSION hook makes it 3.0.0, a version rpm accepts, and the
# spec's %install checks that the tree builds exactly %{version}.
mkdir -p "$t/top"
rc=0
XEN_TREE_STUBS=$here/xen-tree-stubs PYENV_VERSION=2.7.18 XEN_EXTRAVERSION=.0 \
timeout 300 rpmbuild -bb --nodeps --target x86_64 \
    -D "_topdir $t/top" -D "_sourcedir $(dirname "$archive")" \
    -D 'xen_version 3.0.0' -D 'xen_tarball xen-3.1.0-src' \
    -D 'xen_srcdir xen-3.1.0' \
    -D "__make $here/xen-tree-make.py" \
    -D '_initrddir %{_sysconfdir}/rc.d/init.d' \
    -D 'debug_package %{nil}' -D '__os_install_post %{nil}' \
    -D '_build_id_links none' -D '_binary_payload w1.gzdio' \
    -D '__find_requires %{nil}' -D '__find_provides %{nil}' \
    -D '_unpackaged_files_terminate_build 1' \
    "$spec" >"$t/build.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
	grep -v '^+ ' "$t/build.log" | tail -60
	fail "rpmbuild of xen.spec on the Xen tree failed (the lines above say which files)"
fi
grep -E 'Installed \(but unpackaged\)|File not found' "$t/build.log" &&
	fail "rpmbuild reported file list errors"

# What each package holds, against the issue's list.
rpms=$t/top/RPMS/x86_64
for p in xen xen-libs xen-devel; do
	f=$(ls "$rpms"/$p-3.0.0-*.x86_64.rpm)
	rpm -qlp "$f" >"$t/$p.list"
	echo "$p: $(wc -l <"$t/$p.list") files"
done
has() { grep -qx "$2" "$t/$1.list" || fail "$1 lacks $2"; }
has xen /boot/xen.gz-3.0.0
has xen /boot/xen-syms-3.0.0
has xen /usr/lib64/python2.4/site-packages/grub/GrubConf.py
has xen /usr/lib64/python2.4/site-packages/fsimage.so
has xen /usr/lib64/python2.4/site-packages/xen/xend/XendDomain.py
has xen /usr/lib64/fs/ufs/fsimage.so
has xen /var/xen/dump
has xen /var/run/xend/boot
has xen /etc/xen/xend-config-xenapi.sxp
has xen /etc/xen/xm-config.xml
has xen /etc/xen/xm-config-xenapi.xml
has xen /etc/udev/xen-backend.rules
has xen /etc/udev/rules.d/xen-backend.rules
has xen /etc/rc.d/init.d/xend
has xen /usr/lib/xen/boot/hvmloader
has xen /usr/lib64/xen/bin/qemu-dm
has xen /usr/share/man/man1/xm.1
has xen /usr/share/man/man5/xmdomain.cfg.5
has xen /usr/share/man/man8/xentrace.8
has xen-libs /usr/lib64/libxenctrl.so.3.0
has xen-libs /usr/lib64/libxenstore.so.3.0
has xen-devel /usr/include/xen/xen.h
has xen-devel /usr/include/xen/foreign/x86_64.h
! grep -q '/hotplug/' "$t/xen.list" || fail "the hotplug agent is packaged beside the udev rules"
! grep -q 'xend.rules' "$t/xen.list" || fail "xend.rules (Xen 3.4) is packaged"
! grep -q 'xenfb\|vncfb\|sdlfb' "$t/xen.list" || fail "tools/xenfb (XENFB_TOOLS) is built"
! grep -q '^/boot/xen.gz$\|^/boot/xen-3' "$t/xen.list" || fail "Xen's /boot symlinks are packaged"
# The real config files are the tree's, byte for byte.
rpm2cpio "$(ls "$rpms"/xen-3.0.0-*.x86_64.rpm)" |
	(mkdir -p "$t/x" && cd "$t/x" && cpio -id --quiet ./etc/xen/xend-config.sxp)
tar -xzf "$archive" -O xen-3.1.0/tools/examples/xend-config.sxp |
	cmp - "$t/x/etc/xen/xend-config.sxp" || fail "xend-config.sxp is not the tree's"

# BuildRequires that the Makefiles need on EL5, and none that they do not.
rpmspec -q --buildrequires "$spec" >"$t/br"
for br in udev dev86 iasl /usr/include/gnu/stubs-32.h python-devel \
    openssl-devel zlib-devel libX11-devel gettext ncurses-devel perl; do
	grep -q "^$br\( \|$\)" "$t/br" || fail "no BuildRequires $br"
done
! grep -q 'libvncserver' "$t/br" || fail "BuildRequires libvncserver"
# The parsed %files, for the record.
rpmspec -P -D '_initrddir %{_sysconfdir}/rc.d/init.d' "$spec" | sed -n '/^%files/,/^%changelog/p' | grep -v '^#' | grep -v '^$' |
	sed -n '1,80p'
echo "ok"
