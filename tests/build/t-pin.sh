#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A tree that publishes no checksums (SL 5.1's) has its kernel and initrd
# pinned: the first build records their sha256 in the cache, a later build
# refuses a changed vmlinuz with a message that says how to accept it,
# --repin accepts it, and the manifest says verified_by "pinned".
. "$XENINFN_SRC/tests/build/lib.sh"
out=$XENINFN_TMP/out
tree=$XENINFN_TMP/tree
cp -a "$MIRROR" "$tree"

# verified_by ROLE: what the manifest says verified the input ROLE.
verified_by() {
	python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print([i["verified_by"] for i in m["inputs"] if i["role"] == sys.argv[2]][0])' \
		"$out/manifest.json" "$1"
}

build_iso "$out" -s tree.url="file://$tree"
[ "$(verified_by kernel)" = pinned ] || fail "kernel: $(verified_by kernel)"
[ "$(verified_by initrd)" = pinned ] || fail "initrd: $(verified_by initrd)"
grep -q "file://$tree/ images/pxeboot/vmlinuz " "$XENINFN_TMP/cache/pins" ||
	fail "no pin in the cache: $(cat "$XENINFN_TMP/cache/pins")"
before=$(cd "$out" && sha256sum ./* | sha256sum)

# The tree's kernel changes: refused, OUTDIR untouched.
printf 'X' >> "$tree/images/pxeboot/vmlinuz"
expect_fail "--repin" build_iso "$out" -s tree.url="file://$tree"
grep -q "images/pxeboot/vmlinuz: sha256 .*pinned" "$XENINFN_TMP/stderr" ||
	fail "the refusal does not name the file and the pin"
[ "$before" = "$(cd "$out" && sha256sum ./* | sha256sum)" ] ||
	fail "a refused build changed OUTDIR"
no_temporaries "$out"

# Accepted deliberately, then pinned anew.
build_iso "$out" -s tree.url="file://$tree" --repin
[ "$(verified_by kernel)" = pinned ] || fail "kernel: $(verified_by kernel)"
build_iso "$out" -s tree.url="file://$tree"
(cd "$out" && sha256sum -c SHA256SUMS)

# The profile key does the same as --repin.
printf 'Y' >> "$tree/images/pxeboot/initrd.img"
expect_fail "tree.repin" build_iso "$out" -s tree.url="file://$tree"
build_iso "$out" -s tree.url="file://$tree" -s tree.repin=yes

# A tree with published checksums is verified by them, not pinned.
build_iso "$out" -s tree.url="file://$FX/mirror-treeinfo"
[ "$(verified_by kernel)" = .treeinfo ] || fail "kernel: $(verified_by kernel)"
