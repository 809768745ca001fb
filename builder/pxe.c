/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe.c: the PXE tree.
 *
 *   OUTDIR/tftp/pxelinux.0, ldlinux.c32, menu.c32, libutil.c32, libcom32.c32
 *   OUTDIR/tftp/pxelinux.cfg/default, local, 01-<mac> (one per host)
 *   OUTDIR/tftp/<release>/vmlinuz, initrd.img    (e.g. sl51-x86_64/)
 *   OUTDIR/http/ks/default.ks, ks/<hostname>.ks  (one per host)
 *   OUTDIR/http/xeninfn/                         (the XenINFN repository)
 *   OUTDIR/.xeninfn-pxe-manifest                 (what pxe wrote)
 *
 * Speed for 10,000 hosts comes from three things.  The per-host files are
 * made from a skeleton: the template is rendered once per "shape" of host
 * (which columns are set, which override values) with recognizable
 * stand-in values, and each host's file is that text with its own values
 * put back; the first host of each shape is also rendered for real and the
 * skeleton is used only when both agree byte for byte.  A file whose bytes
 * are already on disk is not written again.  New files are renamed into
 * place without an fsync each; one syncfs covers them all before the
 * manifest, the record of what is in place, is written durably.
 *
 * A re-run costs little more than reading the inventory: the manifest
 * records, for each host file, a key of what made it (the skeleton's and
 * the host's values, or the text itself) and the file's size, inode and
 * mtime as written.  A host file whose key is the same and whose lstat
 * still matches is left alone without being rendered or read back.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "xeninfn.h"
#include "paths.h"
#include "bootcfg.h"
#include "fetch.h"
#include "initrd.h"
#include "kickstart.h"
#include "media.h"
#include "pxe.h"
#include "rpm.h"
#include "template.h"
#include "tree.h"

#define MANIFEST_MAX	((size_t)64 << 20)
#define MANIFEST_MAGIC	"# xeninfn pxe manifest 1"
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

/* What the manifest records of one host file: the key of what made it
 * (0: none recorded) and the file as written. */
struct frec {
	uint64_t	 key;
	long long	 size, ino, mtime_ns;
};

/* A host of the previous run, from its manifest. */
struct old_host {
	char		*name, *mac;
	struct frec	 ks, cfg;
};

struct pxe {
	const struct profile	*site;
	const struct pxe_opts	*o;
	struct inventory	*inv;
	struct fetcher		*fetcher;
	struct tree		*tree;
	struct rpm_set		 rpms;
	int			 have_rpms;
	struct syslinux_set	 sl;
	struct media_id		 id;
	char			*pxelinux0, *vtcheck, *tools_rpm;
	char			*http_url;	/* without a trailing '/' */
	char			*release;	/* "sl51-x86_64" */
	char			*kernel_rel, *initrd_rel;
	char			*local_cfg;	/* pxelinux.cfg/local */
	struct tvar		 vars[BOOTCFG_NVARS + 12];
	size_t			 nbootvars;
	struct bootcfg_store	 bootstore;
	struct shape		 shapes[SHAPES_MAX];
	size_t			 nshapes;
	char			**done;		/* sorted, lower case */
	size_t			 ndone;
	char			**old_files;
	size_t			 nold_files;
	struct old_host		*old_hosts;
	size_t			 nold_hosts;
	struct old_host		**old_by_name;	/* sorted by name */
	struct frec		*recs;		/* 2 per inventory host */
	struct buf		 scratch;	/* reused for each file */
	int			 no_skeletons;	/* a template tests host values */
	size_t			 written, unchanged, removed;
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

/* The template variables of a pxelinux config, into px->vars.  Returns
 * their number. */
static size_t
cfg_vars(struct pxe *px, const char *ksurl, int done,
    const char *const *vals)
{
	struct tvar *v = px->vars + px->nbootvars;
	const char *e = "";

	v[0] = (struct tvar){ "pxe.kernel", px->kernel_rel, NULL };
	v[1] = (struct tvar){ "pxe.initrd", px->initrd_rel, NULL };
	v[2] = (struct tvar){ "pxe.ks_url", ksurl, NULL };
	v[3] = (struct tvar){ "pxe.done", done ? "yes" : "", NULL };
	v[4] = (struct tvar){ "host.name", vals ? vals[S_NAME] : e, NULL };
	v[5] = (struct tvar){ "host.mac", vals ? vals[S_MAC] : e, NULL };
	v[6] = (struct tvar){ "host.ip",
	    vals && vals[S_IP] ? vals[S_IP] : e, NULL };
	v[7] = (struct tvar){ "host.netmask",
	    vals && vals[S_NETMASK] ? vals[S_NETMASK] : e, NULL };
	v[8] = (struct tvar){ "host.gateway",
	    vals && vals[S_GATEWAY] ? vals[S_GATEWAY] : e, NULL };
	v[9] = (struct tvar){ "host.nameserver",
	    vals && vals[S_NAMESERVER] ? vals[S_NAMESERVER] : e, NULL };
	return px->nbootvars + 10;
}

/* Renders template rel with the pxelinux variables.  Returns the text
 * (caller frees) or NULL after messages. */
static char *
render_cfg(struct pxe *px, const char *rel, const char *ksurl, int done,
    const char *const *vals)
{
	const char *overlay = profile_get(px->site, "kickstart.template_dir");
	size_t n = cfg_vars(px, ksurl, done, vals);

	return template_render(*overlay ? overlay : NULL, rel, px->site,
	    px->vars, n);
}

/* A host's pxelinux config with vals in its fields. */
static char *
render_host_cfg(struct pxe *px, const struct host *h,
    const char *const *vals)
{
	struct host c = host_with(h, vals);
	const char *v[SLOTS] = { c.hostname, c.mac, c.ip, c.netmask,
	    c.gateway, c.nameserver, c.guest_ip, vals[S_KSURL] };

	return render_cfg(px, "isolinux/pxelinux-host.cfg", vals[S_KSURL], 0,
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

/* Checks a rendered kickstart against the RHEL 5.1 grammar. */
static int
check_ks(const char *name, const char *text)
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
	int rc = check_ks(name, ks);

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
	for (size_t i = 0; i < px->nshapes; i++)
		if (strcmp(px->shapes[i].key, key->data) == 0)
			return &px->shapes[i];
	if (px->nshapes == SHAPES_MAX)
		return NULL;
	host_values(px->http_url, h, ksurl, vals);
	s = &px->shapes[px->nshapes];
	s->key = xstrdup(key->data);
	px->nshapes++;
	if (px->no_skeletons) {
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
		size_t before = px->nshapes;
		struct shape *s = shape_of(px, h, &key, &ksurl, &err);

		if (err == 0 && px->nshapes == before && (s == NULL ||
		    s->ks == NULL || s->cfg == NULL))
			err = check_host_full(px, h, &ksurl);
	}
	buf_free(&key);
	buf_free(&ksurl);
	return err;
}

/* ---- output ---- */

/* Records in rec (unless NULL) the file st describes; its key stays. */
static void
frec_set(struct frec *rec, const struct stat *st)
{
	if (rec == NULL)
		return;
	rec->size = (long long)st->st_size;
	rec->ino = (long long)st->st_ino;
	rec->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL +
	    st->st_mtim.tv_nsec;
}

/* 1 if the file at path holds exactly data (then *st describes it). */
static int
same_content(const char *path, const char *data, size_t len,
    struct stat *st)
{
	ssize_t n;
	size_t got = 0;
	int fd, same = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) ||
	    (size_t)st->st_size != len)
		goto out;
	while (got < len) {
		char chunk[65536];
		n = read(fd, chunk, sizeof(chunk));
		if (n <= 0)
			goto out;
		if ((size_t)n > len - got ||
		    memcmp(chunk, data + got, (size_t)n) != 0)
			goto out;
		got += (size_t)n;
	}
	same = 1;
out:
	close(fd);
	return same;
}

/*
 * Puts data at OUTDIR/rel unless it is there already: a temporary name,
 * then rename, so a TFTP or HTTP client sees the old file or the new one.
 * No fsync here: pxe_write syncs the file system once at the end.
 * Returns 0, or -1 after a message naming the file.
 */
static int
put_file(struct pxe *px, const char *rel, const char *data, size_t len,
    struct frec *rec)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	const char *p = data;
	size_t left = len;
	struct stat st;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", px->o->outdir,
	    rel) >= sizeof(path) || (size_t)snprintf(tmp, sizeof(tmp),
	    "%s.xeninfn-tmp", path) >= sizeof(tmp)) {
		log_error("%s/%s: path too long", px->o->outdir, rel);
		return -1;
	}
	if (same_content(path, data, len, &st)) {
		px->unchanged++;
		frec_set(rec, &st);
		return 0;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd < 0)
		goto fail;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			goto fail;
		}
		p += n;
		left -= (size_t)n;
	}
	if (rec != NULL && fstat(fd, &st) != 0) {
		close(fd);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0)
		goto fail;
	frec_set(rec, &st);
	px->written++;
	return 0;
