#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The libraries xeninfn loads (builder/lazy.c): the binary needs libc,
# libinih and libjansson only, and the heavy ones are loaded by the
# commands that use them: `xeninfn --version` and `xeninfn check` of a
# profile whose tree is a file:// URL never load libcurl (nor OpenSSL),
# a fetch over HTTP does, and says what to install when it is missing.
# What the dynamic loader says (LD_DEBUG=files), not how long it takes.
. "$XENINFN_SRC/tests/build/lib.sh"

needed=$(readelf -d "$XENINFN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
	sort | tr '\n' ' ')
[ "$needed" = "libc.so.6 libinih.so.1 libjansson.so.4 " ] ||
	fail "xeninfn needs $needed; want libc.so.6 libinih.so.1 libjansson.so.4"
pass "NEEDED: $needed"

# loaded ARGS...: the libraries xeninfn ARGS loaded, one a line.
loaded() {
	LD_DEBUG=files "$XENINFN" "$@" 2>&1 >/dev/null |
		sed -n 's|.*calling init: .*/||p' | sort -u
}

loaded --version >"$XENINFN_TMP/version"
grep -qx libjansson.so.4 "$XENINFN_TMP/version" ||
	fail "LD_DEBUG=files shows no libjansson.so.4: $(cat "$XENINFN_TMP/version")"
[ "$(wc -l <"$XENINFN_TMP/version")" -eq 4 ] ||
	fail "xeninfn --version loads more than ld.so, libc, libinih and libjansson: $(cat "$XENINFN_TMP/version")"
pass "xeninfn --version loads $(tr '\n' ' ' <"$XENINFN_TMP/version")"

# shellcheck disable=SC2046
loaded check $(fixture_args) --cache "$XENINFN_TMP/cache" >"$XENINFN_TMP/check"
grep -qx libc.so.6 "$XENINFN_TMP/check" ||
	fail "xeninfn check failed or LD_DEBUG said nothing: $(cat "$XENINFN_TMP/check")"
if grep -E '^lib(curl|ssl|crypto|microhttpd)\.' "$XENINFN_TMP/check"; then
	fail "xeninfn check of a file:// tree loads the libraries above"
fi
pass "xeninfn check of a file:// tree loads no libcurl"

# And the same tree over HTTP does load it.
serve_dir "$MIRROR"
loaded fetch -s tree.url="http://127.0.0.1:$HTTP_PORT/" \
	--cache "$XENINFN_TMP/cache" >"$XENINFN_TMP/fetch"
grep -qx libcurl.so.4 "$XENINFN_TMP/fetch" ||
	fail "xeninfn fetch over HTTP did not load libcurl: $(cat "$XENINFN_TMP/fetch")"
pass "xeninfn fetch over HTTP loads libcurl"

# Without libcurl (an empty file bound over it, in a mount namespace of
# our own; skipped where that is not allowed): the fetch stops with the
# package to install, and check of the file:// tree does not miss it.
so=$(ldconfig -p | awk '$1 == "libcurl.so.4" { print $NF; exit }')
# without_curl ARGS...: xeninfn ARGS where libcurl cannot be loaded.
without_curl() {
	unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' \
		sh "$so" "$XENINFN" "$@"
}
if [ -z "$so" ] || ! unshare -m true 2>/dev/null; then
	echo "skip: no mount namespace here (or no libcurl.so.4 in ldconfig -p)"
else
	expect_fail "cannot load libcurl.so.4 (needed by this command): " \
		without_curl fetch -s tree.url="http://127.0.0.1:$HTTP_PORT/" \
		--cache "$XENINFN_TMP/cache"
	grep -q "; install the libcurl4 package$" "$XENINFN_TMP/stderr" ||
		fail "no package named: $(cat "$XENINFN_TMP/stderr")"
	# shellcheck disable=SC2046
	without_curl check $(fixture_args) --cache "$XENINFN_TMP/cache" \
		>"$XENINFN_TMP/check.log" 2>&1 ||
		fail "xeninfn check of a file:// tree needs libcurl: $(cat "$XENINFN_TMP/check.log")"
	pass "without libcurl: fetch over HTTP says what to install, check works"
fi
echo "all passed"
