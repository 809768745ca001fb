#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn check FILE` against the RHEL 5.1 grammar (pykickstart 0.43,
# anaconda 11.1.2): for each case one line is added to a complete, valid
# kickstart; the case says whether anaconda 11.1 accepts it (V), accepts it
# with a warning (W) or rejects it (E), and what the message must say.
# Also: the exit codes (0 valid, 1 invalid, 2 usage) and the message form
# FILE:LINE: error|warning: ...
set -u
t=$XENINFN_TMP
fail=0 n=0
hash='$1$abcdefgh$abcdefghijklmnopqrstuv'

base() {
	cat <<KS
install
url --url http://mirror.example.org/sl/51/x86_64/
lang en_US.UTF-8
keyboard us
timezone --utc Europe/Rome
network --device=eth0 --bootproto=dhcp
rootpw --iscrypted $hash
bootloader --location=mbr
clearpart --all --initlabel
part /boot --fstype=ext3 --size=200
part pv.01 --size=1 --grow
volgroup vg0 pv.01
logvol / --vgname=vg0 --name=root --size=4096
reboot
KS
}
baselines=14

# run_case KIND LINE [EXPECTED]: adds LINE after the commands (or, for a
# line starting with %, as the section it opens) and checks the result.
run_case() {
	kind=$1 line=$2 want=${3:-}
	n=$((n + 1))
	f=$t/case$n.ks
	# A command that may appear once replaces the base's (kept as a
	# comment, so the line numbers stay), unless the case is about that.
	word=${line%% *}
	keep='^$'
	case "$word:$want" in
	*"given again"*) ;;
	bootloader:*|clearpart:*|keyboard:*|lang:*|timezone:*|rootpw:*|url:*)
		keep="^$word " ;;
	esac
	{ base | sed "/$keep/s/^/# /"; printf '%s\n' "$line"
	  printf '%%packages\nkernel-xen\n'; } >"$f"
	timeout 10 "$XENINFN" check "$f" >"$t/out" 2>&1
	rc=$?
	at="$f:$((baselines + 1)):"
	case $kind in
	V)	[ $rc -eq 0 ] && ! grep -q 'error:\|warning:' "$t/out" ;;
	W)	[ $rc -eq 0 ] && grep -qF "$at warning: " "$t/out" &&
		    grep -qF -- "$want" "$t/out" ;;
	E)	[ $rc -eq 1 ] && grep -qF "$at error: " "$t/out" &&
		    grep -qF -- "$want" "$t/out" ;;
	esac || {
		echo "FAIL ($kind, exit $rc): $line"
		sed 's/^/    /' "$t/out"
		fail=1
	}
}

while IFS='|' read -r kind line want; do
	case $kind in V|W|E) run_case "$kind" "$line" "$want" ;; esac
