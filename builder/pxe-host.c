/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe-host.c: per-host rendering (pxe-int.h): each inventory host's
 * kickstart (http/ks/<hostname>.ks) and pxelinux config
 * (tftp/pxelinux.cfg/01-<mac>), and whether the file on disk is still
 * current.
 *
 * The per-host files are made from a skeleton: the template is rendered
 * once per "shape" of host (which columns are set, which override values)
 * with recognizable stand-in values, and each host's file is that text
 * with its own values put back; the first host of each shape is also
 * rendered for real and the skeleton is used only when both agree byte for
 * byte.  The manifest records, for each host file, a key of what made it
 * and the file's size, inode and mtime as written: a host file whose key
 * is the same and whose lstat still matches is left alone unread.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "pxe-int.h"

#define SHAPES_MAX	64	/* skeletons kept; more shapes render fully */
#define SLOTS		8

/* The per-host values a skeleton has slots for. */
enum slot { S_NAME, S_MAC, S_IP, S_NETMASK, S_GATEWAY, S_NAMESERVER,
	S_GUEST_IP, S_KSURL };

/* Stand-in values: valid for the profile's checks (a host name, IPv4
 * addresses from the documentation ranges) and unlikely in a template.
 * Two sets: a profile value that equals a stand-in of one set would be
 * cut as a slot in its render but not in the other's, so the two
 * skeletons differ and the shape is rendered host by host (skel_for). */
static const char *const ks_sentinels[2][SLOTS] = { {
	"xeninfn-slot-host-7d1c.invalid", "02:00:00:7d:1c:01",
	"192.0.2.211", "255.255.255.248", "192.0.2.213", "192.0.2.214",
	"192.0.2.215", "http://xeninfn-slot-ks-7d1c.invalid/ks",
}, {
	"xeninfn-slot-host-3e5a.invalid", "02:00:00:3e:5a:02",
	"198.51.100.221", "255.255.255.240", "198.51.100.223",
	"198.51.100.224", "198.51.100.225",
	"http://xeninfn-slot-ks-3e5a.invalid/ks",
} };
static const char *const cfg_sentinels[2][SLOTS] = { {
	"@XENINFN-SLOT-NAME@", "@XENINFN-SLOT-MAC@", "@XENINFN-SLOT-IP@",
	"@XENINFN-SLOT-NETMASK@", "@XENINFN-SLOT-GATEWAY@",
	"@XENINFN-SLOT-NAMESERVER@", "@XENINFN-SLOT-GUEST-IP@",
	"@XENINFN-SLOT-KSURL@",
}, {
	"@XENINFN-SLOT2-NAME@", "@XENINFN-SLOT2-MAC@", "@XENINFN-SLOT2-IP@",
	"@XENINFN-SLOT2-NETMASK@", "@XENINFN-SLOT2-GATEWAY@",
	"@XENINFN-SLOT2-NAMESERVER@", "@XENINFN-SLOT2-GUEST-IP@",
	"@XENINFN-SLOT2-KSURL@",
} };

/* A rendered text cut at its slots: lit[0] slot[0] lit[1] ... lit[n];
 * key identifies its pieces (key_add over them). */
struct skel {
	size_t	 n;
	char	**lit;
	size_t	*litlen;
	int	*slot;
	uint64_t key;
};

/* FNV-1a, 64 bits, of len bytes at p continuing from h (start with
 * KEY_INIT): the key of what made a host file. */
#define KEY_INIT	0xcbf29ce484222325ULL
static uint64_t
key_add(uint64_t h, const void *p, size_t len)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < len; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* One shape of host and its skeletons (NULL: render each host fully). */
struct shape {
	char		*key;
	struct skel	*ks, *cfg;
};

/* The per-host rendering state of a run (px->hosts). */
struct pxe_hosts {
	struct shape	 shapes[SHAPES_MAX];
	size_t		 nshapes;
	struct buf	 scratch;	/* reused for each file */
	int		 no_skeletons;	/* a template tests host values */
};


/* ---- skeletons ---- */

/* Cuts text at every occurrence of a sentinel.  Returns the skeleton
 * (caller frees with skel_free). */
