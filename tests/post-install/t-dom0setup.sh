#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xeninfn-dom0setup on copies of an SL 5.1-shaped root: golden diffs,
# the real run, idempotency, services, migration, bad input.
. "$XENINFN_SRC/tests/post-install/lib.sh"
GRUB=boot/grub/grub.conf

# Defaults: grub default on kernel-xen with dom0_mem=1024M, relocation
# off, xend/xendomains/libvirtd on, desktop services off, virbr0 off.
r=$(fresh default)
chmod 600 "$r/$GRUB"
check_golden dom0setup-default "$r" dom0setup
[ "$(stat -c %a "$r/$GRUB")" = 600 ] || fail "grub.conf lost its mode 0600"
[ "$(readlink "$r/etc/grub.conf")" = ../boot/grub/grub.conf ] || fail "/etc/grub.conf link replaced"

# Live migration with a strict hosts-allow, other sizes and services.
check_golden dom0setup-migration "$(fresh migration)" dom0setup --migration \
	--relocation-hosts node2.example.org,192.0.2.20 \
	--relocation-address 192.0.2.10 --relocation-port 8102 \
	--dom0-mem max:2G,1536M --libvirt-default-net --enable-service sshd \
	--disable-service yum-updatesd --keep-services

# The firewall: the whole ruleset written anew (lokkit's IPP, mDNS, ESP
# and AH openings gone), bridged packets accepted, 8002 only from the
# relocation hosts, a name taken from the root's /etc/hosts.
r=$(fresh firewall)
printf '192.0.2.77\tnode2.example.org node2\n' >>"$r/etc/hosts"
check_golden dom0setup-firewall "$r" dom0setup --firewall --open-port 22:tcp \
	--open-port 5900-5910:tcp,161:udp --migration \
	--relocation-hosts node2,192.0.2.20 --relocation-address 192.0.2.10
[ "$(stat -c %a "$r/etc/sysconfig/iptables")" = 600 ] || fail "iptables lost its mode 0600"
r=$(fresh fw-new)
rm "$r/etc/sysconfig/iptables"
run dom0setup --root "$r" --firewall
expect_rc 0 "firewall: no ruleset yet"
[ "$(stat -c %a "$r/etc/sysconfig/iptables")" = 600 ] || fail "new iptables not mode 0600"

# A relocation host with no address: exit 1, nothing written.  Run with no
# network and a resolver that cannot answer, so no outside DNS decides.
if [ "$(id -u)" -eq 0 ] && unshare -n -m true 2>/dev/null; then
	r=$(fresh fw-noaddr)
	rm -rf "$XENINFN_TMP/fw-noaddr-before"
	cp -a "$r" "$XENINFN_TMP/fw-noaddr-before"
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$XENINFN_TMP/resolv.conf"
	timeout 60 unshare -n -m sh -c 'mount --bind "$1" /etc/resolv.conf && ip link set lo up &&
		exec "$2" --root "$3" --firewall --migration --relocation-hosts 192.0.2.5,nosuchhost.invalid \
		--relocation-address 192.0.2.10' sh "$XENINFN_TMP/resolv.conf" \
		"$PI/xeninfn-dom0setup" "$r" >"$XENINFN_TMP/out" 2>"$XENINFN_TMP/err"
	rc=$?
	expect_rc 1 "relocation host without an address"
	expect_err "--relocation-hosts nosuchhost.invalid: no IPv4 address" "relocation host without an address"
	same_tree "$XENINFN_TMP/fw-noaddr-before" "$r" "relocation host without an address: nothing changed"
else
	echo "NOTE: not root or no unshare: the unresolvable relocation host is not tested"
fi

# Migration takes the address from the management bridge's ifcfg.
r=$(fresh mig-ifcfg)
printf 'DEVICE=xenbr0\nTYPE=Bridge\nBOOTPROTO=static\nIPADDR=192.0.2.44\nNETMASK=255.255.255.0\n' \
	>"$r/etc/sysconfig/network-scripts/ifcfg-xenbr0"
run dom0setup --root "$r" --migration --relocation-hosts peer
expect_rc 0 "migration: address from ifcfg-xenbr0"
grep -qx "(xend-relocation-address '192.0.2.44')" "$r/etc/xen/xend-config.sxp" ||
	fail "migration: relocation not bound to 192.0.2.44"
grep -qx "(xend-relocation-server yes)" "$r/etc/xen/xend-config.sxp" || fail "migration: server not on"

