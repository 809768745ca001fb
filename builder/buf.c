/* SPDX-License-Identifier: GPL-2.0-or-later */
/* buf.c: growable buffers and allocation that cannot return NULL.  Running
 * out of memory in a build tool is not recoverable: say so and exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"

static void
oom(void)
{
	fputs("xeninfn: error: out of memory\n", stderr);
	exit(EXIT_WORK);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		oom();
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

/* Makes room for n more bytes plus the terminating NUL. */
static void
buf_grow(struct buf *b, size_t n)
{
	size_t want = b->len + n + 1;

	if (want <= b->cap)
		return;
	if (want < b->len)
		oom();
	b->cap = b->cap ? b->cap : 64;
	while (b->cap < want)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	/* A NULL format is a programming error.  Saying so also keeps GCC
	 * (-O1 -fsanitize=undefined) from warning of a null format on the
	 * path its own checks add. */
	if (fmt == NULL)
		abort();
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		oom();
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
buf_release(struct buf *b)
{
	char *p;

	buf_grow(b, 0);
	b->data[b->len] = '\0';	/* an empty buffer was never terminated */
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
