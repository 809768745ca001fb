/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/json.c: a string comes out as one JSON string that
 * jq reads back as the same bytes. */
#include <sys/wait.h>

#include "testutil.h"

/* json_str of s; the caller frees it. */
static char *
quoted(const char *s)
{
	struct buf b = BUF_INIT;

	assert_int_equal(json_str(&b, s), 0);
	return buf_release(&b);
}

static void
test_escapes(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "", "\"\"" },
		{ "plain", "\"plain\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "C:\\dir", "\"C:\\\\dir\"" },
		{ "a\nb\tc\rd", "\"a\\nb\\tc\\rd\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"" },
		{ "\x1b[0m", "\"\\u001b[0m\"" },
		{ "caf\xc3\xa9 /", "\"caf\xc3\xa9 /\"" },	/* UTF-8 as is */
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = quoted(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

/* Appends to what the buffer holds. */
static void
test_appends(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "{\"k\":");
	json_str(&b, "v");
	buf_addc(&b, '}');
	assert_string_equal(b.data, "{\"k\":\"v\"}");
	buf_free(&b);
}

/* Every ASCII byte, and UTF-8, survive a round trip through jq. */
static void
test_jq_round_trip(void **state)
{
	char all[140], *path, *json, *quotedjson;
	struct buf got = BUF_INIT;
	const char *argv[] = { "jq", "-j", ".", NULL, NULL };
	struct run_opts ro = { .out = &got };
	size_t n;

	(void)state;
	if (access("/usr/bin/jq", X_OK) != 0)
		skip();
	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	strcpy(all + 127, "caf\xc3\xa9");
	n = strlen(all);
	quotedjson = quoted(all);
	json = xasprintf("%s\n", quotedjson);
	path = tu_write(tu_dir, "s.json", json);
	argv[3] = path;
	assert_int_equal(run_cmd(argv, &ro), 0);
	assert_int_equal(got.len, n);
	assert_memory_equal(got.data, all, n);
	free(json);
	free(quotedjson);
	free(path);
	buf_free(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_jq_round_trip),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
