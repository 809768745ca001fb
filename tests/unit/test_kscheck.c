/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of kscheck.c through kickstart_check: the report's counts,
 * the message form, optparse-like option matching and shell-like quoting
 * (the grammar cases themselves are in tests/kickstart/t-check.sh). */
#include "testutil.h"
#include "kickstart.h"

#define BASE \
	"install\nurl --url http://m.example/sl/\nlang en_US.UTF-8\n" \
	"keyboard us\ntimezone UTC\nnetwork --device=eth0 --bootproto=dhcp\n" \
	"rootpw --iscrypted !!\nbootloader --location=mbr\nautopart\n" \
	"reboot\n"

struct call {
	const char *text;
	struct ks_report rep;
	int rc;
};

static void
do_check(void *arg)
{
	struct call *c = arg;

	c->rc = kickstart_check("t.ks", c->text, &c->rep);
}

/* Checks text; returns the messages (caller frees). */
static char *
check(const char *text, int *rc, struct ks_report *rep)
{
	struct call c = { text, { 0, 0 }, -1 };
	char *err = tu_capture_stderr(do_check, &c);

	*rc = c.rc;
	*rep = c.rep;
	return err;
}

static void
test_counts_and_format(void **state)
{
	struct ks_report rep;
	int rc;
	char *err;

	(void)state;
	err = check(BASE, &rc, &rep);
	assert_int_equal(rc, 0);
	assert_int_equal(rep.errors + rep.warnings, 0);
	assert_string_equal(err, "");
	free(err);
	err = check(BASE "mouse none\nnetwork --bootproto=none\n%end\n", &rc,
	    &rep);
	assert_int_equal(rc, 1);
	assert_int_equal(rep.errors, 2);
	assert_int_equal(rep.warnings, 1);
	assert_non_null(strstr(err, "t.ks:11: warning: mouse is deprecated"));
	assert_non_null(strstr(err, "t.ks:12: error: network --bootproto"));
	assert_non_null(strstr(err, "t.ks:13: error: %end"));
	free(err);
}

static void
test_options_like_optparse(void **state)
{
	struct ks_report rep;
	int rc;
	char *err;

	(void)state;
	/* "--boot" is an unambiguous prefix of --bootproto; a value may
	 * follow as the next word; quotes group words */
	err = check(BASE "network --device eth1 --boot static --ip "
	    "192.0.2.2 --netmask=255.255.255.0 --ethtool='autoneg off'\n"
	    "bootloader --append \"a b\" --location=mbr\n", &rc, &rep);
	assert_int_equal(rc, 0);
	assert_int_equal(rep.errors, 0);
	free(err);
	err = check(BASE "firewall --en\n", &rc, &rep);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(err, "ambiguous option --en"));
	free(err);
	err = check(BASE "lang 'en_US\n", &rc, &rep);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(err, "t.ks:11: error: no closing quotation"));
	free(err);
}

static void
test_missing_commands(void **state)
{
	struct ks_report rep;
	int rc;
	char *err;

	(void)state;
	err = check("install\n", &rc, &rep);
	assert_int_equal(rc, 1);
	assert_true(rep.errors >= 7);
	assert_non_null(strstr(err, "error: no lang command"));
	free(err);
	/* an %include nobody writes may hold them: warnings only */
	err = check("%include /mnt/site.ks\n", &rc, &rep);
	assert_int_equal(rc, 0);
	assert_int_equal(rep.errors, 0);
	assert_non_null(strstr(err, "unless an %include provides it"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_format),
		cmocka_unit_test(test_options_like_optparse),
		cmocka_unit_test(test_missing_commands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
