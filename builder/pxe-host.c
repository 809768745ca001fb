/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe-host.c: per-host rendering (pxe-int.h): each inventory host's
 * kickstart (http/ks/<hostname>.ks) and pxelinux config
 * (tftp/pxelinux.cfg/01-<mac>), and whether the file on disk is current.
 *
 * The templates are parsed once (template.h) and asked which variables
 * they read.  Hosts fall into *shapes* (which of their columns are set,
 * the values of their override columns, a name of "no", false in an
 * {% if %}): per shape the profile with the first host's columns applied
 * and the kickstart's own variables are worked out once, into a table of
 * exactly the variables the template reads.  A host's file is its
 * shape's table with the host's own values (host_values) rendered from
 * the parsed template.
 *
 * A host file's key is a hash of the template set's texts and of the
 * value of every variable its template reads, as this host sees it: all
 * its bytes depend on.  The manifest records it with the file's size,
 * inode and mtime; a host file whose key is unchanged is left alone,
 * neither rendered nor read back, when its directory has the identity
 * the manifest recorded or (a directory changed since, or --verify) its
 * lstat still matches.  When nothing any key depends on changed
 * (hosts_deps's digest, the inventory's identity), pxe.c does no
 * per-host work at all.
 *
 * The first host of each shape is rendered and its kickstart checked
 * before anything is written; so is every host when the kickstart
 * compares one of a host's own values in a condition (its text can then
 * differ in shape from host to host).
 */
#include <sys/stat.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "hosttoken.h"
#include "kickstart.h"
#include "pxe-int.h"

#define SHAPES_MAX	64	/* shapes kept; more are made host by host */
#define SHAPE_NONE	0xff	/* a host whose shape is not kept */

/* The values that are a host's own (host_values). */
enum hv { HV_NAME, HV_MAC, HV_IP, HV_NETMASK, HV_GATEWAY, HV_NAMESERVER,
	HV_GUEST_IP, HV_HOST_IP, HV_HOST_NETMASK, HV_HOST_GATEWAY,
	HV_HOST_NAMESERVER, HV_KSURL, HV_TOKEN, NHV };

/* A template variable that is a host's own value; sorted by name. */
struct hname {
	const char	*name;
	enum hv		 hv;
};
/* The kickstart's: what inventory_apply sets, and ks.hostname. */
static const struct hname ks_host_names[] = {
	{ "ks.hostname", HV_NAME }, { "network.gateway", HV_GATEWAY },
	{ "network.guest_ip", HV_GUEST_IP }, { "network.hostname", HV_NAME },
	{ "network.ip", HV_IP }, { "network.nameserver", HV_NAMESERVER },
	{ "network.netmask", HV_NETMASK }, { "pxe.host_token", HV_TOKEN },
};
/* The pxelinux config's (pxe-cfg.c's host.* and pxe.ks_url). */
static const struct hname cfg_host_names[] = {
	{ "host.gateway", HV_HOST_GATEWAY }, { "host.ip", HV_HOST_IP },
	{ "host.mac", HV_MAC }, { "host.name", HV_NAME },
	{ "host.nameserver", HV_HOST_NAMESERVER },
	{ "host.netmask", HV_HOST_NETMASK }, { "pxe.host_token", HV_TOKEN },
	{ "pxe.ks_url", HV_KSURL },
};
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A variable a template reads, as the hosts of a shape see it. */
struct tentry {
	const char		*name;
	const char		*value;		/* NULL: undefined */
	const char *const	*list;		/* a list variable */
	int			 hv;		/* a host's own: enum hv */
};

/* A slot of a table's lookup cache: the last entry found for a name
 * pointer (host_get). */
#define TCACHE_SLOTS	256
struct tcache {
	const char		*name;
	const struct tentry	*e;
};

