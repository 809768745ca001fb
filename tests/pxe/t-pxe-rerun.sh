#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Re-runs of `xeninfn pxe`: a bad inventory changes nothing (file:line
# errors, exit 1); an unchanged one rewrites nothing, not even the
# manifest, and a touched one writes nothing; a changed one rewrites what
# changed and removes the files of hosts no longer listed, never a file it
# did not write; a host file removed or replaced by hand is put back by a
# plain re-run, one edited in place by --verify.  Install once: --done
# switches a host to local boot, a re-run keeps it, --reinstall undoes it.
. "$XENINFN_SRC/tests/pxe/lib.sh"

out=$XENINFN_TMP/tree
hosts=$XENINFN_TMP/hosts.csv
cat >"$hosts" <<EOF2
hostname,mac,ip,netmask
a1,52:54:00:cd:00:01,10.2.0.1,255.255.0.0
a2,52:54:00:cd:00:02,,
a3,52:54:00:cd:00:03,10.2.0.3,255.255.0.0
EOF2
pxe "$out" --hosts "$hosts"
# a file of the operator's beside ours
echo "keep me" >"$out/tftp/pxelinux.cfg/01-52-54-00-ff-ff-ff"
echo "keep me" >"$out/http/ks/handmade.ks"
before=$(snapshot "$out")

# a bad inventory: every error with file:line, exit 1, nothing touched
bad=$XENINFN_TMP/bad.csv
cat >"$bad" <<EOF2
hostname,mac,ip,netmask,rack
a1,52:54:00:cd:00:01,10.2.0.1,255.255.0.0,r1
EOF2
expect_fail "bad.csv:1: unknown column 'rack'" pxe "$out" --hosts "$bad"
cat >"$bad" <<EOF2
hostname,mac,ip,netmask
a1,52:54:00:cd:00:01,10.2.0.1,255.255.0.0
a2,52:54:00:CD:00:01,,
a3,52:54:00:cd:00:zz,,
,52:54:00:cd:00:04,,
a1,52:54:00:cd:00:05,10.2.0.1,255.255.0.0
EOF2
expect_fail "bad.csv:3: duplicate mac '52:54:00:cd:00:01' (also on line 2)" pxe "$out" --hosts "$bad"
for want in "bad.csv:4: mac '52:54:00:cd:00:zz' is not a MAC" \
    "bad.csv:5: the hostname is missing" \
    "bad.csv:6: duplicate hostname 'a1' (also on line 2)" \
    "bad.csv:6: duplicate ip '10.2.0.1' (also on line 2)"; do
	grep -qF "$want" "$XENINFN_TMP/stderr" || fail "no '$want' in stderr"
done
[ "$(snapshot "$out")" = "$before" ] || fail "a refused inventory changed the tree"

# the same inventory again: nothing rewritten
pxe "$out" --hosts "$hosts"
[ "$(snapshot "$out")" = "$before" ] || fail "an unchanged re-run rewrote files"

# a3 leaves, a2 gets an address, a4 arrives
cat >"$hosts" <<EOF2
hostname,mac,ip,netmask
a1,52:54:00:cd:00:01,10.2.0.1,255.255.0.0
a2,52:54:00:cd:00:02,10.2.0.2,255.255.0.0
a4,52:54:00:cd:00:04,,
EOF2
pxe "$out" --hosts "$hosts"
after=$(snapshot "$out")
c=$out/tftp/pxelinux.cfg
[ ! -e "$c/$(cfg_of 52:54:00:cd:00:03)" ] || fail "a3's config was not removed"
[ ! -e "$out/http/ks/a3.ks" ] || fail "a3's kickstart was not removed"
[ -s "$c/$(cfg_of 52:54:00:cd:00:04)" ] && [ -s "$out/http/ks/a4.ks" ] ||
	fail "a4's files are missing"
grep -q 'ip=10.2.0.2 ' "$c/$(cfg_of 52:54:00:cd:00:02)" || fail "a2's config was not updated"
grep -q "keep me" "$c/01-52-54-00-ff-ff-ff" "$out/http/ks/handmade.ks" ||
	fail "a file pxe did not write was removed"
line() { echo "$1" | grep "^./$2 " | cut -d' ' -f2-; }
[ "$(line "$before" tftp/pxelinux.cfg/$(cfg_of 52:54:00:cd:00:01))" = \
  "$(line "$after" tftp/pxelinux.cfg/$(cfg_of 52:54:00:cd:00:01))" ] ||
	fail "a1's config was rewritten though it did not change"
[ "$(line "$before" http/ks/a1.ks)" = "$(line "$after" http/ks/a1.ks)" ] ||
	fail "a1's kickstart was rewritten though it did not change"

