#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# One key moves the whole build to another Xen release: -s xen.version
# changes the intake check, the kickstart, the ISO's name and volume id,
# the manifest and the spec build, with no other edit.
. "$XENINFN_SRC/tests/build/lib.sh"
out=$XENINFN_TMP/out
new=$FX/xen-rpms-3.1.4

# The 3.1.2 packages are refused for a 3.1.4 build.
expect_fail "3.1.4" build_iso "$out" -s xen.version=3.1.4
[ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || fail "a refused build wrote"

build_iso "$out" -s xen.version=3.1.4 -s xen.rpms="$new" \
	-s xen.gpg_keys="$new/RPM-GPG-KEY-xeninfn-fixture"
iso=$(only_iso "$out")
case $(basename "$iso") in
*-xen3.1.4.iso) ;;
*) fail "ISO name does not follow xen.version: $iso" ;;
esac
"$XENINFN" inspect "$iso" | grep -q "^volume id: .*Xen3.1.4" ||
	fail "volume id does not follow xen.version"
"$XORRISO" -osirrox on -indev "$iso" -extract /ks.cfg "$XENINFN_TMP/ks.cfg" \
	2>/dev/null
grep -q '3\.1\.4' "$XENINFN_TMP/ks.cfg" || fail "kickstart does not name 3.1.4"
grep -q '3\.1\.2' "$XENINFN_TMP/ks.cfg" && fail "kickstart still names 3.1.2"
python3 - "$out/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["xen_version"] == "3.1.4", m["xen_version"]
xen = [r for r in m["rpms"] if r["name"].startswith("xen") and
       r["name"] != "xeninfn-tools"]
assert len(xen) == 3 and all(r["version"] == "3.1.4" for r in xen), xen
PY
# The spec takes its version from the same value.
rpmspec -P --define "xen_version 3.1.4" "$XENINFN_SRC/rpmspecs/xen.spec" |
	grep -q '^Version:[[:space:]]*3\.1\.4' || fail "xen.spec ignores xen_version"
