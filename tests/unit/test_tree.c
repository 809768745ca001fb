/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of tree.c, treeinfo.c and repomd.c: trees made in a temp dir
 * and served by tests/unit/httpd.py (or read through file:// URLs). */
#include <glob.h>

#include "testutil.h"
#include "settings.h"
#include "testhttpd.h"
#include "fetch.h"
#include "tree.h"
#include "tree-int.h"

#define DISCINFO_51 "1194015916.783841\nScientific Linux 5.1\nx86_64\n" \
	"1,2,3,4,5\nSL/base\nSL\nSL/pixmaps\n"

/* Writes root/tree/rel (making directories). */
static void
put(const char *rel, const char *text)
{
	char *path = xasprintf("%s/tree/%s", root, rel);
	char *dir = xstrdup(path);

	*strrchr(dir, '/') = '\0';
	assert_int_equal(mkdirs(dir, 0755), 0);
	assert_int_equal(write_file_atomic(path, text, strlen(text), 0644), 0);
	free(dir);
	free(path);
}

/* A fresh tree (just .discinfo and the standard images) and cache. */
static int
each_setup(void **state)
{
	char *t = path_join(root, "tree");

	(void)state;
	remove_tree(t);
	free(t);
	put(".discinfo", DISCINFO_51);
	put("images/pxeboot/vmlinuz", "a kernel\n");
	put("images/pxeboot/initrd.img", "an initrd\n");
	return th_each_setup(state);
}

struct open_call {
	const char	*sets[4];
	int		 what;		/* tree_open_for's */
	struct tree	*t;
	struct fetcher	*f;
	char		*msg;
};

static void
do_open(void *arg)
{
	struct open_call *c = arg;
	char *sets[6];
	size_t n = 0;
	struct profile *p;
	struct settings s;

	sets[n++] = xasprintf("tree.url=%s/tree", srv.base);
	for (size_t i = 0; i < 4 && c->sets[i] != NULL; i++)
		sets[n++] = xstrdup(c->sets[i]);
	p = profile_load(NULL, sets, n);
	assert_non_null(p);
	settings_of(p, &s);
	c->t = tree_open_for(&s.tree, c->f, c->what);
	profile_free(p);
	for (size_t i = 0; i < n; i++)
		free(sets[i]);
}

/* tree_open on the served tree with extra -s settings; messages in
 * c->msg.  The caller ends with open_end. */
static struct tree *
open_tree(struct open_call *c)
{
	struct fetch_opts o = { .cache_dir = cache, .retries = 1,
	    .backoff_ms = 10, .progress_tty = 2 };

	c->f = fetcher_new(&o);
	assert_non_null(c->f);
	c->msg = tu_capture_stderr(do_open, c);
	return c->t;
}

static void
open_end(struct open_call *c)
{
	tree_free(c->t);
	fetcher_free(c->f);
	free(c->msg);
}

static const struct tree_input *
input(const struct tree *t, const char *role)
{
	for (size_t i = 0; i < t->ninputs; i++)
		if (strcmp(t->inputs[i].role, role) == 0)
			return &t->inputs[i];
	fail_msg("no input %s", role);
	return NULL;
}

static void
assert_file_is(const char *path, const char *text)
{
	struct buf b = BUF_INIT;

	assert_int_equal(read_file(path, 1 << 20, &b), 0);
	assert_string_equal(b.data, text);
	buf_free(&b);
}

static void
test_discinfo_tree(void **state)
{
	struct open_call c = { .t = NULL };
	struct tree *t = open_tree(&c);
	char *want = digest_buf_hex(DIGEST_SHA256, "a kernel\n", 9);

	(void)state;
	assert_non_null(t);
	assert_string_equal(t->family, "Scientific Linux");
	assert_string_equal(t->release, "5.1");
	assert_string_equal(t->arch, "x86_64");
	assert_false(t->has_treeinfo);
	assert_file_is(t->kernel, "a kernel\n");
	assert_file_is(t->initrd, "an initrd\n");
	assert_string_equal(input(t, "kernel")->sha256, want);
	assert_string_equal(input(t, "kernel")->verified_by, "pinned");
	assert_non_null(strstr(input(t, "initrd")->url,
	    "/tree/images/pxeboot/initrd.img"));
	input(t, ".discinfo");
	assert_null(t->repodata);
	free(want);
	open_end(&c);
}

static void
test_sl_layout(void **state)
{
	struct open_call c = { .t = NULL };
	char *d = xasprintf("%s/tree/images/pxeboot", root);
	struct tree *t;

	(void)state;
	remove_tree(d);
	put("images/SL/pxeboot/vmlinuz", "SL kernel\n");
	put("images/SL/pxeboot/initrd.img", "SL initrd\n");
	t = open_tree(&c);
	assert_non_null(t);
	assert_file_is(t->kernel, "SL kernel\n");
	assert_non_null(strstr(input(t, "initrd")->url, "images/SL/pxeboot"));
	free(d);
	open_end(&c);
}

static void
test_no_vmlinuz(void **state)
{
	struct open_call c = { .t = NULL };
	char *d = xasprintf("%s/tree/images", root);

	(void)state;
	remove_tree(d);
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "no vmlinuz"));
	assert_non_null(strstr(c.msg, "tree.url"));
	free(d);
	open_end(&c);
}

