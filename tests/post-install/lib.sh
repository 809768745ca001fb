# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/post-install/t-*.sh (sourced, not run).  Needs XENINFN_B,
# XENINFN_SRC and XENINFN_TMP from tests/run.
set -u
: "${XENINFN_B:?run through make check}" "${XENINFN_TMP:?}"
# Every script's temporaries (fresh roots, before-/after- copies, out and
# err) in a directory of its own, also when two scripts are run by hand
# with one XENINFN_TMP.
XENINFN_TMP=$XENINFN_TMP/$(basename "$0" .sh)
mkdir -p "$XENINFN_TMP" || exit 1
PI=$XENINFN_B/post-install
HERE=$XENINFN_SRC/tests/post-install
FIXTURE=$HERE/root-sl51
GOLDEN=$HERE/golden
# fail, pass, finish and expect_exit: tests/lib.sh; a failure is counted
# and the script goes on.
KEEP_GOING=yes
. "$XENINFN_SRC/tests/lib.sh"

# run HELPER ARGS...: run a built helper with a time limit; sets $rc,
# stdout in $XENINFN_TMP/out, stderr in $XENINFN_TMP/err.
run() {
	h=$1; shift
	timeout 20 "$PI/xeninfn-$h" "$@" >"$XENINFN_TMP/out" 2>"$XENINFN_TMP/err"
	rc=$?
}

# expect_rc WANT WHAT: check $rc.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then pass "$2 (exit $rc)"
	else fail "$2: exit $rc, want $1; stderr: $(head -c 400 "$XENINFN_TMP/err")"; fi
}

# expect_err TEXT WHAT: stderr mentions TEXT.
expect_err() {
	if grep -qF -- "$1" "$XENINFN_TMP/err"; then pass "$2 says '$1'"
	else fail "$2: stderr lacks '$1': $(head -c 400 "$XENINFN_TMP/err")"; fi
}

UPSTREAM=${XENINFN_UPSTREAM:-$XENINFN_SRC/../shared/testdata/upstream}
# A test that builds SL 5.1 roots (fresh) needs the real upstream files:
# it skips where they are not (docs/testing.md).
if grep -q 'fresh ' "$0" 2>/dev/null; then
	for a in xen-3.1.0-src.tar.gz initscripts-8.45.17.EL.tar.gz; do
		[ -f "$UPSTREAM/$a" ] ||
			{ echo "no $UPSTREAM/$a (set XENINFN_UPSTREAM)"; exit 77; }
	done
fi

# upstream_overlay: the files of the SL 5.1 root that come from Xen 3.1.0
# and RHEL 5.1's initscripts, unpacked once from the real archives in
# $UPSTREAM into $XENINFN_TMP/upstream-root, at the paths and modes
# `make install-tools` and the initscripts RPM give them.  The rest of
# root-sl51 is written by this project: ifcfg files, sysfs MACs, rc links,
# stand-in init scripts of non-Xen services; boot/grub/grub.conf is shaped
# like the one anaconda 11.1's booty writes for kernel and kernel-xen
# (EL5-FACTS "grub.conf entry written for kernel-xen"); etc/sysconfig/
# iptables is the ruleset system-config-securitylevel 1.6 (lokkit) writes
# on RHEL 5 for `firewall --enabled --port=22:tcp` (its fixed ESP, AH,
# mDNS and IPP rules included), and etc/sysconfig/ip6tables its IPv6
# counterpart (no connection tracking for IPv6 in 2.6.18, hence the open
# ephemeral ports; the helper relies only on its FORWARD jump and final
# REJECT): none of these is in the archives.
upstream_overlay() {
	o=$XENINFN_TMP/upstream-root
	[ -d "$o" ] && return 0
	x=xen-3.1.0/tools/examples i=initscripts-8.45.17.EL
	mkdir -p "$XENINFN_TMP/upstream-src" || return 1
	tar -xzf "$UPSTREAM/xen-3.1.0-src.tar.gz" -C "$XENINFN_TMP/upstream-src" \
		$x/xend-config.sxp $x/network-bridge $x/vif-bridge \
		$x/vif-common.sh $x/xen-network-common.sh \
		$x/xen-script-common.sh $x/init.d/xend $x/init.d/xendomains &&
	tar -xzf "$UPSTREAM/$i.tar.gz" -C "$XENINFN_TMP/upstream-src" \
		$i/sysconfig/network-scripts/ifup-eth \
		$i/sysconfig/network-scripts/network-functions $i/sysctl.conf ||
		{ echo "FAIL: cannot unpack the upstream archives in $UPSTREAM"; return 1; }
	s=$XENINFN_TMP/upstream-src
	mkdir -p "$o/etc/xen/scripts" "$o/etc/rc.d/init.d" \
		"$o/etc/sysconfig/network-scripts"
	install -m 644 "$s/$x/xend-config.sxp" "$o/etc/xen/"
	for f in network-bridge vif-bridge vif-common.sh xen-network-common.sh \
	    xen-script-common.sh; do
		install -m 755 "$s/$x/$f" "$o/etc/xen/scripts/"
	done
	install -m 755 "$s/$x/init.d/xend" "$s/$x/init.d/xendomains" "$o/etc/rc.d/init.d/"
	install -m 755 "$s/$i/sysconfig/network-scripts/ifup-eth" "$o/etc/sysconfig/network-scripts/"
	install -m 644 "$s/$i/sysconfig/network-scripts/network-functions" "$o/etc/sysconfig/network-scripts/"
	install -m 644 "$s/$i/sysctl.conf" "$o/etc/"
}

