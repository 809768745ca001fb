/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tools xeninfn-guest drives, always by fork/exec with an argument
 * vector (never a shell): lvm (as "lvm SUBCOMMAND", the form EL5's lvm2
 * and later ones share; lvcreate and the others are links to it), xm,
 * gzip and ssh.  Each is looked up on PATH, then in /usr/sbin, /sbin,
 * /usr/bin and /bin (cron's PATH may lack the sbin directories).
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

volatile sig_atomic_t guest_stop;

/* Set by guest_hold_children(): children ignore SIGINT and SIGHUP. */
static int hold_children;

/* Record a signal; the work loops see it and clean up.  Returns nothing. */
static void
on_signal(int sig)
{
	guest_stop = sig;
}

/*
 * Catch SIGINT, SIGTERM and SIGHUP without SA_RESTART, so that a blocked
 * read or wait returns EINTR and the caller can remove its snapshot and
 * temporary file; ignore SIGPIPE (a write to a dead ssh or gzip fails with
 * EPIPE instead).  Returns nothing.
 */
void
guest_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/*
 * From now on (on != 0) or no longer, the tools started ignore SIGINT and
 * SIGHUP, which a terminal sends to the whole process group: an xm
 * unpause or the removal of the snapshot is then not cut short by a ^C,
 * which the helper itself still sees (guest_stop).  Returns nothing.
 */
void
guest_hold_children(int on)
{
	hold_children = on;
}

/*
 * In a new child, before exec: the signals the parent catches back to
 * their default action (to SIG_IGN for SIGINT and SIGHUP while children
 * are held), SIGPIPE to its default, then the mask the parent had before
 * the fork.  The parent blocks the caught signals across the fork, so
 * one sent to the child before this point (a kill(SIGTERM) right after
 * the fork) stays pending and now ends it instead of reaching the
 * parent's handler in the child and being lost.  Returns nothing.
 */
static void
child_signals(const sigset_t *mask)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &sa) == -1 ||
		    sa.sa_handler == SIG_IGN)
			continue;
		signal(sigs[i], hold_children && sigs[i] != SIGTERM ?
		    SIG_IGN : SIG_DFL);
	}
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
}

/*
 * The path of the program name: PATH first, then the system directories.
 * Returns a string the caller frees, or NULL when it is nowhere.
 */
static char *
find_tool(const char *name)
{
	const char *path = getenv("PATH");
	char *dirs = NULL, *d, *save, *p;

	if (strchr(name, '/') != NULL)
		return strdup(name);
	if (asprintf(&dirs, "%s:/usr/sbin:/sbin:/usr/bin:/bin",
	    path != NULL ? path : "") == -1)
		return NULL;
	for (d = strtok_r(dirs, ":", &save); d != NULL;
	    d = strtok_r(NULL, ":", &save)) {
		if (*d == '\0' || asprintf(&p, "%s/%s", d, name) == -1)
			continue;
		if (access(p, X_OK) == 0) {
			free(dirs);
			return p;
		}
		free(p);
	}
	free(dirs);
	return NULL;
}

/*
 * Start argv[0] (looked up as find_tool does) with stdin from in_fd and
 * stdout to out_fd (-1: /dev/null for stdin, ours for stdout); stderr is
 * ours.  The child gets the default signal actions (child_signals()).
 * Returns the child's pid, or -1 after a message.
 */