static void
test_not_a_tree(void **state)
{
	struct open_call c = { .sets = { "tree.url=http://127.0.0.1:1/nothing/" } };

	(void)state;
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "http://127.0.0.1:1/nothing/"));
	assert_non_null(strstr(c.msg, "check tree.url"));
	open_end(&c);
	c.sets[0] = NULL;
	put(".discinfo", "");
	free(th_get(&srv, "/_reset"));
	th_fault(&srv, "/tree/.discinfo", "404", 1, 0);
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "not an install tree"));
	open_end(&c);
}

static void
test_other_release_and_arch(void **state)
{
	struct open_call c = { .t = NULL };

	(void)state;
	put(".discinfo", "1.0\nScientific Linux 5.2\nx86_64\n1\n");
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "5.2"));
	assert_non_null(strstr(c.msg, "tree.allow_mismatch=yes"));
	open_end(&c);
	put(".discinfo", "1.0\nScientific Linux 5.1\ni386\n1\n");
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "i386"));
	open_end(&c);
	c.sets[0] = "tree.allow_mismatch=yes";
	assert_non_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "going on"));
	open_end(&c);
}

static void
test_bad_discinfo(void **state)
{
	struct open_call c = { .t = NULL };

	(void)state;
	put(".discinfo", "1.0\nno release here\nx86_64\n");
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, ".discinfo:2:"));
	open_end(&c);
}

/* A .treeinfo whose kernel and initrd live in dir ("boot/": elsewhere
 * than the standard layout), with [checksums]. */
static void
put_treeinfo_in(const char *dir, const char *kernel_sum)
{
	char *ti = xasprintf("[general]\nfamily = Scientific Linux\n"
	    "version = 5.1\narch = x86_64\ntimestamp = 1194015916.78\n"
	    "[images-x86_64]\nkernel = %svmlinuz\ninitrd = %sinitrd\n"
	    "[checksums]\n%svmlinuz = sha256:%s\n", dir, dir, dir, kernel_sum);
	char *k = xasprintf("%svmlinuz", dir), *i = xasprintf("%sinitrd", dir);

	put(".treeinfo", ti);
	put(k, "ti kernel\n");
	put(i, "ti initrd\n");
	free(ti);
	free(k);
	free(i);
}

static void
put_treeinfo(const char *kernel_sum)
{
	put_treeinfo_in("boot/", kernel_sum);
}

static void
test_treeinfo_checksums(void **state)
{
	struct open_call c = { .t = NULL };
	char *good = digest_buf_hex(DIGEST_SHA256, "ti kernel\n", 10);
	struct tree *t;

	(void)state;
	put_treeinfo(good);
	t = open_tree(&c);
	assert_non_null(t);
	assert_true(t->has_treeinfo);
	assert_file_is(t->kernel, "ti kernel\n");
	assert_string_equal(input(t, "kernel")->verified_by, ".treeinfo");
	assert_string_equal(input(t, "initrd")->verified_by, "pinned");
	/* The standard layout's images, guessed at once on this cold
	 * fetch, are there too but never taken. */
	for (size_t i = 0; i < t->ninputs; i++)
		assert_null(strstr(t->inputs[i].url, "pxeboot"));
	open_end(&c);
	/* The tree changes under the published checksum. */
	put("boot/vmlinuz", "ti kernel, tampered\n");
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "checksum mismatch"));
	assert_non_null(strstr(c.msg, good));
	assert_non_null(strstr(c.msg, "boot/vmlinuz"));
	free(good);
	open_end(&c);
}

