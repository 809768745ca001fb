#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xeninfn serve on a tree of xeninfn pxe with pxe.serve_url: files of
# http/ and nothing outside it, a log line a request, bounded requests;
# each host's token in its own kickstart only and stable across re-runs;
# events with the right token recorded, a wrong, missing or other host's
# token refused with 403 and nothing changed; the post event switches the
# host to local boot exactly as `xeninfn pxe --done` does; the admin
# reinstall call puts the install config back; a serve killed with
# SIGKILL keeps what it acknowledged, and the next one goes on from there.
. "$XENINFN_SRC/tests/serve/lib.sh"
serve_require
trap 'serve_stop KILL' EXIT

T=$XENINFN_TMP
cat >"$T/hosts.csv" <<EOF2
hostname,mac
alpha,52:54:00:5c:00:01
beta,52:54:00:5c:00:02
gamma,52:54:00:5c:00:03
EOF2
serve_tree "$T/tree" "$T/hosts.csv"
ta=$(token_of "$T/tree" alpha) tb=$(token_of "$T/tree" beta)
check "token file mode" "$(stat -c %a "$T/tree/.xeninfn-pxe-tokens")" 600
check "alpha's token in alpha's kickstart" "$(grep -c "$ta" "$T/tree/http/ks/alpha.ks")" 6
check "alpha's token in no other file" "$(grep -rl "$ta" "$T/tree/http" "$T/tree/tftp" | sed "s|$T/tree/||")" http/ks/alpha.ks
check "no token in default.ks" "$(grep -c xeninfn_report "$T/tree/http/ks/default.ks")" 0
"$XENINFN" check "$T/tree/http/ks/alpha.ks" || fail "alpha.ks fails xeninfn check"

# A re-run keeps every token and rewrites nothing; a new host gets one.
serve_tree "$T/tree" "$T/hosts.csv"
grep -q "0 files written" "$T/pxe.err" || fail "re-run wrote files: $(cat "$T/pxe.err")"
check "alpha's token after a re-run" "$(token_of "$T/tree" alpha)" "$ta"
echo "delta,52:54:00:5c:00:04" >>"$T/hosts.csv"
serve_tree "$T/tree" "$T/hosts.csv"
check "beta's token after delta came" "$(token_of "$T/tree" beta)" "$tb"
[ -n "$(token_of "$T/tree" delta)" ] || fail "delta has no token"

serve_start "$T/tree"
# Files: http/ only.
check "GET ks" "$(status "$BASE/ks/beta.ks")" 200
cmp -s "$T/body" "$T/tree/http/ks/beta.ks" || fail "GET /ks/beta.ks differs from the file"
check "HEAD ks" "$(status "$BASE/ks/beta.ks" -I)" 200
for p in /../.xeninfn-pxe-tokens /%2e%2e/.xeninfn-pxe-tokens /ks/../../.xeninfn-pxe-tokens \
    /ks/%2e%2e/%2e%2e/tftp/pxelinux.cfg/default /ks /nonexistent; do
	check "GET $p" "$(status "$BASE$p" --path-as-is)" 404
done
ln -s "$T/tree/.xeninfn-pxe-tokens" "$T/tree/http/ks/link.ks"
check "GET through a symlink out of http/" "$(status "$BASE/ks/link.ks")" 404
rm "$T/tree/http/ks/link.ks"
check "DELETE" "$(status "$BASE/ks/beta.ks" -X DELETE)" 405
head -c 5000 /dev/zero | tr '\0' a >"$T/big"
check "POST body over 4 KB" "$(status "$BASE/api/hosts/alpha/events" --data-binary "@$T/big" -H 'Content-Type: application/x-www-form-urlencoded')" 413
check "64 KB header" "$(status "$BASE/ks/beta.ks" -H "X-Big: $(head -c 65536 /dev/zero | tr '\0' b)")" 431
grep -q '^127.0.0.1 "GET /ks/beta.ks" 200 ' "$T/serve.log" || fail "no log line for GET /ks/beta.ks"

