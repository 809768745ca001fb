# SPDX-License-Identifier: GPL-2.0-or-later
# The corpus of t-check-diff.sh: writes several hundred kickstarts into
# OUTDIR, each a complete, valid base plus one thing to judge: every
# command with each of its options (of RHEL 5.1 and of later releases)
# given as a flag, with a value, with an empty, bad or octal value, by a
# prefix; the section headers and their options; %include; CRLF, tabs,
# quoting, comments, empty sections; every grammar case of t-check.sh
# (read from that script); and 300 random edits of those (fixed seed).
# Runs under Python 2 or 3.
#
# usage: ksdiff-gen.py OUTDIR T-CHECK.SH
import os
import random
import re
import sys

HASH = "$1$abcdefgh$abcdefghijklmnopqrstuv"
BASE = """install
url --url http://mirror.example.org/sl/51/x86_64/
lang en_US.UTF-8
keyboard us
timezone --utc Europe/Rome
network --device=eth0 --bootproto=dhcp
rootpw --iscrypted %s
bootloader --location=mbr
clearpart --all --initlabel
part /boot --fstype=ext3 --size=200
part pv.01 --size=1 --grow
part raid.01 --size=100
part raid.02 --size=100
volgroup vg0 pv.01
logvol / --vgname=vg0 --name=root --size=4096
reboot
""" % HASH
TAIL = "%packages\nkernel-xen\n"

# A valid line of each command (the options are added to it).
MINIMAL = {
    "auth": "auth --enableshadow --enablemd5",
    "autopart": "autopart", "autostep": "autostep",
    "bootloader": "bootloader --location=mbr", "cdrom": "cdrom",
    "clearpart": "clearpart --all", "cmdline": "cmdline",
    "device": "device scsi cciss", "deviceprobe": "deviceprobe",
    "dmraid": "dmraid --name=isw0 --dev=/dev/sda",
    "driverdisk": "driverdisk sdb1", "firewall": "firewall --enabled",
    "firstboot": "firstboot --disabled", "graphical": "graphical",
    "halt": "halt", "harddrive": "harddrive --partition=sdb1 --dir=/sl",
    "ignoredisk": "ignoredisk --drives=sdc", "install": "install",
    "interactive": "interactive",
    "iscsi": "iscsi --ipaddr=192.0.2.5",
    "iscsiname": "iscsiname iqn.2007-01.org.example:x",
    "key": "key --skip", "keyboard": "keyboard de", "lang": "lang it_IT",
    "langsupport": "langsupport en_US", "logging": "logging --level=info",
    "logvol": "logvol /srv --vgname=vg0 --name=srv --size=100",
    "mediacheck": "mediacheck", "monitor": "monitor --noprobe",
    "mouse": "mouse none",
    "multipath": "multipath --name=mp0 --device=sda --rule=x",
    "network": "network --device=eth1 --bootproto=dhcp",
    "nfs": "nfs --server=192.0.2.1 --dir=/sl",
    "part": "part /srv --size=100", "partition": "partition /srv --size=10",
    "poweroff": "poweroff",
    "raid": "raid /data --level=RAID1 --device=md0 raid.01 raid.02",
    "reboot": "reboot", "repo": "repo --name=u --baseurl=http://r.example/",
    "rootpw": "rootpw --iscrypted " + HASH,
    "selinux": "selinux --permissive", "services": "services --enabled=xend",
    "shutdown": "shutdown", "skipx": "skipx", "text": "text",
    "timezone": "timezone UTC", "upgrade": "upgrade",
    "url": "url --url http://m.example/sl/",
    "user": "user --name=admin", "vnc": "vnc",
    "volgroup": "volgroup vg1 --useexisting",
    "xconfig": "xconfig --startxonboot", "zerombr": "zerombr",
    "zfcp": "zfcp --devnum=0.0.4000 --wwpn=0x5005 --fcplun=0x5022",
}

