/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of kickstart.c: what the build's context changes in the
 * rendered kickstart (CD, PXE, a published repository, a host), and that
 * every rendering passes the RHEL 5.1 check. */
#include <rpm/rpmlib.h>

#include "testutil.h"
#include "kickstart.h"

/* Renders with the given -s overrides and context; the text must pass
 * kickstart_check.  Returns it (caller frees). */
static char *
render(char **sets, size_t n, const struct ks_context *ctx)
{
	struct profile *p = profile_load(NULL, sets, n);
	struct ks_report rep = { 0, 0 };
	char *text;

	assert_non_null(p);
	text = kickstart_render(p, ctx);
	assert_non_null(text);
	assert_int_equal(kickstart_check("ks.cfg", text, &rep), 0);
	assert_int_equal(rep.errors, 0);
	profile_free(p);
	return text;
}

static void
test_cdrom_finds_repo_in_pre(void **state)
{
	struct ks_context ctx = { "cdrom", NULL, NULL };
	char *t = render(NULL, 0, &ctx);

	(void)state;
	assert_non_null(strstr(t, "\n%include /tmp/ks-repo\n"));
	assert_non_null(strstr(t, "--baseurl=file://$mnt/xeninfn"));
	assert_null(strstr(t, "\nrepo --name=xeninfn"));
	/* vtcheck is the first %pre: nothing runs before it */
	assert_true(strstr(t, "xeninfn-vtcheck") < strstr(t, "ks-part <<"));
	assert_null(strstr(t, "%end"));
	free(t);
}

static void
test_published_repo_and_pxe(void **state)
{
	struct ks_context ctx = { "cdrom", "http://r.example/x/", NULL };
	struct ks_context pxe = { "pxe", NULL, "node3" };
	char *sets[] = { "pxe.http_url=http://192.0.2.1/t" };
	char *t = render(NULL, 0, &ctx);

	(void)state;
	assert_non_null(strstr(t,
	    "\nrepo --name=xeninfn --baseurl=http://r.example/x/\n"));
	assert_null(strstr(t, "/tmp/ks-repo"));
	free(t);
	t = render(sets, 1, &pxe);
	assert_non_null(strstr(t,
	    "repo --name=xeninfn --baseurl=http://192.0.2.1/t/xeninfn/\n"));
	assert_non_null(strstr(t, "--hostname=node3"));
	free(t);
}

static void
do_pxe_without_url(void *arg)
{
	struct profile *p = profile_load(NULL, NULL, 0);
	struct ks_context pxe = { "pxe", NULL, NULL };

	*(char **)arg = kickstart_render(p, &pxe);
	profile_free(p);
}

static void
test_pxe_needs_http_url(void **state)
{
	char *out = (char *)"x", *err;

	(void)state;
	err = tu_capture_stderr(do_pxe_without_url, &out);
	assert_null(out);
	assert_non_null(strstr(err, "pxe.http_url"));
	free(err);
}