# fresh NAME: a private copy of the SL 5.1 root (root-sl51 with the
# upstream files over it); prints its path.
fresh() {
	rm -rf "${XENINFN_TMP:?}/$1"
	upstream_overlay >&2 || exit 1
	cp -a "$FIXTURE" "$XENINFN_TMP/$1"
	cp -a "$XENINFN_TMP/upstream-root/." "$XENINFN_TMP/$1/"
	# lokkit writes the rulesets 0600; git keeps only 0644 and 0755.
	chmod 600 "$XENINFN_TMP/$1/etc/sysconfig/iptables" \
		"$XENINFN_TMP/$1/etc/sysconfig/ip6tables"
	echo "$XENINFN_TMP/$1"
}

# apply_golden DIFF DIR: apply a dry-run output to DIR: the unified diff
# with patch(1), the "# symlink A -> B" and "# remove A" lines by hand.
apply_golden() {
	timeout 20 patch -s -p1 -d "$2" --no-backup-if-mismatch -F0 <"$1" || return 1
	grep '^# symlink \|^# remove ' "$1" | while read -r _ op a _ b; do
		case $op in
		symlink) mkdir -p "$2/$(dirname "$a")" && ln -sfn "$b" "$2/$a" ;;
		remove) rm -f "$2/$a" ;;
		esac
	done
}

# same_tree A B WHAT: A and B hold the same names, file bytes, link
# targets and file modes, ignoring *.xeninfn-orig in B.
same_tree() {
	(cd "$1" && find . ! -name '*.xeninfn-orig' -printf '%p %y %m %l\n' | sort) >"$XENINFN_TMP/ta"
	(cd "$2" && find . ! -name '*.xeninfn-orig' -printf '%p %y %m %l\n' | sort) >"$XENINFN_TMP/tb"
	if ! diff -u "$XENINFN_TMP/ta" "$XENINFN_TMP/tb"; then
		fail "$3: names, types, modes or links differ"; return
	fi
	if diff -r --no-dereference -x '*.xeninfn-orig' "$1" "$2"; then pass "$3"
	else fail "$3: contents differ"; fi
}

# check_golden NAME DIR HELPER ARGS...: the dry run on the fixture prints
# golden/NAME.diff and changes nothing; the real run leaves the fixture
# with that diff applied, keeps *.xeninfn-orig copies of the originals; a
# second run changes nothing.
check_golden() {
	name=$1 dir=$2 helper=$3; shift 3
	cp -a "$dir" "$XENINFN_TMP/before-$name"
	run "$helper" --root "$dir" --dry-run "$@"
	expect_rc 0 "$name: dry run"
	# XENINFN_REGEN=1: write the golden file anew (review with git diff).
	[ "${XENINFN_REGEN:-}" = 1 ] && cp "$XENINFN_TMP/out" "$GOLDEN/$name.diff"
	if diff -u "$GOLDEN/$name.diff" "$XENINFN_TMP/out"; then pass "$name: dry run prints golden/$name.diff"
	else fail "$name: dry run output differs from golden/$name.diff"; fi
	same_tree "$XENINFN_TMP/before-$name" "$dir" "$name: dry run changed nothing"
	run "$helper" --root "$dir" "$@"
	expect_rc 0 "$name: run"
	cp -a "$XENINFN_TMP/before-$name" "$XENINFN_TMP/want-$name"
	apply_golden "$GOLDEN/$name.diff" "$XENINFN_TMP/want-$name" || fail "$name: golden diff does not apply"
	same_tree "$XENINFN_TMP/want-$name" "$dir" "$name: result is the fixture plus the golden diff"
	for o in $(cd "$dir" && find . -name '*.xeninfn-orig'); do
		f=${o%.xeninfn-orig}
		if [ -f "$XENINFN_TMP/before-$name/$o" ]; then continue; fi
		cmp -s "$dir/$o" "$XENINFN_TMP/before-$name/$f" || fail "$name: $o is not the original $f"
	done
	cp -a "$dir" "$XENINFN_TMP/after-$name"
	run "$helper" --root "$dir" "$@"
	expect_rc 0 "$name: second run"
	[ -s "$XENINFN_TMP/out" ] && fail "$name: second run printed $(head -c 200 "$XENINFN_TMP/out")"
	same_tree "$XENINFN_TMP/after-$name" "$dir" "$name: second run changed nothing (idempotent)"
	run "$helper" --root "$dir" --dry-run "$@"
	if [ -s "$XENINFN_TMP/out" ]; then fail "$name: dry run after the run still shows changes"
	else pass "$name: dry run after the run is empty"; fi
	rm -rf "$XENINFN_TMP/before-$name" "$XENINFN_TMP/want-$name" "$XENINFN_TMP/after-$name"
}
