/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pxe.c: the logic of pxe.c that needs no mirror, syslinux or
 * network: skeletons (cut, fill, and a skeleton-filled file equal to a
 * full render for every host of a shape), the templates that turn
 * skeletons off, and the re-run decisions (the manifest, stale files,
 * install once).  pxe.c is included so that its static functions can be
 * called; the library's pxe.o is then never linked in.
 */
#include "testutil.h"
#include "pxe.c"
#include "pxe-cfg.c"
#include "pxe-host.c"
#include "pxe-state.c"

static struct profile *site;

static int
setup(void **state)
{
	char *sets[] = { "pxe.http_url=http://10.0.2.100:8080/", NULL };

	site = profile_load(NULL, sets, 1);
	if (site == NULL)
		return -1;
	return tu_setup_dir(state);
}

static int
teardown(void **state)
{
	profile_free(site);
	return tu_teardown_dir(state);
}

/* ---- skeletons ---- */

static const char *const test_sents[2][SLOTS] = { {
	"@N@", "@M@", "@I@", "@K@", "@G@", "@D@", "@Q@", "@U@",
}, {
	"#N#", "#M#", "#I#", "#K#", "#G#", "#D#", "#Q#", "#U#",
} };
#define test_sent test_sents[0]

static void
test_skel_cut_and_fill(void **state)
{
	const char *vals[SLOTS] = { "node1", "52:54:00:00:00:01", NULL, NULL,
	    NULL, NULL, NULL, "http://x/ks/node1.ks" };
	struct buf b = BUF_INIT;
	struct skel *s;

	(void)state;
	/* at the start, side by side, a NULL value, at the end */
	s = skel_make("@N@@M@ ip=@I@.\nks=@U@", test_sent);
	assert_int_equal(s->n, 4);
	skel_fill(s, vals, &b);
	assert_string_equal(b.data, "node152:54:00:00:00:01 ip=.\n"
	    "ks=http://x/ks/node1.ks");
	skel_free(s);
	/* no slot at all: the text itself */
	buf_reset(&b);
	s = skel_make("plain text", test_sent);
	assert_int_equal(s->n, 0);
	skel_fill(s, vals, &b);
	assert_string_equal(b.data, "plain text");
	skel_free(s);
	buf_free(&b);
}

/* More slots than the first allocation: the arrays grow. */
static void
test_skel_many_slots(void **state)
{
	const char *vals[SLOTS] = { "a", "b", "c", "d", "e", "f", "g", "h" };
	struct buf text = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	struct skel *s;

	(void)state;
	for (int i = 0; i < 100; i++) {
		buf_printf(&text, "<%d>%s", i, test_sent[i % SLOTS]);
		buf_printf(&want, "<%d>%s", i, vals[i % SLOTS]);
	}
	s = skel_make(text.data, test_sent);
	assert_int_equal(s->n, 100);
	skel_fill(s, vals, &got);
	assert_string_equal(got.data, want.data);
	skel_free(s);
	buf_free(&text);
	buf_free(&want);
	buf_free(&got);
}

/* Fake renderers for skel_for: "host NAME at IP". */
static char *
copy_renderer(struct pxe *px, const struct host *h, const char *const *v)
{
	(void)px;
	(void)h;
	return xasprintf("host %s at %s\n", v[S_NAME], v[S_IP]);
}