/* A template and its variables for one kind of host. */
struct ttable {
	struct template	*t;
	struct tentry	*e;		/* sorted by name */
	size_t		 n;
	struct tcache	*cache;		/* TCACHE_SLOTS */
	uint64_t	 digest;	/* the template set's texts */
	uint64_t	 base;		/* digest and the values that are
					   not a host's own (table_key) */
	size_t		*own;		/* the entries that are a host's */
	size_t		 nown;
	int		 compares_host;	/* == or != on a host's value */
};

/* One shape of host: the profile with its first host's columns, the
 * kickstart's variables, the kickstart's table. */
struct shape {
	char		*key;
	size_t		 ix;		/* in pxe_hosts.shapes */
	struct profile	*p;
	struct ks_vars	 kv;
	struct ttable	 ks;
	int		 checked;
};

/* The per-host rendering state of a run (px->hosts). */
struct pxe_hosts {
	struct ttable	 cfg;
	struct shape	*site;		/* the site's own, no host's columns */
	struct shape	*shapes[SHAPES_MAX];
	size_t		 nshapes;
	unsigned char	*shape_ix;	/* per host: its index in shapes, or
					   SHAPE_NONE (made host by host) */
	struct buf	 key, ksurl;	/* scratch */
	struct buf	 text;		/* scratch: a rendered file */
};

/* ---- the values of one host ---- */

/*
 * Host h's own values, into hv (pointers into h, tokens and ksurl, the
 * caller's buffer, which gets h's ks= URL under http_url).  NULL for
 * network.*: the shape's value (the site's, when the host has no address
 * of its own); for pxe.host_token when tokens is NULL (no pxe.serve_url).
 * The one place a per-host variable is set: a new one is a name in
 * ks_host_names and/or cfg_host_names, an enum hv and a line here.
 */
static void
host_values(const char *http_url, struct host_tokens *tokens,
    const struct host *h, struct buf *ksurl, const char **hv)
{
	buf_reset(ksurl);
	buf_adds(ksurl, http_url);
	buf_adds(ksurl, "/ks/");
	buf_adds(ksurl, h->hostname);
	buf_adds(ksurl, ".ks");
	hv[HV_NAME] = h->hostname;
	hv[HV_MAC] = h->mac;
	hv[HV_IP] = h->ip;
	hv[HV_NETMASK] = h->ip ? h->netmask : NULL;
	hv[HV_GATEWAY] = h->ip ? (h->gateway ? h->gateway : "") : NULL;
	hv[HV_NAMESERVER] = h->ip ? (h->nameserver ? h->nameserver : "") :
	    NULL;
	hv[HV_GUEST_IP] = h->guest_ip;
	hv[HV_HOST_IP] = h->ip ? h->ip : "";
	hv[HV_HOST_NETMASK] = h->netmask ? h->netmask : "";
	hv[HV_HOST_GATEWAY] = h->gateway ? h->gateway : "";
	hv[HV_HOST_NAMESERVER] = h->nameserver ? h->nameserver : "";
	hv[HV_KSURL] = ksurl->data;
	hv[HV_TOKEN] = tokens ? host_tokens_get(tokens, h->hostname) : NULL;
}

/* ---- tables ---- */

/* bsearch order of a name (a) in an array of struct hname. */
static int
cmp_hname(const void *a, const void *b)
{
	return strcmp(a, ((const struct hname *)b)->name);
}

/* bsearch order of a name (a) in an array of struct tentry. */
static int
cmp_tentry(const void *a, const void *b)
{
	return strcmp(a, ((const struct tentry *)b)->name);
}

static void table_base(struct ttable *);

/*
 * Parses template rel (overlay: a site directory or NULL) into tb, with
 * the value of every variable it reads from the extra variables (the
 * last of a name wins) or else profile p; the names of hn are the host's
 * own.  Returns 0, or -1 after messages.
 */
