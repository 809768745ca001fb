# SPDX-License-Identifier: GPL-2.0-or-later
# Turns the key table of docs/profile.md ("| key | default | meaning |")
# into man(7) .TP entries, put in place of the @KEYS@ line of
# man/xeninfn-profile.5.in:
#   awk -f tools/profile-man.awk docs/profile.md man/xeninfn-profile.5.in
# Markdown `code` becomes bold; backslashes, leading dots and quotes are
# escaped for troff.

# Escapes s for troff and turns `x` into \fBx\fR.
function troff(s,    out, n, i, parts) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	n = split(s, parts, "`")
	out = parts[1]
	for (i = 2; i <= n; i++)
		out = out (i % 2 == 0 ? "\\fB" : "\\fR") parts[i]
	if (n % 2 == 0)
		out = out "\\fR"
	sub(/^[.']/, "\\\\\\&&", out)
	return out
}

# Trims the blanks around s.
function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

FNR == NR {
	if ($0 ~ /^\| key \| default \| meaning \|/) { intable = 1; next }
	if (intable && $0 ~ /^\|---/) next
	if (intable && $0 !~ /^\|/) { intable = 0; next }
	if (!intable) next
	split($0, col, "|")
	keys[++nkeys] = ".TP\n.B " troff(trim(col[2])) "\n" \
	    troff(trim(col[4])) ".\nDefault: " troff(trim(col[3])) "."
	next
}

/^@KEYS@$/ {
	if (nkeys == 0) {
		print "profile-man.awk: no key table in docs/profile.md" > "/dev/stderr"
		exit 1
	}
	for (i = 1; i <= nkeys; i++)
		print keys[i]
	next
}
{ print }
