/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of profile.c: defaults, files, -s overrides and the messages
 * for every kind of bad value. */
#include "testutil.h"

static void
test_embedded_default(void **state)
{
	struct profile *p = profile_load(NULL, NULL, 0);

	(void)state;
	assert_non_null(p);
	assert_string_equal(profile_get(p, "xen.version"), "3.1.2");
	assert_string_equal(profile_get(p, "boot.default"), "install");
	assert_int_equal(profile_get_int(p, "boot.timeout"), 60);
	assert_string_equal(profile_get(p, "network.mgmt_bridge"), "xenbr0");
	assert_string_equal(profile_get(p, "network.guest_bridge"), "xenbr1");
	/* install_url inherits tree.url until set. */
	assert_string_equal(profile_get(p, "tree.install_url"),
	    profile_get(p, "tree.url"));
	assert_string_equal(profile_source(p), "(embedded default)");
	profile_free(p);
}

static void
test_file_and_overrides(void **state)
{
	char *path = tu_write(tu_dir, "site.ini",
	    "[tree]\nurl = http://mirror.example/sl51/\n"
	    "[boot]\ntimeout = 5\ndefault = local\n");
	char *sets[] = { "boot.timeout=9", "tree.install_url=http://i.example/t/",
	    "xen.migration=TRUE" };
	struct profile *p = profile_load(path, sets, 3);

	(void)state;
	assert_non_null(p);
	assert_string_equal(profile_get(p, "tree.url"),
	    "http://mirror.example/sl51/");
	assert_string_equal(profile_get(p, "tree.install_url"),
	    "http://i.example/t/");
	assert_int_equal(profile_get_int(p, "boot.timeout"), 9);
	assert_string_equal(profile_origin(p, "boot.timeout"), "-s");
	assert_string_equal(profile_get(p, "boot.default"), "local");
	assert_true(profile_get_bool(p, "xen.migration"));
	assert_string_equal(profile_get(p, "xen.migration"), "yes");
	profile_free(p);
	free(path);
}

struct load_args {
	const char *path;
	char **sets;
	size_t nsets;
	struct profile *result;
};

static void
do_load(void *arg)
{
	struct load_args *a = arg;

	a->result = profile_load(a->path, a->sets, a->nsets);
}

/* Loads text as a profile file; asserts failure and that stderr has want. */
static void
expect_error(const char *text, char **sets, size_t nsets, const char *want)
{
	char *path = tu_write(tu_dir, "bad.ini", text);
	struct load_args a = { path, sets, nsets, NULL };
	char *err = tu_capture_stderr(do_load, &a);

	assert_null(a.result);
	if (strstr(err, want) == NULL)
		print_error("expected '%s' in: %s\n", want, err), fail();
	free(err);
	free(path);
}

static void
test_errors_name_file_line_and_key(void **state)
{
	(void)state;
	expect_error("[tree]\nurl = http://x/\nbogus = 1\n", NULL, 0,
	    "bad.ini:3: unknown key 'tree.bogus'");
	expect_error("[nosuch]\nx = 1\n", NULL, 0,
	    "bad.ini:2: unknown section [nosuch]");
	expect_error("[tree]\nurl = gopher://x/\n", NULL, 0,
	    "bad.ini:2: tree.url = 'gopher://x/': expected an http://");
	expect_error("[boot]\n\ntimeout = soon\n", NULL, 0,
	    "bad.ini:3: boot.timeout = 'soon': expected a whole number from 0 to 3600");
	expect_error("[boot]\ndefault = floppy\n", NULL, 0,
	    "bad.ini:2: boot.default = 'floppy': expected one of install|local");
	expect_error("[tree]\nthis line has no equals\n", NULL, 0,
	    "bad.ini:2: malformed line");
	expect_error("[network]\nmgmt_nic = eth0;rm\n", NULL, 0,
	    "network.mgmt_nic = 'eth0;rm'");
	expect_error("[network]\nguest_bridge = averyveryverylongname\n", NULL,
	    0, "expected a name of 1 to 15");
	char *sets[] = { "boot.timeout=-1" };
	expect_error("", sets, 1, "-s: boot.timeout = '-1'");
	char *sets2[] = { "nosuch.key=1" };
	expect_error("", sets2, 1, "-s: unknown key 'nosuch.key'");
}

static void
test_near_misses_and_duplicates(void **state)
{
	(void)state;
	expect_error("[tree]\nurll = http://x/\n", NULL, 0,
	    "bad.ini:2: unknown key 'tree.urll'; did you mean 'tree.url'?");
	expect_error("[netwrok]\nip = 10.0.0.1\n", NULL, 0,
	    "bad.ini:2: unknown section [netwrok]; did you mean [network]?");
	expect_error("[boot]\ntimeout = 5\n\n[boot]\ntimeout = 6\n", NULL, 0,
	    "bad.ini:5: boot.timeout is given twice, first on line 2");
	char *sets[] = { "boot.timeuot=1" };
	expect_error("", sets, 1,
	    "-s: unknown key 'boot.timeuot'; did you mean 'boot.timeout'?");
}

static void
test_root_password_hashes(void **state)
{
	(void)state;
	expect_error("[rootpw]\nhash = secret\n", NULL, 0,
	    "plaintext passwords are never put on the media");
	expect_error("[rootpw]\nhash = $6$abc$defghijk\n", NULL, 0,
	    "SL 5.1's glibc 2.5 cannot check it");
	expect_error("[rootpw]\nhash = $1$salt$short\n", NULL, 0,
	    "malformed MD5-crypt hash");

	char *good[] = { "rootpw.hash=$1$abcdefgh$0123456789abcdefghijkl" };
	struct profile *p = profile_load(NULL, good, 1);
	assert_non_null(p);
	profile_free(p);
}

