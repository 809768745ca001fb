/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * repomd.c: the tree's package index.  repodata/repomd.xml lists the data
 * files (primary, filelists, other, the comps group file) with their
 * checksums; each is fetched and verified against it, then primary gives
 * the package names and comps the group ids that a kickstart's %packages
 * may name.  XML through libxml2's reader, never expanding entities.
 * What is read of each file is kept as an index in the download cache
 * (repoindex.c), named by the file's sha256: a later run given the same
 * file reads that instead, without libxml2, libarchive or the file.
 */
#include <stdlib.h>
#include <string.h>
#include <archive.h>
#include <libxml/xmlreader.h>

#include "xeninfn.h"
#include "fetch.h"
#include "tree.h"
#include "tree-int.h"

/* The data types worth fetching: what a check of %packages needs, and the
 * rest of what a tree publishes, so that every listed checksum is seen. */
static const char *const wanted[] = { "primary", "filelists", "other",
    "group", "group_gz" };
#define NWANTED	(sizeof(wanted) / sizeof(wanted[0]))

/* One <data> record of repomd.xml: views into its index. */
struct repomd_data {
	const char	*type;
	const char	*sumtype;
	const char	*sum;
	const char	*href;
};

/* The <data> records of repomd.xml, and the index that holds them. */
struct repomd {
	struct repo_index	 ix;
	struct repomd_data	*v;
	size_t			 n;
};

/* Sorts sv, drops repeats and hands the NULL-terminated array to the
 * caller, who frees it with strv_free. */
static char **
strset_release(struct strv *sv)
{
	strv_sort_unique(sv);
	return strv_release(sv);
}

/* Reads an XML document from memory, calling fn for each element with its
 * depth.  Returns 0, or -1 after a message naming where. */
static int
xml_walk(const struct buf *b, const char *where,
    void (*fn)(xmlTextReaderPtr, const char *, int, void *), void *arg)
{
	xmlTextReaderPtr r;
	int ret, type;

	if (b->len > INT32_MAX)
		return -1;
	r = xmlReaderForMemory(b->data, (int)b->len, where, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r == NULL) {
		log_error("%s: cannot parse (out of memory?)", where);
		return -1;
	}
	while ((ret = xmlTextReaderRead(r)) == 1) {
		type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT ||
		    type == XML_READER_TYPE_END_ELEMENT)
			fn(r, type == XML_READER_TYPE_ELEMENT ?
			    (const char *)xmlTextReaderConstLocalName(r) : NULL,
			    xmlTextReaderDepth(r), arg);
	}
	xmlFreeTextReader(r);
	if (ret != 0) {
		log_error("%s: not well-formed XML: the file is damaged; fix "
		    "the tree's repodata (createrepo)", where);
		return -1;
	}
	return 0;
}

/* The attribute name of the current element (caller frees), or NULL. */
static char *
attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	char *s = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* The text of the current element (caller frees), or NULL. */
static char *
element_text(xmlTextReaderPtr r)
{
	xmlChar *text = xmlTextReaderReadString(r);
	char *s = text ? xstrdup((const char *)text) : NULL;

	xmlFree(text);
	return s;
}

/* The record a walk over an XML file is filling: its fields (NULL: not
 * seen, written as "") go to the index body when it ends. */
#define REC_FIELDS	5
struct rec {
	struct buf	 body;
	size_t		 nf;
	size_t		 n;		/* records in body */
	int		 open;		/* a record is being filled */
	int		 depth;		/* group_el: of the open <group> */
	char		*f[REC_FIELDS];
};

/* Ends the open record, if any: appends it to the body. */
static void
rec_end(struct rec *c)
{
	if (!c->open)
		return;
	for (size_t i = 0; i < c->nf; i++) {
		repo_index_field(&c->body, c->f[i] ? c->f[i] : "",
		    i + 1 == c->nf);
		free(c->f[i]);
		c->f[i] = NULL;
	}
	c->n++;
	c->open = 0;
}

/* Sets field i of the open record to s (taking it) unless it has one. */
static void
rec_set(struct rec *c, size_t i, char *s)
{
	if (c->f[i] == NULL || *c->f[i] == '\0') {
		free(c->f[i]);
		c->f[i] = s;
	} else
		free(s);
}

/* The fields of an index of repomd.xml: one record per <data>. */
enum { D_TYPE, D_SUMTYPE, D_SUM, D_HREF, D_FIELDS };