static int
table_make(struct ttable *tb, const char *overlay, const char *rel,
    const struct profile *p, const struct tvar *extra, size_t nextra,
    const struct hname *hn, size_t nhn)
{
	const char **names, **cmp;
	size_t n, ncmp;

	memset(tb, 0, sizeof(*tb));
	if ((tb->t = template_parse(overlay, rel)) == NULL)
		return -1;
	tb->digest = template_digest(tb->t);
	names = template_vars(tb->t, TEMPLATE_READ, &n);
	tb->e = xcalloc(n + 1, sizeof(*tb->e));
	tb->cache = xcalloc(TCACHE_SLOTS, sizeof(*tb->cache));
	for (size_t i = 0; i < n; i++) {
		struct tentry *e = &tb->e[tb->n++];
		const struct hname *h = bsearch(names[i], hn, nhn,
		    sizeof(*hn), cmp_hname);

		e->name = names[i];
		e->hv = h ? (int)h->hv : -1;
		for (size_t k = nextra; k > 0 && e->value == NULL; k--)
			if (strcmp(extra[k - 1].name, e->name) == 0) {
				e->list = extra[k - 1].values;
				e->value = extra[k - 1].value ?
				    extra[k - 1].value : "";
			}
		if (e->value == NULL && profile_has_key(e->name))
			e->value = profile_get(p, e->name);
	}
	cmp = template_vars(tb->t, TEMPLATE_COMPARED, &ncmp);
	for (size_t i = 0; i < ncmp && !tb->compares_host; i++)
		tb->compares_host = bsearch(cmp[i], hn, nhn, sizeof(*hn),
		    cmp_hname) != NULL;
	free(cmp);
	free(names);
	table_base(tb);
	return 0;
}

/* Frees what tb holds (not tb) and zeroes it. */
static void
table_free(struct ttable *tb)
{
	template_free(tb->t);
	free(tb->e);
	free(tb->cache);
	free(tb->own);
	memset(tb, 0, sizeof(*tb));
}

/* What a render of a table for one host looks variables up in. */
struct hlookup {
	const struct ttable	*tb;
	const char *const	*hv;
};

/* The value of e for the host of hv. */
static const char *
entry_value(const struct tentry *e, const char *const *hv)
{
	return e->hv >= 0 && hv[e->hv] != NULL ? hv[e->hv] : e->value;
}

/* The entry of tb named name, or NULL: the parsed template asks by the
 * same few pointers host after host, so the last entry found for a
 * pointer is tried first (one strcmp instead of a binary search). */
static const struct tentry *
table_entry(const struct ttable *tb, const char *name)
{
	uintptr_t p = (uintptr_t)name;
	struct tcache *c = &tb->cache[(p >> 3 ^ p >> 12) & (TCACHE_SLOTS - 1)];
	const struct tentry *e;

	if (c->name == name && strcmp(c->e->name, name) == 0)
		return c->e;
	e = bsearch(name, tb->e, tb->n, sizeof(*tb->e), cmp_tentry);
	if (e != NULL) {
		c->name = name;
		c->e = e;
	}
	return e;
}

/* A tlookup's get over a table and a host's values. */
static const char *
host_get(void *ctx, const char *name, const char *const **list)
{
	const struct hlookup *l = ctx;
	const struct tentry *e = table_entry(l->tb, name);

	if (e == NULL)
		return NULL;
	if (e->list != NULL && (e->hv < 0 || l->hv[e->hv] == NULL)) {
		*list = e->list;
		return "";
	}
	return entry_value(e, l->hv);
}

/* Adds entry e, as the host of hv sees it, to hash h. */
static uint64_t
entry_hash(uint64_t h, const struct tentry *e, const char *const *hv)
{
	const char *v = entry_value(e, hv);

	h = template_hash(h, e->name, strlen(e->name) + 1);
	if (v == NULL)
		h = template_hash(h, "\1", 1);
	else
		h = template_hash(h, v, strlen(v) + 1);
	for (const char *const *it = e->list; it && *it; it++)
		h = template_hash(h, *it, strlen(*it) + 1);
	return h;
}