# A second kernel-xen entry first, `default 1` spelled with a blank, an
# existing dom0_mem: the first xen entry becomes the default, every xen
# entry gets the new dom0_mem.
r=$(fresh grub2)
cat >"$r/$GRUB" <<'G'
default 1
timeout=5
title SL (2.6.18-92.el5xen)
	root (hd0,0)
	kernel /xen.gz-2.6.18-92.el5 dom0_mem=512M console=vga
	module /vmlinuz-2.6.18-92.el5xen ro root=LABEL=/
	module /initrd-2.6.18-92.el5xen.img
title SL (2.6.18-53.el5)
	root (hd0,0)
	kernel /vmlinuz-2.6.18-53.el5 ro root=LABEL=/
	initrd /initrd-2.6.18-53.el5.img
title SL (2.6.18-53.el5xen)
	root (hd0,0)
	kernel /boot/xen.gz-2.6.18-53.el5
	module /boot/vmlinuz-2.6.18-53.el5xen ro root=LABEL=/
title Other
	rootnoverify (hd1,0)
	chainloader +1
G
run dom0setup --root "$r" --dom0-mem 2G
expect_rc 0 "grub: two xen entries"
sed -n 1p "$r/$GRUB" | grep -qx 'default=0' || fail "grub: default not 0: $(sed -n 1p "$r/$GRUB")"
grep -qx '	kernel /xen.gz-2.6.18-92.el5 dom0_mem=2G console=vga' "$r/$GRUB" || fail "grub: dom0_mem not replaced in place"
grep -qx '	kernel /boot/xen.gz-2.6.18-53.el5 dom0_mem=2G' "$r/$GRUB" || fail "grub: second xen entry lacks dom0_mem"
grep -qx '(dom0-min-mem 2048)' "$r/etc/xen/xend-config.sxp" || fail "dom0-min-mem not derived from 2G"

# CRLF line ends stay CRLF on the lines rewritten (default=, the xen.gz
# line, with dom0_mem replaced at its end or added).
for args in "dom0_mem=512M" "console=vga"; do
	r=$(fresh crlf)
	printf 'default=1\r\ntitle SL xen\r\n\troot (hd0,0)\r\n\tkernel /xen.gz-2.6.18-53.el5 %s\r\n\tmodule /vmlinuz-2.6.18-53.el5xen ro\r\n\tmodule /initrd.img\r\n' \
		"$args" >"$r/$GRUB"
	run dom0setup --root "$r" --dom0-mem 2G
	expect_rc 0 "grub: CRLF, kernel line ending in $args"
	want=$(printf 'default=0\r')
	sed -n 1p "$r/$GRUB" | grep -qxF "$want" || fail "grub: CRLF default line: $(sed -n 1p "$r/$GRUB" | od -c)"
	want=$(printf '\tkernel /xen.gz-2.6.18-53.el5 %sdom0_mem=2G\r' \
		"$( [ "$args" = console=vga ] && echo 'console=vga ')")
	grep -qxF "$want" "$r/$GRUB" || fail "grub: CRLF kernel line ($args): $(grep xen.gz "$r/$GRUB" | od -c)"
	# six lines, and five of the entry for xen.gz-3.1.2 made from them
	[ "$(grep -c "$(printf '\r')\$" "$r/$GRUB")" -eq 11 ] || fail "grub: a CRLF line lost its CR"
done

# No /etc/sysconfig/kernel: it is created.
r=$(fresh nokernel)
rm "$r/etc/sysconfig/kernel"
run dom0setup --root "$r"
expect_rc 0 "missing sysconfig/kernel"
grep -qx DEFAULTKERNEL=kernel-xen "$r/etc/sysconfig/kernel" || fail "sysconfig/kernel not created"
[ -e "$r/etc/sysconfig/kernel.xeninfn-orig" ] && fail "orig copy of a file that did not exist"

# Bad input: exit codes, messages naming the file, nothing changed.
r=$(fresh bad)
cp -a "$r" "$XENINFN_TMP/dom0setup-bad-before"
run dom0setup --root "$r" --dom0-mem 1024
expect_rc 2 "dom0_mem without unit"
run dom0setup --root "$r" --dom0-mem 'min:1G,max:2G,1G,3G'
expect_rc 2 "dom0_mem with two sizes"
run dom0setup --root "$r" --migration
expect_rc 2 "migration without hosts"
expect_err "--relocation-hosts" "migration without hosts"
run dom0setup --root "$r" --migration --relocation-hosts 'a b'
expect_rc 2 "host with a blank"
run dom0setup --root "$r" --relocation-hosts peer
expect_rc 2 "hosts without --migration"
for host in node_1 192.0.2.300 -peer a..b; do
	run dom0setup --root "$r" --migration --relocation-hosts "peer,$host"
	expect_rc 2 "relocation host $host"
	expect_err "--relocation-hosts $host: expected a host name or an IPv4 address" "relocation host $host"
