#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn fetch` against the fixture mirror served over HTTP on 127.0.0.1:
# a first run fetches and verifies, a second transfers nothing, a 404 on
# vmlinuz and a usage error give their exit codes.
. "$XENINFN_SRC/tests/fetch/lib.sh"
fetch() { timeout 120 "$XENINFN" fetch -s tree.url="$url" --cache "$T/cache" "$@"; }

fetch --packages > "$T/out1" 2> "$T/err1" || { cat "$T/err1"; exit 1; }
grep -q '^ROLE  *VERIFIED-BY  *SHA256  *URL  *CACHED-AS$' "$T/out1" || { cat "$T/out1"; exit 1; }
grep -q '^kernel  *\.treeinfo  *[0-9a-f]\{64\}  *http' "$T/out1" || { cat "$T/out1"; exit 1; }
grep -q '^repodata:primary  *repomd\.xml  *[0-9a-f]\{64\} ' "$T/out1" || exit 1
grep -q '^packages:  [0-9]*, in [0-9]* groups$' "$T/out1" || exit 1
grep -q "fetched ${url}images/pxeboot/vmlinuz" "$T/err1" || { cat "$T/err1"; exit 1; }

fetch > "$T/out2" 2> "$T/err2" || { cat "$T/err2"; exit 1; }
grep -q "unchanged ${url}images/pxeboot/vmlinuz" "$T/err2" || { cat "$T/err2"; exit 1; }
if grep -q '^xeninfn fetch: fetched' "$T/err2"; then echo "second run transferred"; exit 1; fi

rm "$T/tree/images/pxeboot/vmlinuz"
fetch > /dev/null 2> "$T/err3"; rc=$?
[ $rc -eq 1 ] || { echo "404 on vmlinuz: exit $rc"; exit 1; }
grep -q "images/pxeboot/vmlinuz: not found" "$T/err3" || { cat "$T/err3"; exit 1; }

fetch --bogus > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || { echo "usage error: exit $rc"; exit 1; }
echo ok
