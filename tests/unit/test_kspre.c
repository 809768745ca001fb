/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of kspre.c: the files a kickstart's %pre scripts write with
 * here-documents and echo, as the checker reads them for %include. */
#include "testutil.h"
#include "kscheck-int.h"

static size_t
collect(const char *text, struct ks_written **w)
{
	return kspre_collect(text, strlen(text), w);
}

static void
test_heredoc_and_echo(void **state)
{
	struct ks_written *w;
	size_t n;

	(void)state;
	n = collect("lang x\n"
	    "%pre\n"
	    "cat >/tmp/a <<'EOF'\n"		/* line 3 */
	    "part / --size=1\n"
	    "EOF\n"
	    "cat <<-END > /tmp/b\n"
	    "\tpart swap --recommended\n"
	    "\tEND\n"
	    "echo \"part /c --size=2\" >>/tmp/c\n"
	    "echo 'x' 2>/dev/null\n"
	    "%post\n"
	    "cat >/tmp/d <<EOF\n"
	    "no\n"
	    "EOF\n", &w);
	assert_int_equal(n, 3);
	assert_string_equal(w[0].path, "/tmp/a");
	assert_string_equal(w[0].body, "part / --size=1\n");
	assert_int_equal(w[0].line, 4);
	assert_string_equal(w[1].path, "/tmp/b");
	assert_string_equal(w[1].body, "\tpart swap --recommended\n");
	assert_string_equal(w[2].path, "/tmp/c");
	assert_string_equal(w[2].body, "part /c --size=2\n");
	assert_int_equal(w[2].line, 9);
	kspre_free(w, n);
}

static void
test_crlf_and_unterminated(void **state)
{
	struct ks_written *w;
	size_t n;

	(void)state;
	n = collect("%pre\r\ncat >/tmp/a <<EOF\r\nlang x\r\nEOF\r\n"
	    "cat >/tmp/b <<EOF\nnever closed\n", &w);
	assert_int_equal(n, 1);
	assert_string_equal(w[0].body, "lang x\n");
	kspre_free(w, n);
	assert_int_equal(collect("", &w), 0);
	kspre_free(w, 0);
}

/* Once, at most 32 files were kept and names cut at 63 characters. */
static void
test_no_limits(void **state)
{
	struct buf b = BUF_INIT;
	struct ks_written *w;
	char name[300];
	size_t n;

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	buf_adds(&b, "%pre\n");
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "cat >/tmp/%s%d <<EOF\npart /p%d --size=1\n"
		    "EOF\n", name, i, i);
	n = collect(b.data, &w);
	assert_int_equal(n, 100);
	assert_int_equal(strlen(w[99].path), 5 + strlen(name) + 2);
	assert_string_equal(w[99].body, "part /p99 --size=1\n");
	kspre_free(w, n);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heredoc_and_echo),
		cmocka_unit_test(test_crlf_and_unterminated),
		cmocka_unit_test(test_no_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