done <<'CASES'
V|auth --enableshadow --enablemd5
V|authconfig --enableshadow --enablemd5 --enablenis --nisdomain=x
W|authconfig enableshadow|not an authconfig option
V|autostep --autoscreenshot
E|autostep --fast|no such option --fast
V|bootloader --location=mbr --driveorder=sda,sdb --append="console=ttyS0 noapic"
V|bootloader --location=partition --lba32
V|bootloader --location none
V|bootloader --md5pass=$1$abcdefgh$abcdefghijklmnopqrstuv
V|bootloader --loc=boot
W|bootloader --location=mbr --useLilo|deprecated
W|bootloader --password=secret|clear text
E|bootloader --location=floppy|invalid choice 'floppy'
E|bootloader --hvargs=dom0_mem=1024M|later anaconda releases
E|bootloader --timeout=5|later anaconda releases
E|bootloader --lba32=yes|does not take a value
E|bootloader --location|requires an argument
E|bootloader --md5pass=$6$salt$hash|SHA-512 crypt came with RHEL 5.2
E|bootloader --md5pass=secret|not a hash SL 5.1 can check
V|cdrom
E|cdrom /dev/hdc|takes 0 arguments
V|clearpart --linux --drives=sda
V|clearpart --none
E|clearpart --list=sda1|later anaconda releases
V|clearpart --al
E|clearpart --alll|no such option --alll
V|cmdline
E|cmdline now|takes 0 arguments
V|device scsi cciss --opts="a=1"
E|device scsi|needs 2 arguments
V|deviceprobe
V|dmraid --name=isw0 --dev=/dev/sda --dev=/dev/sdb
E|dmraid --dev=/dev/sda|--name is required
V|driverdisk sdb1
V|driverdisk --source=http://x.example/dd.img
V|firewall --enabled --port=22:tcp,8002:tcp --trust=eth1
V|firewall --disabled
V|firewall --enable --ssh --http
V|firewall --enabled --port=ssh:tcp
W|firewall --high|deprecated
E|firewall --enabled --port=22:sctp|expected port:tcp or port:udp
E|firewall --enabled --port=22:sctp --port=80:tcp|firewall --port 22:sctp
V|firewall --enabled --port=22:tcp --port=http
E|firewall --service=ssh|later anaconda releases
E|firewall --disab|ambiguous option --disab
V|firstboot --disabled
V|firstboot --reconfig
E|firstboot --off|no such option
V|graphical
V|text
W|interactive|not unattended
V|halt
W|reboot now|extra arguments are ignored
E|reboot --eject|later anaconda releases
V|harddrive --partition=sdb1 --dir=/sl51
V|harddrive --biospart=80p1 --dir=/sl51
E|harddrive --dir=/sl51|--biospart or --partition is required
E|harddrive --partition=sdb1|--dir is required
V|ignoredisk --drives=sdc,sdd
E|ignoredisk|--drives is required
E|ignoredisk --only-use=sda|later anaconda releases
V|iscsi --ipaddr=192.0.2.5 --port=3260 --target=iqn.2007-01.org.example:t1
E|iscsi --target=iqn.2007-01.org.example:t1|--ipaddr is required
V|iscsiname iqn.2007-01.org.example:dom0
E|iscsiname|needs 1 argument
V|key --skip
V|key 0123456789abcdef
E|key|give an installation number or --skip
V|keyboard de
E|keyboard --vckeymap=de|later anaconda releases
E|keyboard|needs 1 argument
V|lang it_IT.UTF-8
E|lang en_US it_IT|takes 1 argument
W|langsupport --default=en_US.UTF-8 en_US.UTF-8|deprecated
V|logging --host=192.0.2.9 --level=info
E|logging --level=verbose|invalid choice 'verbose'
V|logvol /var --vgname=vg0 --name=var --size=2048 --fstype=ext3
V|logvol swap --vgname=vg0 --name=swap --recommended
V|logvol /srv --vgname=vg0 --name=srv --percent=50
V|logvol /srv --vgname=vg0 --name=srv --useexisting --noformat
E|logvol /srv --vgname=vg0 --size=100|--name is required
E|logvol /srv --vgname=nosuchvg --name=srv --size=100|no volgroup command defines it
E|logvol /srv --vgname=vg0 --name=srv|give --size, --percent
E|logvol /srv --vgname=vg0 --name=srv --size=big|invalid integer value
E|logvol /srv --vgname=vg0 --name=srv --size=10 --encrypted|later anaconda releases
E|logvol srv --vgname=vg0 --name=srv --size=10|expected a mount point
V|mediacheck
V|monitor --hsync=31.5-48.5 --vsync=50-70
V|monitor --noprobe
W|mouse generic3ps/2 --device=psaux|deprecated
V|multipath --name=mp0 --device=sda --rule=x
V|network --device=eth1 --bootproto=static --ip=192.0.2.10 --netmask=255.255.255.0 --gateway=192.0.2.1 --nameserver=192.0.2.53,192.0.2.54
V|network --device=eth1 --bootproto=bootp
V|network --device=eth1 --bootproto dhcp --onboot=no --noipv6
V|network --device=eth1 --bootproto=dhcp --hostname=dom0.example.org --mtu=9000 --ethtool="autoneg off"
W|network --bootproto=dhcp|without --device
E|network --device=eth1 --bootproto=none|RHEL 5.1 has no --bootproto none
E|network --device=eth1 --bootproto=static --ip=192.0.2.10|without --ip and --netmask
E|network --device=eth1 --bootproto=static --ip=192.0.2.300 --netmask=255.255.255.0|not a dotted IPv4 address
E|network --device=eth1 --nameserver=dns.example.org|expected IPv4 addresses
E|network --device=eth1 --activate|later anaconda releases
E|network --device=eth1 --onboot=maybe|invalid choice 'maybe'
E|network --device=eth1 --ipv6=auto|later anaconda releases
V|nfs --server=192.0.2.1 --dir=/export/sl51
E|nfs --server=192.0.2.1|--dir is required
V|part /var --size=4096 --ondisk=sda --asprimary --fstype=ext3
V|partition /home --size=100 --grow --maxsize=2000 --ondrive=sdb
V|part /srv --onpart=sdb1 --noformat
V|part swap --recommended
V|part raid.01 --size=1000 --ondisk=sdb
W|part /tmp --fstype=ext3|without --size
W|part /tmp --size=100 --type=83|deprecated
E|part pv.01 --size=100|defined twice
E|part /tmp --size=100 --label=tmp|later anaconda releases
E|part /tmp --size=100 --encrypted|later anaconda releases
E|part|needs 1 argument
E|part /tmp --size=100 --fsopt="a" --fsoptions=b --start=x|invalid integer value
V|poweroff
V|raid /data --level=RAID1 --device=md0 --useexisting
E|raid /data --level=1 --device=md0 raid.07|no part command defines it
E|raid /data --level=RAID4 --device=md0 raid.01|invalid choice 'RAID4'
E|raid /data --device=md0 raid.01|--level is required
E|raid /data --level=1 --device=md0|has no members
V|repo --name=updates --baseurl=http://mirror.example.org/sl/51/updates/
V|repo --name=local --baseurl=file:///tmp/xeninfn-media/xeninfn
V|repo --name=m --mirrorlist=http://mirror.example.org/list
E|repo --baseurl=http://mirror.example.org/x/|--name is required
E|repo --name=x|--baseurl or --mirrorlist is required
E|repo --name=x --baseurl=nfs://host/path|expected an http://
E|repo --name=x --baseurl=http://a.example/ --cost=10|later anaconda releases
W|rootpw secret|clear text
E|rootpw --iscrypted $6$salt$abcdefghijklmnopqrstuvwxyz|SHA-512 crypt came with RHEL 5.2
E|rootpw --iscrypted $5$salt$abcdefghijklmnopqrstuvwxyz|SHA-256 crypt came with RHEL 5.2
E|rootpw --iscrypted secret|not a hash SL 5.1 can check
E|rootpw --iscrypted $1$abc$short|malformed MD5-crypt hash
W|rootpw --iscrypted abcdefghijklm|DES crypt
W|rootpw --iscrypted !!|given again
E|rootpw --lock|later anaconda releases
V|selinux --permissive
V|selinux --disabled
E|selinux --enabled|no such option --enabled
V|services --enabled=xend,xendomains --disabled=avahi-daemon
V|shutdown
V|skipx
E|skipx yes|takes 0 arguments
E|timezone --isUtc Europe/Rome|later anaconda releases
W|timezone UTC|given again
V|upgrade
W|url --url http://other.example.org/sl/|given again
E|url --url https://mirror.example.org/sl/|fetches only http:// and ftp://
V|user --name=admin --groups=wheel --iscrypted --password=$1$abcdefgh$abcdefghijklmnopqrstuv
E|user --name=admin --iscrypted --password=$6$x$y|SHA-512 crypt came with RHEL 5.2
E|user --groups=wheel|--name is required
E|user --name=admin --gecos="A"|later anaconda releases
V|vnc --password=secret
W|vnc --connect=192.0.2.1:5500|deprecated
V|volgroup vg1 --pesize=32768 pv.01
V|volgroup vgold --useexisting --noformat
E|volgroup vg1|has no physical volumes
E|volgroup vg1 pv.99|no part command defines it
E|volgroup vg0 pv.01|defined twice
V|xconfig --startxonboot --defaultdesktop=GNOME --depth=24
W|xconfig --card="ATI Radeon"|deprecated
V|zerombr
W|zerombr yes|extra arguments are ignored
V|zfcp --devnum=0.0.4000 --wwpn=0x5005076300c213e9 --fcplun=0x5022000000000000 --scsiid=1 --scsilun=0
E|zfcp --devnum=0.0.4000|is required
E|sshpw --username=root secret|a command of later anaconda releases
E|unsupported_hardware|a command of later anaconda releases
E|frobnicate --now|unknown command frobnicate
E|lang "en_US|no closing quotation
E|%end|anaconda 11.1 has no %end
E|%traceback|later anaconda releases
E|%foo|unknown section %foo
V|%pre --interpreter=/usr/bin/python --erroronfail --log=/tmp/pre.log
V|%post --nochroot --log=/mnt/sysimage/root/post.log
E|%pre --nochroot|only valid on %post
E|%post --interpreter=python|absolute path
E|%post --erroronfail=yes|does not take a value
E|%pre extra|unexpected argument
V|%packages --nobase --excludedocs --ignoremissing
W|%packages --resolvedeps|deprecated
E|%packages --default|later anaconda releases
E|%packages --instLangs=en|later anaconda releases
CASES

