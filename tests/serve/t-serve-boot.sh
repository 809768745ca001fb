#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end under qemu: an inventory host PXE-boots through qemu's TFTP
# from a tree of `xeninfn pxe` with pxe.serve_url; the stand-in installer
# (tests/fixtures; it stands in for the SL 5.1 images, which cannot be
# had here) fetches the host's kickstart from `xeninfn serve`, runs its
# %pre and %post, and their reports reach serve (through busybox wget:
# the stand-in has no python).  Headless Chromium loads the status page
# while the host installs and after (a screenshot is kept in
# build/serve/); the page shows the host installed; a forged event for
# another host is refused; the same MAC booted again goes to its local
# disk (a boot sector that says so), never to the installer.
. "$XENINFN_SRC/tests/boot/lib.sh"
boot_require
. "$XENINFN_SRC/tests/serve/lib.sh"
serve_require
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
trap 'serve_stop KILL; [ -z "${QEMU_PID:-}" ] || kill "$QEMU_PID" 2>/dev/null' EXIT

T=$XENINFN_TMP
MAC=52:54:00:5f:00:01
cat >"$T/hosts.csv" <<EOF2
hostname,mac
node1,$MAC
node2,52:54:00:5f:00:02
EOF2
serve_tree "$T/tree" "$T/hosts.csv"
serve_start "$T/tree"

# The local disk: a boot sector that says it booted.
as --32 -o "$T/localdisk.o" "$XENINFN_SRC/tests/serve/localdisk.S" &&
	ld -m elf_i386 -Ttext=0x7c00 --oformat binary -o "$T/localdisk.bin" "$T/localdisk.o" ||
	fail "cannot assemble the boot sector"
dd if=/dev/zero of="$T/disk.img" bs=1M count=8 status=none
dd if="$T/localdisk.bin" of="$T/disk.img" conv=notrunc status=none

# boot LOG: PXE-boots the node1 MAC with the disk, HTTP to serve.
boot() {
	fwd="guestfwd=tcp:$BOOT_HTTP_ADDR:$BOOT_HTTP_PORT-cmd:socat - TCP:127.0.0.1:${BASE##*:}"
	boot_qemu "$1" -cpu qemu64,+svm \
		-netdev "user,id=n0,restrict=on,tftp=$T/tree/tftp,bootfile=pxelinux.0,$fwd" \
		-device "virtio-net-pci,netdev=n0,mac=$MAC,bootindex=0" \
		-drive "file=$T/disk.img,format=raw,if=ide"
}

# page NAME: the status page as Chromium renders it, read back by rows.py
# into $T/NAME.rows; with NAME "final" a screenshot too.
page() {
	[ -n "$CHROMIUM" ] || return 0
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T/chromium-$1" --virtual-time-budget=8000 \
		--dump-dom "$BASE/" >"$T/$1.html" 2>"$T/chromium-$1.err" ||
		{ cat "$T/chromium-$1.err"; fail "chromium --dump-dom"; }
	python3 "$XENINFN_SRC/tests/serve/rows.py" "$T/$1.html" >"$T/$1.rows"
	cat "$T/$1.rows"
}

log=$T/serial-install.log
boot "$log" &
QEMU_PID=$!
# During the install: once serve has seen the kickstart fetched, the page.
n=0
while [ "$(host_field node1 state)" = waiting ] && kill -0 "$QEMU_PID" 2>/dev/null &&
    [ "$n" -lt 3000 ]; do
	sleep 0.2
	n=$((n + 1))
done
page during
wait "$QEMU_PID" || fail "the install boot did not power off"
QEMU_PID=
if [ -n "$CHROMIUM" ]; then
	during=$(grep '^node1|' "$T/during.rows" | cut -d'|' -f2)
	case $during in
	installing|installed) echo "ok: the page during the install shows node1 $during" ;;
	*) fail "the page during the install: node1 is '$during'" ;;
	esac
fi

check "pre[0] exit" "$(standin_value "$log" "pre[0] exit")" 0
check "pre[1] exit" "$(standin_value "$log" "pre[1] exit")" 0
check "packages" "$(standin_value "$log" packages)" started
check "%pre's background report ended" "$(standin_value "$log" background)" 0
check "post[0] ran" "$(standin_value "$log" "post[0] exit" | grep -c .)" 1
check "events" "$(curl -s "$BASE/api/hosts/node1" | jq -r '[.events[].event] | join(" ")')" \
	"kickstart pre vtcheck packages post"
check "state" "$(host_field node1 state)" installed
check "vtcheck" "$(host_field node1 vtcheck | cut -c1-7)" capable
# The stand-in is no installed system: the helpers of %post are missing
# and %post says it failed, which serve shows.
check "post's verdict" "$(host_field node1 last_detail)" "failed: see /root/xeninfn-post.log"
cmp -s "$T/tree/tftp/pxelinux.cfg/$(cfg_of "$MAC")" "$T/tree/tftp/pxelinux.cfg/local" ||
	fail "node1's pxelinux config is not the local boot"

# A forged event for node2 with node1's token changes nothing.
check "forged event" "$(event node2 "$(token_of "$T/tree" node1)" post ok)" 403
check "node2" "$(host_field node2 state)" waiting

page final
if [ -n "$CHROMIUM" ]; then
	check "page: summary" "$(head -n 1 "$T/final.rows")" \
		"1 installed / 0 installing / 1 waiting / 0 failed (2 hosts)"
	check "page: node1" "$(grep '^node1|' "$T/final.rows")" \
		"node1|installed|$MAC|post: failed: see /root/xeninfn-post.log|$(host_field node1 vtcheck)|post-install failed: see /root/xeninfn-post.log"
	check "page: node2" "$(grep '^node2|' "$T/final.rows" | cut -d'|' -f1-3)" "node2|waiting|52:54:00:5f:00:02"
	mkdir -p "$XENINFN_B/serve"
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T/chromium-shot" --virtual-time-budget=8000 \
		--window-size=1280,400 --screenshot="$XENINFN_B/serve/status.png" "$BASE/" \
		>/dev/null 2>&1 || fail "chromium --screenshot"
	[ -s "$XENINFN_B/serve/status.png" ] || fail "no screenshot"
else
	echo "no chromium: the status page was not loaded in a browser (install Debian's chromium)"
fi

# Booted again, the same MAC goes to its local disk.
fetches=$(grep -c '"GET /ks/node1.ks"' "$T/serve.log")
log=$T/serial-again.log
boot "$log" || fail "the second boot did not stop"
grep -aq '^XENINFN-LOCAL-DISK: booted from the local disk' "$log" ||
	fail "the second boot did not reach the local disk: $(tr -d '\r' <"$log" | tail -n 5)"
check "no installer on the second boot" "$(grep -ac '^XENINFN-STANDIN' "$log")" 0
check "no kickstart fetched again" "$(grep -c '"GET /ks/node1.ks"' "$T/serve.log")" "$fetches"
serve_stop
[ "$FAILS" -eq 0 ]
