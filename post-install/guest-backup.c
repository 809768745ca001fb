/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * backup and restore of xeninfn-guest.
 *
 * A backup snapshots the guest's volume (lvm lvcreate -s; with --pause,
 * or when the volume holds XFS, between xm pause and xm unpause), reads
 * the snapshot through "gzip -c", hashes what gzip writes with SHA-256
 * and writes it to DIR/.NAME-TIME.img.gz.tmp (or through ssh), checks
 * that the snapshot did not overflow, renames the file into place and
 * appends a MANIFEST line.  The snapshot and the temporary file go
 * whatever happens: errors, a full target, SIGINT, SIGTERM, SIGHUP.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "sha256.h"

#define MANIFEST	"MANIFEST"
#define STAMP_LEN	16	/* 20261201T173000Z */

/* One backup run. */
struct backup {
	struct guest_opts *o;
	struct lv_info	 origin;
	char		 snap[GUEST_MAX_NAME + 16];	/* snapshot volume */
	int		 snap_tried;	/* lvcreate -s was run */
	char		 stamp[STAMP_LEN + 1];
	char		 iso[24];	/* 2026-12-01T17:30:00Z */
	char		 file[GUEST_MAX_NAME + 32];	/* NAME-STAMP.img.gz */
	char		*target;	/* DIR or HOST:DIR, for messages */
	char		*tmp;		/* local: DIR/.FILE.tmp */
	char		*final;		/* local: DIR/FILE */
	int		 out;		/* the temporary file, or ssh's stdin */
	int		 opened;	/* target_open() ran */
	pid_t		 ssh;
	uint64_t	 bytes;		/* compressed bytes written */
	char		 sha[SHA256_HEX];
	const char	*bad;		/* why the backup is bad, for the log */
};

/* Write all of p to fd.  Returns 0, or -1 with errno set. */
static int
write_full(int fd, const void *p, size_t len)
{
	const char *c = p;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, c, len)) == -1) {
			if (errno == EINTR && !guest_stop)
				continue;
			return -1;
		}
		c += n;
		len -= n;
	}
	return 0;
}

/* fsync the directory dir.  Returns nothing. */
static void
sync_dir(const char *dir)
{
	int fd;

	if ((fd = open(dir, O_RDONLY)) != -1) {
		fsync(fd);
		close(fd);
	}
}

/*
 * Append line to path (made 0644 if missing) and fsync it.  Returns 0, or
 * -1 after a message.
 */
static int
append_line(const char *path, const char *line)
{
	int fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1 ||
	    write_full(fd, line, strlen(line)) == -1 || fsync(fd) == -1) {
		pi_err("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (fd != -1)
		close(fd);
	return rc;
}

/*
 * Record the run in var/lib/xeninfn/guest-backups.log under the root: a
 * good backup (list shows its time) or a bad one and why.  Returns
 * nothing; a failure is only a warning.
 */
static void
log_backup(const struct backup *b)
{
	char *dir, *path = NULL, *line = NULL;

	if ((dir = root_path(&b->o->ctx, "var/lib/xeninfn")) == NULL ||
	    ensure_dir(dir) == -1 ||
	    asprintf(&path, "%s/guest-backups.log", dir) == -1 ||
	    asprintf(&line, "time=%s guest=%s status=%s target=%s file=%s "
	    "sha256=%s%s%s\n", b->iso, b->o->name, b->bad ? "bad" : "ok",
	    b->target, b->file, b->bad ? "-" : b->sha, b->bad ? " reason=" : "",
	    b->bad ? b->bad : "") == -1 || append_line(path, line) == -1)
		pi_warn("the backup log under %s/var/lib/xeninfn was not "
		    "written", b->o->ctx.root);
	free(dir);
	free(path);
	free(line);
}

/*
 * The time of the last good backup of guest name from the log, into
 * out.  Returns 1 when there is one, 0 when not, -1 on a read error.
 */
int
last_backup(const struct guest_opts *o, const char *name, char *out,
    size_t n)
{
	struct buf b;
	char *path, *line, *save, key[GUEST_MAX_NAME + 8];
	int got, found = 0;

	if ((got = read_rel(&o->ctx, GUEST_LOG, &b, &path, NULL)) != 1) {
		free(path);
		buf_free(&b);
		return got == -1 ? -1 : 0;
	}
	snprintf(key, sizeof(key), " guest=%s ", name);
	for (line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "time=", 5) != 0 || strstr(line, key) == NULL ||
		    strstr(line, " status=ok ") == NULL)
			continue;
		snprintf(out, n, "%.*s", (int)strcspn(line + 5, " "), line + 5);
		found = 1;
	}
	free(path);
	buf_free(&b);
	return found;
}

