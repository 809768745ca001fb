#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The ruleset xeninfn-dom0setup --firewall leaves in etc/sysconfig/iptables,
# loaded with iptables-restore into network namespaces this test makes: a
# "dom0" with the bridge xenbr0 (address 10.99.0.1), a "guest" on it
# through vif1.0 (10.99.0.2) and a "peer" on the LAN side through peth0
# (10.99.0.3; fd99::2 and fd99::3 for IPv6).  Shown: bridged
# guest-to-peer traffic passes, over IPv4 and IPv6 (and the stock lokkit
# rulesets reject it); port 22 of the profile is open; IPP (631),
# which lokkit opens, is refused; the relocation port 8002 is open to the
# relocation host (the peer) only, and closed without migration.  Where the
# kernel has no bridge netfilter the rule order is checked with
# `iptables -S` instead, and the output says so.  Only addresses inside
# the namespaces are used.
. "$XENINFN_SRC/tests/post-install/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)"; exit 77; }
for t in ip iptables iptables-restore ip6tables ip6tables-restore socat ss; do
	command -v $t >/dev/null || { echo "$t not installed (tools/setup-debian)"; exit 77; }
done
IPT=etc/sysconfig/iptables
IP6T=etc/sysconfig/ip6tables
ns=xi$$
D=$ns-dom0 G=$ns-guest P=$ns-peer
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for n in $D $G $P; do ip netns del "$n" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The rulesets: the stock one of the fixture (lokkit), migration on with
# the peer as the relocation host, and the default profile (no migration).
r=$(fresh fw-mig)
cp "$r/$IPT" "$XENINFN_TMP/lokkit.rules"
cp "$r/$IP6T" "$XENINFN_TMP/lokkit.rules6"
run dom0setup --root "$r" --firewall --open-port 22:tcp --migration \
	--relocation-hosts 10.99.0.3 --relocation-address 10.99.0.1
expect_rc 0 "dom0setup --firewall with migration"
cp "$r/$IPT" "$XENINFN_TMP/mig.rules"
cp "$r/$IP6T" "$XENINFN_TMP/mig.rules6"
[ "$(stat -c %a "$r/$IPT")" = 600 ] || fail "iptables lost its mode 0600"
r=$(fresh fw-default)
run dom0setup --root "$r" --firewall --open-port 22:tcp
expect_rc 0 "dom0setup --firewall, default profile"
cp "$r/$IPT" "$XENINFN_TMP/default.rules"

if ! ip netns add "$D" 2>"$XENINFN_TMP/err"; then
	echo "cannot make network namespaces: $(cat "$XENINFN_TMP/err")"; exit 77
fi
ip netns add "$G" && ip netns add "$P" || { fail "ip netns add"; finish; }
nsx() { n=$1; shift; ip netns exec "$n" "$@"; }
nsx $D ip link add xenbr0 type bridge &&
nsx $D ip link add vif1.0 type veth peer name eth0 netns $G &&
nsx $D ip link add peth0 type veth peer name eth0 netns $P &&
nsx $D ip link set vif1.0 master xenbr0 &&
nsx $D ip link set peth0 master xenbr0 &&
nsx $D ip addr add 10.99.0.1/24 dev xenbr0 &&
nsx $G ip addr add 10.99.0.2/24 dev eth0 &&
nsx $P ip addr add 10.99.0.3/24 dev eth0 &&
nsx $D ip link set xenbr0 up && nsx $D ip link set vif1.0 up &&
nsx $D ip link set peth0 up && nsx $G ip link set eth0 up &&
nsx $P ip link set eth0 up && nsx $D ip link set lo up &&
nsx $G ip -6 addr add fd99::2/64 dev eth0 nodad &&
nsx $P ip -6 addr add fd99::3/64 dev eth0 nodad ||
	{ fail "cannot build the bridge and veth pairs"; finish; }

# listen NS PORT: a TCP listener in NS, waited for.
listen() {
	ip netns exec "$1" socat -u TCP6-LISTEN:"$2",ipv6only=0,fork,reuseaddr OPEN:/dev/null &
	pids="$pids $!"
	i=0
	until nsx "$1" ss -ltn | grep -q ":$2 "; do
		i=$((i + 1)); [ $i -lt 100 ] || { fail "no listener on $1:$2"; return; }
		sleep 0.1
	done
}
listen $P 5001
for port in 22 631 8002; do listen $D $port; done

