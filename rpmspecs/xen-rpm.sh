#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `make xen-rpm`: builds xen, xen-libs and xen-devel from rpmspecs/xen.spec
# in an EL5 build root, so they link against glibc 2.5 and carry what
# rpm 4.4.2 reads (gzip payload, MD5 file digests).
#
#   xen-rpm.sh SPEC SRCDIR OUTDIR VERSION
#
# SRCDIR holds the source tarball the spec names; OUTDIR gets the RPMs.
# Build roots, in order: mock with the epel-5-x86_64 config, else rpmbuild
# on a Scientific Linux / RHEL 5 host.  Where neither exists, or the
# tarball is missing, it lists every missing piece and exits 1.
# Env: MOCK (default mock), MOCK_CONFIG (default epel-5-x86_64),
# RPMBUILD (default rpmbuild), REDHAT_RELEASE (default /etc/redhat-release),
# XEN_TARBALL (the source's base name for another release, e.g. xen-3.1.4;
# default: the spec's xen-3.1-testing-<cset>).
set -eu

[ $# -eq 4 ] || { echo "usage: $0 SPEC SRCDIR OUTDIR VERSION" >&2; exit 2; }
spec=$1 srcdir=$2 out=$3 version=$4
MOCK=${MOCK:-mock}
MOCK_CONFIG=${MOCK_CONFIG:-epel-5-x86_64}
RPMBUILD=${RPMBUILD:-rpmbuild}
REDHAT_RELEASE=${REDHAT_RELEASE:-/etc/redhat-release}

case $version in ''|*[!0-9.]*|.*|*.)
	echo "make xen-rpm: XEN_VERSION=$version: expected a version such as 3.1.4" >&2
	exit 2 ;;
esac

# The spec's own choice (xen_tarball): the 3.1.2 changeset, else the
# release's tarball; said again here for hosts without rpmspec (EL5).
case $version in
3.1.2)	dflt=xen-3.1-testing-15502 ;;
*)	dflt=xen-$version ;;
esac
base=${XEN_TARBALL:-$dflt}
case $base in ''|*[!A-Za-z0-9._+-]*)
	echo "make xen-rpm: XEN_TARBALL=$base: expected a base name such as xen-3.1.4" >&2
	exit 2 ;;
esac
tarball=$base.tar.gz

missing=""
need() { missing="$missing
  - $1"; }

if [ ! -f "$srcdir/$tarball" ]; then
	case $base in
	xen-3.1-testing-*)
		need "the source tarball $srcdir/$tarball:
      hg clone http://xenbits.xen.org/hg/xen-3.1-testing.hg
      hg -R xen-3.1-testing.hg archive -r ${base#xen-3.1-testing-} -t tgz \\
          -p $base $srcdir/$tarball" ;;
	*)
		need "the source tarball $srcdir/$tarball (Xen's source with
      top directory $base/)" ;;
	esac
fi

how=""
if command -v "$MOCK" >/dev/null 2>&1; then
	if "$MOCK" -r "$MOCK_CONFIG" --debug-config >/dev/null 2>&1; then
		how=mock
	else
		need "a mock config named $MOCK_CONFIG ($MOCK is installed, but
      knows no such config: EPEL 5 is archived, so write
      /etc/mock/$MOCK_CONFIG.cfg pointing at the CentOS 5 / EPEL 5
      vault repositories; docs/xen-rpms.md has one)"
	fi
elif grep -qs 'release 5' "$REDHAT_RELEASE"; then
	how=rpmbuild
else
	need "an EL5 build root: either mock (not in PATH; on Fedora or
      EL: dnf install mock, then add the $MOCK_CONFIG config) or an
      SL / RHEL 5 x86_64 host to run rpmbuild on ($REDHAT_RELEASE
      does not say release 5)"
fi

if [ -n "$missing" ]; then
	echo "make xen-rpm: cannot build the Xen $version RPMs here; missing:$missing" >&2
	echo "See docs/xen-rpms.md for the whole procedure." >&2
	exit 1
fi

mkdir -p "$out"
top=$(mktemp -d "${TMPDIR:-/tmp}/xeninfn-xen-rpm.XXXXXX")
trap 'rm -rf "$top"' EXIT
mkdir -p "$top/SOURCES"
cp "$srcdir/$tarball" "$top/SOURCES/"
case $how in
mock)
	# The source RPM is made here but unpacked by rpm 4.4.2 inside
	# the build root: gzip payload and MD5 digests only.
	"$RPMBUILD" -bs -D "_topdir $top" -D "xen_version $version" \
	    -D "xen_tarball $base" -D '_source_filedigest_algorithm 1' \
	    -D '_source_payload w9.gzdio' "$spec"
	"$MOCK" -r "$MOCK_CONFIG" --resultdir "$out" \
	    --define "xen_version $version" --define "xen_tarball $base" \
	    --rebuild "$top"/SRPMS/*.src.rpm
	;;
rpmbuild)
	"$RPMBUILD" -bb -D "_topdir $top" -D "xen_version $version" \
	    -D "xen_tarball $base" "$spec"
	cp "$top"/RPMS/x86_64/*.rpm "$out/"
	;;
esac
echo "make xen-rpm: the RPMs are in $out; sign them before use:"
echo "  rpmsign --addsign --rpmv3 -D '_gpg_name YOUR KEY' $out/*.rpm"
