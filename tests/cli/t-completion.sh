#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion (completion/xeninfn), sourced into bash and asked as
# bash asks it: COMP_WORDS and COMP_CWORD set, COMPREPLY read back.
set -eu
: "${XENINFN:?run through make check}"
command -v bash >/dev/null || { echo "no bash"; exit 77; }
cd "$XENINFN_TMP"
mkdir sub && touch a.iso b.txt site.ini
# complete WORD...: the completion of the last word, sorted, one line.
cat >complete.bash <<'SH'
. "$XENINFN_SRC/completion/xeninfn"
COMP_WORDS=("$XENINFN" "$@")
COMP_CWORD=$#
_xeninfn
printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
SH
complete() { bash complete.bash "$@"; }
fail=0
expect() {
	want=$1; shift
	got=$(complete "$@")
	[ "$got" = "$want" ] || { echo "FAIL: complete '$*': got '$got', want '$want'"; fail=1; }
}
expect "build" b
expect "check config" c
expect "--help --version" --
expect "inspect" help i
expect "--keep-old" build --keep
expect "--cache" pxe --output x --c
expect "--hosts" pxe -o x --ho
expect "--json" inspect --j
expect "--packages --profile" fetch --p
expect "boot.console= boot.default= boot.extra_args= boot.timeout=" build -s boot.
expect "tree.url=" render --set tree.ur
expect "" build -s boot.timeout=
expect "cdrom pxe" render --media ""
expect "a.iso sub" inspect ""
expect "site.ini" build -p si
expect "sub" build -o s
exit $fail
