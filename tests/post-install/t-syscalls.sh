#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The helpers run on Linux 2.6.18 (SL 5.1, its installer): under strace,
# every system call they make must be one that kernel has.  The list below
# holds only calls present in 2.6.18; a new call fails the test until
# someone checks its kernel version and adds it here.
. "$XENINFN_SRC/tests/post-install/lib.sh"
command -v strace >/dev/null || { echo "strace not installed"; exit 77; }
ALLOWED=" access arch_prctl brk close dup2 execve exit exit_group fchmod fchown \
fcntl fork fsetxattr fstat fsync getdents64 getpid ioctl lgetxattr lseek lstat \
madvise mkdir \
mknod mmap mprotect mremap munmap newfstatat open pipe poll pread64 read readlink \
readv rename rt_sigaction rt_sigprocmask sched_getaffinity set_tid_address stat \
symlink \
unlink vfork wait4 write writev "

trace() {	# trace NAME HELPER ARGS...: run under strace, check the calls
	name=$1 h=$2; shift 2
	timeout 30 strace -f -qq -o "$XENINFN_TMP/trace" "$PI/xeninfn-$h" "$@" >/dev/null 2>&1
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
finish
