#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The status page of xeninfn serve in a real browser: headless Chromium
# (Debian's chromium) loads it, its script reads /api/hosts, and the rows
# it rendered are read back from the DOM (tests/serve/rows.py): one row a
# host in name order, the summary line, a filter and a descending sort
# (?filter=, ?sort=-KEY), and a detail holding markup shown as text, never
# made an element.
. "$XENINFN_SRC/tests/serve/lib.sh"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || { echo "no chromium (Debian: apt-get install chromium): skipped"; exit 77; }
serve_require
trap 'serve_stop KILL' EXIT
T=$XENINFN_TMP
cat >"$T/hosts.csv" <<EOF2
hostname,mac
web2,52:54:00:60:00:02
db1,52:54:00:60:00:01
app3,52:54:00:60:00:03
xen4,52:54:00:60:00:04
EOF2
serve_tree "$T/tree" "$T/hosts.csv"
serve_start "$T/tree"
tok() { token_of "$T/tree" "$1"; }
check "db1 pre" "$(event db1 "$(tok db1)" pre x)" 200
check "web2 refused" "$(event web2 "$(tok web2)" vtcheck '<img src=x onerror=alert(1)> no VT-x')" 200
check "app3 post" "$(event app3 "$(tok app3)" post ok)" 200

# page NAME QUERY: the rendered rows of /QUERY into $T/NAME.rows.
page() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T/chromium" --virtual-time-budget=8000 \
		--dump-dom "$BASE/$2" >"$T/$1.html" 2>"$T/chromium.err" ||
		{ cat "$T/chromium.err"; fail "chromium --dump-dom"; }
	python3 "$XENINFN_SRC/tests/serve/rows.py" "$T/$1.html" >"$T/$1.rows"
}
page all ""
check "summary" "$(head -n 1 "$T/all.rows")" "1 installed / 1 installing / 1 waiting / 1 failed (4 hosts)"
check "rows" "$(sed 1d "$T/all.rows" | cut -d'|' -f1-3)" "app3|installed|52:54:00:60:00:03
db1|installing|52:54:00:60:00:01
web2|failed|52:54:00:60:00:02
xen4|waiting|52:54:00:60:00:04"
check "web2's error as text" "$(grep '^web2|' "$T/all.rows" | cut -d'|' -f6)" "<img src=x onerror=alert(1)> no VT-x"
check "no element from a host's text" "$(grep -c '<img' "$T/all.html")" 0
page filtered "?filter=fail"
check "filter" "$(sed 1d "$T/filtered.rows" | cut -d'|' -f1)" web2
page sorted "?sort=-name"
check "sort descending" "$(sed 1d "$T/sorted.rows" | cut -d'|' -f1 | tr '\n' ' ')" "xen4 web2 db1 app3 "
page bystate "?sort=state"
check "sort by state" "$(sed 1d "$T/bystate.rows" | cut -d'|' -f2 | tr '\n' ' ')" "failed installed installing waiting "
serve_stop
[ "$FAILS" -eq 0 ]