fail:
	log_errno("%s: cannot write (check the permissions and free space "
	    "of %s)", path, px->o->outdir);
	unlink(tmp);
	return -1;
}

/* 1 if the files a and b hold the same bytes (compared in chunks). */
static int
same_file(const char *a, const char *b)
{
	char x[65536], y[65536];
	struct stat sa, sb;
	int fa = open(a, O_RDONLY | O_CLOEXEC);
	int fb = open(b, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int same = 0;
	ssize_t n;

	if (fa < 0 || fb < 0 || fstat(fa, &sa) != 0 || fstat(fb, &sb) != 0 ||
	    !S_ISREG(sb.st_mode) || sa.st_size != sb.st_size)
		goto out;
	while ((n = read(fa, x, sizeof(x))) > 0)
		if (read(fb, y, (size_t)n) != n || memcmp(x, y, (size_t)n) != 0)
			goto out;
	same = n == 0;
out:
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* Copies the local file src to OUTDIR/rel (unless it is there already),
 * in chunks, without an fsync (pxe_write syncs the file system once). */
static int
put_copy(struct pxe *px, const char *rel, const char *src)
{
	char *path = path_join(px->o->outdir, rel);
	int rc = 0, was;

	if (same_file(src, path))
		px->unchanged++;
	else {
		was = fileio_set_durable(0);
		rc = copy_file(src, path, 0644);
		fileio_set_durable(was);
		if (rc == 0)
			px->written++;
	}
	free(path);
	return rc;
}

/* ---- the fixed part of the tree ---- */

/* "sl51-x86_64": the initials of the family, the release without dots,
 * the arch; names the kernel's directory under tftp/. */
static char *
release_dir(const struct tree *t)
{
	struct buf b = BUF_INIT;
	int start = 1;

	for (const char *s = t->family; s && *s; s++) {
		if (start && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' &&
		    *s <= 'z')))
			buf_addc(&b, (char)(*s | 0x20));
		start = *s == ' ';
	}
	if (b.len == 0)
		buf_adds(&b, "os");
	for (const char *s = t->release; s && *s; s++)
		if (*s != '.')
			buf_addc(&b, *s);
	buf_printf(&b, "-%s", t->arch ? t->arch : "x86_64");
	if (!path_is_safe(b.data) || strchr(b.data, '/') != NULL) {
		buf_reset(&b);
		buf_adds(&b, "os");
	}
	return buf_release(&b);
}

