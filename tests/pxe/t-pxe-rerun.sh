#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Re-runs of `xeninfn pxe`: a bad inventory changes nothing (file:line
# errors, exit 1); an unchanged one rewrites nothing; a changed one
# rewrites what changed and removes the files of hosts no longer listed,
# never a file it did not write; a host file edited or removed by hand is
# put back.  Install once: --done switches a host to
# local boot, a re-run keeps it, --reinstall undoes it.
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

# A host file changed or removed by hand is put back by a re-run: the
# manifest's record of it (size, inode, mtime) no longer matches.
ks1=$out/http/ks/a1.ks
want=$(sha256sum <"$ks1")
printf '#' | dd of="$ks1" bs=1 seek=0 conv=notrunc 2>/dev/null	# same size
echo "# edited" >>"$c/$(cfg_of 52:54:00:cd:00:02)"
rm "$c/$(cfg_of 52:54:00:cd:00:04)"
pxe "$out" --hosts "$hosts"
[ "$(sha256sum <"$ks1")" = "$want" ] || fail "a kickstart edited in place was not put back"
grep -q "# edited" "$c/$(cfg_of 52:54:00:cd:00:02)" && fail "an edited config was not put back"
[ -s "$c/$(cfg_of 52:54:00:cd:00:04)" ] || fail "a removed config was not put back"
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
