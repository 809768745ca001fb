/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of spawn.c: run_cmd runs real programs (sh, printf, pwd,
 * env) without a shell of its own; what a test wants the program to do
 * it says in the program's arguments. */
#include <sys/stat.h>
#include <fcntl.h>
#include <signal.h>

#include "testutil.h"

/* What a run printed on the test's own stdout and stderr, and its result.
 */
struct run {
	const char *const	*argv;
	struct run_opts		 o;
	int			 rc;
	char			*out;	/* the test's stdout during the run */
	char			*err;	/* the test's stderr during the run */
};

/* Reads and removes the file at path; returns its text (caller frees). */
static char *
slurp(const char *path)
{
	struct buf b = BUF_INIT;

	assert_int_equal(read_file(path, 1 << 24, &b), 0);
	unlink(path);
	return buf_release(&b);
}

/* Runs r->argv with r->o, the test's stdout and stderr sent to files
 * meanwhile, and fills in r. */
static void
run(struct run *r)
{
	char o[] = "/tmp/xeninfn-spawn-out.XXXXXX";
	char e[] = "/tmp/xeninfn-spawn-err.XXXXXX";
	/* close-on-exec, so that the program sees none of these */
	int ofd = mkostemp(o, O_CLOEXEC), efd = mkostemp(e, O_CLOEXEC);
	int so = fcntl(1, F_DUPFD_CLOEXEC, 3), se = fcntl(2, F_DUPFD_CLOEXEC, 3);

	assert_true(ofd >= 0 && efd >= 0 && so >= 0 && se >= 0);
	fflush(stdout);
	fflush(stderr);
	dup2(ofd, 1);
	dup2(efd, 2);
	r->rc = run_cmd((const char *const *)r->argv, &r->o);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	close(ofd);
	close(efd);
	r->out = slurp(o);
	r->err = slurp(e);
}

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* sh -c SCRIPT, and what it printed. */
static int
sh(const char *script, struct run *r)
{
	const char *argv[] = { "sh", "-c", script, NULL };

	r->argv = argv;
	run(r);
	r->argv = NULL;
	return r->rc;
}

static void
test_exit_codes(void **state)
{
	static const int codes[] = { 0, 1, 2, 3, 42, 126, 127, 128, 200, 255 };
	struct run r = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char *script = xasprintf("exit %d", codes[i]);

		assert_int_equal(sh(script, &r), codes[i]);
		/* a program's own exit 127 is not "could not start" */
		assert_string_equal(r.err, "");
		run_free(&r);
		free(script);
	}
}

static void
test_death_by_signal(void **state)
{
	struct run r = { 0 };

	(void)state;
	assert_int_equal(sh("kill -TERM $$", &r), 128 + SIGTERM);
	run_free(&r);
	assert_int_equal(sh("kill -KILL $$", &r), 128 + SIGKILL);
	run_free(&r);
	assert_int_equal(sh("kill -SEGV $$", &r), 128 + SIGSEGV);
	run_free(&r);
}

/* Without options the program writes to the test's own stdout and
 * stderr. */
static void
test_inherited_output(void **state)
{
	struct run r = { 0 };

	(void)state;
	assert_int_equal(sh("echo to-out; echo to-err >&2", &r), 0);
	assert_string_equal(r.out, "to-out\n");
	assert_string_equal(r.err, "to-err\n");
	run_free(&r);
}

static void
test_captured_merged(void **state)
{
	struct buf b = BUF_INIT;
	struct run r = { .o = { .out = &b, .merge_stderr = 1 } };

	(void)state;
	assert_int_equal(sh("echo one; echo two >&2; echo three", &r), 0);
	assert_string_equal(b.data, "one\ntwo\nthree\n");
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "");
	run_free(&r);
	buf_free(&b);
}

/* Captured stdout, stderr left to the test's stderr. */
static void
test_captured_not_merged(void **state)
{
	struct buf b = BUF_INIT;
	struct run r = { .o = { .out = &b } };

	(void)state;
	assert_int_equal(sh("echo one; echo two >&2; echo three; exit 3", &r), 3);
	assert_non_null(b.data);
	assert_string_equal(b.data, "one\nthree\n");
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "two\n");
	run_free(&r);
	buf_free(&b);
}

/* on_line's state in test_streamed_lines: the lines so far, and the
 * file the first one makes, that the program waits for. */
struct lines {
	struct buf	 seen;
	const char	*flag;
};

static void
note_line(const char *line, void *arg)
{
	struct lines *l = arg;

	buf_printf(&l->seen, "[%s]", line);
	if (strcmp(line, "first") == 0)
		assert_int_equal(write_file_atomic(l->flag, "", 0, 0644), 0);
}

