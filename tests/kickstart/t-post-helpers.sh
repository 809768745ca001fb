#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The %post's helper lines, as `xeninfn render` writes them for each kind
# of profile, run on a copy of the SL 5.1-shaped root of the post-install
# tests (--root there instead of /): every profile the builder accepts
# must give lines the helpers accept, grub.conf must pass the %post's
# check (xen.gz-<xen.version> with the profile's dom0_mem), and
# xend-config.sxp (the real upstream one) must have its unix server on and
# dom0-min-mem following dom0_mem.  Profiles the helpers would refuse
# (migration without hosts or on DHCP, dom0_mem without a unit) are
# refused by render itself, naming the key.
. "$XENINFN_SRC/tests/post-install/lib.sh"
minmem='' hosts='' reloc=''

# post_ok NAME RENDER-ARGS...: renders, runs the two helper lines.
post_ok() {
	name=$1; shift
	ks=$XENINFN_TMP/$name.ks
	if ! "$XENINFN" render "$@" >"$ks" 2>"$XENINFN_TMP/err"; then
		fail "$name: render failed: $(cat "$XENINFN_TMP/err")"
		return
	fi
	r=$(fresh "root-$name")
	[ -n "$hosts" ] && printf '%s\n' "$hosts" >>"$r/etc/hosts"
	cp "$r/etc/sysconfig/iptables" "$XENINFN_TMP/iptables-before"
	grep -E '^xeninfn-(bridges|dom0setup) --root / ' "$ks" |
		sed "s|--root / |--root $r |; s/ || fail=1\$//" >"$XENINFN_TMP/$name.sh"
	[ "$(wc -l <"$XENINFN_TMP/$name.sh")" -eq 2 ] ||
		{ fail "$name: the %post has not one line per helper"; return; }
	if PATH=$PI:$PATH timeout 20 sh -e "$XENINFN_TMP/$name.sh" \
	    >"$XENINFN_TMP/out" 2>"$XENINFN_TMP/err"; then
		pass "$name: the helpers take the rendered lines"
	else
		fail "$name: a helper refused its line: $(cat "$XENINFN_TMP/err")"
		return
	fi
	# The %post's own check of grub.conf, run on the root.
	pat=$(sed -n "s|^grep -q '\\(xen[^']*\\)' /boot/grub/grub.conf.*|\\1|p" "$ks")
	[ -n "$pat" ] || { fail "$name: no grub.conf check in the %post"; return; }
	grep -q "$pat" "$r/boot/grub/grub.conf" &&
		pass "$name: grub.conf passes the %post's check '$pat'" ||
		fail "$name: grub.conf fails the %post's check '$pat'"
	mem=${pat##*dom0_mem=}
	x=$r/etc/xen/xend-config.sxp
	grep -qx '(xend-unix-server yes)' "$x" && grep -qx '(xend-http-server no)' "$x" &&
		pass "$name: xend's unix server on, HTTP server off" ||
		fail "$name: xend-config.sxp lacks (xend-unix-server yes) or (xend-http-server no)"
	z=${mem##*,}
	case $z in *G) want=$((${z%G} * 1024)) ;; *) want=${z%M} ;; esac
	want=${minmem:-$want}
	grep -qx "(dom0-min-mem $want)" "$x" &&
		pass "$name: dom0-min-mem $want" ||
		fail "$name: want (dom0-min-mem $want): $(grep '^(dom0-min-mem' "$x")"
	minmem=
	check_firewall "$ks" "$r/etc/sysconfig/iptables"
	hosts=
}

