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

/* In the child: the fds, directory and environment the options ask for,
 * then exec.  Never returns. */
static void
child(const char *const argv[], const struct run_opts *o, int outfd)
{
	int devnull = o->quiet ? open("/dev/null", O_WRONLY) : -1;

	if (outfd >= 0)
		dup2(outfd, STDOUT_FILENO);
	else if (devnull >= 0)
		dup2(devnull, STDOUT_FILENO);
	if (outfd >= 0 && o->merge_stderr)
		dup2(outfd, STDERR_FILENO);
	else if (devnull >= 0)
		dup2(devnull, STDERR_FILENO);
	if (o->cwd != NULL && chdir(o->cwd) != 0) {
		log_errno("%s: cannot enter %s", argv[0], o->cwd);
		_exit(127);
	}
	for (size_t i = 0; o->env != NULL && o->env[i] != NULL; i++)
		putenv((char *)o->env[i]);
	execvp(argv[0], (char *const *)argv);
	log_errno("cannot run %s (is it installed?)", argv[0]);
	_exit(127);
}

/* Reads fd to EOF into out. */
static void
drain(int fd, struct buf *out)
{
	char chunk[8192];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(out, chunk, (size_t)n);
	}
}

int
run_cmd(const char *const argv[], const struct run_opts *opts)
{
	static const struct run_opts none;
	const struct run_opts *o = opts ? opts : &none;
	int pipefd[2] = { -1, -1 };
	int status;
	pid_t pid;

	if (o->out != NULL && pipe(pipefd) != 0) {
		log_errno("pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_errno("cannot start %s", argv[0]);
		return -1;
	}
	if (pid == 0) {
		if (pipefd[0] >= 0)
			close(pipefd[0]);
		child(argv, o, pipefd[1]);
	}
	if (pipefd[0] >= 0) {
		close(pipefd[1]);
		drain(pipefd[0], o->out);
		close(pipefd[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			log_errno("waiting for %s", argv[0]);
			return -1;
		}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	if (WEXITSTATUS(status) == 127)
		return -1;
	return WEXITSTATUS(status);
}
