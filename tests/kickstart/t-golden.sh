#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The rendered kickstart of the default profile and of its variants (one
# NIC, static management address, guests wiped, a site snippet, PXE media,
# root's SSH keys, no updates repository)
# matches the golden files, and each golden kickstart passes `xeninfn
# check`.  After an intended change of the templates, regenerate them with
#   XENINFN_REGEN=1 make check TESTS='tests/kickstart/t-golden.sh'
# and review the diff.
set -u
dir=$XENINFN_SRC/tests/kickstart
golden=$dir/golden
fail=0
# product.version is pinned so that a release does not change the files.
common="-s product.version=1.0"

render() {	# NAME ARGS...: renders into $XENINFN_TMP/NAME.ks, compares
	name=$1; shift
	out=$XENINFN_TMP/$name.ks
	# shellcheck disable=SC2086
	if ! timeout 30 "$XENINFN" render $common "$@" >"$out"; then
		echo "FAIL $name: render exited non-zero"; fail=1; return
	fi
	if [ "${XENINFN_REGEN:-}" = 1 ]; then
		cp "$out" "$golden/$name.ks"; echo "regenerated $name"
	elif ! diff -u "$golden/$name.ks" "$out"; then
		echo "FAIL $name: differs from golden/$name.ks"; fail=1
	fi
	if ! timeout 30 "$XENINFN" check "$out"; then
		echo "FAIL $name: the rendered kickstart fails xeninfn check"
		fail=1
	fi
}

render default
render one-nic -s network.guest_nic=
render static -s network.bootproto=static -s network.ip=192.0.2.10 \
	-s network.netmask=255.255.255.0 -s network.gateway=192.0.2.1 \
	-s network.nameserver=192.0.2.53 -s network.hostname=dom0.example.org
render wipe-guests -s disk.wipe_guests=yes -s disk.drives=sda,sdb
render wipe-foreign -s disk.wipe_foreign=yes
render site-override -s kickstart.template_dir="$dir/site"
render pxe --media pxe -s pxe.http_url=http://192.0.2.1/xeninfn-pxe \
	--host node07
render ssh-keys -s ssh.authorized_keys="$dir/root-keys.pub"
render no-updates -s tree.updates_url=
render repo-url -s repo.url=http://repo.example.org/xeninfn/ \
	-s network.bootproto=static -s network.ip=192.0.2.10 \
	-s network.netmask=255.255.255.0 \
	-s xen.migration=yes -s xen.relocation_hosts=node01,node02

# The variants differ where they should, not only in the golden files.
grep -q -- '--bootproto=static --ip=192.0.2.10' "$XENINFN_TMP/static.ks" ||
	{ echo "FAIL static: no static network line"; fail=1; }
grep -q -- '--no-guest-bridge' "$XENINFN_TMP/one-nic.ks" ||
	{ echo "FAIL one-nic: guest bridge still set up"; fail=1; }
grep -q '^wipe_guests=yes$' "$XENINFN_TMP/wipe-guests.ks" &&
	grep -q '^wipe_guests=$' "$XENINFN_TMP/default.ks" ||
	{ echo "FAIL wipe-guests: wiping is not explicit"; fail=1; }
grep -q '^wipe_foreign=yes$' "$XENINFN_TMP/wipe-foreign.ks" &&
	grep -q '^wipe_foreign=$' "$XENINFN_TMP/default.ks" ||
	{ echo "FAIL wipe-foreign: wiping is not explicit"; fail=1; }
grep -q 'site policy' "$XENINFN_TMP/site-override.ks" ||
	{ echo "FAIL site-override: the site snippet was not used"; fail=1; }
grep -q 'baseurl=http://192.0.2.1/xeninfn-pxe/xeninfn/' \
	"$XENINFN_TMP/pxe.ks" || { echo "FAIL pxe: repo line"; fail=1; }
grep -q -- '--hostname=node07' "$XENINFN_TMP/pxe.ks" ||
	{ echo "FAIL pxe: --host not used"; fail=1; }
grep -q '^ssh-rsa .* root-golden@xeninfn.invalid$' "$XENINFN_TMP/ssh-keys.ks" &&
	! grep -q 'authorized_keys' "$XENINFN_TMP/default.ks" ||
	{ echo "FAIL ssh-keys: keys only where given"; fail=1; }
grep -q '^repo --name=sl-security ' "$XENINFN_TMP/default.ks" &&
	! grep -q '^repo --name=sl-security' "$XENINFN_TMP/no-updates.ks" ||
	{ echo "FAIL no-updates: the updates repo line"; fail=1; }
# Nothing but the templates' own text: no template syntax leaks out.
if grep -n '{{\|{%\|{#\|^%end' "$XENINFN_TMP"/*.ks; then
	echo "FAIL: template syntax or %end in a rendered kickstart"; fail=1
fi

# A link in a site directory that leads out of it is not followed.
esc=$XENINFN_TMP/escape
mkdir -p "$esc/kickstart/snippets"
ln -s /etc/passwd "$esc/kickstart/snippets/pre-vtcheck.ks"
if "$XENINFN" render -s kickstart.template_dir="$esc" \
    >"$XENINFN_TMP/esc.out" 2>"$XENINFN_TMP/esc.err"; then
	echo "FAIL escape: render followed a link out of the site directory"; fail=1
fi
grep -q 'leads out of the site template directory' "$XENINFN_TMP/esc.err" ||
	{ echo "FAIL escape: no message: $(cat "$XENINFN_TMP/esc.err")"; fail=1; }
! grep -q '^root:' "$XENINFN_TMP/esc.out" ||
	{ echo "FAIL escape: /etc/passwd reached the output"; fail=1; }
exit $fail