pid_t
spawn_tool(const char *const *argv, int in_fd, int out_fd)
{
	sigset_t block, old;
	char *path;
	pid_t pid;
	int null;

	if ((path = find_tool(argv[0])) == NULL) {
		pi_err("%s: not found on PATH, /usr/sbin, /sbin, /usr/bin or "
		    "/bin; install it", argv[0]);
		return -1;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	if ((pid = fork()) == -1) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		pi_err("fork for %s: %s", argv[0], strerror(errno));
		free(path);
		return -1;
	}
	if (pid == 0) {
		child_signals(&old);
		if (in_fd == -1 && (null = open("/dev/null", O_RDONLY)) != -1)
			in_fd = null;
		if (in_fd != -1 && in_fd != 0)
			dup2(in_fd, 0);
		if (out_fd != -1 && out_fd != 1)
			dup2(out_fd, 1);
		execv(path, (char *const *)argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", progname, path,
		    strerror(errno));
		_exit(127);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(path);
	return pid;
}

/*
 * Wait for the child pid (what names it in a message).  Returns its exit
 * code (0 success), or 128+N when signal N killed it.
 */
int
wait_tool(pid_t pid, const char *what)
{
	int status;

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			pi_err("wait for %s: %s", what, strerror(errno));
			return 127;
		}
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * Run argv to its end, stdin from in_fd and stdout to out_fd as
 * spawn_tool(); with capture set, stdout is read into it instead (the
 * caller frees it).  Returns the exit code (0 success), or -1 when it
 * could not be started (after a message).
 */
int
run_tool(const char *const *argv, int in_fd, int out_fd, struct buf *capture)
{
	char chunk[4096];
	int p[2] = { -1, -1 };
	ssize_t n;
	pid_t pid;

	if (capture != NULL) {
		buf_init(capture);
		if (pipe(p) == -1) {
			pi_err("pipe: %s", strerror(errno));
			return -1;
		}
		fcntl(p[0], F_SETFD, FD_CLOEXEC);
		out_fd = p[1];
	}
	pid = spawn_tool(argv, in_fd, out_fd);
	if (p[1] != -1)
		close(p[1]);
	if (pid == -1) {
		if (p[0] != -1)
			close(p[0]);
		return -1;
	}
	while (p[0] != -1 && (n = read(p[0], chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || buf_add(capture, chunk, n) == -1)
			break;
	}
	if (p[0] != -1)
		close(p[0]);
	if (capture != NULL && capture->data == NULL)
		buf_add(capture, "", 0);
	return wait_tool(pid, argv[0]);
}

/*
 * Run "lvm ARGS..." (args ends with NULL, at most 16), stdout into
 * capture when it is set.  Returns the exit code, or -1 as run_tool().
 */
int
lvm(const char *const *args, struct buf *capture)
{
	const char *argv[18];
	size_t i;

	argv[0] = getenv("XENINFN_LVM") != NULL ? getenv("XENINFN_LVM") :
	    "lvm";
	for (i = 0; args[i] != NULL && i < 16; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	return run_tool(argv, -1, -1, capture);
}

/* Copy the next ':'-separated field of *s into dst (size n), trimmed. */
static void
next_field(char **s, char *dst, size_t n)
{
	char *f = *s, *end;

	while (*f == ' ' || *f == '\t')
		f++;
	end = f + strcspn(f, ":\n");
	*s = *end == ':' ? end + 1 : end;
	while (end > f && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	snprintf(dst, n, "%.*s", (int)(end - f), f);
}

/*
 * Every logical volume of vg, as lvs reports it (sizes in bytes).  *lvs
 * is an array of *n the caller frees.  Returns 0, or -1 after a message
 * (the volume group does not exist, lvm failed).
 */
int
lv_list(const char *vg, struct lv_info **lvs, size_t *n)
{
	const char *args[] = { "lvs", "--noheadings", "--nosuffix", "--units",
	    "b", "--separator", ":", "-o",
	    "lv_name,lv_size,lv_attr,origin,snap_percent", vg, NULL };
	struct lv_info *v = NULL, *nv;
	struct buf out;
	char *line, *save, field[64];
	int rc;

	*lvs = NULL;
	*n = 0;
	if ((rc = lvm(args, &out)) != 0) {
		if (rc > 0)
			pi_err("volume group %s: lvm lvs failed (exit %d); does "
			    "it exist (lvm vgs)?  Set GUEST_VG in /%s or give "
			    "--vg", vg, rc, GUEST_CONFIG);
		buf_free(&out);
		return -1;
	}
	for (line = strtok_r(out.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strspn(line, " \t") == strlen(line))
			continue;
		if ((nv = realloc(v, (*n + 1) * sizeof(*v))) == NULL)
			break;
		v = nv;
		memset(&v[*n], 0, sizeof(v[*n]));
		next_field(&line, v[*n].name, sizeof(v[*n].name));
		next_field(&line, field, sizeof(field));
		v[*n].size = strtoull(field, NULL, 10);
		next_field(&line, v[*n].attr, sizeof(v[*n].attr));
		next_field(&line, v[*n].origin, sizeof(v[*n].origin));
		next_field(&line, field, sizeof(field));
		v[*n].snap_percent = field[0] ? strtod(field, NULL) : -1;
		(*n)++;
	}
	buf_free(&out);
	*lvs = v;
	return 0;
}

/*
 * Look up the logical volume vg/lv into *info.  Returns 1 when it exists,
 * 0 when it does not, -1 after a message (no such volume group...).
 */
int
lv_query(const char *vg, const char *lv, struct lv_info *info)
{
	struct lv_info *v;
	size_t n, i;
	int rc = 0;

	if (lv_list(vg, &v, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, lv) == 0) {
			*info = v[i];
			rc = 1;
			break;
		}
	free(v);
	return rc;
}

/*
 * The free bytes and the extent size of vg.  Returns 0, or -1 after a
 * message.
 */
int
vg_free(const char *vg, uint64_t *bytes, uint64_t *extent)
{
	const char *args[] = { "vgs", "--noheadings", "--nosuffix", "--units",
	    "b", "--separator", ":", "-o", "vg_free,vg_extent_size", vg,
	    NULL };
	struct buf out;
	char *p, field[64];
	int rc;

	if ((rc = lvm(args, &out)) != 0) {
		if (rc > 0)
			pi_err("volume group %s: lvm vgs failed (exit %d)", vg,
			    rc);
		buf_free(&out);
		return -1;
	}
	p = out.data;
	next_field(&p, field, sizeof(field));
	*bytes = strtoull(field, NULL, 10);
	next_field(&p, field, sizeof(field));
	*extent = strtoull(field, NULL, 10);
	buf_free(&out);
	if (*extent == 0) {
		pi_err("volume group %s: lvm vgs gave no extent size", vg);
		return -1;
	}
	return 0;
}

/* Remove vg/lv ("lvm lvremove -f").  Returns 0, or -1 after a message. */
int
lv_remove(const char *vg, const char *lv)
{
	char *full;
	int rc;

	if (asprintf(&full, "%s/%s", vg, lv) == -1)
		return -1;
	{
		const char *args[] = { "lvremove", "-f", full, NULL };

		rc = lvm(args, NULL);
	}
	if (rc != 0)
		pi_err("%s: lvm lvremove failed (exit %d); remove it by hand "
		    "with lvm lvremove %s", full, rc, full);
	free(full);
	return rc == 0 ? 0 : -1;
}

/*
 * Is the domain name running ("xm list NAME" succeeds)?  Returns 1 or 0;
 * 0 also when xm is missing (no Xen: nothing runs).
 */
int
xm_running(const char *name)
{
	const char *argv[] = { "xm", "list", name, NULL };
	struct buf out;
	char *path;
	int rc;

	if ((path = find_tool("xm")) == NULL)
		return 0;
	free(path);
	rc = run_tool(argv, -1, -1, &out);
	buf_free(&out);
	return rc == 0;
}

/*
 * Run "xm VERB NAME" (pause, unpause).  Returns 0, or -1 after a
 * message.
 */
int
xm(const char *verb, const char *name)
{
	const char *argv[] = { "xm", verb, name, NULL };
	int rc;

	if ((rc = run_tool(argv, -1, -1, NULL)) != 0) {
		pi_err("xm %s %s failed (exit %d)", verb, name, rc);
		return -1;
	}
	return 0;
}

/* "/dev/VG/LV".  Returns a string the caller frees, or NULL. */
char *
lv_dev(const char *vg, const char *lv)
{
	char *p;

	if (asprintf(&p, "/dev/%s/%s", vg, lv) == -1)
		return NULL;
	return p;
}
