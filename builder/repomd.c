/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * repomd.c: the tree's package index.  repodata/repomd.xml lists the data
 * files (primary, filelists, other, the comps group file) with their
 * checksums; each is fetched and verified against it, then primary gives
 * the package names and comps the group ids that a kickstart's %packages
 * may name.  XML through libxml2's reader, never expanding entities.
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

struct repomd_data {
	char	*type;
	char	*sumtype;
	char	*sum;
	char	*href;
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

/* Collects the text of <child> elements directly under <parent>. */
struct collect {
	const char	*parent;
	const char	*child;
	int		 pdepth;
	struct strv	*out;
};

static void
collect_el(xmlTextReaderPtr r, const char *name, int depth, void *arg)
{
	struct collect *c = arg;
	xmlChar *text;

	if (name == NULL) {
		if (depth <= c->pdepth)
			c->pdepth = -1;
		return;
	}
	if (strcmp(name, c->parent) == 0 && !xmlTextReaderIsEmptyElement(r))
		c->pdepth = depth;
	else if (c->pdepth >= 0 && depth == c->pdepth + 1 &&
	    strcmp(name, c->child) == 0 &&
	    (text = xmlTextReaderReadString(r)) != NULL) {
		if (*text != '\0')
			strv_push(c->out, (const char *)text);
		xmlFree(text);
	}
}

/* The <data> records of repomd.xml. */
struct repomd {
	struct repomd_data	*v;
	size_t			 n;
};

static char *
attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	char *s = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static void
repomd_el(xmlTextReaderPtr r, const char *name, int depth, void *arg)
{
	struct repomd *m = arg;
	struct repomd_data *d;
	xmlChar *text;

	if (name == NULL)
		return;
	if (depth == 1 && strcmp(name, "data") == 0) {
		m->v = realloc_n(m->v, m->n + 1, sizeof(*m->v));
		d = &m->v[m->n++];
		memset(d, 0, sizeof(*d));
		d->type = attr(r, "type");
		return;
	}
	if (depth != 2 || m->n == 0)
		return;
	d = &m->v[m->n - 1];
	if (strcmp(name, "location") == 0 && d->href == NULL)
		d->href = attr(r, "href");
	else if (strcmp(name, "checksum") == 0 && d->sum == NULL) {
		/* an earlier <checksum> without text left its type */
		free(d->sumtype);
		d->sumtype = attr(r, "type");
		if ((text = xmlTextReaderReadString(r)) != NULL) {
			d->sum = xstrdup((const char *)text);
			xmlFree(text);
		}
	}
}

static void
repomd_free(struct repomd *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].type);
		free(m->v[i].sumtype);
		free(m->v[i].sum);
		free(m->v[i].href);
	}
	free(m->v);
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

/* The text of <child> under each <parent> of the (compressed) XML file at
 * path, added to out.  Returns 0, or -1 after a message. */
