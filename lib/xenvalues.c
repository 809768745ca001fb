/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xenvalues.c: see xenvalues.h.  Plain C99 and nothing else: it is built
 * with musl into the static helpers and with the host's compiler into the
 * builder. */
#include <string.h>

#include "valid.h"
#include "xenvalues.h"

/* The MiB of one size "NUM[KMG]" (len bytes of s), or -1. */
static long
size_mib(const char *s, size_t len)
{
	long v = 0;
	size_t i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9' && v < 1L << 30;
	    i++)
		v = v * 10 + (s[i] - '0');
	if (i == 0 || i + 1 != len)
		return -1;
	switch (s[i]) {
	case 'k': case 'K': return v / 1024;
	case 'm': case 'M': return v;
	case 'g': case 'G': return v * 1024;
	default: return -1;
	}
}

long
xv_dom0_mem_mib(const char *s)
{
	const char *p = s, *comma;
	long plain = 0, v;
	size_t len;

	if (strlen(s) > 64)
		return -1;
	for (;;) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (strncmp(p, "min:", 4) == 0 || strncmp(p, "max:", 4) == 0) {
			if (len < 4 || size_mib(p + 4, len - 4) < 0)
				return -1;
		} else if ((v = size_mib(p, len)) < 0 || plain > 0)
			return -1;
		else
			plain = v;
		if (comma == NULL)
			return plain;
		p = comma + 1;
	}
}

int
xv_host_ok(const char *s)
{
	return valid_ipv4(s) || valid_hostname(s);
}

int
xv_hosts_ok(const char *s)
{
	char name[254];
	const char *comma;
	size_t len;
	int n = 0;

	for (;;) {
		comma = strchr(s, ',');
		len = comma ? (size_t)(comma - s) : strlen(s);
		if (len >= sizeof(name) || ++n > XV_MAX_HOSTS)
			return 0;
		memcpy(name, s, len);
		name[len] = '\0';
		if (!xv_host_ok(name))
			return 0;
		if (comma == NULL)
			return 1;
		s = comma + 1;
	}
}

/* The number at s, 1 to 65535 without a leading zero, that ends at a
 * byte of stop (not at the end); *end is where it ends.  Returns the
 * number, or 0 when there is none. */
static long
port_number(const char *s, const char *stop, const char **end)
{
	long v = 0;

	*end = s;
	while (**end >= '0' && **end <= '9' && v <= 65535)
		v = v * 10 + (*(*end)++ - '0');
	if (*end == s || s[0] == '0' || v > 65535 || **end == '\0' ||
	    strchr(stop, **end) == NULL)
		return 0;
	return v;
}

int
xv_port_ok(const char *s)
{
	const char *end;
	long lo, hi;

	if ((lo = port_number(s, ":-", &end)) == 0)
		return 0;
	if (*end == '-' &&
	    ((hi = port_number(end + 1, ":", &end)) == 0 || hi <= lo))
		return 0;
	return strcmp(end, ":tcp") == 0 || strcmp(end, ":udp") == 0;
}

int
xv_port_has(const char *s, long port, const char *proto)
{
	const char *end;
	long lo, hi;

	lo = hi = port_number(s, ":-", &end);
	if (*end == '-')
		hi = port_number(end + 1, ":", &end);
	return lo <= port && port <= hi && strcmp(end + 1, proto) == 0;
}
