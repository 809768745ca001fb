#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# rpmspecs/xen.spec: rpmspec parses it, the version comes from one macro,
# rpmlint reports no errors, and `make xen-rpm` (rpmspecs/xen-rpm.sh)
# says exactly what is missing where it cannot build, and hands mock an
# EL5-readable source RPM of the requested version where it can (a stand-in
# mock records what it was given: no EL5 build root exists here).
set -eu
: "${XENINFN_SRC:?run through make check}" "${XENINFN_TMP:?}"
command -v rpmspec >/dev/null || { echo "rpmspec not installed"; exit 77; }
spec=$XENINFN_SRC/rpmspecs/xen.spec
script=$XENINFN_SRC/rpmspecs/xen-rpm.sh
t=$XENINFN_TMP
. "$XENINFN_SRC/tests/lib.sh"

# One macro sets the version of all three packages; the release names
# XenINFN.
q() { timeout 60 rpmspec -q --qf '%{NAME} %{VERSION} %{RELEASE}\n' "$@" "$spec"; }
q >"$t/def"
q -D 'xen_version 3.1.4' >"$t/314"
cat "$t/def" "$t/314"
[ "$(awk '{print $1}' "$t/def" | sort | tr '\n' ' ')" = "xen xen-devel xen-libs " ] ||
	fail "subpackages are not xen, xen-libs, xen-devel"
[ "$(awk '$2 != "3.1.2"' "$t/def")" = "" ] || fail "default version not 3.1.2"
[ "$(awk '$2 != "3.1.4"' "$t/314")" = "" ] || fail "xen_version 3.1.4 not applied"
[ "$(awk '$3 !~ /xeninfn/' "$t/def")" = "" ] || fail "release does not name xeninfn"
timeout 60 rpmspec -P "$spec" >"$t/parsed"
grep -q '^/sbin/chkconfig --add xend$' "$t/parsed" || fail "%post lacks chkconfig --add xend"
grep -q '^/sbin/chkconfig --add xendomains$' "$t/parsed" || fail "%post lacks xendomains"
grep -q '^Requires:.*bridge-utils' "$t/parsed" || fail "no Requires bridge-utils"

if command -v rpmlint >/dev/null; then
	timeout 120 rpmlint -r "$XENINFN_SRC/rpmspecs/xen.rpmlintrc" "$spec" \
	    >"$t/lint" 2>&1 || { cat "$t/lint"; fail "rpmlint reports errors"; }
	cat "$t/lint"
	grep -q ' 0 errors' "$t/lint" || fail "rpmlint summary lacks 0 errors"
else
	echo "rpmlint not installed: lint part not run"
fi

# No tarball, no mock, not an EL5 host: every missing piece is named.
rc=0
MOCK=$t/no-such-mock REDHAT_RELEASE=$t/no-such-file \
    timeout 60 "$script" "$spec" "$t/src" "$t/out" 3.1.2 >"$t/msg" 2>&1 || rc=$?
cat "$t/msg"
[ "$rc" -eq 1 ] || fail "exit $rc, not 1, with nothing to build with"
grep -q "missing:" "$t/msg" || fail "no list of what is missing"
grep -q "$t/src/xen-3.1-testing-15502.tar.gz" "$t/msg" || fail "tarball not named"
grep -q "mock" "$t/msg" || fail "mock not named"
grep -q "docs/xen-rpms.md" "$t/msg" || fail "docs not named"

# Another version builds from its own release's source, never from the
# 3.1.2 changeset relabelled: the spec and the script agree on it.
[ "$(rpmspec -q --srpm -D 'xen_version 3.1.4' --qf '%{SOURCE}' "$spec")" = \
    xen-3.1.4.tar.gz ] || fail "xen_version 3.1.4 does not take xen-3.1.4.tar.gz"
rc=0
MOCK=$t/no-such-mock REDHAT_RELEASE=$t/no-such-file \
    timeout 60 "$script" "$spec" "$t/src" "$t/out" 3.1.4 >"$t/msg" 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q "$t/src/xen-3.1.4.tar.gz" "$t/msg" ||
	fail "make xen-rpm XEN_VERSION=3.1.4 does not ask for xen-3.1.4.tar.gz"
rc=0
timeout 60 "$script" "$spec" "$t/src" "$t/out" '3.1.4;x' >"$t/msg" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "a malformed version exits $rc, not 2"

# A mock without the config: the config is named.
mkdir -p "$t/bin" "$t/src"
cat >"$t/bin/mock" <<'MOCK'
#!/bin/sh
# Stand-in mock: knows no config unless MOCK_OK is set; records argv.
printf '%s\n' "$@" >>"$MOCK_LOG"
for a; do [ "$a" = --debug-config ] && { [ -n "${MOCK_OK:-}" ]; exit $?; }; done
for a; do case $a in *.src.rpm) cp "$a" "$MOCK_LOG.srpm" ;; esac; done
exit 0
MOCK
chmod +x "$t/bin/mock"
export MOCK_LOG="$t/mock.log"
rc=0
MOCK=$t/bin/mock timeout 60 "$script" "$spec" "$t/src" "$t/out" 3.1.2 \
    >"$t/msg" 2>&1 || rc=$?
cat "$t/msg"
[ "$rc" -eq 1 ] || fail "exit $rc without a mock config"
grep -q "mock config named epel-5-x86_64" "$t/msg" || fail "config not named"

# Tarball and a mock that has the config: mock gets the version and a
# source RPM that rpm 4.4.2 can unpack.
mkdir -p "$t/xen-3.1.4"
echo fixture >"$t/xen-3.1.4/README"
tar -C "$t" -czf "$t/src/xen-3.1.4.tar.gz" xen-3.1.4
: >"$MOCK_LOG"
MOCK_OK=1 MOCK=$t/bin/mock RPMBUILD=${RPMBUILD:-rpmbuild} \
    timeout 120 "$script" "$spec" "$t/src" "$t/out" 3.1.4 >"$t/msg" 2>&1 ||
	{ cat "$t/msg"; fail "xen-rpm.sh failed with mock available"; }
cat "$MOCK_LOG"
grep -qx 'epel-5-x86_64' "$MOCK_LOG" || fail "mock not run with epel-5-x86_64"
grep -qx 'xen_version 3.1.4' "$MOCK_LOG" || fail "version not passed to mock"
grep -qx 'xen_tarball xen-3.1.4' "$MOCK_LOG" || fail "3.1.4's own source not passed to mock"
srpm=$MOCK_LOG.srpm
[ -f "$srpm" ] || fail "no source RPM given to mock"
got=$(rpm -qp --nosignature --qf '%{VERSION} %{PAYLOADCOMPRESSOR} %{FILEDIGESTALGO}\n' "$srpm")
echo "source RPM: $got"
case $got in
"3.1.4 gzip (none)"|"3.1.4 gzip 1") ;;
*) fail "source RPM is '$got', not 3.1.4 with gzip payload and MD5" ;;
esac
echo "ok"
