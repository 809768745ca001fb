#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The package index of a repository is read once per checksum: `xeninfn
# check` on the fixture mirror keeps what it read of repomd.xml and of the
# primary data of the tree and of updates/security in the cache, named by
# the files' sha256, and a second run reads none of their repodata (traced
# with strace) yet still refuses a package the tree lacks.  Damaged
# indexes (cut short, garbage, another format version) are made again and
# give the same answers; a tree whose primary data changed (a new checksum
# in repomd.xml) is read again and its new package seen.
. "$XENINFN_SRC/tests/build/lib.sh"
T=$XENINFN_TMP
cache=$T/cache
site=$T/site/kickstart/snippets
mkdir -p "$site"
args="$(fixture_args) -s kickstart.template_dir=$T/site"

packages() {	# LINES...: the site's packages snippet
	{ printf '%%packages --nobase\n'
	  printf '%s\n' kernel-xen xen xeninfn-tools "$@"; } >"$site/packages.ks"
}

# check [-s KEY=VALUE]...: xeninfn check of the site's kickstart
check() {
	# shellcheck disable=SC2086
	"$XENINFN" check $args --cache "$cache" "$@"
}

sha() { sha256sum "$1" | cut -c1-64; }

# The fetch layer trusts a file:// file's recorded digest only when its
# ctime is 2 s old (docs/fetch.md); a mirror made just now is read again.
for f in "$MIRROR"/repodata/* "$MIRROR"/updates/security/repodata/*; do
	while [ $(( $(date +%s) - $(stat -c %Z "$f") )) -lt 3 ]; do sleep 1; done
done

packages "@ core"
check || fail "valid packages refused"
tree_ix=$cache/primary-$(sha "$MIRROR/repodata/primary.xml.gz").v1
upd_ix=$cache/primary-$(sha "$MIRROR/updates/security/repodata/primary.xml.gz").v1
repomd_ix=$cache/repomd-$(sha "$MIRROR/repodata/repomd.xml").v1
for f in "$tree_ix" "$upd_ix" "$repomd_ix"; do
	[ -f "$f" ] || fail "no index $f; the cache has: $(ls "$cache")"
	cp "$f" "$f.good"
done
grep -q "^kernel-xen	x86_64	0	2.6.18	53.1.6.el5$" "$upd_ix" ||
	fail "the updates index lacks kernel-xen 2.6.18-53.1.6.el5"
pass "the first run keeps the indexes"

packages "no-such-package"
if command -v strace >/dev/null; then
	# shellcheck disable=SC2086
	expect_fail "package no-such-package is neither in" \
		strace -f -e trace=open,openat -o "$T/trace" "$XENINFN" check \
		$args --cache "$cache"
	grep -q "kickstart/snippets/packages.ks" "$T/trace" ||
		fail "the trace misses the opens"
	if grep "/repodata/" "$T/trace"; then
		fail "the second run read repodata"
	fi
	pass "a second run reads no repodata and refuses the missing package"
else
	expect_fail "package no-such-package is neither in" check
	echo "note: no strace, the reads of the second run are not traced"
fi

head -c 40 "$tree_ix.good" >"$tree_ix"
echo garbage >"$upd_ix"
sed '1s/^xeninfn-repo-index 1 /xeninfn-repo-index 0 /' "$repomd_ix.good" \
	>"$repomd_ix"
expect_fail "package no-such-package is neither in" check
packages "@ core"
check || fail "valid packages refused after the indexes were damaged"
for f in "$tree_ix" "$upd_ix" "$repomd_ix"; do
	cmp "$f" "$f.good" || fail "$f was not made again"
done
pass "damaged indexes are made again, with the same answers"

# A copy of the tree whose primary data gains a package.
cp -a "$MIRROR" "$T/tree"
url="-s tree.url=file://$T/tree"
packages "xeninfn-probe"
# shellcheck disable=SC2086
expect_fail "package xeninfn-probe is neither in" check $url
r=$T/tree/repodata
old=$(sha "$r/primary.xml.gz")
gzip -dc "$r/primary.xml.gz" | sed 's|</metadata>|<package type="rpm"><name>xeninfn-probe</name><arch>noarch</arch><version epoch="0" ver="1" rel="1"/></package></metadata>|' |
	gzip -n >"$r/primary.new"
mv "$r/primary.new" "$r/primary.xml.gz"
sed -i "s/$old/$(sha "$r/primary.xml.gz")/" "$r/repomd.xml"
# shellcheck disable=SC2086
check $url || fail "the package added to the primary data is not seen"
pass "a changed primary is read again"
echo "ok"
