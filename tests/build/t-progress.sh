#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Mastering says how far it is, as a user sees it: on a terminal (a pty
# here) xorriso's own UPDATE lines become one progress line redrawn in
# place ("xeninfn build: mastering: N files added", "... N% done"), then
# cleared; in a log (a pipe) one quiet line per step and no progress
# line, no raw tool output; with -v xorriso's raw output.
. "$XENINFN_SRC/tests/build/lib.sh"
T=$XENINFN_TMP

# On a pty: the builder's stderr as the terminal got it, \r and all.
# shellcheck disable=SC2046
python3 - "$T/tty.log" "$XENINFN" build $(fixture_args) \
	--cache "$T/cache" -o "$T/out1" <<'PY' || fail "build on a pty"
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[2:], stdin=slave, stdout=slave, stderr=slave)
os.close(slave)
got = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:         # EIO: the child closed the pty
        break
    if not chunk:
        break
    got += chunk
open(sys.argv[1], "wb").write(got)
sys.exit(p.wait())
PY
tr '\r' '\n' <"$T/tty.log" >"$T/tty.lines"
grep -Eq '^xeninfn build: mastering: ([0-9]+ files added|[0-9]+% done)' \
	"$T/tty.lines" || { cat "$T/tty.lines"; fail "no mastering progress line on the terminal"; }
grep -q "xorriso : UPDATE" "$T/tty.lines" && fail "raw xorriso lines on the terminal"
echo "info: progress lines seen:"
grep -E '^xeninfn build: mastering: ' "$T/tty.lines" | sed 's/\x1b\[K//; s/^/  /'

# In a log: the step's one line, nothing drawn, nothing of xorriso's.
build_iso "$T/out2" 2>"$T/log" >/dev/null || { cat "$T/log"; fail "build into a log"; }
grep -q '^xeninfn build: mastering XenINFN-.*\.iso$' "$T/log" || fail "no mastering line in the log"
if grep -q "$(printf '\r')" "$T/log" || grep -q "UPDATE" "$T/log"; then
	cat "$T/log"; fail "progress or tool output in the log"
fi

# -v: xorriso's raw output.
build_iso "$T/out3" -v 2>"$T/vlog" >/dev/null || { cat "$T/vlog"; fail "build -v"; }
grep -q "^xorriso : UPDATE :" "$T/vlog" || { cat "$T/vlog"; fail "no raw xorriso output with -v"; }
