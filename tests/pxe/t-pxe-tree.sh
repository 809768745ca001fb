#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn pxe --hosts`: the layout of tftp/ and http/, one config and one
# kickstart per host (static boot options for a host with an address,
# DHCP otherwise), every ks= URL under pxe.http_url, syslinux files of one
# version, a repository yum can read, and pxe.http_url required; what a
# machine not in the inventory gets follows pxe.unknown (local by default,
# a menu without a default, or the install).
. "$XENINFN_SRC/tests/pxe/lib.sh"

out=$XENINFN_TMP/tree
hosts=$XENINFN_TMP/hosts.csv
printf 'hostname,mac,ip,netmask,gateway,nameserver,xen.dom0_mem,guest_ip\r\n' >"$hosts"
printf 'node1,52:54:00:AB:00:01,10.1.0.11,255.255.255.0,10.1.0.1,10.1.0.2,2G,192.168.50.11\r\n' >>"$hosts"
printf '"node2",52:54:00:ab:00:02,,,,,,\r\n' >>"$hosts"

expect_fail "pxe.http_url is not set" "$XENINFN" pxe \
	-s "tree.url=file://$FX/mirror" -o "$out"
[ ! -e "$out" ] || fail "a failed run created $out"

pxe "$out" --hosts "$hosts"
# guest_ip: the dom0's own address on the guest bridge, for that host only
grep -q -- '--guest-ip 192.168.50.11 --guest-netmask 255.255.255.0' \
	"$out/http/ks/node1.ks" || fail "node1.ks: no guest bridge address"
grep -q -- '--guest-ip' "$out/http/ks/node2.ks" &&
	fail "node2.ks: a guest bridge address it was not given"
t=$out/tftp
for f in pxelinux.0 ldlinux.c32 menu.c32 libutil.c32 libcom32.c32 chain.c32 \
    pxelinux.cfg/default pxelinux.cfg/local sl51-x86_64/vmlinuz \
    sl51-x86_64/initrd.img sl51-x86_64/xeninfn.img; do
	[ -s "$t/$f" ] || fail "no tftp/$f"
done
# one syslinux version: ldlinux.c32 and pxelinux.0 come from the same place
cmp -s "$t/ldlinux.c32" "${SYSLINUX_MODULES_DIR:-/usr/lib/syslinux/modules/bios}/ldlinux.c32" ||
	fail "tftp/ldlinux.c32 is not the configured syslinux's"
cmp -s "$t/sl51-x86_64/vmlinuz" "$FX/mirror/images/pxeboot/vmlinuz" ||
	fail "the kernel is not the tree's"
# two initrds: the tree's untouched, and xeninfn.img, a gzip'd cpio of
# the check alone, both loaded by every install entry
cmp -s "$t/sl51-x86_64/initrd.img" "$FX/mirror/images/pxeboot/initrd.img" ||
	fail "tftp/sl51-x86_64/initrd.img is not the tree's initrd, byte for byte"
gzip -dc <"$t/sl51-x86_64/xeninfn.img" | cpio -it 2>/dev/null |
	grep -qx sbin/xeninfn-vtcheck ||
	fail "xeninfn.img has no sbin/xeninfn-vtcheck member"
c=$t/pxelinux.cfg/$(cfg_of 52:54:00:ab:00:01)
n=$(grep -c 'initrd=sl51-x86_64/initrd.img,sl51-x86_64/xeninfn.img ' "$c" || :)
[ "$n" -eq 3 ] || fail "$c: $n of its 3 install entries load both initrds"

c1=$t/pxelinux.cfg/$(cfg_of 52:54:00:ab:00:01)
c2=$t/pxelinux.cfg/$(cfg_of 52:54:00:ab:00:02)
grep -q "ks=$HTTP_URL/ks/node1.ks ksdevice=bootif ip=10.1.0.11 netmask=255.255.255.0 gateway=10.1.0.1 dns=10.1.0.2" "$c1" ||
	fail "node1's config lacks its ks= URL and static options: $(cat "$c1")"
grep -q "ks=$HTTP_URL/ks/node2.ks ksdevice=bootif console" "$c2" ||
	fail "node2's config lacks its ks= URL: $(cat "$c2")"
grep -qi '^ *ipappend 2' "$c2" || fail "node2's config has no IPAPPEND 2"
# pxe.unknown = local (the default): no install for unknown machines
local_boot='default local
label local
com32 chain.c32
append hd0'
for c in "$t/pxelinux.cfg/default" "$t/pxelinux.cfg/local"; do
	[ "$(grep -e '^default' -e '^label' -e '^ *com32' -e '^ *append' \
	    -e '^ *kernel' "$c" | sed 's/^ *//')" = "$local_boot" ] ||
		fail "$c is not a local boot: $(cat "$c")"