/* on_line gets each line ('\n' or '\r' ended, the last one unended) while
 * the program runs: it prints the rest only once the first line's call
 * has made the flag file (else, after 10 s, "late"). */
static void
test_streamed_lines(void **state)
{
	char dir[] = "/tmp/xeninfn-spawn-lines.XXXXXX";
	struct buf b = BUF_INIT;
	struct lines l = { BUF_INIT, NULL };
	struct run r = { .o = { .out = &b, .merge_stderr = 1,
	    .on_line = note_line, .line_arg = &l } };
	char *flag, *script;

	(void)state;
	assert_non_null(mkdtemp(dir));
	flag = xasprintf("%s/flag", dir);
	l.flag = flag;
	script = xasprintf("echo first; i=0; while [ ! -e %s ] && "
	    "[ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; "
	    "[ -e %s ] || echo late; printf 'second\\rthird\\n\\nlast'",
	    flag, flag);
	assert_int_equal(sh(script, &r), 0);
	buf_addc(&l.seen, '\0');
	assert_string_equal(l.seen.data, "[first][second][third][last]");
	assert_string_equal(b.data, "first\nsecond\rthird\n\nlast");
	unlink(flag);
	rmdir(dir);
	free(flag);
	free(script);
	buf_free(&l.seen);
	run_free(&r);
	buf_free(&b);
}

/* More than a pipe holds (64 KiB on Linux): read while it runs. */
static void
test_captured_large(void **state)
{
	struct buf b = BUF_INIT;
	struct run r = { .o = { .out = &b } };
	const char *argv[] = { "head", "-c", "1000000", "/dev/zero", NULL };

	(void)state;
	r.argv = argv;
	run(&r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(b.len, 1000000);
	run_free(&r);
	buf_free(&b);
}

static void
test_quiet(void **state)
{
	struct buf b = BUF_INIT;
	struct run r = { .o = { .quiet = 1 } };

	(void)state;
	assert_int_equal(sh("echo to-out; echo to-err >&2; exit 4", &r), 4);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "");
	run_free(&r);
	/* quiet with a capture: what is not captured goes nowhere */
	r.o.out = &b;
	assert_int_equal(sh("echo to-out; echo to-err >&2", &r), 0);
	assert_string_equal(b.data, "to-out\n");
	assert_string_equal(r.err, "");
	run_free(&r);
	buf_free(&b);
}

/* Extra variables reach the program as they are, the rest of the
 * environment too, and the test's own environment stays as it was. */
static void
test_environment(void **state)
{
	static const char *const env[] = {
		"XENINFN_T1=a b;c $(id) `id` *", "XENINFN_T2=", NULL,
	};
	struct buf b = BUF_INIT;
	struct run r = { .o = { .out = &b, .env = env } };
	const char *argv[] = { "env", NULL };

	(void)state;
	assert_null(getenv("XENINFN_T1"));
	assert_int_equal(setenv("XENINFN_INHERITED", "yes", 1), 0);
	r.argv = argv;
	run(&r);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(b.data, "\nXENINFN_T1=a b;c $(id) `id` *\n"));
	assert_non_null(strstr(b.data, "\nXENINFN_T2=\n"));
	assert_non_null(strstr(b.data, "\nXENINFN_INHERITED=yes\n"));
	assert_null(getenv("XENINFN_T1"));
	assert_null(getenv("XENINFN_T2"));
	unsetenv("XENINFN_INHERITED");
	run_free(&r);
	buf_free(&b);
}

/* Each argument reaches the program as one argument, byte for byte:
 * nothing is split, expanded, globbed or run. */
