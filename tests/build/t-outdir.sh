#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The output directory is locked while a build publishes into it: two
# builds into one OUTDIR leave an ISO, SHA256SUMS and manifest.json of one
# and the same build, and a build that finds OUTDIR locked says that it
# waits.  A build killed with SIGKILL leaves its temporaries; the next
# build removes those of builds that no longer run, and says so.
. "$XENINFN_SRC/tests/build/lib.sh"
out=$XENINFN_TMP/out
lock=$out/.xeninfn.lock

# one_set DIR: DIR holds one ISO that its SHA256SUMS and manifest name.
one_set() {
	iso=$(only_iso "$1")
	(cd "$1" && sha256sum -c SHA256SUMS) || fail "SHA256SUMS does not match"
	python3 - "$1/manifest.json" "$iso" <<'PY'
import hashlib, json, os, sys
m = json.load(open(sys.argv[1]))
iso = sys.argv[2]
h = hashlib.sha256(open(iso, "rb").read()).hexdigest()
out = m["outputs"][0]
assert out["name"] == os.path.basename(iso), (out["name"], iso)
assert out["sha256"] == h, "manifest sha256 is not the ISO's"
PY
	[ ! -e "$lock" ] || fail "the lock file was left in OUTDIR"
	no_temporaries "$1"
}

# A build that finds OUTDIR locked waits, says so, and goes on once the
# lock is let go.
mkdir -p "$out"
exec 9>"$lock"
flock 9
# shellcheck disable=SC2046
"$XENINFN" build $(fixture_args) --cache "$XENINFN_TMP/cache-a" -o "$out" \
	9>&- 2>"$XENINFN_TMP/wait.log" & pid=$!
wait_for_line "$XENINFN_TMP/wait.log" "waiting for the output directory $out"
flock -u 9
exec 9>&-
wait "$pid" || fail "the waiting build failed: $(cat "$XENINFN_TMP/wait.log")"
one_set "$out"

# Two builds at once into one OUTDIR, each with its own cache and its own
# ISO name: both succeed and the outputs are of one of them.
for who in a b; do
	# shellcheck disable=SC2046
	"$XENINFN" build $(fixture_args) --cache "$XENINFN_TMP/cache-$who" \
		-o "$out" -s product.name="Twin$who" \
		2>"$XENINFN_TMP/twin-$who.log" &
	eval "pid_$who=\$!"
done
# shellcheck disable=SC2154
wait "$pid_a" || fail "build a failed: $(cat "$XENINFN_TMP/twin-a.log")"
# shellcheck disable=SC2154
wait "$pid_b" || fail "build b failed: $(cat "$XENINFN_TMP/twin-b.log")"
one_set "$out"

# A build killed with SIGKILL while it stages or masters leaves its
# temporaries; the next build removes them and says so.
# shellcheck disable=SC2046
"$XENINFN" build $(fixture_args) --cache "$XENINFN_TMP/cache-a" -o "$out" \
	2>"$XENINFN_TMP/killed.log" & pid=$!
n=0
until [ -n "$(find "$out" -maxdepth 1 -name '.*.tmp-*' | head -n 1)" ]; do
	n=$((n + 1))
	[ "$n" -le 1200 ] || fail "the build made no temporary in 120 s"
	sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
left=$(find "$out" -maxdepth 1 -name ".*.tmp-$pid-*")
[ -n "$left" ] || fail "SIGKILL left nothing to clean up (test is moot)"
echo "left by the killed build: $left"
build_iso "$out" 2>"$XENINFN_TMP/after.log" ||
	fail "the build after the killed one failed: $(cat "$XENINFN_TMP/after.log")"
cat "$XENINFN_TMP/after.log"
grep -q "removed .*tmp-$pid-.*left by a build (PID $pid) that no longer runs" \
	"$XENINFN_TMP/after.log" || fail "the removal was not said"
one_set "$out"

# The temporaries of a build that still runs are left alone, and so is
# what is not a build's temporary at all.
sleep 600 & alive=$!
true & dead=$!
wait "$dead"
mkdir "$out/.Other.iso.tmp-$alive-0"
: > "$out/.notes.tmp-$dead-0"
build_iso "$out" 2>"$XENINFN_TMP/alive.log" ||
	fail "build failed: $(cat "$XENINFN_TMP/alive.log")"
[ -d "$out/.Other.iso.tmp-$alive-0" ] ||
	fail "removed the temporary of a running build"
[ -f "$out/.notes.tmp-$dead-0" ] || fail "removed a file of another program"
kill "$alive"
rmdir "$out/.Other.iso.tmp-$alive-0"
rm "$out/.notes.tmp-$dead-0"
