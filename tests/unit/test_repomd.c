/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_repomd.c: tree_packages against hostile repomd.xml files, on a
 * struct tree made by hand (test_tree.c covers the normal paths through
 * tree_open).
 */
#include "testutil.h"
#include "fetch.h"
#include "tree.h"
#include "tree-int.h"

/* A tree at file://tu_dir/ whose repomd.xml input holds text.  The caller
 * frees it with tree_free. */
static struct tree *
hand_tree(const char *text)
{
	struct tree *t = xcalloc(1, sizeof(*t));
	char *path = tu_write(tu_dir, "repomd.xml", text);
	char *url = xasprintf("file://%s", path);

	t->url = xasprintf("file://%s/", tu_dir);
	t->repodata = xstrdup("repodata");
	tree_add_input(t, "repomd.xml", url, path, "0", "none");
	free(url);
	free(path);
	return t;
}

struct call {
	struct tree	*t;
	struct fetcher	*f;
	char		**names;
	char		**groups;
	int		 rc;
};

static void
do_packages(void *arg)
{
	struct call *c = arg;

	c->rc = tree_packages(c->t, c->f, &c->names, &c->groups);
}

/* More <data> records of the wanted types than tree_packages has room for
 * are refused with a message, and nothing past its item array is touched
 * (it used to free n items of an array of 10 when n was larger). */
static void
test_too_many_data(void **state)
{
	struct buf x = BUF_INIT;
	struct fetch_opts fo = { .retries = 0 };
	struct call c = { 0 };
	char *cache = path_join(tu_dir, "cache"), *msg;

	(void)state;
	buf_adds(&x, "<?xml version=\"1.0\"?>\n<repomd>\n");
	for (int i = 0; i < 40; i++)
		buf_printf(&x, "<data type=\"primary\"><location href=\"repodata/"
		    "p%d.xml\"/><checksum type=\"sha256\">%064d</checksum>"
		    "</data>\n", i, 0);
	buf_adds(&x, "</repomd>\n");
	fo.cache_dir = cache;
	c.f = fetcher_new(&fo);
	assert_non_null(c.f);
	c.t = hand_tree(x.data);
	msg = tu_capture_stderr(do_packages, &c);
	print_message("%s", msg);
	assert_int_equal(c.rc, -1);
	assert_null(c.names);
	assert_null(c.groups);
	assert_non_null(strstr(msg, "repomd.xml: 40 <data> records"));
	assert_non_null(strstr(msg, "rebuild the repodata"));
	free(msg);
	tree_free(c.t);
	fetcher_free(c.f);
	buf_free(&x);
	free(cache);
}

/* A <data> record with two <checksum> elements, the first of them empty:
 * the second is read and the first's type is not leaked (ASan's leak
 * check, or valgrind, sees the difference).  The record's file is absent,
 * so tree_packages fails after reading it. */
static void
test_second_checksum(void **state)
{
	struct fetch_opts fo = { .retries = 0 };
	struct call c = { 0 };
	char *cache = path_join(tu_dir, "cache2"), *msg;

	(void)state;
	fo.cache_dir = cache;
	c.f = fetcher_new(&fo);
	assert_non_null(c.f);
	c.t = hand_tree("<?xml version=\"1.0\"?>\n<repomd>\n"
	    "<data type=\"primary\"><location href=\"repodata/p.xml\"/>"
	    "<checksum type=\"md5\"/><checksum type=\"sha256\">"
	    "0000000000000000000000000000000000000000000000000000000000000000"
	    "</checksum><checksum type=\"sha1\">00</checksum></data>\n"
	    "</repomd>\n");
	msg = tu_capture_stderr(do_packages, &c);
	print_message("%s", msg);
	assert_int_equal(c.rc, -1);
	assert_non_null(strstr(msg, "repodata/p.xml"));
	free(msg);
	tree_free(c.t);
	fetcher_free(c.f);
	free(cache);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_too_many_data),
		cmocka_unit_test(test_second_checksum),
	};

	log_init("test_repomd");
	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