/* Does the device at path start with the XFS superblock magic "XFSB"? */
static int
holds_xfs(const char *path)
{
	char magic[4];
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	rc = read(fd, magic, 4) == 4 && memcmp(magic, "XFSB", 4) == 0;
	close(fd);
	return rc;
}

/*
 * Run ssh HOST COMMAND (BatchMode: never a password prompt), stdin from
 * in_fd (-1: none) unless pid is set: then the child is started with a
 * new pipe as its stdin, *pid gets it and the pipe's write end is
 * returned.  COMMAND is built from validated names only.  Returns the
 * exit code (or the pipe), -1 after a message.
 */
static int
ssh_run(const struct guest_opts *o, const char *cmd, pid_t *pid)
{
	const char *argv[] = { "ssh", "-o", "BatchMode=yes", "--", o->ssh_host,
	    cmd, NULL };
	int p[2];

	if (pid == NULL)
		return run_tool(argv, -1, -1, NULL);
	if (pipe(p) == -1) {
		pi_err("pipe: %s", strerror(errno));
		return -1;
	}
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	*pid = spawn_tool(argv, p[0], -1);
	close(p[0]);
	if (*pid == -1) {
		close(p[1]);
		return -1;
	}
	return p[1];
}

/*
 * Open where the backup goes: a new temporary file in --to DIR (made if
 * missing), or ssh's stdin writing it on the remote host.  Returns 0, or
 * -1 after a message.
 */
