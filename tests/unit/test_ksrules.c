/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of ksrules.c: command lines and %packages lines given one
 * by one to the rules, with their findings and classes (the grammar as a
 * whole is in tests/kickstart/t-check.sh and t-check-diff.sh). */
#include "testutil.h"
#include "kscheck-int.h"

struct run {
	const char		*lines;	/* "pkg:" lines go to the package rule */
	int			 required;
	int			 ignoremissing;
	struct ks_report	 rep;
};

static void
emit(void *ctx, enum ks_class c, const char *msg)
{
	ks_finding(ctx, c, "%s", msg);
}

static void
run_lines(void *arg)
{
	struct run *r = arg;
	struct ks k = { 0 };

	k.name = "t";
	k.rep = &r->rep;
	k.sink.emit = emit;
	k.sink.ctx = &k;
	k.ignoremissing = r->ignoremissing;
	for (const char *l = r->lines; *l != '\0';) {
		size_t len = strcspn(l, "\n");
		struct kswords w = { 0 };
		const char *why;

		k.line++;
		if (strncmp(l, "pkg:", 4) == 0) {
			char *p = xstrndup(l + 4, len - 4);

			ksrules_package(&k, p);
			free(p);
		} else if (kslex_split(l, len, &w, &why) == 0 && w.n > 0)
			ksrules_command(&k, w.v, w.n);
		kswords_free(&w);
		l += len + (l[len] == '\n');
	}
	if (r->required)
		ksrules_required(&k);
	ks_scope_free(&k.sc);
}

/* Runs the rules on lines; returns the findings (caller frees). */
static char *
rules(const char *lines, struct ks_report *rep)
{
	struct run r = { lines, 0, 0, { 0, 0 } };
	char *out = tu_capture_stderr(run_lines, &r);

	*rep = r.rep;
	return out;
}

/* 70 partitions and a 200-character name: the limits of 64 names and 63
 * characters are gone. */
static void
test_no_limits(void **state)
{
	struct buf b = BUF_INIT;
	struct ks_report rep;
	char vg[201], *out;

	(void)state;
	memset(vg, 'v', 200);
	vg[200] = '\0';
	for (int i = 0; i < 70; i++)
		buf_printf(&b, "part pv.%d --size=100\n", i);
	buf_printf(&b, "volgroup %s", vg);
	for (int i = 0; i < 70; i++)
		buf_printf(&b, " pv.%d", i);
	buf_printf(&b, "\nlogvol / --vgname=%s --name=root --size=4096\n", vg);
	out = rules(b.data, &rep);
	assert_string_equal(out, "");
	assert_int_equal(rep.errors + rep.warnings, 0);
	free(out);
	buf_free(&b);
}

static void
test_partitioning(void **state)
{
	struct ks_report rep;
	char *out;

	(void)state;
	/* anaconda reads in order: a reference to a later line fails */
	out = rules("volgroup vg0 pv.1\npart pv.1 --size=10\n"
	    "logvol / --vgname=vg0 --name=a\n"
	    "logvol /b --vgname=vg0 --name=a --size=8\n"
	    "part /c --fstype=ext3\npart /d --size=1 --onpart=sdb1\n"
	    "part /e --onpart=/dev/sdb1\n"
	    "part raid.1 --size=1\nraid /f --level=1 --device=md0 raid.1\n"
	    "raid /g --level=RAID4 --device=md1 raid.1\n", &rep);
	assert_non_null(strstr(out, "t:1: error: volgroup vg0: pv.1 is not "
	    "defined by an earlier part or raid command: anaconda stops "
	    "[installer]"));
	assert_non_null(strstr(out, "t:3: error: logvol /: give --size"));
	assert_non_null(strstr(out, "t:4: error: logvol --name a: already "
	    "used"));
	assert_non_null(strstr(out, "t:4: error: logvol /b --size 8: smaller "
	    "than the physical extent"));
	assert_non_null(strstr(out, "t:5: error: part /c: no --size"));
	assert_non_null(strstr(out, "t:7: error: part /e --onpart sdb1: the "
	    "partition is already used"));
	assert_non_null(strstr(out, "t:10: error: raid /g: member raid.1 is "
	    "already used (line 9)"));
	assert_non_null(strstr(out, "t:10: error: raid /g: no --level"));
	assert_int_equal(rep.errors, 8);
	free(out);
}

static void
test_warnings_not_errors(void **state)
{
	struct ks_report rep;
	char *out;

	(void)state;
	out = rules("rootpw --iscrypted NOT-A-ROOT-PASSWORD\n"
	    "keyboard --vckeymap=de\ncdrom /dev/hdc\nzerombr yes\n"
	    "pkg:-@dialup\npkg:@\n", &rep);
	assert_int_equal(rep.errors, 0);
	assert_int_equal(rep.warnings, 6);
	assert_non_null(strstr(out, "t:1: warning: rootpw --iscrypted: "
	    "'NOT-A-ROOT-PASSWORD' is no hash SL 5.1 can check"));
	assert_non_null(strstr(out, "the account is locked"));
	assert_non_null(strstr(out, "t:5: warning: %packages: '-@dialup' "
	    "excludes a package named '@dialup', not the group"));
	free(out);
}

static void
test_packages_missing(void **state)
{
	struct run r = { "pkg:xen libvirt\n", 0, 0, { 0, 0 } };
	char *out = tu_capture_stderr(run_lines, &r);

	(void)state;
	assert_int_equal(r.rep.errors, 1);
	assert_non_null(strstr(out, "anaconda stops at the missing package"));
	free(out);
	r.ignoremissing = 1;
	r.rep.errors = r.rep.warnings = 0;
	out = tu_capture_stderr(run_lines, &r);
	assert_int_equal(r.rep.errors, 0);
	assert_int_equal(r.rep.warnings, 1);
	free(out);
}

static void
test_required(void **state)
{
	struct run r = { "lang en_US\n", 1, 0, { 0, 0 } };
	char *out = tu_capture_stderr(run_lines, &r);

	(void)state;
	assert_int_equal(r.rep.errors, 6);
	assert_non_null(strstr(out, "t:1: error: no keyboard command"));
	assert_null(strstr(out, "no lang command"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_limits),
		cmocka_unit_test(test_partitioning),
		cmocka_unit_test(test_warnings_not_errors),
		cmocka_unit_test(test_packages_missing),
		cmocka_unit_test(test_required),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
