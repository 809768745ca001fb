/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch.c: downloads into the cache through libcurl's multi interface.
 *
 * Each URL gets a transfer (struct xfer) that goes WAITING -> RUNNING ->
 * DONE or FAILED; a transient failure (no connection, a timeout, a 5xx, a
 * body cut short) sends it back to WAITING with a time before which it may
 * not start again, doubling each time.  A cached copy is revalidated with
 * If-None-Match / If-Modified-Since (FTP: MDTM), so an unchanged file is
 * not sent again; a .part left by an interrupted run is resumed with Range
 * when the server answers 206 for the same entity, else restarted.
 * file:// URLs are read in place.  docs/fetch.md tells the whole story.
 *
 * This file holds the fetcher (its options, the cache's lock, confined
 * trees) and fetch_all; fetch-int.h names the files that do the rest.
 */
#include <sys/stat.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <curl/curl.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-cache.h"
#include "fetch-int.h"
#include "progress.h"
#include "settings.h"

#define DEFAULT_PARALLEL	8
#define DEFAULT_CONNECT_TIMEOUT	30
#define DEFAULT_STALL_TIMEOUT	60
#define DEFAULT_RETRIES		4
#define DEFAULT_BACKOFF_MS	1000

char *
fetch_default_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct passwd *pw;

	if (xdg != NULL && *xdg == '/')
		return path_join(xdg, "xeninfn");
	if ((home == NULL || *home != '/') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL || *home != '/')
		return xstrdup("/tmp/xeninfn-cache");
	return xasprintf("%s/.cache/xeninfn", home);
}

/*
 * Takes the cache's lock for the life of f, so that two builds sharing a
 * cache never write the same .part at once nor replace a file the other
 * has checked and is still reading; a second build waits, and says so.
 * Returns 0, or -1 after a message.
 */
static int
cache_lock(struct fetcher *f)
{
	char *path = path_join(f->cache_dir, ".lock");
	char *busy = xasprintf("waiting for the cache %s: another xeninfn is "
	    "using it (give each concurrent build its own --cache DIR to run "
	    "them side by side)", f->cache_dir);

	f->lock_fd = lock_wait(path, busy);
	free(busy);
	free(path);
	return f->lock_fd < 0 ? -1 : 0;
}

void
fetch_opts_init(struct fetch_opts *o, const struct fetch_settings *fs,
    const char *cache_dir)
{
	memset(o, 0, sizeof(*o));
	o->cache_dir = cache_dir;
	o->retries = -1;
	if (fs != NULL) {
		o->ca_file = fs->ca_file;
		o->stall_timeout = fs->stall_timeout;
		o->retries = fs->tries - 1;
	}
}

struct fetcher *
fetcher_new(const struct fetch_opts *o)
{
	struct fetcher *f = xcalloc(1, sizeof(*f));
	struct fetch_opts def = { 0 };

	f->lock_fd = -1;
	if (o == NULL) {
		def.retries = -1;
		o = &def;
	}
	f->opts = *o;
	f->cache_dir = o->cache_dir ? xstrdup(o->cache_dir) :
	    fetch_default_cache_dir();
	f->opts.cache_dir = f->cache_dir;
	if (o->ca_file != NULL) {
		f->ca_file = xstrdup(o->ca_file);
		f->opts.ca_file = f->ca_file;
		if (access(f->ca_file, R_OK) != 0) {
			log_error("fetch.ca_file: %s: %s: name a readable PEM "
			    "file of CA certificates", f->ca_file,
			    strerror(errno));
			goto fail;
		}
	}
	if (f->opts.parallel <= 0)
		f->opts.parallel = DEFAULT_PARALLEL;
	if (f->opts.connect_timeout <= 0)
		f->opts.connect_timeout = DEFAULT_CONNECT_TIMEOUT;
	if (f->opts.stall_timeout <= 0)
		f->opts.stall_timeout = DEFAULT_STALL_TIMEOUT;
	if (f->opts.retries < 0)
		f->opts.retries = DEFAULT_RETRIES;
	if (f->opts.backoff_ms <= 0)
		f->opts.backoff_ms = DEFAULT_BACKOFF_MS;
	if (mkdirs(f->cache_dir, 0755) != 0 ||
	    access(f->cache_dir, W_OK | X_OK) != 0) {
		log_error("cache directory %s is not writable: choose another "
		    "with --cache DIR", f->cache_dir);
		goto fail;
	}
	if (cache_lock(f) != 0)
		goto fail;
	return f;
fail:
	fetcher_free(f);
	return NULL;
}