static void
test_treeinfo_unsafe_path(void **state)
{
	struct open_call c = { .t = NULL };

	(void)state;
	put(".treeinfo", "[general]\nversion = 5.1\narch = x86_64\n"
	    "[images-x86_64]\nkernel = ../../etc/passwd\n");
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "relative paths inside the tree"));
	open_end(&c);
}

static void
test_sha256sums(void **state)
{
	struct open_call c = { .t = NULL };
	char *k = digest_buf_hex(DIGEST_SHA256, "a kernel\n", 9);
	char *i = digest_buf_hex(DIGEST_SHA256, "an initrd\n", 10);
	char *text = xasprintf("%s  images/pxeboot/vmlinuz\n"
	    "%s *./images/pxeboot/initrd.img\n", k, i);
	char *path = tu_write(root, "SUMS", text), *set;
	struct tree *t;

	(void)state;
	set = xasprintf("tree.sha256sums=%s", path);
	c.sets[0] = set;
	t = open_tree(&c);
	assert_non_null(t);
	assert_string_equal(input(t, "kernel")->verified_by, "SHA256SUMS");
	assert_string_equal(input(t, "initrd")->verified_by, "SHA256SUMS");
	open_end(&c);
	put("images/pxeboot/initrd.img", "another initrd\n");
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "checksum mismatch"));
	assert_non_null(strstr(c.msg, "initrd.img"));
	open_end(&c);
	free(path);
	path = tu_write(root, "SUMS", "not a sum line\n");
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "SUMS:1:"));
	open_end(&c);
	free(set);
	free(path);
	free(text);
	free(k);
	free(i);
}

static void
test_file_url_tree(void **state)
{
	char *set = xasprintf("tree.url=file://%s/tree/", root);
	struct open_call c = { .sets = { set } };
	struct tree *t = open_tree(&c);

	(void)state;
	assert_non_null(t);
	assert_non_null(strstr(t->kernel, "/tree/images/pxeboot/vmlinuz"));
	open_end(&c);
	free(set);
}

/* A repository index: repomd.xml pointing at primary and comps files
 * under dir ("repodata" or "SL/repodata"); primary lists xen (once with
 * a version), bridge-utils and, when extra is set, a package of that
 * name. */
static void
put_repodata_with(const char *dir, int corrupt, const char *extra)
{
	char *primary = xasprintf("<?xml version=\"1.0\"?>\n"
	    "<metadata xmlns=\"http://linux.duke.edu/metadata/common\" "
	    "packages=\"3\">\n"
	    "<package type=\"rpm\"><name>xen</name><arch>x86_64</arch>"
	    "<version epoch=\"0\" ver=\"3.1.2\" rel=\"1\"/>"
	    "</package>\n<package type=\"rpm\"><name>bridge-utils</name>"
	    "</package>\n<package type=\"rpm\"><name>xen</name></package>\n"
	    "<package type=\"rpm\"><name>%s</name></package>\n"
	    "</metadata>\n", extra ? extra : "");
	const char *comps = "<?xml version=\"1.0\"?>\n<comps>\n"
	    "<group><id>base</id><name>Base</name><packagelist>"
	    "<packagereq>bash</packagereq></packagelist></group>\n"
	    "<group><id>virtualization</id></group>\n"
	    "<category><id>not-a-group</id></category>\n</comps>\n";
	char *ps = digest_buf_hex(DIGEST_SHA1, primary, strlen(primary));
	char *cs = digest_buf_hex(DIGEST_SHA256, comps, strlen(comps));
	char *rel, *repomd;

	repomd = xasprintf("<?xml version=\"1.0\"?>\n<repomd>\n"
	    "<data type=\"primary\"><location href=\"repodata/primary.xml\"/>"
	    "<checksum type=\"sha\">%s</checksum></data>\n"
	    "<data type=\"group\"><location href=\"repodata/comps.xml\"/>"
	    "<checksum type=\"sha256\">%s</checksum></data>\n</repomd>\n",
	    corrupt ? "0000000000000000000000000000000000000000" : ps, cs);
	rel = xasprintf("%s/repomd.xml", dir);
	put(rel, repomd);
	free(rel);
	rel = xasprintf("%s/primary.xml", dir);
	put(rel, primary);
	free(rel);
	rel = xasprintf("%s/comps.xml", dir);
	put(rel, comps);
	free(rel);
	free(repomd);
	free(primary);
	free(ps);
	free(cs);
}