# settle: plain re-runs until the manifest records both directories of
# host files (a run that changed one in the clock's last tick records it
# as "check next time"; the next run, a tick later, records it).
settle() {
	i=0
	while grep -Eq '^ident (http/ks|tftp/pxelinux.cfg) -$' "$out/.xeninfn-pxe-manifest"; do
		i=$((i + 1))
		[ "$i" -le 20 ] || fail "the directories are never recorded as settled"
		pxe "$out" --hosts "$hosts"
	done
}
# stamp FILE: its inode, mtime and sha256
stamp() {
	echo "$(stat -c '%i %.9Y' "$1") $(sha256sum <"$1")"
}
settle
grep -Eq '^ident inventory [0-9]+(:[0-9]+){4}$' "$out/.xeninfn-pxe-manifest" ||
	fail "the manifest does not record the inventory"
grep -Eq '^deps [0-9a-f]{16}$' "$out/.xeninfn-pxe-manifest" ||
	fail "the manifest does not record what host files depend on"

# Nothing changed: no per-host work, nothing written, the manifest too.
before=$(snapshot "$out")
man=$(stamp "$out/.xeninfn-pxe-manifest")
pxe "$out" --hosts "$hosts" 2>"$XENINFN_TMP/log"
grep -q "hosts as recorded" "$XENINFN_TMP/log" || fail "an unchanged re-run did per-host work: $(cat "$XENINFN_TMP/log")"
[ "$(snapshot "$out")" = "$before" ] || fail "an unchanged re-run rewrote files"
[ "$(stamp "$out/.xeninfn-pxe-manifest")" = "$man" ] || fail "an unchanged re-run rewrote the manifest"

# The inventory touched, its bytes the same: per-host work, nothing written.
touch "$hosts"
pxe "$out" --hosts "$hosts" 2>"$XENINFN_TMP/log"
grep -q " 0 files written" "$XENINFN_TMP/log" || fail "a touched inventory wrote files: $(cat "$XENINFN_TMP/log")"
[ "$(snapshot "$out")" = "$before" ] || fail "a touched inventory rewrote files"

# One host's row changed: its two files, nothing else.
sed 's/^a4,52:54:00:cd:00:04,,$/a4,52:54:00:cd:00:04,10.2.0.4,255.255.0.0/' "$hosts" >"$hosts.new"
mv "$hosts.new" "$hosts"
pxe "$out" --hosts "$hosts"
snapshot "$out" >"$XENINFN_TMP/snap"
changed=$(printf '%s\n' "$before" | diff - "$XENINFN_TMP/snap" |
	sed -n 's/^> \.\/\([^ ]*\) .*/\1/p' | tr '\n' ' ')
[ "$changed" = "http/ks/a4.ks tftp/pxelinux.cfg/$(cfg_of 52:54:00:cd:00:04) " ] ||
	fail "one host's row changed, but these files were written: $changed"

# A host file removed, or replaced through a new name (sed -i, mv), is
# put back by a plain re-run: its directory's identity changed.
settle
ks1=$out/http/ks/a1.ks
want=$(sha256sum <"$ks1")
c2=$c/$(cfg_of 52:54:00:cd:00:02)
want2=$(sha256sum <"$c2")
sed -i 's/^/# /' "$ks1"
cp "$c2" "$XENINFN_TMP/c2" && echo "# renamed" >>"$XENINFN_TMP/c2" && mv "$XENINFN_TMP/c2" "$c2"
rm "$c/$(cfg_of 52:54:00:cd:00:04)"
pxe "$out" --hosts "$hosts"
[ "$(sha256sum <"$ks1")" = "$want" ] || fail "a kickstart replaced by sed -i was not put back"
[ "$(sha256sum <"$c2")" = "$want2" ] || fail "a config replaced by a rename was not put back"
[ -s "$c/$(cfg_of 52:54:00:cd:00:04)" ] || fail "a removed config was not put back"

# A host file rewritten in place (same inode) is left alone by a plain
# re-run, as docs/pxe.md says; --verify puts it back.
settle
printf 'X' | dd of="$ks1" bs=1 seek=0 conv=notrunc 2>/dev/null	# same size
printf 'x' >>"$c2"
pxe "$out" --hosts "$hosts"
[ "$(sha256sum <"$ks1")" != "$want" ] || fail "a plain re-run read back a file edited in place"
tail -c 1 "$c2" | grep -q x || fail "a plain re-run read back a config edited in place"
pxe "$out" --hosts "$hosts" --verify
[ "$(sha256sum <"$ks1")" = "$want" ] || fail "--verify did not put back a kickstart edited in place"
[ "$(sha256sum <"$c2")" = "$want2" ] || fail "--verify did not put back a config edited in place"

