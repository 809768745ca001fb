/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tree.c: discovery of an install tree.  .treeinfo when the tree has one
 * (RHEL 5.2 and later), else .discinfo and the standard layout
 * (images/pxeboot/, or the SL variant images/SL/pxeboot/).  Every file it
 * takes is checked against every checksum published for it (.treeinfo
 * [checksums], the operator's tree.sha256sums) and recorded as an input
 * for manifest.json.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "fetch.h"
#include "settings.h"
#include "tree.h"
#include "tree-int.h"

#define IMAGE_MAX	(512ULL * 1024 * 1024)

/* Where the boot images live when no .treeinfo says. */
static const char *const layouts[] = { "images/pxeboot/",
    "images/SL/pxeboot/" };
/* Where the repodata may live (unconfirmed for SL 5.1: try both). */
static const char *const repodirs[] = { "repodata/", "SL/repodata/" };

void
tree_add_input(struct tree *t, const char *role, const char *url,
    const char *path, const char *sha256, const char *verified_by)
{
	struct tree_input *in;

	t->inputs = realloc_n(t->inputs, t->ninputs + 1, sizeof(*in));
	in = &t->inputs[t->ninputs++];
	in->role = xstrdup(role);
	in->url = xstrdup(url);
	in->path = xstrdup(path);
	in->sha256 = xstrdup(sha256);
	in->verified_by = xstrdup(verified_by);
}

void
tree_free(struct tree *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ninputs; i++) {
		free(t->inputs[i].role);
		free(t->inputs[i].url);
		free(t->inputs[i].path);
		free(t->inputs[i].sha256);
		free(t->inputs[i].verified_by);
	}
	free(t->inputs);
	free(t->url);
	free(t->family);
	free(t->release);
	free(t->arch);
	free(t->timestamp);
	free(t->kernel);
	free(t->initrd);
	free(t->repodata);
	free(t);
}

/* The URL of tree.sha256sums: itself when it is a URL, else a file URL of
 * the path made absolute.  The caller frees it. */
static char *
sums_url(const char *value)
{
	char cwd[PATH_MAX];

	if (strstr(value, "://") != NULL)
		return xstrdup(value);
	if (*value == '/')
		return xasprintf("file://%s", value);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return xasprintf("file://%s", value);
	return xasprintf("file://%s/%s", cwd, value);
}

/* Verifies one fetched file against the sums and records it as an input.
 * Returns 0, or -1 after a message (and the cached copy is dropped, so
 * that the next run fetches it again). */
static int
take_input(struct tree *t, struct fetcher *f, const struct tree_sums *sums,
    const char *role, const char *rel, const struct fetch_item *it)
{
	char *by = tree_sums_verify(sums, rel, it->url, it->path,
	    it->sha256);

	if (by == NULL) {
		fetch_forget(f, it->url);
		return -1;
	}
	tree_add_input(t, role, it->url, it->path, it->sha256, by);
	free(by);
	return 0;
}

/* Reads a fetched small file into out; 0 or -1 after a message. */
static int
slurp(const struct fetch_item *it, size_t max, struct buf *out)
{
	buf_reset(out);
	return read_file(it->path, max, out);
}

/* Fetches .treeinfo, .discinfo and the operator's SHA256SUMS, and parses
 * what came.  Returns 0, or -1 after messages. */
static int
describe(struct tree *t, const struct tree_settings *ts, struct fetcher *f,
    struct tree_desc *d, struct tree_sums *sums)
{
	const char *sv = ts->sha256sums;
	struct fetch_item it[3] = { { 0 } };
	struct buf b = BUF_INIT;
	size_t n = 2;
	int rc = -1;

