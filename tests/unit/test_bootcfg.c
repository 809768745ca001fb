/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of bootcfg.c with the shipped isolinux/ templates: the menu's
 * default, timeout, serial console and kernel arguments follow the
 * profile, and a site directory can shadow the menu. */
#include "testutil.h"
#include "bootcfg.h"

/* Renders the ISO menu for the overrides and returns isolinux.cfg (the
 * caller frees); boot.msg is left in *msg. */
static char *
menu(char **sets, size_t n, char **msg)
{
	struct profile *p = profile_load(NULL, sets, n);
	struct buf cfg = BUF_INIT, m = BUF_INIT;
	char *path;

	assert_non_null(p);
	assert_int_equal(bootcfg_write_isolinux(p, tu_dir, "XenINFN test label",
	    "2008-01-10 21:20 UTC"), 0);
	path = path_join(tu_dir, "isolinux.cfg");
	assert_int_equal(read_file(path, 1 << 20, &cfg), 0);
	free(path);
	path = path_join(tu_dir, "boot.msg");
	assert_int_equal(read_file(path, 1 << 20, &m), 0);
	free(path);
	*msg = buf_release(&m);
	profile_free(p);
	return buf_release(&cfg);
}

/* 1 if text has a line equal to line. */
static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p != NULL; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

static void
test_default_menu(void **state)
{
	char *msg, *cfg = menu(NULL, 0, &msg);

	(void)state;
	assert_true(has_line(cfg, "ui menu.c32"));
	assert_true(has_line(cfg, "default install"));
	assert_true(has_line(cfg, "timeout 600"));
	assert_true(has_line(cfg, "menu title XenINFN test label"));
	assert_true(has_line(cfg, "label text"));
	/* the entry that lets the %pre erase foreign disks: never default */
	assert_true(has_line(cfg, "label wipe"));
	assert_non_null(strstr(cfg, " xeninfn.wipe=all "));
	assert_false(has_line(cfg, "default wipe"));
	assert_true(has_line(cfg, "  localboot 0x80"));
	assert_non_null(strstr(cfg, "append initrd=initrd.img,xeninfn.img ks=file:/ks.cfg "
	    "ksdevice=eth0"));
	assert_null(strstr(cfg, "serial"));
	assert_null(strstr(cfg, "console="));
	assert_null(strstr(cfg, "{{"));
	assert_non_null(strstr(msg, "Built 2008-01-10 21:20 UTC"));
	assert_non_null(strstr(msg, "with Xen 3.1.2"));
	free(cfg);
	free(msg);
}

static void
test_local_serial_timeout(void **state)
{
	char *sets[] = { "boot.default=local", "boot.timeout=5",
	    "boot.console=ttyS1,9600", "boot.extra_args=noipv6",
	    "network.mgmt_nic=eth2" };
	char *msg, *cfg = menu(sets, 5, &msg);

	(void)state;
	assert_true(has_line(cfg, "default local"));
	assert_true(has_line(cfg, "timeout 50"));
	assert_true(has_line(cfg, "serial 1 9600"));
	assert_non_null(strstr(cfg, "ksdevice=eth2 console=tty0 "
	    "console=ttyS1,9600 noipv6\n"));
	free(cfg);
	free(msg);
}

static void
test_timeout_zero_boots_at_once(void **state)
{
	char *sets[] = { "boot.timeout=0", "boot.console=ttyS0" };
	char *msg, *cfg = menu(sets, 2, &msg);

	(void)state;
	/* syslinux reads "timeout 0" as "wait for ever": no menu then. */
	assert_null(strstr(cfg, "ui menu.c32"));
	assert_true(has_line(cfg, "prompt 0"));
	assert_true(has_line(cfg, "serial 0 115200"));
	assert_non_null(strstr(cfg, "console=ttyS0,115200"));
	free(cfg);
	free(msg);
}

static void
test_site_override(void **state)
{
	char *site = path_join(tu_dir, "site"), *iso = path_join(site, "isolinux");
	char *set = xasprintf("kickstart.template_dir=%s", site);
	char *sets[] = { set };
	char *msg, *cfg, *f;

	(void)state;
	assert_int_equal(mkdirs(iso, 0755), 0);
	f = tu_write(iso, "isolinux.cfg", "# site menu\ndefault {{ boot.default }}\n");
	cfg = menu(sets, 1, &msg);
	assert_string_equal(cfg, "# site menu\ndefault install\n");
	/* boot.msg was not shadowed: the shipped one is used. */
	assert_non_null(strstr(msg, "XenINFN test label"));
	free(cfg);
	free(msg);
	free(f);
	free(set);
	free(iso);
	free(site);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_menu),
		cmocka_unit_test(test_local_serial_timeout),
		cmocka_unit_test(test_timeout_zero_boots_at_once),
		cmocka_unit_test(test_site_override),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
