# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the fetch tests: the fixture tree served over HTTP on
# 127.0.0.1 by tests/unit/httpd.py.  Sourced by tests/fetch/t-*.sh.
set -u
mirror="$XENINFN_B/fixtures/mirror-treeinfo"
[ -f "$mirror/.treeinfo" ] || { echo "no fixture mirror (make $mirror/.discinfo)"; exit 77; }
T=$XENINFN_TMP
cp -a "$mirror" "$T/tree"
python3 "$XENINFN_SRC/tests/unit/httpd.py" --root "$T" > "$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.5; done
port=$(sed -n 's/^PORT //p' "$T/port")
[ -n "$port" ] || { echo "test server did not start"; exit 1; }
base="http://127.0.0.1:$port"
url="$base/tree/"
