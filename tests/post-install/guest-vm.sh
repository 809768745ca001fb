#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The inside of tests/post-install/t-guest.sh: runs as the %pre of a
# kickstart in the stand-in installer under qemu (real LVM with
# device-mapper snapshots on the virtio disk /dev/vda, which the sandbox
# of the test runner lacks).  Prints "ok: ..." and "FAIL: ..." lines and
# ends with "failures=N"; the kickstart sends them to the console as they
# come, each after "GUEST-VM: ".  Every step has a time limit: a run of
# the helper 120 s (SIGTERM, which it must obey, then SIGKILL at 150 s),
# an lvm command 60 s, the whole script 840 s (about 7 minutes under
# software emulation on a busy 2-core machine); one that runs out fails
# with the processes and the kernel's wait channels, so a hang is a clear
# failure, never a stuck boot.
#
# xm and ssh are the test's own stand-ins (there is no Xen and no sshd
# here): /tmp/fake/xm records each call, says a domain runs when its name
# is in $S/running, and runs $S/on-pause / $S/on-unpause hooks (the guest
# writing when it resumes, a second backup, a ^C); /tmp/fake/ssh runs the
# remote command locally with sh -c; /tmp/fake/gzip is the real gzip but
# once (a SIGTERM in the middle of the copy).  Everything else is real: lvm,
# gzip, mke2fs, the kernel's snapshots.
G=/guest/xeninfn-guest
S=/tmp/xmstate
R=/tmp/root
VG=xgt$$
D=/dev/vda
BK=/tmp/backups
failures=0
PATH=/tmp/fake:$PATH
export PATH S

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# processes: every process with its state and kernel wait channel, for
# a step that ran out of time.
processes() {
	for d in /proc/[0-9]*; do
		[ -r "$d/cmdline" ] && [ -s "$d/cmdline" ] || continue
		echo "  ${d#/proc/} $(sed -n 's/^State:[[:space:]]*//p' "$d/status") wchan=$(cat "$d/wchan" 2>/dev/null) $(tr '\0' ' ' <"$d/cmdline")"
	done
}
# run ARGS...: xeninfn-guest with the test's root and volume group; sets
# rc, stdout in /tmp/out, stderr in /tmp/err.  120 s at most: then
# SIGTERM (the helper cleans up and ends), and SIGKILL 30 s later.
run() {
	echo "run: [$(cut -d' ' -f1 /proc/uptime) s] xeninfn-guest $*"
	timeout -s KILL 150 timeout 120 "$G" --root "$R" "$@" >/tmp/out 2>/tmp/err
	rc=$?
	if [ "$rc" -eq 143 ] || [ "$rc" -eq 137 ]; then
		fail "xeninfn-guest $*: no end within 120 s (exit $rc); stderr: $(head -c 600 /tmp/err)"
		processes
	fi
}
# lvm ARGS...: the test's own lvm commands, 60 s at most.
lvm() {
	timeout -s KILL 60 lvm "$@"
}
# wait_bounded PID WHAT: waits for the background PID, at most 150 s,
# and sets rc; one still running then is a failure, shown with the
# processes, and killed.
wait_bounded() {
	n=0
	while kill -0 "$1" 2>/dev/null && [ "$n" -lt 1500 ]; do
		sleep 0.1; n=$((n + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		fail "$2: still running after 150 s"
		processes
		kill -9 "$1"
	fi
	wait "$1"
	rc=$?
}
expect_rc() {
	if [ "$rc" -eq "$1" ]; then pass "$2 (exit $rc)"
	else fail "$2: exit $rc, want $1; stderr: $(head -c 600 /tmp/err)"; fi
}
expect_err() {
	if grep -qF -- "$1" /tmp/err; then pass "$2 says '$1'"
	else fail "$2: stderr lacks '$1': $(head -c 600 /tmp/err)"; fi
}
# no_snapshot WHAT: no *-xeninfn-snap volume is left.
no_snapshot() {
	if lvm lvs --noheadings -o lv_name "$VG" | grep -q xeninfn-snap; then
		fail "$1: a snapshot was left: $(lvm lvs --noheadings -o lv_name "$VG" | tr -s ' \n' ' ')"
	else pass "$1: no snapshot left"; fi
}
# backups DIR GUEST: the number of finished backups of GUEST in DIR.
backups() {
	ls "$1" 2>/dev/null | grep -c "^$2-[0-9]\{8\}T[0-9]\{6\}Z\.img\.gz\$"
}
# no_temp DIR WHAT: no temporary file is left in DIR.
no_temp() {
	if ls -a "$1" 2>/dev/null | grep -q '\.tmp$'; then fail "$2: temporary file left in $1"
	else pass "$2: no temporary file left"; fi
}
hook() {	# hook NAME BODY: the fake xm runs BODY at pause/unpause
	printf '#!/bin/sh\n%s\n' "$2" >"$S/$1"
	chmod +x "$S/$1"
}
unhook() { rm -f "$S/on-pause" "$S/on-unpause"; }

# The whole script: 840 s at most (the test gives the boot 900 s).  Then
# the processes are shown and the machine powers off, so the test fails
# with the reason instead of waiting for qemu's time limit.  The watchdog
# looks every second for /tmp/guest-vm.done and ends by itself: a sleep
# left behind would hold the console pipe open, and the %pre with it.
( n=0
  while [ ! -f /tmp/guest-vm.done ] && [ "$n" -lt 840 ]; do sleep 1; n=$((n + 1)); done
  [ ! -f /tmp/guest-vm.done ] || exit 0
  echo "FAIL: guest-vm.sh has not ended after 840 s; the processes:"
  processes
  echo "failures=hung"
  sync; poweroff -f ) &
watchdog=$!
mkdir -p /tmp/fake "$S" "$R/etc/xen" "$R/etc/sysconfig/network-scripts" "$BK"
: >"$S/running"
echo 'DEVICE=xenbr1' >"$R/etc/sysconfig/network-scripts/ifcfg-xenbr1"
echo 'DEVICE=xenbr0' >"$R/etc/sysconfig/network-scripts/ifcfg-xenbr0"
printf 'GUEST_VG=%s\n' "$VG" >"$R/etc/sysconfig/xeninfn-guest"
cat >/tmp/fake/xm <<'XM'
#!/bin/sh
echo "$*" >>"$S/xm.log"
XENINFN_GUEST_PID=$PPID
export XENINFN_GUEST_PID
case $1 in
list)	grep -qx "$2" "$S/running" ;;
pause)	[ ! -x "$S/on-pause" ] || "$S/on-pause" ;;
unpause) [ ! -x "$S/on-unpause" ] || "$S/on-unpause" ;;
*)	exit 1 ;;
esac
XM
cat >/tmp/fake/ssh <<'SSH'
#!/bin/sh
echo "$*" >>"$S/ssh.log"
[ "$1 $2 $3" = "-o BatchMode=yes --" ] || { echo "ssh: unexpected options: $*" >&2; exit 255; }
exec sh -c "$5"
SSH
# gzip: the real one, except once after "touch $S/gzip-term": then it
# compresses the first MiB, sends the helper (its parent) SIGTERM in the
# middle of the copy, and blocks until it is killed.
cat >/tmp/fake/gzip <<'GZ'
#!/bin/sh
PATH=${PATH#/tmp/fake:}
if [ "$1" = -c ] && [ -f "$S/gzip-term" ]; then
	rm -f "$S/gzip-term"
	head -c 1048576 | gzip -c
	kill -TERM "$PPID"
	exec sleep 100
fi
exec gzip "$@"
GZ
chmod +x /tmp/fake/xm /tmp/fake/ssh /tmp/fake/gzip

lvm pvcreate -q "$D" >/dev/null && lvm vgcreate -q "$VG" "$D" >/dev/null ||
	{ echo "FAIL: pvcreate/vgcreate on $D"; echo "failures=1"; exit 1; }
pass "volume group $VG on $D: $(lvm vgs --noheadings --units m -o vg_size "$VG")"

# --- create ---
run create g1 --size 32M --autostart
expect_rc 0 "create g1"
[ "$(lvm lvs --noheadings --units b --nosuffix -o lv_size "$VG/g1" | tr -d ' ')" = 33554432 ] &&
	pass "g1 is a 32 MiB volume" || fail "g1 volume: $(lvm lvs "$VG/g1" 2>&1)"
grep -qx "disk = \[ 'phy:/dev/$VG/g1,xvda,w' \]" "$R/etc/xen/g1" &&
grep -qx "vif = \[ 'bridge=xenbr1' \]" "$R/etc/xen/g1" &&
grep -qx 'bootloader = "/usr/bin/pygrub"' "$R/etc/xen/g1" &&
grep -qx 'name = "g1"' "$R/etc/xen/g1" && pass "g1 config: PV, phy: volume, xenbr1" ||
	fail "g1 config: $(cat "$R/etc/xen/g1")"
[ "$(readlink "$R/etc/xen/auto/g1")" = ../g1 ] && [ -f "$R/etc/xen/auto/g1" ] &&
	pass "g1 autostart link" || fail "g1 autostart: $(ls -l "$R/etc/xen/auto" 2>&1)"
run create g1 --size 8M
expect_rc 1 "create g1 again"
expect_err "already defined" "create g1 again"
run create g3 --size 8M --hvm --bridge xenbr0 --memory 1024 --vcpus 2
expect_rc 0 "create g3 (HVM)"
grep -qx "disk = \[ 'phy:/dev/$VG/g3,hda,w' \]" "$R/etc/xen/g3" &&
grep -qx 'kernel = "/usr/lib/xen/boot/hvmloader"' "$R/etc/xen/g3" &&
grep -qx "device_model = '/usr/lib64/xen/bin/qemu-dm'" "$R/etc/xen/g3" &&
grep -qx "vif = \[ 'type=ioemu, bridge=xenbr0' \]" "$R/etc/xen/g3" &&
grep -qx 'memory = 1024' "$R/etc/xen/g3" && grep -qx 'vcpus = 2' "$R/etc/xen/g3" &&
	pass "g3 config: HVM, hvmloader, qemu-dm, hda, xenbr0" || fail "g3 config: $(cat "$R/etc/xen/g3")"
run create big --size 10G
expect_rc 1 "create past the free space"
expect_err "free" "create past the free space"
[ ! -e "$R/etc/xen/big" ] && pass "no config for the refused guest" || fail "config left for big"

# --- backup while written to, restore to a new volume ---
mke2fs -q "/dev/$VG/g1" >/dev/null 2>&1 || fail "mke2fs on g1"
mkdir -p /mnt/g1 /mnt/r
mount -t ext4 "/dev/$VG/g1" /mnt/g1 || fail "mount g1"
dd if=/dev/urandom of=/mnt/g1/data1 bs=1024k count=4 2>/dev/null
mkdir /mnt/g1/dir && echo hello >/mnt/g1/dir/small
sync
echo g1 >"$S/running"
: >"$S/xm.log"
# The guest writes while it is backed up: a writer in the background, and
# a file written as the guest resumes right after the snapshot.
( while [ ! -f /tmp/stop-writer ]; do
	dd if=/dev/urandom of=/mnt/g1/busy bs=64k count=8 conv=fsync 2>/dev/null
  done ) &
writer=$!
hook on-unpause 'dd if=/dev/urandom of=/mnt/g1/after bs=1024k count=1 conv=fsync 2>/dev/null'
run backup g1 --to "$BK" --pause --keep 2
expect_rc 0 "backup g1 while written to"
touch /tmp/stop-writer; wait "$writer"; unhook
[ "$(cat "$S/xm.log" | tr '\n' ' ')" = "list g1 pause g1 unpause g1 " ] &&
	pass "--pause: xm list, pause, unpause around the snapshot" || fail "xm calls: $(cat "$S/xm.log")"
no_snapshot "backup g1"
no_temp "$BK" "backup g1"
b1=$(ls "$BK" | grep '^g1-.*\.img\.gz$' | head -n 1)
[ -n "$b1" ] && pass "backup file $b1" || fail "no backup file in $BK: $(ls -a "$BK")"
line=$(grep " file=$b1 " "$BK/MANIFEST")
sum=$(sha256sum "$BK/$b1" | cut -d' ' -f1)
size=$(wc -c <"$BK/$b1" | tr -d ' ')
case $line in
"guest=g1 time="*" file=$b1 size=$size sha256=$sum volume_size=33554432") pass "MANIFEST line: $line" ;;
*) fail "MANIFEST line '$line' (want size=$size sha256=$sum volume_size=33554432)" ;;
esac
umount /mnt/g1
run restore g1 --from "$BK/$b1" --volume g1r
expect_rc 0 "restore into a new volume g1r"
gzip -dc "$BK/$b1" >/tmp/image
cmp /tmp/image "/dev/$VG/g1r" && pass "g1r holds the backup image byte for byte" ||
	fail "g1r differs from the backup image"
