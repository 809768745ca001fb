#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The differential test of `xeninfn check`: pykickstart 0.43 (anaconda
# 11.1's parser, from the upstream archive) and the checker judge the same
# files, and must agree: the checker's first [parser] error is at the line
# where pykickstart stops, or there is none where it goes through; every
# deprecation warning pykickstart gives is a warning of the checker.  The
# files: the shipped templates rendered with many profiles, every grammar
# case of t-check.sh, and a generated corpus (ksdiff-gen.py).  Errors of
# the [installer] and [input] classes are the documented failures the
# parser lets through (docs/kickstart.md) and are not compared.  Skips
# (77) where Python 2 or the archive (XENINFN_PYKICKSTART, default
# ../shared/testdata/upstream/) is not found.
set -u
t=$XENINFN_TMP
dir=$XENINFN_SRC/tests/kickstart
up=$XENINFN_SRC/../shared/testdata/upstream
tarball=${XENINFN_PYKICKSTART:-$up/pykickstart-0.43.tar.gz}
PYENV_VERSION=${PYENV_VERSION:-2.7.18}
export PYENV_VERSION
py=python2
if ! "$py" -c 'import sys; sys.exit(sys.version_info[0] != 2)' \
    2>/dev/null; then
	echo "Python 2 not found: skipped"; exit 77
fi
if [ ! -f "$tarball" ]; then
	echo "pykickstart-0.43.tar.gz not found: skipped"; exit 77
fi

# pykickstart and the stand-ins of the modules it imports but does not
# need for parsing (rhpl.translate's _ and textdomain; urlgrabber).
tar -xzf "$tarball" -C "$t"
mkdir -p "$t/stand/rhpl" "$t/corpus"
: >"$t/stand/rhpl/__init__.py"
: >"$t/stand/urlgrabber.py"
cat >"$t/stand/rhpl/translate.py" <<'PY'
def _(s):
    return s


def textdomain(domain):
    pass
PY
PYTHONPATH=$t/pykickstart-0.43:$t/stand
export PYTHONPATH

# The corpus: generated cases and t-check.sh's grammar cases ...
"$py" "$dir/ksdiff-gen.py" "$t/corpus" "$dir/t-check.sh" || exit 1
# ... and the shipped templates rendered with many profiles.
n=0
while read -r args; do
	n=$((n + 1))
	args=$(printf "%s" "$args" | sed "s|@SITE@|$dir/site|")
	# shellcheck disable=SC2086
	timeout 30 "$XENINFN" render -q $args >"$t/corpus/render-$n.ks" ||
		{ echo "FAIL: render $args"; exit 1; }
done <<'PROFILES'
-s product.version=1.0
-s network.guest_nic=
-s network.bootproto=static -s network.ip=192.0.2.10 -s network.netmask=255.255.255.0 -s network.gateway=192.0.2.1 -s network.nameserver=192.0.2.53 -s network.hostname=dom0.example.org
-s disk.wipe_guests=yes -s disk.drives=sda,sdb
-s kickstart.template_dir=@SITE@
--media pxe -s pxe.http_url=http://192.0.2.1/xeninfn-pxe --host node07
--media pxe -s pxe.http_url=http://192.0.2.1/xeninfn-pxe --host node08 -s pxe.serve_url=http://192.0.2.1:8080 -s pxe.host_token=0123456789abcdef0123456789abcdef
-s repo.url=http://repo.example.org/xeninfn/ -s xen.migration=yes -s xen.relocation_hosts=node01,node02 -s network.bootproto=static -s network.ip=192.0.2.10 -s network.netmask=255.255.255.0
-s system.firewall=no -s system.selinux=disabled
-s system.selinux=permissive -s system.lang=it_IT.UTF-8 -s system.keyboard=it -s system.timezone=Europe/Rome
-s rootpw.hash=$1$abcdefgh$abcdefghijklmnopqrstuv
-s system.firewall_ports=22:tcp,8002:tcp,5900:tcp
-s disk.boot_size=500 -s disk.root_size=20000 -s disk.swap_size=4096
-s disk.dom0_vg=vgA -s disk.guest_vg=vgB
-s network.mgmt_nic=eth2 -s network.guest_nic=eth3 -s network.mgmt_bridge=br0 -s network.guest_bridge=br1
-s xen.dom0_mem=2048M
-s boot.timeout=5
PROFILES

# The shipped templates have no finding at all, whatever the profile.
timeout 30 "$XENINFN" check --strict "$t"/corpus/render-*.ks ||
	{ echo "FAIL: a rendered kickstart has findings"; exit 1; }

(cd "$t" && find corpus -name '*.ks' | sort) >"$t/list"
echo "$(wc -l <"$t/list") kickstarts"
# One checker run for all files, one Python run for all files.
# shellcheck disable=SC2046
(cd "$t" && timeout 120 "$XENINFN" check $(cat list)) >/dev/null \
    2>"$t/xeninfn.out"

# The allow-list: "REGEX<TAB>why" against "FILE:LINE: text of the line
# (in SECTION)".
printf '%s\t%s\n' \
    '%ksappend' 'anaconda (pullRemainingKickstartConfig) replaces %ksappend lines with the fetched file before pykickstart parses; pykickstart alone rejects them' \
    '[(]in %pre[)]$' 'the checker checks a file a %pre writes and the command section %includes as the commands it becomes; pykickstart, without running the %pre, sees script lines' \
    >"$t/allow"
(cd "$t" && timeout 300 "$py" "$dir/ksdiff-pyk.py" list xeninfn.out allow)
