#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SELinux contexts of the files the helpers write.  (1) Under any root, a
# replaced file's security.selinux attribute is copied to the new file
# (tested where this file system lets root set security.* attributes).
# (2) Run chrooted in the root, as in %post (--root /), with SELinux "on"
# (a stand-in /selinux/enforce) and a stand-in restorecon on PATH, the
# helper execs restorecon itself (no shell) on exactly the files and links
# it wrote; with --root elsewhere restorecon is not run (it labels by
# path).  No SELinux policy is loaded here: the contexts set by a real
# restorecon are not checked.
. "$XENINFN_SRC/tests/post-install/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "needs root (security.* attributes, chroot)"; exit 77; }
CON=system_u:object_r:xend_config_t:s0
X=etc/xen/xend-config.sxp

# A stand-in restorecon that logs its arguments, one a line, in $1.
fake_restorecon() {	# fake_restorecon FILE LOG [EXIT]
	printf '#!%s\nfor a in "$@"; do echo "$a" >>%s; done\nexit %s\n' \
		"$(command -v busybox) sh" "$2" "${3:-0}" >"$1"
	chmod 755 "$1"
}

# (1) The attribute copied, restorecon not run under another root.
r=$(fresh copy)
mkdir -p "$XENINFN_TMP/bin"
fake_restorecon "$XENINFN_TMP/bin/restorecon" "$XENINFN_TMP/rc-outside.log"
if python3 -c 'import os, sys; os.setxattr(sys.argv[1], "security.selinux", sys.argv[2].encode() + b"\0")' \
    "$r/$X" "$CON" 2>"$XENINFN_TMP/err"; then
	PATH=$XENINFN_TMP/bin:$PATH run dom0setup --root "$r"
	expect_rc 0 "run with a labelled xend-config.sxp"
	for f in "$X" "$X.xeninfn-orig"; do
		got=$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "security.selinux").rstrip(b"\0").decode())' "$r/$f" 2>&1)
		[ "$got" = "$CON" ] && pass "$f keeps the context $CON" ||
			fail "$f: context '$got', want $CON"
	done
else
	echo "NOTE: this file system refuses security.selinux ($(cat "$XENINFN_TMP/err")): the context copy is not tested"
fi
[ -e "$XENINFN_TMP/rc-outside.log" ] && fail "restorecon run with --root $r: $(cat "$XENINFN_TMP/rc-outside.log")"
pass "no restorecon with --root other than /"

# (2) In a chroot, as %post runs it.
command -v busybox >/dev/null || { echo "busybox not installed"; finish; }
command -v chroot >/dev/null || { echo "chroot not found"; finish; }
r=$(fresh chroot)
mkdir -p "$r/usr/sbin" "$r/sbin" "$r/bin" "$r/selinux" "$r/tmp"
cp "$PI/xeninfn-dom0setup" "$r/usr/sbin/"
cp "$(command -v busybox)" "$r/bin/busybox"
printf '#!/bin/busybox sh\nfor a in "$@"; do echo "$a" >>/tmp/restorecon.log; done\n' >"$r/sbin/restorecon"
chmod 755 "$r/sbin/restorecon"
echo 1 >"$r/selinux/enforce"
args="--root / --firewall --open-port 22:tcp"
# shellcheck disable=SC2086
PATH=/usr/sbin:/sbin:/usr/bin:/bin chroot "$r" /usr/sbin/xeninfn-dom0setup $args --dry-run >"$XENINFN_TMP/dry"
{ sed -n 's|^+++ b/|/|p' "$XENINFN_TMP/dry"; sed -n 's|^# symlink \([^ ]*\) .*|/\1|p' "$XENINFN_TMP/dry"; } |
	sort >"$XENINFN_TMP/want"
[ -s "$XENINFN_TMP/want" ] || fail "chroot dry run names no change"
# shellcheck disable=SC2086
PATH=/usr/sbin:/sbin:/usr/bin:/bin strace -f -qq -e trace=execve -o "$XENINFN_TMP/exec" \
	chroot "$r" /usr/sbin/xeninfn-dom0setup $args >"$XENINFN_TMP/out" 2>"$XENINFN_TMP/err"
rc=$?
expect_rc 0 "chroot run with SELinux on"
sort "$r/tmp/restorecon.log" >"$XENINFN_TMP/got" 2>/dev/null
if diff -u "$XENINFN_TMP/want" "$XENINFN_TMP/got"; then
	pass "restorecon got exactly the $(wc -l <"$XENINFN_TMP/want") files and links written"
else
	fail "restorecon's arguments differ from the files written"
fi
grep -q 'execve("/sbin/restorecon", \["restorecon", "/' "$XENINFN_TMP/exec" &&
	pass "restorecon exec'ed directly (no shell)" ||
	fail "no direct execve of /sbin/restorecon: $(grep restorecon "$XENINFN_TMP/exec" | head -c 300)"
grep -q 'execve("/bin/sh"' "$XENINFN_TMP/exec" && fail "a shell was run"
rm -f "$r/tmp/restorecon.log"
PATH=/usr/sbin:/sbin:/usr/bin:/bin chroot "$r" /usr/sbin/xeninfn-dom0setup $args
[ -e "$r/tmp/restorecon.log" ] && fail "second run (nothing written) ran restorecon"
pass "nothing written: restorecon not run"

# SELinux off (no enforce file): not run.  A failing restorecon: a warning.
r=$(fresh chroot-off)
mkdir -p "$r/usr/sbin" "$r/sbin" "$r/bin" "$r/tmp"
cp "$PI/xeninfn-dom0setup" "$r/usr/sbin/"
cp "$(command -v busybox)" "$r/bin/busybox"
printf '#!/bin/busybox sh\necho "$@" >>/tmp/restorecon.log\nexit 1\n' >"$r/sbin/restorecon"
chmod 755 "$r/sbin/restorecon"
PATH=/usr/sbin:/sbin chroot "$r" /usr/sbin/xeninfn-dom0setup --root / >/dev/null 2>&1
[ -e "$r/tmp/restorecon.log" ] && fail "restorecon run with SELinux off"
pass "SELinux off: restorecon not run"
mkdir -p "$r/selinux" && echo 1 >"$r/selinux/enforce"
PATH=/usr/sbin:/sbin chroot "$r" /usr/sbin/xeninfn-dom0setup --root / --firewall \
	>"$XENINFN_TMP/out" 2>"$XENINFN_TMP/err"
rc=$?
expect_rc 0 "restorecon failing"
expect_err "restorecon failed on the 2 files written" "restorecon failing"
finish
