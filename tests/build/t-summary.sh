#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The end of a build as a user reads it: a summary with the ISO's size and
# sha256, SHA256SUMS and manifest.json, and how to write, burn and boot it;
# the previous build's ISO removed and said so, or kept as NAME.old with
# --keep-old (OUTDIR still holds one *.iso); manifest.json's `built` in RFC
# 3339, `outputs` only what OUTDIR holds, no build-tree paths.  Then
# `inspect` on the result: --json, the size, the implanted MD5 verified (a
# damaged copy exits 1, as checkisomd5 fails it), an ISO not made by
# xeninfn said so.
. "$XENINFN_SRC/tests/build/lib.sh"
out=$XENINFN_TMP/out
T=$XENINFN_TMP

build_iso "$out" >"$T/s1" 2>"$T/e1" || { cat "$T/e1"; fail "first build"; }
cat "$T/s1"
iso=$(only_iso "$out")
name=$(basename "$iso")
sha=$(sha256sum <"$iso" | cut -d' ' -f1)
size=$(stat -c %s "$iso")
grep -q "^Built $name in [0-9]* s:$" "$T/s1" || fail "no Built line"
grep -q "^  ISO        $iso$" "$T/s1" || fail "no ISO line"
grep -q "^  size       $size bytes (" "$T/s1" || fail "no size line"
grep -q "^  sha256     $sha$" "$T/s1" || fail "sha256 line is not the ISO's"
grep -q "^  checksums  $out/SHA256SUMS  (check: cd $out && sha256sum -c SHA256SUMS)$" "$T/s1" ||
	fail "no SHA256SUMS line"
grep -q "^  manifest   $out/manifest.json " "$T/s1" || fail "no manifest line"
grep -q "^  sudo dd if=$iso of=/dev/sdX bs=4M conv=fsync status=progress$" "$T/s1" ||
	fail "no dd line"
grep -q "^  qemu-system-x86_64 .* -cdrom $iso " "$T/s1" || fail "no qemu line"
(cd "$out" && sha256sum -c SHA256SUMS) || fail "the summary's check fails"

python3 - "$out" "$XENINFN_B" <<'PY'
import json, os, re, sys
out, b = sys.argv[1], sys.argv[2]
text = open(os.path.join(out, "manifest.json")).read()
m = json.loads(text)
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["built"]), m["built"]
names = {o["name"] for o in m["outputs"]}
assert names <= set(os.listdir(out)), names
# The fixture inputs live under the build tree; the tools RPM's own path
# must not show.
assert b + "/rpm/" not in text, "the tools RPM's build-tree path"
assert all(not (r["url"] or "").startswith("/") for r in m["rpms"]), m["rpms"]
tools = [r for r in m["rpms"] if r["name"] == "xeninfn-tools"][0]
assert tools["url"] is None and tools["file"].endswith(".x86_64.rpm"), tools
PY

# -v: a table of the steps and their times at the end.
build_iso "$out" -v >/dev/null 2>"$T/ev" || { cat "$T/ev"; fail "verbose build"; }
for step in "profile and preflight" "fetch the tree" "RPM intake" \
    "kickstart and its check" "stage, repository" "master, implant MD5" \
    "sha256, SHA256SUMS, manifest" "publish" "total"; do
	grep -q "^xeninfn build:   $step  *[0-9]*\.[0-9][0-9] s$" "$T/ev" ||
		fail "-v: no step line '$step'"
done
grep -q "^xeninfn build: staging the media and its repository$" "$T/ev" ||
	fail "no staging line"

# A first run with several local mistakes hears of all of them at once,
# before any fetch, and OUTDIR gets nothing.
expect_fail "tree.url: file://$T/no-tree: No such file" "$XENINFN" build \
	-s tree.url="file://$T/no-tree" -s xen.rpms="$T/no-rpms" \
	-s xen.gpg_keys="$XENKEY,$T/no-key" -s kickstart.template_dir="$XENKEY" \
	-o "$T/first"
for want in "xen.rpms: $T/no-rpms: No such file" "xen.gpg_keys: $T/no-key: No such file" \
    "kickstart.template_dir: $XENKEY: not a directory"; do
	grep -qF "$want" "$T/stderr" || fail "not said at once: $want ($(cat "$T/stderr"))"
done
[ -z "$(ls -A "$T/first")" ] || fail "OUTDIR got files"

# --dry-run: the plan, and nothing fetched or written.
"$XENINFN" build $(fixture_args) --cache "$T/dry-cache" -o "$T/dry/out" --dry-run \
	>"$T/plan" || fail "--dry-run"
grep -q "^Would make in $T/dry/out:$" "$T/plan" || fail "plan: $(cat "$T/plan")"
grep -q "^  the tree     file://$MIRROR: " "$T/plan" || fail "plan: no tree"
[ ! -e "$T/dry" ] && [ ! -e "$T/dry-cache" ] || fail "--dry-run wrote something"