# Options to try, of 0.43 and of later releases alike (the verdict comes
# from pykickstart, not from this list).
OPTIONS = {
    "autostep": "--autoscreenshot",
    "bootloader": "--append --location --lba32 --password --md5pass "
                  "--upgrade --driveorder --useLilo --linear --hvargs "
                  "--timeout",
    "clearpart": "--all --drives --initlabel --linux --none --list",
    "dmraid": "--name --dev",
    "firewall": "--disable --disabled --enable --enabled --ftp --http "
                "--smtp --ssh --telnet --port --trust --high --service",
    "firstboot": "--disable --disabled --enable --enabled --reconfig",
    "harddrive": "--biospart --partition --dir",
    "ignoredisk": "--drives --only-use",
    "iscsi": "--target --ipaddr --port --user --password",
    "logvol": "--bytes-per-inode --fsoptions --fstype --grow --maxsize "
              "--name --noformat --percent --recommended --size "
              "--useexisting --vgname --encrypted --label",
    "logging": "--host --level --port",
    "monitor": "--hsync --monitor --noprobe --vsync",
    "multipath": "--name --device --rule",
    "network": "--bootproto --class --device --essid --ethtool --gateway "
               "--hostname --ip --mtu --nameserver --netmask --nodns "
               "--noipv4 --noipv6 --notksdevice --onboot --wepkey "
               "--activate --ipv6",
    "nfs": "--server --dir --opts",
    "part": "--active --asprimary --bytes-per-inode --end --fsoptions "
            "--fstype --type --grow --label --maxsize --noformat "
            "--onbiosdisk --ondisk --ondrive --onpart --usepart "
            "--recommended --size --start --encrypted",
    "raid": "--bytes-per-inode --device --fsoptions --fstype --level "
            "--noformat --spares --useexisting --chunksize",
    "reboot": "--eject --kexec",
    "repo": "--name --baseurl --mirrorlist --cost",
    "rootpw": "--iscrypted --lock --plaintext",
    "selinux": "--disabled --enforcing --permissive --enabled",
    "services": "--disabled --enabled",
    "timezone": "--utc --isUtc --nontp",
    "url": "--url --proxy",
    "user": "--groups --homedir --iscrypted --name --password --shell "
            "--uid --gecos",
    "vnc": "--connect --password --host --port",
    "volgroup": "--noformat --pesize --useexisting",
    "xconfig": "--card --driver --defaultdesktop --depth --hsync "
               "--monitor --noprobe --resolution --startxonboot "
               "--videoram --vsync --server",
    "zfcp": "--devnum --fcplun --scsiid --scsilun --wwpn",
}

# A good value for the options that need one.
VALUE = {
    "--location": "mbr", "--bootproto": "static", "--level": "RAID1",
    "--onboot": "yes", "--pesize": "32768", "--port": "22:tcp",
    "--device": "md1", "--size": "100", "--maxsize": "200",
    "--percent": "50", "--uid": "500", "--depth": "24", "--spares": "1",
    "--start": "1", "--end": "2", "--bytes-per-inode": "4096",
    "--url": "http://m.example/sl/", "--baseurl": "http://r.example/",
    "--md5pass": HASH, "--ip": "192.0.2.9", "--netmask": "255.0.0.0",
}

# Values that Python's int() and optparse's "int" type read in their own
# ways, and other odd ones.
ODD = ["", "x", "08", "0x1f"]

files = {}


def add(name, text):
    files[name] = text


def with_line(line, tail=TAIL):
    return BASE + line + "\n" + tail


def command_cases():
    for cmd, base in sorted(MINIMAL.items()):
        add("cmd-%s" % cmd, with_line(base))
        add("cmd-%s-extra" % cmd, with_line(base + " extra"))
        add("cmd-%s-dashdash" % cmd, with_line(base + " -- extra"))
        add("cmd-%s-short" % cmd, with_line(base + " -x"))
        add("cmd-%s-bogus" % cmd, with_line(base + " --bogus"))
        add("cmd-%s-alone" % cmd, with_line(cmd))
        add("cmd-%s-dashes" % cmd, with_line(cmd + " --"))
        for i, opt in enumerate(OPTIONS.get(cmd, "").split()):
            v = VALUE.get(opt, "x1")
            forms = [opt, "%s=%s" % (opt, v), "%s %s" % (opt, v),
                     opt[:-1], opt[:4]]
            forms += ["%s='%s'" % (opt, o) for o in ODD]
            for j, f in enumerate(forms):
                add("opt-%s-%02d-%02d" % (cmd, i, j),
                    with_line(base + " " + f))


