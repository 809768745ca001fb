// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timeit.c: `timeit OUT CMD [ARG...]` runs CMD, waits for it and appends
 * "SECONDS MAXRSS_KB" to the file OUT: the time from just before CMD was
 * started to its exit (CLOCK_MONOTONIC, to the microsecond) and its peak
 * resident set (wait4's ru_maxrss).  The benchmarks' timer: GNU time's %e
 * counts in steps of 10 ms, too coarse for a run of 40 ms.  Exits with
 * CMD's status (128 + N when signal N ended it), 127 when CMD cannot be
 * started, 2 for usage.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

/* The seconds from a to b. */
static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	FILE *out;
	int status, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: timeit OUT CMD [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = posix_spawnp(&pid, argv[2], NULL, NULL, argv + 2, environ);
	if (rc != 0) {
		fprintf(stderr, "timeit: %s: %s\n", argv[2], strerror(rc));
		return 127;
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("timeit: wait4");
			return 127;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((out = fopen(argv[1], "a")) == NULL) {
		fprintf(stderr, "timeit: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	rc = fprintf(out, "%.6f %ld\n", elapsed(&t0, &t1), ru.ru_maxrss) < 0;
	if (fclose(out) != 0 || rc) {
		fprintf(stderr, "timeit: %s: cannot write\n", argv[1]);
		return 1;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