/*
 * libcurl is initialised with the first transfer over the network, not
 * with the fetcher: a run whose files are all file:// URLs never loads it,
 * nor OpenSSL, which reads its configuration then (builder/lazy.c).
 */
int
fetch_curl_init(struct fetcher *f)
{
	if (f->multi != NULL)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (f->multi = curl_multi_init()) == NULL) {
		log_error("cannot initialise libcurl");
		return -1;
	}
	return 0;
}

void
fetcher_free(struct fetcher *f)
{
	if (f == NULL)
		return;
	uses_save(f);
	ahead_free(f);
	for (size_t i = 0; i < f->nused; i++)
		free((char *)f->used[i].url);
	free(f->used);
	fetch_items_clear(f->early, f->nearly);
	for (size_t i = 0; i < f->nearly; i++)
		free((char *)f->early[i].url);
	free(f->early);
	free(f->uses_path);
	if (f->multi != NULL)
		curl_multi_cleanup(f->multi);
	if (f->lock_fd >= 0)
		close(f->lock_fd);
	for (size_t i = 0; i < f->nroots; i++)
		free(f->roots[i]);
	free(f->roots);
	free(f->cache_dir);
	free(f->ca_file);
	free(f);
}

const char *
fetch_cache_dir(const struct fetcher *f)
{
	return f->cache_dir;
}

void
fetch_confine(struct fetcher *f, const char *url)
{
	char *dir;

	if (strncasecmp(url, "file:", 5) != 0 ||
	    (dir = file_url_path(url)) == NULL)
		return;
	f->roots = realloc_n(f->roots, f->nroots + 1, sizeof(*f->roots));
	f->roots[f->nroots++] = dir;
}

void
fetch_items_clear(struct fetch_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].path);
		free(items[i].sha256);
		items[i].path = items[i].sha256 = NULL;
		items[i].missing = items[i].transferred = 0;
	}
}

void
fetch_forget(struct fetcher *f, const char *url)
{
	struct cache_names n;

	fetch_ahead_cancel(f, url);
	for (size_t i = 0; i < f->nearly; i++)
		if (strcmp(f->early[i].url, url) == 0) {
			fetch_items_clear(&f->early[i], 1);
			f->early[i].missing = 0;
		}
	cache_names_for(f->cache_dir, url, &n);
	unlink(n.meta);	/* a file:// URL's: the digest of its file */
	if (strncasecmp(url, "file:", 5) == 0) {
		cache_names_free(&n);
		return;
	}
	unlink(n.file);
	unlink(n.part);
	unlink(n.pmeta);
	cache_names_free(&n);
}

/* The transfer of a network item for fetch_all: the one fetch_ahead
 * started for its URL, else a new one.  NULL when the revalidation round
 * answered for it already (item filled). */
static struct xfer *
network_xfer(struct fetcher *f, struct fetch_item *item, uint64_t max,
    struct progress *pg, int slot)
{
	struct xfer *x;
	struct stat st;

	uses_note(f, item);
	if (take_early(f, item))
		return NULL;
	if ((x = ahead_take(f, item, max)) == NULL)
		x = xfer_new(f, item, max);
	x->progress = pg;
	x->slot = slot;
	if (x->state == XF_DONE && item->path != NULL)
		progress_done(pg, slot, item->transferred ? "fetched" :
		    "unchanged", item->url, stat(item->path, &st) == 0 ?
		    (uint64_t)st.st_size : 0);
	return x;
}

int
fetch_all(struct fetcher *f, struct fetch_item *items, size_t n)
{
	struct xfer **xs = xcalloc(n > 0 ? n : 1, sizeof(*xs));
	struct progress *pg;
	size_t nx = 0;
	int rc = 0, tty = f->opts.progress_tty;

	pg = progress_new((int)n, tty == 1 ? 1 : tty == 2 ? 0 : -1);
	for (size_t i = 0; i < n; i++) {
		uint64_t max = items[i].max_size ? items[i].max_size :
		    DEFAULT_MAX_SIZE;

		fetch_items_clear(&items[i], 1);
		if (strncasecmp(items[i].url, "file:", 5) == 0) {
			if (fetch_local(f, &items[i], max) != 0)
				rc = -1;
			continue;
		}
		if ((xs[nx] = network_xfer(f, &items[i], max, pg,
		    (int)i)) != NULL)
			nx++;
	}
	run_transfers(f, xs, nx);
	progress_free(pg);
	for (size_t i = 0; i < nx; i++) {
		if (xs[i]->state != XF_DONE)
			rc = -1;
		xfer_free(xs[i]);
	}
	free(xs);
	return rc;
}