# Sections: a script's own lines may hold %, $ and ${...}; %end is fatal.
f=$t/scripts.ks
{ base; cat <<'KS'
%packages --nobase
@core
-sendmail
kernel-xen
xen*
%pre
echo "${HOSTNAME:-x} 100% $((1+1))" `date`
%post --interpreter /bin/bash
rpm -q --qf '%{VERSION}\n' xen
KS
} >"$f"
timeout 10 "$XENINFN" check "$f" || { echo "FAIL: valid scripts"; fail=1; }
{ cat "$f"; echo '%end'; } >"$t/end.ks"
timeout 10 "$XENINFN" check "$t/end.ks" 2>"$t/out"
[ $? -eq 1 ] && grep -qF "$t/end.ks:$((baselines + 10)): error: %end" \
	"$t/out" || { echo "FAIL: %end inside %post"; fail=1; }
printf '%%packages\nxen libvirt\n' >>"$f"
timeout 10 "$XENINFN" check "$f" 2>"$t/out"
[ $? -eq 1 ] && grep -q 'one package a line' "$t/out" ||
	{ echo "FAIL: two packages on one %packages line"; fail=1; }

# An unattended install needs these: each missing one is an error.
for cmd in lang keyboard rootpw timezone bootloader url; do
	base | grep -v "^$cmd " >"$t/miss.ks"
	timeout 10 "$XENINFN" check "$t/miss.ks" 2>"$t/out"
	[ $? -eq 1 ] && grep -q "error: no .*$cmd\|error: no installation" \
	    "$t/out" || { echo "FAIL: missing $cmd not reported"; fail=1; }
