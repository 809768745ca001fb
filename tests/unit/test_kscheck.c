/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of kscheck.c through kickstart_check: the report's counts,
 * the message form, the sections walked as pykickstart 0.43 walks them,
 * %include of files a %pre writes, bad input (the grammar cases are in
 * tests/kickstart/t-check.sh and t-check-diff.sh). */
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

static void
test_sections_like_readkickstart(void **state)
{
	struct ks_report rep;
	int rc;
	char *err;

	(void)state;
	/* %traceback is a section of 0.43; commands after %packages are
	 * package names; %end in a script goes to the interpreter */
	err = check(BASE "%traceback --log=/tmp/t\necho\n%packages\nreboot\n"
	    "%post\n%end\n", &rc, &rep);
	assert_int_equal(rc, 0);
	assert_int_equal(rep.warnings, 1);
	assert_non_null(strstr(err, "t.ks:16: warning: %end"));
	free(err);
	/* a % line in a script that starts a section is split: a bad quote
	 * there stops the parser */
	err = check(BASE "%post\n%pre 'x\n%include\n", &rc, &rep);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(err, "t.ks:12: error: no closing quotation "
	    "[parser]"));
	assert_non_null(strstr(err, "t.ks:13: error: %include: no file name"));
	free(err);
}

static void
test_pre_written_alternatives(void **state)
{
	struct ks_report rep;
	int rc;
	char *err;

	(void)state;
	/* two ways of writing one file: both are checked, and what either
	 * defines counts afterwards */
	err = check("install\nurl --url http://m.example/sl/\nlang en_US\n"
	    "keyboard us\ntimezone UTC\nnetwork --device=eth0\n"
	    "rootpw --iscrypted !!\nbootloader\nreboot\n"
	    "%include /tmp/p\n"
	    "logvol / --vgname=vg0 --name=root --size=1000\n"
	    "%pre\nif [ -b /dev/sdb ]; then\ncat >/tmp/p <<EOF\n"
	    "part pv.1 --size=100 --ondisk=sdb\nvolgroup vg0 pv.1\nEOF\n"
	    "else\ncat >/tmp/p <<EOF\npart pv.1 --size=100\n"
	    "volgroup vg0 pv.1 --pesize=3\nEOF\nfi\n", &rc, &rep);
	assert_int_equal(rc, 1);
	assert_int_equal(rep.errors, 1);
	assert_non_null(strstr(err, "t.ks:21: error: volgroup vg0 --pesize 3"));
	free(err);
}

static void
test_bad_input(void **state)
{
	struct ks_report rep;
	char *text = xmalloc(KICKSTART_TEXT_MAX + 1);
	static const char nul[] = "lang x\nkey\0board\n";

	(void)state;
	memcpy(text, nul, sizeof(nul) - 1);
	assert_int_equal(kickstart_check_buf("t", text, sizeof(nul) - 1, &rep),
	    1);
	assert_int_equal(rep.errors, 1);
	memset(text, '#', KICKSTART_TEXT_MAX + 1);
	assert_int_equal(kickstart_check_buf("t", text, KICKSTART_TEXT_MAX + 1,
	    &rep), 1);
	assert_int_equal(rep.errors, 1);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_format),
		cmocka_unit_test(test_options_like_optparse),
		cmocka_unit_test(test_missing_commands),
		cmocka_unit_test(test_sections_like_readkickstart),
		cmocka_unit_test(test_pre_written_alternatives),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
