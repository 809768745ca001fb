# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# Shared by the tests of `xeninfn serve`: a PXE tree of the fixture
# inputs with pxe.serve_url set, serve started and stopped, and requests.
. "$XENINFN_SRC/tests/pxe/lib.sh"
SERVE_URL=http://10.0.2.100:8080

# serve_require: exits 77 (skip) without curl and jq.
serve_require() {
	command -v curl >/dev/null && command -v jq >/dev/null ||
		{ echo "curl and jq are needed: skipped"; exit 77; }
}

# serve_tree OUTDIR HOSTS.csv [ARGS...]: xeninfn pxe with pxe.serve_url.
serve_tree() {
	out=$1 hosts=$2
	shift 2
	pxe "$out" --hosts "$hosts" -s "pxe.serve_url=$SERVE_URL" "$@" \
		2>"$XENINFN_TMP/pxe.err" || { cat "$XENINFN_TMP/pxe.err"; fail "xeninfn pxe"; }
}

# serve_start TREE [ARGS...]: starts xeninfn serve on a free port of
# 127.0.0.1, its requests logged to $XENINFN_TMP/serve.log; sets
# SERVE_PID and BASE (http://127.0.0.1:PORT).
serve_start() {
	tree=$1
	shift
	: >"$XENINFN_TMP/serve.err"
	"$XENINFN" serve -o "$tree" --listen 127.0.0.1:0 "$@" \
		>>"$XENINFN_TMP/serve.log" 2>"$XENINFN_TMP/serve.err" &
	SERVE_PID=$!
	n=0
	until port=$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$XENINFN_TMP/serve.err") &&
	    [ -n "$port" ]; do
		n=$((n + 1))
		if [ "$n" -gt 100 ] || ! kill -0 "$SERVE_PID" 2>/dev/null; then
			cat "$XENINFN_TMP/serve.err" >&2
			fail "xeninfn serve did not start"
		fi
		sleep 0.1
	done
	BASE=http://127.0.0.1:$port
}

# serve_stop [SIGNAL]: stops the serve of serve_start (TERM by default).
serve_stop() {
	[ -n "${SERVE_PID:-}" ] || return 0
	kill "-${1:-TERM}" "$SERVE_PID" 2>/dev/null || true
	wait "$SERVE_PID" 2>/dev/null || true
	SERVE_PID=""
}

# token_of TREE HOST: the host's token from the tree's state.
token_of() {
	awk -v h="$2" '$1 == h { print $2 }' "$1/.xeninfn-pxe-tokens"
}

# status URL [CURL ARGS...]: the HTTP status of a request (body to
# $XENINFN_TMP/body).
status() {
	url=$1
	shift
	curl -s -o "$XENINFN_TMP/body" -w '%{http_code}' "$@" "$url"
}

# event HOST TOKEN EVENT [DETAIL]: POSTs an event; prints the status.
event() {
	status "$BASE/api/hosts/$1/events" --data-urlencode "token=$2" \
		--data-urlencode "event=$3" --data-urlencode "detail=${4:-}"
}

# host_field HOST FIELD: a field of GET /api/hosts/HOST.
host_field() {
	curl -s "$BASE/api/hosts/$1" | jq -r ".$2 // empty"
}

# check NAME GOT WANT: counts a failure when they differ.
FAILS=0
check() {
	if [ "$2" = "$3" ]; then
		echo "ok: $1 = $2"
	else
		echo "FAIL: $1: got '$2', want '$3'" >&2
		FAILS=$((FAILS + 1))
	fi
}
