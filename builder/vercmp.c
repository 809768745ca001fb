/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vercmp.c: rpm's order of versions, without librpm: an unchanged run
 * compares the kernel-xen versions of the tree and its updates (updates.c)
 * from the package index in the cache, and loading librpm and its
 * libraries for that would cost more than the rest of a PXE re-run.
 * tests/unit/test_vercmp.c holds it to librpm's rpmvercmp.
 */
#include <stddef.h>
#include <string.h>

#include "vercmp.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of the run of digits (num) or letters at s. */
static size_t
segment(const char *s, int num)
{
	size_t n = 0;

	while (s[n] != '\0' && (num ? is_digit(s[n]) : is_alpha(s[n])))
		n++;
	return n;
}

/* Skips what separates segments: anything but a letter, a digit, '~' and
 * '^'. */
static const char *
skip_separators(const char *s)
{
	while (*s != '\0' && !is_digit(*s) && !is_alpha(*s) && *s != '~' &&
	    *s != '^')
		s++;
	return s;
}

int
rpm_vercmp(const char *a, const char *b)
{
	size_t la, lb;
	int num, c;

	while (*a != '\0' || *b != '\0') {
		a = skip_separators(a);
		b = skip_separators(b);
		if (*a == '~' || *b == '~') {	/* before anything, even the end */
			if (*a != '~' || *b != '~')
				return *a == '~' ? -1 : 1;
			a++, b++;
			continue;
		}
		if (*a == '^' || *b == '^') {	/* after the end, before the rest */
			if (*a == '\0' || *b == '\0')
				return *a == '\0' ? -1 : 1;
			if (*a != '^' || *b != '^')
				return *a == '^' ? -1 : 1;
			a++, b++;
			continue;
		}
		if (*a == '\0' || *b == '\0')
			break;
		num = is_digit(*a);
		la = segment(a, num);
		if ((lb = segment(b, num)) == 0)	/* digits beat letters */
			return num ? 1 : -1;
		for (; num && la > 1 && *a == '0'; la--)
			a++;
		for (; num && lb > 1 && *b == '0'; lb--)
			b++;
		if (num && la != lb)
			return la > lb ? 1 : -1;
		if ((c = memcmp(a, b, la < lb ? la : lb)) != 0)
			return c > 0 ? 1 : -1;
		if (la != lb)
			return la > lb ? 1 : -1;
		a += la, b += lb;
	}
	if (*a == '\0' && *b == '\0')
		return 0;
	return *a != '\0' ? 1 : -1;
}