/* Works out tb->base (the template set and every value that is not a
 * host's own) and tb->own, once per table. */
static void
table_base(struct ttable *tb)
{
	static const char *const none[NHV];

	tb->base = template_hash(TEMPLATE_HASH_INIT, &tb->digest,
	    sizeof(tb->digest));
	tb->own = xcalloc(tb->n + 1, sizeof(*tb->own));
	for (size_t i = 0; i < tb->n; i++)
		if (tb->e[i].hv >= 0)
			tb->own[tb->nown++] = i;
		else
			tb->base = entry_hash(tb->base, &tb->e[i], none);
}

/* The key of what tb renders for the host of hv: the template set and
 * every value read, the host's own last.  Never 0 ("none recorded"). */
static uint64_t
table_key(const struct ttable *tb, const char *const *hv)
{
	uint64_t h = tb->base;

	for (size_t i = 0; i < tb->nown; i++)
		h = entry_hash(h, &tb->e[tb->own[i]], hv);
	return h | 1;
}

/* Renders tb for the host of hv into out (reset first).  Returns 0, or
 * -1 after messages. */
static int
table_render(const struct ttable *tb, const char *const *hv,
    struct buf *out)
{
	struct hlookup l = { tb, hv };
	struct tlookup lk = { host_get, &l };

	buf_reset(out);
	if (template_render_to(tb->t, &lk, out) != 0)
		return -1;
	buf_adds(out, "");
	return 0;
}

/* ---- shapes ---- */

/* The shape of host h, into key: which fields are set, whether its name
 * is "no" (false in a template's {% if %}), and the values of its
 * override columns. */
static void
shape_key(const struct inventory *inv, const struct host *h,
    struct buf *key)
{
	const char set[] = { h->ip != NULL, h->netmask != NULL,
	    h->gateway != NULL, h->nameserver != NULL, h->guest_ip != NULL,
	    strcmp(h->hostname, "no") == 0 };

	buf_reset(key);
	for (size_t i = 0; i < sizeof(set); i++)
		buf_addc(key, (char)('0' + set[i]));
	for (size_t k = 0; k < inv->nkeys; k++) {
		buf_addc(key, '\x1f');
		if (h->overrides[k] != NULL)
			buf_printf(key, "=%s", h->overrides[k]);
	}
}

/* Frees s and what it holds; NULL is fine. */
static void
shape_free(struct shape *s)
{
	if (s == NULL)
		return;
	table_free(&s->ks);
	kickstart_vars_free(&s->kv);
	profile_free(s->p);
	free(s->key);
	free(s);
}

/* The kickstart's repository URL as the installer reaches it: the site's
 * repo.url (ks), else the repository under http_url.  The caller frees
 * it. */
static char *
repo_baseurl(const struct kickstart_settings *ks, const char *http_url)
{
	return ks->repo_url != NULL ? xstrdup(ks->repo_url) :
	    xasprintf("%s/xeninfn", http_url);
}

/* Makes the shape of host h: site with h's columns applied (h NULL: the
 * site's own), the kickstart's variables (repo: repo_baseurl's) and its
 * table.  The template directory is the host's profile's: a host may
 * override kickstart.template_dir.  Returns it (free with shape_free) or
 * NULL after messages. */
static struct shape *
shape_make(const struct profile *site, const struct inventory *inv,
    const char *repo, const struct host *h)
{
	struct shape *s = xcalloc(1, sizeof(*s));
	struct ks_context ctx = { "pxe", repo, h ? h->hostname : NULL };
	const char *overlay;
	int rc = -1;

	s->p = profile_dup(site);
	if ((h != NULL && inventory_apply(inv, h, s->p) != 0) ||
	    kickstart_vars(s->p, &ctx, NULL, &s->kv) != 0)
		goto out;
	overlay = profile_get(s->p, "kickstart.template_dir");
	if (table_make(&s->ks, *overlay ? overlay : NULL, s->kv.rel, s->p,
	    s->kv.v, KS_NVARS, ks_host_names, NELEM(ks_host_names)) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		shape_free(s);
		s = NULL;
	}
	return s;
}

