/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pxe.c: the logic of `xeninfn pxe` that needs no mirror, syslinux
 * or network: per-host rendering from the parsed templates (equal to the
 * one-shot render for every host), the keys that decide a file is
 * current, the templates that have every host checked, and the re-run
 * decisions (the manifest, stale files, install once).  The pxe*.c files
 * are included so that their static functions can be called; the
 * library's objects of them are then never linked in.
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
	f->o.hosts_file = f->hosts;
	f->px.inv = inventory_load(f->hosts, p);
	assert_non_null(f->px.inv);
	settings_of(p, &f->px.pl.set);
	f->px.http_url = pxe_http_url(&f->px.pl.set.pxe);
	assert_non_null(f->px.http_url);
	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		f->px.sl.f[i].name = sl_names[i];
	f->px.kernel_rel = xstrdup("sl51-x86_64/vmlinuz");
	f->px.initrd_rel = xstrdup("sl51-x86_64/initrd.img");
	f->px.nbootvars = bootcfg_vars(p, "XenINFN test", "2026-01-01 00:00",
	    f->px.vars, &f->px.bootstore);
}

/* The host tables and then the hosts, as prepare_texts makes them.
 * Returns 0 or -1. */
static int
hosts_prepare(struct pxe *px)
{
	if (pxe_hosts_tables(px) != 0)
		return -1;
	return pxe_hosts_prepare(px);
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

/* The kickstart of host h rendered the one-shot way: the site with h's
 * columns applied, kickstart_render (the reference for the parsed
 * per-host render). */
static char *
one_shot_ks(const struct fixture *f, const struct host *h)
{
	struct profile *p = profile_dup(site);
	char *repo = xasprintf("%s/xeninfn", f->px.http_url), *text;
	struct ks_context ctx = { "pxe", repo, h->hostname };

	assert_int_equal(inventory_apply(f->px.inv, h, p), 0);
	text = kickstart_render(p, &ctx);
	free(repo);
	profile_free(p);
	return text;
}

static const char *const varied_csv =
    "hostname,mac,ip,netmask,gateway,nameserver,guest_ip,xen.dom0_mem\n"
    "n1,52:54:00:00:00:01,10.1.0.11,255.255.255.0,10.1.0.1,10.1.0.2,,2G\n"
    "n2,52:54:00:00:00:02,,,,,,\n"
    "n3,52:54:00:00:00:03,10.1.0.13,255.255.255.0,10.1.0.1,10.1.0.2,,2G\n"
    "no,52:54:00:00:00:04,,,,,,\n"
    "n5,52:54:00:00:00:05,10.1.0.15,255.255.255.0,,,10.1.0.99,\n"
    "a-much-longer-host-name.example.org,52:54:00:00:00:06,10.1.0.16,"
    "255.255.255.0,10.1.0.1,10.1.0.2,,3G\n";

/* Every host's kickstart from the parsed templates and its shape's table
 * equals the one-shot render, and what pxe_host_kickstart (render
 * --hosts) prints; its config equals pxe_render_cfg's. */
static void
test_host_render_equals_one_shot(void **state)
{
	struct fixture f;
	struct buf out = BUF_INIT, ksurl = BUF_INIT;

	(void)state;
	fixture_init(&f, site, varied_csv);
	assert_int_equal(hosts_prepare(&f.px), 0);
	assert_int_equal(f.px.hosts->nshapes, 5);
	for (size_t i = 0; i < f.px.inv->n; i++) {
		const struct host *h = &f.px.inv->hosts[i];
		const char *hv[NHV];
		int own;
		struct shape *s = shape_of(&f.px, h, &own);
		char *ref = one_shot_ks(&f, h), *cfg, *shown;
		const char *host[6] = { h->hostname, h->mac, h->ip,
		    h->netmask, h->gateway, h->nameserver };

		assert_non_null(s);
		assert_false(own);
		host_values(f.px.http_url, NULL, h, &ksurl, hv);
		assert_int_equal(table_render(&s->ks, hv, &out), 0);
		assert_string_equal(out.data, ref);
		shown = pxe_host_kickstart(site, &f.px.pl.set, f.px.inv, h);
		assert_string_equal(shown, ref);
		cfg = pxe_render_cfg(&f.px, "isolinux/pxelinux-host.cfg",
		    ksurl.data, 0, host);
		assert_int_equal(table_render(&f.px.hosts->cfg, hv, &out), 0);
		assert_string_equal(out.data, cfg);
		assert_non_null(strstr(cfg, ksurl.data));
		free(cfg);
		free(shown);
		free(ref);
	}
	buf_free(&out);
	buf_free(&ksurl);
	fixture_free(&f);
}

/* A file's key follows exactly the values its template reads: another
 * host's values change it, the same values give the same key, and a
 * profile key no template reads changes nothing. */
static void
test_keys_follow_what_is_read(void **state)
{
	struct fixture f;
	struct buf u = BUF_INIT;
	const char *hv[NHV], *hv2[NHV];
	struct profile *p;
	uint64_t ks1, cfg1;
	int own;

	(void)state;
	fixture_init(&f, site, varied_csv);
	assert_int_equal(hosts_prepare(&f.px), 0);
	struct shape *s = shape_of(&f.px, &f.px.inv->hosts[0], &own);
	host_values(f.px.http_url, NULL, &f.px.inv->hosts[0], &f.px.hosts->ksurl,
	    hv);
	ks1 = table_key(&s->ks, hv);
	cfg1 = table_key(&f.px.hosts->cfg, hv);
	assert_true(ks1 != 0 && cfg1 != 0);
	assert_true(table_key(&s->ks, hv) == ks1);
	/* n3: the same shape, other values */
	host_values(f.px.http_url, NULL, &f.px.inv->hosts[2], &u, hv2);
	assert_true(table_key(&s->ks, hv2) != ks1);
	assert_true(table_key(&f.px.hosts->cfg, hv2) != cfg1);
	fixture_free(&f);
	/* a key no template reads (xen.rpms) leaves the keys alone; one
	 * the kickstart reads (system.timezone) changes its key only */
	p = profile_dup(site);
	assert_int_equal(profile_set(p, "xen.rpms", "/nowhere", "t"), 0);
	fixture_init(&f, p, varied_csv);
	assert_int_equal(hosts_prepare(&f.px), 0);
	s = shape_of(&f.px, &f.px.inv->hosts[0], &own);
	host_values(f.px.http_url, NULL, &f.px.inv->hosts[0], &f.px.hosts->ksurl,
	    hv);
	assert_true(table_key(&s->ks, hv) == ks1);
	assert_true(table_key(&f.px.hosts->cfg, hv) == cfg1);
	fixture_free(&f);
	assert_int_equal(profile_set(p, "system.timezone", "Europe/Rome",
	    "t"), 0);
	fixture_init(&f, p, varied_csv);
	assert_int_equal(hosts_prepare(&f.px), 0);
	s = shape_of(&f.px, &f.px.inv->hosts[0], &own);
	host_values(f.px.http_url, NULL, &f.px.inv->hosts[0], &f.px.hosts->ksurl,
	    hv);
	assert_true(table_key(&s->ks, hv) != ks1);
	assert_true(table_key(&f.px.hosts->cfg, hv) == cfg1);
	fixture_free(&f);
	profile_free(p);
	buf_free(&u);
}

/* The tables of a host's own variables are sorted (bsearch). */
static void
test_host_names_sorted(void **state)
{
	(void)state;
	for (size_t i = 1; i < NELEM(ks_host_names); i++)
		assert_true(strcmp(ks_host_names[i - 1].name,
		    ks_host_names[i].name) < 0);
	for (size_t i = 1; i < NELEM(cfg_host_names); i++)
		assert_true(strcmp(cfg_host_names[i - 1].name,
		    cfg_host_names[i].name) < 0);
}

/* A host named "no" is false in {% if ks.hostname %}: a shape of its
 * own, so that its kickstart is checked on its own. */
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
	assert_int_equal(hosts_prepare(&f.px), 0);
	assert_int_equal(f.px.hosts->nshapes, 2);
	buf_free(&k1);
	buf_free(&k2);
	fixture_free(&f);
}