static struct skel *
skel_make(const char *text, const char *const *sent)
{
	struct skel *s = xcalloc(1, sizeof(*s));
	size_t cap = 8;
	const char *p = text;

	s->lit = xcalloc(cap + 1, sizeof(*s->lit));
	s->litlen = xcalloc(cap + 1, sizeof(*s->litlen));
	s->slot = xcalloc(cap, sizeof(*s->slot));
	for (;;) {
		const char *best = NULL;
		int which = -1;
		for (int i = 0; i < SLOTS; i++) {
			const char *at = strstr(p, sent[i]);
			if (at != NULL && (best == NULL || at < best))
				best = at, which = i;
		}
		if (best == NULL)
			break;
		if (s->n == cap) {
			cap *= 2;
			s->lit = xrealloc(s->lit, (cap + 1) * sizeof(*s->lit));
			s->litlen = xrealloc(s->litlen,
			    (cap + 1) * sizeof(*s->litlen));
			s->slot = xrealloc(s->slot, cap * sizeof(*s->slot));
		}
		s->litlen[s->n] = (size_t)(best - p);
		s->lit[s->n] = xstrndup(p, s->litlen[s->n]);
		s->slot[s->n++] = which;
		p = best + strlen(sent[which]);
	}
	s->litlen[s->n] = strlen(p);
	s->lit[s->n] = xstrdup(p);
	s->key = KEY_INIT;
	for (size_t i = 0; i <= s->n; i++) {
		s->key = key_add(s->key, s->lit[i], s->litlen[i] + 1);
		if (i < s->n)
			s->key = key_add(s->key, &s->slot[i],
			    sizeof(s->slot[i]));
	}
	return s;
}

/* Frees s and its pieces; NULL is fine. */
static void
skel_free(struct skel *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i <= s->n; i++)
		free(s->lit[i]);
	free(s->lit);
	free(s->litlen);
	free(s->slot);
	free(s);
}

/* 1 if a and b cut their texts at the same places into the same slots. */
static int
skel_same(const struct skel *a, const struct skel *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i <= a->n; i++)
		if (a->litlen[i] != b->litlen[i] ||
		    memcmp(a->lit[i], b->lit[i], a->litlen[i]) != 0 ||
		    (i < a->n && a->slot[i] != b->slot[i]))
			return 0;
	return 1;
}

/* The key of s filled with vals, and the filled text's length in *len. */
static uint64_t
skel_key(const struct skel *s, const char *const *vals, size_t *len)
{
	uint64_t h = key_add(KEY_INIT, &s->key, sizeof(s->key));

	*len = s->litlen[s->n];
	for (size_t i = 0; i < s->n; i++) {
		const char *v = vals[s->slot[i]] ? vals[s->slot[i]] : "";
		size_t n = strlen(v);
		h = key_add(h, v, n + 1);
		*len += s->litlen[i] + n;
	}
	return h | 1;	/* never 0, "none recorded" */
}

/* Appends the skeleton with vals in its slots to out. */
static void
skel_fill(const struct skel *s, const char *const *vals, struct buf *out)
{
	for (size_t i = 0; i < s->n; i++) {
		buf_add(out, s->lit[i], s->litlen[i]);
		buf_adds(out, vals[s->slot[i]] ? vals[s->slot[i]] : "");
	}
	buf_add(out, s->lit[s->n], s->litlen[s->n]);
}

/* ---- rendering ---- */

/* The values of host h for the slots (pointers into h and ksurl, the
 * caller's buffer, which gets h's ks= URL under http_url). */
static void
host_values(const char *http_url, const struct host *h, struct buf *ksurl,
    const char **vals)
{
	buf_reset(ksurl);
	buf_printf(ksurl, "%s/ks/%s.ks", http_url, h->hostname);
	vals[S_NAME] = h->hostname;
	vals[S_MAC] = h->mac;
	vals[S_IP] = h->ip;
	vals[S_NETMASK] = h->netmask;
	vals[S_GATEWAY] = h->gateway;
	vals[S_NAMESERVER] = h->nameserver;
	vals[S_GUEST_IP] = h->guest_ip;
	vals[S_KSURL] = ksurl->data;
}

/* A copy of h whose set fields hold vals instead (its overrides stay). */
static struct host
host_with(const struct host *h, const char *const *vals)
{
	struct host c = *h;

	c.hostname = vals[S_NAME];
	c.mac = vals[S_MAC];
	c.ip = h->ip ? vals[S_IP] : NULL;
	c.netmask = h->netmask ? vals[S_NETMASK] : NULL;
	c.gateway = h->gateway ? vals[S_GATEWAY] : NULL;
	c.nameserver = h->nameserver ? vals[S_NAMESERVER] : NULL;
	c.guest_ip = h->guest_ip ? vals[S_GUEST_IP] : NULL;
	return c;
}