/* The shape of host h, made if new: one of px's (*own 0), or when
 * SHAPES_MAX are in use one for h alone (*own 1: the caller frees it).
 * NULL after messages. */
static struct shape *
shape_of(struct pxe *px, const struct host *h, int *own)
{
	struct pxe_hosts *H = px->hosts;
	struct shape *s;
	char *repo;

	*own = 0;
	shape_key(px->inv, h, &H->key);
	for (size_t i = 0; i < H->nshapes; i++)
		if (strcmp(H->shapes[i]->key, H->key.data) == 0)
			return H->shapes[i];
	repo = repo_baseurl(&px->pl.set.kickstart, px->http_url);
	s = shape_make(px->site, px->inv, repo, h);
	free(repo);
	if (s == NULL)
		return NULL;
	s->key = xstrdup(H->key.data);
	if (H->nshapes == SHAPES_MAX)
		*own = 1;
	else {
		s->ix = H->nshapes;
		H->shapes[H->nshapes++] = s;
	}
	return s;
}

/* ---- checks ---- */

/* Checks a rendered kickstart against the RHEL 5.1 grammar
 * (pxe-int.h). */
int
pxe_check_ks(const char *name, const char *text)
{
	struct ks_report r = { 0, 0 };

	if (kickstart_check(name, text, &r) == 0)
		return 0;
	log_error("%s: the rendered kickstart fails the RHEL 5.1 check (%d "
	    "errors): fix the profile, the inventory's overrides or the site "
	    "templates", name, r.errors);
	return -1;
}

/* Renders host h's kickstart (shape s) and config and checks the
 * kickstart; messages name its inventory line.  Returns 0 or -1. */
static int
check_host(struct pxe *px, const struct shape *s, const struct host *h)
{
	struct pxe_hosts *H = px->hosts;
	const char *hv[NHV];
	char *name;
	int rc = -1;

	host_values(px->http_url, px->tokens, h, &H->ksurl, hv);
	name = xasprintf("%s:%zu (ks/%s.ks)", px->inv->path, h->line,
	    h->hostname);
	if (table_render(&s->ks, hv, &H->text) == 0 &&
	    pxe_check_ks(name, H->text.data) == 0 &&
	    table_render(&H->cfg, hv, &H->text) == 0)
		rc = 0;
	free(name);
	return rc;
}

/* The profile keys naming files a host's kickstart is made from: the
 * site's, read again every run, are in hosts_deps's digest; a host
 * whose columns name others makes the digest go unrecorded. */
static const char *const file_keys[] = {
	"kickstart.template_dir", "kickstart.template", "ssh.authorized_keys",
};

/* 1 if shape s reads the same files as the site's own shape (the same
 * template set, the same SSH keys): then what its files depend on beside
 * the inventory's rows is all in hosts_deps's digest. */
static int
like_site(const struct shape *s, const struct shape *site)
{
	if (s->ks.digest != site->ks.digest ||
	    strcmp(s->kv.rel, site->kv.rel) != 0)
		return 0;
	for (size_t i = 0; i < NELEM(file_keys); i++)
		if (strcmp(profile_get(s->p, file_keys[i]),
		    profile_get(site->p, file_keys[i])) != 0)
			return 0;
	return 1;
}

/* Adds "key=value" to the hash at arg (profile_foreach's callback). */
static int
hash_setting(const char *key, const char *value, void *arg)
{
	uint64_t *h = arg;

	*h = template_hash(*h, key, strlen(key) + 1);
	*h = template_hash(*h, value, strlen(value) + 1);
	return 0;
}