/* xml_walk's callback over repomd.xml: a record per <data>, with its
 * type, first <location href> and first <checksum> with text. */
static void
repomd_el(xmlTextReaderPtr r, const char *name, int depth, void *arg)
{
	struct rec *c = arg;

	if (depth == 1)
		rec_end(c);
	if (name == NULL)
		return;
	if (depth == 1 && strcmp(name, "data") == 0) {
		c->open = 1;
		c->f[D_TYPE] = attr(r, "type");
		return;
	}
	if (depth != 2 || !c->open)
		return;
	if (strcmp(name, "location") == 0)
		rec_set(c, D_HREF, attr(r, "href"));
	else if (strcmp(name, "checksum") == 0 && (c->f[D_SUM] == NULL ||
	    *c->f[D_SUM] == '\0')) {
		/* an earlier <checksum> without text left its type */
		free(c->f[D_SUMTYPE]);
		c->f[D_SUMTYPE] = attr(r, "type");
		rec_set(c, D_SUM, element_text(r));
	}
}

/* The fields of an index of primary.xml: one record per <package>. */
enum { P_NAME, P_ARCH, P_EPOCH, P_VER, P_REL, P_FIELDS };

/* xml_walk's callback over primary.xml: a record per <package>, with its
 * first non-empty <name>, its first <arch> and <version>. */
static void
primary_el(xmlTextReaderPtr r, const char *name, int depth, void *arg)
{
	struct rec *c = arg;

	if (depth == 1)
		rec_end(c);
	if (name == NULL)
		return;
	if (depth == 1 && strcmp(name, "package") == 0) {
		c->open = !xmlTextReaderIsEmptyElement(r);
		return;
	}
	if (depth != 2 || !c->open)
		return;
	if (strcmp(name, "name") == 0)
		rec_set(c, P_NAME, element_text(r));
	else if (strcmp(name, "arch") == 0 && c->f[P_ARCH] == NULL)
		c->f[P_ARCH] = element_text(r);
	else if (strcmp(name, "version") == 0 && c->f[P_VER] == NULL) {
		c->f[P_EPOCH] = attr(r, "epoch");
		c->f[P_VER] = attr(r, "ver");
		c->f[P_REL] = attr(r, "rel");
		/* set even without ver=: a later <version> is not read */
		c->f[P_VER] = c->f[P_VER] ? c->f[P_VER] : xstrdup("");
	}
}

/* xml_walk's callback over comps: a one-field record per <id> and <name>
 * directly under a <group> (yum 3.0 finds "@Virtualization" by its
 * <name> as well as "@virtualization" by its <id>: both name it). */
static void
group_el(xmlTextReaderPtr r, const char *name, int depth, void *arg)
{
	struct rec *c = arg;
	char *text;

	if (name == NULL) {
		if (depth <= c->depth)
			c->depth = -1;
		return;
	}
	if (strcmp(name, "group") == 0 && !xmlTextReaderIsEmptyElement(r))
		c->depth = depth;
	else if (c->depth >= 0 && depth == c->depth + 1 &&
	    (strcmp(name, "id") == 0 || strcmp(name, "name") == 0) &&
	    (text = element_text(r)) != NULL) {
		if (*text != '\0') {
			c->open = 1;
			c->f[0] = text;
			rec_end(c);
		} else
			free(text);
	}
}

/* A kind of index: its name, fields, and how its file is read (fn NULL:
 * nothing is read of it; the index only records that it was verified). */
struct index_kind {
	const char	*name;
	size_t		 nf;
	void		(*fn)(xmlTextReaderPtr, const char *, int, void *);
	int		 packed;	/* may be compressed */
};

static const struct index_kind repomd_kind = { "repomd", D_FIELDS,
    repomd_el, 0 };
static const struct index_kind primary_kind = { "primary", P_FIELDS,
    primary_el, 1 };
static const struct index_kind group_kind = { "group", 1, group_el, 1 };
static const struct index_kind data_kind = { "data", 0, NULL, 0 };

/* The kind of index of a repomd.xml <data type>. */
static const struct index_kind *
kind_of(const char *type)
{
	if (strcmp(type, "primary") == 0)
		return &primary_kind;
	if (strncmp(type, "group", 5) == 0)
		return &group_kind;
	return &data_kind;
}