/* The installer's initrd with the virtualization check appended, as
 * for the ISO (the kickstart comes over HTTP, not in the initrd). */
static int
put_initrd(struct pxe *px)
{
	char *out = xasprintf("%s/tftp/%s.xeninfn-build", px->o->outdir,
	    px->initrd_rel);
	struct buf vt = BUF_INIT;
	int rc = -1;

	if (read_file(px->vtcheck, 16 << 20, &vt) != 0)
		goto out;
	struct initrd_file files[] = {
		{ INITRD_VTCHECK, vt.data, vt.len, 0755 },
	};
	if (initrd_append(px->tree->initrd, out, files, 1, px->id.epoch) != 0)
		goto out;
	char *rel = xasprintf("tftp/%s", px->initrd_rel);
	rc = put_copy(px, rel, out);
	free(rel);
out:
	unlink(out);
	free(out);
	buf_free(&vt);
	return rc;
}

/* Makes dir under OUTDIR. */
static int
make_dir(struct pxe *px, const char *rel)
{
	char *path = path_join(px->o->outdir, rel);
	int rc = mkdirs(path, 0755);

	free(path);
	return rc;
}

/* tftp/: syslinux, the kernel and initrd, the default and local menus. */
static int
put_tftp(struct pxe *px)
{
	char *text = NULL, *ksurl, rel[PATH_MAX];
	int rc = -1;

	snprintf(rel, sizeof(rel), "tftp/%s", px->release);
	if (make_dir(px, "tftp/pxelinux.cfg") != 0 || make_dir(px, rel) != 0)
		return -1;
	if (put_copy(px, "tftp/pxelinux.0", px->pxelinux0) != 0)
		return -1;
	for (size_t i = 0; i < SYSLINUX_NFILES; i++) {
		if (strcmp(px->sl.f[i].name, "isolinux.bin") == 0)
			continue;
		snprintf(rel, sizeof(rel), "tftp/%s", px->sl.f[i].name);
		if (put_copy(px, rel, px->sl.f[i].path) != 0)
			return -1;
	}
	snprintf(rel, sizeof(rel), "tftp/%s", px->kernel_rel);
	if (put_copy(px, rel, px->tree->kernel) != 0 || put_initrd(px) != 0)
		return -1;
	ksurl = xasprintf("%s/ks/default.ks", px->http_url);
	if ((text = render_cfg(px, "isolinux/pxelinux.cfg", ksurl, 0,
	    NULL)) == NULL ||
	    put_file(px, "tftp/pxelinux.cfg/default", text, strlen(text),
	    NULL) != 0)
		goto out;
	if (put_file(px, "tftp/pxelinux.cfg/local", px->local_cfg,
	    strlen(px->local_cfg), NULL) != 0)
		goto out;
	rc = 0;
out:
	free(ksurl);
	free(text);
	return rc;
}

/* 1 if the repository in dir was made from exactly the RPMs of stamp. */
static int
repo_current(const char *dir, const char *stamp)
{
	char *path = path_join(dir, ".xeninfn-repo-stamp");
	struct stat st;
	int same = same_content(path, stamp, strlen(stamp), &st);

	free(path);
	return same;
}

/* http/: the default kickstart and the XenINFN repository (made again
 * only when its RPMs changed). */
static int
put_http(struct pxe *px)
{
	char *ks = NULL, *dir = path_join(px->o->outdir, "http/xeninfn");
	char *stamppath = path_join(dir, ".xeninfn-repo-stamp");
	struct buf stamp = BUF_INIT;
	int rc = -1;

	if (make_dir(px, "http/ks") != 0)
		goto out;
	if ((ks = render_ks(px, NULL, NULL)) == NULL ||
	    put_file(px, "http/ks/default.ks", ks, strlen(ks), NULL) != 0)
		goto out;
	if (px->have_rpms) {
		for (size_t i = 0; i < px->rpms.n; i++)
			buf_printf(&stamp, "%s %s\n", px->rpms.pkgs[i].sha256,
			    px->rpms.pkgs[i].name);
		if (!repo_current(dir, stamp.data)) {
			if (remove_tree(dir) != 0 ||
			    repo_create(dir, &px->rpms) != 0 ||
			    write_file_atomic(stamppath, stamp.data,
			    stamp.len, 0644) != 0)
				goto out;
			px->written++;
		}
	}
	rc = 0;
out:
	buf_free(&stamp);
	free(stamppath);
	free(dir);
	free(ks);
	return rc;
}

/* ---- hosts ---- */

/* qsort and bsearch order of an array of strings: strcmp. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* qsort and bsearch order of an array of old_host pointers: by name. */
static int
cmp_old_host(const void *a, const void *b)
{
	return strcmp((*(struct old_host *const *)a)->name,
	    (*(struct old_host *const *)b)->name);
}

/* The pxelinux config of the host with MAC mac (aa:bb:cc:dd:ee:ff, as
 * valid_mac accepts), relative to OUTDIR: pxelinux asks for it as
 * pxelinux.cfg/01-aa-bb-cc-dd-ee-ff.  The caller frees it. */
static char *
cfg_rel(const char *mac)
{
	char *rel = xasprintf("tftp/pxelinux.cfg/01-%s", mac);

	for (char *c = strrchr(rel, '/'); *c; c++)
		if (*c == ':')
			*c = '-';
	return rel;
}