/* The digest of what every host file depends on beside the inventory's
 * rows: this program's version, every profile setting as resolved,
 * pxe.http_url, the local-boot config and both tables' texts and values
 * (the config's includes the tree's kernel and initrd paths).  Never 0. */
static uint64_t
hosts_deps(const struct pxe *px)
{
	const struct pxe_hosts *H = px->hosts;
	uint64_t h = template_hash(TEMPLATE_HASH_INIT, PXE_DEPS_FORMAT,
	    sizeof(PXE_DEPS_FORMAT));

	profile_foreach(px->site, hash_setting, &h);
	h = template_hash(h, px->http_url, strlen(px->http_url) + 1);
	if (px->local_cfg != NULL)
		h = template_hash(h, px->local_cfg, strlen(px->local_cfg) + 1);
	h = template_hash(h, &H->cfg.base, sizeof(H->cfg.base));
	h = template_hash(h, &H->site->ks.base, sizeof(H->site->ks.base));
	return h | 1;
}

/* Parses the host templates (pxe-int.h). */
int
pxe_hosts_tables(struct pxe *px)
{
	const char *overlay = px->pl.set.kickstart.template_dir;
	struct pxe_hosts *H;
	char *repo;
	size_t n;

	H = px->hosts = xcalloc(1, sizeof(*px->hosts));
	if (px->o->hosts_file == NULL)
		return 0;
	n = pxe_cfg_vars(px, "", 0, NULL);
	if (table_make(&H->cfg, *overlay ? overlay : NULL,
	    "isolinux/pxelinux-host.cfg", px->site, px->vars, n,
	    cfg_host_names, NELEM(cfg_host_names)) != 0)
		return -1;
	repo = repo_baseurl(&px->pl.set.kickstart, px->http_url);
	H->site = shape_make(px->site, NULL, repo, NULL);
	free(repo);
	if (H->site == NULL)
		return -1;
	px->deps = hosts_deps(px);
	return 0;
}

/* Renders and checks before anything is written (pxe-int.h). */
int
pxe_hosts_prepare(struct pxe *px)
{
	struct pxe_hosts *H = px->hosts;
	int rc = 0, own;

	px->deps_ok = 1;
	if (px->inv == NULL)
		return 0;
	H->shape_ix = xcalloc(px->inv->n + 1, 1);
	for (size_t i = 0; i < px->inv->n && rc == 0; i++) {
		const struct host *h = &px->inv->hosts[i];
		struct shape *s = shape_of(px, h, &own);

		if (s == NULL)
			return -1;
		H->shape_ix[i] = own ? SHAPE_NONE : (unsigned char)s->ix;
		if (own || !s->checked || s->ks.compares_host)
			rc = check_host(px, s, h);
		if (!s->checked || own)
			px->deps_ok &= like_site(s, H->site);
		s->checked = 1;
		if (own)
			shape_free(s);
	}
	return rc;
}

/* ---- writing ---- */

/* Puts one host file, name in d: left alone, unread and unrendered,
 * when the state shows it current (same key, and d as recorded or the
 * same lstat); else tb
 * rendered for the host of hv, or fixed when set, written by pxe_dir_put.
 * Fills rec.  Returns 0, or -1 after a message. */
static int
put_host_file(struct pxe *px, struct pxe_dir *d, const char *name,
    const struct ttable *tb, const char *const *hv, const char *fixed,
    const struct frec *old, struct frec *rec)
{
	struct buf *text = &px->hosts->text;
	struct stat st;

	rec->key = fixed ? template_hash(TEMPLATE_HASH_INIT, fixed,
	    strlen(fixed)) | 1 : table_key(tb, hv);
	/* a directory as recorded: its files are as recorded too */
	if (d->stage == NULL && d->trusted && old != NULL &&
	    old->key == rec->key) {
		*rec = *old;
		px->unchanged++;
		return 0;
	}
	if (d->stage == NULL &&
	    pxe_frec_still(d->fd, name, rec->key, old, rec)) {
		px->unchanged++;
		return 0;
	}
	if (fixed != NULL) {
		buf_reset(text);
		buf_adds(text, fixed);
	} else if (table_render(tb, hv, text) != 0)
		return -1;
	if (pxe_dir_put(d, name, text->data, text->len, &st) != 0)
		return -1;
	pxe_frec_set(rec, &st);
	px->written++;
	return 0;
}

