/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe-dir.c: the two directories of host files, http/ks and
 * tftp/pxelinux.cfg (pxe-int.h), and how a file gets into them.
 *
 * A directory that is not there yet (a fresh tree) is *staged*: made
 * under a hidden name beside where it goes (tftp/.pxelinux.cfg.xeninfn-new),
 * filled with files created directly under their own names (openat
 * O_CREAT|O_EXCL, one write, fstat for the record, close: no temporary
 * name and no rename per file), and renamed into place once, when it is
 * complete.  Until then no client sees any of it, and a killed run leaves
 * only the hidden directory, which the next run removes before it stages
 * again.  A directory that is there is written file by file through a
 * temporary name and rename (fileio's write_file_atomic_at), so a client
 * sees the old file or the new one.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "pxe-int.h"

/* OUTDIR/<parent>/.<name>.xeninfn-new for OUTDIR/rel (caller frees). */
static char *
stage_path(const char *outdir, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *base = slash ? slash + 1 : rel;
	int plen = slash ? (int)(slash - rel) : 0;

	return xasprintf("%s/%.*s%s.%s.xeninfn-new", outdir, plen, rel,
	    slash ? "/" : "", base);
}

/* Opens OUTDIR/rel into d (pxe-int.h). */
int
pxe_dir_open(const char *outdir, const char *rel, struct pxe_dir *d)
{
	char *stage = stage_path(outdir, rel), *open_path;
	struct stat st;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->rel = rel;
	d->path = path_join(outdir, rel);
	/* what a killed run staged is never complete */
	if (remove_tree(stage) != 0) {
		log_error("%s: cannot remove what an interrupted run left",
		    stage);
		goto out;
	}
	/* stat: a link to a directory (the operator's) is written into */
	if (stat(d->path, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			log_error("%s: not a directory (move it away: xeninfn "
			    "pxe writes its files there)", d->path);
			goto out;
		}
	} else if (errno != ENOENT) {
		log_errno("%s: cannot stat", d->path);
		goto out;
	} else if (mkdir(stage, 0755) != 0) {
		log_errno("%s: cannot create directory", stage);
		goto out;
	} else {
		d->stage = stage;
		stage = NULL;
	}
	open_path = d->stage ? d->stage : d->path;
	if ((d->fd = open(open_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		log_errno("%s: cannot open", open_path);
		goto out;
	}
	rc = 0;
out:
	free(stage);
	return rc;
}

/* Creates name in the staged directory d with data, into *st: openat,
 * one write, fstat, close (an fchmod only when the umask took bits of
 * 0644).  Returns 0, or -1 with errno set (the file may be left: the
 * stage is removed whole). */
static int
put_new(struct pxe_dir *d, const char *name, const char *data, size_t len,
    struct stat *st)
{
	int fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0644);
	int ok, err;

	if (fd < 0)
		return -1;
	ok = fd_write_all(fd, data, len) == 0 && fstat(fd, st) == 0 &&
	    ((st->st_mode & 07777) == 0644 || fchmod(fd, 0644) == 0);
	err = errno;
	if (close(fd) != 0 && ok) {
		ok = 0;
		err = errno;
	}
	errno = err;
	if (!ok)
		return -1;
	st->st_mode = (st->st_mode & ~(mode_t)07777) | 0644;
	return 0;
}

/* Puts a file into d (pxe-int.h). */
int
pxe_dir_put(struct pxe_dir *d, const char *name, const char *data,
    size_t len, struct stat *st)
{
	char shown[PATH_MAX];
	struct stat mine;
	int rc, was;

	if (st == NULL)
		st = &mine;
	if (d->stage != NULL && put_new(d, name, data, len, st) == 0)
		return 0;
	snprintf(shown, sizeof(shown), "%s/%s", d->path, name);
	if (d->stage != NULL) {
		log_errno("%s: cannot write", shown);
		return -1;
	}
	was = fileio_set_durable(0);
	rc = write_file_atomic_at(d->fd, name, shown, data, len, 0644, st);
	fileio_set_durable(was);
	return rc;
}

/* Renames a staged d into place (pxe-int.h). */
int
pxe_dir_commit(struct pxe_dir *d)
{
	if (d->stage == NULL)
		return 0;
	/* private until the rename: once the tick is past its last
	 * change, what it records tells any later change apart */
	pxe_ident_settle(d->fd);
	if (rename(d->stage, d->path) != 0) {
		log_errno("%s: cannot rename %s into place", d->path,
		    d->stage);
		return -1;
	}
	free(d->stage);
	d->stage = NULL;
	return 0;
}

/* Closes d; a staged d that was not committed is removed (pxe-int.h). */
void
pxe_dir_close(struct pxe_dir *d)
{
	if (d->path == NULL)
		return;
	if (d->fd >= 0)
		close(d->fd);
	if (d->stage != NULL)
		remove_tree(d->stage);
	free(d->stage);
	free(d->path);
	memset(d, 0, sizeof(*d));
	d->fd = -1;
}
