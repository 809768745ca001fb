/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fileio.c: whole-file reads, atomic replacement and directory trees.
 * Every output of a build is written under a temporary name and renamed
 * into place, so an interrupted build never leaves half a file where the
 * last good one was. */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"

int
read_file(const char *path, size_t max, struct buf *out)
{
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		log_errno("%s: cannot open", path);
		return -1;
	}
	if (fd_read_all(fd, max, out) != 0) {
		if (errno == EFBIG)
			log_error("%s: larger than the %zu bytes allowed", path,
			    max);
		else
			log_errno("%s: cannot read", path);
		rc = -1;
	}
	close(fd);
	return rc;
}

char *
tmp_name_for(const char *path)
{
	static unsigned counter;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	int dirlen = slash ? (int)(slash - path + 1) : 0;

	return xasprintf("%.*s.%s.tmp-%ld-%u", dirlen, path, base,
	    (long)getpid(), counter++);
}

/* 0 while a temporary tree is being filled (fileio_set_durable). */
static int durable = 1;

int
fileio_set_durable(int on)
{
	int was = durable;

	durable = on;
	return was;
}

int
rename_durable(const char *from, const char *to)
{
	if (rename(from, to) != 0) {
		log_errno("%s: cannot rename into place", to);
		return -1;
	}
	if (durable)
		sync_parent(to);
	return 0;
}

/* An output file being written under a temporary name. */
struct out_file {
	int		 fd;
	int		 dirfd;		/* path is relative to it */
	char		*tmp;
	const char	*path;
	const char	*shown;		/* path as messages name it */
	mode_t		 mode;
	struct stat	*st;		/* filled at commit, or NULL */
};

/* Opens a new temporary file beside path (relative to dirfd, which may be
 * AT_FDCWD) for out_commit; fills o.  0, or -1 with a message naming
 * the file (shown). */
static int
out_open_at(struct out_file *o, int dirfd, const char *path,
    const char *shown, mode_t mode)
{
	o->dirfd = dirfd;
	o->path = path;
	o->shown = shown;
	o->mode = mode;
	o->st = NULL;
	o->tmp = tmp_name_for(path);
	o->fd = openat(dirfd, o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    mode);
	if (o->fd < 0) {
		log_errno("%s: cannot write", shown);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	return 0;
}

/* out_open_at for a path of the working directory. */
static int
out_open(struct out_file *o, const char *path, mode_t mode)
{
	return out_open_at(o, AT_FDCWD, path, path, mode);
}

/* The mode, set with fchmod only when the umask took something of it,
 * and *st (when wanted) of o's file.  0, or -1 with errno set. */
static int
out_mode(struct out_file *o)
{
	struct stat mine, *st = o->st ? o->st : &mine;

	if (fstat(o->fd, st) != 0)
		return -1;
	if ((st->st_mode & 07777) == o->mode)
		return 0;
	if (fchmod(o->fd, o->mode) != 0)
		return -1;
	st->st_mode = (st->st_mode & ~(mode_t)07777) | o->mode;
	return 0;
}

/* Finishes o: mode, fsync (unless fileio_set_durable(0)), close, rename
 * into place.  On failure (ok == 0 too) removes the temporary file.
 * Returns 0, or -1 with a message naming the file. */
static int
out_commit(struct out_file *o, int ok)
{
	int rc = -1;

	if (!ok || out_mode(o) != 0 || (durable && fsync(o->fd) != 0)) {
		if (ok)
			log_errno("%s: cannot write", o->shown);
		close(o->fd);
		goto out;
	}
	if (close(o->fd) != 0) {
		log_errno("%s: cannot write", o->shown);
		goto out;
	}
	if (o->dirfd == AT_FDCWD) {
		if (rename_durable(o->tmp, o->path) != 0)
			goto out;
	} else if (renameat(o->dirfd, o->tmp, o->dirfd, o->path) != 0) {
		log_errno("%s: cannot rename into place", o->shown);
		goto out;
	} else if (durable)
		fsync(o->dirfd);
	rc = 0;
out:
	if (rc != 0)
		unlinkat(o->dirfd, o->tmp, 0);
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

int
write_file_atomic(const char *path, const void *data, size_t len,
    mode_t mode)
{
	struct out_file o;
	int ok;

	if (out_open(&o, path, mode) != 0)
		return -1;
	if (!(ok = fd_write_all(o.fd, data, len) == 0))
		log_errno("%s: cannot write", path);
	return out_commit(&o, ok);
}

int
write_file_atomic_at(int dirfd, const char *name, const char *shown,
    const void *data, size_t len, mode_t mode, struct stat *st)
{
	struct out_file o;
	int ok;

	if (out_open_at(&o, dirfd, name, shown, mode) != 0)
		return -1;
	o.st = st;
	if (!(ok = fd_write_all(o.fd, data, len) == 0))
		log_errno("%s: cannot write", shown);
	return out_commit(&o, ok);
}

int
mkdirs(const char *path, mode_t mode)
{
	char *p = xstrdup(path), *s;
	int rc = -1;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			log_errno("%s: cannot create directory", p);
			goto out;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) != 0 &&
	    errno != ENOENT) {
		log_errno("%s: cannot remove", path);
		return -1;
	}
	return 0;
}

int
remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/* Copies the rest of in to out in fixed-size chunks: the kernel does it
 * (copy_file_range) where it can, else a 64 KiB buffer.  0, or -1 with
 * errno set. */
static int
copy_fd(int in, int out)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = copy_file_range(in, NULL, out, NULL, (size_t)1 << 30, 0);
		if (n == 0)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
	}
	if (errno != EXDEV && errno != EINVAL && errno != ENOSYS &&
	    errno != EOPNOTSUPP && errno != EBADF)
		return -1;
	for (;;) {
		n = read(in, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		if (fd_write_all(out, chunk, (size_t)n) != 0)
			return -1;
	}
}

int
copy_file(const char *src, const char *dst, mode_t mode)
{
	struct out_file o;
	int in, ok = 0;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		log_errno("%s: cannot open", src);
		return -1;
	}
	if (out_open(&o, dst, mode) != 0) {
		close(in);
		return -1;
	}
	if (copy_fd(in, o.fd) != 0)
		log_errno("%s: cannot copy to %s", src, dst);
	else
		ok = 1;
	close(in);
	return out_commit(&o, ok);
}

int
set_mtime(const char *path, time_t t)
{
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };

	if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) != 0) {
		log_errno("%s: cannot set the time", path);
		return -1;
	}
	return 0;
}

char *
make_temp_dir(const char *prefix)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/%s.XXXXXX", base && *base ? base : "/tmp",
	    prefix);

	if (mkdtemp(tmpl) == NULL) {
		log_errno("%s: cannot create a temporary directory", tmpl);
		free(tmpl);
		return NULL;
	}
	return tmpl;
}

int
lock_wait(const char *path, const char *busy)
{
	struct stat held, now;
	int fd, said = 0;

	for (;;) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		    0644);
		if (fd < 0) {
			log_errno("%s: cannot open the lock file", path);
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK)
				goto fail;
			if (!said++)
				log_info("%s", busy);
			while (flock(fd, LOCK_EX) != 0)
				if (errno != EINTR || signal_caught())
					goto fail;
		}
		/* The holder may have removed the file as it let go
		 * (lock_release): then lock the one that is there now. */
		if (fstat(fd, &held) == 0 && stat(path, &now) == 0 &&
		    held.st_dev == now.st_dev && held.st_ino == now.st_ino)
			return fd;
		close(fd);
	}
fail:
	log_errno("%s: cannot lock", path);
	close(fd);
	return -1;
}

void
lock_release(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}