/* Writes host i's kickstart and pxelinux config. */
static int
put_host(struct pxe *px, size_t i)
{
	const struct host *h = &px->inv->hosts[i];
	const struct old_host *old = pxe_old_host(&px->state, i, h->hostname);
	struct pxe_hosts *H = px->hosts;
	const char *hv[NHV];
	char name[PATH_MAX];
	struct shape *s;
	size_t len = strlen(h->hostname);
	int rc, own = 0;

	if (H->shape_ix[i] != SHAPE_NONE)
		s = H->shapes[H->shape_ix[i]];
	else if ((s = shape_of(px, h, &own)) == NULL)
		return -1;
	host_values(px->http_url, px->tokens, h, &H->ksurl, hv);
	if (len + 4 > sizeof(name))
		len = sizeof(name) - 4;		/* valid_hostname: never */
	memcpy(name, h->hostname, len);
	memcpy(name + len, ".ks", 4);
	rc = put_host_file(px, &px->ksdir, name, &s->ks, hv, NULL,
	    old ? &old->ks : NULL, &px->recs[2 * i]);
	if (own)
		shape_free(s);
	if (rc != 0)
		return -1;
	pxe_cfg_name(h->mac, name);
	return put_host_file(px, &px->cfgdir, name, &H->cfg, hv,
	    pxe_is_done(&px->state, h->hostname) ? px->local_cfg : NULL,
	    old && strcmp(old->mac, h->mac) == 0 ? &old->cfg : NULL,
	    &px->recs[2 * i + 1]);
}

/* Writes every host's files (pxe-int.h). */
int
pxe_hosts_put(struct pxe *px)
{
	int rc = 0;

	if (px->inv == NULL || px->hosts_current)
		return 0;
	px->recs = xcalloc(2 * px->inv->n + 1, sizeof(*px->recs));
	for (size_t i = 0; i < px->inv->n && rc == 0; i++)
		rc = put_host(px, i);
	return rc;
}

/* Frees px->hosts (pxe-int.h). */
void
pxe_hosts_free(struct pxe *px)
{
	struct pxe_hosts *H = px->hosts;

	if (H == NULL)
		return;
	for (size_t i = 0; i < H->nshapes; i++)
		shape_free(H->shapes[i]);
	shape_free(H->site);
	table_free(&H->cfg);
	free(H->shape_ix);
	buf_free(&H->key);
	buf_free(&H->ksurl);
	buf_free(&H->text);
	free(H);
	px->hosts = NULL;
}

/* The default kickstart or a host's, as pxe_write renders it
 * (pxe-int.h); caller frees. */
char *
pxe_render_ks(const struct profile *site, const struct settings *set,
    const struct inventory *inv, const char *http_url, const struct host *h)
{
	char *repo = repo_baseurl(&set->kickstart, http_url), *text = NULL;
	struct ks_context ctx = { "pxe", repo, NULL };
	struct buf ksurl = BUF_INIT, out = BUF_INIT;
	const char *hv[NHV];
	struct shape *s;

	if (h == NULL) {
		text = kickstart_render(site, &ctx);
		goto out;
	}
	if ((s = shape_make(site, inv, repo, h)) == NULL)
		goto out;
	host_values(http_url, NULL, h, &ksurl, hv);
	if (table_render(&s->ks, hv, &out) == 0)
		text = buf_release(&out);
	shape_free(s);
out:
	buf_free(&out);
	buf_free(&ksurl);
	free(repo);
	return text;
}
