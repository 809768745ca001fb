/* SPDX-License-Identifier: GPL-2.0-or-later */
/* buf.c: see buf.h.  Plain gnu99: built with musl into the static helpers
 * and with the host's compiler into the builder. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "oom.h"

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/* Makes room for n more bytes plus the terminating NUL, doubling the
 * capacity.  Returns 0, or -1 (b unchanged): lib_oom()'s when the size
 * would overflow or memory runs out, with errno EFBIG past LIB_BUF_MAX. */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t want, cap;
	char *p;

#ifdef LIB_BUF_MAX
	if (n > LIB_BUF_MAX || b->len + n > LIB_BUF_MAX) {
		errno = EFBIG;
		return -1;
	}
#endif
	if (n > SIZE_MAX - 1 - b->len)
		return lib_oom();
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want) {
		if (cap > SIZE_MAX / 2)
			return lib_oom();
		cap *= 2;
	}
	if ((p = realloc(b->data, cap)) == NULL)
		return lib_oom();
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int
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
	if (n < 0 || buf_grow(b, (size_t)n) == -1)
		return n < 0 ? lib_oom() : -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
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
	buf_init(b);
}

char *
buf_release(struct buf *b)
{
	char *p;

	/* An empty buffer has no memory yet. */
	if (buf_grow(b, 0) == -1)
		return NULL;
	b->data[b->len] = '\0';
	p = b->data;
	buf_init(b);
	return p;
}