# connect NS ADDR PORT: 0 when the connection is made.
connect() {
	case $2 in *:*) a="[$2]" ;; *) a=$2 ;; esac
	nsx "$1" socat -u OPEN:/dev/null TCP:"$a":"$3",connect-timeout=5 \
		2>"$XENINFN_TMP/cerr"
}
# expect WANT(open|refused) NS ADDR PORT WHAT
expect() {
	if connect "$2" "$3" "$4"; then got=open; else got=refused; fi
	if [ "$got" = "$1" ]; then pass "$5: $1"
	else fail "$5: $got, want $1 ($(cat "$XENINFN_TMP/cerr"))"; fi
}
load() { nsx $D iptables-restore <"$XENINFN_TMP/$1.rules" || fail "iptables-restore of $1.rules"; }
load6() {	# (the stock ruleset's "-p 51" draws a warning from nft's ip6tables)
	nsx $D ip6tables-restore <"$XENINFN_TMP/$1.rules6" 2>"$XENINFN_TMP/r6err" ||
		fail "ip6tables-restore of $1.rules6: $(cat "$XENINFN_TMP/r6err")"
}

bnf=$(nsx $D cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)
if [ "$bnf" = 1 ]; then
	echo "bridge netfilter on in the dom0 namespace: testing traffic"
	load lokkit
	expect refused $G 10.99.0.3 5001 "stock lokkit ruleset: guest to peer (bridged)"
	load6 lokkit
	expect refused $G fd99::3 5001 "stock lokkit IPv6 ruleset: guest to peer over IPv6 (bridged)"
	load mig
	load6 mig
	expect open $G 10.99.0.3 5001 "guest to peer through the bridge"
	expect open $G fd99::3 5001 "guest to peer over IPv6 through the bridge"
	expect open $P 10.99.0.1 22 "peer to dom0 port 22 (profile)"
	expect refused $P 10.99.0.1 631 "peer to dom0 port 631 (not in the profile)"
	expect open $P 10.99.0.1 8002 "relocation host to dom0 port 8002"
	expect refused $G 10.99.0.1 8002 "other host (the guest) to dom0 port 8002"
	load default
	expect open $G 10.99.0.3 5001 "no migration: guest to peer"
	expect refused $P 10.99.0.1 8002 "no migration: port 8002 closed"
	expect open $P 10.99.0.1 22 "no migration: port 22 (profile)"
else
	echo "NOTE: no bridge netfilter in this kernel (br_netfilter cannot be loaded): checking the rule order with iptables -S only"
fi
# The rule order of the migration ruleset, as the kernel holds it.
load mig
load6 mig
for ipt in ip6tables iptables; do
	nsx $D $ipt -S FORWARD >"$XENINFN_TMP/fwd"
	if [ "$(sed -n 2p "$XENINFN_TMP/fwd")" = "-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT" ] &&
	    [ "$(sed -n 3p "$XENINFN_TMP/fwd")" = "-A FORWARD -j RH-Firewall-1-INPUT" ]; then
		pass "$ipt -S: bridged packets accepted before RH-Firewall-1-INPUT"
	else
		fail "$ipt -S FORWARD: $(cat "$XENINFN_TMP/fwd")"
	fi
done
nsx $D iptables -S RH-Firewall-1-INPUT >"$XENINFN_TMP/chain"
grep -- '--dport 8002' "$XENINFN_TMP/chain" >"$XENINFN_TMP/reloc"
if [ "$(wc -l <"$XENINFN_TMP/reloc")" -eq 1 ] && grep -q -- '-s 10.99.0.3/32 ' "$XENINFN_TMP/reloc"; then
	pass "iptables -S: 8002 only from 10.99.0.3"
else
	fail "8002 rules: $(cat "$XENINFN_TMP/reloc")"
fi
[ "$(tail -n 1 "$XENINFN_TMP/chain")" = "-A RH-Firewall-1-INPUT -j REJECT --reject-with icmp-host-prohibited" ] &&
	pass "iptables -S: the chain ends in REJECT" || fail "chain end: $(tail -n 1 "$XENINFN_TMP/chain")"
grep -q -- '--dport 631\|--dport 5353\|-p esp\|-p ah\|-p 50\|-p 51' "$XENINFN_TMP/chain" &&
	fail "lokkit's own openings are still there: $(cat "$XENINFN_TMP/chain")"
finish