rm -f /tmp/image
mount -t ext4 -o ro "/dev/$VG/g1r" /mnt/r && mount -t ext4 -o ro "/dev/$VG/g1" /mnt/g1 || fail "mount g1r and g1"
cmp /mnt/g1/data1 /mnt/r/data1 && cmp /mnt/g1/dir/small /mnt/r/dir/small &&
	pass "files written before the backup are identical after restore" ||
	fail "restored files differ"
[ -f /mnt/g1/after ] && [ ! -e /mnt/r/after ] &&
	pass "the file written after the snapshot is not in the backup" ||
	fail "after: in g1 $(ls /mnt/g1), in g1r $(ls /mnt/r)"
umount /mnt/r; umount /mnt/g1

# --- a quiet volume: backup, restore over the existing stopped volume ---
: >"$S/running"
: >"$S/xm.log"
sleep 1
run backup g1 --to "$BK" --keep 2
expect_rc 0 "backup g1 (stopped)"
grep -q pause "$S/xm.log" && fail "paused without --pause: $(cat "$S/xm.log")" || pass "no pause without --pause"
b2=$(ls "$BK" | grep '^g1-.*\.img\.gz$' | tail -n 1)
run restore g1 --from "$BK/$b2" --volume g1r
expect_rc 0 "restore over the existing volume g1r"
cmp "/dev/$VG/g1" "/dev/$VG/g1r" && pass "g1 and g1r are identical byte for byte" ||
	fail "g1 and g1r differ after restore"