SECTIONS = [
    "%pre", "%pre --interpreter /usr/bin/python", "%pre --interpreter=sh",
    "%pre --nochroot", "%pre extra", "%pre --erroronfail --log=/tmp/l",
    "%pre --lo /tmp/l", "%pre --logfile", "%pre --interp /bin/sh",
    "%post --nochroot", "%post --erroronfail=yes", "%post --logfile /x",
    "%post --no", "%post -x", "%traceback", "%traceback --nochroot",
    "%traceback --log=/tmp/t", "%packages --nobase", "%packages --no",
    "%packages --resolvedeps", "%packages --ignoredeps", "%packages x",
    "%packages --default", "%packages --excludedocs --ignoremissing",
    "%packages --instLangs=en", "%end", "%foo", "%ksappend http://x/y",
    "%include", "%include /tmp/x", "%include /tmp/x extra", '%include ""',
    "%include '/tmp/x", "%Pre", "%", "%%pre", "%pre'", "%pre ''",
]

BODIES = [
    "%packages\n%end\n", "%pre\n%end\n", "%post\n%end\necho\n",
    "%packages\n-@dialup\n", "%packages\n@\n", "%packages\n-\n",
    "%packages\nxen libvirt\n", "%packages\n'xen\n", "%packages\n\"\"\n",
    "%packages\n# c\n\n@core\n@ Base\n", "%post\n%packages\n@core\n",
    "%pre\necho 'unclosed\n", "%pre\n%pre 'x\n", "%pre\n%include\n",
    "%pre\n%include /tmp/p\n", "%pre\n%post\n%packages\n",
    "%packages\nreboot --eject\n%post\nlang x y\n",
    "%packages\n%include /tmp/p\n@core\n", "%post\n  %pre\necho\n",
    "%packages\n%foo\n", "%packages\n%packages --nobase\nxen\n",
    "%packages\n\t-xen\n  @core  \n", "%post\n\t%traceback\n",
    "%packages\n%pre --nochroot\n", "%post\n%packages --bogus\n",
    "%traceback\n%post\n%pre\n", "%packages\nkernel-xen\n\"a\n",
    "%packages\n*\nxen*\n", "%post\nlang x y z\n",
    "%packages\n-@dialup\n@base\n",
]

LINES = [
    'lang "en_US.UTF-8"', "lang 'en US'", 'lang "en_US', "lang en\\ US",
    "lang en_US # comment", "  # indented comment", "\tlang en_US",
    "lang\ten_US", "lang en_US\t", "\x0blang en_US", "lang en_US\x0c",
    "lang ''", "''", '""', "lang \"\\$x\"", 'lang "a\\"b"', "lang 'a\\'",
    'bootloader --append="a \\"b\\" c"', "rootpw --iscrypted "
    "NOT-A-ROOT-PASSWORD", "rootpw --iscrypted $6$s$abc", "rootpw secret",
    "rootpw --iscrypted --iscrypted !!", "lang\\", "lang\\\\ x",
    "lang x\\\\", "part /a --size=1 --size=x", "network --bootproto none",
    "network --bootproto=static --ip=192.0.2.300",
    "timezone --utc --isUtc UTC", "key --skip extra", "key --foo",
    "keyboard --vckeymap=de", "firewall --port=22:sctp",
    "logvol /srv --vgname=nosuchvg --name=srv --size=100",
    "volgroup vg9 pv.99", "raid /r --device=foo --level=1 raid.01",
    "raid /r --device=md --level=1 raid.01", "raid /r --device=md2",
    "raid /r --device=0x1 --level=1 raid.01",
    "raid /r --device=' 3' --level=1 raid.01",
    "multipath --name=a --device=sdq --rule=r\n"
    "multipath --name=b --device=sdq --rule=r",
    "repo --name=x --baseurl= --mirrorlist=", "repo --name=x",
    "harddrive --biospart=80p1 --partition=sdb1 --dir=/x",
    "zerombr yes", "mouse --device=psaux", "langsupport --default=en",
    "xconfig --noprobe", "xconfig --card=ATI --noprobe=1", "reboot --eject",
    "iscsi --ipaddr=1 extra", "monitor extra",
]


