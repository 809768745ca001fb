/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xalloc.c: the builder's allocation, which cannot return NULL, and its
 * out-of-memory policy for lib/ (lib/oom.h).  Running out of memory in a
 * build tool is not recoverable: say so and exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom.h"
#include "xeninfn.h"

/* lib/oom.h: the builder's policy.  Does not return. */
int
lib_oom(void)
{
	fputs("xeninfn: error: out of memory\n", stderr);
	exit(EXIT_WORK);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		lib_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		lib_oom();
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		lib_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_release(&b);
}