sleep 1
run backup g1 --to "$BK" --keep 2
expect_rc 0 "third backup with --keep 2"
[ "$(backups "$BK" g1)" -eq 2 ] && [ ! -e "$BK/$b1" ] && [ -e "$BK/$b2" ] &&
	pass "--keep 2: the oldest backup went, two are left" || fail "--keep 2: $(ls "$BK")"
run list
expect_rc 0 "list"
grep -q '^g1  *32.0M yes  *yes  *stopped *20[0-9-]*T' /tmp/out && grep -q '^g3  *8.0M yes  *no  *stopped *never' /tmp/out &&
	pass "list: guests, sizes, config, autostart, state, last backup" || fail "list: $(cat /tmp/out)"

# --- restore refusals ---
echo g1 >"$S/running"
run restore g1 --from "$BK/$b2"
expect_rc 1 "restore over a running guest"
expect_err "xm shutdown g1" "restore over a running guest"
: >"$S/running"
mkdir -p /tmp/bad && cp "$BK/$b2" "$BK/MANIFEST" /tmp/bad/
printf 'X' | dd of="/tmp/bad/$b2" bs=1 seek=100 conv=notrunc 2>/dev/null
run restore g1 --from "/tmp/bad/$b2" --volume g1x
expect_rc 1 "restore of a damaged backup"
expect_err "damaged" "restore of a damaged backup"
lvm lvs "$VG/g1x" >/dev/null 2>&1 && fail "a volume was made for the damaged backup" || pass "no volume made for the damaged backup"

