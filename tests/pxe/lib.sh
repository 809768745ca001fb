# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# Shared by the PXE tests: a pxe run on the fixture inputs and small
# assertions.  Sourced by tests/pxe/t-*.sh under tests/run; fail and
# expect_fail come from tests/lib.sh.
set -eu
: "${XENINFN:?run through make check}"
. "$XENINFN_SRC/tests/lib.sh"
FX=$XENINFN_B/fixtures
XENRPMS=$FX/xen-rpms
HTTP_URL=http://10.0.2.100:8080

# site CMD [ARGS...]: xeninfn CMD with the profile of the fixture mirror
# and RPMs (pxe and render see the same one).
site() {
	cmd=$1; shift
	"$XENINFN" "$cmd" -s "tree.url=file://$FX/mirror" \
		-s "xen.rpms=$XENRPMS" \
		-s "xen.gpg_keys=$XENRPMS/RPM-GPG-KEY-xeninfn-fixture" \
		-s "pxe.http_url=$HTTP_URL" -s "tree.install_url=$HTTP_URL/" \
		-s boot.console=ttyS0 -s boot.timeout=1 "$@"
}

# pxe OUTDIR [ARGS...]: xeninfn pxe on the fixture mirror and RPMs.
pxe() {
	out=$1; shift
	site pxe --cache "$XENINFN_TMP/cache" -o "$out" "$@"
}

# snapshot DIR: every file of the tree under DIR with its mtime and
# sha256, sorted (the manifest, rewritten by every run, aside).
snapshot() {
	(cd "$1" && find . -type f ! -path ./.xeninfn-pxe-manifest -printf '%p %T@ ' -exec sha256sum {} \; |
		awk '{ print $1, $2, $3 }' | sort)
}

# cfg_of MAC: the pxelinux.cfg file name of a MAC.
cfg_of() {
	echo "01-$(echo "$1" | tr ':A-F' '-a-f')"
}
