#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn pxe` runs the same front half as `xeninfn build`
# (builder/pipeline.c): it writes its tree under OUTDIR's lock
# (.xeninfn.lock), waiting and saying so while another run holds it, and
# removes the leftovers of dead builds there; ^C and SIGTERM stop it with
# exit 130 and 143, the tree untouched.  A --done meanwhile takes only the
# tree's own lock, so it is not held up by a run waiting for OUTDIR.
. "$XENINFN_SRC/tests/pxe/lib.sh"

out=$XENINFN_TMP/tree
lock=$out/.xeninfn.lock
hosts=$XENINFN_TMP/hosts.csv
printf 'hostname,mac\nb1,52:54:00:ee:00:01\nb2,52:54:00:ee:00:02\n' >"$hosts"

# A dead build's temporary in OUTDIR: removed by the run, and said.
mkdir -p "$out"
true & dead=$!
wait "$dead"
mkdir "$out/.Old.iso.tmp-$dead-0"
pxe "$out" --hosts "$hosts" 2>"$XENINFN_TMP/first.log" ||
	fail "pxe failed: $(cat "$XENINFN_TMP/first.log")"
grep -q "removed .*tmp-$dead-0: left by a build (PID $dead) that no longer runs" \
	"$XENINFN_TMP/first.log" || fail "the leftover's removal was not said"
[ ! -e "$out/.Old.iso.tmp-$dead-0" ] || fail "the leftover was kept"
[ ! -e "$lock" ] || fail "the lock file was left in OUTDIR"
before=$(snapshot "$out")

# OUTDIR locked: pxe waits and says so; a --done meanwhile goes through.
exec 9>"$lock"
flock 9
pxe "$out" --hosts "$hosts" 9>&- 2>"$XENINFN_TMP/wait.log" & pid=$!
wait_for_line "$XENINFN_TMP/wait.log" "waiting for the output directory $out"
"$XENINFN" pxe --done b1 -o "$out" 9>&- 2>"$XENINFN_TMP/done.log" ||
	fail "--done while a run waits for OUTDIR: $(cat "$XENINFN_TMP/done.log")"
flock -u 9
exec 9>&-
wait "$pid" || fail "the waiting run failed: $(cat "$XENINFN_TMP/wait.log")"
[ ! -e "$lock" ] || fail "the lock file was left in OUTDIR"
cmp -s "$out/tftp/pxelinux.cfg/$(cfg_of 52:54:00:ee:00:01)" \
	"$out/tftp/pxelinux.cfg/local" || fail "the run undid --done b1"
before=$(snapshot "$out")

# ^C and SIGTERM while the run waits for OUTDIR: exit 130 and 143, the
# tree as it was.
for sig in INT:130 TERM:143; do
	exec 9>"$lock"
	flock 9
	# not through pxe(): the signal goes to xeninfn, not a subshell
	"$XENINFN" pxe -s "tree.url=file://$FX/mirror" -s "xen.rpms=$XENRPMS" \
		-s "xen.gpg_keys=$XENRPMS/RPM-GPG-KEY-xeninfn-fixture" \
		-s "pxe.http_url=$HTTP_URL" -s "tree.install_url=$HTTP_URL/" \
		-s boot.console=ttyS0 -s boot.timeout=1 \
		--cache "$XENINFN_TMP/cache" -o "$out" --hosts "$hosts" \
		9>&- 2>"$XENINFN_TMP/sig.log" & pid=$!
	wait_for_line "$XENINFN_TMP/sig.log" "waiting for the output directory"
	kill -"${sig%:*}" "$pid"
	rc=0
	wait_exit "$pid" 60 || rc=$?
	flock -u 9
	exec 9>&-
	rm -f "$lock"	# ours, made by the test
	cat "$XENINFN_TMP/sig.log"
	[ "$rc" -eq "${sig#*:}" ] || fail "SIG${sig%:*}: exit $rc, expected ${sig#*:}"
	[ "$(snapshot "$out")" = "$before" ] || fail "SIG${sig%:*} changed the tree"
done

find "$out" -name '*tmp*' | grep . && fail "temporary files left behind"
echo ok