	it[0].url = xasprintf("%s.treeinfo", t->url);
	it[0].optional = 1;
	it[0].max_size = TREEINFO_MAX;
	it[1].url = xasprintf("%s.discinfo", t->url);
	it[1].optional = 1;
	it[1].max_size = DISCINFO_MAX;
	if (*sv != '\0') {
		it[2].url = sums_url(sv);
		it[2].max_size = SHA256SUMS_MAX;
		n = 3;
	}
	if (fetch_all(f, it, n) != 0) {
		if (!signal_caught())
			log_error("%s: cannot read the install tree: check "
			    "tree.url and tree.sha256sums", t->url);
		goto out;
	}
	if (it[0].missing && it[1].missing) {
		log_error("%s: not an install tree (neither .treeinfo nor "
		    ".discinfo): set tree.url to the directory that holds "
		    "images/ and .discinfo", t->url);
		goto out;
	}
	if (n == 3 && (slurp(&it[2], SHA256SUMS_MAX, &b) != 0 ||
	    parse_sha256sums(b.data, it[2].url, sums) != 0))
		goto out;
	if (n == 3)
		tree_add_input(t, "SHA256SUMS", it[2].url, it[2].path,
		    it[2].sha256, "operator (tree.sha256sums)");
	if (!it[1].missing && (slurp(&it[1], DISCINFO_MAX, &b) != 0 ||
	    parse_discinfo(b.data, it[1].url, d) != 0))
		goto out;
	if (!it[0].missing) {
		tree_desc_free(d);
		t->has_treeinfo = 1;
		if (slurp(&it[0], TREEINFO_MAX, &b) != 0 ||
		    parse_treeinfo(b.data, it[0].url, ts->arch, d,
		    sums) != 0)
			goto out;
	}
	rc = 0;
	for (size_t i = 0; i < 2 && rc == 0; i++)
		if (!it[i].missing)
			rc = take_input(t, f, sums, i ? ".discinfo" : ".treeinfo",
			    i ? ".discinfo" : ".treeinfo", &it[i]);
out:
	buf_free(&b);
	for (size_t i = 0; i < n; i++)
		free((char *)it[i].url);
	fetch_items_clear(it, n);
	return rc;
}

/* Refuses a tree of another release or arch than the profile's, unless
 * tree.allow_mismatch.  Returns 0 or -1 after a message. */
static int
check_release(const struct tree *t, const struct tree_settings *ts)
{
	const char *rel = ts->release;
	const char *arch = ts->arch;

	if (strcmp(t->release, rel) == 0 && strcmp(t->arch, arch) == 0)
		return 0;
	if (ts->allow_mismatch) {
		log_warn("%s: the tree is %s %s %s, not %s %s; going on since "
		    "tree.allow_mismatch=yes", t->url, t->family, t->release,
		    t->arch, rel, arch);
		return 0;
	}
	log_error("%s: the tree is %s %s %s, but the profile wants release "
	    "%s for %s: point tree.url at a %s %s tree, or set "
	    "tree.allow_mismatch=yes to use it anyway", t->url, t->family,
	    t->release, t->arch, rel, arch, rel, arch);
	return -1;
}

/* The URLs of the standard layout's images, kernel and initrd (caller
 * frees them). */
static void
standard_images(const struct tree *t, char **kernel, char **initrd)
{
	*kernel = xasprintf("%s%svmlinuz", t->url, layouts[0]);
	*initrd = xasprintf("%s%sinitrd.img", t->url, layouts[0]);
}

/*
 * Starts, for a tree this cache has never read, every file of the
 * standard layout at once, as if the steps that would ask for them
 * one after the other had already run: .treeinfo and .discinfo, the
 * images in images/pxeboot/ and both repomd.xml.  The steps then take
 * these transfers over (fetch_ahead) when they ask for the same URL, and
 * check what came as always; a guess the tree's metadata contradicts is
 * never asked for, and is stopped (drop_guesses).
 */
static void
guess_layout(const struct tree *t, struct fetcher *f)
{
	struct fetch_item it[6] = { { 0 } };
	char *k, *i;

	it[0].url = xasprintf("%s.treeinfo", t->url);
	it[0].max_size = TREEINFO_MAX;
	it[1].url = xasprintf("%s.discinfo", t->url);
	it[1].max_size = DISCINFO_MAX;
	standard_images(t, &k, &i);
	it[2].url = k;
	it[3].url = i;
	it[2].max_size = it[3].max_size = IMAGE_MAX;
	for (size_t r = 0; r < 2; r++) {
		it[4 + r].url = xasprintf("%s%srepomd.xml", t->url,
		    repodirs[r]);
		it[4 + r].max_size = REPOMD_MAX;
	}
	fetch_ahead(f, it, 6);
	tree_items_free(it, 6);
}