done
run dom0setup --root "$r" --open-port 22:tcp
expect_rc 2 "--open-port without --firewall"
for p in ssh:tcp 22 22:icmp 0:tcp 65536:tcp 10-5:tcp 022:tcp; do
	run dom0setup --root "$r" --firewall --open-port "$p"
	expect_rc 2 "--open-port $p"
	expect_err "--open-port $p: expected" "--open-port $p"
done
run dom0setup --root "$r" --firewall --open-port 8000-8010:tcp --migration --relocation-hosts peer
expect_rc 2 "relocation port opened to all"
expect_err "opens the relocation port 8002 to every host" "relocation port opened to all"
run dom0setup --root "$r" --relocation-port 70000
expect_rc 2 "port 70000"
run dom0setup --root "$r" --mgmt-bridge xenbr0123456789a
expect_rc 2 "bridge name of 16 characters"
run dom0setup --root "$r" --enable-service cups --disable-service cups
expect_rc 2 "service on and off"
run dom0setup --root "$r" --enable-service ../../bin/sh
expect_rc 2 "service name with slashes"
run dom0setup --root "$r" --migration --relocation-hosts peer
expect_rc 1 "migration with a DHCP management bridge"
expect_err "ifcfg-xenbr0" "migration without static address"
run dom0setup --root "$r" --enable-service nosuchd
expect_rc 1 "enabling a service that is not installed"
expect_err "init.d/nosuchd" "missing service"
run dom0setup --root "$XENINFN_TMP/no-such-root"
expect_rc 1 "root that does not exist"
same_tree "$XENINFN_TMP/dom0setup-bad-before" "$r" "bad options changed nothing"

# Malformed or missing files: exit 1, the file and line named, no change.
bad_grub() {
	what=$1 want=$2
	r=$(fresh badgrub)
	cat >"$r/$GRUB"
	cp -a "$r" "$XENINFN_TMP/badgrub-before"
	run dom0setup --root "$r"
	expect_rc 1 "grub.conf: $what"
	expect_err "$want" "grub.conf: $what"
	same_tree "$XENINFN_TMP/badgrub-before" "$r" "grub.conf: $what: nothing changed"
	rm -rf "$XENINFN_TMP/badgrub-before"
}
printf 'default=0\ntimeout=5\n' | bad_grub "no entries" "no boot entries"
printf 'title SL\n\tkernel /vmlinuz ro\n' | bad_grub "no kernel-xen entry" "no kernel-xen entry"
printf 'default=0\ntitle SL xen\n\troot (hd0,0)\n\tkernel /xen.gz-2.6.18-53.el5\ntitle SL\n\tkernel /vmlinuz\n' |
	bad_grub "xen entry without modules" "grub.conf:2: kernel-xen entry without"
printf 'kernel /xen.gz\ntitle x\n\tkernel /xen.gz\n\tmodule /vmlinuz\n' | bad_grub "kernel before title" "grub.conf:1:"
printf 'title a\n\troot (hd0,0)\ntitle b\n\tkernel /xen.gz\n\tmodule /v\n' | bad_grub "entry without kernel" "grub.conf:1:"
r=$(fresh nogrub)
rm "$r/$GRUB"
run dom0setup --root "$r"
expect_rc 1 "missing grub.conf"
expect_err "grub.conf: missing" "missing grub.conf"
r=$(fresh noxend)
rm "$r/etc/xen/xend-config.sxp"
run dom0setup --root "$r"
expect_rc 1 "missing xend-config.sxp"
expect_err "xend-config.sxp: missing" "missing xend-config.sxp"
r=$(fresh badchk)
sed -i 's/^# chkconfig:.*/# chkconfig: 2345 nine 01/' "$r/etc/rc.d/init.d/xend"
run dom0setup --root "$r"
expect_rc 1 "malformed chkconfig header"
expect_err "init.d/xend:7: malformed chkconfig header" "malformed chkconfig header"

run dom0setup --help
expect_rc 0 "--help"
for o in --root --dry-run --xen-version --grub-only --dom0-mem --dom0-min-mem --migration --relocation-hosts --relocation-address --relocation-port --mgmt-bridge --libvirt-default-net --firewall --open-port --enable-service --disable-service --keep-services; do
	grep -q -- "$o" "$XENINFN_TMP/out" || fail "--help lacks $o"
done
finish
