#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xeninfn-bridges on copies of an SL 5.1-shaped root: golden diffs,
# the real run, idempotency, one-NIC machines, addressing, bad input.
. "$XENINFN_SRC/tests/post-install/lib.sh"
NS=etc/sysconfig/network-scripts

# Defaults: eth0/xenbr0 (DHCP taken over from eth0), eth1/xenbr1.
check_golden bridges-default "$(fresh default)" bridges

# Static management address and name servers from options.
check_golden bridges-static "$(fresh static)" bridges --bootproto static \
	--ip 192.0.2.10 --netmask 255.255.255.0 --gateway 192.0.2.1 \
	--dns 192.0.2.53 --dns 192.0.2.54

# Other names, NICs swapped, no guest bridge asked for.
check_golden bridges-names "$(fresh names)" bridges --mgmt-nic eth1 \
	--mgmt-bridge br-mgmt.0 --guest-nic eth0 --guest-bridge br_guest \
	--no-guest-bridge

# A static eth0 (kickstart `network --bootproto static`) moves to xenbr0.
r=$(fresh inherit)
printf 'DEVICE=eth0\nBOOTPROTO=static\nIPADDR=198.51.100.7\nNETMASK=255.255.255.0\nGATEWAY=198.51.100.1\nDNS1=198.51.100.2\nONBOOT=yes\nETHTOOL_OPTS="autoneg off"\n' >"$r/$NS/ifcfg-eth0"
run bridges --root "$r"
expect_rc 0 "inherit: run"
for kv in BOOTPROTO=static IPADDR=198.51.100.7 NETMASK=255.255.255.0 GATEWAY=198.51.100.1 DNS1=198.51.100.2; do
	grep -qx "$kv" "$r/$NS/ifcfg-xenbr0" || fail "inherit: ifcfg-xenbr0 lacks $kv"
done
grep -q 'IPADDR\|GATEWAY\|DNS1' "$r/$NS/ifcfg-eth0" && fail "inherit: eth0 keeps its address"
grep -qx 'ETHTOOL_OPTS="autoneg off"' "$r/$NS/ifcfg-eth0" || fail "inherit: unknown key of eth0 lost"
grep -qx 'HWADDR=00:16:3E:11:22:33' "$r/$NS/ifcfg-eth0" || fail "inherit: eth0 not pinned by HWADDR from sysfs"
cp -a "$r" "$XENINFN_TMP/inherit-1"
run bridges --root "$r"
same_tree "$XENINFN_TMP/inherit-1" "$r" "inherit: second run keeps the static address"

# An address for the dom0 on the guest bridge: static, no gateway, and the
# management bridge keeps the default route.
r=$(fresh guestip)
run bridges --root "$r" --guest-ip 192.168.50.10 --guest-netmask 255.255.255.0
expect_rc 0 "guest ip: run"
for kv in TYPE=Bridge BOOTPROTO=static IPADDR=192.168.50.10 NETMASK=255.255.255.0; do
	grep -qx "$kv" "$r/$NS/ifcfg-xenbr1" || fail "guest ip: ifcfg-xenbr1 lacks $kv"
done
grep -q '^GATEWAY' "$r/$NS/ifcfg-xenbr1" && fail "guest ip: a gateway on xenbr1"
grep -qx 'BOOTPROTO=dhcp' "$r/$NS/ifcfg-xenbr0" || fail "guest ip: xenbr0 changed"
cp -a "$r" "$XENINFN_TMP/guestip-1"
run bridges --root "$r" --guest-ip 192.168.50.10 --guest-netmask 255.255.255.0
same_tree "$XENINFN_TMP/guestip-1" "$r" "guest ip: second run changes nothing"

# One NIC: the management bridge works, a clear warning about the guest one.
r=$(fresh onenic)
rm -rf "$r/sys/class/net/eth1" "$r/$NS/ifcfg-eth1"
run bridges --root "$r"
expect_rc 0 "one NIC"
expect_err "guest bridge xenbr1 NOT created" "one NIC"
[ -f "$r/$NS/ifcfg-xenbr0" ] || fail "one NIC: no ifcfg-xenbr0"
[ -e "$r/$NS/ifcfg-xenbr1" ] && fail "one NIC: ifcfg-xenbr1 written"