static char *
upper_renderer(struct pxe *px, const struct host *h, const char *const *v)
{
	char *t = copy_renderer(px, h, v);

	for (char *c = t; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	return t;
}

static char *
failing_renderer(struct pxe *px, const struct host *h, const char *const *v)
{
	(void)px;
	(void)h;
	(void)v;
	return NULL;
}

static void
test_skel_for_keeps_only_verbatim(void **state)
{
	struct host h = { .hostname = "n1", .mac = "52:54:00:00:00:01" };
	const char *vals[SLOTS] = { "n1", "52:54:00:00:00:01", "10.0.0.1" };
	struct skel *s;
	char *real;
	int err = 0;

	(void)state;
	s = skel_for(NULL, &h, test_sents, copy_renderer, vals, &real, &err);
	assert_int_equal(err, 0);
	assert_non_null(s);
	assert_string_equal(real, "host n1 at 10.0.0.1\n");
	free(real);
	skel_free(s);
	/* a template that transforms a value gets no skeleton */
	s = skel_for(NULL, &h, test_sents, upper_renderer, vals, &real, &err);
	assert_int_equal(err, 0);
	assert_null(s);
	assert_string_equal(real, "HOST N1 AT 10.0.0.1\n");
	free(real);
	s = skel_for(NULL, &h, test_sents, failing_renderer, vals, &real,
	    &err);
	assert_int_equal(err, -1);
	assert_null(s);
	assert_null(real);
}

/* "host NAME at IP" and a fixed "@I@": a profile value equal to one
 * stand-in. */
static char *
clash_renderer(struct pxe *px, const struct host *h, const char *const *v)
{
	(void)px;
	(void)h;
	return xasprintf("host %s at %s, gateway @I@\n", v[S_NAME], v[S_IP]);
}

/* A text that holds one set's stand-in of its own gets no skeleton, even
 * where the first host's value makes the check by filling pass. */
static void
test_skel_for_stand_in_clash(void **state)
{
	struct host h = { .hostname = "n1" };
	const char *vals[SLOTS] = { "n1", "", "@I@" };
	struct skel *s;
	char *real;
	int err = 0;

	(void)state;
	s = skel_for(NULL, &h, test_sents, clash_renderer, vals, &real, &err);
	assert_int_equal(err, 0);
	assert_null(s);
	assert_string_equal(real, "host n1 at @I@, gateway @I@\n");
	free(real);
}

/* ---- a pxe run's texts, without the tree ---- */

struct fixture {
	struct pxe	 px;
	struct pxe_opts	 o;
	char		*hosts;
};

static const char *const sl_names[SYSLINUX_NFILES] = {
	"isolinux.bin", "ldlinux.c32", "menu.c32", "libutil.c32",
	"libcom32.c32",
};

/* Loads csv as the inventory and readies px for rendering as pxe_write
 * does (no mirror: the kernel and initrd are only names). */
static void
fixture_init(struct fixture *f, const struct profile *p, const char *csv)
{
	memset(f, 0, sizeof(*f));
	f->o.outdir = tu_dir;
	f->px.site = p;
	f->px.o = &f->o;
	f->hosts = tu_write(tu_dir, "hosts.csv", csv);
	f->px.inv = inventory_load(f->hosts, p);
	assert_non_null(f->px.inv);
	f->px.http_url = pxe_http_url(p);
	f->px.hosts = xcalloc(1, sizeof(*f->px.hosts));
	assert_non_null(f->px.http_url);
	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		f->px.sl.f[i].name = sl_names[i];
	f->px.kernel_rel = xstrdup("sl51-x86_64/vmlinuz");
	f->px.initrd_rel = xstrdup("sl51-x86_64/initrd.img");
	f->px.nbootvars = bootcfg_vars(p, "XenINFN test", "2026-01-01 00:00",
	    f->px.vars, &f->px.bootstore);
}

static void
fixture_free(struct fixture *f)
{
	struct pxe *px = &f->px;

	pxe_state_free(&px->state);
	pxe_hosts_free(px);
	bootcfg_vars_free(&px->bootstore);
	free(px->kernel_rel);
	free(px->initrd_rel);
	free(px->http_url);
	inventory_free(px->inv);
	unlink(f->hosts);
	free(f->hosts);
}

/* Every host's kickstart and config, filled from its shape's skeleton,
 * equals the full render and pxe_host_kickstart (what render --hosts
 * prints). */
static void
test_skeleton_equals_full_render(void **state)
{
	struct fixture f;
	struct buf key = BUF_INIT, ksurl = BUF_INIT, b = BUF_INIT;

	(void)state;
	fixture_init(&f, site, "hostname,mac,ip,netmask,gateway,nameserver,"
	    "xen.dom0_mem\n"
	    "n1,52:54:00:00:00:01,10.1.0.11,255.255.255.0,10.1.0.1,10.1.0.2,"
	    "2G\n"
	    "n2,52:54:00:00:00:02,,,,,\n"
	    "n3,52:54:00:00:00:03,10.1.0.13,255.255.255.0,10.1.0.1,10.1.0.2,"
	    "2G\n"
	    "n4,52:54:00:00:00:04,,,,,\n"
	    "a-much-longer-host-name.example.org,52:54:00:00:00:05,10.1.0.15,"
	    "255.255.255.0,10.1.0.1,10.1.0.2,2G\n");
	assert_int_equal(prepare_shapes(&f.px), 0);
	assert_int_equal(f.px.hosts->nshapes, 2);
	for (size_t i = 0; i < f.px.inv->n; i++) {
		const struct host *h = &f.px.inv->hosts[i];
		const char *vals[SLOTS];
		int err = 0;
		struct shape *s = shape_of(&f.px, h, &key, &ksurl, &err);
		char *ks, *cfg, *rendered;

		assert_int_equal(err, 0);
		assert_non_null(s);
		assert_non_null(s->ks);
		assert_non_null(s->cfg);
		host_values(f.px.http_url, h, &ksurl, vals);
		ks = render_ks(&f.px, h, vals);
		cfg = render_host_cfg(&f.px, h, vals);
		buf_reset(&b);
		skel_fill(s->ks, vals, &b);
		assert_string_equal(b.data, ks);
		buf_reset(&b);
		skel_fill(s->cfg, vals, &b);
		assert_string_equal(b.data, cfg);
		assert_non_null(strstr(cfg, ksurl.data));
		rendered = pxe_host_kickstart(site, f.px.inv, h);
		assert_string_equal(rendered, ks);
		free(rendered);
		free(ks);
		free(cfg);
	}
	buf_free(&key);
	buf_free(&ksurl);
	buf_free(&b);
	fixture_free(&f);
}

/* A host named "no" is false in {% if ks.hostname %}: a shape of its
 * own, so that it never gets another host's skeleton. */
static void
test_host_named_no_is_its_own_shape(void **state)
{
	struct fixture f;
	struct buf k1 = BUF_INIT, k2 = BUF_INIT;

	(void)state;
	fixture_init(&f, site, "hostname,mac\nn1,52:54:00:00:00:01\n"
	    "no,52:54:00:00:00:02\n");
	shape_key(f.px.inv, &f.px.inv->hosts[0], &k1);
	shape_key(f.px.inv, &f.px.inv->hosts[1], &k2);
	assert_string_not_equal(k1.data, k2.data);
	assert_int_equal(prepare_shapes(&f.px), 0);
	assert_int_equal(f.px.hosts->nshapes, 2);
	buf_free(&k1);
	buf_free(&k2);
	fixture_free(&f);
}

/* A site kickstart that compares a host value (here in an included
 * snippet) turns skeletons off; one that only tests for truth does not. */
static void
test_templates_that_test_hosts(void **state)
{
	char *dir = path_join(tu_dir, "site"), *ksdir;
	struct profile *p;
	struct pxe px;

	(void)state;
	memset(&px, 0, sizeof(px));
	px.hosts = xcalloc(1, sizeof(*px.hosts));
	ksdir = path_join(dir, "kickstart");
	assert_int_equal(mkdirs(ksdir, 0755), 0);
	free(tu_write(ksdir, "t.ks", "{% if ks.hostname %}x{% endif %}\n"
	    "{% include \"snip.ks\" %}\n"));
	free(tu_write(ksdir, "snip.ks", "{%  if not network.ip != \"1.2.3.4\""
	    " %}y{% endif %}\n"));
	p = profile_dup(site);
	assert_int_equal(profile_set(p, "kickstart.template_dir", dir, "t"),
	    0);
	assert_int_equal(profile_set(p, "kickstart.template", "t.ks", "t"),
	    0);
	px.site = site;
	assert_int_equal(templates_test_hosts(&px), 0);
	px.site = p;
	assert_int_equal(templates_test_hosts(&px), 1);
	free(tu_write(ksdir, "snip.ks", "{% if network.ip %}y{% endif %}\n"));
	assert_int_equal(templates_test_hosts(&px), 0);
	profile_free(p);
	pxe_hosts_free(&px);
	remove_tree(dir);
	free(ksdir);
	free(dir);
}

/* ---- re-runs ---- */

static void
test_cfg_rel(void **state)
{
	char *rel = pxe_cfg_rel("52:54:00:ab:cd:ef");

	(void)state;
	assert_string_equal(rel, "tftp/pxelinux.cfg/01-52-54-00-ab-cd-ef");
	free(rel);
}

/* A manifest edited by hand never makes pxe touch a path outside tftp/
 * and http/, nor a host whose name or MAC is malformed. */
static void
test_manifest_entries_are_checked(void **state)
{
	char *out = path_join(tu_dir, "m1");
	struct pxe px;

	(void)state;
	assert_int_equal(mkdirs(out, 0755), 0);
	free(tu_write(out, PXE_MANIFEST, MANIFEST_MAGIC "\n"
	    "# comment\n"
	    "file tftp/pxelinux.cfg/default\n"
	    "file ../etc/passwd\n"
	    "file /etc/passwd\n"
	    "file tftp/../../x\n"
	    "dir elsewhere/x\n"
	    "dir http/xeninfn\n"
	    "host a1 52:54:00:cd:00:01\n"
	    "host a;rm 52:54:00:cd:00:02\n"
	    "host a3 52:54:00:cd:00\n"
	    "junk\n"));
	memset(&px, 0, sizeof(px));
	assert_int_equal(pxe_manifest_read(out, &px.state), 0);
	assert_int_equal(px.state.nold_files, 2);
	assert_string_equal(px.state.old_files[0], "file tftp/pxelinux.cfg/default");
	assert_string_equal(px.state.old_files[1], "dir http/xeninfn");
	assert_int_equal(px.state.nold_hosts, 1);
	assert_string_equal(px.state.old_hosts[0].name, "a1");
	assert_string_equal(px.state.old_hosts[0].mac, "52:54:00:cd:00:01");
	pxe_state_free(&px.state);
	/* not ours: refused, not read as empty */
	free(tu_write(out, PXE_MANIFEST, "host a1 52:54:00:cd:00:01\n"));
	memset(&px, 0, sizeof(px));
	assert_int_equal(pxe_manifest_read(out, &px.state), -1);
	assert_int_equal(px.state.nold_hosts, 0);
	remove_tree(out);
	free(out);
}

/* Only the files of hosts that left are removed; the operator's stay. */
static void
test_remove_stale_hosts(void **state)
{
	struct fixture f;
	char *out = path_join(tu_dir, "m2");
	char *cfgdir, *ksdir;
	struct stat st;

	(void)state;
	fixture_init(&f, site, "hostname,mac\na1,52:54:00:cd:00:01\n"
	    "a4,52:54:00:cd:00:04\n");
	f.o.outdir = out;
	cfgdir = path_join(out, "tftp/pxelinux.cfg");
	ksdir = path_join(out, "http/ks");
	assert_int_equal(mkdirs(cfgdir, 0755), 0);
	assert_int_equal(mkdirs(ksdir, 0755), 0);
	free(tu_write(cfgdir, "01-52-54-00-cd-00-01", "a1"));
	free(tu_write(cfgdir, "01-52-54-00-cd-00-03", "a3"));
	free(tu_write(cfgdir, "01-52-54-00-ff-ff-ff", "mine"));
	free(tu_write(ksdir, "a1.ks", "a1"));
	free(tu_write(ksdir, "a3.ks", "a3"));
	free(tu_write(ksdir, "handmade.ks", "mine"));
	free(tu_write(out, PXE_MANIFEST, MANIFEST_MAGIC "\n"
	    "host a1 52:54:00:cd:00:01\nhost a3 52:54:00:cd:00:03\n"));
	assert_int_equal(pxe_manifest_read(out, &f.px.state), 0);
	assert_int_equal(pxe_remove_stale(out, &f.px.state, NULL, 0,
	    f.px.inv), 2);
	assert_int_equal(chdir(out), 0);
	assert_int_equal(stat("tftp/pxelinux.cfg/01-52-54-00-cd-00-01", &st),
	    0);
	assert_int_equal(stat("http/ks/a1.ks", &st), 0);
	assert_int_equal(stat("tftp/pxelinux.cfg/01-52-54-00-ff-ff-ff", &st),
	    0);
	assert_int_equal(stat("http/ks/handmade.ks", &st), 0);
	assert_int_not_equal(stat("tftp/pxelinux.cfg/01-52-54-00-cd-00-03",
	    &st), 0);
	assert_int_not_equal(stat("http/ks/a3.ks", &st), 0);
	assert_int_equal(chdir("/"), 0);
	fixture_free(&f);
	remove_tree(out);
	free(cfgdir);
	free(ksdir);
	free(out);
}

/* --done switches one host to the local config and records it in any
 * case; a re-run reads it back; --reinstall forgets it. */
static void
test_mark_done_and_reinstall(void **state)
{
	char *out = path_join(tu_dir, "m3"), *cfgdir = NULL;
	struct buf b = BUF_INIT;
	struct pxe px;
	char *path;

	(void)state;
	cfgdir = path_join(out, "tftp/pxelinux.cfg");
	assert_int_equal(mkdirs(cfgdir, 0755), 0);
	free(tu_write(cfgdir, "local", "localboot 0\n"));
	free(tu_write(cfgdir, "01-52-54-00-cd-00-01", "kernel vmlinuz\n"));
	free(tu_write(out, PXE_MANIFEST, MANIFEST_MAGIC "\n"
	    "host a1 52:54:00:cd:00:01\nhost a2 52:54:00:cd:00:02\n"));
	assert_int_equal(pxe_mark_done(out, "A1"), 0);
	assert_int_equal(pxe_mark_done(out, "a1"), 0);
	assert_int_equal(pxe_mark_done(out, "zz"), -1);
	path = path_join(cfgdir, "01-52-54-00-cd-00-01");
	assert_int_equal(read_file(path, 1 << 20, &b), 0);
	buf_adds(&b, "");
	assert_string_equal(b.data, "localboot 0\n");
	free(path);
	buf_free(&b);
	path = path_join(out, PXE_DONE_LIST);
	assert_int_equal(read_file(path, 1 << 20, &b), 0);
	buf_adds(&b, "");
	assert_string_equal(b.data, "a1\n");
	buf_free(&b);
	memset(&px, 0, sizeof(px));
	assert_int_equal(pxe_done_read(out, &px.state), 0);
	assert_true(pxe_is_done(&px.state, "A1"));
	assert_false(pxe_is_done(&px.state, "a2"));
	pxe_state_free(&px.state);
	assert_int_equal(pxe_forget_done(out, "a1"), 0);
	assert_int_equal(read_file(path, 1 << 20, &b), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	free(path);
	/* forgetting leaves the config to the next pxe_write: still local */
	path = path_join(cfgdir, "01-52-54-00-cd-00-01");
	assert_int_equal(read_file(path, 1 << 20, &b), 0);
	buf_adds(&b, "");
	assert_string_equal(b.data, "localboot 0\n");
	buf_free(&b);
	free(path);
	remove_tree(out);
	free(cfgdir);
	free(out);
}

/* When the switch to local boot fails (here: no pxelinux.cfg/local), the
 * host is still recorded as installed, so that the next pxe run switches
 * it instead of leaving it to be installed again. */
static void
test_mark_done_records_before_switching(void **state)
{
	char *out = path_join(tu_dir, "m4"), *cfgdir, *path;
	struct buf b = BUF_INIT;

	(void)state;
	cfgdir = path_join(out, "tftp/pxelinux.cfg");
	assert_int_equal(mkdirs(cfgdir, 0755), 0);
	free(tu_write(out, PXE_MANIFEST, MANIFEST_MAGIC "\n"
	    "host a1 52:54:00:cd:00:01\n"));
	assert_int_equal(pxe_mark_done(out, "a1"), -1);
	path = path_join(out, PXE_DONE_LIST);
	assert_int_equal(read_file(path, 1 << 20, &b), 0);
	buf_adds(&b, "");
	assert_string_equal(b.data, "a1\n");
	buf_free(&b);
	free(path);
	remove_tree(out);
	free(cfgdir);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skel_cut_and_fill),
		cmocka_unit_test(test_skel_many_slots),
		cmocka_unit_test(test_skel_for_keeps_only_verbatim),
		cmocka_unit_test(test_skel_for_stand_in_clash),
		cmocka_unit_test(test_skeleton_equals_full_render),
		cmocka_unit_test(test_host_named_no_is_its_own_shape),
		cmocka_unit_test(test_templates_that_test_hosts),
		cmocka_unit_test(test_cfg_rel),
		cmocka_unit_test(test_manifest_entries_are_checked),
		cmocka_unit_test(test_remove_stale_hosts),
		cmocka_unit_test(test_mark_done_and_reinstall),
		cmocka_unit_test(test_mark_done_records_before_switching),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
