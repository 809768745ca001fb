# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the build tests: the fixture inputs and small assertions.
# Sourced by tests/*/t-*.sh; they run under tests/run (see its header).
set -eu
: "${XENINFN:?run through make check}"
FX=$XENINFN_B/fixtures
MIRROR=$FX/mirror
XENRPMS=$FX/xen-rpms
XENKEY=$XENRPMS/RPM-GPG-KEY-xeninfn-fixture

# fixture_args: the -s options of a build from the fixture inputs.
fixture_args() {
	echo "-s tree.url=file://$MIRROR" \
	     "-s tree.install_url=http://10.0.2.100:8080/" \
	     "-s xen.rpms=$XENRPMS" \
	     "-s xen.gpg_keys=$XENKEY"
}

# build_iso OUTDIR [ARGS...]: a build from the fixtures into OUTDIR.
build_iso() {
	_bi_out=$1; shift
	# shellcheck disable=SC2046
	"$XENINFN" build $(fixture_args) --cache "$XENINFN_TMP/cache" \
		-o "$_bi_out" "$@"
}

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_fail WANT CMD...: CMD exits 1 and its stderr holds WANT.
expect_fail() {
	_ef_want=$1; shift
	set +e
	"$@" >"$XENINFN_TMP/stdout" 2>"$XENINFN_TMP/stderr"
	_ef_rc=$?
	set -e
	cat "$XENINFN_TMP/stderr" >&2
	[ "$_ef_rc" -eq 1 ] || fail "exit $_ef_rc, expected 1: $*"
	grep -qF -- "$_ef_want" "$XENINFN_TMP/stderr" ||
		fail "no '$_ef_want' in stderr"
}

# only_iso DIR: the one ISO in DIR (fails unless exactly one).
only_iso() {
	set -- "$1"/*.iso
	[ $# -eq 1 ] && [ -f "$1" ] || fail "expected exactly one ISO, got: $*"
	echo "$1"
}

# no_temporaries DIR: nothing half-written is left behind.
no_temporaries() {
	left=$(find "$1" -name '.*tmp-*' | head -n 5)
	[ -z "$left" ] || fail "temporaries left in $1: $left"
}

# serve_dir DIR: serves DIR over HTTP on 127.0.0.1 (tests/unit/httpd.py)
# until the script exits; sets HTTP_PORT.
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
