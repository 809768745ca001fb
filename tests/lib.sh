# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# The assertions the test scripts share.  Sourced by the lib.sh of a test
# directory (tests/build, tests/pxe, tests/post-install, tests/fetch) or by
# a t-*.sh script itself; they run under tests/run (see its header).
#
# A failure ends the script at once (exit 1), unless the script set
# KEEP_GOING=yes before sourcing this file: then failures are counted in
# $failures and `finish` at the end turns the count into the exit status.
#
#   fail MESSAGE...              "FAIL: MESSAGE" on stderr; exits or counts
#   pass MESSAGE...              "ok: MESSAGE" on stdout
#   finish                       exit 1 after failures, 0 otherwise
#   expect_exit CODE TEXT CMD... CMD exits CODE and its stderr holds TEXT
#                                (a fixed string); stdout and stderr stay
#                                in $XENINFN_TMP/stdout and /stderr, the
#                                exit status in $rc
#   expect_fail TEXT CMD...      expect_exit 1 TEXT CMD...
#   serve_dir DIR                serves DIR over HTTP on 127.0.0.1 until
#                                the script exits; sets HTTP_PORT
: "${XENINFN_TMP:?run through make check}"
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
	[ "${KEEP_GOING:-no}" = yes ] || exit 1
}

pass() { echo "ok: $*"; }

finish() {
	if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
	echo "all passed"
	exit 0
}

# expect_exit CODE TEXT CMD...: returns 0 when CMD exited CODE with TEXT
# in its stderr; otherwise fails, saying what CMD did (its exit status and
# the start of its stderr), and returns 1 (when KEEP_GOING=yes).
expect_exit() {
	_ee_want=$1 _ee_text=$2
	shift 2
	_ee_e=0
	case $- in *e*) _ee_e=1; set +e ;; esac
	"$@" >"$XENINFN_TMP/stdout" 2>"$XENINFN_TMP/stderr"
	rc=$?
	[ "$_ee_e" -eq 0 ] || set -e
	if [ "$rc" -ne "$_ee_want" ]; then
		fail "$*: exit $rc, want $_ee_want with '$_ee_text'; stderr: $(head -c 600 "$XENINFN_TMP/stderr")"
		return 1
	fi
	if ! grep -qF -- "$_ee_text" "$XENINFN_TMP/stderr"; then
		fail "$*: exit $rc, but stderr lacks '$_ee_text'; it says: $(head -c 600 "$XENINFN_TMP/stderr")"
		return 1
	fi
	pass "$*: exit $rc, says '$_ee_text'"
}

expect_fail() { expect_exit 1 "$@"; }

# serve_dir DIR: tests/unit/httpd.py on a free port of 127.0.0.1, killed
# when the script exits (an EXIT trap of the caller's own is replaced).
serve_dir() {
	python3 "$XENINFN_SRC/tests/unit/httpd.py" --root "$1" >"$XENINFN_TMP/httpd.port" &
	_sd_pid=$!
	trap 'kill $_sd_pid 2>/dev/null' EXIT
	for _sd_i in 1 2 3 4 5 6 7 8 9 10; do
		[ -s "$XENINFN_TMP/httpd.port" ] && break
		sleep 0.5
	done
	HTTP_PORT=$(sed -n 's/^PORT //p' "$XENINFN_TMP/httpd.port")
	[ -n "$HTTP_PORT" ] || fail "the test HTTP server did not start"
}

# wait_for_line FILE TEXT: FILE comes to hold TEXT (bounded: 120 s).
wait_for_line() {
	_n=0
	until grep -qF -- "$2" "$1" 2>/dev/null; do
		_n=$((_n + 1))
		[ "$_n" -le 1200 ] || fail "no '$2' in $1: $(cat "$1")"
		sleep 0.1
	done
}

# wait_exit PID SECONDS: the exit status of PID, a child of this shell,
# which must end within SECONDS (else it is killed and the test fails).
wait_exit() {
	_we_n=0
	while kill -0 "$1" 2>/dev/null; do
		_we_n=$((_we_n + 1))
		if [ "$_we_n" -gt $(($2 * 10)) ]; then
			kill -9 "$1"
			fail "still running $2 s after the signal"
		fi
		sleep 0.1
	done
	wait "$1"
}