static void
repomd_free(struct repomd *m)
{
	repo_index_free(&m->ix);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Reads path, unpacking gzip/bzip2/xz when it is compressed, into out
 * (at most REPODATA_MAX bytes).  Returns 0, or -1 after a message. */
static int
unpack(const char *path, const char *where, struct buf *out)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char chunk[65536];
	la_ssize_t n;
	int rc = -1;

	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_filename(a, path, sizeof(chunk)) != ARCHIVE_OK ||
	    archive_read_next_header(a, &e) != ARCHIVE_OK)
		goto bad;
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		if (out->len + (size_t)n > REPODATA_MAX) {
			log_error("%s: more than %llu bytes unpacked: refusing "
			    "it", where, (unsigned long long)REPODATA_MAX);
			goto out;
		}
		buf_add(out, chunk, (size_t)n);
	}
	if (n == 0) {
		rc = 0;
		goto out;
	}
bad:
	log_error("%s: cannot unpack: %s", where, archive_error_string(a) ?
	    archive_error_string(a) : "unknown format");
out:
	archive_read_free(a);
	return rc;
}

/* Reads the file at path (URL where) as an index of kind k made from it
 * into ix, recording verified (index_of), and stores it in the cache dir
 * under sha256.  Returns 0, or -1 after a message. */
static int
index_build(const char *dir, const struct index_kind *k, const char *path,
    const char *where, const char *sha256, const char *verified,
    struct repo_index *ix)
{
	struct rec c = { BUF_INIT, k->nf, 0, 0, -1, { NULL } };
	struct buf b = BUF_INIT;
	int rc = 0;

	if (k->fn != NULL) {
		rc = k->packed ? unpack(path, where, &b) :
		    read_file(path, REPOMD_MAX, &b);
		if (rc == 0)
			rc = xml_walk(&b, where, k->fn, &c);
		rec_end(&c);
	}
	if (rc == 0)
		rc = repo_index_make(dir, k->name, sha256, verified, k->nf, c.n,
		    &c.body, ix);
	for (size_t i = 0; i < REC_FIELDS; i++)
		free(c.f[i]);
	buf_free(&c.body);
	buf_free(&b);
	return rc;
}

/* The cached index of kind k of the file whose sha256 is given, when it
 * was made from data verified as verified is ("ALGO:HEX", or "-").
 * Returns 0, or -1 when there is none (ix then holds nothing). */
static int
index_cached(const char *dir, const struct index_kind *k, const char *sha256,
    const char *verified, struct repo_index *ix)
{
	if (repo_index_read(dir, k->name, sha256, k->nf, ix) != 0)
		return -1;
	if (strcmp(ix->verified, verified) == 0)
		return 0;
	repo_index_free(ix);
	return -1;
}

/* The local path of the input with role, or NULL. */
static const struct tree_input *
find_input(const struct tree *t, const char *role)
{
	for (size_t i = 0; i < t->ninputs; i++)
		if (strcmp(t->inputs[i].role, role) == 0)
			return &t->inputs[i];
	return NULL;
}

/* Reads repomd.xml (the local copy at path of url, whose sha256 is given:
 * through its index in the cache dir when there is one) and keeps its
 * <data> records, each checked: a safe href and a checksum of a known
 * type.  Returns 0 or -1 (the caller frees m with repomd_free). */
static int
read_repomd(const char *dir, const char *path, const char *url,
    const char *sha256, struct repomd *m)
{
	const char *const *f;

	if (index_cached(dir, &repomd_kind, sha256, "-", &m->ix) != 0 &&
	    index_build(dir, &repomd_kind, path, url, sha256, "-",
	    &m->ix) != 0)
		return -1;
	m->v = realloc_n(NULL, m->ix.n + 1, sizeof(*m->v));
	for (size_t i = 0; i < m->ix.n; i++) {
		struct repomd_data *d = &m->v[m->n++];

		f = (const char *const *)m->ix.f + i * D_FIELDS;
		*d = (struct repomd_data){ f[D_TYPE], f[D_SUMTYPE], f[D_SUM],
		    f[D_HREF] };
		if (*d->type == '\0' || *d->sum == '\0' ||
		    !path_is_safe(d->href) ||
		    digest_algo_from_name(d->sumtype) < 0) {
			log_error("%s: <data type=\"%s\"> needs a <location "
			    "href> inside the tree and a <checksum> of a known "
			    "type: rebuild the repodata", url,
			    *d->type ? d->type : "?");
			return -1;
		}
	}
	return 0;
}