/* A site kickstart that compares a host value (here in an included
 * snippet) has every host checked; one that only tests for truth does
 * not. */
static void
test_templates_that_compare_hosts(void **state)
{
	char *dir = path_join(tu_dir, "site"), *ksdir;
	struct profile *p;
	struct ttable tb;

	(void)state;
	ksdir = path_join(dir, "kickstart");
	assert_int_equal(mkdirs(ksdir, 0755), 0);
	free(tu_write(ksdir, "t.ks", "{% if ks.hostname %}x{% endif %}\n"
	    "{% include \"snip.ks\" %}\n"));
	free(tu_write(ksdir, "snip.ks", "{%  if not network.ip != \"1.2.3.4\""
	    " %}y{% endif %}\n"));
	p = profile_dup(site);
	assert_int_equal(table_make(&tb, dir, "kickstart/t.ks", p, NULL, 0,
	    ks_host_names, NELEM(ks_host_names)), 0);
	assert_true(tb.compares_host);
	table_free(&tb);
	free(tu_write(ksdir, "snip.ks", "{% if network.ip %}y{% endif %}\n"));
	assert_int_equal(table_make(&tb, dir, "kickstart/t.ks", p, NULL, 0,
	    ks_host_names, NELEM(ks_host_names)), 0);
	assert_false(tb.compares_host);
	table_free(&tb);
	profile_free(p);
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
	    "fsum ../etc/passwd 0000000000000003:1:2:3\n"
	    "fsum tftp/menu.c32 junk\n"
	    "fsum tftp/pxelinux.0 0000000000000003:1:2:3\n"
	    "junk\n"));
	memset(&px, 0, sizeof(px));
	assert_int_equal(pxe_manifest_read(out, &px.state, 0), 0);
	assert_int_equal(px.state.nold_files, 2);
	assert_string_equal(px.state.old_files[0], "file tftp/pxelinux.cfg/default");
	assert_string_equal(px.state.old_files[1], "dir http/xeninfn");
	assert_int_equal(px.state.nold_hosts, 1);
	assert_string_equal(px.state.old_hosts[0].name, "a1");
	assert_string_equal(px.state.old_hosts[0].mac, "52:54:00:cd:00:01");
	assert_int_equal(px.state.nold_fixed, 1);
	assert_string_equal(px.state.old_fixed[0].rel, "tftp/pxelinux.0");
	assert_int_equal(px.state.old_fixed[0].r.ino, 2);
	pxe_state_free(&px.state);
	/* not ours: refused, not read as empty */
	free(tu_write(out, PXE_MANIFEST, "host a1 52:54:00:cd:00:01\n"));
	memset(&px, 0, sizeof(px));
	assert_int_equal(pxe_manifest_read(out, &px.state, 0), -1);
	assert_int_equal(px.state.nold_hosts, 0);
	remove_tree(out);
	free(out);
}