/* The kickstart's repository URL as the installer reaches it: repo.url,
 * else the repository under http_url.  The caller frees it. */
static char *
repo_baseurl(const struct profile *site, const char *http_url)
{
	const char *repo = profile_get(site, "repo.url");

	return *repo ? xstrdup(repo) : xasprintf("%s/xeninfn", http_url);
}

/* Renders the kickstart of host h of inv with vals in its fields (h NULL:
 * the default kickstart).  Both pxe_write and pxe_host_kickstart come
 * here, so `xeninfn render --hosts` prints what pxe writes.  Returns the
 * text (caller frees) or NULL after messages. */
static char *
host_ks(const struct profile *site, const struct inventory *inv,
    const char *http_url, const struct host *h, const char *const *vals)
{
	struct profile *p = profile_dup(site);
	char *repo = repo_baseurl(site, http_url), *text = NULL;
	struct ks_context ctx = { "pxe", repo, NULL };
	struct host c;

	if (h != NULL) {
		c = host_with(h, vals);
		ctx.hostname = c.hostname;
		if (inventory_apply(inv, &c, p) != 0)
			goto out;
	}
	text = kickstart_render(p, &ctx);
out:
	free(repo);
	profile_free(p);
	return text;
}

/* host_ks for this run's profile and inventory (caller frees). */
static char *
render_ks(const struct pxe *px, const struct host *h,
    const char *const *vals)
{
	return host_ks(px->site, px->inv, px->http_url, h, vals);
}

/* A host's pxelinux config with vals in its fields. */
static char *
render_host_cfg(struct pxe *px, const struct host *h,
    const char *const *vals)
{
	struct host c = host_with(h, vals);
	const char *v[SLOTS] = { c.hostname, c.mac, c.ip, c.netmask,
	    c.gateway, c.nameserver, c.guest_ip, vals[S_KSURL] };

	return pxe_render_cfg(px, "isolinux/pxelinux-host.cfg", vals[S_KSURL], 0,
	    v);
}

/* ---- shapes ---- */

/* The shape of host h, into key: which fields are set, whether its name
 * is "no" (false in a template's {% if %}), and the values of its
 * override columns (whatever a skeleton cannot stand in for). */
static void
shape_key(const struct inventory *inv, const struct host *h,
    struct buf *key)
{
	buf_reset(key);
	buf_printf(key, "%d%d%d%d%d%d", h->ip != NULL, h->netmask != NULL,
	    h->gateway != NULL, h->nameserver != NULL, h->guest_ip != NULL,
	    strcmp(h->hostname, "no") == 0);
	for (size_t k = 0; k < inv->nkeys; k++) {
		buf_addc(key, '\x1f');
		if (h->overrides[k] != NULL)
			buf_printf(key, "=%s", h->overrides[k]);
	}
}

/*
 * A skeleton for host h's shape from render (called with both sets of
 * stand-in values, then with h's own), kept only if both sets cut the
 * text alike (no profile or template text looks like a stand-in) and
 * filling it with h's values gives the real text.  *real gets the real
 * text (caller frees).  Returns the skeleton or NULL (render each host
 * fully); -1 in *err after a rendering error.
 */
static struct skel *
skel_for(struct pxe *px, const struct host *h,
    const char *const sent[2][SLOTS],
    char *(*render)(struct pxe *, const struct host *, const char *const *),
    const char *const *vals, char **real, int *err)
{
	char *fake = render(px, h, sent[0]), *fake2 = render(px, h, sent[1]);
	struct skel *s = NULL, *s2 = NULL;
	struct buf b = BUF_INIT;

	*real = render(px, h, vals);
	if (fake == NULL || fake2 == NULL || *real == NULL) {
		*err = -1;
		goto out;
	}
	s = skel_make(fake, sent[0]);
	s2 = skel_make(fake2, sent[1]);
	skel_fill(s, vals, &b);
	if (!skel_same(s, s2) || b.len != strlen(*real) ||
	    memcmp(b.data, *real, b.len) != 0) {
		log_debug("pxe: the profile or template holds text like a "
		    "host value's stand-in, or changes host values; "
		    "rendering host by host");
		skel_free(s);
		s = NULL;
	}
out:
	skel_free(s2);
	buf_free(&b);
	free(fake);
	free(fake2);
	return s;
}

