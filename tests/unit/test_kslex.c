/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of kslex.c: words split as Python 2.7's shlex.split,
 * integers as optparse's "int" type, options as optparse reads them
 * against a spec (what pykickstart 0.43 does with each kickstart line;
 * tests/kickstart/t-check-diff.sh compares with the real thing). */
#include "testutil.h"
#include "kslex.h"

/* Splits s; returns the words joined by '|' (caller frees), or NULL with
 * *why set. */
static char *
split(const char *s, const char **why)
{
	struct kswords w;
	struct buf b = BUF_INIT;

	*why = NULL;
	if (kslex_split(s, strlen(s), &w, why) != 0) {
		kswords_free(&w);
		return NULL;
	}
	for (size_t i = 0; i < w.n; i++)
		buf_printf(&b, "%s%s", i ? "|" : "", w.v[i]);
	kswords_free(&w);
	return buf_release(&b);
}

static void
expect_split(const char *s, const char *want)
{
	const char *why;
	char *got = split(s, &why);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_split_like_shlex(void **state)
{
	const char *why;

	(void)state;
	expect_split("  lang\ten_US\r\n", "lang|en_US");
	expect_split("a 'b c' \"d e\"f", "a|b c|d ef");
	/* in double quotes a backslash stays unless it escapes \ or " */
	expect_split("x \"\\$y\" \"\\\"\" \"\\\\\"", "x|\\$y|\"|\\");
	expect_split("x 'a\\' b", "x|a\\|b");
	expect_split("a\\ b \\'c", "a b|'c");
	expect_split("'' x \"\"", "|x|");
	/* # is no comment; \v is no blank for shlex */
	expect_split("lang en # c", "lang|en|#|c");
	expect_split("\vlang", "\vlang");
	/* a backslash before the newline keeps it in the word */
	expect_split("lang\\\n", "lang\n");
	assert_null(split("lang 'en", &why));
	assert_string_equal(why, "no closing quotation");
	assert_null(split("lang \"en\\\"", &why));
	assert_string_equal(why, "no closing quotation");
	assert_null(split("lang\\", &why));
	assert_string_equal(why, "no escaped character");
}

static void
test_split_no_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct kswords w;
	const char *why;

	(void)state;
	for (int i = 0; i < 5000; i++)
		buf_printf(&b, "w%d ", i);
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, 'x');
	assert_int_equal(kslex_split(b.data, b.len, &w, &why), 0);
	assert_int_equal(w.n, 5001);
	assert_string_equal(w.v[4999], "w4999");
	assert_int_equal(strlen(w.v[5000]), 100000);
	kswords_free(&w);
	buf_free(&b);
}

static void
test_pyint(void **state)
{
	long v;

	(void)state;
	assert_true(kslex_pyint("10", &v) && v == 10);
	assert_true(kslex_pyint(" 5 ", &v) && v == 5);
	assert_true(kslex_pyint("-3", &v) && v == -3);
	assert_true(kslex_pyint("010", &v) && v == 8);	/* octal */
	assert_false(kslex_pyint("08", NULL));
	assert_true(kslex_pyint("0x1f", &v) && v == 31);
	assert_true(kslex_pyint("0b101", &v) && v == 5);
	assert_true(kslex_pyint("0b", &v) && v == 0);
	assert_false(kslex_pyint("0x", NULL));
	assert_false(kslex_pyint("-0x5", NULL));
	assert_false(kslex_pyint(" 0x10", NULL));
	assert_false(kslex_pyint("", NULL));
	assert_false(kslex_pyint("1k", NULL));
	assert_true(kslex_int(" 3", 10, &v) && v == 3);
	assert_false(kslex_int("0x1", 10, NULL));
}

/* The sink of the option tests: "E:" or "W:" and the message, a line
 * each. */
static void
collect(void *ctx, enum ks_class c, const char *msg)
{
	buf_printf(ctx, "%s:%s\n", c == KS_WARN ? "W" : "E", msg);
}

/* The words of the line last parsed by opts (the results point into
 * them). */
static struct kswords words;

/* Parses the words of line against spec; returns the findings (caller
 * frees) and the result into *p (caller frees it, then the words with
 * done()). */
static char *
opts(const char *spec, const char *line, struct ksparsed *p)
{
	struct buf b = BUF_INIT;
	struct ks_sink sink = { collect, &b };
	const char *why;

	assert_int_equal(kslex_split(line, strlen(line), &words, &why), 0);
	ksopt_parse(&sink, "cmd", spec, words.v, words.n, p);
	buf_adds(&b, "");
	return buf_release(&b);
}

/* Frees what opts returned. */
static void
done(struct ksparsed *p, char *findings)
{
	ksparsed_free(p);
	kswords_free(&words);
	free(findings);
}

static void
test_options(void **state)
{
	const char *spec = "--size# --fstype/--type= --grow --level=a|b "
	    "--on=~yes|no --name=* --old=!";
	struct ksparsed p;
	char *e;

	(void)state;
	e = opts(spec, "/x --si 5 --type=ext3 --gr --name n -- --grow", &p);
	assert_string_equal(e, "");
	assert_int_equal(p.errors, 0);
	assert_int_equal(p.npos, 2);
	assert_string_equal(p.pos[1], "--grow");
	assert_string_equal(ksopt_value(&p, "--size"), "5");
	assert_string_equal(ksopt_value(&p, "--fstype"), "ext3");
	assert_string_equal(ksopt_value(&p, "--grow"), "");
	assert_null(ksopt_value(&p, "--level"));
	done(&p, e);

	/* every problem of a line is reported, reading goes on */
	e = opts(spec, "--size=x --bogus --level=c -q --grow=1 --on=YES "
	    "--name", &p);
	assert_non_null(strstr(e, "E:cmd --size: invalid integer value: 'x'"));
	assert_non_null(strstr(e, "E:cmd: no such option --bogus"));
	assert_non_null(strstr(e, "E:cmd --level: invalid choice 'c'"));
	assert_non_null(strstr(e, "E:cmd: no such option -q"));
	assert_non_null(strstr(e, "E:cmd: --grow option does not take"));
	assert_non_null(strstr(e, "E:cmd: --name option requires an arg"));
	assert_non_null(strstr(e, "E:cmd: --name is required"));
	assert_null(strstr(e, "--on"));
	assert_int_equal(p.errors, 7);
	done(&p, e);

	/* a prefix of two names is ambiguous; a deprecated one warns */
	e = opts(spec, "--name=a --name=b --old=1 --o", &p);
	assert_non_null(strstr(e, "E:cmd: ambiguous option --o"));
	done(&p, e);
	e = opts(spec, "--name=a --name=b --old=1", &p);
	assert_string_equal(e, "W:cmd --old is deprecated: anaconda 11.1 "
	    "accepts and ignores it\n");
	assert_string_equal(ksopt_value(&p, "--name"), "b");
	assert_string_equal(ksopt_first(&p, "--name"), "a");
	done(&p, e);
}

static void
test_options_no_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct ksparsed p;
	char *e;

	(void)state;
	buf_adds(&b, "--name=n");
	for (int i = 0; i < 300; i++)
		buf_printf(&b, " --size=%d pos%d", i, i);
	e = opts("--size# --name=*", b.data, &p);
	assert_string_equal(e, "");
	assert_int_equal(p.nopt, 301);
	assert_int_equal(p.npos, 300);
	assert_string_equal(ksopt_value(&p, "--size"), "299");
	done(&p, e);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_like_shlex),
		cmocka_unit_test(test_split_no_limit),
		cmocka_unit_test(test_pyint),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_options_no_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