/* 1 if host name was switched to local boot. */
static int
is_done(const struct pxe *px, const char *name)
{
	char low[256];
	const char *key = low;
	size_t i;

	for (i = 0; name[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)(name[i] | (name[i] >= 'A' && name[i] <= 'Z' ?
		    0x20 : 0));
	low[i] = '\0';
	return px->ndone && bsearch(&key, px->done, px->ndone,
	    sizeof(*px->done), cmp_str) != NULL;
}

/* The previous run's record of host name, or NULL. */
static const struct old_host *
old_host_of(const struct pxe *px, const char *name)
{
	struct old_host key = { (char *)name, NULL, { 0, 0, 0, 0 },
	    { 0, 0, 0, 0 } }, *k = &key, **hit;

	if (px->nold_hosts == 0)
		return NULL;
	hit = bsearch(&k, px->old_by_name, px->nold_hosts,
	    sizeof(*px->old_by_name), cmp_old_host);
	return hit ? *hit : NULL;
}

/* 1 if OUTDIR/rel is still the file old recorded for key (then *rec is
 * old): same key, and lstat gives the size, inode and mtime written. */
static int
still_there(const struct pxe *px, const char *rel, uint64_t key,
    const struct frec *old, struct frec *rec)
{
	char path[PATH_MAX];
	struct stat st;

	if (old == NULL || old->key != key || (size_t)snprintf(path,
	    sizeof(path), "%s/%s", px->o->outdir, rel) >= sizeof(path) ||
	    lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	rec->key = key;
	frec_set(rec, &st);
	if (rec->size != old->size || rec->ino != old->ino ||
	    rec->mtime_ns != old->mtime_ns)
		return 0;
	return 1;
}

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

	buf_reset(&px->scratch);
	if (sk != NULL)
		rec->key = skel_key(sk, vals, &len);
	else {
		if (fixed == NULL && (text = render(px, h, vals)) == NULL)
			return -1;
		buf_adds(&px->scratch, fixed ? fixed : text);
		free(text);
		rec->key = key_add(KEY_INIT, px->scratch.data,
		    px->scratch.len) | 1;
	}
	if (still_there(px, rel, rec->key, old, rec)) {
		px->unchanged++;
		return 0;
	}
	if (sk != NULL)
		skel_fill(sk, vals, &px->scratch);
	return put_file(px, rel, px->scratch.data, px->scratch.len, rec);
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
	const struct old_host *old = old_host_of(px, h->hostname);
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
	done = is_done(px, h->hostname);
	cfg = cfg_rel(h->mac);
	rc = put_host_file(px, cfg, !done && s ? s->cfg : NULL,
	    done ? px->local_cfg : NULL, cfg_text, h, vals,
	    old && strcmp(old->mac, h->mac) == 0 ? &old->cfg : NULL,
	    &px->recs[2 * i + 1]);
	free(cfg);
	return rc;
}

/* Writes every host's files.  Returns 0, or -1 after a message. */
static int
put_hosts(struct pxe *px)
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

/* ---- the manifest and the list of installed hosts ---- */

/* 1 if rel is a path pxe may have written: safe and under tftp/ or
 * http/ (a manifest edited by hand never makes it remove anything
 * else). */
static int
ours(const char *rel)
{
	return path_is_safe(rel) && (strncmp(rel, "tftp/", 5) == 0 ||
	    strncmp(rel, "http/", 5) == 0);
}

/* "KEY:SIZE:INO:MTIME_NS" as write_manifest puts it, into r; a
 * malformed one leaves r empty (the file is then compared byte for byte). */
static void
read_frec(const char *s, struct frec *r)
{
	unsigned long long key;
	long long size, ino, mtime;

	if (sscanf(s, "%16llx:%lld:%lld:%lld", &key, &size, &ino,
	    &mtime) == 4)
		*r = (struct frec){ key, size, ino, mtime };
}

/* A "sums NAME KS CFG" line after "host NAME MAC", into o. */
static void
read_sums(const char *rest, struct old_host *o)
{
	size_t n = strlen(o->name);
	const char *cfg;

	if (strncmp(rest, o->name, n) != 0 || rest[n] != ' ' ||
	    (cfg = strchr(rest + n + 1, ' ')) == NULL)
		return;
	read_frec(rest + n + 1, &o->ks);
	read_frec(cfg + 1, &o->cfg);
}

/* One line of the manifest (without its newline) into px->old_*; caps
 * are the capacities of the two arrays. */
static void
manifest_line(struct pxe *px, char *line, size_t *capf, size_t *caph)
{
	char *sp = strchr(line, ' '), *mac;

	if (*line == '#' || sp == NULL)
		return;
	*sp++ = '\0';
	if ((strcmp(line, "file") == 0 || strcmp(line, "dir") == 0) &&
	    ours(sp)) {
		if (px->nold_files == *capf) {
			*capf = *capf ? *capf * 2 : 16;
			px->old_files = xrealloc(px->old_files,
			    *capf * sizeof(*px->old_files));
		}
		px->old_files[px->nold_files++] = xasprintf("%s %s", line, sp);
	} else if (strcmp(line, "host") == 0) {
		if ((mac = strchr(sp, ' ')) == NULL)
			return;
		*mac++ = '\0';
		if (!valid_hostname(sp) || !valid_mac(mac))
			return;
		if (px->nold_hosts == *caph) {
			*caph = *caph ? *caph * 2 : 256;
			px->old_hosts = xrealloc(px->old_hosts,
			    *caph * sizeof(*px->old_hosts));
		}
		px->old_hosts[px->nold_hosts++] = (struct old_host){
		    xstrdup(sp), xstrdup(mac), { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
	} else if (strcmp(line, "sums") == 0 && px->nold_hosts > 0)
		read_sums(sp, &px->old_hosts[px->nold_hosts - 1]);
}

/* Reads OUTDIR's manifest into px->old_*, a line at a time (memory holds
 * what it lists, not its text); a missing one is an empty one.  Returns
 * 0, or -1 after a message. */
static int
read_manifest(const char *outdir, struct pxe *px)
{
	char *path = path_join(outdir, PXE_MANIFEST), *line = NULL;
	size_t capf = 0, caph = 0, cap = 0, lineno = 0;
	struct stat st;
	ssize_t n;
	FILE *f;
	int rc = -1;

	if ((f = fopen(path, "re")) == NULL) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc != 0)
			log_errno("%s: cannot open", path);
		goto out;
	}
	if (fstat(fileno(f), &st) == 0 && (size_t)st.st_size > MANIFEST_MAX) {
		log_error("%s: larger than the %zu bytes allowed", path,
		    MANIFEST_MAX);
		goto out;
	}
	while ((n = getline(&line, &cap, f)) > 0 || lineno == 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (lineno++ == 0 && (n <= 0 ||
		    strcmp(line, MANIFEST_MAGIC) != 0)) {
			log_error("%s: not a manifest of xeninfn pxe (remove "
			    "it only if %s holds no tree of xeninfn pxe)", path,
			    outdir);
			goto out;
		}
		manifest_line(px, line, &capf, &caph);
	}
	if (ferror(f)) {
		log_errno("%s: cannot read", path);
		goto out;
	}
	px->old_by_name = xcalloc(px->nold_hosts + 1,
	    sizeof(*px->old_by_name));
	for (size_t i = 0; i < px->nold_hosts; i++)
		px->old_by_name[i] = &px->old_hosts[i];
	qsort(px->old_by_name, px->nold_hosts, sizeof(*px->old_by_name),
	    cmp_old_host);
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	free(line);
	free(path);
	return rc;
}

/* Reads the list of installed hosts (sorted, lower case) into px. */
static int
read_done(const char *outdir, struct pxe *px)
{
	char *path = path_join(outdir, PXE_DONE_LIST), *line, *save = NULL;
	struct buf b = BUF_INIT;
	size_t cap = 0;
	int rc = -1;

	if (!path_exists(path)) {
		rc = 0;
		goto out;
	}
	if (read_file(path, INVENTORY_MAX_SIZE, &b) != 0)
		goto out;
	buf_adds(&b, "");
	for (line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!valid_hostname(line))
			continue;
		if (px->ndone == cap) {
			cap = cap ? cap * 2 : 16;
			px->done = xrealloc(px->done, cap * sizeof(*px->done));
		}
		for (char *c = line; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c |= 0x20;
		px->done[px->ndone++] = xstrdup(line);
	}
	if (px->ndone > 0)
		qsort(px->done, px->ndone, sizeof(*px->done), cmp_str);
	rc = 0;
out:
	buf_free(&b);
	free(path);
	return rc;
}

/* Writes the list of installed hosts durably. */
static int
write_done(const char *outdir, char **done, size_t n)
{
	char *path = path_join(outdir, PXE_DONE_LIST);
	struct buf b = BUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(done[i], done[i - 1]) != 0)
			buf_printf(&b, "%s\n", done[i]);
	rc = write_file_atomic(path, b.data ? b.data : "", b.len, 0644);
	buf_free(&b);
	free(path);
	return rc;
}

