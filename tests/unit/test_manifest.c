/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of manifest.c and the media identity: the manifest is valid
 * JSON (checked by python3's parser, a real one), lists inputs, RPMs and
 * outputs, never a cache path or the root hash, and the names follow the
 * profile. */
#include "testutil.h"
#include "settings.h"
#include "paths.h"
#include "manifest.h"
#include "media-id.h"
#include "syslinux.h"
#include "rpm.h"
#include "tree.h"

static struct tree_input inputs[] = {
	{ "kernel", "http://m/sl51/images/pxeboot/vmlinuz",
	  "/home/u/.cache/xeninfn/ab12", "aa11", "none" },
	{ "initrd", "http://m/sl51/images/pxeboot/initrd.img",
	  "/home/u/.cache/xeninfn/cd34", "bb22", "SHA256SUMS" },
};

static struct rpm_pkg pkgs[] = {
	{ "/tmp/x/xen-3.1.2-1.xeninfn.x86_64.rpm", "file:///srv/xen/",
	  "xen", "3.1.2", "1.xeninfn", "x86_64", "cc33", "0123ABCD" },
	{ "/src/build/rpm/xeninfn-tools-0.1.0-1.x86_64.rpm",
	  "/src/build/rpm/xeninfn-tools-0.1.0-1.x86_64.rpm",
	  "xeninfn-tools", "0.1.0", "1", "x86_64", "dd44", NULL },
};

static char *
render(const char *sde, char **sets, size_t nsets, struct media_id *id)
{
	struct profile *p = profile_load(NULL, sets, nsets);
	struct tree t = { "http://m/sl51/", "Scientific Linux", "5.1",
	    "x86_64", "1194015384.0", 0, NULL, NULL, "repodata", inputs, 2 };
	struct rpm_set rs = { pkgs, 2 };
	struct syslinux_set sl;
	struct manifest_output out = { "X.iso", "dd44", 1234 };
	struct settings s;
	char *json;

	assert_non_null(p);
	memset(&sl, 0, sizeof(sl));
	for (int i = 0; i < SYSLINUX_NFILES; i++) {
		sl.f[i].name = "isolinux.bin";
		sl.f[i].sha256 = "ee55";
	}
	if (sde)
		setenv("SOURCE_DATE_EPOCH", sde, 1);
	else
		unsetenv("SOURCE_DATE_EPOCH");
	settings_of(p, &s);
	assert_int_equal(media_id_init(id, &s), 0);
	json = manifest_json(p, &t, &rs, &sl, id, "ff66", &out, 1);
	profile_free(p);
	return json;
}

static void
test_valid_json_with_everything(void **state)
{
	struct media_id id;
	char *json = render("1200000000", NULL, 0, &id);
	char *path = tu_write(tu_dir, "manifest.json", json);
	const char *argv[] = { "python3", "-c",
	    "import json,sys; m=json.load(open(sys.argv[1]));"
	    "assert m['source_date_epoch']==1200000000;"
	    "assert m['inputs'][1]['verified_by']=='SHA256SUMS';"
	    "assert m['rpms'][0]['signed_by']=='0123ABCD';"
	    "assert m['outputs'][0]['size']==1234;"
	    "assert m['built']=='2008-01-10T21:20:00Z';"
	    "assert m['rpms'][0]['url']=='file:///srv/xen/';"
	    "assert m['rpms'][1]['url'] is None;"
	    "assert m['rpms'][1]['file']=="
	    "'xeninfn-tools-0.1.0-1.x86_64.rpm';"
	    "assert m['profile']['keys']['xen.version']['value']=='3.1.2';"
	    "assert m['profile']['keys']['xen.version']['from']"
	    ".startswith('(embedded default):')", path, NULL };

	(void)state;
	assert_int_equal(run_cmd(argv, NULL), 0);
	assert_null(strstr(json, ".cache"));
	assert_null(strstr(json, "/src/build"));
	assert_non_null(strstr(json, "\"(locked)\""));
	assert_string_equal(id.date, "2008-01-10 21:20 UTC");
	unlink(path);
	free(path);
	free(json);
	media_id_free(&id);
}

static void
test_names_follow_the_profile(void **state)
{
	char *sets[] = { "xen.version=3.1.4", "rootpw.hash="
	    "$1$abcdefgh$0123456789abcdefghijkl" };
	struct media_id id;
	char *json = render("0", sets, 2, &id);

	(void)state;
	assert_string_equal(id.iso_name,
	    "XenINFN-" PACKAGE_VERSION_STR "-SL5.1-x86_64-xen3.1.4.iso");
	assert_true(strlen(id.label) <= 32);
	assert_non_null(strstr(id.label, "Xen3.1.4"));
	assert_non_null(strstr(json, "\"(MD5-crypt hash)\""));
	assert_null(strstr(json, "$1$abcdefgh"));
	free(json);
	media_id_free(&id);
}

/* A value that is not valid UTF-8 (a .treeinfo's family here) is no
 * manifest: an error names it, its bad bytes as \xNN. */
static void
do_bad_utf8(void *arg)
{
	struct profile *p = profile_load(NULL, NULL, 0);
	struct tree t = { "http://m/sl51/", "Scientific\xffLinux", "5.1",
	    "x86_64", "1194015384.0", 0, NULL, NULL, "repodata", inputs, 2 };
	struct rpm_set rs = { pkgs, 2 };
	struct syslinux_set sl;
	struct manifest_output out = { "X.iso", "dd44", 1234 };
	struct media_id id;
	struct settings s;

	(void)arg;
	settings_of(p, &s);
	memset(&sl, 0, sizeof(sl));
	for (int i = 0; i < SYSLINUX_NFILES; i++) {
		sl.f[i].name = "isolinux.bin";
		sl.f[i].sha256 = "ee55";
	}
	assert_int_equal(media_id_init(&id, &s), 0);
	assert_null(manifest_json(p, &t, &rs, &sl, &id, "ff66", &out, 1));
	media_id_free(&id);
	profile_free(p);
}

static void
test_bad_utf8(void **state)
{
	char *err = tu_capture_stderr(do_bad_utf8, NULL);

	(void)state;
	assert_non_null(strstr(err, "family = 'Scientific\\xffLinux': not "
	    "valid UTF-8"));
	free(err);
}

/* The text is fixed: the same inputs give the same bytes, keys in the
 * documented order. */
static void
test_fixed_order(void **state)
{
	struct media_id id1, id2;
	char *a = render("1200000000", NULL, 0, &id1);
	char *b = render("1200000000", NULL, 0, &id2);
	const char *keys[] = { "\"product\"", "\"version\"", "\"builder\"",
	    "\"xen_version\"", "\"built\"", "\"source_date_epoch\": 1200000000",
	    "\"volume_id\"", "\"kickstart_sha256\"", "\"profile\"",
	    "\"tree\"", "\"inputs\"", "\"rpms\"", "\"syslinux\"",
	    "\"outputs\"" };
	const char *at = a;

	(void)state;
	assert_string_equal(a, b);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *k = strstr(a, keys[i]);
		assert_non_null(k);
		assert_true(k >= at);
		at = k;
	}
	assert_int_equal(a[strlen(a) - 1], '\n');
	free(a);
	free(b);
	media_id_free(&id1);
	media_id_free(&id2);
}

static void
do_bad_epoch(void *arg)
{
	struct media_id *id = arg;
	struct profile *p = profile_load(NULL, NULL, 0);
	struct settings s;

	settings_of(p, &s);
	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	assert_int_equal(media_id_init(id, &s), -1);
	profile_free(p);
}

static void
test_bad_epoch(void **state)
{
	struct media_id id;
	char *err = tu_capture_stderr(do_bad_epoch, &id);

	(void)state;
	assert_non_null(strstr(err, "SOURCE_DATE_EPOCH=yesterday"));
	free(err);
	unsetenv("SOURCE_DATE_EPOCH");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_json_with_everything),
		cmocka_unit_test(test_names_follow_the_profile),
		cmocka_unit_test(test_bad_epoch),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_fixed_order),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