# A file removed right after a run, within the same clock tick as its
# last write, is put back by the next plain run all the same.
for n in 1 2 3 4 5; do
	sed "s/^a4,52:54:00:cd:00:04,[^,]*,/a4,52:54:00:cd:00:04,10.2.0.$((40 + n)),/" "$hosts" >"$hosts.new"
	mv "$hosts.new" "$hosts"
	pxe "$out" --hosts "$hosts" && rm "$ks1" "$c/$(cfg_of 52:54:00:cd:00:01)"
	pxe "$out" --hosts "$hosts"
	[ "$(sha256sum <"$ks1")" = "$want" ] && [ -s "$c/$(cfg_of 52:54:00:cd:00:01)" ] ||
		fail "files removed right after a run (round $n) were not put back"
done

# the same for the copied files of the tree (their "fsum" records)
r=$out/tftp/sl51-x86_64
printf 'X' | dd of="$r/vmlinuz" bs=1 seek=0 conv=notrunc 2>/dev/null
: >"$r/xeninfn.img"
rm "$out/tftp/menu.c32"
pxe "$out" --hosts "$hosts"
cmp -s "$r/vmlinuz" "$FX/mirror/images/pxeboot/vmlinuz" || fail "a kernel edited in place was not put back"
gzip -dc <"$r/xeninfn.img" | cpio -it 2>/dev/null | grep -qx sbin/xeninfn-vtcheck ||
	fail "an emptied xeninfn.img was not made again"
[ -s "$out/tftp/menu.c32" ] || fail "a removed menu.c32 was not put back"

# install once
a1cfg=$c/$(cfg_of 52:54:00:cd:00:01)
"$XENINFN" pxe --done a1 -o "$out"
cmp -s "$a1cfg" "$c/local" || fail "--done did not switch a1 to local boot"
grep -q 'ks=' "$c/$(cfg_of 52:54:00:cd:00:02)" || fail "--done touched another host"
pxe "$out" --hosts "$hosts"
cmp -s "$a1cfg" "$c/local" || fail "a re-run re-armed the install of a1"
expect_fail "no host 'zz'" "$XENINFN" pxe --done zz -o "$out"

# A run without --hosts on a tree of hosts is refused, touching nothing:
# it would drop every host's config, the --done ones included, and send
# them all to the install menu.
before=$(cd "$out" && find . -type f | sort | xargs sha256sum | sha256sum)
expect_fail "give --hosts FILE again" pxe "$out"
after=$(cd "$out" && find . -type f | sort | xargs sha256sum | sha256sum)
[ "$before" = "$after" ] || fail "a refused run without --hosts changed the tree"
cmp -s "$a1cfg" "$c/local" || fail "a1 no longer boots from its disk"

# --done while another run holds the tree waits for it, and says so.
held=$XENINFN_TMP/held
flock "$out/.xeninfn-pxe-lock" sh -c "touch '$held'; sleep 2" &
holder=$!
while [ ! -e "$held" ]; do sleep 0.1; done
"$XENINFN" pxe --done a2 -o "$out" 2>"$XENINFN_TMP/err" ||
	fail "--done a2 failed: $(cat "$XENINFN_TMP/err")"
wait "$holder"
grep -q "waiting for $out: another xeninfn pxe is writing it" "$XENINFN_TMP/err" ||
	fail "--done did not wait for the tree's lock: $(cat "$XENINFN_TMP/err")"
cmp -s "$c/$(cfg_of 52:54:00:cd:00:02)" "$c/local" || fail "--done a2 did not switch a2"
pxe "$out" --hosts "$hosts" --reinstall a2
pxe "$out" --hosts "$hosts" --reinstall A1
grep -q "ks=$HTTP_URL/ks/a1.ks" "$a1cfg" || fail "--reinstall did not re-arm a1"
find "$out" -name '*tmp*' | grep . && fail "temporary files left behind"

# A directory of host files that is not there is filled under a hidden
# name and renamed into place when complete; what a killed run left
# there is removed, never published.
rm -rf "$out/http/ks"
mkdir "$out/http/.ks.xeninfn-new"
echo junk >"$out/http/.ks.xeninfn-new/junk.ks"
pxe "$out" --hosts "$hosts"
[ ! -e "$out/http/.ks.xeninfn-new" ] || fail "the staged http/ks was left behind"
[ ! -e "$out/http/ks/junk.ks" ] || fail "what a killed run staged was published"
for f in default.ks a1.ks a2.ks a4.ks; do
	[ -s "$out/http/ks/$f" ] || fail "http/ks/$f was not put back"
done
[ "$(sha256sum <"$out/http/ks/a1.ks")" = "$want" ] || fail "a1.ks differs after its directory was made again"
before=$(snapshot "$out")
pxe "$out" --hosts "$hosts"
[ "$(snapshot "$out")" = "$before" ] || fail "a re-run after the staged one rewrote files"
echo ok
