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
	{ base | sed "/$keep/s/^/# /"; printf '%b\n' "$line"
	  printf '%%packages\nkernel-xen\n'; } >"$f"
	timeout 10 "$XENINFN" check "$f" >"$t/out" 2>&1
	rc=$?
	# a case of several lines (\n) is judged at its last one
	at="$f:$((baselines + $(printf '%b\n' "$line" | wc -l))):"
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
E|bootloader --location=mbr --useLilo|no such option --useLilo
W|bootloader --password=secret|clear text
E|bootloader --location=floppy|invalid choice 'floppy'
E|bootloader --hvargs=dom0_mem=1024M|later anaconda releases
E|bootloader --timeout=5|later anaconda releases
E|bootloader --lba32=yes|does not take a value
E|bootloader --location|requires an argument
W|bootloader --md5pass=$6$salt$hash|SHA-512 crypt came with RHEL 5.2
W|bootloader --md5pass=secret|no hash SL 5.1 can check
V|cdrom
W|cdrom /dev/hdc|'/dev/hdc' ignored
V|clearpart --linux --drives=sda
V|clearpart --none
E|clearpart --list=sda1|later anaconda releases
V|clearpart --al
E|clearpart --alll|no such option --alll
V|cmdline
W|cmdline now|'now' ignored
V|device scsi cciss --opts="a=1"
V|device scsi
V|deviceprobe
V|dmraid --name=isw0 --dev=/dev/sda --dev=/dev/sdb
E|dmraid --dev=/dev/sda|--name is required
V|driverdisk sdb1
V|driverdisk --source=http://x.example/dd.img
V|firewall --enabled --port=22:tcp,8002:tcp --trust=eth1
V|firewall --disabled
V|firewall --enable --ssh --http
V|firewall --enabled --port=ssh:tcp
E|firewall --high|no such option --high
W|firewall --enabled --port=22:sctp|expected port:tcp or port:udp
W|firewall --enabled --port=22:sctp --port=80:tcp|firewall --port 22:sctp
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
W|reboot now|'now' ignored
W|reboot --eject|given again
V|harddrive --partition=sdb1 --dir=/sl51
V|harddrive --biospart=80p1 --dir=/sl51
E|harddrive --dir=/sl51|give --biospart or --partition (exactly one)
E|harddrive --biospart=80p1 --partition=sdb1 --dir=/sl51|exactly one
E|harddrive --partition=sdb1|--dir is required
V|ignoredisk --drives=sdc,sdd
V|ignoredisk
E|ignoredisk --only-use=sda|later anaconda releases
V|iscsi --ipaddr=192.0.2.5 --port=3260 --target=iqn.2007-01.org.example:t1
E|iscsi --target=iqn.2007-01.org.example:t1|--ipaddr is required
V|iscsiname iqn.2007-01.org.example:dom0
E|iscsiname|needs 1 argument
V|key --skip
V|key 0123456789abcdef
E|key|key: needs 1 argument
V|keyboard de
W|keyboard --vckeymap=de|takes '--vckeymap=de' as the value itself
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
E|logvol /srv --vgname=nosuchvg --name=srv --size=100|no earlier volgroup command defines it
E|logvol /srv --vgname=vg0 --name=srv|give --size, --percent
E|logvol /srv --vgname=vg0 --name=srv --size=big|invalid integer value
E|logvol /srv --vgname=vg0 --name=srv --size=10 --encrypted|later anaconda releases
E|logvol srv --vgname=vg0 --name=srv --size=100|not a mount point
E|logvol /srv --vgname=vg0 --name=srv --size=10|smaller than the physical extent
V|logvol /srv --vgname=vg0 --name=srv --size=10 --grow
E|logvol /srv --vgname=vg0 --name=root --size=100|already used in volume group vg0
E|logvol /srv --vgname=vg0 --name=srv --percent=101|takes 1 to 100
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
E|network --device=eth1 --bootproto=none|invalid choice 'none'
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
E|part /tmp --fstype=ext3|Partition requires a size specification
E|part /tmp --recommended|Partition requires a size specification
E|part /tmp --size=100 --start=5|--start without --ondisk
E|part /a --size=1 --onpart=sdb1\npart /b --onpart=/dev/sdb1|already used
V|part /tmp --size=100 --type=ext3
V|part /tmp --size=100 --active
E|part pv.01 --size=100|defined twice
V|part /tmp --size=100 --label=tmp
W|part tmp --size=100|expected a mount point
E|part /tmp --size=100 --encrypted|later anaconda releases
E|part|needs 1 argument
E|part /tmp --size=100 --fsopt="a" --fsoptions=b --start=x|invalid integer value
V|poweroff
V|raid /data --level=RAID1 --device=md0 --useexisting
E|raid /data --level=1 --device=md0 raid.07|member raid.07 is not defined by an earlier part
V|part raid.01 --size=100\npart raid.02 --size=100\nraid /data --level=1 --device=md0 raid.01 raid.02
E|part raid.01 --size=100\nraid /a --level=1 --device=md0 raid.01\nraid /b --level=1 --device=md1 raid.01|already used
E|raid /data --level=1 --device=foo --useexisting|expected mdN or a number
E|raid /data --level=RAID4 --device=md0|no --level of RAID0
E|raid /data --level=raid1 --device=md0|no --level of RAID0
V|raid /data --level=raid1 --device=md0 --noformat
E|raid /data --device=md0|no --level of RAID0
E|raid /data --level=1|--device is required
E|raid /data --level=1 --device=md0|has no members
V|repo --name=updates --baseurl=http://mirror.example.org/sl/51/updates/
V|repo --name=local --baseurl=file:///tmp/xeninfn-media/xeninfn
V|repo --name=m --mirrorlist=http://mirror.example.org/list
E|repo --baseurl=http://mirror.example.org/x/|--name is required
E|repo --name=x|give --baseurl or --mirrorlist (exactly one)
E|repo --name=x --baseurl=http://a.example/ --mirrorlist=http://b.example/|exactly one
E|repo --name=x --baseurl=nfs://host/path|repositories only
E|repo --name=x --baseurl=http://a.example/ --cost=10|later anaconda releases
W|rootpw secret|clear text
W|rootpw --iscrypted $6$salt$abcdefghijklmnopqrstuvwxyz|SHA-512 crypt came with RHEL 5.2
W|rootpw --iscrypted $5$salt$abcdefghijklmnopqrstuvwxyz|SHA-256 crypt came with RHEL 5.2
W|rootpw --iscrypted NOT-A-ROOT-PASSWORD|the account is locked
E|rootpw --iscrypted a b|takes 1 argument
W|rootpw --iscrypted $1$abc$short|malformed MD5-crypt hash
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
V|timezone --isUtc Europe/Rome
E|timezone --nontp Europe/Rome|later anaconda releases
W|timezone UTC|given again
V|upgrade
W|url --url http://other.example.org/sl/|given again
E|url --url https://mirror.example.org/sl/|fetches only http:// and ftp://
V|user --name=admin --groups=wheel --iscrypted --password=$1$abcdefgh$abcdefghijklmnopqrstuv
W|user --name=admin --iscrypted --password=$6$x$y|SHA-512 crypt came with RHEL 5.2
E|user --groups=wheel|--name is required
E|user --name=admin --gecos="A"|later anaconda releases
V|vnc --password=secret
W|vnc --connect=192.0.2.1:5500|deprecated
V|volgroup vg1 --pesize=32768 pv.01
V|volgroup vgold --useexisting --noformat
E|volgroup vg1|has no physical volumes
E|volgroup vg1 pv.99|pv.99 is not defined by an earlier part
E|volgroup vg1 --useexisting --pesize=3000|power of two
E|volgroup|needs 1 argument
W|volgroup vg0 pv.01|defined again
V|xconfig --startxonboot --defaultdesktop=GNOME --depth=24
W|xconfig --card="ATI Radeon"|deprecated
V|zerombr
W|zerombr yes|deprecated
V|zfcp --devnum=0.0.4000 --wwpn=0x5005076300c213e9 --fcplun=0x5022000000000000 --scsiid=1 --scsilun=0
E|zfcp --devnum=0.0.4000|is required
E|sshpw --username=root secret|a command of later anaconda releases
E|unsupported_hardware|a command of later anaconda releases
E|frobnicate --now|unknown command frobnicate
E|lang "en_US|no closing quotation
E|%end|anaconda 11.1 has no %end
V|%traceback --log=/tmp/tb.log
E|%foo|unknown section %foo
V|%pre --interpreter=/usr/bin/python --erroronfail --log=/tmp/pre.log
V|%post --nochroot --log=/mnt/sysimage/root/post.log
E|%pre --nochroot|only valid on %post
E|%post --interpreter=python|absolute path
E|%post --erroronfail=yes|does not take a value
W|%pre extra|'extra' ignored
E|%pre 'extra|no closing quotation
V|%packages --nobase --excludedocs --ignoremissing
W|%packages --resolvedeps|deprecated
E|%packages --default|later anaconda releases
E|%packages --instLangs=en|later anaconda releases
CASES

