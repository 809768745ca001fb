/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.c: runs the external tools (xorriso, implantisomd5, rpmbuild, ...)
 * with fork and execvp.  Arguments go to the program as they are: no shell
 * ever sees them, so nothing in a profile can be taken for a command. */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"

const char *
tool_path(const char *envname, const char *configured)
{
	const char *v = getenv(envname);

	return (v != NULL && *v != '\0') ? v : configured;
}

/* Why a child could not start, sent to the parent over a close-on-exec
 * pipe (which exec closes, so that EOF there means it started). */
struct start_error {
	int	what;		/* 0: exec, 1: chdir */
	int	err;		/* errno */
};

/* In the child: tells the parent why it could not start, then ends. */
static void
start_failed(int errfd, int what)
{
	struct start_error e = { .what = what, .err = errno };

	if (write(errfd, &e, sizeof(e)) < 0) {
		/* the parent then sees exit 127 without a reason */
	}
	_exit(127);
}

/* In the child: the fds, directory and environment the options ask for,
 * then exec.  Never returns. */
static void
child(const char *const argv[], const struct run_opts *o, int outfd,
    int errfd)
{
	int devnull = o->quiet ? open("/dev/null", O_WRONLY | O_CLOEXEC) : -1;

	if (outfd >= 0)
		dup2(outfd, STDOUT_FILENO);
	else if (devnull >= 0)
		dup2(devnull, STDOUT_FILENO);
	if (outfd >= 0 && o->merge_stderr)
		dup2(outfd, STDERR_FILENO);
	else if (devnull >= 0)
		dup2(devnull, STDERR_FILENO);
	if (o->cwd != NULL && chdir(o->cwd) != 0)
		start_failed(errfd, 1);
	for (size_t i = 0; o->env != NULL && o->env[i] != NULL; i++)
		putenv((char *)o->env[i]);
	execvp(argv[0], (char *const *)argv);
	start_failed(errfd, 0);
}

/* In the parent: reads the child's start error, if any, and says it.
 * Returns 1 when the child could not start, 0 when it did. */
static int
start_error(int errfd, const char *const argv[], const struct run_opts *o)
{
	struct start_error e;
	ssize_t n;

	while ((n = read(errfd, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(e))
		return 0;
	errno = e.err;
	if (e.what == 1)
		log_errno("%s: cannot enter %s", argv[0], o->cwd);
	else
		log_errno("cannot run %s (is it installed?)", argv[0]);
	return 1;
}

/* Hands o->on_line every line of out from *from on that is ended by
 * '\n' or '\r' (all of what is left, ended or not, when last), and moves
 * *from past them. */
static void
pass_lines(const struct run_opts *o, size_t *from, int last)
{
	struct buf *out = o->out;
	size_t i, start = *from;
	char *line;

	for (i = start; i < out->len; i++) {
		if (out->data[i] != '\n' && out->data[i] != '\r')
			continue;
		if (i > start) {
			line = xstrndup(out->data + start, i - start);
			o->on_line(line, o->line_arg);
			free(line);
		}
		start = i + 1;
	}
	if (last && start < out->len) {
		line = xstrndup(out->data + start, out->len - start);
		o->on_line(line, o->line_arg);
		free(line);
		start = out->len;
	}
	*from = start;
}

/* Reads fd to EOF into o->out, handing each line to o->on_line as it
 * comes when there is one. */
static void
drain(int fd, const struct run_opts *o)
{
	char chunk[8192];
	size_t from = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(o->out, chunk, (size_t)n);
		if (o->on_line != NULL)
			pass_lines(o, &from, 0);
	}
	if (o->on_line != NULL)
		pass_lines(o, &from, 1);
}

/* Closes the fds of fds[0..n) that are open. */
static void
close_fds(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int
run_cmd(const char *const argv[], const struct run_opts *opts)
{
	static const struct run_opts none;
	const struct run_opts *o = opts ? opts : &none;
	/* the output pipe's read and write ends, the start-error pipe's */
	int fds[4] = { -1, -1, -1, -1 };
	int status, failed, rc = -1;
	pid_t pid;

	if ((o->out != NULL && pipe2(fds, O_CLOEXEC) != 0) ||
	    pipe2(fds + 2, O_CLOEXEC) != 0) {
		log_errno("pipe");
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		log_errno("cannot start %s", argv[0]);
		goto out;
	}
	if (pid == 0)
		child(argv, o, fds[1], fds[3]);
	close_fds(fds + 1, 1);
	close_fds(fds + 3, 1);
	fds[1] = fds[3] = -1;
	failed = start_error(fds[2], argv, o);
	if (fds[0] >= 0)
		drain(fds[0], o);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			log_errno("waiting for %s", argv[0]);
			goto out;
		}
	if (failed)
		goto out;
	rc = WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
	    WEXITSTATUS(status);
out:
	close_fds(fds, 4);
	return rc;
}
