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
expect_fail "images/pxeboot/vmlinuz: not found" fetch
expect_exit 2 "unrecognized option '--bogus'" fetch --bogus
echo ok
