/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared code of the post-install helpers: messages, validation, paths
 * under --root, whole-file reads and atomic edits.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "diff.h"
#include "oom.h"

const char *progname = "xeninfn";
int pi_quiet;

#define SELINUX_XATTR	"security.selinux"
#define MAX_WRITTEN	256

/* The paths written in this run (under the root "/" only), for
 * restorecon; owned here. */
static char *written[MAX_WRITTEN];
static int nwritten;

/*
 * Print "progname: warning: ..." on stderr, unless in the quiet checking
 * pass (the real pass repeats it).  Returns nothing.
 */
void
pi_warn(const char *fmt, ...)
{
	va_list ap;

	if (pi_quiet)
		return;
	fprintf(stderr, "%s: warning: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Print "progname: ..." on stderr.  Returns nothing. */
void
pi_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
pi_usage(int ch, void (*usage)(FILE *))
{
	usage(ch == 'h' ? stdout : stderr);
	return ch == 'h' ? PI_EXIT_OK : PI_EXIT_USAGE;
}

/* lib/oom.h: the helpers' policy.  Returns -1 with errno ENOMEM. */
int
lib_oom(void)
{
	errno = ENOMEM;
	return -1;
}

/*
 * Remember the target root: an existing directory, kept without trailing
 * slashes ("/" becomes "").  Returns 0, or -1 after a message.
 */
int
ctx_set_root(struct edit_ctx *ctx, const char *root)
{
	struct stat st;
	char *r;
	size_t n;

	if (stat(root, &st) == -1 || !S_ISDIR(st.st_mode)) {
		pi_err("--root %s: %s; give the target's root directory "
		    "(/mnt/sysimage in the installer)", root,
		    errno ? strerror(errno) : "not a directory");
		return -1;
	}
	if ((r = strdup(root)) == NULL)
		return -1;
	n = strlen(r);
	while (n > 0 && r[n - 1] == '/')
		r[--n] = '\0';
	ctx->root = r;
	return 0;
}

/*
 * Join the root and a path relative to it ("etc/sysconfig/kernel").
 * Returns a string the caller frees, or NULL when out of memory.
 */
char *
root_path(const struct edit_ctx *ctx, const char *rel)
{
	char *p;

	if (asprintf(&p, "%s/%s", ctx->root, rel) == -1)
		return NULL;
	return p;
}

/*
 * Read a whole regular file, at most PI_MAX_FILE bytes, into b (which the
 * caller frees).  *missing is set to 1 when the file does not exist (then 0
 * is returned with b empty).  Returns 0, or -1 after a message naming the
 * file.
 */
int
read_file(const char *path, struct buf *b, int *missing)
{
	struct stat st;
	int fd, rc = -1;

	*missing = 0;
	buf_init(b);
	if ((fd = open(path, O_RDONLY)) == -1) {
		if (errno == ENOENT) {
			*missing = 1;
			return 0;
		}
		pi_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		pi_err("%s: not a regular file", path);
		goto out;
	}
	if (fd_read_all(fd, PI_MAX_FILE, b) == -1) {
		if (errno == EFBIG)
			pi_err("%s: larger than %d bytes; is this the right "
			    "file?", path, PI_MAX_FILE);
		else
			pi_err("%s: %s", path, strerror(errno));
		goto out;
	}
	if (b->data == NULL && buf_add(b, "", 0) == -1)
		goto out;
	rc = 0;
out:
	close(fd);
	if (rc == -1)
		buf_free(b);
	return rc;
}

/*
 * Read the file rel (relative to the root) into b (the caller frees it).
 * *pathp gets the full path, for messages; the caller frees it, also on
 * failure.  With hint set a missing file is an error ("PATH: missing;
 * HINT").  Returns 1 when read, 0 when missing (b empty), -1 after a
 * message.
 */
int
read_rel(const struct edit_ctx *ctx, const char *rel, struct buf *b,
    char **pathp, const char *hint)
{
	int missing;

	buf_init(b);
	if ((*pathp = root_path(ctx, rel)) == NULL) {
		pi_err("%s: out of memory", rel);
		return -1;
	}
	if (read_file(*pathp, b, &missing) == -1)
		return -1;
	if (missing && hint != NULL) {
		pi_err("%s: missing; %s", *pathp, hint);
		return -1;
	}
	if (missing && buf_add(b, "", 0) == -1)
		return -1;
	return !missing;
}

/*
 * read_rel on the path that fmt makes (relative to the root): *relp gets
 * it, *pathp the full path; the caller frees both and b, also on
 * failure.  Returns as read_rel(), -1 also after "out of memory".
 */
int
read_relf(const struct edit_ctx *ctx, struct buf *b, char **relp,
    char **pathp, const char *hint, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_init(b);
	*pathp = NULL;
	va_start(ap, fmt);
	n = vasprintf(relp, fmt, ap);
	va_end(ap);
	if (n == -1) {
		*relp = NULL;
		pi_err("out of memory");
		return -1;
	}
	return read_rel(ctx, *relp, b, pathp, hint);
}

/*
 * Give the open file fd the SELinux context of the file from (the file it
 * replaces), so that it keeps it on an enforcing host even where
 * restorecon cannot run.  A file system or kernel without the attribute
 * is not an error; a context that cannot be set is warned about.
 * Returns nothing.
 */
static void
copy_context(const char *from, int fd, const char *path)
{
	char con[1024];
	ssize_t n;

	if (from == NULL ||
	    (n = lgetxattr(from, SELINUX_XATTR, con, sizeof(con))) <= 0)
		return;
	if (fsetxattr(fd, SELINUX_XATTR, con, (size_t)n, 0) == -1)
		pi_warn("%s: cannot keep the SELinux context %.*s of the file "
		    "it replaces (%s); run restorecon on it", path,
		    (int)strnlen(con, (size_t)n), con, strerror(errno));
}

/* Remember path for restorecon when the root is "/".  Returns nothing. */
static void
remember_written(const struct edit_ctx *ctx, const char *path)
{
	if (ctx->root[0] != '\0')
		return;
	if (nwritten >= MAX_WRITTEN || (written[nwritten] = strdup(path))
	    == NULL) {
		pi_warn("%s: not relabelled (too many files); run restorecon "
		    "on it", path);
		return;
	}
	nwritten++;
}

/* The restorecon to run: the first executable one on PATH, else in
 * /sbin or /usr/sbin (EL5 has /sbin/restorecon).  Returns a string the
 * caller frees, or NULL when there is none. */
static char *
find_restorecon(void)
{
	const char *path = getenv("PATH");
	char *dirs = NULL, *dir, *save = NULL, *cand = NULL;

	if (asprintf(&dirs, "%s:/sbin:/usr/sbin", path ? path : "") == -1)
		return NULL;
	for (dir = strtok_r(dirs, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		if (dir[0] != '/')
			continue;	/* never a relative PATH entry */
		if (asprintf(&cand, "%s/restorecon", dir) == -1) {
			cand = NULL;
			break;
		}
		if (access(cand, X_OK) == 0)
			break;
		free(cand);
		cand = NULL;
	}
	free(dirs);
	return cand;
}

/*
 * On a host where SELinux is on (/selinux/enforce on EL5, or
 * /sys/fs/selinux/enforce), run restorecon (fork and exec, no shell) on
 * every file written in this run, so each gets the context the policy
 * gives its path.  Only under the root "/": restorecon labels by path, and
 * a path under another root would be labelled as that path.  A failure is
 * a warning (the copied context stays).  Returns nothing; frees the list.
 */
static void
relabel_written(void)
{
	char *rc_path = NULL, **argv = NULL;
	int i, status;
	pid_t pid;

	if (nwritten == 0 || (access("/selinux/enforce", F_OK) == -1 &&
	    access("/sys/fs/selinux/enforce", F_OK) == -1))
		goto out;
	if ((rc_path = find_restorecon()) == NULL) {
		pi_warn("SELinux is on but restorecon was not found: the "
		    "files written keep the context of the files they "
		    "replaced");
		goto out;
	}
	if ((argv = calloc((size_t)nwritten + 2, sizeof(*argv))) == NULL)
		goto out;
	argv[0] = "restorecon";
	for (i = 0; i < nwritten; i++)
		argv[i + 1] = written[i];
	fflush(NULL);
	if ((pid = fork()) == 0) {
		execv(rc_path, argv);
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &status, 0) == -1 ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		pi_warn("%s failed on the %d files written: check their "
		    "SELinux contexts (ls -Z) and run restorecon on them",
		    rc_path, nwritten);
out:
	for (i = 0; i < nwritten; i++)
		free(written[i]);
	nwritten = 0;
	free(argv);
	free(rc_path);
}

/*
 * Replace path atomically with data: write "path.xeninfn-tmp", set mode
 * and owner, and the SELinux context of the file ctxfrom (NULL: none),
 * fsync, rename over path, fsync the directory.  Returns 0, or -1 after a
 * message naming the file (the temp file is removed).
 */
static int
write_atomic(const char *path, const char *data, size_t len, mode_t mode,
    uid_t uid, gid_t gid, const char *ctxfrom)
{
	char *tmp = NULL;
	int fd = -1, rc = -1;

	if (asprintf(&tmp, "%s.xeninfn-tmp", path) == -1) {
		tmp = NULL;
		goto out;
	}
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd != -1)
		copy_context(ctxfrom, fd, path);
	if (fd == -1 || fd_write_all(fd, data, len) == -1 ||
	    fchown(fd, uid, gid) == -1 || fchmod(fd, mode) == -1 ||
	    fsync(fd) == -1) {
		pi_err("%s: %s", fd == -1 ? tmp : path, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		pi_err("%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		pi_err("rename %s to %s: %s", tmp, path, strerror(errno));
		goto out;
	}
	sync_parent(path);
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	if (rc == -1 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	return rc;
}

/*
 * Make the file rel (relative to the root) hold exactly data.  Nothing is
 * done when it already does.  With --dry-run the change is printed as a
 * unified diff.  Otherwise the first change keeps the old content as
 * "FILE.xeninfn-orig", and the file is replaced atomically with its mode
 * and owner (a new file gets newmode).  Returns 0, or -1 after a message.
 */
int
edit_file(struct edit_ctx *ctx, const char *rel, const char *data,
    size_t len, int newmode)
{
	struct buf old;
	struct stat st;
	char *path = NULL, *orig = NULL;
	mode_t mode = newmode;
	uid_t uid = 0;
	gid_t gid = 0;
	int missing, rc = -1;

	buf_init(&old);
	if ((path = root_path(ctx, rel)) == NULL)
		goto out;
	if (read_file(path, &old, &missing) == -1)
		goto out;
	if (!missing && old.len == len && memcmp(old.data, data, len) == 0) {
		rc = 0;
		goto out;
	}
	ctx->changed = 1;
	if (ctx->dry_run) {
		rc = 0;
		if (!pi_quiet && diff_print(rel, missing ? NULL : old.data,
		    old.len, data, len) == -1) {
			pi_err("%s: too many lines to diff (limit %d) or out "
			    "of memory", rel, DIFF_MAX_LINES);
			rc = -1;
		}
		goto out;
	}
	if (!missing) {
		if (stat(path, &st) == -1) {
			pi_err("%s: %s", path, strerror(errno));
			goto out;
		}
		mode = st.st_mode & 07777;
		uid = st.st_uid;
		gid = st.st_gid;
		if (asprintf(&orig, "%s.xeninfn-orig", path) == -1) {
			orig = NULL;
			goto out;
		}
		if (!path_exists(orig) && write_atomic(orig, old.data,
		    old.len, mode, uid, gid, path) == -1)
			goto out;
	}
	rc = write_atomic(path, data, len, mode, uid, gid,
	    missing ? NULL : path);
	if (rc == 0)
		remember_written(ctx, path);
out:
	buf_free(&old);
	free(path);
	free(orig);
	return rc;
}

/*
 * Make rel (relative to the root) a symbolic link to target, replacing
 * another link atomically (symlink to a temp name, then rename).  Returns
 * 0, or -1 after a message.
 */
int
ensure_symlink(struct edit_ctx *ctx, const char *rel, const char *target)
{
	char cur[4096], *path = NULL, *tmp = NULL;
	ssize_t n;
	int rc = -1;

	if ((path = root_path(ctx, rel)) == NULL)
		goto out;
	n = readlink(path, cur, sizeof(cur) - 1);
	if (n >= 0) {
		cur[n] = '\0';
		if (strcmp(cur, target) == 0) {
			rc = 0;
			goto out;
		}
	}
	ctx->changed = 1;
	if (ctx->dry_run) {
		if (!pi_quiet)
			printf("# symlink %s -> %s\n", rel, target);
		rc = 0;
		goto out;
	}
	if (asprintf(&tmp, "%s.xeninfn-tmp", path) == -1) {
		tmp = NULL;
		goto out;
	}
	unlink(tmp);
	if (symlink(target, tmp) == -1 || rename(tmp, path) == -1) {
		pi_err("%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	sync_parent(path);
	remember_written(ctx, path);
	rc = 0;
out:
	free(path);
	free(tmp);
	return rc;
}

/*
 * Remove rel (relative to the root) if it exists and is not a directory.
 * Used for rc.d links and libvirt's autostart link.  Returns 0, or -1
 * after a message.
 */
int
ensure_absent(struct edit_ctx *ctx, const char *rel)
{
	struct stat st;
	char *path;
	int rc = -1;

	if ((path = root_path(ctx, rel)) == NULL)
		return -1;
	if (lstat(path, &st) == -1) {
		rc = 0;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		pi_err("%s: is a directory, expected a file or link; "
		    "remove it by hand", path);
		goto out;
	}
	ctx->changed = 1;
	if (ctx->dry_run) {
		if (!pi_quiet)
			printf("# remove %s\n", rel);
		rc = 0;
		goto out;
	}
	if (unlink(path) == -1) {
		pi_err("%s: %s", path, strerror(errno));
		goto out;
	}
	sync_parent(path);
	rc = 0;
out:
	free(path);
	return rc;
}

/*
 * Run apply(ctx, arg) twice: first as a quiet dry run, so that every
 * error the helper can find (bad files, missing packages) stops it before
 * it changes anything, then for real (or as the dry run asked for); then
 * restorecon on what was written (relabel_written).
 * Returns 0, or -1 after apply's message.
 */
int
edit_checked(struct edit_ctx *ctx, int (*apply)(struct edit_ctx *, void *),
    void *arg)
{
	int dry_run = ctx->dry_run, rc;

	ctx->dry_run = 1;
	pi_quiet = 1;
	if (apply(ctx, arg) == -1) {
		pi_quiet = 0;
		return -1;
	}
	pi_quiet = 0;
	ctx->dry_run = dry_run;
	ctx->changed = 0;
	rc = apply(ctx, arg);
	relabel_written();
	return rc;
}