/* The files of the fixed part of the tree, as manifest lines, in rel
 * order ("file tftp/..."); the caller frees the array and strings. */
static char **
fixed_entries(const struct pxe *px, size_t *n)
{
	char **v = xcalloc(SYSLINUX_NFILES + 8, sizeof(*v));
	size_t k = 0;

	v[k++] = xstrdup("file tftp/pxelinux.0");
	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		if (strcmp(px->sl.f[i].name, "isolinux.bin") != 0)
			v[k++] = xasprintf("file tftp/%s", px->sl.f[i].name);
	v[k++] = xstrdup("file tftp/pxelinux.cfg/default");
	v[k++] = xstrdup("file tftp/pxelinux.cfg/local");
	v[k++] = xasprintf("file tftp/%s", px->kernel_rel);
	v[k++] = xasprintf("file tftp/%s", px->initrd_rel);
	v[k++] = xstrdup("file http/ks/default.ks");
	if (px->have_rpms)
		v[k++] = xstrdup("dir http/xeninfn");
	*n = k;
	return v;
}

/* Removes OUTDIR/rel (a file, or a tree for a "dir" entry), counting it. */
static void
remove_ours(struct pxe *px, const char *entry)
{
	int isdir = strncmp(entry, "dir ", 4) == 0;
	const char *rel = entry + (isdir ? 4 : 5);
	char *path = path_join(px->o->outdir, rel);
	char *slash;

	if (isdir ? remove_tree(path) == 0 :
	    (unlink(path) == 0 || errno == ENOENT))
		px->removed++;
	else
		log_warn("%s: cannot remove a file of the previous tree",
		    path);
	/* an emptied release directory goes too; others stay */
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		if (strncmp(rel, "tftp/", 5) == 0 && strchr(rel + 5, '/') &&
		    strncmp(rel, "tftp/pxelinux.cfg/", 18) != 0)
			rmdir(path);
	}
	free(path);
}

/* Sorted copies of the inventory's host names and MACs (pointers into
 * it; the caller frees the arrays). */