done
cmp -s "$t/chain.c32" "${SYSLINUX_MODULES_DIR:-/usr/lib/syslinux/modules/bios}/chain.c32" ||
	fail "tftp/chain.c32 is not the configured syslinux's"
expect_fail "pxe.unknown" pxe "$out" --hosts "$hosts" -s pxe.unknown=ask
# menu: every entry, no default, no timeout
pxe "$XENINFN_TMP/menu" --hosts "$hosts" -s pxe.unknown=menu
m=$XENINFN_TMP/menu/tftp/pxelinux.cfg/default
grep -q "ks=$HTTP_URL/ks/default.ks" "$m" ||
	fail "the menu does not use ks/default.ks: $(cat "$m")"
grep -q '^default' "$m" && fail "the menu has a default: $(cat "$m")"
grep -q '^timeout 0$' "$m" || fail "the menu times out: $(cat "$m")"
grep -q '^ *com32 chain.c32' "$m" || fail "the menu has no local entry"
# install: today's menu, the install after the timeout
pxe "$XENINFN_TMP/install" --hosts "$hosts" -s pxe.unknown=install
i=$XENINFN_TMP/install/tftp/pxelinux.cfg/default
grep -q "ks=$HTTP_URL/ks/default.ks" "$i" ||
	fail "the install menu does not use ks/default.ks"
n=$(grep -c 'initrd=sl51-x86_64/initrd.img,sl51-x86_64/xeninfn.img ' "$i" || :)
[ "$n" -eq 3 ] || fail "$i: $n of its 3 install entries load both initrds"
# "install and wipe all disks": in every menu, never the default
for c in "$i" "$c1" "$c2"; do
	grep -q "^  append .*ks=$HTTP_URL/ks/[a-z0-9]*\.ks ksdevice=bootif.* xeninfn\.wipe=all " "$c" ||
		fail "$c has no wipe entry: $(cat "$c")"
	grep -q '^default install$' "$c" || fail "$c: the default is not install"
	[ "$(grep -c 'xeninfn\.wipe=all' "$c")" -eq 1 ] ||
		fail "$c: xeninfn.wipe=all outside the wipe entry"
done
ks_urls=$(grep -ho 'ks=[^ ]*' "$t"/pxelinux.cfg/* | grep -v "^ks=$HTTP_URL/ks/" || true)
[ -z "$ks_urls" ] || fail "ks= URLs outside pxe.http_url: $ks_urls"

h=$out/http
grep -q -- '--hostname=node1' "$h/ks/node1.ks" || fail "node1.ks names no hostname"
grep -q -- '--bootproto=static --ip=10.1.0.11' "$h/ks/node1.ks" ||
	fail "node1.ks has no static address"
grep -q 'dom0_mem=2G' "$h/ks/node1.ks" || fail "node1.ks ignores its xen.dom0_mem"
grep -q -- '--bootproto=dhcp' "$h/ks/node2.ks" || fail "node2.ks is not DHCP"
grep -q 'dom0_mem=1024M' "$h/ks/node2.ks" || fail "node2.ks lost the site's dom0_mem"
grep -q "baseurl=$HTTP_URL/xeninfn" "$h/ks/default.ks" ||
	fail "the kickstart does not use the repository under pxe.http_url"
"$XENINFN" check "$h/ks/default.ks" "$h/ks/node1.ks" "$h/ks/node2.ks"
# the repository: every RPM listed in repodata that createrepo_c reads
[ -s "$h/xeninfn/repodata/repomd.xml" ] || fail "no repository in http/xeninfn"
n=$(ls "$h"/xeninfn/*.rpm | wc -l)
[ "$n" -eq 4 ] || fail "expected 4 RPMs in http/xeninfn, got $n"
zcat "$h"/xeninfn/repodata/*primary.xml.gz | grep -q '<name>xen</name>' ||
	fail "primary.xml lists no xen package"
# a fresh tree whose http/ks is the operator's link to a directory
# elsewhere: the kickstarts go there, the link stays
l=$XENINFN_TMP/linked
mkdir -p "$l/http" "$XENINFN_TMP/ks-elsewhere"
ln -s ../../ks-elsewhere "$l/http/ks"
pxe "$l" --hosts "$hosts"
[ -L "$l/http/ks" ] || fail "the link http/ks was replaced"
[ -s "$XENINFN_TMP/ks-elsewhere/node1.ks" ] || fail "no node1.ks where http/ks points"
echo "ok"