# --- backup refusals ---
run backup nosuch --to "$BK"
expect_rc 1 "backup of a guest that does not exist"
expect_err "no volume $VG/nosuch" "backup of a missing guest"
# XFS: paused for the snapshot without --pause.
run create g4 --size 8M
printf 'XFSB' | dd of="/dev/$VG/g4" conv=notrunc 2>/dev/null
echo g4 >"$S/running"; : >"$S/xm.log"
run backup g4 --to "$BK"
expect_rc 0 "backup of an XFS volume"
grep -q 'holds XFS' /tmp/out && [ "$(tr '\n' ' ' <"$S/xm.log")" = "list g4 pause g4 unpause g4 " ] &&
	pass "XFS: the guest was paused for the snapshot" || fail "XFS: out $(cat /tmp/out), xm $(cat "$S/xm.log")"
: >"$S/running"
# Snapshot overflow: a one-extent snapshot, the guest writes 12 MiB as it
# resumes.
run create g2 --size 32M --pv
grep -q '^bootloader = "/usr/bin/pygrub"' "$R/etc/xen/g2" && ! grep -q builder "$R/etc/xen/g2" &&
	pass "create --pv: a PV config" || fail "g2 config: $(cat "$R/etc/xen/g2")"
echo g2 >"$S/running"
hook on-unpause "dd if=/dev/urandom of=/dev/$VG/g2 bs=1024k count=12 conv=fsync 2>/dev/null"
run backup g2 --to "$BK" --pause --snapshot-size 4M
unhook; : >"$S/running"
expect_rc 1 "backup whose snapshot overflows"
expect_err "overflowed" "snapshot overflow"
[ "$(backups "$BK" g2)" -eq 0 ] && pass "the bad backup was not kept" || fail "overflow: $(ls "$BK")"
grep -q 'guest=g2 status=bad .*reason=snapshot-overflow' "$R/var/lib/xeninfn/guest-backups.log" &&
	pass "the bad backup is marked bad in the log" || fail "log: $(cat "$R/var/lib/xeninfn/guest-backups.log")"