# Events.
check "GET ks is an event" "$(host_field beta last_event)" kickstart
check "beta installing" "$(host_field beta state)" installing
check "pre, right token" "$(event alpha "$ta" pre "pre-install scripts started")" 200
check "alpha installing" "$(host_field alpha state)" installing
check "event with beta's token for alpha" "$(event alpha "$tb" error forged)" 403
check "event without a token" "$(status "$BASE/api/hosts/alpha/events" --data event=error)" 403
check "event for a host not in the tree" "$(event nosuch "$ta" pre)" 404
check "unknown event" "$(event alpha "$ta" reboot)" 400
check "alpha unchanged by the refusals" "$(host_field alpha state)/$(host_field alpha last_event)/$(host_field alpha error)" installing/pre/
check "vtcheck refused" "$(event beta "$tb" vtcheck "refused: no VT-x")" 200
check "beta failed" "$(host_field beta state)" failed
check "beta's error" "$(host_field beta error)" "refused: no VT-x"
check "vtcheck capable" "$(event alpha "$ta" vtcheck capable)" 200
check "packages" "$(event alpha "$ta" packages "package installation started")" 200
cp "$T/tree/tftp/pxelinux.cfg/$(cfg_of 52:54:00:5c:00:01)" "$T/alpha-install.cfg"
check "post" "$(event alpha "$ta" post ok)" 200
check "alpha installed" "$(host_field alpha state)" installed
check "alpha's vtcheck" "$(host_field alpha vtcheck)" capable
cmp -s "$T/tree/tftp/pxelinux.cfg/$(cfg_of 52:54:00:5c:00:01)" "$T/tree/tftp/pxelinux.cfg/local" ||
	fail "alpha's config is not the local boot after the post event"
check "done list" "$(cat "$T/tree/.xeninfn-pxe-done")" alpha
# The same as `xeninfn pxe --done` on a copy of the tree as it was.
cp -a "$T/tree" "$T/tree2"
cp "$T/alpha-install.cfg" "$T/tree2/tftp/pxelinux.cfg/$(cfg_of 52:54:00:5c:00:01)"
rm "$T/tree2/.xeninfn-pxe-done"
"$XENINFN" pxe --done alpha -o "$T/tree2" 2>/dev/null
diff -r "$T/tree/tftp" "$T/tree2/tftp" || fail "the post event and pxe --done differ"
# --done from the command line shows.
"$XENINFN" pxe --done gamma -o "$T/tree" 2>/dev/null
check "gamma installed by pxe --done" "$(host_field gamma state)" installed

# Reinstall through the API: the admin token or 403.
serve_stop
head -c 24 /dev/urandom | base64 >"$T/admin"
serve_start "$T/tree" --admin-token-file "$T/admin"
check "state kept over a restart" "$(host_field alpha state)/$(host_field beta error)" "installed/refused: no VT-x"
check "reinstall without the admin token" "$(status "$BASE/api/hosts/alpha/reinstall" -X POST)" 403
check "reinstall with a host token" "$(status "$BASE/api/hosts/alpha/reinstall" -H "Authorization: Bearer $ta" -X POST)" 403
check "reinstall" "$(status "$BASE/api/hosts/alpha/reinstall" -H "Authorization: Bearer $(cat "$T/admin")" -X POST)" 200
check "alpha waiting" "$(host_field alpha state)" waiting
cmp -s "$T/tree/tftp/pxelinux.cfg/$(cfg_of 52:54:00:5c:00:01)" "$T/alpha-install.cfg" ||
	fail "alpha's install config is not back after the reinstall call"
check "done list after the reinstall" "$(cat "$T/tree/.xeninfn-pxe-done")" gamma

# SIGKILL right after acknowledged events: nothing lost.
for i in 1 2 3 4 5 6 7 8; do
	[ "$(event delta "$(token_of "$T/tree" delta)" pre "run $i")" = 200 ] || fail "event $i"
done
serve_stop KILL
serve_start "$T/tree"
check "last event after SIGKILL" "$(host_field delta last_detail)" "run 8"
check "events after SIGKILL" "$(curl -s "$BASE/api/hosts/delta" | jq '[.events[] | select(.event == "pre")] | length')" 8
check "summary" "$(curl -s "$BASE/api/hosts" | jq -c .summary)" \
	'{"installed":1,"installing":1,"waiting":1,"failed":1,"total":4}'
serve_stop
[ "$FAILS" -eq 0 ]
