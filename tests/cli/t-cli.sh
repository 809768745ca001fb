#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The command line as a user meets it: every help text and the messages of
# the common mistakes, byte for byte against tests/cli/golden/ (run with
# UPDATE_GOLDEN=1 to rewrite them after a deliberate change), and the rules
# every help follows: `xeninfn help CMD` is `xeninfn CMD --help`, every
# option line has a description, every long option the command accepts is
# in its help.
set -eu
: "${XENINFN:?run through make check}"
G=$XENINFN_SRC/tests/cli/golden
T=$XENINFN_TMP
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# golden NAME ARGS...: runs xeninfn ARGS in $T (so paths stay short),
# compares "stdout, stderr, exit" with golden/NAME.
golden() {
	name=$1; shift
	set +e
	(cd "$T" && "$XENINFN" "$@") >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	{ cat "$T/out"; echo "--- stderr"; cat "$T/err"; echo "--- exit $rc"; } \
		>"$T/got"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/got" "$G/$name"
	elif ! diff -u "$G/$name" "$T/got"; then
		bad "xeninfn $*: output differs from golden/$name"
	fi
}

commands="build pxe render check fetch inspect config serve"

# Help texts.
golden help --help
golden help-cmd help
golden version --version
for c in $commands; do
	golden "help-$c" "$c" --help
	"$XENINFN" help "$c" >"$T/a"
	"$XENINFN" "$c" -h >"$T/b"
	cmp -s "$T/a" "$T/b" || bad "xeninfn help $c differs from $c -h"
	# Every option line is described: text after the 24-column left side
	# on the same line, or the option name alone with text on the next.
	awk '/^  -/ { if (length($0) <= 25) { print "bare: " $0 } }' "$T/a" \
		>"$T/bare"
	[ ! -s "$T/bare" ] || bad "$c --help: option without text: $(cat "$T/bare")"
	head -n 1 "$T/a" | grep -q "^Usage: xeninfn $c " ||
		bad "$c --help does not start with 'Usage: xeninfn $c'"
	grep -q '^Options:$' "$T/a" || bad "$c --help has no Options: section"
	grep -q '^Exit status:' "$T/a" || bad "$c --help has no exit status"
done
# Every long option the help names is accepted: given before --help (which
# stops the command) it never says "unrecognized".
for c in $commands; do
	for o in $(grep -o -- '--[a-z][a-z-]*' "$G/help-$c" | sort -u); do
		set +e
		"$XENINFN" "$c" "$o=x" --help </dev/null >/dev/null 2>"$T/e"
		set -e
		! grep -q "unrecognized option" "$T/e" ||
			bad "$c: help names $o but $c does not accept it"
	done
done

# Mistakes: one line that names it, then the pointer to --help; exit 2.
golden no-command
golden unknown-command biuld
golden unknown-command-far frobnicate
golden option-before-command -v build
golden help-unknown help biuld
golden typo-long build --outptu x
golden typo-short build -x
golden missing-arg build --output
golden missing-arg-short build -o
golden no-arg-allowed build --quiet=yes
golden ambiguous render --ho x
golden extra-arg render extra-arg
golden bad-value render --media=floppy
golden bad-set render -s tree.url
golden pxe-no-out pxe
golden inspect-none inspect
golden inspect-two inspect a.iso b.iso
golden check-both check -s boot.timeout=3 a.ks

# Profile mistakes: did you mean, a duplicated key with both lines.
cat >"$T/p.ini" <<'INI'
[tree]
url = http://mirror.example/sl51/
urll = http://mirror.example/
[netwrk]
ip = 10.0.0.2
[boot]
timeout = 10
[tree]
url = http://other.example/sl51/
INI
golden profile-mistakes render -p p.ini -s boot.timeot=3 -s bogus.key=1
# config: the effective profile with the origin of each value.
printf '[boot]\ntimeout = 10\n' >"$T/c.ini"
# (Not golden: other keys come and go.)
(cd "$T" && "$XENINFN" config -p c.ini -s boot.default=local) >"$T/config"
for want in '# profile: c.ini' 'boot.timeout = 10  # c.ini:2' \
    'boot.default = local  # -s' 'xen.version = 3.1.2  # default' \
    'rootpw.hash = !!  # default'; do
	grep -qxF "$want" "$T/config" || bad "config: no line '$want'"
done
"$XENINFN" config -s 'rootpw.hash=$1$abcdefgh$0123456789abcdefghijkl' |
	grep -qxF 'rootpw.hash = (an MD5-crypt hash)  # -s' ||
	bad "config shows the root password hash"
"$XENINFN" config --keys >"$T/keys"
grep -qx tree.url "$T/keys" && grep -qx boot.timeout "$T/keys" ||
	bad "config --keys lacks keys"
[ "$(wc -l <"$T/keys")" -eq "$(grep -c ' = ' "$T/config")" ] ||
	bad "config --keys and config list different keys"
exit $fail