no_snapshot "overflow"
no_temp "$BK" "overflow"
# Target full: a 1 MiB tmpfs for 4 MiB of random data.
mkdir -p /tmp/small && mount -t tmpfs -o size=1m tmpfs /tmp/small
run backup g1 --to /tmp/small
expect_rc 1 "backup to a full target"
expect_err "No space left" "backup to a full target"
no_temp /tmp/small "full target"
[ "$(backups /tmp/small g1)" -eq 0 ] && pass "nothing kept on the full target" || fail "full target: $(ls /tmp/small)"
no_snapshot "full target"
umount /tmp/small
# Volume group full: no room for the snapshot.
lvm lvcreate -q -l 100%FREE -n filler "$VG" >/dev/null 2>&1
run backup g1 --to "$BK"
expect_rc 1 "backup with the volume group full"
expect_err "is full" "volume group full"
no_snapshot "volume group full"
lvm lvremove -q -f "$VG/filler" >/dev/null 2>&1
# ^C during the backup: SIGINT as the guest resumes after the snapshot.
echo g1 >"$S/running"
hook on-unpause 'kill -INT "$XENINFN_GUEST_PID"'
nb=$(backups "$BK" g1)
run backup g1 --to "$BK" --pause
unhook; : >"$S/running"
expect_rc 1 "backup interrupted by SIGINT"
expect_err "stopped by signal 2" "SIGINT"
no_snapshot "SIGINT"
no_temp "$BK" "SIGINT"
[ "$(backups "$BK" g1)" -eq "$nb" ] && pass "SIGINT: no backup kept" || fail "SIGINT: $(ls "$BK")"
# SIGTERM in the middle of the copy, gzip still writing.
touch "$S/gzip-term"
run backup g1 --to "$BK"
expect_rc 1 "backup stopped by SIGTERM during the copy"
expect_err "stopped by signal 15" "SIGTERM during the copy"
no_snapshot "SIGTERM"
no_temp "$BK" "SIGTERM"
[ "$(backups "$BK" g1)" -eq "$nb" ] && pass "SIGTERM: no backup kept" || fail "SIGTERM: $(ls "$BK")"
grep -q 'guest=g1 status=bad .*reason=interrupted' "$R/var/lib/xeninfn/guest-backups.log" &&
	pass "the interrupted backup is logged as bad" || fail "log: $(cat "$R/var/lib/xeninfn/guest-backups.log")"

