/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of kickstart.c: what the build's context changes in the
 * rendered kickstart (CD, PXE, a published repository, a host), and that
 * every rendering passes the RHEL 5.1 check. */
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
	assert_null(strstr(t, "\nrepo "));
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
	    "xeninfn-tools" };
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