static int
collect_file(const char *path, const char *where, const char *parent,
    const char *child, struct strv *out)
{
	struct collect c = { parent, child, -1, out };
	struct buf b = BUF_INIT;
	int rc;

	rc = unpack(path, where, &b);
	if (rc == 0)
		rc = xml_walk(&b, where, collect_el, &c);
	buf_free(&b);
	return rc;
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

/* Reads repomd.xml (the local copy at path of url) and keeps the wanted
 * <data> records, each checked: a safe href and a checksum of a known
 * type.  Returns 0 or -1. */
static int
read_repomd(const char *path, const char *url, struct repomd *m)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	if (read_file(path, REPOMD_MAX, &b) != 0 ||
	    xml_walk(&b, url, repomd_el, m) != 0)
		goto out;
	for (size_t i = 0; i < m->n; i++) {
		struct repomd_data *d = &m->v[i];

		if (d->type == NULL || d->href == NULL || d->sum == NULL ||
		    d->sumtype == NULL || !path_is_safe(d->href) ||
		    digest_algo_from_name(d->sumtype) < 0) {
			log_error("%s: <data type=\"%s\"> needs a <location "
			    "href> inside the tree and a <checksum> of a known "
			    "type: rebuild the repodata", url,
			    d->type ? d->type : "?");
			goto out;
		}
	}
	rc = 0;
out:
	buf_free(&b);
	return rc;
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

/* Fetches every wanted data file of the repository at w and checks it
 * against repomd.xml; fills items (n of them, in the order of m) and
 * records them as inputs of t.  Returns 0, or -1 after messages. */
static int
fetch_repodata(struct tree *t, struct fetcher *f, const struct repo_where *w,
    const struct repomd *m, struct fetch_item *it, size_t *n)
{
	struct tree_sums sums = { 0 };
	char *by, *role;
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
		if ((by = tree_sums_verify(&sums, m->v[i].href, it[k].url,
		    it[k].path)) == NULL) {
			fetch_forget(f, it[k].url);
			goto out;
		}
		role = xasprintf("%s:%s", w->role, m->v[i].type);
		if (find_input(t, role) == NULL)
			tree_add_input(t, role, it[k].url, it[k].path,
			    it[k].sha256, by);
		free(role);
		free(by);
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
	if (read_repomd(in->path, in->url, &m) != 0) {
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

int
tree_packages(struct tree *t, struct fetcher *f, char ***names,
    char ***groups)
{
	const struct tree_input *in = find_input(t, "repomd.xml");
	struct fetch_item it[NWANTED * 2];
	struct strv pkgs = STRV_INIT, grps = STRV_INIT;
	struct repomd m = { 0 };
	struct repo_where w;
	char *base = NULL;
	size_t n = 0, k = 0, nwanted = 0;
	int rc = -1;

	*names = *groups = NULL;
	memset(it, 0, sizeof(it));
	if (in == NULL || t->repodata == NULL) {
		log_error("%s: no repodata/repomd.xml nor SL/repodata/repomd.xml:"
		    " the tree has no package index; run createrepo on it",
		    t->url);
		return -1;
	}
	if (read_repomd(in->path, in->url, &m) != 0)
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
	if (fetch_repodata(t, f, &w, &m, it, &n) != 0)
		goto out;
	for (size_t i = 0; i < m.n; i++) {
		if (!is_wanted(m.v[i].type))
			continue;
		if (strcmp(m.v[i].type, "primary") == 0 &&
		    collect_file(it[k].path, it[k].url, "package", "name",
		    &pkgs) != 0)
			goto out;
		/* yum 3.0 finds "@Virtualization" by its <name> as well as
		 * "@virtualization" by its <id>: both are group names. */
		if (strncmp(m.v[i].type, "group", 5) == 0 &&
		    (collect_file(it[k].path, it[k].url, "group", "id",
		    &grps) != 0 ||
		    collect_file(it[k].path, it[k].url, "group", "name",
		    &grps) != 0))
			goto out;
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
	tree_items_free(it, n);
	free(base);
	return rc;
}

/* Collects the versions of one package from primary.xml. */
struct evr_collect {
	const char	*name;
	const char	*arch;		/* the tree's; noarch is taken too */
	int		 in;		/* inside a <package> */
	int		 match;		/* and its <name> is name */
	struct pkg_evr	 cur;
	struct pkg_evr	*v;
	size_t		 n;
};

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

/* The text of the current element (caller frees), or NULL. */
static char *
element_text(xmlTextReaderPtr r)
{
	xmlChar *text = xmlTextReaderReadString(r);
	char *s = text ? xstrdup((const char *)text) : NULL;

	xmlFree(text);
	return s;
}

/* Ends a <package>: keeps its version when it is the one looked for. */
static void
evr_end_package(struct evr_collect *c)
{
	const char *arch = c->cur.arch ? c->cur.arch : "";

	if (c->match && c->cur.version != NULL && c->cur.release != NULL &&
	    (strcmp(arch, c->arch) == 0 || strcmp(arch, "noarch") == 0)) {
		c->v = realloc_n(c->v, c->n + 1, sizeof(*c->v));
		c->v[c->n++] = c->cur;
		memset(&c->cur, 0, sizeof(c->cur));
	}
	pkg_evr_clear(&c->cur);
	c->in = c->match = 0;
}

/* xml_walk's callback over primary.xml: collects into arg (struct
 * evr_collect) the version of each <package> called c->name. */
static void
evr_el(xmlTextReaderPtr r, const char *name, int depth, void *arg)
{
	struct evr_collect *c = arg;
	char *text;

	if (name == NULL) {
		if (depth == 1 && c->in)
			evr_end_package(c);
		return;
	}
	if (depth == 1 && strcmp(name, "package") == 0) {
		pkg_evr_clear(&c->cur);
		c->in = !xmlTextReaderIsEmptyElement(r);
		c->match = 0;
		return;
	}
	if (depth != 2 || !c->in)
		return;
	if (strcmp(name, "name") == 0 && (text = element_text(r)) != NULL) {
		c->match = strcmp(text, c->name) == 0;
		free(text);
	} else if (strcmp(name, "arch") == 0 && c->cur.arch == NULL)
		c->cur.arch = element_text(r);
	else if (strcmp(name, "version") == 0 && c->cur.version == NULL) {
		c->cur.epoch = attr(r, "epoch");
		c->cur.version = attr(r, "ver");
		c->cur.release = attr(r, "rel");
	}
}

/* Fetches the repomd.xml of the repository at url (ending in '/') and
 * records it as input role.  Returns 0, 1 when the server has none (a
 * 404: no message, the caller names its key), or -1 after messages.
 * On 0, *path and *where hold its local copy and URL (caller frees). */
static int
fetch_repomd(struct tree *t, struct fetcher *f, const char *url,
    const char *role, char **path, char **where)
{
	struct fetch_item it = { 0 };
	int rc = -1;

	it.url = *where = xasprintf("%srepodata/repomd.xml", url);
	it.max_size = REPOMD_MAX;
	it.optional = 1;
	*path = NULL;
	if (fetch_all(f, &it, 1) != 0)
		goto out;
	if (it.missing) {
		rc = 1;
		goto out;
	}
	if (find_input(t, role) == NULL)
		tree_add_input(t, role, it.url, it.path, it.sha256, "none");
	*path = it.path;
	it.path = NULL;
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
	struct evr_collect c = { name, arch, 0, 0, { 0 }, NULL, 0 };
	const struct tree_input *in = find_input(t, "repomd.xml");
	struct fetch_item it[NWANTED * 2];
	struct repo_where w = { url, "updates:repodata", "primary" };
	struct repomd m = { 0 };
	struct buf b = BUF_INIT;
	char *base = NULL, *path = NULL, *where = NULL, *role;
	size_t k = 0;
	int rc = -1;

	*v = NULL;
	*n = 0;
	memset(it, 0, sizeof(it));
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
	} else {
		role = xasprintf("%s:repomd.xml", w.role);
		rc = fetch_repomd(t, f, url, role, &path, &where);
		free(role);
		if (rc != 0)
			return rc;
		rc = -1;
	}
	if (read_repomd(path, where, &m) != 0)
		goto out;
	for (size_t i = 0; i < m.n; i++)
		k += strcmp(m.v[i].type, "primary") == 0;
	if (k != 1) {
		log_error("%s: %zu <data type=\"primary\"> records (expected "
		    "one): rebuild the repodata", where, k);
		goto out;
	}
	if (fetch_repodata(t, f, &w, &m, it, &k) != 0 ||
	    unpack(it[0].path, it[0].url, &b) != 0 ||
	    xml_walk(&b, it[0].url, evr_el, &c) != 0)
		goto out;
	*v = c.v;
	*n = c.n;
	c.v = NULL;
	c.n = 0;
	rc = 0;
out:
	pkg_evr_clear(&c.cur);
	pkg_evrs_free(c.v, c.n);
	buf_free(&b);
	repomd_free(&m);
	tree_items_free(it, k);
	free(base);
	free(path);
	free(where);
	return rc;
}
