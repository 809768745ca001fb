/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch.h: downloads through libcurl (http, https, ftp, file) into a cache
 * directory, with conditional requests, retries with backoff, timeouts,
 * resume of partial files and parallel transfers.
 */
#ifndef XENINFN_FETCH_H
#define XENINFN_FETCH_H
#include <stddef.h>

struct fetcher;

struct fetch_opts {
	const char	*cache_dir;	/* NULL: fetch_default_cache_dir() */
	int		 parallel;	/* transfers at once; 0: default (4) */
	long		 connect_timeout; /* seconds; 0: default */
	long		 stall_timeout;	/* seconds without a byte; 0: default */
	int		 retries;	/* on transient failures; -1: default */
	long		 backoff_ms;	/* first retry delay, doubled each
					   time; 0: default (1000) */
	int		 progress_tty;	/* -1/0: ask isatty(2); 1: meter;
					   2: never a meter */
	const char	*ca_file;	/* PEM bundle trusted for https in
					   place of the system's; NULL:
					   the system's */
};

struct fetch_item {
	const char	*url;		/* in */
	size_t		 max_size;	/* in: refuse larger bodies; 0: 4 GiB */
	int		 optional;	/* in: a 404 is not an error */
	char		*path;		/* out: the cached file (caller frees) */
	char		*sha256;	/* out: hex, of the cached file (frees) */
	int		 missing;	/* out: optional and absent (404) */
	int		 transferred;	/* out: bytes came over the wire */
};

struct fetch_settings;
/* Sets o to the defaults, with cache_dir (NULL: the default cache) and
 * the profile's fetch settings (settings.h; NULL: the built-in defaults);
 * o points into their profile, which must outlive it. */
void		 fetch_opts_init(struct fetch_opts *o,
		    const struct fetch_settings *fs, const char *cache_dir);
/* $XDG_CACHE_HOME/xeninfn, else ~/.cache/xeninfn; the caller frees it. */
char		*fetch_default_cache_dir(void);
/* A fetcher; NULL after a message (e.g. cache not writable). */
struct fetcher	*fetcher_new(const struct fetch_opts *);
void		 fetcher_free(struct fetcher *);
/*
 * Fetches every item, in parallel, into the cache.  A cached copy is
 * revalidated (ETag / Last-Modified) so an unchanged file is not sent
 * again.  Returns 0 when every non-optional item is in the cache, else -1
 * after printing one message per failed URL saying what to do.
 */
int		 fetch_all(struct fetcher *, struct fetch_item *, size_t n);
/* Drops the cached copy of url (a file that failed verification), so the
 * next fetch_all transfers it again.  For a file:// URL only the digest
 * the cache recorded of its file is dropped (it is computed again); the
 * file itself is never touched. */
void		 fetch_forget(struct fetcher *, const char *url);
/*
 * Revalidates at once, in one parallel round, every network URL that the
 * last fetcher given the same key (a tree's URL) used, and records the
 * URLs this one uses for the next (in the cache: HASH.uses, written by
 * fetcher_free).  The later fetch_all of those URLs take the round's
 * answers (each once) instead of asking again, so a known tree is
 * revalidated in one round trip however its requests depend on each
 * other (repomd.xml, then primary and comps).  What failed in the round
 * is asked for again by the fetch_all that needs it, which says what
 * went wrong.  Call once, before the first fetch_all of the key.
 * Returns how many URLs the last fetcher used (0: the key is new here).
 */
size_t		 fetch_remember(struct fetcher *, const char *key);
/*
 * Starts fetching items now, without waiting for them: the files a later
 * step will probably ask for (a guess of a tree's layout, the repodata a
 * repomd.xml names).  They run while fetch_all runs, after its own
 * transfers, and a later fetch_all of the same URL takes its transfer
 * over, waiting for it if it still runs, instead of asking again; what
 * it gets is checked as anything else fetch_all gives.  A guess is tried
 * once and says nothing: a 404 makes it absent (taken only by an
 * optional item), any other failure is asked again by the fetch_all that
 * needs the URL, with the usual retries and messages.  file:// URLs,
 * URLs already started and URLs that fetch_remember answered are left
 * out; item fields other than url and max_size are not used.
 */
void		 fetch_ahead(struct fetcher *, const struct fetch_item *,
		    size_t n);
/* Stops the transfer fetch_ahead started for url (for every URL when url
 * is NULL) that no fetch_all took: a guess that proved wrong.  What came
 * of it stays in the cache's .part, for a resume if it is ever asked. */
void		 fetch_ahead_cancel(struct fetcher *, const char *url);
/* Confines the file:// URLs under url (a directory URL ending in "/"):
 * from now on such a file is read only when, with its links resolved, it
 * lies inside that directory; a link that leads out is refused with a
 * message naming the file.  Other URLs are not affected. */
void		 fetch_confine(struct fetcher *, const char *url);
/* The cache directory of f (owned by f). */
const char	*fetch_cache_dir(const struct fetcher *);
/* Frees the out fields of items. */
void		 fetch_items_clear(struct fetch_item *, size_t n);
#endif
