#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input gets a message that names the file, URL or key, exit 1 (2 for
# usage), and loses nothing: a good ISO from an earlier build stays as it
# was, and no temporary is left in OUTDIR.
. "$XENINFN_SRC/tests/build/lib.sh"
out=$XENINFN_TMP/out
build_iso "$out"
iso=$(only_iso "$out")
before=$(cd "$out" && sha256sum ./* | sha256sum)

unchanged() {
	after=$(cd "$out" && sha256sum ./* | sha256sum)
	[ "$before" = "$after" ] || fail "OUTDIR changed after: $1"
	no_temporaries "$out"
}

# Usage errors: exit 2.
expect_exit 2 "unrecognized option '--bogus-option'" "$XENINFN" build --bogus-option
expect_exit 2 "-s novalue: expected section.key=value" "$XENINFN" build -s novalue

expect_fail "$XENINFN_TMP/none.ini: cannot read the profile" \
	build_iso "$out" -p "$XENINFN_TMP/none.ini"
unchanged "missing profile"
printf '[tree]\nurl = http://x/\nmirror = y\n' > "$XENINFN_TMP/bad.ini"
expect_fail "bad.ini:3: unknown key 'tree.mirror'" \
	build_iso "$out" -p "$XENINFN_TMP/bad.ini"
printf '[boot]\ntimeout = never\n' > "$XENINFN_TMP/bad2.ini"
expect_fail "bad2.ini:2: boot.timeout = 'never'" \
	build_iso "$out" -p "$XENINFN_TMP/bad2.ini"
unchanged "malformed profile"

# Values that are part of a file name are one path component each: the
# ISO never lands outside -o.
for key in product.name product.version xen.version tree.release; do
	expect_fail "-s: $key = '../escaped'" \
		build_iso "$out" -s "$key=../escaped"
done
expect_fail "-s: product.name = 'sub/dir'" \
	build_iso "$out" -s product.name=sub/dir
[ -z "$(find "$XENINFN_TMP" -maxdepth 1 -name '*escaped*')" ] ||
	fail "a file was written outside -o"
unchanged "file name keys"

# A tree URL that does not answer (nothing listens on port 9 here).
expect_fail "http://127.0.0.1:9/sl51/" \
	build_iso "$out" -s tree.url=http://127.0.0.1:9/sl51/
unchanged "dead tree URL"

# A tree without its kernel (a 404 for vmlinuz).
cp -a "$MIRROR" "$XENINFN_TMP/nokernel"
rm "$XENINFN_TMP/nokernel/images/pxeboot/vmlinuz"
expect_fail "no vmlinuz in images/pxeboot/" \
	build_iso "$out" -s tree.url="file://$XENINFN_TMP/nokernel"
unchanged "missing vmlinuz"

# A tree of another release, and of another arch.
cp -a "$MIRROR" "$XENINFN_TMP/sl52"
sed -i '2s/5\.1/5.2/' "$XENINFN_TMP/sl52/.discinfo"
expect_fail "tree.allow_mismatch" \
	build_iso "$out" -s tree.url="file://$XENINFN_TMP/sl52"
unchanged "other release"
cp -a "$MIRROR" "$XENINFN_TMP/i386"
sed -i '3s/x86_64/i386/' "$XENINFN_TMP/i386/.discinfo"
expect_fail "i386" build_iso "$out" -s tree.url="file://$XENINFN_TMP/i386"
unchanged "other arch"

# A checksum the tree publishes that does not match its image.
cp -a "$FX/mirror-treeinfo" "$XENINFN_TMP/corrupt"
printf 'X' >> "$XENINFN_TMP/corrupt/images/pxeboot/initrd.img"
expect_fail "initrd.img" \
	build_iso "$out" -s tree.url="file://$XENINFN_TMP/corrupt"
unchanged "checksum mismatch"

# A link in a file:// tree that leads out of it is refused, naming the
# file; a link that stays inside the tree is followed.
cp -a "$MIRROR" "$XENINFN_TMP/linked"
ln -sf /etc/passwd "$XENINFN_TMP/linked/images/pxeboot/vmlinuz"
expect_fail "images/pxeboot/vmlinuz: a link that leads out of the tree" \
	build_iso "$out" -s tree.url="file://$XENINFN_TMP/linked"
unchanged "link out of the tree"
cp -a "$MIRROR" "$XENINFN_TMP/linked-in"
mv "$XENINFN_TMP/linked-in/images/pxeboot/vmlinuz" \
	"$XENINFN_TMP/linked-in/vmlinuz-real"
ln -s ../../vmlinuz-real "$XENINFN_TMP/linked-in/images/pxeboot/vmlinuz"
# shellcheck disable=SC2046
"$XENINFN" fetch $(fixture_args) -s tree.url="file://$XENINFN_TMP/linked-in" \
	--cache "$XENINFN_TMP/cache" >/dev/null ||
	fail "a link inside the tree was refused"

# A CA file that cannot be read.
expect_fail "fetch.ca_file: $XENINFN_TMP/none.pem" \
	build_iso "$out" -s fetch.ca_file="$XENINFN_TMP/none.pem"
unchanged "missing CA file"

# An output directory that cannot be written (a path under a file).
: > "$XENINFN_TMP/plainfile"
expect_fail "$XENINFN_TMP/plainfile/out" \
	build_iso "$XENINFN_TMP/plainfile/out"

# A missing syslinux file, a missing tool.
mkdir "$XENINFN_TMP/emptysyslinux"
XENINFN_SYSLINUX_DIR=$XENINFN_TMP/emptysyslinux \
	expect_fail "emptysyslinux/isolinux.bin: missing syslinux file" \
	build_iso "$out"
unchanged "missing syslinux"
XENINFN_XORRISO=$XENINFN_TMP/no-xorriso \
	expect_fail "no-xorriso" build_iso "$out"
unchanged "missing xorriso"

# An interrupted build: whenever the signal lands, OUTDIR holds either the
# old outputs or a complete new set, never a half ISO or a temporary.
# The tool itself is the background job (not a subshell running
# build_iso), so that the signal reaches it and wait sees it end.
# shellcheck disable=SC2046
"$XENINFN" build $(fixture_args) --cache "$XENINFN_TMP/cache" \
	-o "$out" -s boot.timeout=7 & pid=$!
sleep 2
kill -TERM "$pid" 2>/dev/null || true
set +e; wait "$pid"; rc=$?; set -e
# 0 when the build was done before the signal came
[ "$rc" -eq 0 ] || [ "$rc" -eq 143 ] || fail "SIGTERM: exit $rc, not 143"
no_temporaries "$out"
iso=$(only_iso "$out")
(cd "$out" && sha256sum -c SHA256SUMS)
