/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of safepath.c, the boundary between names that come from
 * input (template includes, files named in .treeinfo and repomd.xml, host
 * names) and the directories they are joined to: nothing may climb out,
 * through "..", an absolute path, an empty component or a symbolic link. */
#include <sys/stat.h>
#include <errno.h>
#include <limits.h>

#include "testutil.h"

/* A string of n copies of c (caller frees). */
static char *
repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void
test_safe_relative_paths(void **state)
{
	static const char *const ok[] = {
		"a", "a/b", "a/b/c.cfg", ".hidden", "a/.hidden", "..a", "a..",
		"...", "a/.../b", "a b", "-rf", "caf\xc3\xa9", "a:b", "a~",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (!path_is_safe(ok[i]))
			fail_msg("refused '%s'", ok[i]);
	}
}

static void
test_climbing_and_absolute(void **state)
{
	static const char *const bad[] = {
		"..", "../x", "x/..", "x/../y", "x/../../y", "../../etc/passwd",
		"/", "/etc/passwd", "//x", ".", "./x", "x/.", "x/./y",
	};

	(void)state;
	assert_false(path_is_safe(NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (path_is_safe(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	}
}

static void
test_empty_components(void **state)
{
	static const char *const bad[] = { "", "a//b", "a/", "a/b/", "a//" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (path_is_safe(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
		if (path_is_component(bad[i]))
			fail_msg("component '%s'", bad[i]);
	}
}

/* Control bytes (a newline would split a line of a generated file), DEL
 * and the backslash (a separator to other tools) are refused; a C string
 * ends at NUL, so "a\0/../x" is only "a". */
static void
test_control_bytes_and_nul(void **state)
{
	static const char *const bad[] = {
		"a\nb", "a\rb", "a\tb", "\x01", "a/\x1f", "a\x7f", "a\\b",
		"..\\x", "\x1b[2J",
	};
	static const char with_nul[] = "a\0/../x";

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (path_is_safe(bad[i]))
			fail_msg("accepted byte string %zu", i);
	}
	assert_true(path_is_safe(with_nul));
	assert_true(path_is_component(with_nul));
}

/* At most 1024 bytes in all, 255 in a component. */
static void
test_length_limits(void **state)
{
	char *p1024 = repeat('a', 1024), *p1025 = repeat('a', 1025);
	char *c255 = repeat('b', 255), *c256 = repeat('b', 256);
	char *nested = xasprintf("d/%s", c256);

	(void)state;
	for (size_t i = 1; i < 1023; i += 2)
		p1024[i] = '/';		/* "a/a/a/..." */
	p1025[1] = '/';
	assert_true(path_is_safe(p1024));
	assert_false(path_is_safe(p1025));
	assert_true(path_is_component(c255));
	assert_false(path_is_component(c256));
	assert_false(path_is_component("a/b"));
	assert_false(path_is_component(".."));
	/* a long component inside a path is left to the file system
	 * (ENAMETOOLONG); it cannot climb out */
	assert_true(path_is_safe(nested));
	free(nested);
	free(p1024);
	free(p1025);
	free(c255);
	free(c256);
}

static void
test_path_under(void **state)
{
	char *p;

	(void)state;
	p = path_under("/srv/tree", "images/pxeboot/vmlinuz");
	assert_string_equal(p, "/srv/tree/images/pxeboot/vmlinuz");
	free(p);
	p = path_under("/srv/tree//", "a");
	assert_string_equal(p, "/srv/tree/a");
	free(p);
	errno = 0;
	assert_null(path_under("/srv/tree", "../etc/shadow"));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(path_under("/srv/tree", "/etc/shadow"));
	assert_int_equal(errno, EINVAL);
	assert_null(path_under("/srv/tree", ""));
	assert_null(path_under("/srv/tree", "a/"));
}

static void
test_path_join(void **state)
{
	char *p;

	(void)state;
	p = path_join("dir", "x");
	assert_string_equal(p, "dir/x");
	free(p);
	p = path_join("dir///", "x/y");
	assert_string_equal(p, "dir/x/y");
	free(p);
	p = path_join("/", "x");
	assert_string_equal(p, "/x");
	free(p);
	p = path_join("//", "x");
	assert_string_equal(p, "/x");
	free(p);
}

/* Makes tu_dir/name/{in,out} and a file in each; returns the directory
 * (caller frees). */
static char *
make_box(const char *name)
{
	char *box = path_join(tu_dir, name), *in = path_join(box, "in");
	char *out = path_join(box, "out");

	assert_int_equal(mkdirs(in, 0755), 0);
	assert_int_equal(mkdirs(out, 0755), 0);
	free(tu_write(in, "file", "inside\n"));
	free(tu_write(out, "secret", "outside\n"));
	free(in);
	free(out);
	return box;
}

static void
test_inside_plain(void **state)
{
	char *box = make_box("plain"), *in = path_join(box, "in");
	char *f = path_join(in, "file"), *sub = path_join(in, "sub");
	char *up = xasprintf("%s/in/sub/../../out/secret", box);
	char *pfx = xasprintf("%s/in2", box), *pfxf = path_join(pfx, "f");

	(void)state;
	assert_int_equal(mkdirs(sub, 0755), 0);
	assert_true(path_inside(in, f));
	assert_true(path_inside(in, sub));
	assert_false(path_inside(in, in));	/* not inside itself */
	assert_false(path_inside(in, up));	/* ".." resolved */
	/* "in2" starts with "in" but is not under it */
	assert_int_equal(mkdirs(pfx, 0755), 0);
	free(tu_write(pfx, "f", "x"));
	assert_false(path_inside(in, pfxf));
	/* what does not exist is not inside */
	free(f);
	f = path_join(in, "missing");
	assert_false(path_inside(in, f));
	assert_false(path_inside("/nonexistent-xeninfn", "/nonexistent-xeninfn/x"));
	/* everything is under / */
	assert_true(path_inside("/", in));
	free(pfxf);
	free(pfx);
	free(up);
	free(sub);
	free(f);
	free(in);
	free(box);
}

static void
test_inside_symlinks(void **state)
{
	char *box = make_box("links"), *in = path_join(box, "in");
	char *out = path_join(box, "out"), *secret = path_join(out, "secret");
	char *l_out = path_join(in, "to-secret"), *l_dir = path_join(in, "to-out");
	char *l_rel = path_join(in, "rel"), *l_in = path_join(out, "to-in");
	char *l_box = path_join(box, "alias"), *via = path_join(l_dir, "secret");
	char *alias_f = path_join(l_box, "file");
	char *l_self = path_join(in, "self");

	(void)state;
	assert_int_equal(symlink(secret, l_out), 0);
	assert_int_equal(symlink(out, l_dir), 0);
	assert_int_equal(symlink("../out/secret", l_rel), 0);
	assert_int_equal(symlink("file", l_self), 0);
	/* a link in the directory to a file or a directory outside */
	assert_false(path_inside(in, l_out));
	assert_false(path_inside(in, l_dir));
	assert_false(path_inside(in, via));
	assert_false(path_inside(in, l_rel));
	/* a link inside that stays inside */
	assert_true(path_inside(in, l_self));
	/* a link from outside into the directory: what counts is where it
	 * leads */
	assert_int_equal(symlink("../in/file", l_in), 0);
	assert_true(path_inside(in, l_in));
	/* the directory itself named through a link */
	assert_int_equal(symlink(in, l_box), 0);
	assert_true(path_inside(l_box, alias_f));
	assert_true(path_inside(l_box, l_self));
	assert_false(path_inside(l_box, l_out));
	free(l_self);
	free(alias_f);
	free(via);
	free(l_box);
	free(l_in);
	free(l_rel);
	free(l_dir);
	free(l_out);
	free(secret);
	free(out);
	free(in);
	free(box);
}

/* A dangling link, and a loop of links: neither resolves, so neither is
 * inside. */
static void
test_inside_dangling_and_loops(void **state)
{
	char *box = make_box("loops"), *in = path_join(box, "in");
	char *dang = path_join(in, "dangling"), *a = path_join(in, "a");
	char *b = path_join(in, "b");

	(void)state;
	assert_int_equal(symlink("nowhere", dang), 0);
	assert_int_equal(symlink("b", a), 0);
	assert_int_equal(symlink("a", b), 0);
	assert_false(path_inside(in, dang));
	assert_false(path_inside(in, a));
	free(b);
	free(a);
	free(dang);
	free(in);
	free(box);
}

/* The answer is of the moment it is asked: a directory swapped for a link
 * out after a check is seen by the next check (callers open right after
 * asking, and what they open is what was checked only when nobody else
 * can write the directory: the builder's own cache and overlays). */
static void
test_inside_after_swap(void **state)
{
	char *box = make_box("swap"), *in = path_join(box, "in");
	char *sub = path_join(in, "sub"), *f = path_join(sub, "secret");
	char *out = path_join(box, "out");

	(void)state;
	assert_int_equal(mkdirs(sub, 0755), 0);
	free(tu_write(sub, "secret", "inside\n"));
	assert_true(path_inside(in, f));
	remove_tree(sub);
	assert_int_equal(symlink(out, sub), 0);
	assert_false(path_inside(in, f));
	free(out);
	free(f);
	free(sub);
	free(in);
	free(box);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_relative_paths),
		cmocka_unit_test(test_climbing_and_absolute),
		cmocka_unit_test(test_empty_components),
		cmocka_unit_test(test_control_bytes_and_nul),
		cmocka_unit_test(test_length_limits),
		cmocka_unit_test(test_path_under),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_inside_plain),
		cmocka_unit_test(test_inside_symlinks),
		cmocka_unit_test(test_inside_dangling_and_loops),
		cmocka_unit_test(test_inside_after_swap),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