/* render_ks in the shape skel_for calls (caller frees the text). */
static char *
ks_renderer(struct pxe *px, const struct host *h, const char *const *vals)
{
	return render_ks(px, h, vals);
}

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

/* Checks host h's rendered kickstart ks (which must not be NULL);
 * messages name its inventory line.  Returns 0 or -1. */
static int
check_host_ks(const struct pxe *px, const struct host *h, const char *ks)
{
	char *name = xasprintf("%s:%zu (ks/%s.ks)", px->inv->path, h->line,
	    h->hostname);
	int rc = pxe_check_ks(name, ks);

	free(name);
	return rc;
}

/* Finds or makes the shape of host h; NULL when SHAPES_MAX are in use.
 * A new shape's host is rendered for real and checked (its skeletons
 * stay NULL when px->no_skeletons); *err is set to -1 after a rendering
 * or check error.  The shape belongs to px. */
static struct shape *
shape_of(struct pxe *px, const struct host *h, struct buf *key,
    struct buf *ksurl, int *err)
{
	const char *vals[SLOTS];
	struct shape *s;
	char *ks = NULL, *cfg = NULL;

	shape_key(px->inv, h, key);
	for (size_t i = 0; i < px->hosts->nshapes; i++)
		if (strcmp(px->hosts->shapes[i].key, key->data) == 0)
			return &px->hosts->shapes[i];
	if (px->hosts->nshapes == SHAPES_MAX)
		return NULL;
	host_values(px->http_url, h, ksurl, vals);
	s = &px->hosts->shapes[px->hosts->nshapes];
	s->key = xstrdup(key->data);
	px->hosts->nshapes++;
	if (px->hosts->no_skeletons) {
		ks = render_ks(px, h, vals);
		cfg = ks ? render_host_cfg(px, h, vals) : NULL;
		if (cfg == NULL)
			*err = -1;
	} else {
		s->ks = skel_for(px, h, ks_sentinels, ks_renderer, vals, &ks,
		    err);
		if (*err == 0)
			s->cfg = skel_for(px, h, cfg_sentinels,
			    render_host_cfg, vals, &cfg, err);
	}
	if (*err == 0 && check_host_ks(px, h, ks) != 0)
		*err = -1;
	free(ks);
	free(cfg);
	return s;
}

/* Renders host h fully, as put_host will when its shape has no skeleton,
 * and checks its kickstart.  Returns 0, or -1 after messages. */
static int
check_host_full(struct pxe *px, const struct host *h, struct buf *ksurl)
{
	const char *vals[SLOTS];
	char *ks, *cfg = NULL;
	int rc = -1;

	host_values(px->http_url, h, ksurl, vals);
	if ((ks = render_ks(px, h, vals)) == NULL ||
	    check_host_ks(px, h, ks) != 0 ||
	    (cfg = render_host_cfg(px, h, vals)) == NULL)
		goto out;
	rc = 0;
out:
	free(ks);
	free(cfg);
	return rc;
}

/* Makes the shape of every host before anything is written, so that a
 * template or check error leaves the tree as it was.  A host that will
 * be rendered on its own (its shape has no skeleton, or there are more
 * than SHAPES_MAX shapes) is rendered and checked here too, not first
 * while the tree is being written.  Returns 0, or -1 after messages. */
static int
prepare_shapes(struct pxe *px)
{
	struct buf key = BUF_INIT, ksurl = BUF_INIT;
	int err = 0;

	for (size_t i = 0; i < px->inv->n && err == 0; i++) {
		const struct host *h = &px->inv->hosts[i];
		size_t before = px->hosts->nshapes;
		struct shape *s = shape_of(px, h, &key, &ksurl, &err);

		if (err == 0 && px->hosts->nshapes == before && (s == NULL ||
		    s->ks == NULL || s->cfg == NULL))
			err = check_host_full(px, h, &ksurl);
	}
	buf_free(&key);
	buf_free(&ksurl);
	return err;
}

/* ---- templates that decide on a host's values ---- */

/* The variables that differ between hosts of one shape.  A skeleton
 * only swaps their values, so a template whose if or elif compares one
 * of them with a value renders some hosts differently: then no skeleton
 * is used.  Testing one for truth is fine: which addresses are set is
 * part of the shape, and so is a host name of "no" (false). */
