/* SPDX-License-Identifier: GPL-2.0-or-later */
/* validate.c: the shapes of values that reach kickstarts, boot options and
 * file names.  Anything that passes here is safe to write into those files
 * without quoting. */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "xeninfn.h"

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
	for (const char *p = s; *p != '\0'; p++)
		if (!isgraph((unsigned char)*p) || *p == '"' || *p == '\'' ||
		    *p == '\\' || *p == '`')
			return 0;
	return 1;
}

int
valid_ifname(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 15)
		return 0;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_.-") == n;
}

int
valid_ipv4(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1;
}

int
valid_hostname(const char *s)
{
	size_t n = strlen(s), label = 0;

	if (n == 0 || n > 253)
		return 0;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0 || p[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '-')
			return 0;
		if ((label == 0 && *p == '-') || ++label > 63)
			return 0;
	}
	return label > 0 && s[n - 1] != '-';
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
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

int
valid_version(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || !isdigit((unsigned char)s[0]))
		return 0;
	return strspn(s, "0123456789.abcdefghijklmnopqrstuvwxyz_~") == n &&
	    strstr(s, "..") == NULL && s[n - 1] != '.';
}
