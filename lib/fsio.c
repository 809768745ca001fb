/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fsio.c: see fsio.h.  Plain gnu99, for the builder and the helpers. */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsio.h"
#include "oom.h"

int
fd_read_all(int fd, size_t max, struct buf *out)
{
	char chunk[16384];
	size_t total = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		total += (size_t)n;
		if (total > max) {
			errno = EFBIG;
			return -1;
		}
		if (buf_add(out, chunk, (size_t)n) == -1)
			return -1;
	}
}

int
fd_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int
sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		return lib_oom();
	/* O_CLOEXEC: a 2.6.18 kernel ignores the flag it does not know. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	fsync(fd);
	close(fd);
	return 0;
}

int
sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, err;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}
