#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The xend-config.sxp the helpers leave, read by xend itself: Xen 3.1.0's
# own tools/python/xen/xend/XendOptions.py (and sxp.py), unpacked from
# shared/testdata/upstream, run by Python 2.7 with XEND_CONFIG pointing at
# the file.  Only its logging and error modules are stood in for (they
# would open /var/log/xen and import the xend client).  Shown: the unix
# server on (libvirt's way in), the HTTP server off, dom0-min-mem as
# dom0_mem, the relocation server bound to the management address, and
# its hosts-allow compiled as relocate.py does (map(re.compile, split(" ")))
# matching the relocation hosts and nothing else; and on the upstream file
# unchanged, the defaults that made libvirt fail.
. "$XENINFN_SRC/tests/post-install/lib.sh"
PY2="env PYENV_VERSION=2.7.18 python2"
$PY2 -c 'import sys; sys.exit(sys.version_info[0] != 2)' 2>/dev/null ||
	{ echo "Python 2.7 not available (PYENV_VERSION=2.7.18 python2)"; exit 77; }
T=$XENINFN_TMP
mkdir -p "$T/py" && tar -xzf "$UPSTREAM/xen-3.1.0-src.tar.gz" -C "$T/py" \
	xen-3.1.0/tools/python/xen/__init__.py \
	xen-3.1.0/tools/python/xen/xend/__init__.py \
	xen-3.1.0/tools/python/xen/xend/XendOptions.py \
	xen-3.1.0/tools/python/xen/xend/sxp.py \
	xen-3.1.0/tools/python/xen/xend/osdep.py ||
	{ fail "cannot unpack xend's Python sources"; finish; }

# xend's view of a config file, one "name value" a line.
cat >"$T/xendview.py" <<'EOF'
import sys, types, re
sys.path.insert(0, sys.argv[1])
# Stand-ins: XendLogging.init would open /var/log/xen/xend.log, XendError
# imports the xend client; XendOptions needs neither to read its file.
stub = types.ModuleType('xen.xend.XendLogging')
stub.init = lambda *a: None
sys.modules['xen.xend.XendLogging'] = stub
err = types.ModuleType('xen.xend.XendError')
class XendError(Exception): pass
err.XendError = XendError
sys.modules['xen.xend.XendError'] = err
import xen.xend
xen.xend.XendLogging = stub
from xen.xend import XendOptions
o = XendOptions.instance()
print 'unix-server', o.get_xend_unix_server()
print 'http-server', o.get_xend_http_server()
print 'dom0-min-mem', o.get_dom0_min_mem()
print 'relocation-server', o.get_xend_relocation_server()
print 'relocation-port', o.get_xend_relocation_port()
print 'relocation-address', repr(o.get_xend_relocation_address())
print 'network-script', o.get_network_script()
print 'vnc-listen', o.get_vnclisten_address()
allow = o.get_xend_relocation_hosts_allow()
rx = allow and map(re.compile, allow.split(" ")) or []
for h in sys.argv[2:]:
    print 'allowed', h, bool([r for r in rx if r.match(h)])
EOF
# view FILE HOSTS...: xend's reading of FILE into $T/view.
view() {
	f=$1; shift
	XEND_CONFIG=$f $PY2 "$T/xendview.py" "$T/py/xen-3.1.0/tools/python" "$@" \
		>"$T/view" 2>"$T/view-err" || { fail "xend could not read $f: $(cat "$T/view-err")"; return 1; }
}
# says LINE WHAT: xend's view holds LINE.
says() {
	if grep -qxF -- "$1" "$T/view"; then pass "$2: xend reads '$1'"
	else fail "$2: want '$1', xend reads: $(tr '\n' ';' <"$T/view")"; fi
}

# The upstream file as the xen package installs it: libvirt's trouble.
r=$(fresh xend-upstream)
view "$r/etc/xen/xend-config.sxp" && {
	says "unix-server False" "upstream file"
	says "dom0-min-mem 196" "upstream file"
}

# After xeninfn-bridges and xeninfn-dom0setup, as the %post runs them.
r=$(fresh xend-setup)
run bridges --root "$r" --bootproto static --ip 192.0.2.10 --netmask 255.255.255.0
expect_rc 0 "bridges"
run dom0setup --root "$r" --dom0-mem 1536M --migration \
	--relocation-hosts node2.example.org,192.0.2.20
expect_rc 0 "dom0setup with migration"
view "$r/etc/xen/xend-config.sxp" node2.example.org 192.0.2.20 \
	node2Xexample.org evil.node2.example.org node2.example.org.evil \
	192.0.2.200 192.0.2.2 192X0.2.20 && {
	says "unix-server True" "after setup"
	says "http-server False" "after setup"
	says "dom0-min-mem 1536" "after setup"
	says "relocation-server True" "after setup"
	says "relocation-port 8002" "after setup"
	says "relocation-address '192.0.2.10'" "after setup"
	says "network-script ['/bin/true']" "after setup"
	says "vnc-listen 127.0.0.1" "after setup"
	says "allowed node2.example.org True" "hosts-allow"
	says "allowed 192.0.2.20 True" "hosts-allow"
	for h in node2Xexample.org evil.node2.example.org node2.example.org.evil 192.0.2.200 192.0.2.2 192X0.2.20; do
		says "allowed $h False" "hosts-allow"
	done
}

# Without migration: the relocation server off (upstream turns it on).
r=$(fresh xend-nomig)
run dom0setup --root "$r"
expect_rc 0 "dom0setup without migration"
view "$r/etc/xen/xend-config.sxp" && says "relocation-server False" "no migration"
finish