static const char *const host_vars[] = {
	"network.hostname", "ks.hostname", "host.name", "network.ip",
	"network.netmask", "network.gateway", "network.nameserver",
	"network.guest_ip", "host.mac", "host.ip", "host.netmask",
	"host.gateway", "host.nameserver", "pxe.ks_url",
};

/* 1 if w is one of the n strings of v. */
static int
in_list(const char *w, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, v[i]) == 0)
			return 1;
	return 0;
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define TAG_WORDS	6

/* Splits the tag body [s, e) into at most TAG_WORDS words (copies into
 * w, the caller frees each).  Returns the number of words. */
static int
tag_words(const char *s, const char *e, char **w)
{
	int n = 0;

	while (n < TAG_WORDS) {
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\n'))
			s++;
		if (s == e)
			break;
		const char *b = s;
		while (s < e && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		w[n++] = xstrndup(b, (size_t)(s - b));
	}
	return n;
}

static int tests_host_values(const char *overlay, const char *base,
    const char *rel, int depth);

/* 1 if the tag words w decide on a host value, or include a template
 * (under base) that does. */
static int
tag_tests_host(const char *overlay, const char *base, char **w, int n,
    int depth)
{
	int i = 1, r = 0;

	if (n >= 2 && strcmp(w[0], "include") == 0) {
		size_t len = strlen(w[1]);
		char *inc, *rel;
		if (len < 2 || w[1][0] != '"' || w[1][len - 1] != '"')
			return 0;
		inc = xstrndup(w[1] + 1, len - 2);
		rel = xasprintf("%s%s", base, inc);
		r = path_is_safe(inc) && tests_host_values(overlay, base, rel,
		    depth + 1);
		free(rel);
		free(inc);
		return r;
	}
	if (n < 2 || (strcmp(w[0], "if") != 0 && strcmp(w[0], "elif") != 0))
		return 0;
	if (strcmp(w[i], "not") == 0)
		i++;
	if (i >= n)
		return 0;
	return i + 1 < n && in_list(w[i], host_vars, NELEM(host_vars));
}

/* 1 if template rel (from overlay or the shipped set), or one it
 * includes, decides on a host value (see host_var_names); a template
 * that cannot be read counts as 0 here (rendering reports it). */
static int
tests_host_values(const char *overlay, const char *base, const char *rel,
    int depth)
{
	struct buf text = BUF_INIT;
	const char *p, *e;
	int found = 0;

	if (depth > 16 || resource_read(overlay, rel, &text) != 0)
		goto out;
	buf_adds(&text, "");
	for (p = text.data; !found && (p = strstr(p, "{%")) != NULL;
	    p = e + 2) {
		char *w[TAG_WORDS];
		int n;
		if ((e = strstr(p + 2, "%}")) == NULL)
			break;
		n = tag_words(p + 2, e, w);
		found = tag_tests_host(overlay, base, w, n, depth);
		for (int i = 0; i < n; i++)
			free(w[i]);
	}
out:
	buf_free(&text);
	return found;
}

/* 1 if the kickstart or host config template decides on host values,
 * so that every host must be rendered on its own. */
static int
templates_test_hosts(const struct pxe *px)
{
	const char *overlay = profile_get(px->site, "kickstart.template_dir");
	const char *t = profile_get(px->site, "kickstart.template");
	char *ks = xasprintf("kickstart/%s", t);
	int r;

	r = (path_is_safe(t) && tests_host_values(overlay, "kickstart/", ks,
	    0)) || tests_host_values(overlay, "isolinux/",
	    "isolinux/pxelinux-host.cfg", 0);
	if (r)
		log_debug("pxe: a template tests host values in a condition; "
		    "rendering host by host");
	free(ks);
	return r;
}

/* ---- writing ---- */

/* Puts one host file: its text is the skeleton sk filled with vals, or
 * (sk NULL) what render(px, h, vals) returns.  Left alone, unread, when
 * the previous run recorded the same key for it and it is still there.
 * Fills rec.  Returns 0, or -1 after a message. */
static int
put_host_file(struct pxe *px, const char *rel, const struct skel *sk,
    const char *fixed, char *(*render)(struct pxe *, const struct host *,
    const char *const *), const struct host *h, const char **vals,
    const struct frec *old, struct frec *rec)
{
	char *text = NULL;
	size_t len;

	buf_reset(&px->hosts->scratch);
	if (sk != NULL)
		rec->key = skel_key(sk, vals, &len);
	else {
		if (fixed == NULL && (text = render(px, h, vals)) == NULL)
			return -1;
		buf_adds(&px->hosts->scratch, fixed ? fixed : text);
		free(text);
		rec->key = key_add(KEY_INIT, px->hosts->scratch.data,
		    px->hosts->scratch.len) | 1;
	}
	if (pxe_frec_still(px->o->outdir, rel, rec->key, old, rec)) {
		px->unchanged++;
		return 0;
	}
	if (sk != NULL)
		skel_fill(sk, vals, &px->hosts->scratch);
	return pxe_put_file(px, rel, px->hosts->scratch.data, px->hosts->scratch.len, rec);
}

/* render_ks as put_host_file calls it. */
static char *
ks_text(struct pxe *px, const struct host *h, const char *const *vals)
{
	return render_ks(px, h, vals);
}

/* render_host_cfg as put_host_file calls it. */
static char *
cfg_text(struct pxe *px, const struct host *h, const char *const *vals)
{
	return render_host_cfg(px, h, vals);
}

/* Writes host i's kickstart and pxelinux config. */
static int
put_host(struct pxe *px, size_t i, struct buf *key, struct buf *ksurl)
{
	const struct host *h = &px->inv->hosts[i];
	const struct old_host *old = pxe_old_host(&px->state, h->hostname);
	const char *vals[SLOTS];
	char rel[PATH_MAX], *cfg;
	struct shape *s;
	int err = 0, rc, done;

	s = shape_of(px, h, key, ksurl, &err);
	if (err != 0)
		return -1;
	host_values(px->http_url, h, ksurl, vals);
	snprintf(rel, sizeof(rel), "http/ks/%s.ks", h->hostname);
	if (put_host_file(px, rel, s ? s->ks : NULL, NULL, ks_text, h, vals,
	    old ? &old->ks : NULL, &px->recs[2 * i]) != 0)
		return -1;
	done = pxe_is_done(&px->state, h->hostname);
	cfg = pxe_cfg_rel(h->mac);
	rc = put_host_file(px, cfg, !done && s ? s->cfg : NULL,
	    done ? px->local_cfg : NULL, cfg_text, h, vals,
	    old && strcmp(old->mac, h->mac) == 0 ? &old->cfg : NULL,
	    &px->recs[2 * i + 1]);
	free(cfg);
	return rc;
}

/* Writes every host's files (pxe-int.h). */
int
pxe_hosts_put(struct pxe *px)
{
	struct buf key = BUF_INIT, ksurl = BUF_INIT;
	int rc = 0;

	if (px->inv != NULL)
		px->recs = xcalloc(2 * px->inv->n + 1, sizeof(*px->recs));
	for (size_t i = 0; px->inv && i < px->inv->n && rc == 0; i++)
		rc = put_host(px, i, &key, &ksurl);
	buf_free(&key);
	buf_free(&ksurl);
	return rc;
}

/* The default kickstart or a host's (pxe-int.h); caller frees. */
char *
pxe_render_ks(const struct profile *site, const struct inventory *inv,
    const char *http_url, const struct host *h)
{
	struct buf ksurl = BUF_INIT;
	const char *vals[SLOTS] = { NULL };
	char *text;

	if (h != NULL)
		host_values(http_url, h, &ksurl, vals);
	text = host_ks(site, inv, http_url, h, vals);
	buf_free(&ksurl);
	return text;
}

/* Every host rendered and checked before anything is written
 * (pxe-int.h). */
int
pxe_hosts_prepare(struct pxe *px)
{
	px->hosts = xcalloc(1, sizeof(*px->hosts));
	if (px->inv == NULL)
		return 0;
	px->hosts->no_skeletons = templates_test_hosts(px);
	return prepare_shapes(px);
}

/* Frees px->hosts (pxe-int.h). */
void
pxe_hosts_free(struct pxe *px)
{
	if (px->hosts == NULL)
		return;
	for (size_t i = 0; i < px->hosts->nshapes; i++) {
		free(px->hosts->shapes[i].key);
		skel_free(px->hosts->shapes[i].ks);
		skel_free(px->hosts->shapes[i].cfg);
	}
	buf_free(&px->hosts->scratch);
	free(px->hosts);
	px->hosts = NULL;
}
