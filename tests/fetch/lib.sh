# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the fetch tests: the fixture tree served over HTTP on
# 127.0.0.1 by tests/unit/httpd.py (serve_dir).  Sourced by
# tests/fetch/t-*.sh; fail and serve_dir come from tests/lib.sh.
set -u
. "$XENINFN_SRC/tests/lib.sh"
mirror="$XENINFN_B/fixtures/mirror-treeinfo"
[ -f "$mirror/.treeinfo" ] || { echo "no fixture mirror (make $mirror/.discinfo)"; exit 77; }
T=$XENINFN_TMP
cp -a "$mirror" "$T/tree"
serve_dir "$T"
port=$HTTP_PORT
base="http://127.0.0.1:$port"
url="$base/tree/"