static int
target_open(struct backup *b)
{
	struct guest_opts *o = b->o;
	char *cmd = NULL;

	b->opened = 1;
	if (o->ssh_host != NULL) {
		if (asprintf(&cmd, "mkdir -p %s && test ! -e %s/%s && "
		    "cat > %s/.%s.tmp", o->ssh_dir, o->ssh_dir, b->file,
		    o->ssh_dir, b->file) == -1)
			return -1;
		b->out = ssh_run(o, cmd, &b->ssh);
		free(cmd);
		return b->out == -1 ? -1 : 0;
	}
	if (ensure_dir(o->to_dir) == -1 ||
	    asprintf(&b->tmp, "%s/.%s.tmp", o->to_dir, b->file) == -1 ||
	    asprintf(&b->final, "%s/%s", o->to_dir, b->file) == -1)
		return -1;
	if (path_exists(b->final)) {
		pi_err("%s: exists already; wait a second and run again",
		    b->final);
		return -1;
	}
	if ((b->out = open(b->tmp, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		pi_err("%s: %s", b->tmp, strerror(errno));
		return -1;
	}
	fcntl(b->out, F_SETFD, FD_CLOEXEC);
	return 0;
}

/*
 * Take the snapshot, the guest paused around it when asked to (or when
 * its volume holds XFS) and it runs.  The guest is unpaused whatever
 * lvcreate did.  Returns 0, or -1 after a message.
 */
static int
snapshot(struct backup *b, uint64_t size)
{
	struct guest_opts *o = b->o;
	char sz[32], *origin = NULL, *dev;
	int paused = 0, rc = -1;

	if ((dev = lv_dev(o->vg, o->name)) == NULL ||
	    asprintf(&origin, "%s/%s", o->vg, o->name) == -1)
		goto out;
	if (!o->pause && holds_xfs(dev)) {
		printf("%s holds XFS: guest %s is paused while the snapshot is "
		    "taken\n", dev, o->name);
		o->pause = 1;
	}
	if (o->pause && xm_running(o->name)) {
		/* A ^C must not leave the guest paused: xm unpause runs. */
		guest_hold_children(1);
		if (xm("pause", o->name) == -1)
			goto out;
		paused = 1;
	}
	snprintf(sz, sizeof(sz), "%lluM",
	    (unsigned long long)((size + MIB - 1) / MIB));
	b->snap_tried = 1;
	{
		const char *args[] = { "lvcreate", "-s", "-L", sz, "-n",
		    b->snap, origin, NULL };

		if (!guest_stop && lvm(args, NULL) == 0)
			rc = 0;
		else if (!guest_stop)
			pi_err("%s: lvm lvcreate -s failed; no backup was made",
			    origin);
	}
	if (paused && xm("unpause", o->name) == -1) {
		pi_err("guest %s is still paused: run xm unpause %s", o->name,
		    o->name);
		rc = -1;
	}
out:
	guest_hold_children(0);
	free(dev);
	free(origin);
	return rc;
}

/*
 * Copy the snapshot through "gzip -c" to the target, hashing on the way.
 * When it stops early (an error, a signal) the pipe is closed before
 * gzip is stopped and waited for, so that gzip, blocked writing to a
 * full pipe, ends even if it missed the SIGTERM.  Returns 0, or -1 after
 * a message.
 */
static int
stream(struct backup *b)
{
	char chunk[65536], *dev;
	struct sha256 h;
	int in = -1, p[2] = { -1, -1 }, rc = -1, st;
	ssize_t n;
	pid_t gz = -1;

	sha256_init(&h);
	if ((dev = lv_dev(b->o->vg, b->snap)) == NULL)
		return -1;
	if (guest_stop)
		goto out;
	if ((in = open(dev, O_RDONLY)) == -1 || pipe(p) == -1) {
		pi_err("%s: %s", dev, strerror(errno));
		goto out;
	}
	fcntl(in, F_SETFD, FD_CLOEXEC);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	{
		const char *argv[] = { "gzip", "-c", NULL };

		gz = spawn_tool(argv, in, p[1]);
	}
	close(p[1]);
	p[1] = -1;
	if (gz == -1)
		goto out;
	while (!guest_stop && (n = read(p[0], chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			pi_err("reading from gzip: %s", strerror(errno));
			goto out;
		}
		sha256_update(&h, chunk, n);
		if (write_full(b->out, chunk, n) == -1) {
			if (!guest_stop)
				pi_err("%s: %s after %llu bytes%s", b->target,
				    strerror(errno), (unsigned long long)b->bytes,
				    errno == ENOSPC ? "; free space there or "
				    "choose another target" : "");
			goto out;
		}
		b->bytes += n;
	}
	if (guest_stop)
		goto out;
	close(p[0]);
	p[0] = -1;
	st = wait_tool(gz, "gzip");
	gz = -1;
	if (st != 0) {
		pi_err("gzip -c < %s failed (exit %d): the snapshot could not "
		    "be read", dev, st);
		goto out;
	}
	sha256_hex(&h, b->sha);
	rc = 0;
out:
	if (p[0] != -1)
		close(p[0]);
	if (gz != -1) {
		kill(gz, SIGTERM);
		wait_tool(gz, "gzip");
	}
	if (in != -1)
		close(in);
	free(dev);
	return rc;
}

/*
 * Did the snapshot overflow while it was read (lvs: state 'I', invalid,
 * or 100% full)?  Returns 1 (the backup is bad), 0, or -1 after a
 * message.
 */
static int
snapshot_overflowed(struct backup *b)
{
	struct lv_info lv;
	int rc;

	if ((rc = lv_query(b->o->vg, b->snap, &lv)) != 1) {
		if (rc == 0)
			pi_err("%s/%s: the snapshot vanished during the copy",
			    b->o->vg, b->snap);
		return -1;
	}
	return lv.attr[4] == 'I' || lv.snap_percent >= 100.0;
}

/*
 * Put the finished temporary file in place: fsync, close, rename, fsync
 * the directory; or, over ssh, end the stream and rename remotely.
 * Returns 0, or -1 after a message.
 */
static int
target_commit(struct backup *b)
{
	struct guest_opts *o = b->o;
	char *cmd = NULL;
	int rc, fd = b->out;

	b->out = -1;
	if (o->ssh_host == NULL) {
		if (fsync(fd) == -1 || close(fd) == -1) {
			pi_err("%s: %s", b->tmp, strerror(errno));
			return -1;
		}
		if (rename(b->tmp, b->final) == -1) {
			pi_err("rename %s to %s: %s", b->tmp, b->final,
			    strerror(errno));
			return -1;
		}
		free(b->tmp);
		b->tmp = NULL;
		sync_dir(o->to_dir);
		return 0;
	}
	close(fd);
	rc = wait_tool(b->ssh, "ssh");
	b->ssh = -1;
	if (rc != 0) {
		pi_err("%s: ssh failed (exit %d) while the backup was written",
		    b->target, rc);
		return -1;
	}
	if (asprintf(&cmd, "mv %s/.%s.tmp %s/%s", o->ssh_dir, b->file,
	    o->ssh_dir, b->file) == -1)
		return -1;
	rc = ssh_run(o, cmd, NULL);
	free(cmd);
	if (rc != 0) {
		pi_err("%s: renaming .%s.tmp failed (ssh exit %d)", b->target,
		    b->file, rc);
		return -1;
	}
	return 0;
}

/* Remove what a failed backup left: the temporary file, local or remote. */
static void
target_abort(struct backup *b)
{
	char *cmd;

	if (b->out != -1)
		close(b->out);
	b->out = -1;
	if (b->ssh > 0) {
		kill(b->ssh, SIGTERM);
		wait_tool(b->ssh, "ssh");
		b->ssh = -1;
	}
	if (b->tmp != NULL)
		unlink(b->tmp);
	if (b->o->ssh_host != NULL && b->opened &&
	    asprintf(&cmd, "rm -f %s/.%s.tmp",
	    b->o->ssh_dir, b->file) != -1) {
		ssh_run(b->o, cmd, NULL);
		free(cmd);
	}
}

/* Is name NAME-YYYYmmddTHHMMSSZ.img.gz, a backup of guest?  1 or 0. */
static int
is_backup_of(const char *name, const char *guest)
{
	size_t g = strlen(guest);
	const char *s = name + g + 1;
	int i;

	if (strncmp(name, guest, g) != 0 || name[g] != '-' ||
	    strlen(s) != STAMP_LEN + 7 || strcmp(s + STAMP_LEN, ".img.gz") != 0)
		return 0;
	for (i = 0; i < STAMP_LEN; i++)
		if (i == 8 ? s[i] != 'T' : i == 15 ? s[i] != 'Z' :
		    (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Keep the last --keep backups of the guest in --to DIR (the names sort
 * by time), or run the same over ssh.  Returns 0, or -1 after a message.
 */
static int
prune(struct backup *b)
{
	struct guest_opts *o = b->o;
	struct dirent *de;
	char **names = NULL, **nn, *path, *cmd;
	size_t n = 0, i;
	DIR *d;
	int rc = 0;

	if (o->keep == 0)
		return 0;
	if (o->ssh_host != NULL) {
		if (asprintf(&cmd, "cd %s && ls -1 | grep -E '^%s-[0-9]{8}T"
		    "[0-9]{6}Z\\.img\\.gz$' | sort | head -n -%u | "
		    "while read f; do rm -f \"$f\"; done", o->ssh_dir, o->name,
		    o->keep) == -1)
			return -1;
		rc = ssh_run(o, cmd, NULL) == 0 ? 0 : -1;
		free(cmd);
		return rc;
	}
	if ((d = opendir(o->to_dir)) == NULL) {
		pi_err("%s: %s", o->to_dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_backup_of(de->d_name, o->name))
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*names))) == NULL)
			break;
		names = nn;
		if ((names[n] = strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i + o->keep < n; i++) {
		if (asprintf(&path, "%s/%s", o->to_dir, names[i]) == -1)
			continue;
		if (unlink(path) == -1) {
			pi_err("%s: %s", path, strerror(errno));
			rc = -1;
		} else
			printf("removed the old backup %s\n", path);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == 0)
		sync_dir(o->to_dir);
	return rc;
}

/*
 * Append the backup's MANIFEST line in the target directory.  Returns 0,
 * or -1 after a message.
 */
static int
manifest(struct backup *b)
{
	char *line = NULL, *path = NULL, *cmd = NULL;
	int rc = -1;

	if (asprintf(&line, "guest=%s time=%s file=%s size=%llu sha256=%s "
	    "volume_size=%llu", b->o->name, b->iso, b->file,
	    (unsigned long long)b->bytes, b->sha,
	    (unsigned long long)b->origin.size) == -1) {
		line = NULL;
		goto out;
	}
	if (b->o->ssh_host != NULL) {
		if (asprintf(&cmd, "echo '%s' >> %s/" MANIFEST, line,
		    b->o->ssh_dir) == -1) {
			cmd = NULL;
			goto out;
		}
		if ((rc = ssh_run(b->o, cmd, NULL)) != 0) {
			pi_err("%s: appending to " MANIFEST " failed (ssh "
			    "exit %d)", b->target, rc);
			rc = -1;
		}
		goto out;
	}
	if (asprintf(&path, "%s/" MANIFEST, b->o->to_dir) == -1) {
		path = NULL;
		goto out;
	}
	if (asprintf(&cmd, "%s\n", line) == -1) {
		cmd = NULL;
		goto out;
	}
	rc = append_line(path, cmd);
out:
	free(line);
	free(path);
	free(cmd);
	return rc;
}

/*
 * The snapshot's size: --snapshot-size, or a fifth of the origin, in
 * whole extents; refuse when the volume group lacks the room.  Returns
 * 0, or -1 after a message.
 */
static int
snapshot_size(struct backup *b, uint64_t *size)
{
	uint64_t free_b, ext;
	char *need, *have;

	if (vg_free(b->o->vg, &free_b, &ext) == -1)
		return -1;
	*size = b->o->snap_size ? b->o->snap_size : b->origin.size / 5;
	*size = (*size + ext - 1) / ext * ext;
	if (*size == 0)
		*size = ext;
	if (free_b >= *size)
		return 0;
	need = format_size(*size);
	have = format_size(free_b);
	pi_err("volume group %s is full: %s free, the snapshot of %s needs %s "
	    "(%s); free space there (lvm vgextend, or a smaller guest) or "
	    "give a smaller --snapshot-size", b->o->vg, have ? have : "?",
	    b->o->name, need ? need : "?", b->o->snap_size ? "--snapshot-size"
	    : "a fifth of the volume");
	free(need);
	free(have);
	return -1;
}

/*
 * Everything of a backup between the lock and the cleanup.  Returns 0,
 * or -1 after a message (b->bad set when the copy itself is bad).
 */
static int
backup_run(struct backup *b)
{
	struct guest_opts *o = b->o;
	struct lv_info stale;
	uint64_t size;
	int rc, copied;

	if ((rc = lv_query(o->vg, o->name, &b->origin)) != 1) {
		if (rc == 0)
			pi_err("guest %s: no volume %s/%s (xeninfn-guest list "
			    "shows the guests)", o->name, o->vg, o->name);
		return -1;
	}
	if ((rc = lv_query(o->vg, b->snap, &stale)) == -1)
		return -1;
	if (rc == 1) {
		pi_warn("%s/%s: a snapshot left by an interrupted backup; "
		    "removing it", o->vg, b->snap);
		if (lv_remove(o->vg, b->snap) == -1)
			return -1;
	}
	if (snapshot_size(b, &size) == -1 || target_open(b) == -1 ||
	    snapshot(b, size) == -1)
		return -1;
	copied = stream(b);
	if (guest_stop)
		return -1;
	/* An overflowed snapshot is invalid: reading it fails with EIO. */
	if ((rc = snapshot_overflowed(b)) != 0 || copied == -1) {
		if (rc == 1) {
			b->bad = "snapshot-overflow";
			pi_err("%s/%s: the snapshot overflowed during the copy "
			    "(the guest wrote more than its size): the backup "
			    "is bad and was not kept; give a larger "
			    "--snapshot-size or back up when the guest is "
			    "quieter", o->vg, b->snap);
		}
		return -1;
	}
	return target_commit(b);
}

/*
 * backup: see the file's header.  Returns an exit code.
 */
int
cmd_backup(struct guest_opts *o)
{
	struct backup b;
	struct lv_info lv;
	time_t now = time(NULL);
	struct tm tm;
	int lock, ran, rc = PI_EXIT_FAIL;

	memset(&b, 0, sizeof(b));
	b.o = o;
	b.out = -1;
	b.ssh = -1;
	guest_signals();
	gmtime_r(&now, &tm);
	strftime(b.stamp, sizeof(b.stamp), "%Y%m%dT%H%M%SZ", &tm);
	strftime(b.iso, sizeof(b.iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(b.snap, sizeof(b.snap), "%s" GUEST_SNAP_SUFFIX, o->name);
	snprintf(b.file, sizeof(b.file), "%s-%s.img.gz", o->name, b.stamp);
	if ((o->ssh_host != NULL && asprintf(&b.target, "%s:%s", o->ssh_host,
	    o->ssh_dir) == -1) || (o->ssh_host == NULL &&
	    (b.target = strdup(o->to_dir)) == NULL))
		return PI_EXIT_FAIL;
	if ((lock = guest_lock(o, o->name)) == -1)
		goto out;
	if ((ran = backup_run(&b)) == 0) {
		if (manifest(&b) == 0 && prune(&b) == 0)
			rc = PI_EXIT_OK;
		printf("backup of %s: %s/%s, %llu bytes, sha256 %s\n", o->name,
		    b.target, b.file, (unsigned long long)b.bytes, b.sha);
	}
	/* From here on a ^C does not cut the cleanup short. */
	guest_hold_children(1);
	if (ran != 0)
		target_abort(&b);
	if (b.snap_tried && lv_query(o->vg, b.snap, &lv) == 1 &&
	    lv_remove(o->vg, b.snap) == -1)
		rc = PI_EXIT_FAIL;
	if (guest_stop && rc != PI_EXIT_OK) {
		pi_err("stopped by signal %d: the snapshot and the partial "
		    "backup were removed", (int)guest_stop);
		b.bad = "interrupted";
		rc = PI_EXIT_FAIL;
	}
	if (b.bad != NULL || rc == PI_EXIT_OK)
		log_backup(&b);
out:
	free(b.target);
	free(b.tmp);
	free(b.final);
	return rc;
}

/* What a MANIFEST line says about one backup file. */
struct entry {
	char		sha[SHA256_HEX];
	uint64_t	volume_size;
	char		guest[GUEST_MAX_NAME + 1];
};

/* Copy the value of " key=" in line into dst (size n).  Returns 1 or 0. */
static int
field(const char *line, const char *key, char *dst, size_t n)
{
	const char *p = line;
	size_t k = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[k] == '=') {
			p += k + 1;
			snprintf(dst, n, "%.*s", (int)strcspn(p, " \n"), p);
			return 1;
		}
		p += k;
	}
	return 0;
}

/*
 * Find the MANIFEST line of the backup file path (in its directory).
 * Returns 0, or -1 after a message.
 */
static int
manifest_entry(const char *path, struct entry *e)
{
	struct buf b;
	char *copy1, *copy2, *mpath = NULL, *line, *save, file[256], num[32];
	const char *base;
	int missing, found = 0;

	copy1 = strdup(path);
	copy2 = strdup(path);
	if (copy1 == NULL || copy2 == NULL ||
	    asprintf(&mpath, "%s/" MANIFEST, dirname(copy1)) == -1) {
		free(copy1);
		free(copy2);
		return -1;
	}
	base = basename(copy2);
	if (read_file(mpath, &b, &missing) == -1)
		goto out;
	if (missing) {
		pi_err("%s: missing; without it the backup %s cannot be "
		    "checked (copy MANIFEST beside it)", mpath, path);
		goto out;
	}
	for (line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!field(line, "file", file, sizeof(file)) ||
		    strcmp(file, base) != 0)
			continue;
		found = field(line, "sha256", e->sha, sizeof(e->sha)) &&
		    strlen(e->sha) == 64 &&
		    field(line, "volume_size", num, sizeof(num)) &&
		    (e->volume_size = strtoull(num, NULL, 10)) > 0 &&
		    field(line, "guest", e->guest, sizeof(e->guest));
	}
	buf_free(&b);
	if (!found)
		pi_err("%s: no well-formed line for %s; the backup cannot be "
		    "checked", mpath, base);
out:
	free(copy1);
	free(copy2);
	free(mpath);
	return found ? 0 : -1;
}

/*
 * SHA-256 of the file at path into hex.  Returns 0, or -1 after a
 * message.
 */
static int
file_sha256(const char *path, char hex[SHA256_HEX])
{
	char chunk[65536];
	struct sha256 h;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY)) == -1) {
		pi_err("%s: %s", path, strerror(errno));
		return -1;
	}
	sha256_init(&h);
	while (!guest_stop && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			pi_err("%s: %s", path, strerror(errno));
			goto out;
		}
		sha256_update(&h, chunk, n);
	}
	if (!guest_stop) {
		sha256_hex(&h, hex);
		rc = 0;
	}