# A snapshot left by a run that was killed (SIGKILL gives no chance to
# clean up): the next backup removes it first.
lvm lvcreate -q -s -L 4M -n g1-xeninfn-snap "$VG/g1" >/dev/null 2>&1 || fail "lvcreate of a left snapshot"
sleep 1
run backup g1 --to "$BK" --keep 2
expect_rc 0 "backup with a snapshot left by a killed run"
expect_err "left by an interrupted backup" "a snapshot left by a killed run"
no_snapshot "a snapshot left by a killed run"

# --- over ssh (the test's ssh runs the command here) ---
sleep 1
run backup g1 --to-ssh backup@vault.example:/tmp/remote --keep 1
expect_rc 0 "backup over ssh"
rb=$(ls /tmp/remote | grep '^g1-.*\.img\.gz$')
grep -q "^-o BatchMode=yes -- backup@vault.example mkdir -p /tmp/remote" "$S/ssh.log" &&
	pass "ssh: BatchMode, host after --" || fail "ssh calls: $(cat "$S/ssh.log")"
[ -n "$rb" ] && grep -q " file=$rb .*sha256=$(sha256sum "/tmp/remote/$rb" | cut -d' ' -f1) " /tmp/remote/MANIFEST &&
	pass "ssh: backup and MANIFEST line with its sha256" || fail "ssh: $(ls -a /tmp/remote)"
no_temp /tmp/remote "ssh"
run restore g1 --from "/tmp/remote/$rb" --volume g1s
expect_rc 0 "restore of the ssh backup"
cmp "/dev/$VG/g1" "/dev/$VG/g1s" && pass "the ssh backup restores byte for byte" || fail "g1s differs from g1"
sleep 1
run backup g1 --to-ssh backup@vault.example:/tmp/remote --keep 1
expect_rc 0 "a second backup over ssh with --keep 1"
[ "$(backups /tmp/remote g1)" -eq 1 ] && [ ! -e "/tmp/remote/$rb" ] &&
	pass "ssh --keep 1: the older remote backup went" || fail "ssh --keep 1: $(ls /tmp/remote)"
rb=$(ls /tmp/remote | grep '^g1-.*\.img\.gz$')

# Two backups of one guest at once: the first holds the lock while xm
# pause blocks.
echo g1 >"$S/running"
hook on-pause 'touch "$S/paused"; n=0; while [ ! -f "$S/release" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done'
# (not under busybox timeout, whose watcher outlives a background job:
# wait_bounded is the limit)
"$G" --root "$R" backup g1 --to "$BK" --pause >/tmp/out1 2>/tmp/err1 &
first=$!
n=0; while [ ! -f "$S/paused" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
run backup g1 --to "$BK"
expect_rc 1 "a second backup of g1 at once"
expect_err "another backup or restore of guest g1 is running" "second backup"
run restore g1 --from "/tmp/remote/$rb" --volume g1
expect_rc 1 "a restore of g1 while its backup runs"
expect_err "another backup or restore of guest g1 is running" "restore during a backup"
touch "$S/release"
wait_bounded "$first" "the first backup"
expect_rc 0 "the first backup, once released"
unhook; rm -f "$S/paused" "$S/release"; : >"$S/running"
lvm vgremove -q -f "$VG" >/dev/null 2>&1
echo "failures=$failures"
touch /tmp/guest-vm.done
wait "$watchdog"
