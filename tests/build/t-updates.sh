#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Updates at install (tree.updates_url): Xen 3.1 needs the SL 5.1 errata
# kernel-xen 2.6.18-53.1.6, which is in the updates repository, not in the
# 5.1 tree (the fixture mirror has the same split).  With the updates
# repository the kickstart names it and the build goes through; without
# it `check` and `build` refuse, naming the requirement; an updates URL
# that answers 404 names the key and the URL; none of them writes a thing.
. "$XENINFN_SRC/tests/build/lib.sh"
out=$XENINFN_TMP/out
mkdir -p "$out"

# checks ARGS...: `xeninfn check` of the fixture profile.
checks() {
	# shellcheck disable=SC2046
	"$XENINFN" check $(fixture_args) --cache "$XENINFN_TMP/cache" "$@"
}
empty_out() {
	[ -z "$(ls -A "$out")" ] || fail "OUTDIR not empty after: $1: $(ls -A "$out")"
}

# 1. With the updates repository (the default: tree.url + updates/security/).
checks 2>"$XENINFN_TMP/check.err" || { cat "$XENINFN_TMP/check.err"; fail "check refused the fixture mirror"; }
grep -q "kernel-xen 2.6.18-53.1.6.el5 .* is in file://$MIRROR/updates/security/" \
	"$XENINFN_TMP/check.err" || fail "check did not say where kernel-xen comes from"
"$XENINFN" render $(fixture_args) >"$XENINFN_TMP/ks"
grep -qx 'repo --name=sl-security --baseurl=http://10.0.2.100:8080/updates/security/' \
	"$XENINFN_TMP/ks" || fail "no updates repo line derived from tree.install_url"
build_iso "$out/iso"
iso=$(only_iso "$out/iso")
grep -q '"updates:repodata:primary"' "$out/iso/manifest.json" ||
	grep -q 'updates:repodata:primary' "$out/iso/manifest.json" ||
	fail "manifest.json does not list the updates repository's primary data"
"$XORRISO" -osirrox on -indev "$iso" -extract /ks.cfg "$XENINFN_TMP/iso-ks.cfg" 2>/dev/null
grep -qx 'repo --name=sl-security --baseurl=http://10.0.2.100:8080/updates/security/' \
	"$XENINFN_TMP/iso-ks.cfg" || fail "the ISO's kickstart has no updates repo line"
rm -rf "$out/iso"

# 2. Without the updates repository: a copy of the mirror without it.
cp -a "$MIRROR" "$XENINFN_TMP/noupd"
rm -rf "$XENINFN_TMP/noupd/updates"
noupd="-s tree.url=file://$XENINFN_TMP/noupd"
# shellcheck disable=SC2086
expect_fail "tree.updates_url = file://$XENINFN_TMP/noupd/updates/security/ (default, tree.url + updates/security/): file://$XENINFN_TMP/noupd/updates/security/repodata/repomd.xml answers 404" \
	checks $noupd
# shellcheck disable=SC2086
expect_fail "answers 404" build_iso "$out" $noupd
empty_out "no updates repository"
# ... and turned off: a warning, then the refusal that names the need.
# shellcheck disable=SC2086
expect_fail "the install needs kernel-xen 2.6.18-53.1.6 or later" \
	build_iso "$out" $noupd -s tree.updates_url=
grep -q "warning: -s: tree.updates_url is empty" "$XENINFN_TMP/stderr" ||
	fail "no warning that updates are off"
grep -q "offers kernel-xen 2.6.18-53.el5" "$XENINFN_TMP/stderr" ||
	fail "the refusal does not say what the tree offers"
empty_out "updates off, 5.1 tree"
# shellcheck disable=SC2086
expect_fail "the install needs kernel-xen 2.6.18-53.1.6 or later" \
	checks $noupd -s tree.updates_url=
"$XENINFN" render $(fixture_args) -s tree.updates_url= >"$XENINFN_TMP/ks-off" 2>"$XENINFN_TMP/render.err"
! grep -q '^repo --name=sl-security' "$XENINFN_TMP/ks-off" ||
	fail "tree.updates_url= still renders an updates repo line"
grep -q "tree.updates_url is empty" "$XENINFN_TMP/render.err" || fail "render does not warn"

# ... a tree whose own repository has the errata kernel-xen needs no
# updates repository (as a tree with the errata merged in would).
cp "$MIRROR/updates/security/kernel-xen-2.6.18-53.1.6.el5.x86_64.rpm" "$XENINFN_TMP/noupd/SL/"
createrepo_c --quiet --no-database --simple-md-filenames "$XENINFN_TMP/noupd" >/dev/null
# shellcheck disable=SC2086
build_iso "$out/merged" $noupd -s tree.updates_url= 2>"$XENINFN_TMP/merged.err" ||
	{ cat "$XENINFN_TMP/merged.err"; fail "a tree with kernel-xen 53.1.6 was refused"; }
only_iso "$out/merged" >/dev/null
grep -q "is in file://$XENINFN_TMP/noupd/" "$XENINFN_TMP/merged.err" || fail "merged: where?"
rm -rf "$out/merged"

# 3. An updates URL that answers 404 over HTTP, and one that does not
# answer: clear error naming key and URL, exit 1, nothing written.
serve_dir "$MIRROR"
port=$HTTP_PORT
u=http://127.0.0.1:$port/updates/nothere/
expect_fail "tree.updates_url = $u (-s): ${u}repodata/repomd.xml answers 404" \
	build_iso "$out" -s tree.updates_url="$u"
empty_out "404 updates URL"
expect_fail "tree.updates_url = $u (-s)" checks -s tree.updates_url="$u"
# The same repository over HTTP is good.
checks -s tree.updates_url="http://127.0.0.1:$port/updates/security/" ||
	fail "the updates repository over HTTP was refused"
# An updates repository without kernel-xen 53.1.6: refused.
mkdir -p "$XENINFN_TMP/old/repodata"
cp "$MIRROR/SL/kernel-xen-2.6.18-53.el5.x86_64.rpm" "$XENINFN_TMP/old/"
createrepo_c --quiet --no-database "$XENINFN_TMP/old" >/dev/null
expect_fail "offers kernel-xen 2.6.18-53.el5" \
	build_iso "$out" -s tree.updates_url="file://$XENINFN_TMP/old/"
empty_out "old kernel-xen in the updates repository"
echo "updates: ok"
