/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/fsio.c: whole reads with a limit, whole writes,
 * whether a path exists, fsync of a file's directory. */
#include <errno.h>
#include <fcntl.h>

#include "testutil.h"

static void
test_read_write_all(void **state)
{
	char *path = path_join(tu_dir, "data");
	struct buf b = BUF_INIT;
	char big[100000];
	int fd;

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fd_write_all(fd, big, sizeof(big)), 0);
	close(fd);
	/* All of it, appended to what b holds. */
	buf_adds(&b, ">");
	fd = open(path, O_RDONLY);
	assert_int_equal(fd_read_all(fd, sizeof(big), &b), 0);
	close(fd);
	assert_int_equal(b.len, sizeof(big) + 1);
	assert_memory_equal(b.data + 1, big, sizeof(big));
	/* One byte over the limit: EFBIG, never more than the limit kept. */
	buf_reset(&b);
	fd = open(path, O_RDONLY);
	errno = 0;
	assert_int_equal(fd_read_all(fd, sizeof(big) - 1, &b), -1);
	assert_int_equal(errno, EFBIG);
	assert_true(b.len <= sizeof(big) - 1);
	close(fd);
	/* A descriptor that cannot be read: read(2)'s errno. */
	fd = open(path, O_WRONLY);
	assert_int_equal(fd_read_all(fd, sizeof(big), &b), -1);
	assert_int_equal(errno, EBADF);
	close(fd);
	buf_free(&b);
	free(path);
}

static void
test_exists_and_sync(void **state)
{
	char *link = path_join(tu_dir, "dangling");
	char *file = tu_write(tu_dir, "f", "x");

	(void)state;
	assert_int_equal(symlink("nowhere", link), 0);
	assert_true(path_exists(link));		/* lstat: the link itself */
	assert_true(path_exists(file));
	assert_true(path_exists(tu_dir));
	assert_false(path_exists("/nonexistent/xeninfn"));
	assert_int_equal(sync_parent(file), 0);
	assert_int_equal(sync_parent("/etc"), 0);	/* the root */
	assert_int_equal(sync_parent("bare-name"), 0);	/* "." */
	assert_int_equal(sync_parent("/nonexistent/dir/file"), -1);
	assert_int_equal(sync_file(file), 0);
	errno = 0;
	assert_int_equal(sync_file("/nonexistent/xeninfn"), -1);
	assert_int_equal(errno, ENOENT);
	free(link);
	free(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_write_all),
		cmocka_unit_test(test_exists_and_sync),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