/* 1 if the data type is one to fetch: only, or any wanted one when only
 * is NULL. */
static int
is_wanted_of(const char *type, const char *only)
{
	if (only != NULL)
		return strcmp(type, only) == 0;
	for (size_t i = 0; i < NWANTED; i++)
		if (strcmp(type, wanted[i]) == 0)
			return 1;
	return 0;
}

static int
is_wanted(const char *type)
{
	return is_wanted_of(type, NULL);
}

/* Where a repository is and what its data files are recorded as. */
struct repo_where {
	const char	*base;	/* the URL its hrefs are relative to */
	const char	*role;	/* input role prefix: "repodata" */
	const char	*only;	/* the one data type to fetch, or NULL */
};

/* The tree's own repository (the caller frees base). */
static struct repo_where
tree_repo(const struct tree *t, char **base)
{
	const char *top = strncmp(t->repodata, "SL/", 3) == 0 ? "SL/" : "";

	*base = xasprintf("%s%s", t->url, top);
	return (struct repo_where){ *base, "repodata", NULL };
}

/* Verifies the fetched data file it (record d of repomd.xml, whose sums
 * are in sums) and gives its index in ix: the cached one when it was made
 * from a file of the same sha256 verified by the same checksum (then the
 * file is not read at all), else the file is checked and read.  Returns
 * 0, or -1 after a message (a file that fails is dropped from the
 * cache). */
static int
take_data(struct fetcher *f, const struct tree_sums *sums,
    const struct repomd_data *d, const struct fetch_item *it,
    struct repo_index *ix)
{
	const struct index_kind *k = kind_of(d->type);
	int algo = digest_algo_from_name(d->sumtype), rc = -1;
	/* a sha256 is compared with the fetch layer's digest: an index of a
	 * file nothing else is read of would only add a file to read */
	const char *dir = k == &data_kind && algo == DIGEST_SHA256 ? NULL :
	    fetch_cache_dir(f);
	char *verified, *by;

	verified = xasprintf("%s:%s", digest_algo_name(algo), d->sum);
	if (index_cached(dir, k, it->sha256, verified, ix) == 0) {
		rc = 0;
		goto out;
	}
	if ((by = tree_sums_verify(sums, d->href, it->url, it->path,
	    it->sha256)) == NULL) {
		fetch_forget(f, it->url);
		goto out;
	}
	free(by);
	rc = index_build(dir, k, it->path, it->url, it->sha256, verified, ix);
out:
	free(verified);
	return rc;
}

/* Fetches every wanted data file of the repository at w, checks it
 * against repomd.xml and gives its index; fills items and indexes (n of
 * them, in the order of m) and records the files as inputs of t.
 * Returns 0, or -1 after messages. */
static int
fetch_repodata(struct tree *t, struct fetcher *f, const struct repo_where *w,
    const struct repomd *m, struct fetch_item *it, struct repo_index *ix,
    size_t *n)
{
	struct tree_sums sums = { 0 };
	char *role;
	int rc = -1;

	*n = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (!is_wanted_of(m->v[i].type, w->only))
			continue;
		it[*n].url = xasprintf("%s%s", w->base, m->v[i].href);
		it[*n].max_size = REPODATA_MAX;
		tree_sums_add(&sums, m->v[i].href,
		    digest_algo_from_name(m->v[i].sumtype), m->v[i].sum,
		    "repomd.xml");
		(*n)++;
	}
	if (fetch_all(f, it, *n) != 0) {
		log_error("%s: cannot fetch the repodata that repomd.xml "
		    "lists: the mirror is incomplete or changing; try again "
		    "or use another", w->base);
		goto out;
	}
	for (size_t i = 0, k = 0; i < m->n; i++) {
		if (!is_wanted_of(m->v[i].type, w->only))
			continue;
		if (take_data(f, &sums, &m->v[i], &it[k], &ix[k]) != 0)
			goto out;
		role = xasprintf("%s:%s", w->role, m->v[i].type);
		if (find_input(t, role) == NULL)
			tree_add_input(t, role, it[k].url, it[k].path,
			    it[k].sha256, "repomd.xml");
		free(role);
		k++;
	}
	rc = 0;