/* The records pxe_manifest_write puts in "sums" lines read back as they
 * were, for every host, negative and large numbers included. */
static void
test_manifest_sums_round_trip(void **state)
{
	struct fixture f;
	char *out = path_join(tu_dir, "m5");
	struct frec recs[4] = {
		{ 0x0123456789abcdefULL, 13623, 11503319, 1796158367431020786LL },
		{ 0xffffffffffffffffULL, 0, 1, -5 },
		{ 1, 9223372036854775807LL, 42, 0 },
		{ 0x10, 874, 7, 1000000000LL },
	};
	char *const fixed[] = { "file tftp/pxelinux.0" };
	struct fixed_rec frecs[2] = {
		{ "tftp/pxelinux.0", { 0xfedcba9876543211ULL, 42430, 6783616,
		    1796169407428624425LL } },
		{ "tftp/sl51-x86_64/xeninfn.img", { 3, 39187, 1, 2 } },
	};

	(void)state;
	fixture_init(&f, site, "hostname,mac\na1,52:54:00:cd:00:01\n"
	    "a2,52:54:00:cd:00:02\n");
	assert_int_equal(mkdirs(out, 0755), 0);
	assert_int_equal(pxe_manifest_write(out, &f.px.now, fixed, 1, frecs,
	    2, f.px.inv, recs), 0);
	assert_int_equal(pxe_manifest_read(out, &f.px.state, 0), 0);
	assert_int_equal(f.px.state.nold_files, 1);
	for (int i = 0; i < 2; i++)
		assert_memory_equal(pxe_old_fixed(&f.px.state, frecs[i].rel),
		    &frecs[i].r, sizeof(frecs[i].r));
	assert_null(pxe_old_fixed(&f.px.state, "tftp/menu.c32"));
	assert_int_equal(f.px.state.nold_hosts, 2);
	for (int i = 0; i < 2; i++) {
		const struct old_host *o = pxe_old_host(&f.px.state, 9,
		    i ? "a2" : "a1");
		assert_non_null(o);
		assert_memory_equal(&o->ks, &recs[2 * i], sizeof(recs[0]));
		assert_memory_equal(&o->cfg, &recs[2 * i + 1],
		    sizeof(recs[0]));
	}
	fixture_free(&f);
	remove_tree(out);
	free(out);
}