# No sysfs (not mounted in the chroot): the ifcfg's HWADDR stays, a warning.
r=$(fresh nosys)
rm -rf "$r/sys"
run bridges --root "$r"
expect_rc 0 "no sysfs"
expect_err "not pinned by HWADDR" "no sysfs"
grep -qx 'HWADDR=00:16:3E:11:22:33' "$r/$NS/ifcfg-eth0" || fail "no sysfs: HWADDR of eth0 lost"

# Bad input: nothing may change.
r=$(fresh bad)
cp -a "$r" "$XENINFN_TMP/bridges-bad-before"
run bridges --root "$r" --mgmt-nic eth0123456789abc
expect_rc 2 "NIC name of 16 characters"
expect_err "eth0123456789abc" "long name"
run bridges --root "$r" --guest-bridge 'xen;br1'
expect_rc 2 "bridge name with ';'"
run bridges --root "$r" --guest-bridge ''
expect_rc 2 "empty bridge name"
run bridges --root "$r" --bootproto static --ip 192.0.2.300 --netmask 255.255.255.0
expect_rc 2 "address 192.0.2.300"
run bridges --root "$r" --bootproto static --ip 192.0.2.3 --netmask 255.0.255.0
expect_rc 2 "netmask 255.0.255.0"
run bridges --root "$r" --bootproto static --ip 192.0.2.3
expect_rc 2 "static without netmask"
expect_err "--netmask" "static without netmask"
run bridges --root "$r" --bootproto none
expect_rc 2 "bootproto none"
run bridges --root "$r" --dns 192.0.2.1 --dns 192.0.2.2 --dns 192.0.2.3 --bootproto dhcp
expect_rc 2 "three name servers"
run bridges --root "$r" --mgmt-nic eth1 --guest-nic eth1
expect_rc 2 "same NIC twice"
run bridges --root "$r" --bogus
expect_rc 2 "unknown option"
run bridges --root "$r" --guest-ip 192.168.50.10
expect_rc 2 "guest ip without netmask"
expect_err "--guest-ip and --guest-netmask go together" "guest ip alone"
run bridges --root "$r" --guest-ip 192.168.50.300 --guest-netmask 255.255.255.0
expect_rc 2 "bad guest ip"
run bridges --root "$r" --guest-ip 192.168.50.10 --guest-netmask 255.255.255.0 --no-guest-bridge
expect_rc 2 "guest ip without guest bridge"
run bridges --root "$r" extra
expect_rc 2 "stray argument"
run bridges --root "$r" --mgmt-nic eth7
expect_rc 1 "management NIC that does not exist"
expect_err "eth7" "missing NIC"
run bridges --root "$XENINFN_TMP/no-such-root"
expect_rc 1 "root that does not exist"
expect_err "no-such-root" "missing root"
printf 'DEVICE=eth0\nBOOTPROTO=static\nIPADDR=10.0.0.999\nNETMASK=255.0.0.0\n' >"$r/$NS/ifcfg-eth0"
cp "$r/$NS/ifcfg-eth0" "$XENINFN_TMP/bridges-bad-before/$NS/ifcfg-eth0"
run bridges --root "$r"
expect_rc 1 "bad IPADDR in ifcfg-eth0"
expect_err "ifcfg-eth0: IPADDR=10.0.0.999" "bad IPADDR"
rm "$r/etc/xen/xend-config.sxp" "$XENINFN_TMP/bridges-bad-before/etc/xen/xend-config.sxp"
run bridges --root "$r" --bootproto dhcp
expect_rc 1 "missing xend-config.sxp"
expect_err "xend-config.sxp: missing" "missing xend-config.sxp"
same_tree "$XENINFN_TMP/bridges-bad-before" "$r" "bad input changed nothing"

# --help documents every option.
run bridges --help
expect_rc 0 "--help"
for o in --root --dry-run --mgmt-nic --mgmt-bridge --guest-nic --guest-bridge --no-guest-bridge --bootproto --ip --netmask --gateway --dns --guest-ip --guest-netmask; do
	grep -q -- "$o" "$XENINFN_TMP/out" || fail "--help lacks $o"
done
finish
