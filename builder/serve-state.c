/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * serve-state.c: what `xeninfn serve` knows of a tree's hosts.
 *
 * The hosts are those of the tree's manifest (written by xeninfn pxe),
 * with their tokens (hosttoken.c) and the list of installed hosts; all
 * three are read again whenever one of them changes, so a re-run of
 * `xeninfn pxe`, a `--done` or a `--reinstall` shows at once.  What
 * serve records of a host is in TREE/.xeninfn-serve/NAME, one file a
 * host, replaced atomically (and durably) before a call is answered: a
 * killed serve loses nothing it acknowledged, and a new one starts from
 * there.
 *
 *   # xeninfn serve host 1
 *   state installing          waiting, installing, installed, failed
 *   addr 10.0.0.21
 *   vtcheck capable
 *   error ...
 *   event EPOCH NAME DETAIL   (the last EVENTS_KEPT, oldest first)
 */
#include <sys/stat.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "xeninfn.h"
#include "hosttoken.h"
#include "pxe.h"
#include "pxe-state.h"
#include "serve.h"

#define STATE_DIR	".xeninfn-serve"
#define STATE_MAGIC	"# xeninfn serve host 1"
#define EVENTS_KEPT	32
#define DETAIL_MAX	512

enum hstate { HS_WAITING, HS_INSTALLING, HS_INSTALLED, HS_FAILED, HS_N };
static const char *const state_names[HS_N] = {
	"waiting", "installing", "installed", "failed",
};

struct event {
	long long	 t;
	char		*name, *detail;
};

struct host_rec {
	char		*name, *mac;		/* name lower case */
	char		*addr, *vtcheck, *error;
	enum hstate	 state;
	struct event	 ev[EVENTS_KEPT];	/* a ring from first */
	size_t		 nev, first;
	int		 moved;		/* taken over by a new table */
};

/* What identifies a version of one of the tree's files. */
struct fstamp {
	long long	 ino, size, mtime_ns;
	int		 exists;
};

struct serve_state {
	char		*dir, *state_dir;
	pthread_mutex_t	 mu;
	struct host_rec	*h;			/* sorted by name */
	size_t		 n;
	struct host_tokens *tokens;
	struct fstamp	 manifest, tokens_st, done;
};

/* ---- small helpers ---- */

/* s copied with control bytes turned to spaces, at most max bytes (the
 * caller frees); NULL gives "". */
static char *
clean_text(const char *s, size_t max)
{
	const char *t = s ? s : "";
	char *c = xstrndup(t, strnlen(t, max));

	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

/* Replaces *slot with a copy of v (NULL clears it). */
static void
set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = v ? clean_text(v, DETAIL_MAX) : NULL;
}

/* The stamp of path now. */
static struct fstamp
stamp_of(const char *path)
{
	struct fstamp f = { 0, 0, 0, 0 };
	struct stat st;

	if (stat(path, &st) == 0)
		f = (struct fstamp){ (long long)st.st_ino,
		    (long long)st.st_size, (long long)st.st_mtim.tv_sec *
		    1000000000LL + st.st_mtim.tv_nsec, 1 };
	return f;
}

static int
stamp_same(const struct fstamp *a, const struct fstamp *b)
{
	return a->exists == b->exists && a->ino == b->ino &&
	    a->size == b->size && a->mtime_ns == b->mtime_ns;
}

static int
cmp_rec(const void *a, const void *b)
{
	return strcmp(((const struct host_rec *)a)->name,
	    ((const struct host_rec *)b)->name);
}

/* Host name's record (case-insensitive), or NULL. */
static struct host_rec *
find(struct serve_state *st, const char *name)
{
	char low[256];
	struct host_rec key;
	size_t i;

	for (i = 0; name[i] && i < sizeof(low) - 1; i++)
		low[i] = (name[i] >= 'A' && name[i] <= 'Z') ? name[i] | 0x20 :
		    name[i];
	low[i] = '\0';
	key.name = low;
	return st->n ? bsearch(&key, st->h, st->n, sizeof(*st->h), cmp_rec) :
	    NULL;
}