static void
put_repodata(const char *dir, int corrupt)
{
	put_repodata_with(dir, corrupt, NULL);
}

struct pkgs_call {
	struct open_call	 oc;
	char			**names;
	char			**groups;
	int			 rc;
};

static void
do_packages(void *arg)
{
	struct pkgs_call *c = arg;

	c->rc = tree_packages(c->oc.t, c->oc.f, &c->names, &c->groups);
}

static char *
packages(struct pkgs_call *c)
{
	assert_non_null(open_tree(&c->oc));
	return tu_capture_stderr(do_packages, c);
}

static void
test_packages(void **state)
{
	struct pkgs_call c = { .rc = 0 };
	char *msg;

	(void)state;
	put_repodata("SL/repodata", 0);
	msg = packages(&c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.oc.t->repodata, "SL/repodata");
	assert_string_equal(c.names[0], "bridge-utils");
	assert_string_equal(c.names[1], "xen");
	assert_null(c.names[2]);
	/* Ids and display names alike: yum 3.0 takes either after '@'. */
	assert_string_equal(c.groups[0], "Base");
	assert_string_equal(c.groups[1], "base");
	assert_string_equal(c.groups[2], "virtualization");
	assert_null(c.groups[3]);
	assert_string_equal(input(c.oc.t, "repodata:primary")->verified_by,
	    "repomd.xml");
	strv_free(c.names);
	strv_free(c.groups);
	free(msg);
	open_end(&c.oc);
}

/* A tree this cache has never read is fetched in two rounds of requests,
 * though its steps depend on each other: first .treeinfo, .discinfo, the
 * standard layout's images and both repomd.xml at once (guesses: the
 * 404s of .treeinfo and SL/repodata/repomd.xml only mean "not there"),
 * then the repodata that repomd.xml names, started as soon as it is in
 * (TREE_PACKAGES), not after the images.  The server holds its answers
 * until every request of a round is there (6, then 2) and counts the
 * rounds; read step by step, round 1 would hold .treeinfo and .discinfo
 * alone.  Every file is taken once, checked as always. */
static void
test_cold_rounds(void **state)
{
	static const struct { const char *req; int round; } want[] = {
		{ "GET /tree/.treeinfo 404 ", 1 },
		{ "GET /tree/.discinfo 200 ", 1 },
		{ "GET /tree/images/pxeboot/vmlinuz 200 ", 1 },
		{ "GET /tree/images/pxeboot/initrd.img 200 ", 1 },
		{ "GET /tree/repodata/repomd.xml 200 ", 1 },
		{ "GET /tree/SL/repodata/repomd.xml 404 ", 1 },
		{ "GET /tree/repodata/primary.xml 200 ", 2 },
		{ "GET /tree/repodata/comps.xml 200 ", 2 },
	};
	struct pkgs_call c = { .rc = 0 };
	char *msg, *log, *at, *tag;

	(void)state;
	put_repodata("repodata", 0);
	free(th_get(&srv, "/_hold?n=6,2"));
	c.oc.what = TREE_PACKAGES;
	msg = packages(&c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.names[0], "bridge-utils");
	assert_file_is(c.oc.t->kernel, "a kernel\n");
	assert_string_equal(input(c.oc.t, "repodata:group")->verified_by,
	    "repomd.xml");
	log = th_get(&srv, "/_log");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		tag = xasprintf(" round=%d\n", want[i].round);
		at = strstr(log, want[i].req);
		if (at == NULL || strstr(at, tag) == NULL ||
		    strstr(at, tag) > strchr(at, '\n'))
			fail_msg("no \"%s...%s\" in the log:\n%s",
			    want[i].req, tag, log);
		free(tag);
	}
	assert_int_equal(th_count(&srv, " round=1"), 6);
	assert_int_equal(th_count(&srv, " round=2"), 2);
	assert_int_equal(th_count(&srv, " round="), 8);
	free(th_get(&srv, "/_hold?n=0"));
	free(log);
	strv_free(c.names);
	strv_free(c.groups);
	free(msg);
	open_end(&c.oc);
}