static void
test_packages(void **state)
{
	char **v = kickstart_packages("lang x\n%packages --nobase\n@core\n"
	    "  xen  \n# c\n\n-sendmail\n%post\nnot-a-package\n");

	(void)state;
	assert_string_equal(v[0], "@core");
	assert_string_equal(v[1], "xen");
	assert_string_equal(v[2], "-sendmail");
	assert_null(v[3]);
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* A CRLF header still opens the section, an indented one still ends it,
 * and no entry is dropped however many there are. */
static void
test_packages_crlf_indent_many(void **state)
{
	struct buf t = BUF_INIT;
	char **v;
	size_t n = 0;

	(void)state;
	buf_adds(&t, "%packages\r\nxen\r\n  %post\nnot-a-package\n"
	    "%packages --nobase\n");
	for (int i = 0; i < 5000; i++)
		buf_printf(&t, "pkg%d\n", i);
	v = kickstart_packages(t.data);
	assert_string_equal(v[0], "xen");
	for (; v[n] != NULL; n++)
		;
	assert_int_equal(n, 5001);
	assert_string_equal(v[5000], "pkg4999");
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
	buf_free(&t);
}

static void
test_shipped_packages(void **state)
{
	struct ks_context ctx = { "cdrom", NULL, NULL };
	char *t = render(NULL, 0, &ctx), **v = kickstart_packages(t);
	static const char *const want[] = { "kernel", "kernel-xen", "xen",
	    "libvirt",
	    "virt-manager", "python-virtinst", "bridge-utils",
	    "openssh-server", "xeninfn-tools" };
	size_t n = 0;

	(void)state;
	for (; v[n] != NULL; n++)
		assert_string_equal(v[n], want[n]);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
	free(t);
}

/* The updates repository line: derived from tree.install_url (the
 * installer's view of the archive), or tree.updates_url as given, or none
 * when it is empty. */
static void
test_updates_repo_line(void **state)
{
	struct ks_context ctx = { "cdrom", NULL, NULL };
	char *d[] = { "tree.url=file:///srv/sl/51/x86_64",
	    "tree.install_url=http://192.0.2.9/sl/51/x86_64/" };
	char *given[] = { "tree.updates_url=http://u.example/sec" };
	char *off[] = { "tree.updates_url=" };
	struct profile *p = profile_load(NULL, d, 1);
	char *t, *u;

	(void)state;
	u = kickstart_updates_url(p, 0);
	assert_string_equal(u, "file:///srv/sl/51/x86_64/updates/security/");
	free(u);
	profile_free(p);
	t = render(NULL, 0, &ctx);
	assert_non_null(strstr(t, "\nrepo --name=sl-security --baseurl="
	    "http://ftp.scientificlinux.org/linux/scientific/obsolete/51/"
	    "x86_64/updates/security/\n"));
	free(t);
	t = render(d, 2, &ctx);
	assert_non_null(strstr(t, "\nrepo --name=sl-security --baseurl="
	    "http://192.0.2.9/sl/51/x86_64/updates/security/\n"));
	free(t);
	t = render(given, 1, &ctx);
	assert_non_null(strstr(t, "\nrepo --name=sl-security --baseurl="
	    "http://u.example/sec/\n"));
	free(t);
	t = render(off, 1, &ctx);
	assert_null(strstr(t, "\nrepo --name=sl-security"));
	/* %post still checks the kernel-xen it got */
	assert_non_null(strstr(t, "kernel_xen_ok"));
	free(t);
}

/* Version pairs on which %post's shell xeninfn_vercmp must agree with
 * librpm's rpmvercmp: the kernel-xen releases around the minimum, and
 * the corner cases of the algorithm (leading zeros, letters against
 * digits, separators, segments left over). */
static const char *const vercmp_pairs[][2] = {
	{ "53.el5", "53.1.6" }, { "53.1.6.el5", "53.1.6" },
	{ "53.1.4.el5", "53.1.6" }, { "53.1.13.el5", "53.1.6" },
	{ "92.el5", "53.1.6" }, { "53.1.6", "53.1.6" },
	{ "2.6.18", "2.6.18" }, { "2.6.9", "2.6.18" }, { "2.6.18.8", "2.6.18" },
	{ "1.0010", "1.9" }, { "1.05", "1.5" }, { "1.0", "1" }, { "1.0", "1.0a" },
	{ "a", "1" }, { "1", "a" }, { "abc", "abd" }, { "B", "a" },
	{ "1.0.", "1.0" }, { "1_0", "1.0" }, { "el5", "el5_1" },
	{ "2a", "2.0" }, { "1..2", "1.2" }, { "00", "0" }, { "", "1" },
	{ "10000000000000000000001", "9" },
};

/* The %post's xeninfn_vercmp as a script file that runs it on every pair
 * and prints one result a line.  Returns its path (caller frees). */
static char *
vercmp_script(void)
{
	struct ks_context ctx = { "cdrom", NULL, NULL };
	char *t = render(NULL, 0, &ctx), *start, *end, *path;
	struct buf sh = BUF_INIT;

	start = strstr(t, "xeninfn_vercmp() {");
	assert_non_null(start);
	end = strstr(start, "\n}\n");
	assert_non_null(end);
	buf_add(&sh, start, (size_t)(end - start) + 3);
	for (size_t i = 0; i < sizeof(vercmp_pairs) / sizeof(vercmp_pairs[0]);
	    i++)
		buf_printf(&sh, "xeninfn_vercmp '%s' '%s'\n", vercmp_pairs[i][0],
		    vercmp_pairs[i][1]);
	path = tu_write(tu_dir, "vercmp.sh", sh.data);
	buf_free(&sh);
	free(t);
	return path;
}

static void
test_post_vercmp_is_rpms(void **state)
{
	static const char *const shells[] = { "/bin/sh", "bash", "busybox" };
	char *script = vercmp_script();

	(void)state;
	for (size_t s = 0; s < sizeof(shells) / sizeof(shells[0]); s++) {
		const char *argv[] = { shells[s], script, NULL, NULL };
		struct buf out = BUF_INIT;
		struct run_opts o = { .out = &out, .merge_stderr = 1 };
		char *line;

		if (strcmp(shells[s], "busybox") == 0) {
			argv[1] = "sh";
			argv[2] = script;
		}
		if (run_cmd(argv, &o) != 0) {
			/* bash or busybox may be absent: /bin/sh is not */
			assert_string_not_equal(shells[s], "/bin/sh");
			buf_free(&out);
			continue;
		}
		buf_adds(&out, "");
		line = out.data;
		for (size_t i = 0; i < sizeof(vercmp_pairs) /
		    sizeof(vercmp_pairs[0]); i++) {
			int want = rpmvercmp(vercmp_pairs[i][0],
			    vercmp_pairs[i][1]);
			char *nl = strchr(line, '\n');

			if (nl == NULL)
				fail_msg("%s: %zu lines, not %zu: %s", shells[s],
				    i, sizeof(vercmp_pairs) /
				    sizeof(vercmp_pairs[0]), out.data);
			*nl = '\0';
			if (atoi(line) != want)
				fail_msg("%s: xeninfn_vercmp %s %s = %s, rpm "
				    "says %d", shells[s], vercmp_pairs[i][0],
				    vercmp_pairs[i][1], line, want);
			line = nl + 1;
		}
		buf_free(&out);
	}
	free(script);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cdrom_finds_repo_in_pre),
		cmocka_unit_test(test_published_repo_and_pxe),
		cmocka_unit_test(test_pxe_needs_http_url),
		cmocka_unit_test(test_packages),
		cmocka_unit_test(test_packages_crlf_indent_many),
		cmocka_unit_test(test_shipped_packages),
		cmocka_unit_test(test_updates_repo_line),
		cmocka_unit_test(test_post_vercmp_is_rpms),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