/* Appends an event to r's ring. */
static void
add_event(struct host_rec *r, long long t, const char *name,
    const char *detail)
{
	struct event *e;

	if (r->nev == EVENTS_KEPT) {
		e = &r->ev[r->first];
		free(e->name);
		free(e->detail);
		r->first = (r->first + 1) % EVENTS_KEPT;
		r->nev--;
	}
	e = &r->ev[(r->first + r->nev) % EVENTS_KEPT];
	e->t = t;
	e->name = clean_text(name, 32);
	e->detail = clean_text(detail, DETAIL_MAX);
	r->nev++;
}

/* r's last event, or NULL. */
static const struct event *
last_event(const struct host_rec *r)
{
	return r->nev ? &r->ev[(r->first + r->nev - 1) % EVENTS_KEPT] : NULL;
}

/* Frees what r holds (not r). */
static void
rec_free(struct host_rec *r)
{
	for (size_t i = 0; i < r->nev; i++) {
		free(r->ev[(r->first + i) % EVENTS_KEPT].name);
		free(r->ev[(r->first + i) % EVENTS_KEPT].detail);
	}
	free(r->name);
	free(r->mac);
	free(r->addr);
	free(r->vtcheck);
	free(r->error);
}

/* ---- one host's file ---- */

/* One line of a host's file into r. */
static void
rec_line(struct host_rec *r, char *line)
{
	char *v = strchr(line, ' '), *sp;
	long long t;

	if (v == NULL || *line == '#')
		return;
	*v++ = '\0';
	if (strcmp(line, "state") == 0) {
		for (int i = 0; i < HS_N; i++)
			if (strcmp(v, state_names[i]) == 0)
				r->state = (enum hstate)i;
	} else if (strcmp(line, "addr") == 0)
		set_str(&r->addr, v);
	else if (strcmp(line, "vtcheck") == 0)
		set_str(&r->vtcheck, v);
	else if (strcmp(line, "error") == 0)
		set_str(&r->error, v);
	else if (strcmp(line, "event") == 0 &&
	    (sp = strchr(v, ' ')) != NULL) {
		*sp++ = '\0';
		t = strtoll(v, NULL, 10);
		v = sp;
		if ((sp = strchr(v, ' ')) != NULL)
			*sp++ = '\0';
		add_event(r, t, v, sp ? sp : "");
	}
}

/* Reads what serve recorded of r before, if anything.  A file that is
 * not ours is left alone (with a warning) and the host starts afresh. */
static void
rec_load(struct serve_state *st, struct host_rec *r)
{
	char *path = path_join(st->state_dir, r->name), *line, *next;
	struct buf b = BUF_INIT;

	if (!path_exists(path) || read_file(path, 1 << 20, &b) != 0)
		goto out;
	buf_adds(&b, "");
	if (strncmp(b.data, STATE_MAGIC "\n", sizeof(STATE_MAGIC)) != 0) {
		log_warn("%s: not a host file of xeninfn serve: ignored", path);
		goto out;
	}
	for (line = b.data; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		rec_line(r, line);
	}
out:
	buf_free(&b);
	free(path);
}

/* Writes r's file atomically and durably.  0, or -1 after a message. */
static int
rec_save(struct serve_state *st, const struct host_rec *r)
{
	char *path = path_join(st->state_dir, r->name);
	struct buf b = BUF_INIT;
	int rc;

	buf_printf(&b, "%s\nstate %s\n", STATE_MAGIC, state_names[r->state]);
	if (r->addr)
		buf_printf(&b, "addr %s\n", r->addr);
	if (r->vtcheck)
		buf_printf(&b, "vtcheck %s\n", r->vtcheck);
	if (r->error)
		buf_printf(&b, "error %s\n", r->error);
	for (size_t i = 0; i < r->nev; i++) {
		const struct event *e = &r->ev[(r->first + i) % EVENTS_KEPT];
		buf_printf(&b, "event %lld %s %s\n", e->t, e->name, e->detail);
	}
	rc = write_file_atomic(path, b.data, b.len, 0600);
	buf_free(&b);
	free(path);
	return rc;
}

