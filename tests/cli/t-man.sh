#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The manual pages: each renders without a warning (`man --warnings -l`,
# groff's checks); xeninfn(1) names every option of every command's
# --help, xeninfn-profile(5) every profile key, and each helper's page
# every option of its --help.  Then `make install` into a DESTDIR puts the
# pages, the documents and the completion where man and bash look, and
# `make uninstall` takes every file away again.
set -eu
: "${XENINFN:?run through make check}"
command -v man >/dev/null || { echo "no man (apt-get install man-db)"; exit 77; }
M=$XENINFN_B/man
T=$XENINFN_TMP
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

for p in xeninfn.1 xeninfn-profile.5 xeninfn-vtcheck.8 xeninfn-bridges.8 \
    xeninfn-dom0setup.8 xeninfn-guest.8; do
	[ -f "$M/$p" ] || { bad "$M/$p not made"; continue; }
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$M/$p" >"$T/$p.txt" 2>"$T/$p.err" ||
		bad "man -l $p failed"
	[ ! -s "$T/$p.err" ] || bad "$p: $(cat "$T/$p.err")"
	! grep -q '@[A-Z]*@' "$M/$p" || bad "$p: a @VAR@ left"
done
# Rendered text joins hyphenated words; compare on the plain words.
for c in build pxe render check fetch inspect config serve; do
	grep -Eq "^       $c( |$)" "$T/xeninfn.1.txt" || bad "xeninfn(1) lacks the command $c"
	for o in $("$XENINFN" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "$o" "$T/xeninfn.1.txt" || bad "xeninfn(1) lacks $c $o"
	done
done
for k in $("$XENINFN" config --keys); do
	grep -q -- "$k" "$T/xeninfn-profile.5.txt" || bad "xeninfn-profile(5) lacks $k"
done
for h in vtcheck bridges dom0setup guest; do
	bin=$XENINFN_B/post-install/xeninfn-$h
	[ -x "$bin" ] || continue
	for o in $("$bin" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		grep -q -- "$o" "$T/xeninfn-$h.8.txt" || bad "xeninfn-$h(8) lacks $o"
	done
done
for c in create backup restore list; do
	grep -Eq "^       $c( |$)" "$T/xeninfn-guest.8.txt" || bad "xeninfn-guest(8) lacks the command $c"
done

# Installed where man and bash-completion look, and removed again.
make -s -C "$XENINFN_SRC" install DESTDIR="$T/root" PREFIX=/usr >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; bad "make install"; }
MANPATH="$T/root/usr/share/man" man -w xeninfn-profile >/dev/null 2>&1 ||
	bad "man does not find xeninfn-profile(5) under the installed MANPATH"
for f in usr/bin/xeninfn usr/share/man/man1/xeninfn.1 \
    usr/share/man/man5/xeninfn-profile.5 usr/share/man/man8/xeninfn-vtcheck.8 \
    usr/share/man/man8/xeninfn-guest.8 \
    usr/share/doc/xeninfn/README.md usr/share/doc/xeninfn/docs/profile.md \
    usr/share/bash-completion/completions/xeninfn; do
	[ -f "$T/root/$f" ] || bad "make install did not install /$f"
done
make -s -C "$XENINFN_SRC" uninstall DESTDIR="$T/root" PREFIX=/usr >/dev/null 2>&1 ||
	bad "make uninstall"
left=$(find "$T/root" -type f)
[ -z "$left" ] || bad "make uninstall left: $left"
exit $fail
