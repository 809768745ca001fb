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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_too_many_data),
	};

	log_init("test_repomd");
	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