/* The "ident" and "deps" lines read back as written, whole or with the
 * head alone (which stops at the host lines, and knows where they
 * start); a manifest written again with the old one's host lines keeps
 * them byte for byte. */
static void
test_manifest_idents_round_trip(void **state)
{
	struct fixture f;
	char *out = path_join(tu_dir, "m6"), *path;
	struct frec recs[4] = {
		{ 0x11, 1, 2, 3 }, { 0x13, 4, 5, 6 }, { 0x15, 7, 8, 9 },
		{ 0x17, 10, 11, -12 },
	};
	struct pxe_state head;
	struct buf a = BUF_INIT, b = BUF_INIT;

	(void)state;
	fixture_init(&f, site, "hostname,mac\na1,52:54:00:cd:00:01\n"
	    "a2,52:54:00:cd:00:02\n");
	assert_int_equal(mkdirs(out, 0755), 0);
	f.px.now.ids[PXE_ID_INVENTORY] = (struct pxe_ident){ 65024, 11609361,
	    468607, 1796179792099020786LL, 1796179973991020786LL, 1 };
	f.px.now.ids[PXE_ID_DONE] = (struct pxe_ident){ 0, 0, 0, 0, 0, 1 };
	f.px.now.ids[PXE_ID_KSDIR] = (struct pxe_ident){ 26, 7, 60, -1, 2,
	    1 };
	f.px.now.deps = 0xfedcba9876543210ULL;
	assert_int_equal(pxe_manifest_write(out, &f.px.now, NULL, 0, NULL, 0,
	    f.px.inv, recs), 0);
	assert_int_equal(pxe_manifest_read(out, &f.px.state, 0), 0);
	assert_memory_equal(f.px.state.ids, f.px.now.ids,
	    sizeof(f.px.now.ids));
	assert_true(f.px.state.deps == 0xfedcba9876543210ULL);
	assert_int_equal(f.px.state.nold_hosts, 2);
	memset(&head, 0, sizeof(head));
	assert_int_equal(pxe_manifest_read(out, &head, 1), 0);
	assert_memory_equal(head.ids, f.px.now.ids, sizeof(f.px.now.ids));
	assert_true(head.deps == f.px.now.deps);
	assert_int_equal(head.nold_hosts, 0);
	path = path_join(out, PXE_MANIFEST);
	assert_int_equal(read_file(path, 1 << 20, &a), 0);
	assert_true(head.hosts_off < a.len);
	assert_memory_equal(a.data + head.hosts_off, "host a1 ", 8);
	/* again, with other identities and the old host lines */
	head.ids[PXE_ID_CFGDIR] = (struct pxe_ident){ 1, 2, 3, 4, 5, 1 };
	head.keep_hosts = 1;
	assert_int_equal(pxe_manifest_write(out, &head, NULL, 0, NULL, 0,
	    NULL, NULL), 0);
	assert_int_equal(read_file(path, 1 << 20, &b), 0);
	assert_true(b.len > a.len - head.hosts_off);
	assert_memory_equal(b.data + b.len - (a.len - head.hosts_off),
	    a.data + head.hosts_off, a.len - head.hosts_off);
	pxe_state_free(&f.px.state);
	assert_int_equal(pxe_manifest_read(out, &f.px.state, 0), 0);
	assert_int_equal(f.px.state.nold_hosts, 2);
	assert_memory_equal(&f.px.state.old_hosts[1].cfg, &recs[3],
	    sizeof(recs[3]));
	assert_true(f.px.state.ids[PXE_ID_CFGDIR].set);
	pxe_state_free(&head);
	buf_free(&a);
	buf_free(&b);
	free(path);
	fixture_free(&f);
	remove_tree(out);
	free(out);
}

/* A manifest of an older version (no "ident" nor "deps" lines) records
 * nothing, so everything is checked; damaged lines are dropped. */