/* ---- the tree's files ---- */

/* The hosts of the tree's manifest (pxe_manifest_read) into *v (sorted,
 * names lower case, nothing else set); a missing manifest has no hosts.
 * Returns the number, or -1 after a message. */
static long
read_hosts(const char *dir, struct host_rec **v)
{
	struct pxe_state ps;
	long n = -1;

	memset(&ps, 0, sizeof(ps));
	*v = NULL;
	if (pxe_manifest_read(dir, &ps, 0) != 0)
		goto out;
	*v = xcalloc(ps.nold_hosts + 1, sizeof(**v));
	for (n = 0; (size_t)n < ps.nold_hosts; n++) {
		(*v)[n].name = xstrdup(ps.old_hosts[n].name);
		for (char *c = (*v)[n].name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c |= 0x20;
		(*v)[n].mac = xstrdup(ps.old_hosts[n].mac);
	}
	qsort(*v, (size_t)n, sizeof(**v), cmp_rec);
out:
	pxe_state_free(&ps);
	return n;
}

/* Puts r in state s (waiting, or installing) for a new install: what an
 * earlier one left is cleared. */
static void
new_attempt(struct host_rec *r, enum hstate s)
{
	r->state = s;
	set_str(&r->error, NULL);
	set_str(&r->vtcheck, NULL);
}

/* Brings r in line with the list of installed hosts: `xeninfn pxe
 * --done` makes it installed, `--reinstall` waiting again. */
static int
sync_done(struct host_rec *r, const struct pxe_state *done)
{
	int is = pxe_is_done(done, r->name);

	if (is && r->state != HS_INSTALLED) {
		r->state = HS_INSTALLED;
		add_event(r, (long long)time(NULL), "done",
		    "switched to local boot (xeninfn pxe --done)");
		return 1;
	}
	if (!is && r->state == HS_INSTALLED) {
		new_attempt(r, HS_WAITING);
		add_event(r, (long long)time(NULL), "reinstall",
		    "switched back to the installer (xeninfn pxe --reinstall)");
		return 1;
	}
	return 0;
}

/* Reads the tree's hosts, tokens and list of installed hosts again if
 * one of them changed, keeping what is recorded of every host still
 * listed.  Called with st->mu held.  0, or -1 after a message (the
 * previous view stays). */
static int
refresh(struct serve_state *st)
{
	char *mpath = path_join(st->dir, PXE_MANIFEST);
	char *tpath = path_join(st->dir, HOST_TOKENS_FILE);
	char *dpath = path_join(st->dir, PXE_DONE_LIST);
	struct fstamp m = stamp_of(mpath), t = stamp_of(tpath),
	    d = stamp_of(dpath);
	struct host_tokens *tok = NULL;
	struct host_rec *v = NULL, *old;
	struct pxe_state done;
	long n = 0;
	int rc = -1;

	memset(&done, 0, sizeof(done));

	if (stamp_same(&m, &st->manifest) && stamp_same(&t, &st->tokens_st) &&
	    stamp_same(&d, &st->done) && st->h != NULL) {
		rc = 0;
		goto out;
	}
	if ((n = read_hosts(st->dir, &v)) < 0 ||
	    (tok = host_tokens_load(st->dir)) == NULL ||
	    pxe_done_read(st->dir, &done) != 0)
		goto out;
	for (long i = 0; i < n; i++) {
		if ((old = find(st, v[i].name)) != NULL) {
			char *name = v[i].name, *mac = v[i].mac;
			v[i] = *old;
			v[i].name = name;
			v[i].mac = mac;
			old->moved = 1;
		} else
			rec_load(st, &v[i]);
		if (sync_done(&v[i], &done))
			rec_save(st, &v[i]);
	}
	for (size_t i = 0; i < st->n; i++) {
		if (!st->h[i].moved)
			rec_free(&st->h[i]);
		else {
			free(st->h[i].name);
			free(st->h[i].mac);
		}
	}
	free(st->h);
	st->h = v ? v : xcalloc(1, sizeof(*v));
	st->n = (size_t)n;
	v = NULL;
	host_tokens_free(st->tokens);
	st->tokens = tok;
	tok = NULL;
	st->manifest = m, st->tokens_st = t, st->done = d;
	rc = 0;
out:
	for (long i = 0; v != NULL && i < n; i++)
		rec_free(&v[i]);
	free(v);
	host_tokens_free(tok);
	pxe_state_free(&done);
	free(mpath);
	free(tpath);
	free(dpath);
	return rc;
}

struct serve_state *
serve_state_open(const char *dir)
{
	struct serve_state *st = xcalloc(1, sizeof(*st));

	st->dir = xstrdup(dir);
	st->state_dir = path_join(dir, STATE_DIR);
	pthread_mutex_init(&st->mu, NULL);
	if (mkdirs(st->state_dir, 0700) != 0 || refresh(st) != 0) {
		serve_state_free(st);
		return NULL;
	}
	if (st->n == 0)
		log_warn("%s: the tree lists no hosts (run `xeninfn pxe "
		    "--hosts FILE -o %s`): only files are served", dir, dir);
	else if (st->tokens == NULL || host_tokens_find(st->tokens,
	    st->h[0].name) == NULL)
		log_warn("%s: the hosts have no tokens: set pxe.serve_url and "
		    "run `xeninfn pxe` again, or their events are refused",
		    dir);
	return st;
}

void
serve_state_free(struct serve_state *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->n; i++)
		rec_free(&st->h[i]);
	free(st->h);
	host_tokens_free(st->tokens);
	pthread_mutex_destroy(&st->mu);
	free(st->state_dir);
	free(st->dir);
	free(st);
}