static void
test_missing_file_and_coherence(void **state)
{
	char *path = path_join(tu_dir, "absent.ini");
	struct load_args a = { path, NULL, 0, NULL };
	char *err = tu_capture_stderr(do_load, &a);

	(void)state;
	assert_null(a.result);
	assert_non_null(strstr(err, "absent.ini: cannot read the profile"));
	free(err);
	free(path);
	expect_error("[network]\nbootproto = static\n", NULL, 0,
	    "network.bootproto is static but network.ip is not set");
	expect_error("[network]\nguest_nic = eth0\n", NULL, 0,
	    "must use different NICs and bridges");
	expect_error("[network]\nguest_nic =\nguest_ip = 192.168.50.10\n",
	    NULL, 0, "network.guest_ip needs the guest bridge");
}

static void
test_dup_and_set(void **state)
{
	struct profile *p = profile_load(NULL, NULL, 0), *d;

	(void)state;
	d = profile_dup(p);
	assert_int_equal(profile_set(d, "network.hostname", "node01",
	    "hosts.csv:2"), 0);
	assert_string_equal(profile_get(d, "network.hostname"), "node01");
	assert_string_equal(profile_get(p, "network.hostname"), "");
	assert_string_equal(profile_origin(d, "network.hostname"),
	    "hosts.csv:2");
	assert_int_equal(profile_set(d, "network.hostname", "-bad", "x"), -1);
	profile_free(d);
	profile_free(p);
}

/* An empty profile file is a profile of defaults (no read of a NULL
 * buffer: UBSan's nonnull check on memchr). */
static void
test_empty_file(void **state)
{
	char *path = tu_write(tu_dir, "empty.ini", "");
	struct profile *p = profile_load(path, NULL, 0);

	(void)state;
	assert_non_null(p);
	assert_string_equal(profile_get(p, "boot.timeout"), "60");
	profile_free(p);
	free(path);
}

/* A line is never split: a long comment stays a comment, a long setting
 * is refused with its file and line. */
static void
test_long_lines(void **state)
{
	struct buf text = BUF_INIT;
	struct profile *p;
	char *path;

	(void)state;
	/* 199 bytes of comment, then a setting on the next line */
	buf_adds(&text, "[network]\n;");
	for (int i = 0; i < 197; i++)
		buf_addc(&text, 'c');
	buf_adds(&text, "\nhostname = x\n");
	path = tu_write(tu_dir, "long.ini", text.data);
	p = profile_load(path, NULL, 0);
	assert_non_null(p);
	assert_string_equal(profile_get(p, "network.hostname"), "x");
	profile_free(p);
	free(path);

	/* a comment of 100,000 bytes whose tail looks like a setting */
	buf_reset(&text);
	buf_adds(&text, "[network]\n# ");
	for (int i = 0; i < 100000; i++)
		buf_addc(&text, i % 50 == 49 ? ' ' : 'c');
	buf_adds(&text, "hostname = evil\n[boot]\ntimeout = 7\n");
	path = tu_write(tu_dir, "long2.ini", text.data);
	p = profile_load(path, NULL, 0);
	assert_non_null(p);
	assert_string_equal(profile_get(p, "network.hostname"), "");
	assert_non_null(strstr(profile_origin(p, "boot.timeout"),
	    "long2.ini:4"));
	profile_free(p);
	free(path);

	/* a setting longer than a line may be: refused, never cut */
	buf_reset(&text);
	buf_adds(&text, "[tree]\n\nurl = http://mirror.example/");
	for (int i = 0; i < 300; i++)
		buf_addc(&text, 'd');
	buf_adds(&text, "/\n");
	expect_error(text.data, NULL, 0, "bad.ini:3: line longer than");
	/* the last line, without a newline */
	buf_reset(&text);
	buf_adds(&text, "[tree]\nurl = http://mirror.example/");
	for (int i = 0; i < 300; i++)
		buf_addc(&text, 'd');
	expect_error(text.data, NULL, 0, "bad.ini:2: line longer than");
	buf_free(&text);
}

/* Values that become part of a file name are single safe components. */
static void
test_file_name_components(void **state)
{
	static const char *const keys[] = { "product.name",
	    "product.version", "xen.version", "tree.release",
	    "network.hostname" };
	static const char *const bad[] = { "../escaped", "a/b", "..", ".",
	    "/abs" };

	(void)state;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
			char *set = xasprintf("%s=%s", keys[k], bad[b]);
			char *want = xasprintf("-s: %s = '%s'", keys[k],
			    bad[b]);
			char *sets[] = { set };

			expect_error("", sets, 1, want);
			free(want);
			free(set);
		}
	char *sets[] = { "product.name=Site.Xen-2_a+b" };
	struct profile *p = profile_load(NULL, sets, 1);
	assert_non_null(p);
	profile_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_default),
		cmocka_unit_test(test_file_and_overrides),
		cmocka_unit_test(test_errors_name_file_line_and_key),
		cmocka_unit_test(test_near_misses_and_duplicates),
		cmocka_unit_test(test_root_password_hashes),
		cmocka_unit_test(test_missing_file_and_coherence),
		cmocka_unit_test(test_dup_and_set),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_file_name_components),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
