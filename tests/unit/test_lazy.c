/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_lazy.c: the libraries loaded on first use (builder/lazy.c): a
 * library that is missing stops the command with a message that names it
 * and its package (exit 1, not a crash), the variadic functions pass their
 * arguments on, and file:// URLs are read without libcurl as libcurl reads
 * them.
 */
#include <sys/wait.h>
#include <curl/curl.h>

#include "testutil.h"
#include "fetch-cache.h"
#include "lazy.h"

static void
open_missing(void *arg)
{
	int *status = arg;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		lazy_open("libxeninfn-missing.so.7", "libxeninfn-missing7");
		_exit(0);
	}
	assert_int_equal(waitpid(pid, status, 0), pid);
}

static void
test_missing_library(void **state)
{
	int status = 0;
	char *err = tu_capture_stderr(open_missing, &status);

	(void)state;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_non_null(strstr(err, "cannot load libxeninfn-missing.so.7 "
	    "(needed by this command): "));
	assert_non_null(strstr(err, "libxeninfn-missing.so.7: cannot open "
	    "shared object file"));
	assert_non_null(strstr(err, "; install the libxeninfn-missing7 "
	    "package\n"));
	free(err);
}

/* curl_easy_setopt's three kinds of arguments (long, pointer, curl_off_t)
 * and curl_easy_getinfo's pointer, through lazy.c's stubs. */
static void
test_curl_variadic(void **state)
{
	CURL *e = curl_easy_init();
	char *priv = NULL, mark[] = "mark";
	long v = -1;

	(void)state;
	assert_non_null(e);
	assert_int_equal(curl_easy_setopt(e, CURLOPT_PRIVATE, mark), CURLE_OK);
	assert_int_equal(curl_easy_setopt(e, CURLOPT_FILETIME, 1L), CURLE_OK);
	assert_int_equal(curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)1 << 40), CURLE_OK);
	assert_int_equal(curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, -1L),
	    CURLE_BAD_FUNCTION_ARGUMENT);
	assert_int_equal(curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv),
	    CURLE_OK);
	assert_ptr_equal(priv, mark);
	assert_int_equal(curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &v),
	    CURLE_OK);
	assert_int_equal(v, 0);
	curl_easy_cleanup(e);
}

/* file_url_path gives what libcurl's URL parser gave (before it was read
 * by hand): dot segments removed, then %XX decoded. */
static void
test_file_urls(void **state)
{
	static const char *const good[][2] = {
		{ "file:///a/b", "/a/b" }, { "file:/a/b", "/a/b" },
		{ "FILE://LocalHost/a", "/a" }, { "file://127.0.0.1/a", "/a" },
		{ "file:///a/../b", "/b" }, { "file:///a/./b/.", "/a/b/" },
		{ "file:///a/b/..", "/a/" }, { "file:///a/b/../../..", "/" },
		{ "file:///a/.../b", "/a/.../b" }, { "file:///a//b/", "/a//b/" },
		{ "file:///a%20b%2Fc", "/a b/c" }, { "file:///%2e%2e/x", "/../x" },
		{ "file:///a%zz%4", "/a%zz%4" }, { "file:///a?x=1#f", "/a" },
	};
	static const char *const bad[] = {
		"file://server/a", "file:///a%0ab", "file:///a b", "file:rel",
		"file://", "file://localhost", "http://h/a",
	};
	char *p;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		p = file_url_path(good[i][0]);
		assert_non_null(p);
		assert_string_equal(p, good[i][1]);
		free(p);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(file_url_path(bad[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_curl_variadic),
		cmocka_unit_test(test_file_urls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