static void
inventory_index(const struct inventory *inv, const char ***names,
    const char ***macs)
{
	size_t n = inv ? inv->n : 0;

	*names = xcalloc(n + 1, sizeof(**names));
	*macs = xcalloc(n + 1, sizeof(**macs));
	for (size_t i = 0; i < n; i++) {
		(*names)[i] = inv->hosts[i].hostname;
		(*macs)[i] = inv->hosts[i].mac;
	}
	qsort(*names, n, sizeof(**names), cmp_str);
	qsort(*macs, n, sizeof(**macs), cmp_str);
}

/* 1 if s is in v, n strings sorted with cmp_str. */
static int
listed(const char **v, size_t n, const char *s)
{
	return n > 0 && bsearch(&s, v, n, sizeof(*v), cmp_str) != NULL;
}

/* Removes what the previous run wrote and this one did not: the
 * configs of hosts no longer listed, and fixed files that moved. */
static void
remove_stale(struct pxe *px)
{
	size_t nfixed, n = px->inv ? px->inv->n : 0;
	char **fixed = fixed_entries(px, &nfixed);
	const char **names, **macs;
	char entry[PATH_MAX];

	for (size_t i = 0; i < px->nold_files; i++) {
		int keep = 0;
		for (size_t j = 0; j < nfixed && !keep; j++)
			keep = strcmp(px->old_files[i], fixed[j]) == 0;
		if (!keep)
			remove_ours(px, px->old_files[i]);
	}
	inventory_index(px->inv, &names, &macs);
	for (size_t i = 0; i < px->nold_hosts; i++) {
		const struct old_host *o = &px->old_hosts[i];
		if (!listed(names, n, o->name)) {
			snprintf(entry, sizeof(entry), "file http/ks/%s.ks",
			    o->name);
			remove_ours(px, entry);
		}
		if (!listed(macs, n, o->mac)) {
			char *cfg = cfg_rel(o->mac);
			snprintf(entry, sizeof(entry), "file %s", cfg);
			remove_ours(px, entry);
			free(cfg);
		}
	}
	free(names);
	free(macs);
	for (size_t i = 0; i < nfixed; i++)
		free(fixed[i]);
	free(fixed);
}

/* Writes the manifest durably, streaming the host lines from the
 * inventory and the records put_hosts made: "host NAME MAC", then
 * "sums NAME KS CFG" (read_frec; older versions skip these lines). */
#define FREC_FMT	"%016llx:%lld:%lld:%lld"
#define FREC_ARGS(r)	(unsigned long long)(r)->key, (r)->size, (r)->ino, \
	(r)->mtime_ns
static int
write_manifest(struct pxe *px)
{
	char *path = path_join(px->o->outdir, PXE_MANIFEST);
	char *tmp = tmp_name_for(path);
	size_t nfixed;
	char **fixed = fixed_entries(px, &nfixed);
	FILE *f;
	int rc = -1;

	if ((f = fopen(tmp, "we")) == NULL) {
		log_errno("%s: cannot write", tmp);
		goto out;
	}
	fprintf(f, "%s\n# the files xeninfn pxe wrote here; it removes "
	    "only these\n", MANIFEST_MAGIC);
	for (size_t i = 0; i < nfixed; i++)
		fprintf(f, "%s\n", fixed[i]);
	for (size_t i = 0; px->inv && i < px->inv->n; i++) {
		const char *name = px->inv->hosts[i].hostname;
		fprintf(f, "host %s %s\n", name, px->inv->hosts[i].mac);
		if (px->recs != NULL)
			fprintf(f, "sums %s " FREC_FMT " " FREC_FMT "\n", name,
			    FREC_ARGS(&px->recs[2 * i]),
			    FREC_ARGS(&px->recs[2 * i + 1]));
	}
	/* ferror: a failed fprintf (ENOSPC) may leave fflush with nothing
	 * left to fail on */
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
		log_errno("%s: cannot write", tmp);
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		log_errno("%s: cannot write", tmp);
		goto out;
	}
	rc = rename_durable(tmp, path);
out:
	if (rc != 0)
		unlink(tmp);
	for (size_t i = 0; i < nfixed; i++)
		free(fixed[i]);
	free(fixed);
	free(tmp);
	free(path);
	return rc;
}

/* Flushes every file written so far to disk: one syncfs instead of an
 * fsync per file. */
static int
sync_outdir(const char *outdir)
{
	int fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0 || syncfs(fd) != 0) {
		log_errno("%s: cannot flush the tree to disk", outdir);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rc = close(fd);
	return rc == 0 ? 0 : -1;
}

/* ---- the whole run ---- */

/* pxe.http_url, checked and without its trailing '/' (caller frees), or
 * NULL after a message. */
static char *
http_url_of(const struct profile *p)
{
	const char *u = profile_get(p, "pxe.http_url");
	size_t n = strlen(u);

	if (n == 0) {
		log_error("pxe.http_url is not set: set it to the URL where "
		    "OUTDIR/http/ will be served, e.g. -s "
		    "pxe.http_url=http://10.0.0.1/xeninfn");
		return NULL;
	}
	if (strncmp(u, "http://", 7) != 0 && strncmp(u, "ftp://", 6) != 0) {
		log_error("pxe.http_url = '%s': the RHEL 5 loader fetches ks= "
		    "over http:// or ftp:// only", u);
		return NULL;
	}
	while (n > 0 && u[n - 1] == '/')
		n--;
	return xstrndup(u, n);
}

/* pxelinux.0 from the same syslinux as the modules (caller frees), or
 * NULL after a message. */
static char *
pxelinux_path(void)
{
	const char *dir = getenv("XENINFN_SYSLINUX_DIR");
	char *path = dir && *dir ? path_join(dir, "pxelinux.0") :
	    xstrdup(PATH_PXELINUX_0);

	if (path_exists(path))
		return path;
	log_error("%s: missing (install pxelinux: Debian pxelinux, Fedora/EL "
	    "syslinux; or set XENINFN_SYSLINUX_DIR to one directory holding "
	    "pxelinux.0 and the .c32 modules of the same syslinux version)",
	    path);
	free(path);
	return NULL;
}