# -q: no summary; a build with nothing to warn about prints nothing.
hash=$(openssl passwd -1 -salt xeninfnq secret)
build_iso "$out" -q -s "rootpw.hash=$hash" >"$T/sq" 2>"$T/eq" ||
	{ cat "$T/eq"; fail "quiet build"; }
[ ! -s "$T/sq" ] && [ ! -s "$T/eq" ] || fail "-q printed: $(cat "$T/sq" "$T/eq")"
# Warnings are not silenced by -q: a locked root with no key is still said.
build_iso "$out" -q >"$T/sq" 2>"$T/eq" || { cat "$T/eq"; fail "quiet build"; }
[ ! -s "$T/sq" ] || fail "-q printed: $(cat "$T/sq")"
[ "$(wc -l <"$T/eq")" -eq 1 ] && grep -q "warning: NOBODY WILL BE ABLE TO LOG IN" "$T/eq" ||
	fail "-q: expected only the locked-root warning, got: $(cat "$T/eq")"

# A new version: the old ISO goes, and that is said.
build_iso "$out" -s product.version=9.9 >/dev/null 2>"$T/e2" || fail "second build"
grep -q "removed the previous build's $out/$name (--keep-old keeps it as $name.old)" "$T/e2" ||
	fail "the removal is not said: $(cat "$T/e2")"
iso2=$(only_iso "$out")

# --keep-old: the old one stays as NAME.old, not an *.iso, not in SHA256SUMS.
sha2=$(sha256sum <"$iso2" | cut -d' ' -f1)
build_iso "$out" -s product.version=9.8 --keep-old >/dev/null 2>"$T/e3" ||
	fail "--keep-old build"
grep -q "kept the previous build's ISO as $iso2.old (not in SHA256SUMS)" "$T/e3" ||
	fail "the keeping is not said: $(cat "$T/e3")"
iso3=$(only_iso "$out")
[ "$(sha256sum <"$iso2.old" | cut -d' ' -f1)" = "$sha2" ] || fail ".old is not the old ISO"
[ "$(wc -l <"$out/SHA256SUMS")" -eq 1 ] && grep -q " $(basename "$iso3")$" "$out/SHA256SUMS" ||
	fail "SHA256SUMS: $(cat "$out/SHA256SUMS")"
# --keep-old on a rebuild of the same name keeps the one it replaces.
sha3=$(sha256sum <"$iso3" | cut -d' ' -f1)
SOURCE_DATE_EPOCH=1200000000 build_iso "$out" -s product.version=9.8 --keep-old \
	>/dev/null 2>&1 || fail "same-name --keep-old build"
[ "$(sha256sum <"$iso3.old" | cut -d' ' -f1)" = "$sha3" ] || fail "same name: .old"
[ "$(sha256sum <"$iso3" | cut -d' ' -f1)" != "$sha3" ] || fail "same name: not rebuilt"
only_iso "$out" >/dev/null
no_temporaries "$out"

# inspect: text, --json, the MD5 against a damaged copy, a foreign ISO.
"$XENINFN" inspect "$iso3" >"$T/i" || fail "inspect"
grep -q "^size:           $(stat -c %s "$iso3") bytes" "$T/i" || fail "inspect size"
grep -q "^implanted md5:  [0-9a-f]\{32\} (verified: the image matches)$" "$T/i" ||
	fail "inspect md5: $(cat "$T/i")"
grep -q "^made by:        xeninfn build" "$T/i" || fail "inspect made by"
"$XENINFN" inspect --json "$iso3" >"$T/j" || fail "inspect --json"
python3 - "$T/j" "$(stat -c %s "$iso3")" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["size"] == int(sys.argv[2]) and j["xeninfn"] is True, j
assert j["md5_check"] == "ok" and j["implanted_md5"] == j["computed_md5"], j
assert j["el_torito"]["boot_info_table"] is True and j["hybrid_mbr"] is True, j
assert "ks=file:/ks.cfg" in j["isolinux_cfg"], j
PY
cp "$iso3" "$T/bad.iso"
printf 'X' | dd of="$T/bad.iso" bs=1 seek=300000 conv=notrunc 2>/dev/null
if "$CHECKISOMD5" "$T/bad.iso" >/dev/null 2>&1; then fail "checkisomd5 passes the damaged copy"; fi
expect_fail "the implanted MD5 does not match the image" \
	"$XENINFN" inspect --json "$T/bad.iso"
grep -q '"md5_check": "MISMATCH"' "$XENINFN_TMP/stdout" || fail "no MISMATCH in --json"
mkdir "$T/plain" && echo hi >"$T/plain/x"
"$XORRISO" -as mkisofs -quiet -o "$T/plain.iso" "$T/plain" 2>/dev/null
"$XENINFN" inspect "$T/plain.iso" >"$T/p" 2>"$T/pe" || fail "inspect plain"
grep -q "^made by:        not xeninfn build" "$T/p" || fail "plain: made by"
grep -q "not made by xeninfn build" "$T/pe" || fail "plain: no warning"
grep -q "^implanted md5:  none" "$T/p" || fail "plain: md5"
echo ok