/* Stops the guesses of the standard images that no step took: the tree
 * named others (.treeinfo), or the run failed before. */
static void
drop_guesses(const struct tree *t, struct fetcher *f)
{
	char *k, *i;

	standard_images(t, &k, &i);
	fetch_ahead_cancel(f, k);
	fetch_ahead_cancel(f, i);
	free(k);
	free(i);
}

/* Fills items[0..1] with the kernel and initrd URLs under dir. */
static void
image_items(const struct tree *t, const char *kernel, const char *initrd,
    int optional, struct fetch_item *it)
{
	it[0].url = xasprintf("%s%s", t->url, kernel);
	it[1].url = xasprintf("%s%s", t->url, initrd);
	it[0].max_size = it[1].max_size = IMAGE_MAX;
	it[0].optional = it[1].optional = optional;
}

void
tree_items_free(struct fetch_item *it, size_t n)
{
	fetch_items_clear(it, n);
	for (size_t i = 0; i < n; i++) {
		free((char *)it[i].url);
		it[i].url = NULL;
	}
}

/* Pins the image rel (fetched as *it, already an input) when nothing
 * the tree publishes vouched for it; its input then says "pinned".
 * Returns 0, or -1 after a message (the cached copy is dropped). */
static int
pin_image(struct tree *t, struct fetcher *f, int repin, const char *rel,
    const struct fetch_item *it)
{
	struct tree_input *in = &t->inputs[t->ninputs - 1];

	for (size_t j = 0; j < t->ninputs; j++)
		if (strcmp(t->inputs[j].url, it->url) == 0)
			in = &t->inputs[j];
	if (strcmp(in->verified_by, "none") != 0)
		return 0;
	if (tree_pin(fetch_cache_dir(f), t->url, rel, it->url, it->sha256,
	    repin) != 0) {
		fetch_forget(f, it->url);
		return -1;
	}
	free(in->verified_by);
	in->verified_by = xstrdup("pinned");
	return 0;
}

/* Takes the kernel and initrd of items[0..1] (relative paths k, i),
 * pinning them when the tree vouches for neither (repin: take a changed
 * one). */
static int
take_images(struct tree *t, struct fetcher *f, const struct tree_sums *sums,
    const struct fetch_item *it, const char *k, const char *i, int repin)
{
	if (it[1].missing) {
		log_error("%s: not found, though %s is there: the tree is "
		    "incomplete; fix it or point tree.url at another mirror",
		    it[1].url, it[0].url);
		return -1;
	}
	int was, rc;

	if (take_input(t, f, sums, "kernel", k, &it[0]) != 0 ||
	    take_input(t, f, sums, "initrd", i, &it[1]) != 0)
		return -1;
	/* Both pins reach the disk together: one sync, not one each. */
	was = fileio_set_durable(0);
	rc = pin_image(t, f, repin, k, &it[0]) != 0 ||
	    pin_image(t, f, repin, i, &it[1]) != 0 ? -1 : 0;
	fileio_set_durable(was);
	if (was && tree_pins_sync(fetch_cache_dir(f)) != 0)
		rc = -1;
	if (rc != 0)
		return -1;
	t->kernel = xstrdup(it[0].path);
	t->initrd = xstrdup(it[1].path);
	return 0;
}

/* Takes the first repomd.xml found among items[0..1]. */
static int
take_repomd(struct tree *t, struct fetcher *f, const struct tree_sums *sums,
    const struct fetch_item *it)
{
	char *rel;
	int rc = 0;

	for (size_t i = 0; i < 2 && t->repodata == NULL; i++) {
		if (it[i].missing)
			continue;
		rel = xasprintf("%srepomd.xml", repodirs[i]);
		rc = take_input(t, f, sums, "repomd.xml", rel, &it[i]);
		free(rel);
		if (rc != 0)
			return -1;
		t->repodata = xstrndup(repodirs[i], strlen(repodirs[i]) - 1);
	}
	if (t->repodata == NULL)
		log_debug("%s: no repodata/repomd.xml nor SL/repodata/repomd.xml",
		    t->url);
	return 0;
}