done
base | grep -v '^part\|^volgroup\|^logvol\|^clearpart' >"$t/miss.ks"
timeout 10 "$XENINFN" check "$t/miss.ks" 2>"$t/out"
grep -q 'error: no partitioning' "$t/out" ||
	{ echo "FAIL: missing partitioning not reported"; fail=1; }

# A partitioning file written by %pre and %included is checked too.
{ base | grep -v '^part\|^volgroup\|^logvol\|^clearpart'; cat <<'KS'
%include /tmp/ks-part
%pre
cat >/tmp/ks-part <<'PART'
part /boot --size=200
part pv.01 --size=1 --grow
volgroup vg0 pv.01
logvol / --vgname=vg0 --name=root --size=4096 --hvargs
PART
KS
} >"$t/inc.ks"
timeout 10 "$XENINFN" check "$t/inc.ks" 2>"$t/out"
[ $? -eq 1 ] && grep -qF "$t/inc.ks:$((baselines - 5 + 7)): error: logvol: no such option --hvargs" \
	"$t/out" || { echo "FAIL: %pre-written include not checked"; cat "$t/out"; fail=1; }

# Exit codes and usage.
timeout 10 "$XENINFN" check "$t/no-such.ks" 2>/dev/null
[ $? -eq 1 ] || { echo "FAIL: unreadable file must exit 1"; fail=1; }
timeout 10 "$XENINFN" check --bogus 2>/dev/null
[ $? -eq 2 ] || { echo "FAIL: bad option must exit 2"; fail=1; }
timeout 10 "$XENINFN" check -s boot.timeout=5 "$t/case1.ks" 2>/dev/null
[ $? -eq 2 ] || { echo "FAIL: -s with files must exit 2"; fail=1; }

echo "$n grammar cases run"
exit $fail