static void
test_argv_verbatim(void **state)
{
	static const char *const args[] = {
		"$(touch pwned)", "`touch pwned`", "; touch pwned", "| touch pwned",
		"&& touch pwned", "a b  c", "*", "?", "[a-z]", "~", "$HOME",
		"'single'", "\"double\"", "back\\slash", "new\nline", "",
		"-n", "--", "> pwned", "< /etc/passwd", "#comment", "${IFS}",
	};
	size_t n = sizeof(args) / sizeof(args[0]);
	const char **argv = xcalloc(n + 3, sizeof(*argv));
	struct buf b = BUF_INIT, want = BUF_INIT;
	struct run r = { .o = { .out = &b, .cwd = tu_dir } };
	char *pwned = path_join(tu_dir, "pwned");

	(void)state;
	argv[0] = "printf";
	argv[1] = "<%s>\\n";
	for (size_t i = 0; i < n; i++) {
		argv[i + 2] = args[i];
		buf_printf(&want, "<%s>\n", args[i]);
	}
	r.argv = argv;
	run(&r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(b.len, want.len);
	assert_memory_equal(b.data, want.data, want.len);
	assert_false(path_exists(pwned));
	run_free(&r);
	buf_free(&want);
	buf_free(&b);
	free(pwned);
	free(argv);
}

static void
test_cwd(void **state)
{
	struct buf b = BUF_INIT;
	struct run r = { .o = { .out = &b, .cwd = tu_dir } };
	/* tu_dir may itself lie under a link: compare resolved */
	char *want = realpath(tu_dir, NULL), *missing;

	(void)state;
	assert_non_null(want);
	assert_int_equal(sh("pwd -P", &r), 0);
	assert_int_equal(b.len, strlen(want) + 1);
	assert_memory_equal(b.data, want, strlen(want));
	run_free(&r);
	buf_free(&b);
	missing = path_join(tu_dir, "no-such-dir");
	r.o.cwd = missing;
	r.o.quiet = 1;
	assert_int_equal(sh("echo ran", &r), -1);
	assert_int_equal(b.len, 0);	/* it did not run */
	/* said on the builder's stderr, even when quiet */
	assert_non_null(strstr(r.err, "sh: cannot enter "));
	assert_non_null(strstr(r.err, missing));
	assert_non_null(strstr(r.err, "No such file or directory"));
	run_free(&r);
	buf_free(&b);
	free(missing);
	free(want);
}

static void
test_missing_program(void **state)
{
	const char *bare[] = { "xeninfn-no-such-program", "arg", NULL };
	const char *slash[] = { "/nonexistent/xeninfn-tool", NULL };
	struct buf b = BUF_INIT;
	struct run r = { .o = { .out = &b, .merge_stderr = 1, .quiet = 1 } };
	char *notexec = tu_write(tu_dir, "not-executable", "#!/bin/sh\n");
	const char *noexec[] = { notexec, NULL };

	(void)state;
	r.argv = bare;
	run(&r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err,
	    "cannot run xeninfn-no-such-program (is it installed?)"));
	assert_null(b.data);	/* nothing in the capture */
	run_free(&r);
	r.argv = slash;
	run(&r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err, "cannot run /nonexistent/xeninfn-tool"));
	run_free(&r);
	r.argv = noexec;
	run(&r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err, "Permission denied"));
	run_free(&r);
	buf_free(&b);
	free(notexec);
}

/* The program sees only stdin, stdout and stderr of run_cmd's making: no
 * pipe end of the capture or of the start check is left open in it. */
static void
test_no_leaked_fds(void **state)
{
	struct buf b = BUF_INIT;
	struct run r = { .o = { .out = &b } };
	const char *argv[] = { "ls", "/proc/self/fd", NULL };
	int before = 0, n = 0;
	char *list, *line, *save = NULL;

	(void)state;
	/* fds the test has open without close-on-exec (none usually) are
	 * inherited, and counted apart */
	for (int fd = 3; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0 && !(fcntl(fd, F_GETFD) & FD_CLOEXEC))
			before++;
	r.argv = argv;
	run(&r);
	assert_int_equal(r.rc, 0);
	list = xstrdup(b.data);
	for (line = strtok_r(list, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		n++;
	/* 0, 1, 2 and the one ls opens to read the directory */
	if (n > 3 + 1 + before)
		fail_msg("the program had %d fds open: %s", n, b.data);
	free(list);
	run_free(&r);
	buf_free(&b);
}

static void
test_tool_path(void **state)
{
	(void)state;
	unsetenv("XENINFN_TEST_TOOL");
	assert_string_equal(tool_path("XENINFN_TEST_TOOL", "/usr/bin/x"),
	    "/usr/bin/x");
	setenv("XENINFN_TEST_TOOL", "", 1);
	assert_string_equal(tool_path("XENINFN_TEST_TOOL", "/usr/bin/x"),
	    "/usr/bin/x");
	setenv("XENINFN_TEST_TOOL", "/opt/x", 1);
	assert_string_equal(tool_path("XENINFN_TEST_TOOL", "/usr/bin/x"),
	    "/opt/x");
	unsetenv("XENINFN_TEST_TOOL");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_death_by_signal),
		cmocka_unit_test(test_inherited_output),
		cmocka_unit_test(test_captured_merged),
		cmocka_unit_test(test_captured_not_merged),
		cmocka_unit_test(test_streamed_lines),
		cmocka_unit_test(test_captured_large),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_argv_verbatim),
		cmocka_unit_test(test_cwd),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_no_leaked_fds),
		cmocka_unit_test(test_tool_path),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
