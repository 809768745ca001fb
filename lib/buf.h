/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * buf.h: a growable byte buffer, always NUL-terminated once written to,
 * shared by the builder and the helpers.  On an allocation failure the
 * functions return lib_oom()'s result (oom.h): in the builder they never
 * fail, in the helpers they return -1 (errno ENOMEM) and leave the buffer
 * as it was.
 *
 * Built with LIB_BUF_MAX defined (the helpers: 1 MiB, their hard limit on
 * what they read), no buffer grows past that many bytes: the functions
 * return -1 with errno EFBIG instead.
 */
#ifndef XENINFN_LIB_BUF_H
#define XENINFN_LIB_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* NULL until something is added */
	size_t	 len;
	size_t	 cap;
};
#define BUF_INIT	{ NULL, 0, 0 }

/* Makes b empty (as BUF_INIT); nothing to free yet. */
void	 buf_init(struct buf *);
/* Append n bytes / a C string / one byte / printf output.  Each returns
 * 0, or -1 when out of memory (helpers only; see above). */
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_adds(struct buf *, const char *);
int	 buf_addc(struct buf *, char);
int	 buf_printf(struct buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	 buf_vprintf(struct buf *, const char *fmt, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Empties b and keeps its memory. */
void	 buf_reset(struct buf *);
/* Frees b's memory and leaves it empty. */
void	 buf_free(struct buf *);
/* Hands the data to the caller, who frees it; b is left empty.  Never
 * NULL in the builder; NULL when out of memory in the helpers. */
char	*buf_release(struct buf *);

#endif
