/* SPDX-License-Identifier: GPL-2.0-or-later */
/* testutil.h: what every cmocka unit test includes: cmocka itself (with the
 * headers it needs first) and helpers for temporary files. */
#ifndef XENINFN_TESTUTIL_H
#define XENINFN_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "xeninfn.h"

/* A fresh temporary directory for the tests of one program: the group
 * setup makes it, the group teardown removes it. */
static char *tu_dir;

static inline int
tu_setup_dir(void **state)
{
	(void)state;
	tu_dir = make_temp_dir("xeninfn-unit");
	return tu_dir == NULL;
}

static inline int
tu_teardown_dir(void **state)
{
	(void)state;
	remove_tree(tu_dir);
	free(tu_dir);
	tu_dir = NULL;
	return 0;
}

/* Writes text to a new file under dir; returns its path (caller frees). */
static inline char *
tu_write(const char *dir, const char *name, const char *text)
{
	char *path = path_join(dir, name);

	assert_int_equal(write_file_atomic(path, text, strlen(text), 0644), 0);
	return path;
}

/* Runs fn with stderr sent to a file and returns what it printed (caller
 * frees), so tests can check the messages a user would see. */
static inline char *
tu_capture_stderr(void (*fn)(void *), void *arg)
{
	char tmpl[] = "/tmp/xeninfn-stderr.XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2);
	struct buf b = BUF_INIT;

	assert_true(fd >= 0);
	fflush(stderr);
	dup2(fd, 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	assert_int_equal(read_file(tmpl, 1 << 20, &b), 0);
	unlink(tmpl);
	return buf_release(&b);
}
#endif