# Sections: a script's own lines may hold %, $ and ${...}; %end there is
# passed to the interpreter (a warning).
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
[ $? -eq 0 ] && grep -qF "$t/end.ks:$((baselines + 10)): warning: %end" \
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

# Every error of a line is reported, not only the first.
{ base; echo 'part /tmp --size=x --bogus --start=y --hvargs'; } >"$t/all.ks"
timeout 10 "$XENINFN" check "$t/all.ks" 2>"$t/out"
at="$t/all.ks:$((baselines + 1)): error:"
[ "$(grep -cF "$at" "$t/out")" -eq 4 ] ||
	{ echo "FAIL: not every error of a line reported"; cat "$t/out"; fail=1; }

# - reads standard input; --strict fails on warnings.
base | timeout 10 "$XENINFN" check - 2>"$t/out" &&
	! [ -s "$t/out" ] || { echo "FAIL: check - (valid)"; fail=1; }
{ base; echo 'lang "x'; } | timeout 10 "$XENINFN" check - 2>"$t/out"
[ $? -eq 1 ] && grep -qF "<stdin>:$((baselines + 1)): error: no closing" \
	"$t/out" || { echo "FAIL: check - (invalid)"; cat "$t/out"; fail=1; }
{ base; echo 'mouse none'; } >"$t/warn.ks"
timeout 10 "$XENINFN" check "$t/warn.ks" 2>/dev/null ||
	{ echo "FAIL: a warning alone must pass"; fail=1; }