# check_firewall KS RULES: the ruleset follows the kickstart's firewall
# line: untouched with --disabled; else bridged packets accepted first in
# FORWARD, the --port ports open, 8002 only from the relocation hosts.
check_firewall() {
	fwline=$(grep '^firewall ' "$1")
	if [ "$fwline" = "firewall --disabled" ]; then
		cmp -s "$XENINFN_TMP/iptables-before" "$2" &&
			pass "$name: firewall off: the ruleset is left alone" ||
			fail "$name: firewall off, but the ruleset changed"
		return
	fi
	grep -A1 -x -- '-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT' "$2" |
		grep -qx -- '-A FORWARD -j RH-Firewall-1-INPUT' &&
		pass "$name: bridged packets accepted before RH-Firewall-1-INPUT" ||
		fail "$name: no physdev ACCEPT before RH-Firewall-1-INPUT in FORWARD"
	grep -A1 -x -- '-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT' "${2%/*}/ip6tables" |
		grep -qx -- '-A FORWARD -j RH-Firewall-1-INPUT' ||
		fail "$name: ip6tables: no physdev ACCEPT before RH-Firewall-1-INPUT"
	for port in $(echo "$fwline" | sed -n 's/.*--port=\([^ ]*\).*/\1/p' | tr , ' '); do
		p=$(echo "${port%:*}" | tr - :) proto=${port#*:}
		grep -qx -- "-A RH-Firewall-1-INPUT -m state --state NEW -m $proto -p $proto --dport $p -j ACCEPT" "$2" ||
			fail "$name: $fwline, but $port is not open"
	done
	got=$(grep -c -- '--dport 631\|--dport 5353' "$2")
	[ "$got" -eq 0 ] || fail "$name: lokkit's IPP/mDNS rules stay"
	grep -- '--dport 8002 ' "$2" | sed -n 's/.* -s \([^ ]*\) .*/\1/p' | sort >"$XENINFN_TMP/reloc"
	if [ "$(tr '\n' ' ' <"$XENINFN_TMP/reloc")" = "$reloc" ]; then
		pass "$name: 8002/tcp open to: ${reloc:-nobody}"
	else
		fail "$name: 8002/tcp open to '$(tr '\n' ' ' <"$XENINFN_TMP/reloc")', want '$reloc'"
	fi
	grep -- '--dport 8002 ' "$2" | grep -qv -- ' -s ' && fail "$name: 8002 open to all"
	reloc=
}

# render_fails NAME TEXT RENDER-ARGS...: render exits 1 and names TEXT.
render_fails() {
	echo "$1:"
	text=$2; shift 2
	expect_fail "$text" "$XENINFN" render "$@"
}

static="-s network.bootproto=static -s network.ip=192.0.2.10
	-s network.netmask=255.255.255.0 -s network.gateway=192.0.2.1"
post_ok default
post_ok one-nic -s network.guest_nic=
# shellcheck disable=SC2086 # one word per option
post_ok static $static -s network.nameserver=192.0.2.53
post_ok guest-ip -s network.guest_ip=198.51.100.2
post_ok dom0-mem -s xen.dom0_mem=min:512M,max:2G,1536M
post_ok dom0-mem-2g -s xen.dom0_mem=2G
minmem=512 post_ok dom0-min-mem -s xen.dom0_min_mem=512
# shellcheck disable=SC2086
hosts="192.0.2.21 node01.example.org node01
192.0.2.22 node02.example.org" reloc="192.0.2.11 192.0.2.21 192.0.2.22 " \
post_ok migration $static -s xen.migration=yes \
	-s xen.relocation_hosts=node01,node02.example.org,192.0.2.11
post_ok no-firewall -s system.firewall=no
post_ok more-ports -s system.firewall_ports=22:tcp,5900-5910:tcp,161:udp

render_fails migration-no-hosts xen.relocation_hosts \
	-s xen.migration=yes -s network.bootproto=static \
	-s network.ip=192.0.2.10 -s network.netmask=255.255.255.0
render_fails migration-dhcp "must be static" \
	-s xen.migration=yes -s xen.relocation_hosts=node01
render_fails hosts-with-blanks "xen.relocation_hosts = '^a ^b'" \
	-s "xen.relocation_hosts=^a ^b"
render_fails dom0-mem-no-unit "xen.dom0_mem = '1024'" -s xen.dom0_mem=1024
for h in 192.0.2.300 node_1 -node node- a..b 10.1.2 node.123; do
	render_fails "relocation host $h" "xen.relocation_hosts = 'peer,$h'" \
		-s xen.relocation_hosts=peer,$h
done
render_fails "firewall port by name" "system.firewall_ports = 'ssh:tcp'" \
	-s system.firewall_ports=ssh:tcp
# shellcheck disable=SC2086
render_fails "relocation port open to all" "system.firewall_ports = '22:tcp,8000-8010:tcp' opens the relocation port" \
	$static -s xen.migration=yes -s xen.relocation_hosts=node01 \
	-s system.firewall_ports=22:tcp,8000-8010:tcp

[ "$failures" -eq 0 ]