static void
test_manifest_idents_old_and_damaged(void **state)
{
	char *out = path_join(tu_dir, "m7");
	struct pxe_state st;

	(void)state;
	assert_int_equal(mkdirs(out, 0755), 0);
	free(tu_write(out, PXE_MANIFEST, MANIFEST_MAGIC "\n"
	    "file tftp/pxelinux.0\n"
	    "host a1 52:54:00:cd:00:01\n"
	    "sums a1 0000000000000003:1:2:3 0000000000000005:4:5:6\n"));
	memset(&st, 0, sizeof(st));
	assert_int_equal(pxe_manifest_read(out, &st, 0), 0);
	for (int i = 0; i < PXE_NIDS; i++)
		assert_false(st.ids[i].set);
	assert_true(st.deps == 0);
	assert_int_equal(st.nold_hosts, 1);
	assert_int_equal(st.old_hosts[0].cfg.ino, 5);
	pxe_state_free(&st);
	free(tu_write(out, PXE_MANIFEST, MANIFEST_MAGIC "\n"
	    "ident inventory 1:2:3\n"
	    "ident done 1:2:3:4:5:6\n"
	    "ident tokens x:2:3:4:5\n"
	    "ident http/ks -\n"
	    "ident nosuch 1:2:3:4:5\n"
	    "ident tftp/pxelinux.cfg 1:2:3:4:99999999999999999999\n"
	    "ident\n"
	    "deps 123456789abcdef01\n"
	    "host a1 52:54:00:cd:00:01\n"
	    "sums a1 0000000000000003:1:2:3 0000000000000005:4:5:x\n"
	    "ident inventory 1:2:3:4:5\n"));
	memset(&st, 0, sizeof(st));
	assert_int_equal(pxe_manifest_read(out, &st, 0), 0);
	for (int i = 0; i < PXE_ID_CFGDIR + 1; i++)
		if (i != PXE_ID_INVENTORY)
			assert_false(st.ids[i].set);
	/* only the last, well-formed line of its name */
	assert_true(st.ids[PXE_ID_INVENTORY].set);
	assert_int_equal(st.ids[PXE_ID_INVENTORY].ctime_ns, 5);
	assert_true(st.deps == 0);
	assert_int_equal(st.old_hosts[0].ks.ino, 2);
	assert_true(st.old_hosts[0].cfg.key == 0);
	pxe_state_free(&st);
	/* the head alone stops before the hosts: that late line is unread */
	memset(&st, 0, sizeof(st));
	assert_int_equal(pxe_manifest_read(out, &st, 1), 0);
	assert_false(st.ids[PXE_ID_INVENTORY].set);
	assert_int_equal(st.nold_hosts, 0);
	pxe_state_free(&st);
	remove_tree(out);
	free(out);
}

/* Lines longer than the reader's buffer are dropped, whole or head
 * alone, and the lines around them read; so is a last line without its
 * newline. */
