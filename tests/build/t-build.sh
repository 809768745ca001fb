#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A build from the fixture mirror makes exactly one ISO, SHA256SUMS and
# manifest.json, and the ISO is what the brief says: El Torito BIOS
# no-emulation with a boot-info-table, an isohybrid MBR, an implanted MD5
# that checkisomd5 accepts, the kickstart and the repository on it.
. "$XENINFN_SRC/tests/build/lib.sh"
out=$XENINFN_TMP/out
build_iso "$out" -s tree.install_url=http://10.0.2.100:8080/sl51/
iso=$(only_iso "$out")
case $(basename "$iso") in
XenINFN-*-SL5.1-x86_64-xen3.1.2.iso) ;;
*) fail "unexpected name $iso" ;;
esac
[ "$(ls -A "$out" | wc -l)" -eq 3 ] && [ -f "$out/SHA256SUMS" ] &&
	[ -f "$out/manifest.json" ] ||
	fail "OUTDIR holds more than the three outputs: $(ls -A "$out")"
(cd "$out" && sha256sum -c SHA256SUMS)

report=$("$XORRISO" -indev "$iso" -report_el_torito plain 2>&1)
echo "$report"
echo "$report" | grep -q "El Torito boot img :   1  BIOS  y   none" ||
	fail "no bootable BIOS no-emulation image"
echo "$report" | grep -q "El Torito boot info table : yes\|boot-info-table" ||
	"$XORRISO" -indev "$iso" -report_el_torito as_mkisofs 2>&1 |
	grep -q -- "-boot-info-table" || fail "no boot-info-table"
"$XORRISO" -indev "$iso" -report_system_area plain 2>&1 |
	grep -q "isohybrid" || fail "no isohybrid MBR"
"$CHECKISOMD5" "$iso" || fail "checkisomd5 rejects the image"

"$XORRISO" -osirrox on -indev "$iso" -extract /ks.cfg "$XENINFN_TMP/ks.cfg" \
	-extract /isolinux/isolinux.cfg "$XENINFN_TMP/isolinux.cfg" \
	-extract /xeninfn/repodata/repomd.xml "$XENINFN_TMP/repomd.xml" \
	-extract /isolinux/ldlinux.c32 "$XENINFN_TMP/ldlinux.c32" 2>/dev/null
grep -q '^url --url http://10.0.2.100:8080/sl51/' "$XENINFN_TMP/ks.cfg" ||
	fail "the kickstart's url line is not tree.install_url"
grep -q 'ks=file:/ks.cfg' "$XENINFN_TMP/isolinux.cfg" || fail "no ks= entry"
grep -q '^default install' "$XENINFN_TMP/isolinux.cfg" || fail "default"
ks_sha=$(sha256sum < "$XENINFN_TMP/ks.cfg" | cut -d' ' -f1)
ldlinux_sha=$(sha256sum < "$XENINFN_TMP/ldlinux.c32" | cut -d' ' -f1)
python3 - "$out/manifest.json" "$ks_sha" "$(basename "$iso")" "$ldlinux_sha" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["kickstart_sha256"] == sys.argv[2], "manifest kickstart sha256"
assert m["syslinux"]["ldlinux.c32"] == sys.argv[4], m["syslinux"]
assert len(m["syslinux"]) == 5, m["syslinux"]
assert m["outputs"][0]["name"] == sys.argv[3]
roles = {i["role"] for i in m["inputs"]}
assert {"kernel", "initrd"} <= roles, roles
for i in m["inputs"]:
    assert len(i["sha256"]) == 64 and i["url"], i
names = {r["name"] for r in m["rpms"]}
assert {"xen", "xen-libs", "xen-devel", "xeninfn-tools"} <= names, names
PY
"$XENINFN" inspect "$iso" | tee "$XENINFN_TMP/inspect"
grep -q "ks.cfg sha256:  $ks_sha" "$XENINFN_TMP/inspect" || fail "inspect ks"
grep -q "boot-info-table yes" "$XENINFN_TMP/inspect" || fail "inspect bit"
"$XENINFN" inspect --json "$iso" >"$XENINFN_TMP/inspect.json" ||
	fail "inspect --json failed"
python3 - "$XENINFN_TMP/inspect.json" "$ks_sha" <<'PY' || fail "inspect --json"
import json, sys
j = json.load(open(sys.argv[1]))
assert list(j)[:3] == ["image", "size", "volume_id"], list(j)
assert j["xeninfn"] is True and j["hybrid_mbr"] is True, j
assert j["el_torito"]["no_emulation"] is True, j["el_torito"]
assert j["el_torito"]["boot_info_table"] is True, j["el_torito"]
assert j["md5_check"] == "ok" and j["ks_sha256"] == sys.argv[2], j
PY
no_temporaries "$out"
