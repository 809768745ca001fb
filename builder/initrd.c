/* SPDX-License-Identifier: GPL-2.0-or-later */
/* initrd.c: the kickstart and the virtualization check reach the installer
 * inside its initrd, as a cpio member after the tree's own: a file of its
 * own (xeninfn.img) that the boot loader loads after the tree's initrd,
 * which stays byte for byte what its .buildstamp was made with. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "initrd.h"

/* Adds one entry (a directory when data is NULL). */
static int
add_entry(struct archive *a, const char *name, const void *data, size_t len,
    mode_t mode, time_t mtime, long ino)
{
	struct archive_entry *e = archive_entry_new();
	int rc = -1;

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, data ? AE_IFREG : AE_IFDIR);
	archive_entry_set_perm(e, mode);
	archive_entry_set_size(e, data ? (la_int64_t)len : 0);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_nlink(e, data ? 1 : 2);
	archive_entry_set_ino(e, ino);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		goto out;
	if (data != NULL && len > 0 &&
	    archive_write_data(a, data, len) != (la_ssize_t)len)
		goto out;
	rc = 0;
out:
	archive_entry_free(e);
	return rc;
}

/* 1 if name lies in a directory the RHEL 5 loader replaces by a link into
 * stage2 (loader2/loader.c, migrate_runtime_directory). */
static int
in_runtime_dir(const char *name)
{
	static const char *const dirs[] = { "usr", "lib", "lib64" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		size_t n = strlen(dirs[i]);
		if (strncmp(name, dirs[i], n) == 0 &&
		    (name[n] == '/' || name[n] == '\0'))
			return 1;
	}
	return 0;
}

/* 1 if name's directory prefix of length n was already added. */
static int
seen_dir(char **dirs, size_t ndirs, const char *name, size_t n)
{
	for (size_t i = 0; i < ndirs; i++)
		if (strlen(dirs[i]) == n && strncmp(dirs[i], name, n) == 0)
			return 1;
	return 0;
}

/* libarchive's write callback: appended to the struct buf *arg. */
static la_ssize_t
to_buf(struct archive *a, void *arg, const void *data, size_t len)
{
	(void)a;
	buf_add(arg, data, len);
	return (la_ssize_t)len;
}

/* The gzip'd cpio of files, handed to sink(arg) as it is written.  0 or
 * -1 (logged). */
static int
make_cpio(const struct initrd_file *files, size_t n, time_t mtime,
    archive_write_callback *sink, void *arg)
{
	struct archive *a = archive_write_new();
	char **dirs = xcalloc(n * 8 + 1, sizeof(*dirs));
	size_t ndirs = 0;
	long ino = 1;
	int rc = -1;

	if (archive_write_set_format_cpio_newc(a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) !=
	    ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open(a, arg, NULL, sink, NULL) != ARCHIVE_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *name = files[i].name;
		if (!path_is_safe(name)) {
			log_error("initrd: unsafe member name '%s'", name);
			goto out;
		}
		if (in_runtime_dir(name)) {
			log_error("initrd: '%s': the installer replaces /usr, "
			    "/lib and /lib64 by links into its stage2, so "
			    "nothing may be added there; use /sbin", name);
			goto out;
		}
		for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/'))
			if (!seen_dir(dirs, ndirs, name, (size_t)(s - name)) &&
			    ndirs < n * 8) {
				dirs[ndirs] = xstrndup(name, (size_t)(s - name));
				if (add_entry(a, dirs[ndirs++], NULL, 0, 0755,
				    mtime, ino++) != 0)
					goto out;
			}
		if (add_entry(a, name, files[i].data, files[i].len,
		    files[i].mode, mtime, ino++) != 0)
			goto out;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		log_error("initrd: cannot write the cpio member: %s",
		    archive_error_string(a) ? archive_error_string(a) : "?");
	archive_write_free(a);
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	return rc;
}

/* 1 if path starts with the gzip magic, else 0 after a message. */
static int
is_gzip(const char *path)
{
	unsigned char magic[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, magic, sizeof(magic));

	if (fd < 0)
		log_errno("%s: cannot open", path);
	else
		close(fd);
	if (fd >= 0 && (n != 2 || magic[0] != 0x1f || magic[1] != 0x8b))
		/* Not gzip: SL 5.1's initrd.img is; say what we got. */
		log_error("%s: not a gzip-compressed initrd", path);
	return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

int
initrd_member(const char *tree_initrd, const char *out,
    const struct initrd_file *files, size_t n, time_t mtime)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	if (!is_gzip(tree_initrd) ||
	    make_cpio(files, n, mtime, to_buf, &b) != 0)
		goto out;
	rc = write_file_atomic(out, b.data, b.len, 0644);
out:
	buf_free(&b);
	return rc;
}
