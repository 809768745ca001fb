/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_repo.c: the yum repository made from the good TEST FIXTURE set
 * ($XENINFN_B/fixtures/xen-rpms, built by tests/rpm/mkfixtures.sh), read
 * back by tests/rpm/check-repodata.py the way yum 3.0 reads it, and made
 * twice under SOURCE_DATE_EPOCH to show it is byte-reproducible.
 */
#include <sys/stat.h>

#include "testutil.h"
#include "repo.h"
#include "settings.h"
#include "rpm.h"

static const char *bdir, *srcdir;
static struct rpm_set good;

/* Collects the good fixture set into good. */
static int
setup(void **state)
{
	char *sets[2];
	struct profile *p;
	struct settings s;
	int rc;

	(void)state;
	bdir = getenv("XENINFN_B");
	srcdir = getenv("XENINFN_SRC");
	if (bdir == NULL || srcdir == NULL) {
		print_message("XENINFN_B/XENINFN_SRC unset: run through "
		    "make check\n");
		return -1;
	}
	sets[0] = xasprintf("xen.rpms=%s/fixtures/xen-rpms", bdir);
	sets[1] = xasprintf("xen.gpg_keys=%s/fixtures/xen-rpms/"
	    "RPM-GPG-KEY-xeninfn-fixture", bdir);
	p = profile_load(NULL, sets, 2);
	if (p != NULL)
		settings_of(p, &s);
	rc = p != NULL && rpms_collect(&s.xen, NULL, NULL, &good) == 0 ? 0 :
	    -1;
	profile_free(p);
	free(sets[0]);
	free(sets[1]);
	return rc;
}

static int
teardown(void **state)
{
	(void)state;
	rpm_set_free(&good);
	return 0;
}

/* Runs check-repodata.py on dir expecting the good set; its status. */
static int
check_repodata(const char *dir)
{
	char *script = xasprintf("%s/tests/rpm/check-repodata.py", srcdir);
	const char *argv[] = { "python3", script, dir, "xen", "xen-devel",
	    "xen-libs", NULL };
	int rc = run_cmd(argv, NULL);

	free(script);
	return rc;
}

/* The repository holds the packages and repodata yum 3.0 reads. */
static void
test_repo_readable(void **state)
{
	char *tmp = make_temp_dir("test_repo"), *dir = path_join(tmp, "xeninfn");
	char *p;

	(void)state;
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(repo_create(dir, &good), 0);
	assert_int_equal(check_repodata(dir), 0);
	p = path_join(dir, "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm");
	assert_true(path_exists(p));
	free(p);
	/* No sqlite, nothing left behind from the build. */
	p = path_join(dir, "repodata/primary.sqlite.bz2");
	assert_false(path_exists(p));
	free(p);
	p = path_join(dir, ".repodata.tmp");
	assert_false(path_exists(p));
	free(p);
	/* Made again over itself: still whole. */
	assert_int_equal(repo_create(dir, &good), 0);
	assert_int_equal(check_repodata(dir), 0);
	assert_int_equal(remove_tree(tmp), 0);
	free(dir);
	free(tmp);
}

/* Reads dir/rel into a buffer. */
static void
slurp(const char *dir, const char *rel, struct buf *b)
{
	char *p = path_join(dir, rel);

	assert_int_equal(read_file(p, 1 << 24, b), 0);
	free(p);
}

/* Two builds under the same SOURCE_DATE_EPOCH are byte-identical, and
 * the epoch is what repomd.xml carries. */
static void
test_repo_reproducible(void **state)
{
	static const char *files[] = { "repodata/repomd.xml",
	    "repodata/primary.xml.gz", "repodata/filelists.xml.gz",
	    "repodata/other.xml.gz" };
	char *tmp = make_temp_dir("test_repo");
	char *a = path_join(tmp, "a"), *b = path_join(tmp, "b");
	struct buf x = BUF_INIT, y = BUF_INIT;
	size_t i;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1196899200", 1);
	assert_int_equal(repo_create(a, &good), 0);
	sleep(1);
	assert_int_equal(repo_create(b, &good), 0);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		slurp(a, files[i], &x);
		slurp(b, files[i], &y);
		assert_int_equal(x.len, y.len);
		assert_memory_equal(x.data, y.data, x.len);
		buf_reset(&x);
		buf_reset(&y);
	}
	slurp(a, "repodata/repomd.xml", &x);
	assert_non_null(strstr(x.data, "<revision>1196899200</revision>"));
	assert_non_null(strstr(x.data, "<timestamp>1196899200</timestamp>"));
	assert_null(strstr(x.data, "sha256"));
	unsetenv("SOURCE_DATE_EPOCH");
	buf_free(&x);
	buf_free(&y);
	assert_int_equal(remove_tree(tmp), 0);
	free(a);
	free(b);
	free(tmp);
}

/* A bad SOURCE_DATE_EPOCH is refused by name. */
static void
bad_epoch(void *arg)
{
	*(int *)arg = repo_create("/nonexistent/never-made", &good);
}

static void
test_repo_bad_epoch(void **state)
{
	int rc = 0;
	char *msg;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	msg = tu_capture_stderr(bad_epoch, &rc);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(rc, -1);
	assert_non_null(strstr(msg, "SOURCE_DATE_EPOCH=yesterday"));
	free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repo_readable),
		cmocka_unit_test(test_repo_reproducible),
		cmocka_unit_test(test_repo_bad_epoch),
	};

	log_init("test_repo");
	return cmocka_run_group_tests(tests, setup, teardown);
}