out:
	tree_sums_free(&sums);
	return rc;
}

/* Starts the tree's wanted repodata for tree_packages (tree-int.h). */
int
repodata_ahead(struct tree *t, struct fetcher *f)
{
	const struct tree_input *in = find_input(t, "repomd.xml");
	struct fetch_item it[NWANTED * 2];
	struct repomd m = { 0 };
	struct repo_where w;
	char *base = NULL;
	size_t n = 0;

	if (in == NULL || t->repodata == NULL)
		return 0;
	if (read_repomd(fetch_cache_dir(f), in->path, in->url, in->sha256,
	    &m) != 0) {
		repomd_free(&m);
		return -1;
	}
	memset(it, 0, sizeof(it));
	w = tree_repo(t, &base);
	for (size_t i = 0; i < m.n && n < NWANTED * 2; i++) {
		if (!is_wanted(m.v[i].type))
			continue;
		it[n].url = xasprintf("%s%s", w.base, m.v[i].href);
		it[n++].max_size = REPODATA_MAX;
	}
	fetch_ahead(f, it, n);
	tree_items_free(it, n);
	repomd_free(&m);
	free(base);
	return 0;
}

/* Adds field j of every record of ix that has it non-empty to out. */
static void
index_strings(const struct repo_index *ix, size_t j, struct strv *out)
{
	for (size_t i = 0; i < ix->n; i++)
		if (*ix->f[i * ix->nf + j] != '\0')
			strv_push(out, ix->f[i * ix->nf + j]);
}

/* Frees n indexes. */
static void
indexes_free(struct repo_index *ix, size_t n)
{
	for (size_t i = 0; i < n; i++)
		repo_index_free(&ix[i]);
}

int
tree_packages(struct tree *t, struct fetcher *f, char ***names,
    char ***groups)
{
	const struct tree_input *in = find_input(t, "repomd.xml");
	struct fetch_item it[NWANTED * 2];
	struct repo_index ix[NWANTED * 2];
	struct strv pkgs = STRV_INIT, grps = STRV_INIT;
	struct repomd m = { 0 };
	struct repo_where w;
	char *base = NULL;
	size_t n = 0, nwanted = 0;
	int rc = -1;

	*names = *groups = NULL;
	memset(it, 0, sizeof(it));
	memset(ix, 0, sizeof(ix));
	if (in == NULL || t->repodata == NULL) {
		log_error("%s: no repodata/repomd.xml nor SL/repodata/repomd.xml:"
		    " the tree has no package index; run createrepo on it",
		    t->url);
		return -1;
	}
	if (read_repomd(fetch_cache_dir(f), in->path, in->url, in->sha256,
	    &m) != 0)
		goto out;
	/* Counted apart from n: n is how many items hold URLs to free, and
	 * it must never exceed the array even when repomd.xml is refused. */
	for (size_t i = 0; i < m.n; i++)
		nwanted += is_wanted(m.v[i].type);
	if (nwanted > NWANTED * 2) {
		log_error("%s: %zu <data> records of the types primary, "
		    "filelists, other, group and group_gz (at most %zu): "
		    "rebuild the repodata", in->url, nwanted, NWANTED * 2);
		goto out;
	}
	w = tree_repo(t, &base);
	if (fetch_repodata(t, f, &w, &m, it, ix, &n) != 0)
		goto out;
	for (size_t i = 0, k = 0; i < m.n; i++) {
		if (!is_wanted(m.v[i].type))
			continue;
		if (kind_of(m.v[i].type) != &data_kind)
			index_strings(&ix[k], 0, kind_of(m.v[i].type) ==
			    &primary_kind ? &pkgs : &grps);
		k++;
	}
	if (pkgs.n == 0) {
		log_error("%s: repomd.xml lists no packages (no primary data):"
		    " rebuild the repodata", in->url);
		goto out;
	}
	*names = strset_release(&pkgs);
	*groups = strset_release(&grps);
	rc = 0;
out:
	strv_clear(&pkgs);
	strv_clear(&grps);
	repomd_free(&m);
	indexes_free(ix, n);
	tree_items_free(it, n);
	free(base);
	return rc;
}

void
pkg_evr_clear(struct pkg_evr *e)
{
	free(e->epoch);
	free(e->version);
	free(e->release);
	free(e->arch);
	memset(e, 0, sizeof(*e));
}

