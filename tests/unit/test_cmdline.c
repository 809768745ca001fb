/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of cmdline.c: the option loop every subcommand shares.  The
 * shared options (-p, -s, -q, -v, --help), a command's own, and every
 * mistake said in one line and "Try 'xeninfn build --help' for more
 * information.", as GNU tools say it. */
#include <getopt.h>

#include "testutil.h"

#define TRY	"Try 'xeninfn build --help' for more information.\n"

/* The options of the command under test: -o/--out with an argument,
 * -n/--dry-run and --done without. */
static const struct option own_longopts[] = {
	{ "out", 1, NULL, 'o' },
	{ "dry-run", 0, NULL, 'n' },
	{ "done", 0, NULL, 'D' },
	{ NULL, 0, NULL, 0 },
};

/* One call of cmd_getopt and what came of it. */
struct call {
	const char		*argv[16];
	int			 with_profile;	/* pa given */
	int			 refuse;	/* the command's fn refuses */
	struct profile_args	 pa;
	int			 rc;
	int			 argc_left;	/* argc - optind */
	char			 seen[64];	/* own options, in order */
	const char		*out;		/* -o's argument */
	char			*err;		/* what it printed on stderr */
};

static int usage_calls;
static FILE *usage_stream;

static void
usage(FILE *f)
{
	usage_calls++;
	usage_stream = f;
}

/* The command's own option handler: records c, keeps -o's argument. */
static int
own_opt(int c, const char *arg, void *ctx)
{
	struct call *c_ = ctx;
	size_t n = strlen(c_->seen);

	if (c_->refuse) {
		log_error("-%c: refused", c);
		return -1;
	}
	if (n + 1 < sizeof(c_->seen)) {
		c_->seen[n] = (char)c;
		c_->seen[n + 1] = '\0';
	}
	if (c == 'o')
		c_->out = arg;
	return 0;
}

static void
do_getopt(void *arg)
{
	struct call *c = arg;
	int argc = 0;

	while (c->argv[argc] != NULL)
		argc++;
	c->rc = cmd_getopt(argc, (char **)c->argv, "o:n", own_longopts,
	    c->with_profile ? &c->pa : NULL, own_opt, c, usage);
	c->argc_left = argc - optind;
}

/* Runs the call, with stderr captured. */
static void
call(struct call *c)
{
	log_set_verbosity(0);
	usage_calls = 0;
	c->err = tu_capture_stderr(do_getopt, c);
}

static void
call_free(struct call *c)
{
	free(c->err);
	profile_args_free(&c->pa);
}

static void
test_shared_options(void **state)
{
	struct call c = {
		.argv = { "build", "-p", "site.ini", "-s", "a.b=1", "--set",
		    "c.d=x=y", "--set=e.f=", "-v", NULL },
		.with_profile = 1,
	};

	(void)state;
	call(&c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.err, "");
	assert_string_equal(c.pa.path, "site.ini");
	assert_int_equal(c.pa.nsets, 3);
	assert_string_equal(c.pa.sets[0], "a.b=1");
	assert_string_equal(c.pa.sets[1], "c.d=x=y");
	assert_string_equal(c.pa.sets[2], "e.f=");
	assert_int_equal(log_verbosity(), 1);
	assert_string_equal(c.seen, "");
	call_free(&c);
}

static void
test_long_profile_and_quiet(void **state)
{
	struct call c = {
		.argv = { "build", "--profile=other.ini", "--quiet", NULL },
		.with_profile = 1,
	};

	(void)state;
	call(&c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.pa.path, "other.ini");
	assert_int_equal(log_verbosity(), -1);
	call_free(&c);
}

static void
test_own_options_and_operands(void **state)
{
	struct call c = {
		.argv = { "build", "-n", "first", "--out", "dir", "-ofused",
		    "--out=eq", "--dry", "second", NULL },
		.with_profile = 1,
	};

	(void)state;
	call(&c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.err, "");
	assert_string_equal(c.seen, "nooon");
	assert_string_equal(c.out, "eq");
	/* operands come after the options, in their order */
	assert_int_equal(c.argc_left, 2);
	assert_string_equal(c.argv[optind], "first");
	assert_string_equal(c.argv[optind + 1], "second");
	call_free(&c);
}

/* "--" ends the options: what follows is an operand even if it looks
 * like one. */
static void
test_double_dash(void **state)
{
	struct call c = {
		.argv = { "build", "-n", "--", "-q", "--out", "-x", NULL },
		.with_profile = 1,
	};

	(void)state;
	call(&c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.err, "");
	assert_string_equal(c.seen, "n");
	assert_int_equal(log_verbosity(), 0);
	assert_int_equal(c.argc_left, 3);
	assert_string_equal(c.argv[optind], "-q");
	assert_string_equal(c.argv[optind + 2], "-x");
	call_free(&c);
}

static void
test_help(void **state)
{
	static const char *const forms[] = { "-h", "--help", "--he" };

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct call c = {
			.argv = { "build", "-n", forms[i], "-x", NULL },
			.with_profile = 1,
		};

		usage_stream = NULL;
		call(&c);
		assert_int_equal(c.rc, 1);
		assert_int_equal(usage_calls, 1);
		assert_ptr_equal(usage_stream, stdout);
		assert_string_equal(c.err, "");
		call_free(&c);
	}
}

