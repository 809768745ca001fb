/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fsio.h: the few file-system calls the builder's fileio.c and the
 * helpers' atomic edits share.  Nothing here uses a system call that
 * Linux 2.6.18 lacks. */
#ifndef XENINFN_LIB_FSIO_H
#define XENINFN_LIB_FSIO_H

#include <stddef.h>

struct buf;

/* Reads fd to its end, appending to out, again after EINTR.  Returns 0,
 * or -1 with errno set: read(2)'s, EFBIG after more than max bytes (out
 * holds at most max of them), ENOMEM (lib_oom). */
int	fd_read_all(int fd, size_t max, struct buf *out);
/* write(2) until all of data is written, again after EINTR.  Returns 0,
 * or -1 with errno set. */
int	fd_write_all(int fd, const void *data, size_t len);
/* 1 if path exists (lstat: a dangling link counts), else 0. */
int	path_exists(const char *path);
/* fsync of the directory that holds path ("." for a bare name), so that
 * a rename into it survives a crash.  Returns 0, or -1 when the
 * directory cannot be opened (nothing to say: the rename itself is done)
 * or memory runs out (lib_oom). */
int	sync_parent(const char *path);
/* fsync of the file at path, so that its bytes are on disk.  Returns 0,
 * or -1 with errno set. */
int	sync_file(const char *path);

#endif
