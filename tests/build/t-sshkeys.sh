#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A way to log in (ssh.authorized_keys): keys made here by ssh-keygen, from
# a file and from a URL, reach the kickstart and the ISO; the rendered
# %post block, run on a scratch root, installs them with the modes sshd
# wants (and restorecon); ssh-keygen reads the file it leaves.  Bad keys,
# an unreachable or 404 URL: the key and the file:line or URL named,
# exit 1, nothing written.  A locked root without keys warns loudly.
. "$XENINFN_SRC/tests/build/lib.sh"
command -v ssh-keygen >/dev/null || { echo "ssh-keygen not installed (openssh-client)"; exit 77; }
T=$XENINFN_TMP
# render fetches a keys URL through a cache of its own: keep it here.
XDG_CACHE_HOME=$T/xdg-cache
export XDG_CACHE_HOME
out=$T/out
mkdir -p "$out"
empty_out() {
	[ -z "$(ls -A "$out")" ] || fail "OUTDIR not empty after: $1: $(ls -A "$out")"
}
ssh-keygen -q -t rsa -N '' -C 'admin@example.org' -f "$T/rsa"
ssh-keygen -q -t rsa -b 2048 -N '' -C 'backup key' -f "$T/rsa2"
ssh-keygen -q -t ed25519 -N '' -C 'too new' -f "$T/ed25519"
{ echo "# root of the dom0"; echo; cat "$T/rsa.pub" "$T/rsa2.pub"; } >"$T/keys"

# 1. From a file: in the kickstart, no warning; the %post block works.
"$XENINFN" render -s ssh.authorized_keys="$T/keys" >"$T/ks" 2>"$T/err" || fail "render"
! grep -q "NOBODY" "$T/err" || fail "warned about login although keys are given"
grep -qxF "$(cat "$T/rsa.pub")" "$T/ks" || fail "the first key is not in the kickstart"
grep -qxF "$(cat "$T/rsa2.pub")" "$T/ks" || fail "the second key is not in the kickstart"
grep -qx 'openssh-server' "$T/ks" || fail "%packages has no openssh-server"
"$XENINFN" check "$T/ks" || fail "the kickstart with keys fails xeninfn check"
sed -n "/^# root's SSH keys/,/installed for root\"\$/p" "$T/ks" >"$T/block"
[ -s "$T/block" ] || fail "no key block in %post"
mkdir -p "$T/root/root" "$T/bin"
printf '#!/bin/sh\necho "$@" >>"%s/restorecon.args"\n' "$T" >"$T/bin/restorecon"
printf '#!/bin/sh\nexit 0\n' >"$T/bin/chown"
chmod +x "$T/bin/restorecon" "$T/bin/chown"
# The block as it runs chrooted, with /root and /sbin/restorecon moved to
# the scratch root (and chown a no-op, for a test run without root).
sed "s|/root/|$T/root/root/|g; s|/root\$|$T/root/root|; s|/sbin/restorecon|$T/bin/restorecon|g; s|^chown|$T/bin/chown|" \
	"$T/block" >"$T/block.sh"
(umask 000; fail=0; . "$T/block.sh"; echo "fail=$fail") >"$T/post.out" 2>&1 || fail "the block failed: $(cat "$T/post.out")"
cat "$T/post.out"
grep -qx 'fail=0' "$T/post.out" || fail "the block set fail"
grep -q '^XenINFN: 2 SSH key(s) installed for root' "$T/post.out" || fail "the block does not say what it installed"
[ "$(stat -c %a "$T/root/root/.ssh")" = 700 ] || fail ".ssh is $(stat -c %a "$T/root/root/.ssh"), not 700"
[ "$(stat -c %a "$T/root/root/.ssh/authorized_keys")" = 600 ] || fail "authorized_keys is not 600"
grep -qx -- "-R $T/root/root/.ssh" "$T/restorecon.args" || fail "restorecon -R /root/.ssh not run"
# ssh-keygen reads the installed file: both keys, same fingerprints.
ssh-keygen -l -f "$T/root/root/.ssh/authorized_keys" | cut -d' ' -f2 >"$T/fp.got"
cat "$T/rsa.pub" "$T/rsa2.pub" | ssh-keygen -l -f - | cut -d' ' -f2 >"$T/fp.want"
cmp -s "$T/fp.got" "$T/fp.want" || fail "the installed keys are not the given ones"

# 2. Locked root and no key: a loud warning, not an error.
"$XENINFN" render >/dev/null 2>"$T/err" || fail "render without keys failed"
grep -q "warning: NOBODY WILL BE ABLE TO LOG IN.*rootpw.hash = !!" "$T/err" ||
	fail "no warning for a locked root without keys"
"$XENINFN" render -s 'rootpw.hash=$1$abcdefgh$0123456789012345678901' >/dev/null 2>"$T/err"
! grep -q NOBODY "$T/err" || fail "warned although root has a password"

# 3. Bad keys: file:line, the reason, exit 1, nothing written.
{ cat "$T/rsa.pub"; cat "$T/ed25519.pub"; echo "ssh-rsa AAAA!!!!"; } >"$T/bad"
expect_fail "$T/bad:2: SL 5.1's OpenSSH 4.3p2 reads only ssh-rsa and ssh-dss" \
	build_iso "$out" -s ssh.authorized_keys="$T/bad"
grep -q "$T/bad:3: the key data is not base64" "$T/stderr" || fail "line 3 not named"
grep -q "ssh.authorized_keys = $T/bad (-s): 2 lines refused" "$T/stderr" || fail "the key is not named"
empty_out "bad keys"
expect_fail "ssh.authorized_keys = $T/none (-s): cannot read" \
	build_iso "$out" -s ssh.authorized_keys="$T/none"
empty_out "missing keys file"

# 4. From a URL: the build carries them; 404 and no answer are refused.
mkdir -p "$T/www"
cp "$T/keys" "$T/www/keys"
serve_dir "$T/www"
port=$HTTP_PORT
build_iso "$out/iso" -s ssh.authorized_keys="http://127.0.0.1:$port/keys" 2>"$T/err" ||
	{ cat "$T/err"; fail "a build with keys from a URL failed"; }
iso=$(only_iso "$out/iso")
"$XORRISO" -osirrox on -indev "$iso" -extract /ks.cfg "$T/iso-ks.cfg" 2>/dev/null
grep -qxF "$(cat "$T/rsa2.pub")" "$T/iso-ks.cfg" || fail "the ISO's kickstart lacks the keys"
rm -rf "$out/iso"
u=http://127.0.0.1:$port/nothere
expect_fail "ssh.authorized_keys = $u (-s): cannot fetch the keys" \
	build_iso "$out" -s ssh.authorized_keys="$u"
grep -q "$u: not found" "$T/stderr" || fail "the 404 is not said"
empty_out "404 keys URL"
expect_fail "ssh.authorized_keys = http://127.0.0.1:9/keys (-s): cannot fetch the keys" \
	"$XENINFN" render -s ssh.authorized_keys=http://127.0.0.1:9/keys
[ ! -s "$T/stdout" ] || fail "render printed a kickstart although the keys were unreachable"
echo "ssh keys: ok"