/* A guess is checked as the step that asks for its URL would check it:
 * the standard kernel, guessed at once, does not match what .treeinfo
 * publishes for it, and is refused. */
static void
test_guess_checked(void **state)
{
	struct open_call c = { .t = NULL };
	char *other = digest_buf_hex(DIGEST_SHA256, "another kernel\n", 15);

	(void)state;
	put_treeinfo_in("images/pxeboot/", other);
	assert_null(open_tree(&c));
	assert_non_null(strstr(c.msg, "checksum mismatch"));
	assert_non_null(strstr(c.msg, other));
	assert_non_null(strstr(c.msg, "images/pxeboot/vmlinuz"));
	open_end(&c);
	free(other);
}

static void
test_packages_checksum_mismatch(void **state)
{
	struct pkgs_call c = { .rc = 0 };
	char *msg;

	(void)state;
	put_repodata("repodata", 1);
	msg = packages(&c);
	assert_int_equal(c.rc, -1);
	assert_non_null(strstr(msg, "checksum mismatch"));
	assert_non_null(strstr(msg, "repodata/primary.xml"));
	free(msg);
	open_end(&c.oc);
	put("repodata/repomd.xml", "<repomd><data type=\"primary\">");
	msg = packages(&c);
	assert_int_equal(c.rc, -1);
	assert_non_null(strstr(msg, "not well-formed"));
	free(msg);
	open_end(&c.oc);
}

static void
test_no_repodata(void **state)
{
	struct pkgs_call c = { .rc = 0 };
	char *msg = packages(&c);

	(void)state;
	assert_int_equal(c.rc, -1);
	assert_non_null(strstr(msg, "createrepo"));
	free(msg);
	open_end(&c.oc);
}

/* The one index of kind in the cache (caller frees the path). */
static char *
index_file(const char *kind)
{
	char *pat = xasprintf("%s/%s-*.v1", cache, kind), *path;
	glob_t g;

	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 1);
	path = xstrdup(g.gl_pathv[0]);
	globfree(&g);
	free(pat);
	return path;
}

/* tree_packages on the served tree; names and groups checked against
 * want (names "|"-joined) and the groups of put_repodata. */
static void
packages_are(const char *want)
{
	struct pkgs_call c = { .rc = 0 };
	struct buf got = BUF_INIT;
	char *msg = packages(&c);

	assert_int_equal(c.rc, 0);
	for (char **n = c.names; *n != NULL; n++)
		buf_printf(&got, "%s%s", got.len ? "|" : "", *n);
	assert_string_equal(got.data, want);
	assert_string_equal(c.groups[0], "Base");
	assert_string_equal(c.groups[2], "virtualization");
	assert_string_equal(input(c.oc.t, "repodata:primary")->verified_by,
	    "repomd.xml");
	buf_free(&got);
	strv_free(c.names);
	strv_free(c.groups);
	free(msg);
	open_end(&c.oc);
}

/* The versions of xen that repo_versions finds in the tree's primary
 * data, "|"-joined "VER-REL". */
static char *
xen_versions(void)
{
	struct open_call oc = { .t = NULL };
	struct buf got = BUF_INIT;
	struct pkg_evr *v;
	size_t n;

	assert_non_null(open_tree(&oc));
	assert_int_equal(repo_versions(oc.t, oc.f, NULL, "xen", "x86_64", &v,
	    &n), 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&got, "%s%s-%s", i ? "|" : "", v[i].version,
		    v[i].release);
	pkg_evrs_free(v, n);
	open_end(&oc);
	return buf_release(&got);
}

