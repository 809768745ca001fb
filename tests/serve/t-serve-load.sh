#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 500 clients at once against xeninfn serve, each fetching a host's
# kickstart and posting an event of its own (tests/serve/load.py): every
# request is answered, and every event and kickstart fetch is in the
# hosts' records, also after serve is killed with SIGKILL and started
# again.  Counts only, never times.
. "$XENINFN_SRC/tests/serve/lib.sh"
serve_require
trap 'serve_stop KILL' EXIT
T=$XENINFN_TMP
CLIENTS=500
HOSTS=100

{
	echo hostname,mac
	i=0
	while [ "$i" -lt "$HOSTS" ]; do
		printf 'node%03d,52:54:00:5e:%02x:%02x\n' "$i" $((i / 256)) $((i % 256))
		i=$((i + 1))
	done
} >"$T/hosts.csv"
serve_tree "$T/tree" "$T/hosts.csv"
serve_start "$T/tree"
python3 "$XENINFN_SRC/tests/serve/load.py" "$BASE" "$T/tree/.xeninfn-pxe-tokens" "$CLIENTS" ||
	fail "some clients failed"

# counts: "kickstarts events details" over all hosts, from the API.
counts() {
	i=0
	: >"$T/all"
	while [ "$i" -lt "$HOSTS" ]; do
		curl -s "$BASE/api/hosts/$(printf 'node%03d' "$i")" >>"$T/all"
		i=$((i + 1))
	done
	jq -r '.events[] | [.event, .detail] | @tsv' "$T/all" |
		awk -F '\t' '$1 == "kickstart" { k++ } $1 == "pre" { e++; d[$2] = 1 }
		    END { n = 0; for (x in d) n++; print k + 0, e + 0, n }'
}
check "kickstart fetches, events, distinct details" "$(counts)" "$CLIENTS $CLIENTS $CLIENTS"
check "log lines" "$(grep -c '^127.0.0.1 "\(GET /ks/\|POST /api/\)' "$T/serve.log")" $((2 * CLIENTS))
serve_stop KILL
serve_start "$T/tree"
check "after SIGKILL and a restart" "$(counts)" "$CLIENTS $CLIENTS $CLIENTS"
check "summary" "$(curl -s "$BASE/api/hosts" | jq -c .summary)" \
	"{\"installed\":0,\"installing\":$HOSTS,\"waiting\":0,\"failed\":0,\"total\":$HOSTS}"
serve_stop
[ "$FAILS" -eq 0 ]
