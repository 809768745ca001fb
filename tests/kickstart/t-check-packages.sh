#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn check` without files: the rendered kickstart's %packages
# against the fixture mirror's repodata.  A missing package or group is an
# error (anaconda 11.1 stops at it), a warning under --ignoremissing (it
# skips it); "@ core" names the group core, as pykickstart 0.43 reads it;
# -@group is no group lookup.
. "$XENINFN_SRC/tests/build/lib.sh"
site=$XENINFN_TMP/site/kickstart/snippets
mkdir -p "$site"
args="$(fixture_args) -s kickstart.template_dir=$XENINFN_TMP/site"

packages() {	# HEADER-OPTIONS LINES...: the site's packages snippet
	{ printf '%%packages --nobase%s\n' "$1"; shift
	  printf '%s\n' kernel-xen xen xeninfn-tools "$@"; } >"$site/packages.ks"
}

# shellcheck disable=SC2086
packages "" "@ core" "-@dialup"
"$XENINFN" check $args --cache "$XENINFN_TMP/cache" ||
	fail "valid packages refused"

packages "" "no-such-package"
# shellcheck disable=SC2086
expect_fail "package no-such-package is neither in" \
	"$XENINFN" check $args --cache "$XENINFN_TMP/cache"

packages " --ignoremissing" "no-such-package" "@no-such-group"
# shellcheck disable=SC2086
"$XENINFN" check $args --cache "$XENINFN_TMP/cache" 2>"$XENINFN_TMP/err" ||
	{ cat "$XENINFN_TMP/err"; fail "--ignoremissing: missing is an error"; }
grep -q "warning.*no-such-package.*--ignoremissing skips it" \
	"$XENINFN_TMP/err" || fail "--ignoremissing: no warning"
grep -q "warning.*@no-such-group" "$XENINFN_TMP/err" ||
	fail "--ignoremissing: no warning for the group"
echo "ok"