out:
	close(fd);
	return rc;
}

/*
 * The volume to restore into: an existing one must be stopped (the guest
 * not running, the volume not open) and large enough; a missing one is
 * made (*made set).  Returns 0, or -1 after a message.
 */
static int
restore_volume(struct guest_opts *o, const char *vol, uint64_t size,
    int *made)
{
	struct lv_info lv;
	uint64_t free_b, ext;
	char sz[32];
	int rc;

	if ((rc = lv_query(o->vg, vol, &lv)) == -1)
		return -1;
	if (rc == 1) {
		if (xm_running(o->name) || lv.attr[5] == 'o') {
			pi_err("%s/%s is in use (guest %s running, or the "
			    "volume open): shut the guest down (xm shutdown "
			    "%s) or restore into a new --volume", o->vg, vol,
			    o->name, o->name);
			return -1;
		}
		if (lv.size < size) {
			pi_err("%s/%s: %llu bytes, the backup needs %llu; "
			    "lvm lvextend it or restore into a new --volume",
			    o->vg, vol, (unsigned long long)lv.size,
			    (unsigned long long)size);
			return -1;
		}
		return 0;
	}
	if (vg_free(o->vg, &free_b, &ext) == -1)
		return -1;
	if (free_b < size) {
		pi_err("volume group %s: %llu bytes free, the restored volume "
		    "needs %llu; free space there", o->vg,
		    (unsigned long long)free_b, (unsigned long long)size);
		return -1;
	}
	snprintf(sz, sizeof(sz), "%lluM",
	    (unsigned long long)((size + MIB - 1) / MIB));
	{
		const char *args[] = { "lvcreate", "-L", sz, "-n", vol, o->vg,
		    NULL };

		if (lvm(args, NULL) != 0) {
			pi_err("%s/%s: lvm lvcreate failed", o->vg, vol);
			return -1;
		}
	}
	*made = 1;
	return 0;
}