size_t
serve_state_count(struct serve_state *st)
{
	size_t n;

	pthread_mutex_lock(&st->mu);
	n = st->n;
	pthread_mutex_unlock(&st->mu);
	return n;
}

/* ---- events ---- */

void
serve_state_ks_fetched(struct serve_state *st, const char *host,
    const char *addr)
{
	struct host_rec *r;

	pthread_mutex_lock(&st->mu);
	refresh(st);
	if ((r = find(st, host)) != NULL) {
		if (r->state != HS_INSTALLED)
			new_attempt(r, HS_INSTALLING);
		set_str(&r->addr, addr);
		add_event(r, (long long)time(NULL), "kickstart",
		    "kickstart fetched");
		rec_save(st, r);
	}
	pthread_mutex_unlock(&st->mu);
}

/* The pxelinux config of r under the tree (caller frees). */
static char *
cfg_path(const struct serve_state *st, const struct host_rec *r)
{
	char *rel = pxe_cfg_rel(r->mac), *p = path_join(st->dir, rel);

	free(rel);
	return p;
}

/* Keeps r's install config (before the switch to local boot) as
 * STATE_DIR/NAME.install-cfg, for a reinstall through the API; a config
 * that already boots locally is not kept. */
static void
keep_install_cfg(struct serve_state *st, const struct host_rec *r)
{
	char *cfg = cfg_path(st, r);
	char *local = xasprintf("%s/tftp/pxelinux.cfg/local", st->dir);
	char *keep = xasprintf("%s/%s.install-cfg", st->state_dir, r->name);
	struct buf a = BUF_INIT, b = BUF_INIT;

	if (read_file(cfg, 64 << 10, &a) == 0 &&
	    read_file(local, 64 << 10, &b) == 0 &&
	    (a.len != b.len || memcmp(a.data, b.data, a.len) != 0))
		write_file_atomic(keep, a.data, a.len, 0644);
	buf_free(&a);
	buf_free(&b);
	free(keep);
	free(local);
	free(cfg);
}

