#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# With SOURCE_DATE_EPOCH set, two builds of the same inputs, a second apart,
# from different caches and under different umasks, are byte-identical:
# ISO, SHA256SUMS, manifest.  (Rock Ridge owners and modes are normalised,
# so the builder's uid does not reach the ISO either.)
. "$XENINFN_SRC/tests/build/lib.sh"
export SOURCE_DATE_EPOCH=1196899200
build_iso "$XENINFN_TMP/a"
sleep 1
XENINFN_TMP_SAVED=$XENINFN_TMP
(umask 077; XENINFN_TMP=$XENINFN_TMP/second build_iso "$XENINFN_TMP/b")
XENINFN_TMP=$XENINFN_TMP_SAVED
for f in SHA256SUMS manifest.json; do
	cmp "$XENINFN_TMP/a/$f" "$XENINFN_TMP/b/$f" || fail "$f differs"
done
cmp "$(only_iso "$XENINFN_TMP/a")" "$(only_iso "$XENINFN_TMP/b")" ||
	fail "the two ISOs differ"
grep -q '"source_date_epoch": 1196899200' "$XENINFN_TMP/a/manifest.json" ||
	fail "manifest does not record SOURCE_DATE_EPOCH"