/* Replaces the index at path by one of the same name that lists xen 9-9
 * alone: what a run then finds comes from the index. */
static void
forge_index(const char *path)
{
	const char *base = strrchr(path, '-') + 1;
	char *sha = xstrndup(base, 64);
	struct repo_index ix, forged;
	struct buf body = BUF_INIT;
	const char *f[] = { "xen", "x86_64", "", "9", "9" };

	assert_int_equal(repo_index_read(cache, "primary", sha, 5, &ix), 0);
	for (size_t i = 0; i < 5; i++)
		repo_index_field(&body, f[i], i == 4);
	assert_int_equal(repo_index_make(cache, "primary", sha, ix.verified,
	    5, 1, &body, &forged), 0);
	repo_index_free(&forged);
	repo_index_free(&ix);
	free(sha);
}

/* What a run reads of the repodata is kept as an index named by the
 * file's sha256: a second open of the same tree takes the package names
 * and versions from it (a forged index proves primary.xml was not read);
 * primary data whose checksum repomd.xml changed is read again, its new
 * package seen. */
static void
test_packages_index(void **state)
{
	char *path, *v;

	(void)state;
	put_repodata("repodata", 0);
	packages_are("bridge-utils|xen");
	assert_string_equal(v = xen_versions(), "3.1.2-1");
	free(v);
	path = index_file("primary");
	forge_index(path);
	packages_are("xen");
	assert_string_equal(v = xen_versions(), "9-9");
	free(v);
	free(path);
	put_repodata_with("repodata", 0, "kernel-xen");
	packages_are("bridge-utils|kernel-xen|xen");
	assert_string_equal(v = xen_versions(), "3.1.2-1");
	free(v);
}

/* Damages the index text in b (a copy of a good one) in the way i says;
 * returns 0 when there is no such way. */
static int
damage(struct buf *b, int i)
{
	switch (i) {
	case 0:		/* cut short */
		b->data[b->len /= 2] = '\0';
		return 1;
	case 1:
		buf_reset(b);
		buf_adds(b, "garbage\n");
		return 1;
	case 2:		/* another format version, all else right */
		b->data[strlen("xeninfn-repo-index ")] = '9';
		return 1;
	case 3:		/* a byte of a name: "xem" */
		strstr(b->data, "\nxen\t")[3] = 'm';
		return 1;
	case 4:		/* a record more than the header says */
		buf_adds(b, "xem\tx86_64\t0\t1\t1\n");
		return 1;
	}
	return 0;
}

/* A damaged index, or one of another format version, is made again
 * from the primary data, and the result is right. */
static void
test_packages_index_damaged(void **state)
{
	struct buf b = BUF_INIT, good = BUF_INIT;
	char *path;

	(void)state;
	put_repodata("repodata", 0);
	packages_are("bridge-utils|xen");
	path = index_file("primary");
	assert_int_equal(read_file(path, 1 << 20, &good), 0);
	for (int i = 0; ; i++) {
		buf_reset(&b);
		buf_add(&b, good.data, good.len);
		if (!damage(&b, i))
			break;
		assert_int_equal(write_file_atomic(path, b.data, b.len, 0644),
		    0);
		packages_are("bridge-utils|xen");
		buf_reset(&b);
		assert_int_equal(read_file(path, 1 << 20, &b), 0);
		assert_string_equal(b.data, good.data);
	}
	buf_free(&b);
	buf_free(&good);
	free(path);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, each_setup, th_each_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_discinfo_tree),
		T(test_cold_rounds),
		T(test_guess_checked),
		T(test_sl_layout),
		T(test_no_vmlinuz),
		T(test_not_a_tree),
		T(test_other_release_and_arch),
		T(test_bad_discinfo),
		T(test_treeinfo_checksums),
		T(test_treeinfo_unsafe_path),
		T(test_sha256sums),
		T(test_file_url_tree),
		T(test_packages),
		T(test_packages_index),
		T(test_packages_index_damaged),
		T(test_packages_checksum_mismatch),
		T(test_no_repodata),
	};

	return cmocka_run_group_tests(tests, th_setup, th_teardown);
}