static void
test_manifest_long_lines(void **state)
{
	char *out = path_join(tu_dir, "m8");
	size_t n = 3 * MANIFEST_BUF / 2;
	struct buf b = BUF_INIT;
	struct pxe_state st;

	(void)state;
	assert_int_equal(mkdirs(out, 0755), 0);
	buf_adds(&b, MANIFEST_MAGIC "\nident done 1:2:3:4:5\nfile tftp/");
	for (size_t i = 0; i < n; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\ndeps 00000000000000ab\nhost a1 52:54:00:cd:00:01\n");
	for (size_t i = 0; i < n; i++)
		buf_addc(&b, 'b');
	buf_adds(&b, "\nhost a2 52:54:00:cd:00:02");
	free(tu_write(out, PXE_MANIFEST, b.data));
	for (int head = 0; head < 2; head++) {
		memset(&st, 0, sizeof(st));
		assert_int_equal(pxe_manifest_read(out, &st, head), 0);
		assert_true(st.ids[PXE_ID_DONE].set);
		assert_true(st.deps == 0xab);
		assert_int_equal(st.nold_files, 0);
		assert_int_equal(st.nold_hosts, head ? 0 : 2);
		if (!head)
			assert_string_equal(st.old_hosts[1].mac,
			    "52:54:00:cd:00:02");
		else
			assert_memory_equal(b.data + st.hosts_off, "host a1", 7);
		pxe_state_free(&st);
	}
	buf_free(&b);
	remove_tree(out);
	free(out);
}

/* An identity is recorded when the file's mtime is older than the
 * clock's tick, never when it is not (a change later in the tick could
 * leave the same mtime); a missing file has the all-zero identity. */
static void
test_ident_take(void **state)
{
	char *path = tu_write(tu_dir, "ident", "x");
	struct timespec past[2] = { { 1000000000, 5 }, { 1000000000, 5 } };
	struct timespec future[2] = { { 4000000000LL, 0 },
	    { 4000000000LL, 0 } };
	struct pxe_ident a, b;

	(void)state;
	assert_int_equal(utimensat(AT_FDCWD, path, past, 0), 0);
	pxe_ident_take(AT_FDCWD, path, &a);
	assert_true(a.set);
	assert_int_equal(a.size, 1);
	assert_true(a.mtime_ns == 1000000000LL * 1000000000LL + 5);
	pxe_ident_take(AT_FDCWD, path, &b);
	assert_true(pxe_ident_same(&a, &b));
	assert_int_equal(utimensat(AT_FDCWD, path, future, 0), 0);
	pxe_ident_take(AT_FDCWD, path, &b);
	assert_false(b.set);
	assert_false(pxe_ident_same(&a, &b));
	unlink(path);
	pxe_ident_take(AT_FDCWD, path, &b);
	assert_true(b.set);
	assert_true(b.dev == 0 && b.ino == 0 && b.mtime_ns == 0);
	free(path);
	/* an mtime in whole seconds: a file system keeping seconds only */
	assert_true(settled(5000000004LL, 5000000005LL));
	assert_false(settled(5000000004LL, 5000000004LL));
	assert_false(settled(5000000000LL, 6500000000LL));
	assert_true(settled(5000000000LL, 7000000001LL));
}

/* The digest of what host files depend on is the same from run to run,
 * follows the profile, and is recorded only when no host's columns name
 * other template or key files than the site's. */
static void
test_deps_digest(void **state)
{
	struct fixture f;
	struct profile *p2;
	char *csv;
	uint64_t d1;

	(void)state;
	fixture_init(&f, site, "hostname,mac,ip,netmask,xen.dom0_mem\n"
	    "a1,52:54:00:cd:00:01,10.0.0.1,255.0.0.0,2G\n"
	    "a2,52:54:00:cd:00:02,,,\n");
	assert_int_equal(hosts_prepare(&f.px), 0);
	assert_true(f.px.deps != 0);
	assert_true(f.px.deps_ok);
	d1 = f.px.deps;
	fixture_free(&f);
	fixture_init(&f, site, "hostname,mac\na1,52:54:00:cd:00:01\n");
	assert_int_equal(hosts_prepare(&f.px), 0);
	assert_true(f.px.deps == d1);	/* not the inventory's rows */
	fixture_free(&f);
	char *sets[] = { "pxe.http_url=http://10.0.0.1/xeninfn",
	    "boot.timeout=7" };
	p2 = profile_load(NULL, sets, 2);
	assert_non_null(p2);
	fixture_init(&f, p2, "hostname,mac\na1,52:54:00:cd:00:01\n");
	assert_int_equal(hosts_prepare(&f.px), 0);
	assert_true(f.px.deps != d1);
	fixture_free(&f);
	profile_free(p2);
	csv = xasprintf("hostname,mac,kickstart.template_dir\n"
	    "a1,52:54:00:cd:00:01,\na2,52:54:00:cd:00:02,%s\n", tu_dir);
	fixture_init(&f, site, csv);
	assert_int_equal(hosts_prepare(&f.px), 0);
	assert_false(f.px.deps_ok);
	fixture_free(&f);
	free(csv);
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
	assert_int_equal(pxe_manifest_read(out, &f.px.state, 0), 0);
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
		cmocka_unit_test(test_host_render_equals_one_shot),
		cmocka_unit_test(test_keys_follow_what_is_read),
		cmocka_unit_test(test_host_names_sorted),
		cmocka_unit_test(test_host_named_no_is_its_own_shape),
		cmocka_unit_test(test_templates_that_compare_hosts),
		cmocka_unit_test(test_cfg_rel),
		cmocka_unit_test(test_manifest_entries_are_checked),
		cmocka_unit_test(test_manifest_sums_round_trip),
		cmocka_unit_test(test_manifest_idents_round_trip),
		cmocka_unit_test(test_manifest_idents_old_and_damaged),
		cmocka_unit_test(test_manifest_long_lines),
		cmocka_unit_test(test_ident_take),
		cmocka_unit_test(test_deps_digest),
		cmocka_unit_test(test_remove_stale_hosts),
		cmocka_unit_test(test_mark_done_and_reinstall),
		cmocka_unit_test(test_mark_done_records_before_switching),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