/* The post event: the host's install is over.  Switches it to local
 * boot (pxe_mark_done, under the tree's lock) before it is recorded. */
static int
install_done(struct serve_state *st, struct host_rec *r, const char *detail)
{
	keep_install_cfg(st, r);
	if (pxe_mark_done(st->dir, r->name) != 0)
		return -1;
	r->state = HS_INSTALLED;
	if (detail != NULL && strncmp(detail, "ok", 2) != 0) {
		char *e = xasprintf("post-install %s", detail);
		set_str(&r->error, e);
		free(e);
	}
	return 0;
}

/* Applies event name with detail to r.  0, 1 for an unknown event, or
 * -1 after a message. */
static int
apply_event(struct serve_state *st, struct host_rec *r, const char *name,
    const char *detail)
{
	if (strcmp(name, "pre") == 0 || strcmp(name, "packages") == 0) {
		if (strcmp(name, "pre") == 0 || r->state == HS_WAITING)
			r->state = HS_INSTALLING;
	} else if (strcmp(name, "vtcheck") == 0) {
		set_str(&r->vtcheck, detail);
		if (detail == NULL || strncmp(detail, "capable", 7) != 0) {
			r->state = HS_FAILED;
			set_str(&r->error, detail ? detail : "vtcheck refused");
		}
	} else if (strcmp(name, "error") == 0) {
		r->state = HS_FAILED;
		set_str(&r->error, detail ? detail : "an error");
	} else if (strcmp(name, "post") == 0)
		return install_done(st, r, detail);
	else
		return 1;
	return 0;
}

enum serve_result
serve_state_event(struct serve_state *st, const char *host,
    const char *token, const char *event, const char *detail,
    const char *addr)
{
	enum serve_result res = SR_FAILED;
	struct host_rec *r;
	int a;

	pthread_mutex_lock(&st->mu);
	refresh(st);
	if ((r = find(st, host)) == NULL) {
		res = SR_NO_HOST;
		goto out;
	}
	if (token == NULL || !host_token_equal(token,
	    host_tokens_find(st->tokens, r->name))) {
		res = SR_FORBIDDEN;
		goto out;
	}
	if (event == NULL || (a = apply_event(st, r, event, detail)) == 1) {
		res = SR_BAD_EVENT;
		goto out;
	}
	if (a == 0) {
		set_str(&r->addr, addr);
		add_event(r, (long long)time(NULL), event, detail);
	}
	if (a == 0 && rec_save(st, r) == 0)
		res = SR_OK;
	if (strcmp(event, "post") == 0)
		refresh(st);	/* the done list changed: take it in */
out:
	pthread_mutex_unlock(&st->mu);
	return res;
}

/* Puts back the install config kept by keep_install_cfg, under the
 * tree's lock, unless the host was marked done meanwhile. */
static int
restore_install_cfg(struct serve_state *st, const struct host_rec *r)
{
	char *keep = xasprintf("%s/%s.install-cfg", st->state_dir, r->name);
	char *cfg = NULL;
	struct buf b = BUF_INIT;
	int fd = -1, rc = 0;

	if (!path_exists(keep)) {
		log_warn("%s: no install config kept for %s: run `xeninfn pxe "
		    "--reinstall %s` to write it", st->dir, r->name, r->name);
		goto out;
	}
	rc = -1;
	if ((fd = pxe_lock_tree(st->dir)) < 0 ||
	    read_file(keep, 64 << 10, &b) != 0)
		goto out;
	cfg = cfg_path(st, r);
	rc = write_file_atomic(cfg, b.data ? b.data : "", b.len, 0644);
out:
	if (fd >= 0)
		close(fd);
	buf_free(&b);
	free(cfg);
	free(keep);
	return rc;
}

