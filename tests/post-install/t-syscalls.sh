#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The helpers run on Linux 2.6.18 (SL 5.1, its installer): under strace,
# every system call they make must be one that kernel has.  The list below
# holds only calls present in 2.6.18; a new call fails the test until
# someone checks its kernel version and adds it here.
. "$XENINFN_SRC/tests/post-install/lib.sh"
command -v strace >/dev/null || { echo "strace not installed"; exit 77; }
ALLOWED=" access arch_prctl brk close dup2 execve exit exit_group fchmod fchown \
fcntl flock fork fsetxattr fstat fsync getdents64 getpid ioctl kill lgetxattr lseek \
lstat madvise mkdir \
mknod mmap mprotect mremap munmap newfstatat open pipe poll pread64 read readlink \
readv rename rt_sigaction rt_sigprocmask sched_getaffinity set_tid_address stat \
symlink \
unlink vfork wait4 write writev "

trace() {	# trace NAME HELPER ARGS...: run under strace, check the calls
	name=$1 h=$2; shift 2
	# shellcheck disable=SC2086 # $follow is -f or nothing
	timeout 30 strace ${follow--f} -qq -o "$XENINFN_TMP/trace" "$PI/xeninfn-$h" "$@" >/dev/null 2>&1
	calls=$(sed -n 's/^[0-9]* *\([a-z0-9_]*\)(.*/\1/p' "$XENINFN_TMP/trace" | sort -u)
	[ -n "$calls" ] || { fail "$name: strace saw no system calls"; return; }
	new=""
	for c in $calls; do
		case $ALLOWED in *" $c "*) ;; *) new="$new $c" ;; esac
	done
	[ -z "$new" ] && pass "$name: only 2.6.18 system calls" || fail "$name: calls not known to be in 2.6.18:$new"
}
r=$(fresh root)
lib=${XENINFN_CPUID_DUMPS:-$XENINFN_SRC/../shared/testdata/cpuid}/libcpuid
trace "bridges dry run" bridges --root "$r" --dry-run
trace "bridges" bridges --root "$r"
trace "dom0setup dry run" dom0setup --root "$r" --dry-run --migration --relocation-hosts a --relocation-address 192.0.2.1
trace "dom0setup" dom0setup --root "$r"
printf '192.0.2.9 peer\n' >>"$r/etc/hosts"
trace "dom0setup firewall" dom0setup --root "$r" --firewall --open-port 22:tcp \
	--migration --relocation-hosts peer,192.0.2.8 --relocation-address 192.0.2.1
trace "vtcheck live" vtcheck --json
mkdir -p "$XENINFN_TMP/msr/dev/cpu/0" && : >"$XENINFN_TMP/msr/dev/cpu/0/msr"
[ -d "$lib" ] && trace "vtcheck dump + msr" vtcheck --root "$XENINFN_TMP/msr" \
	--cpuid-dump "$lib/intel/x86-64/core/intel-core2-cpu-6300.test"
trace "vtcheck bad input" vtcheck --cpuid-dump "$XENINFN_TMP/none"
# xeninfn-guest with a stand-in lvm (a shell script: its own calls are
# not the helper's, so the children are not followed): list, and the
# backup and restore refusals (no room for the snapshot, a damaged
# backup).  The snapshot and copy run only under qemu (t-guest.sh).
g=$XENINFN_TMP/guest
mkdir -p "$g/root" "$g/bk"
printf '#!/bin/sh\ncase $1 in\nlvs) echo "  g1:67108864:-wi-a-----::" ;;\nvgs) echo "  0:4194304" ;;\n*) exit 5 ;;\nesac\n' >"$g/lvm"
chmod +x "$g/lvm"
printf x >"$g/bk/g1-20261201T000000Z.img.gz"
echo "guest=g1 time=2026-12-01T00:00:00Z file=g1-20261201T000000Z.img.gz size=1 sha256=$(printf %064d 0) volume_size=67108864" >"$g/bk/MANIFEST"
XENINFN_LVM=$g/lvm
export XENINFN_LVM
follow=
trace "guest list" guest --root "$g/root" --vg vgx list
trace "guest backup, group full" guest --root "$g/root" --vg vgx backup g1 --to "$g/bk"
trace "guest restore, damaged" guest --root "$g/root" --vg vgx restore g1 --from "$g/bk/g1-20261201T000000Z.img.gz"
unset follow XENINFN_LVM
finish