# Integers and option words in the corners of optparse and int().
CORNERS = [
    "part /x --size=%s" % v for v in (
        "+5", "5L", "0o7", "0O7", "0X1F", "-0x5", "' 0x10'", "'5 '", "00",
        "0b2", "0B11", "1e3", "'\t7'", "0x", "'-'")
] + [
    "raid /r --level=1 --device=%s raid.01 raid.02" % v for v in (
        "md", "md0x", "'3 '", "+3", "0x3", "MD3", "md-1", "08")
] + [
    "part /x --size=1 --=x", "part /x --size=1 ---x", "part /x --size=1 --",
    "part /x --size=1 --size=2=3", "part /x --size=1 --fstype=a=b",
    "part /x --size=1 --grow=", "network --bootproto=DHCP",
    "network --onboot=TRUE", "network --onboot=2", 'lang a"b"c',
    "lang 'a'\"b\"", "firewall --enabled --ssh --smtp --s",
    "repo --name=x --baseurl='' --mirrorlist=http://m/",
    "bootloader --location=MBR", "logging --level=INFO",
    "timezone --is UTC", "timezone --u UTC", "part /x --size=1 --on=sda",
    "part /x --size=1 --ond=sda", "part /x --size=1 --onp=sda1",
]


def general_cases():
    for i, l in enumerate(CORNERS):
        add("corner-%02d" % i, with_line(l))
    for i, s in enumerate(SECTIONS):
        add("sec-%02d" % i, BASE + s + "\n" + "echo hi\n" + TAIL)
        add("sec-%02d-after-pkg" % i, BASE + TAIL + s + "\n")
    for i, b in enumerate(BODIES):
        add("body-%02d" % i, BASE + b)
    for i, l in enumerate(LINES):
        add("line-%02d" % i, with_line(l))
        add("line-%02d-pkg" % i, BASE + TAIL + l + "\n")
        add("line-%02d-noeol" % i, BASE + TAIL + "%post\n" + l)
    add("crlf", (BASE + TAIL + "%post\necho\n").replace("\n", "\r\n"))
    add("crlf-one", with_line("lang en_US\r"))
    add("noeol-backslash", BASE + "lang en_US\\")
    add("empty", "")
    add("comments", "# nothing\n\n  # more\n")
    add("only-packages", "%packages\n")
    add("empty-sections", BASE + "%pre\n%post\n%traceback\n%packages\n")
    add("tabs", BASE.replace(" ", "\t") + TAIL)


def tcheck_cases(path):
    """The grammar cases of t-check.sh, built as its run_case does."""
    text = open(path).read()
    base = re.search(r"cat <<KS\n(.*?)\nKS\n", text, re.S).group(1)
    base = base.replace("$hash", HASH).split("\n")
    cases = re.search(r"<<'CASES'\n(.*?)\nCASES\n", text, re.S).group(1)
    for n, c in enumerate(cases.split("\n")):
        kind, line, want = (c.split("|", 2) + ["", ""])[:3]
        if kind not in ("V", "W", "E"):
            continue
        word = line.split(" ")[0]
        keep = None
        if "given again" not in want and word in (
                "bootloader", "clearpart", "keyboard", "lang", "timezone",
                "rootpw", "url"):
            keep = word + " "
        body = ["# " + l if keep and l.startswith(keep) else l for l in base]
        add("tcheck-%03d" % n, "\n".join(body) + "\n" + line + "\n" + TAIL)
    # and its whole-file cases: each <<'KS' block after the base
    for n, block in enumerate(re.findall(r"cat <<'KS'\n(.*?)\nKS\n", text,
                                         re.S)):
        add("tcheck-block-%d" % n, "\n".join(base) + "\n" + block + "\n")


def mutations(n):
    """n copies of the cases so far, each with a few random edits (blanks,
    quotes, backslashes, % and # signs, bytes that are not UTF-8 inserted,
    characters deleted, runs copied), from a fixed seed."""
    rnd = random.Random(51)
    names = sorted(files)
    chars = " \t\r\n'\"\\%#@-=/.:,abcxyz019\x0b\x0c\xff\xc3"
    for i in range(n):
        d = files[names[rnd.randrange(len(names))]]
        for _ in range(rnd.randint(1, 12)):
            p, op = rnd.randrange(len(d) + 1), rnd.random()
            if op < 0.4:
                d = d[:p] + rnd.choice(chars) + d[p:]
            elif op < 0.7:
                d = d[:p] + d[p + 1:]
            else:
                q = rnd.randrange(len(d) + 1)
                d = d[:p] + d[q:q + rnd.randint(1, 40)] + d[p:]
        add("mut-%03d" % i, d)


def main():
    out = sys.argv[1]
    command_cases()
    general_cases()
    tcheck_cases(sys.argv[2])
    mutations(300)
    for name, text in files.items():
        if not isinstance(text, bytes):
            text = text.encode("latin-1")
        with open(os.path.join(out, name + ".ks"), "wb") as f:
            f.write(text)


main()