/* The date of the files appended to the initrd: SOURCE_DATE_EPOCH, else
 * the helper's own, so that a re-run makes the same bytes. */
static void
initrd_epoch(struct pxe *px)
{
	struct stat st;

	if (!px->id.reproducible && stat(px->vtcheck, &st) == 0)
		px->id.epoch = st.st_mtime;
}

/* Everything that can be checked without the network or the tree. */
static int
preflight(struct pxe *px)
{
	int rc = 0;

	if ((px->http_url = http_url_of(px->site)) == NULL)
		rc = -1;
	if (px->o->hosts_file != NULL &&
	    (px->inv = inventory_load(px->o->hosts_file, px->site)) == NULL)
		rc = -1;
	if (syslinux_find(&px->sl) != 0)
		rc = -1;
	if ((px->pxelinux0 = pxelinux_path()) == NULL)
		rc = -1;
	if ((px->vtcheck = helper_vtcheck_path()) == NULL)
		rc = -1;
	px->have_rpms = *profile_get(px->site, "repo.url") == '\0';
	if (px->have_rpms &&
	    (px->tools_rpm = helper_tools_rpm_path()) == NULL)
		rc = -1;
	if (media_id_init(&px->id, px->site) != 0)
		rc = -1;
	if (rc == 0)
		initrd_epoch(px);
	return rc;
}

/* The tree's kernel and initrd (and a kernel-xen for Xen 3.1 in its
 * repositories), the repository's RPMs. */
