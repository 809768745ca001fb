#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `xeninfn check` and `xeninfn render` under valgrind: no invalid read or
# write and no leak on the golden kickstarts (options with values on
# network, bootloader, part, logvol, repo, %pre...), nor on a kickstart
# full of errors (the error paths free what they took).  It catches what
# the output cannot show, such as option names read from a stack frame
# that had already returned.  Skipped without valgrind.
set -u
command -v valgrind >/dev/null 2>&1 || { echo "no valgrind"; exit 77; }
dir=$XENINFN_SRC/tests/kickstart
fail=0
vg() {	# NAME CMD...: runs CMD under valgrind, fails on any error or leak
	name=$1; shift
	timeout 120 valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
	    --error-exitcode=99 "$@" >/dev/null 2>"$XENINFN_TMP/vg.log"
	if [ $? -eq 99 ]; then
		echo "FAIL $name: valgrind found errors:"; cat "$XENINFN_TMP/vg.log"
		fail=1
	fi
}
for ks in "$dir"/golden/*.ks; do
	vg "check $(basename "$ks")" "$XENINFN" check "$ks"
done
cat >"$XENINFN_TMP/bad.ks" <<'KS'
network --bootproto=none --device eth0 --ip 1.2.3 --netmask=255.255.255.0
bootloader --hvargs dom0_mem=1G --location=floppy
part pv.1 --size=abc
volgroup vg0 pv.2
logvol / --vgname=nope --name=root
repo --name=x --baseurl=gopher://x/ --mirrorlist=http://y/
firewall --port=22:sctp,http
rootpw --iscrypted $6$salt$hash
"unclosed
%pre --nochroot --interpreter bash
cat >/tmp/ks-x <<EOT
part / --size 100 --ondisk
EOT
%end
%include /tmp/ks-x
%packages --default
two names
KS
vg "check bad.ks" "$XENINFN" check "$XENINFN_TMP/bad.ks"
vg "render default" "$XENINFN" render -s product.version=1.0
vg "render site" "$XENINFN" render -s product.version=1.0 \
	-s kickstart.template_dir="$dir/site"
exit $fail