timeout 10 "$XENINFN" check --strict "$t/warn.ks" 2>/dev/null
[ $? -eq 1 ] || { echo "FAIL: --strict must fail on a warning"; fail=1; }
base | timeout 10 "$XENINFN" check --strict - ||
	{ echo "FAIL: --strict on a clean file"; fail=1; }

# Bad input: a clear error naming file:line, bounded memory, no crash.
# (an AddressSanitizer build maps terabytes of shadow: no limit there)
limit=400000
grep -q AddressSanitizer "$XENINFN" && limit=unlimited
bad() {	# NAME EXPECTED-TEXT [EXIT]: checks $t/NAME under a memory limit
	( ulimit -v $limit; timeout 60 "$XENINFN" check "$t/$1" ) \
	    >"$t/out" 2>&1
	rc=$?
	[ $rc -eq "${3:-1}" ] && { [ -z "$2" ] || grep -qF -- "$2" "$t/out"; } ||
		{ echo "FAIL: bad input $1 (exit $rc)"; head -c 600 "$t/out"
		  fail=1; }
}
{ printf 'lang en_US\n\000'; head -c 5000 /dev/urandom; } >"$t/random.bin"
bad random.bin "$t/random.bin:2: error: a NUL byte"
{ base; printf 'lang en\000US\n'; } >"$t/nul.ks"
bad nul.ks "$t/nul.ks:$((baselines + 1)): error: a NUL byte"
head -c 52428800 /dev/zero | tr '\0' '#' >"$t/big.ks"
bad big.ks "$t/big.ks:1: error: larger than"
{ base; printf '# caf\351\n'; } >"$t/latin1.ks"
bad latin1.ks "$t/latin1.ks:$((baselines + 1)): warning: not valid UTF-8" 0
{ base; head -c 1048576 /dev/zero | tr '\0' 'a'; echo; } >"$t/long.ks"
bad long.ks "$t/long.ks:$((baselines + 1)): error: line longer than"
{ base; printf '%%post\n'; head -c 1048576 /dev/zero | tr '\0' 'a'
  echo; } >"$t/longpost.ks"
bad longpost.ks "" 0
rm -f "$t/big.ks" "$t/random.bin"

echo "$n grammar cases run"
exit $fail
