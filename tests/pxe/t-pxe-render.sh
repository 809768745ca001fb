#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn render --hosts FILE --host NAME` prints, byte for byte, the
# http/ks/NAME.ks that `xeninfn pxe --hosts FILE` writes: for a static
# host with an override column, a DHCP host, a host named in another
# case, and a second host of the same shape (whose file pxe fills from a
# skeleton).  The same holds for a site template that tests a host's name
# (pxe must then render host by host, and check every host before it
# writes), for a host named "no", which a template's {% if %} reads
# as false, and for a profile value equal to one of pxe's stand-ins for
# host values.  An unknown host or --hosts without --host is refused.
. "$XENINFN_SRC/tests/pxe/lib.sh"

out=$XENINFN_TMP/tree
hosts=$XENINFN_TMP/hosts.csv
cat >"$hosts" <<EOF2
hostname,mac,ip,netmask,gateway,nameserver,xen.dom0_mem
node1,52:54:00:ee:00:01,10.3.0.11,255.255.255.0,10.3.0.1,10.3.0.2,2G
node2,52:54:00:ee:00:02,,,,,
node3,52:54:00:ee:00:03,10.3.0.13,255.255.255.0,10.3.0.1,10.3.0.2,2G
Node4,52:54:00:ee:00:04,,,,,512M
EOF2
pxe "$out" --hosts "$hosts"
for h in node1 node2 node3 Node4; do
	site render --hosts "$hosts" --host "$h" >"$XENINFN_TMP/$h.ks"
	cmp "$XENINFN_TMP/$h.ks" "$out/http/ks/$h.ks" ||
		fail "render --hosts --host $h differs from pxe's ks/$h.ks"
done
# the host name is matched as pxe --done matches it: in any case
site render --hosts "$hosts" --host NODE1 >"$XENINFN_TMP/NODE1.ks"
cmp "$XENINFN_TMP/NODE1.ks" "$out/http/ks/node1.ks" ||
	fail "render --host NODE1 is not node1's kickstart"
# --media pxe is what --hosts implies anyway
site render --hosts "$hosts" --host node2 --media pxe >"$XENINFN_TMP/n2.ks"
cmp "$XENINFN_TMP/n2.ks" "$out/http/ks/node2.ks" || fail "--media pxe changed it"

expect_fail "hosts.csv: no host 'node9'" site render --hosts "$hosts" --host node9
[ ! -s "$XENINFN_TMP/stdout" ] || fail "a refused render printed a kickstart"
for args in "--hosts $hosts" "--hosts $hosts --host node1 --media cdrom"; do
	# shellcheck disable=SC2086
	expect_exit 2 "add --host NAME" site render $args
done
# a bad inventory: the same file:line errors as pxe
printf 'hostname,mac\nnode1,zz\n' >"$XENINFN_TMP/bad.csv"
expect_fail "bad.csv:2: mac 'zz' is not a MAC" site render \
	--hosts "$XENINFN_TMP/bad.csv" --host node1

# a site template that decides on the host name, and a host named "no"
ov=$XENINFN_TMP/site
mkdir -p "$ov/kickstart"
cp "$XENINFN_SRC/kickstart/xeninfn.ks" "$ov/kickstart/xeninfn.ks"
printf '{%% if network.hostname == "node2" %%}\n# node2 only\n{%% endif %%}\n' \
	>>"$ov/kickstart/xeninfn.ks"
cat >"$XENINFN_TMP/h2.csv" <<EOF2
hostname,mac
node1,52:54:00:ee:00:01
node2,52:54:00:ee:00:02
no,52:54:00:ee:00:03
EOF2
out2=$XENINFN_TMP/tree2
pxe "$out2" --hosts "$XENINFN_TMP/h2.csv" -s "kickstart.template_dir=$ov"
grep -q '^# node2 only' "$out2/http/ks/node2.ks" ||
	fail "pxe wrote node2.ks without the lines its template gives node2"
! grep -q '^# node2 only' "$out2/http/ks/node1.ks" || fail "node1.ks has node2's lines"
for h in node1 node2 no; do
	site render -s "kickstart.template_dir=$ov" --hosts "$XENINFN_TMP/h2.csv" \
		--host "$h" >"$XENINFN_TMP/$h.ks"
	cmp "$XENINFN_TMP/$h.ks" "$out2/http/ks/$h.ks" ||
		fail "render --hosts --host $h differs from pxe's (site template)"
done
pxe "$out2/plain" --hosts "$XENINFN_TMP/h2.csv"
site render --hosts "$XENINFN_TMP/h2.csv" --host no >"$XENINFN_TMP/no.ks"
cmp "$XENINFN_TMP/no.ks" "$out2/plain/http/ks/no.ks" ||
	fail "pxe's no.ks is not what its template makes of the name 'no'"

# a host that only a full render shows to be broken stops pxe before it
# writes anything, like the first host of its kind would
{ printf '{%% if network.hostname == "node2" %%}\nbogus-command --x\n{%% endif %%}\n'
  cat "$XENINFN_SRC/kickstart/xeninfn.ks"; } >"$ov/kickstart/xeninfn.ks"
expect_fail "h2.csv:3 (ks/node2.ks): the rendered kickstart fails" \
	pxe "$XENINFN_TMP/tree3" --hosts "$XENINFN_TMP/h2.csv" -s "kickstart.template_dir=$ov"
[ ! -e "$XENINFN_TMP/tree3" ] || fail "a refused run wrote $XENINFN_TMP/tree3"

# A profile value that equals one of the stand-ins pxe renders a shape
# with (a /29 guest netmask, the first host's netmask too): every host
# still gets its own netmask, and the profile's stays the profile's.
cat >"$XENINFN_TMP/h29.csv" <<EOF2
hostname,mac,ip,netmask,guest_ip
a1,52:54:00:ee:01:01,10.4.0.11,255.255.255.248,10.5.0.11
a2,52:54:00:ee:01:02,10.4.0.12,255.255.255.0,10.5.0.12
EOF2
pxe "$XENINFN_TMP/t29" --hosts "$XENINFN_TMP/h29.csv" \
	-s network.guest_netmask=255.255.255.248
for h in a1 a2; do
	site render --hosts "$XENINFN_TMP/h29.csv" --host "$h" \
		-s network.guest_netmask=255.255.255.248 >"$XENINFN_TMP/$h.ks"
	cmp "$XENINFN_TMP/$h.ks" "$XENINFN_TMP/t29/http/ks/$h.ks" ||
		fail "a /29 guest netmask: pxe's ks/$h.ks differs from render's"
done
grep -q -- '--guest-netmask 255.255.255.248' "$XENINFN_TMP/t29/http/ks/a2.ks" ||
	fail "a2.ks lost the profile's guest netmask"
echo ok