enum serve_result
serve_state_reinstall(struct serve_state *st, const char *host)
{
	enum serve_result res = SR_FAILED;
	struct host_rec *r;

	pthread_mutex_lock(&st->mu);
	refresh(st);
	if ((r = find(st, host)) == NULL) {
		res = SR_NO_HOST;
		goto out;
	}
	if (pxe_forget_done(st->dir, r->name) != 0 ||
	    restore_install_cfg(st, r) != 0)
		goto out;
	new_attempt(r, HS_WAITING);
	add_event(r, (long long)time(NULL), "reinstall",
	    "switched back to the installer (API)");
	if (rec_save(st, r) == 0)
		res = SR_OK;
	refresh(st);
out:
	pthread_mutex_unlock(&st->mu);
	return res;
}

/* ---- JSON ---- */

/* "YYYY-MM-DDTHH:MM:SSZ" of t into out (size >= 21). */
static void
iso_time(long long t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		snprintf(out, n, "-");
	else
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* "key": "value" (null when v is NULL), with a comma before. */
static void
json_field(struct buf *b, const char *key, const char *v)
{
	buf_printf(b, ", \"%s\": ", key);
	if (v == NULL)
		buf_adds(b, "null");
	else
		json_str(b, v);
}

/* One host as a JSON object; with its events when events != 0. */
static void
rec_json(const struct host_rec *r, struct buf *b, int events)
{
	const struct event *le = last_event(r);
	char when[32];

	buf_adds(b, "{\"name\": ");
	json_str(b, r->name);
	json_field(b, "mac", r->mac);
	json_field(b, "address", r->addr);
	json_field(b, "state", state_names[r->state]);
	json_field(b, "last_event", le ? le->name : NULL);
	if (le)
		iso_time(le->t, when, sizeof(when));
	json_field(b, "last_time", le ? when : NULL);
	json_field(b, "last_detail", le ? le->detail : NULL);
	json_field(b, "vtcheck", r->vtcheck);
	json_field(b, "error", r->error);
	if (events) {
		buf_adds(b, ", \"events\": [");
		for (size_t i = 0; i < r->nev; i++) {
			const struct event *e =
			    &r->ev[(r->first + i) % EVENTS_KEPT];
			iso_time(e->t, when, sizeof(when));
			buf_adds(b, i ? ", {\"time\": " : "{\"time\": ");
			json_str(b, when);
			json_field(b, "event", e->name);
			json_field(b, "detail", e->detail);
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
	}
	buf_addc(b, '}');
}

void
serve_state_hosts_json(struct serve_state *st, struct buf *out)
{
	size_t count[HS_N] = { 0 };

	pthread_mutex_lock(&st->mu);
	refresh(st);
	for (size_t i = 0; i < st->n; i++)
		count[st->h[i].state]++;
	buf_printf(out, "{\"summary\": {\"installed\": %zu, \"installing\": "
	    "%zu, \"waiting\": %zu, \"failed\": %zu, \"total\": %zu},\n"
	    "\"hosts\": [", count[HS_INSTALLED], count[HS_INSTALLING],
	    count[HS_WAITING], count[HS_FAILED], st->n);
	for (size_t i = 0; i < st->n; i++) {
		buf_adds(out, i ? ",\n" : "\n");
		rec_json(&st->h[i], out, 0);
	}
	buf_adds(out, "\n]}\n");
	pthread_mutex_unlock(&st->mu);
}

int
serve_state_host_json(struct serve_state *st, const char *host,
    struct buf *out)
{
	struct host_rec *r;

	pthread_mutex_lock(&st->mu);
	refresh(st);
	if ((r = find(st, host)) != NULL) {
		rec_json(r, out, 1);
		buf_addc(out, '\n');
	}
	pthread_mutex_unlock(&st->mu);
	return r ? 0 : -1;
}
