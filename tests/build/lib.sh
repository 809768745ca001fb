# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the build tests: the fixture inputs and small assertions.
# Sourced by tests/*/t-*.sh; they run under tests/run (see its header).
# fail, expect_fail and serve_dir come from tests/lib.sh.
set -eu
: "${XENINFN:?run through make check}"
. "$XENINFN_SRC/tests/lib.sh"
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