/* Fetches and verifies (or pins) the kernel and initrd, and finds the
 * repodata: repomd.xml first, while the images come, so that with
 * TREE_PACKAGES in what the repodata it names starts before the images
 * are in.  Returns 0, or -1 after messages. */
static int
find_images(struct tree *t, struct fetcher *f, const struct tree_desc *d,
    const struct tree_sums *sums, int repin, int what)
{
	struct fetch_item it[4] = { { 0 } };
	char *k = NULL, *i = NULL;
	size_t l = 0;
	int rc = -1;

	if (d->kernel != NULL) {
		k = xstrdup(d->kernel);
		i = xstrdup(d->initrd ? d->initrd : "images/pxeboot/initrd.img");
	} else {
		k = xasprintf("%svmlinuz", layouts[0]);
		i = xasprintf("%sinitrd.img", layouts[0]);
	}
	image_items(t, k, i, d->kernel == NULL, it);
	for (size_t r = 0; r < 2; r++) {
		it[2 + r].url = xasprintf("%s%srepomd.xml", t->url, repodirs[r]);
		it[2 + r].optional = 1;
		it[2 + r].max_size = REPOMD_MAX;
	}
	fetch_ahead(f, it, 2);
	if (fetch_all(f, it + 2, 2) != 0)
		goto fetch_failed;
	if (take_repomd(t, f, sums, it + 2) != 0 || ((what & TREE_PACKAGES) &&
	    repodata_ahead(t, f) != 0))
		goto out;
	if (fetch_all(f, it, 2) != 0)
		goto fetch_failed;
	/* The SL variant of the layout, when the standard one is absent. */
	while (it[0].missing && ++l < sizeof(layouts) / sizeof(layouts[0])) {
		tree_items_free(it, 2);
		free(k);
		free(i);
		k = xasprintf("%svmlinuz", layouts[l]);
		i = xasprintf("%sinitrd.img", layouts[l]);
		image_items(t, k, i, 1, it);
		if (fetch_all(f, it, 2) != 0)
			goto fetch_failed;
	}
	if (it[0].missing) {
		log_error("%s: no vmlinuz in images/pxeboot/ nor "
		    "images/SL/pxeboot/: set tree.url to the top of an SL 5.1 "
		    "tree (the directory holding .discinfo and images/)",
		    t->url);
		goto out;
	}
	rc = take_images(t, f, sums, it, k, i, repin);
	goto out;
fetch_failed:
	if (!signal_caught())
		log_error("%s: cannot fetch the tree's boot images: check "
		    "tree.url and that the mirror is complete", t->url);
out:
	tree_items_free(it, 4);
	free(k);
	free(i);
	return rc;
}

struct tree *
tree_open(const struct tree_settings *ts, struct fetcher *f)
{
	return tree_open_for(ts, f, 0);
}

struct tree *
tree_open_for(const struct tree_settings *ts, struct fetcher *f, int what)
{
	const char *url = ts->url;
	struct tree *t = xcalloc(1, sizeof(*t));
	struct tree_desc d = { 0 };
	struct tree_sums sums = { 0 };
	size_t len = strlen(url);

	t->url = len > 0 && url[len - 1] == '/' ? xstrdup(url) :
	    xasprintf("%s/", url);
	/* nothing of a file:// tree is read through a link leading out */
	fetch_confine(f, t->url);
	/* what the last run took of this tree, revalidated in one round;
	 * a tree never seen here: its likely files, all at once */
	if (fetch_remember(f, t->url) == 0)
		guess_layout(t, f);
	if (describe(t, ts, f, &d, &sums) != 0)
		goto fail;
	t->family = xstrdup(d.family ? d.family : "");
	t->release = xstrdup(d.release);
	t->arch = xstrdup(d.arch);
	t->timestamp = xstrdup(d.timestamp ? d.timestamp : "");
	if (check_release(t, ts) != 0 || find_images(t, f, &d, &sums,
	    ts->repin, what) != 0)
		goto fail;
	drop_guesses(t, f);
	tree_desc_free(&d);
	tree_sums_free(&sums);
	return t;
fail:
	drop_guesses(t, f);
	tree_desc_free(&d);
	tree_sums_free(&sums);
	tree_free(t);
	return NULL;
}
