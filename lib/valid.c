/* SPDX-License-Identifier: GPL-2.0-or-later */
/* valid.c: see valid.h.  Plain gnu99 without locale: built with musl
 * into the static helpers and with the host's compiler into the builder. */
#include <stdint.h>
#include <string.h>

#include "valid.h"

#define DIGITS	"0123456789"
#define ALNUM	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" DIGITS
#define HEX	DIGITS "abcdefABCDEF"

int
valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	return strspn(s, ALNUM "_.-") == n;
}

int
valid_ifname(const char *s)
{
	return valid_name(s, 15);
}

int
valid_ipv4(const char *s)
{
	int parts = 1, digits = 0, v = 0;

	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (digits == 0)
				return 0;
			parts++;
			digits = 0;
			v = 0;
		} else if (*s >= '0' && *s <= '9') {
			if (digits > 0 && v == 0)
				return 0;	/* a leading zero */
			v = v * 10 + (*s - '0');
			if (++digits > 3 || v > 255)
				return 0;
		} else
			return 0;
	}
	return parts == 4 && digits > 0;
}

int
valid_netmask(const char *s)
{
	uint32_t m = 0, part;
	const char *p = s;

	if (!valid_ipv4(s))
		return 0;
	for (int i = 0; i < 4; i++) {
		for (part = 0; *p >= '0' && *p <= '9'; p++)
			part = part * 10 + (uint32_t)(*p - '0');
		m = m << 8 | part;
		p++;	/* the dot */
	}
	return m != 0 && (~m & (~m + 1)) == 0;
}

int
valid_hostname(const char *s)
{
	size_t n = strlen(s), len;
	const char *label = s;

	if (n == 0 || n > 253)
		return 0;
	for (;;) {
		len = strcspn(label, ".");
		if (len == 0 || len > 63 || strspn(label, ALNUM "-") != len ||
		    label[0] == '-' || label[len - 1] == '-')
			return 0;
		if (label[len] == '\0')
			return strspn(label, DIGITS) != len;
		label += len + 1;
	}
}

int
valid_url(const char *s, int allow_file)
{
	static const char *const schemes[] = { "http://", "https://",
	    "ftp://", "file://" };
	size_t n = sizeof(schemes) / sizeof(schemes[0]);
	const char *rest = NULL;

	if (!allow_file)
		n--;
	for (size_t i = 0; i < n; i++)
		if (strncmp(s, schemes[i], strlen(schemes[i])) == 0)
			rest = s + strlen(schemes[i]);
	if (rest == NULL || strlen(s) > 2048)
		return 0;
	/* file:// needs an absolute path; the others need a host. */
	if (strncmp(s, "file://", 7) == 0 ? *rest != '/' :
	    (*rest == '\0' || *rest == '/'))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
	    p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '"' || *p == '\'' ||
		    *p == '\\' || *p == '`')
			return 0;
	return 1;
}

int
valid_mac(const char *s)
{
	if (strlen(s) != 17)
		return 0;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (s[i] != ':')
				return 0;
		} else if (strchr(HEX, s[i]) == NULL)
			return 0;
	}
	return 1;
}

int
valid_version(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || !(s[0] >= '0' && s[0] <= '9'))
		return 0;
	return strspn(s, DIGITS ".abcdefghijklmnopqrstuvwxyz_~") == n &&
	    strstr(s, "..") == NULL && s[n - 1] != '.';
}
