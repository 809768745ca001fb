/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of progress.c: the terminal meter shows the rate and the time
 * left once a second has passed, and never before (a rate of the first
 * moments means nothing). */
#include <unistd.h>

#include "testutil.h"
#include "progress.h"

static void
draw_twice(void *arg)
{
	struct progress *p = progress_new(2, 1);

	(void)arg;
	progress_update(p, 0, 1048576, 4 * 1048576);
	progress_update(p, 1, 0, 4 * 1048576);
	fputs("|", stderr);
	usleep(1100 * 1000);	/* past the first second */
	progress_update(p, 0, 2 * 1048576, 4 * 1048576);
	progress_clear(p);
	progress_free(p);
}

static void
test_rate_and_time_left(void **state)
{
	char *err = tu_capture_stderr(draw_twice, NULL);
	char *bar = strchr(err, '|');

	(void)state;
	assert_non_null(bar);
	/* before: files and MiB (the second size came too soon to be drawn),
	 * no rate */
	assert_non_null(strstr(err, "fetching: 0/2 files, 1.0 of 4.0 MiB (25%)"));
	assert_null(memmem(err, (size_t)(bar - err), "MiB/s", 5));
	/* after a second: the rate and the time left */
	assert_non_null(strstr(bar, "2.0 of 8.0 MiB (25%), "));
	assert_non_null(strstr(bar, " MiB/s, "));
	assert_non_null(strstr(bar, " left"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_and_time_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