void
pkg_evrs_free(struct pkg_evr *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		pkg_evr_clear(&v[i]);
	free(v);
}

/* The versions of the package called name, of arch or noarch, that the
 * primary index ix lists (a package without a version is left out), into
 * *v (caller frees with pkg_evrs_free) and *n. */
static void
index_versions(const struct repo_index *ix, const char *name,
    const char *arch, struct pkg_evr **v, size_t *n)
{
	const char *const *p;

	for (size_t i = 0; i < ix->n; i++) {
		p = (const char *const *)ix->f + i * P_FIELDS;
		if (strcmp(p[P_NAME], name) != 0 || *p[P_VER] == '\0' ||
		    *p[P_REL] == '\0' || (strcmp(p[P_ARCH], arch) != 0 &&
		    strcmp(p[P_ARCH], "noarch") != 0))
			continue;
		*v = realloc_n(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = (struct pkg_evr){ xstrdup(p[P_EPOCH]),
		    xstrdup(p[P_VER]), xstrdup(p[P_REL]), xstrdup(p[P_ARCH]) };
	}
}

/* Fetches the repomd.xml of the repository at url (ending in '/') and
 * records it as input role.  Returns 0, 1 when the server has none (a
 * 404: no message, the caller names its key), or -1 after messages.
 * On 0, *path, *where and *sha256 hold its local copy, URL and digest
 * (caller frees). */
static int
fetch_repomd(struct tree *t, struct fetcher *f, const char *url,
    const char *role, char **path, char **where, char **sha256)
{
	struct fetch_item it = { 0 };
	int rc = -1;

	it.url = *where = xasprintf("%srepodata/repomd.xml", url);
	it.max_size = REPOMD_MAX;
	it.optional = 1;
	*path = *sha256 = NULL;
	if (fetch_all(f, &it, 1) != 0)
		goto out;
	if (it.missing) {
		rc = 1;
		goto out;
	}
	if (find_input(t, role) == NULL)
		tree_add_input(t, role, it.url, it.path, it.sha256, "none");
	*path = it.path;
	*sha256 = it.sha256;
	it.path = it.sha256 = NULL;
	rc = 0;
out:
	fetch_items_clear(&it, 1);
	if (rc != 0) {
		free(*where);
		*where = NULL;
	}
	return rc;
}

int
repo_versions(struct tree *t, struct fetcher *f, const char *url,
    const char *name, const char *arch, struct pkg_evr **v, size_t *n)
{
	const struct tree_input *in = find_input(t, "repomd.xml");
	struct fetch_item it[NWANTED * 2];
	struct repo_index ix[NWANTED * 2];
	struct repo_where w = { url, "updates:repodata", "primary" };
	struct repomd m = { 0 };
	char *base = NULL, *path = NULL, *where = NULL, *sha = NULL, *role;
	size_t k = 0;
	int rc = -1;

	*v = NULL;
	*n = 0;
	memset(it, 0, sizeof(it));
	memset(ix, 0, sizeof(ix));
	if (url == NULL) {
		if (in == NULL || t->repodata == NULL) {
			log_error("%s: the tree has no package index "
			    "(repodata/repomd.xml): run createrepo on it",
			    t->url);
			return -1;
		}
		w = tree_repo(t, &base);
		w.only = "primary";
		path = xstrdup(in->path);
		where = xstrdup(in->url);
		sha = xstrdup(in->sha256);
	} else {
		role = xasprintf("%s:repomd.xml", w.role);
		rc = fetch_repomd(t, f, url, role, &path, &where, &sha);
		free(role);
		if (rc != 0)
			return rc;
		rc = -1;
	}
	if (read_repomd(fetch_cache_dir(f), path, where, sha, &m) != 0)
		goto out;
	for (size_t i = 0; i < m.n; i++)
		k += strcmp(m.v[i].type, "primary") == 0;
	if (k != 1) {
		log_error("%s: %zu <data type=\"primary\"> records (expected "
		    "one): rebuild the repodata", where, k);
		k = 0;
		goto out;
	}
	if (fetch_repodata(t, f, &w, &m, it, ix, &k) != 0)
		goto out;
	index_versions(&ix[0], name, arch, v, n);
	rc = 0;
out:
	repomd_free(&m);
	indexes_free(ix, k);
	tree_items_free(it, k);
	free(base);
	free(path);
	free(where);
	free(sha);
	return rc;
}
