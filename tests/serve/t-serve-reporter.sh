#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The reporter a host's kickstart carries (kickstart/snippets/report.ks),
# taken from a kickstart rendered by xeninfn pxe and run as the installer
# would: with Python 2 (urllib2; here 2.7, and its code is checked for
# anything newer than the 2.4 of anaconda 11.1), with no python but wget
# (busybox's, as in the stand-in installer), with only curl.  Each way the
# event reaches xeninfn serve with the text intact; a refused or
# unreachable report never fails the script that calls it.
. "$XENINFN_SRC/tests/serve/lib.sh"
serve_require
# The interpreter itself (pyenv's shim is a bash script).
PY2=$(PYENV_VERSION=${PYENV_VERSION:-2.7.18} python2 -c 'import sys, urllib2; print sys.executable' 2>/dev/null) ||
	{ echo "no Python 2: skipped"; exit 77; }
trap 'serve_stop KILL' EXIT

T=$XENINFN_TMP
printf 'hostname,mac\nrack1-n1,52:54:00:5d:00:01\nrack1-n2,52:54:00:5d:00:02\n' >"$T/hosts.csv"
mkdir -p "$T/tree/http"
serve_start "$T/tree"
SERVE_URL=$BASE serve_tree "$T/tree" "$T/hosts.csv"
ks=$T/tree/http/ks/rack1-n1.ks

# The function, as the first %pre defines it (the python it tries first,
# /usr/bin/python, left to PATH so that the test chooses).
awk '/^xeninfn_report\(\) \{/ { on = 1 } on { print } on && /^}/ { exit }' "$ks" |
	sed 's|for xr_p in /usr/bin/python python|for xr_p in python|' >"$T/report.sh"
grep -q "^	xr_url=$BASE/api/hosts/rack1-n1/events$" "$T/report.sh" || fail "no reporter in $ks"

# Its Python: nothing newer than 2.4 (no with, conditional expressions,
# "except ... as", try/except/finally in one, set or dict comprehensions,
# b'' literals, print()).
sed -n "/xr_py='/,/^'$/p" "$T/report.sh" | sed "1s/.*xr_py='//; \$d" >"$T/report.py"
$PY2 - "$T/report.py" <<'EOF2' || fail "the reporter's Python is not Python 2.4"
import ast, re, sys
src = open(sys.argv[1]).read()
tree = ast.parse(src)
bad = []
for node in ast.walk(tree):
    name = type(node).__name__
    if name in ("With", "IfExp", "SetComp", "DictComp", "Set"):
        bad.append(name)
    if name == "TryFinally" and node.body and type(node.body[0]).__name__ == "TryExcept":
        bad.append("try/except/finally")
for pat in (r"except [^:]* as ", r"\bb'", r'\bb"', r"print\("):
    if re.search(pat, src):
        bad.append(pat)
if bad:
    sys.stderr.write("post-2.4 Python: %s\n" % ", ".join(bad))
    sys.exit(1)
EOF2

bin=$T/bin
mkdir -p "$bin"
for t in od tr sed cat; do ln -sf "$(command -v "$t")" "$bin/$t"; done
# report WAY EVENT DETAIL: runs the function with only the tools of WAY.
report() {
	rm -f "$bin/python" "$bin/wget" "$bin/curl"
	case $1 in
	python)	printf '#!/bin/sh\nexec %s "$@"\n' "$PY2" >"$bin/python"
		chmod +x "$bin/python" ;;
	wget)	ln -s "$(command -v busybox)" "$bin/wget" ;;
	curl)	ln -s "$(command -v curl)" "$bin/curl" ;;
	esac
	PATH=$bin /bin/sh -c ". '$T/report.sh'; xeninfn_report \"\$0\" \"\$1\"; echo rc=\$?" "$2" "$3" 2>"$T/report.err"
}
detail='100% done & token=forged; "quoted" <b>'
for way in python wget curl; do
	check "$way: exit" "$(report "$way" pre "$way: $detail")" rc=0
	check "$way: recorded" "$(host_field rack1-n1 last_detail)" "$way: $detail"
	[ ! -s "$T/report.err" ] || { cat "$T/report.err"; fail "$way: the reporter complained"; }
done
check "python: vtcheck" "$(report python vtcheck capable)" rc=0
check "vtcheck column" "$(host_field rack1-n1 vtcheck)" capable

# Another host's kickstart cannot report for this one: the token is wrong.
sed "s|/api/hosts/rack1-n1/|/api/hosts/rack1-n2/|" "$T/report.sh" >"$T/forged.sh"
mv "$T/forged.sh" "$T/report.sh"
for way in python wget; do
	check "$way: forged, exit" "$(report "$way" error forged)" rc=0
	grep -q "could not report 'error'" "$T/report.err" || fail "$way: no message for the refused report"
done
check "rack1-n2 untouched" "$(host_field rack1-n2 state)/$(host_field rack1-n2 error)" waiting/

# serve down: the install goes on.
serve_stop
check "python, serve down" "$(report python pre x)" rc=0
check "wget, serve down" "$(report wget pre x)" rc=0
[ "$FAILS" -eq 0 ]