static int
fetch_inputs(struct pxe *px)
{
	struct fetch_opts fo;

	fetch_opts_init(&fo, px->site, px->o->cache_dir);
	if ((px->fetcher = fetcher_new(&fo)) == NULL)
		return -1;
	if ((px->tree = tree_open(px->site, px->fetcher)) == NULL ||
	    kickstart_check_kernel_xen(px->site, px->tree, px->fetcher) != 0)
		return -1;
	if (px->have_rpms && rpms_collect(px->site, px->fetcher,
	    px->tools_rpm, &px->rpms) != 0)
		return -1;
	px->release = release_dir(px->tree);
	px->kernel_rel = xasprintf("%s/vmlinuz", px->release);
	px->initrd_rel = xasprintf("%s/initrd.img", px->release);
	return 0;
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

/* Renders and checks what every tree has; then the hosts' shapes. */
static int
prepare_texts(struct pxe *px)
{
	char *ks;
	int rc;

	px->nbootvars = bootcfg_vars(px->site, px->id.title, px->id.date,
	    px->vars, &px->bootstore);
	if ((px->local_cfg = render_cfg(px, "isolinux/pxelinux-host.cfg", "",
	    1, NULL)) == NULL)
		return -1;
	kickstart_warnings(px->site);
	if ((ks = render_ks(px, NULL, NULL)) == NULL)
		return -1;
	rc = check_ks("http/ks/default.ks", ks);
	free(ks);
	if (rc == 0 && px->inv != NULL) {
		px->no_skeletons = templates_test_hosts(px);
		rc = prepare_shapes(px);
	}
	return rc;
}

/* The output directory, made if needed and writable. */
static int
prepare_outdir(const char *dir)
{
	if (mkdirs(dir, 0755) != 0 || access(dir, W_OK | X_OK) != 0) {
		log_errno("%s: cannot write the output directory (choose "
		    "another -o, or fix its permissions)", dir);
		return -1;
	}
	return 0;
}

/* Frees what read_manifest, read_done and the shapes put in px. */
static void
pxe_free_state(struct pxe *px)
{
	for (size_t i = 0; i < px->nshapes; i++) {
		free(px->shapes[i].key);
		skel_free(px->shapes[i].ks);
		skel_free(px->shapes[i].cfg);
	}
	for (size_t i = 0; i < px->ndone; i++)
		free(px->done[i]);
	for (size_t i = 0; i < px->nold_files; i++)
		free(px->old_files[i]);
	for (size_t i = 0; i < px->nold_hosts; i++) {
		free(px->old_hosts[i].name);
		free(px->old_hosts[i].mac);
	}
	free(px->done);
	free(px->old_files);
	free(px->old_hosts);
	free(px->old_by_name);
	free(px->recs);
}

/* Frees everything pxe_write put in px (not px itself). */
static void
pxe_free(struct pxe *px)
{
	pxe_free_state(px);
	bootcfg_vars_free(&px->bootstore);
	buf_free(&px->scratch);
	free(px->local_cfg);
	free(px->kernel_rel);
	free(px->initrd_rel);
	free(px->release);
	free(px->http_url);
	free(px->pxelinux0);
	free(px->vtcheck);
	free(px->tools_rpm);
	media_id_free(&px->id);
	syslinux_free(&px->sl);
	if (px->have_rpms)
		rpm_set_free(&px->rpms);
	tree_free(px->tree);
	fetcher_free(px->fetcher);
	inventory_free(px->inv);
}

/* Takes the tree's lock: a run of pxe and a --done on the same tree take
 * turns, so that no run writes a host's install config back over the
 * local boot a --done has just recorded.  Returns the descriptor to close,
 * or -1 after a message. */
static int
lock_tree(const char *outdir)
{
	char *path = path_join(outdir, ".xeninfn-pxe-lock");
	char *busy = xasprintf("waiting for %s: another xeninfn pxe is "
	    "writing it", outdir);
	int fd = lock_wait(path, busy);

	free(busy);
	free(path);
	return fd;
}

/* Checks everything, then writes the tree (pxe.h).  Returns 0 or -1. */
int
pxe_write(const struct profile *p, const struct pxe_opts *o)
{
	struct pxe px;
	int rc = -1, lock = -1;

	memset(&px, 0, sizeof(px));
	px.site = p;
	px.o = o;
	if (preflight(&px) != 0 || fetch_inputs(&px) != 0 ||
	    prepare_texts(&px) != 0)
		goto out;
	if (prepare_outdir(o->outdir) != 0 ||
	    (lock = lock_tree(o->outdir)) < 0 ||
	    read_manifest(o->outdir, &px) != 0 ||
	    read_done(o->outdir, &px) != 0)
		goto out;
	if (o->hosts_file == NULL && px.nold_hosts > 0) {
		log_error("%s: the tree holds the %zu hosts of an earlier "
		    "--hosts run: give --hosts FILE again (an inventory of "
		    "only its header row removes them all)", o->outdir,
		    px.nold_hosts);
		goto out;
	}
	/* From here on the tree is written. */
	if (put_tftp(&px) != 0 ||
	    put_http(&px) != 0 || put_hosts(&px) != 0)
		goto out;
	remove_stale(&px);
	if (sync_outdir(o->outdir) != 0 || write_manifest(&px) != 0)
		goto out;
	log_info("pxe: %s: %zu host%s; %zu files written, %zu unchanged, "
	    "%zu removed", o->outdir, px.inv ? px.inv->n : 0,
	    px.inv && px.inv->n == 1 ? "" : "s", px.written, px.unchanged,
	    px.removed);
	rc = 0;
out:
	if (lock >= 0)
		close(lock);
	pxe_free(&px);
	return rc;
}

/* The host's kickstart as pxe_write renders it (pxe.h); caller frees. */
char *
pxe_host_kickstart(const struct profile *site, const struct inventory *inv,
    const struct host *h)
{
	struct buf ksurl = BUF_INIT;
	const char *vals[SLOTS];
	char *http_url, *text = NULL;

	if ((http_url = http_url_of(site)) == NULL)
		goto out;
	host_values(http_url, h, &ksurl, vals);
	text = host_ks(site, inv, http_url, h, vals);
out:
	buf_free(&ksurl);
	free(http_url);
	return text;
}

/* ---- install once ---- */

/* The MAC the last run listed for host (caller frees), or NULL after a
 * message. */
static char *
mac_of(const char *outdir, const char *host, struct pxe *px)
{
	if (read_manifest(outdir, px) != 0)
		return NULL;
	for (size_t i = 0; i < px->nold_hosts; i++)
		if (strcasecmp(px->old_hosts[i].name, host) == 0)
			return xstrdup(px->old_hosts[i].mac);
	log_error("%s: no host '%s' in the tree's manifest (%s/%s): it was "
	    "not in the inventory of the last `xeninfn pxe --hosts` run",
	    outdir, host, outdir, PXE_MANIFEST);
	return NULL;
}

/* Points host's config at local boot: the bytes of pxelinux.cfg/local,
 * written atomically and durably. */
static int
switch_to_local(const char *outdir, const char *mac)
{
	char *local = xasprintf("%s/tftp/pxelinux.cfg/local", outdir);
	char *rel = cfg_rel(mac), *cfg = path_join(outdir, rel);
	struct buf b = BUF_INIT;
	int rc = -1;

	free(rel);
	if (read_file(local, 64 << 10, &b) != 0)
		goto out;
	rc = write_file_atomic(cfg, b.data ? b.data : "", b.len, 0644);
out:
	buf_free(&b);
	free(cfg);
	free(local);
	return rc;
}

/* Records host as installed or not, then switches its config (pxe.h).
 * Returns 0, or -1 after a message. */
int
pxe_mark_done(const char *outdir, const char *host, int done)
{
	struct pxe px;
	struct pxe_opts o = { outdir, NULL, NULL };
	char *mac = NULL, *low = xstrdup(host);
	int rc = -1, lock = -1;

	memset(&px, 0, sizeof(px));
	px.o = &o;
	if (!path_exists(outdir)) {
		log_error("%s: no such PXE tree (the -o of `xeninfn pxe`)",
		    outdir);
		goto out;
	}
	if ((lock = lock_tree(outdir)) < 0)
		goto out;
	for (char *c = low; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c |= 0x20;
	if ((mac = mac_of(outdir, host, &px)) == NULL ||
	    read_done(outdir, &px) != 0)
		goto out;
	if (done) {
		px.done = xrealloc(px.done, (px.ndone + 1) * sizeof(*px.done));
		px.done[px.ndone++] = xstrdup(low);
	} else
		for (size_t i = 0; i < px.ndone; i++)
			if (strcmp(px.done[i], low) == 0) {
				free(px.done[i]);
				px.done[i] = px.done[--px.ndone];
				px.done[px.ndone] = NULL;
				i--;
			}
	if (px.ndone > 0)
		qsort(px.done, px.ndone, sizeof(*px.done), cmp_str);
	/* The record first: should switching fail, the next pxe_write
	 * switches the host (a switch without a record would be undone by
	 * it, and the host installed again over its disk). */
	rc = write_done(outdir, px.done, px.ndone);
	if (rc == 0 && done)
		rc = switch_to_local(outdir, mac);
	if (rc == 0 && done)
		log_info("%s: %s (%s) now boots from its local disk", outdir,
		    host, mac);
out:
	if (lock >= 0)
		close(lock);
	free(low);
	free(mac);
	pxe_free_state(&px);
	return rc;
}