/* One refusal: the exact stderr, and the return value -1. */
static void
refused(int with_profile, const char *a1, const char *a2, const char *want)
{
	struct call c = {
		.argv = { "build", "-n", a1, a2, NULL },
		.with_profile = with_profile,
	};

	call(&c);
	assert_int_equal(c.rc, -1);
	assert_int_equal(usage_calls, 0);
	assert_string_equal(c.err, want);
	call_free(&c);
}

static void
test_unknown_options(void **state)
{
	(void)state;
	refused(1, "-x", NULL, "xeninfn build: invalid option -- 'x'\n" TRY);
	refused(1, "-nx", NULL, "xeninfn build: invalid option -- 'x'\n" TRY);
	refused(1, "--bogus", NULL,
	    "xeninfn build: unrecognized option '--bogus'\n" TRY);
	refused(1, "--bogus=1", NULL,
	    "xeninfn build: unrecognized option '--bogus'\n" TRY);
	refused(1, "--dry-rn", NULL, "xeninfn build: unrecognized option "
	    "'--dry-rn'; did you mean '--dry-run'?\n" TRY);
	refused(1, "--d", NULL, "xeninfn build: option '--d' is ambiguous; "
	    "possibilities: '--dry-run' '--done'\n" TRY);
	refused(1, "--dry-run=yes", NULL, "xeninfn build: option "
	    "'--dry-run' doesn't allow an argument\n" TRY);
	refused(1, "-", "-x", "xeninfn build: invalid option -- 'x'\n" TRY);
}

static void
test_missing_argument(void **state)
{
	(void)state;
	refused(1, "-o", NULL,
	    "xeninfn build: option requires an argument -- 'o'\n" TRY);
	refused(1, "--out", NULL,
	    "xeninfn build: option '--out' requires an argument\n" TRY);
	refused(1, "-s", NULL,
	    "xeninfn build: option requires an argument -- 's'\n" TRY);
	refused(1, "--profile", NULL,
	    "xeninfn build: option '--profile' requires an argument\n" TRY);
}

static void
test_bad_set(void **state)
{
	(void)state;
	refused(1, "-s", "novalue", "xeninfn build: error: -s novalue: "
	    "expected section.key=value\n" TRY);
	refused(1, "-s", "=v", "xeninfn build: error: -s =v: "
	    "expected section.key=value\n" TRY);
	refused(1, "--set=", NULL, "xeninfn build: error: -s : "
	    "expected section.key=value\n" TRY);
}

/* A command without a profile: -p and -s are unknown to it. */
static void
test_no_profile(void **state)
{
	(void)state;
	refused(0, "-p", "x.ini", "xeninfn build: invalid option -- 'p'\n" TRY);
	refused(0, "-s", "a.b=c", "xeninfn build: invalid option -- 's'\n" TRY);
	refused(0, "--profile=x.ini", NULL,
	    "xeninfn build: unrecognized option '--profile'\n" TRY);
	/* (a "did you mean" may follow: the nearest option of the command) */
	{
		struct call c = {
			.argv = { "build", "--set", "a.b=c", NULL },
		};
		const char *want = "xeninfn build: unrecognized option '--set'";

		call(&c);
		assert_int_equal(c.rc, -1);
		assert_memory_equal(c.err, want, strlen(want));
		assert_non_null(strstr(c.err, "\n" TRY));
		call_free(&c);
	}
}

/* The command's own handler refuses: its message, then the Try line. */
static void
test_command_refuses(void **state)
{
	struct call c = {
		.argv = { "build", "-q", "--out", "d", "-n", NULL },
		.with_profile = 1, .refuse = 1,
	};

	(void)state;
	call(&c);
	assert_int_equal(c.rc, -1);
	assert_string_equal(c.err, "xeninfn build: error: -o: refused\n" TRY);
	call_free(&c);
}

/* A parse that stopped in the middle of "-nx" leaves nothing behind for
 * the next one (commands are parsed once, the tests many times). */
static void
test_parse_after_error(void **state)
{
	struct call c = {
		.argv = { "build", "-xq", NULL }, .with_profile = 1,
	};
	struct call d = {
		.argv = { "build", "-n", "op", NULL }, .with_profile = 1,
	};

	(void)state;
	call(&c);
	assert_int_equal(c.rc, -1);
	call_free(&c);
	call(&d);
	assert_int_equal(d.rc, 0);
	assert_string_equal(d.err, "");
	assert_string_equal(d.seen, "n");
	assert_int_equal(log_verbosity(), 0);	/* the old "q" not taken */
	assert_int_equal(d.argc_left, 1);
	call_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_options),
		cmocka_unit_test(test_long_profile_and_quiet),
		cmocka_unit_test(test_own_options_and_operands),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_unknown_options),
		cmocka_unit_test(test_missing_argument),
		cmocka_unit_test(test_bad_set),
		cmocka_unit_test(test_no_profile),
		cmocka_unit_test(test_command_refuses),
		cmocka_unit_test(test_parse_after_error),
	};

	log_init("xeninfn");
	log_set_command("build");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