/*
 * Write the backup file through "gzip -dc" onto the volume's device and
 * fsync it.  Returns 0, or -1 after a message.
 */
static int
unpack(const char *from, const char *dev)
{
	const char *argv[] = { "gzip", "-dc", NULL };
	int in, out = -1, rc = -1, st;
	pid_t gz;

	if ((in = open(from, O_RDONLY)) == -1) {
		pi_err("%s: %s", from, strerror(errno));
		return -1;
	}
	if ((out = open(dev, O_WRONLY)) == -1) {
		pi_err("%s: %s", dev, strerror(errno));
		goto out;
	}
	fcntl(in, F_SETFD, FD_CLOEXEC);
	fcntl(out, F_SETFD, FD_CLOEXEC);
	if ((gz = spawn_tool(argv, in, out)) == -1)
		goto out;
	if (guest_stop)
		kill(gz, SIGTERM);
	while (waitpid(gz, &st, 0) == -1) {
		if (errno != EINTR) {
			pi_err("wait for gzip: %s", strerror(errno));
			goto out;
		}
		if (guest_stop)
			kill(gz, SIGTERM);
	}
	if (guest_stop)
		goto out;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		pi_err("gzip -dc < %s > %s failed (%s %d)", from, dev,
		    WIFEXITED(st) ? "exit" : "signal",
		    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		goto out;
	}
	if (fsync(out) == -1) {
		pi_err("%s: %s", dev, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(in);
	if (out != -1)
		close(out);
	return rc;
}

/*
 * restore: check the backup against its MANIFEST line, then write it to
 * the volume (a new one is removed again when the restore fails).
 * Returns an exit code.
 */
int
cmd_restore(struct guest_opts *o)
{
	const char *vol = o->volume != NULL ? o->volume : o->name;
	struct entry e;
	char sha[SHA256_HEX], *dev = NULL;
	int made = 0, rc = PI_EXIT_FAIL;

	guest_signals();
	if (guest_lock(o, vol) == -1 || manifest_entry(o->from, &e) == -1 ||
	    file_sha256(o->from, sha) == -1)
		goto out;
	if (strcmp(sha, e.sha) != 0) {
		pi_err("%s: sha256 %s, its MANIFEST says %s: the backup is "
		    "damaged; nothing was written", o->from, sha, e.sha);
		goto out;
	}
	if (restore_volume(o, vol, e.volume_size, &made) == -1 ||
	    (dev = lv_dev(o->vg, vol)) == NULL || unpack(o->from, dev) == -1)
		goto out;
	printf("restored %s (backup of %s) into %s\n", o->from, e.guest, dev);
	rc = PI_EXIT_OK;
out:
	if (guest_stop)
		pi_err("stopped by signal %d", (int)guest_stop);
	guest_hold_children(1);
	if (rc != PI_EXIT_OK && made)
		lv_remove(o->vg, vol);
	else if (rc != PI_EXIT_OK && dev != NULL)
		pi_err("%s may be partly overwritten: restore it again", dev);
	free(dev);
	return rc;
}
