/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/strv.c and lib/buf.c: string vectors (push, sort,
 * find, release, free), array growth that refuses sizes that overflow,
 * buffers, and the builder's out-of-memory policy (a message and exit 1). */
#include <sys/wait.h>

#include "testutil.h"

static void
test_push_sort_find(void **state)
{
	struct strv sv = STRV_INIT;

	(void)state;
	assert_int_equal(strv_find(&sv, "a", 0), -1);
	assert_int_equal(strv_find(&sv, "a", 1), -1);
	assert_int_equal(strv_push(&sv, "pear"), 0);
	assert_int_equal(strv_push(&sv, "apple"), 0);
	assert_int_equal(strv_push_owned(&sv, xstrdup("fig")), 0);
	assert_int_equal(sv.n, 3);
	assert_null(sv.v[3]);			/* always NULL-terminated */
	assert_int_equal(strv_find(&sv, "fig", 0), 2);
	assert_int_equal(strv_find(&sv, "kiwi", 0), -1);
	strv_sort(&sv);
	assert_string_equal(sv.v[0], "apple");
	assert_string_equal(sv.v[1], "fig");
	assert_string_equal(sv.v[2], "pear");
	assert_null(sv.v[3]);
	assert_int_equal(strv_find(&sv, "pear", 1), 2);
	assert_int_equal(strv_find(&sv, "apple", 1), 0);
	assert_int_equal(strv_find(&sv, "banana", 1), -1);
	strv_clear(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.n, 0);
}

static void
test_many_and_unique(void **state)
{
	struct strv sv = STRV_INIT;
	char name[16], **v;

	(void)state;
	/* Past several doublings, each name twice. */
	for (int round = 0; round < 2; round++)
		for (int i = 999; i >= 0; i--) {
			snprintf(name, sizeof(name), "n%04d", i);
			assert_int_equal(strv_push(&sv, name), 0);
		}
	assert_int_equal(sv.n, 2000);
	assert_true(sv.cap >= 2001);
	strv_sort_unique(&sv);
	assert_int_equal(sv.n, 1000);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "n%04d", i);
		assert_string_equal(sv.v[i], name);
		assert_int_equal(strv_find(&sv, name, 1), i);
	}
	assert_null(sv.v[1000]);
	v = strv_release(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.n, 0);
	assert_string_equal(v[999], "n0999");
	assert_null(v[1000]);
	strv_free(v);
}

static void
test_release_empty(void **state)
{
	struct strv sv = STRV_INIT;
	char **v = strv_release(&sv);

	(void)state;
	assert_non_null(v);		/* an empty list, not NULL */
	assert_null(v[0]);
	strv_free(v);
	strv_free(NULL);		/* nothing */
	strv_sort_unique(&sv);		/* empty: nothing to do */
	assert_null(sv.v);
}

static void
test_cmp_with_qsort(void **state)
{
	const char *v[] = { "b", "c", "a" }, *key = "c";

	(void)state;
	qsort(v, 3, sizeof(*v), strv_cmp);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[2], "c");
	assert_ptr_equal(bsearch(&key, v, 3, sizeof(*v), strv_cmp), &v[2]);
	/* strv_index over a plain array, sorted or not. */
	assert_int_equal(strv_index(v, 3, "c", 1), 2);
	assert_int_equal(strv_index(v, 3, "b", 0), 1);
	assert_int_equal(strv_index(v, 3, "d", 1), -1);
	assert_int_equal(strv_index(v, 3, "d", 0), -1);
	assert_int_equal(strv_index(v, 0, "a", 0), -1);
}

static void
test_grow_array(void **state)
{
	struct pt { int x, y; } *a = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(grow_array(&a, &cap, 1, sizeof(*a)), 0);
	assert_non_null(a);
	assert_true(cap >= 1);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(grow_array(&a, &cap, (size_t)i + 1,
		    sizeof(*a)), 0);
		a[i].x = i;
		a[i].y = -i;
	}
	assert_true(cap >= 100 && cap < 256);	/* doubled, not stepped */
	for (int i = 0; i < 100; i++)
		assert_int_equal(a[i].x + a[i].y, 0);
	/* Enough room already: nothing changes. */
	assert_int_equal(grow_array(&a, &cap, 50, sizeof(*a)), 0);
	free(a);
	a = realloc_n(NULL, 0, sizeof(*a));	/* 0 elements: still memory */
	assert_non_null(a);
	free(a);
}

/* Runs fn in a child with stderr in a pipe; returns what it printed
 * (caller frees) and its exit status in *status. */
static char *
in_child(void (*fn)(void), int *status)
{
	struct buf err = BUF_INIT;
	char chunk[256];
	ssize_t n;
	int fds[2];
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], chunk, sizeof(chunk))) > 0)
		buf_add(&err, chunk, (size_t)n);
	close(fds[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
	return buf_release(&err);
}

static void
overflow_realloc_n(void)
{
	realloc_n(NULL, SIZE_MAX / 2 + 1, 2);
}

static void
overflow_grow(void)
{
	char *a = NULL;
	size_t cap = 0;

	grow_array(&a, &cap, SIZE_MAX, 2);
}

static void
overflow_buf(void)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "x", 1);
	buf_add(&b, "", SIZE_MAX);
}

/* In the builder a size that overflows is out of memory: the message,
 * exit 1, never a short array. */
static void
test_overflow_exits(void **state)
{
	void (*fns[])(void) = { overflow_realloc_n, overflow_grow,
	    overflow_buf };
	char *err;
	int status;

	(void)state;
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		err = in_child(fns[i], &status);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), EXIT_WORK);
		assert_string_equal(err, "xeninfn: error: out of memory\n");
		free(err);
	}
}

static void
test_buf(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	s = buf_release(&b);			/* never NULL, even empty */
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(buf_adds(&b, "abc"), 0);
	assert_int_equal(buf_addc(&b, '-'), 0);
	assert_int_equal(buf_printf(&b, "%d/%s", 42, "x"), 0);
	assert_int_equal(buf_add(&b, "\0z", 2), 0);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.data, "abc-42/x\0z", 10);
	assert_int_equal(b.data[b.len], '\0');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%03d", i);
	assert_int_equal(b.len, 3000);
	assert_memory_equal(b.data + 2997, "999", 3);
	buf_free(&b);
	assert_null(b.data);
	buf_init(&b);
	assert_int_equal(b.len + b.cap, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_sort_find),
		cmocka_unit_test(test_many_and_unique),
		cmocka_unit_test(test_release_empty),
		cmocka_unit_test(test_cmp_with_qsort),
		cmocka_unit_test(test_grow_array),
		cmocka_unit_test(test_overflow_exits),
		cmocka_unit_test(test_buf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
