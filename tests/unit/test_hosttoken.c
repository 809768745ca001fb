/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of hosttoken.c: the per-host tokens of a PXE tree. */
#include <sys/stat.h>
#include "testutil.h"
#include "hosttoken.h"
#include "pxe.h"

/* A tree dir under tu_dir (caller frees). */
static char *
tree_dir(const char *name)
{
	char *d = path_join(tu_dir, name);

	assert_int_equal(mkdirs(d, 0755), 0);
	return d;
}

/* An inventory of the names (a NULL-terminated list) in tree dir. */
static struct inventory *
inventory_of(const char *dir, const char *const *names)
{
	struct profile *p = profile_load(NULL, NULL, 0);
	struct buf b = BUF_INIT;
	struct inventory *inv;
	char *path = path_join(dir, "hosts.csv");

	buf_adds(&b, "hostname,mac\n");
	for (int i = 0; names[i]; i++)
		buf_printf(&b, "%s,52:54:00:00:00:%02x\n", names[i], i + 1);
	assert_int_equal(write_file_atomic(path, b.data, b.len, 0644), 0);
	inv = inventory_load(path, p);
	assert_non_null(inv);
	buf_free(&b);
	free(path);
	profile_free(p);
	return inv;
}

static void
test_tokens_made_kept_and_dropped(void **state)
{
	static const char *const two[] = { "a1", "B2", NULL };
	static const char *const one[] = { "b2", NULL };
	char *dir = tree_dir("t1"), *file = path_join(dir, HOST_TOKENS_FILE);
	struct inventory *inv = inventory_of(dir, two), *inv1;
	struct host_tokens *ht = host_tokens_load(dir);
	char a1[HOST_TOKEN_LEN + 1], b2[HOST_TOKEN_LEN + 1];
	struct stat st, st2;

	(void)state;
	assert_non_null(ht);
	assert_null(host_tokens_find(ht, "a1"));
	snprintf(a1, sizeof(a1), "%s", host_tokens_get(ht, "a1"));
	snprintf(b2, sizeof(b2), "%s", host_tokens_get(ht, "b2"));
	assert_int_equal(strlen(a1), HOST_TOKEN_LEN);
	assert_int_equal(strspn(a1, "0123456789abcdef"), HOST_TOKEN_LEN);
	assert_string_not_equal(a1, b2);
	assert_string_equal(host_tokens_get(ht, "A1"), a1);	/* any case */
	assert_int_equal(host_tokens_save(ht, inv), 0);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	host_tokens_free(ht);

	/* a re-run: the same tokens, and nothing written */
	ht = host_tokens_load(dir);
	assert_string_equal(host_tokens_get(ht, "a1"), a1);
	assert_string_equal(host_tokens_find(ht, "b2"), b2);
	assert_int_equal(host_tokens_save(ht, inv), 0);
	assert_int_equal(stat(file, &st2), 0);
	assert_int_equal(st.st_ino, st2.st_ino);
	host_tokens_free(ht);

	/* a1 leaves the inventory: its token goes, b2's stays */
	inv1 = inventory_of(dir, one);
	ht = host_tokens_load(dir);
	assert_int_equal(host_tokens_save(ht, inv1), 0);
	host_tokens_free(ht);
	ht = host_tokens_load(dir);
	assert_null(host_tokens_find(ht, "a1"));
	assert_string_equal(host_tokens_find(ht, "b2"), b2);
	host_tokens_free(ht);
	inventory_free(inv1);
	inventory_free(inv);
	free(file);
	free(dir);
}

static void
test_tokens_file_checked(void **state)
{
	char *dir = tree_dir("t2");

	(void)state;
	free(tu_write(dir, HOST_TOKENS_FILE, "not ours\n"));
	assert_null(host_tokens_load(dir));
	free(tu_write(dir, HOST_TOKENS_FILE, "# xeninfn pxe host tokens 1\n"
	    "good 0123456789abcdef0123456789abcdef\n"
	    "short 0123\n" "bad..name 0123456789abcdef0123456789abcdef\n"));
	struct host_tokens *ht = host_tokens_load(dir);
	assert_non_null(ht);
	assert_string_equal(host_tokens_find(ht, "GOOD"),
	    "0123456789abcdef0123456789abcdef");
	assert_null(host_tokens_find(ht, "short"));
	host_tokens_free(ht);
	free(dir);
}

static void
test_token_equal(void **state)
{
	(void)state;
	assert_true(host_token_equal("abc", "abc"));
	assert_false(host_token_equal("abc", "abd"));
	assert_false(host_token_equal("abc", "abcd"));
	assert_false(host_token_equal("", ""));
	assert_false(host_token_equal(NULL, "abc"));
}

/* pxe.serve_url decides whether a tree gets tokens. */
static void
test_tokens_only_with_serve_url(void **state)
{
	struct profile *p = profile_load(NULL, NULL, 0);
	struct host_tokens *ht = (void *)1;

	(void)state;
	assert_int_equal(host_tokens_for_pxe(p, tu_dir, &ht), 0);
	assert_null(ht);
	assert_int_equal(profile_set(p, "pxe.serve_url",
	    "http://10.0.0.1:8080", "test"), 0);
	assert_int_equal(host_tokens_for_pxe(p, tu_dir, &ht), 0);
	assert_non_null(ht);
	host_tokens_free(ht);
	profile_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_made_kept_and_dropped),
		cmocka_unit_test(test_tokens_file_checked),
		cmocka_unit_test(test_token_equal),
		cmocka_unit_test(test_tokens_only_with_serve_url),
	};

	log_init("xeninfn");
	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
