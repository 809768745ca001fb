/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch-int.h: what the files of the fetcher share, and nobody else uses.
 *
 *   fetch.c        the fetcher: its options, the cache's lock, confined
 *                  trees, fetch_forget, and fetch_all, which hands each
 *                  URL to one of the others
 *   fetch-local.c  file:// URLs read in place, and the digests the cache
 *                  knows (a file hashed again only when it changed)
 *   fetch-xfer.c   the libcurl callbacks, one attempt of a transfer, the
 *                  end of an attempt (commit, retry, failure advice) and
 *                  the loop over every transfer (stalls, signals)
 *   fetch-uses.c   fetch_remember: one round of revalidation for a known
 *                  tree, from the URLs its last run used
 *   fetch-ahead.c  fetch_ahead: transfers started before a step asks for
 *                  them (guesses of a tree's files), taken over by the
 *                  fetch_all that asks for the same URL
 */
#ifndef XENINFN_FETCH_INT_H
#define XENINFN_FETCH_INT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <curl/curl.h>

#include "fetch.h"
#include "fetch-cache.h"

#define DEFAULT_MAX_SIZE	(4ULL << 30)	/* fetch_item max_size 0 */

struct fetcher {
	char			*cache_dir;
	char			*ca_file;	/* or NULL */
	int			 lock_fd;	/* holds the cache's .lock */
	struct fetch_opts	 opts;
	CURLM			*multi;		/* NULL until fetch_curl_init */
	char			**roots;	/* fetch_confine's directories */
	size_t			 nroots;
	int			 stall_said;	/* the first stall was said */
	/* fetch_remember: where the URLs of this run go, what they are, and
	 * the answers of the revalidation round, each taken once */
	char			*uses_path;
	struct fetch_item	*used;
	size_t			 nused;
	struct fetch_item	*early;
	size_t			 nearly;
	int			 revalidating;	/* that round is under way */
	/* fetch_ahead: transfers under way that no fetch_all took yet */
	struct xfer		**ahead;
	size_t			 nahead;
};

enum xfer_state { XF_WAITING, XF_RUNNING, XF_DONE, XF_FAILED };

struct xfer {
	struct fetch_item	*item;		/* the caller's, or own */
	struct fetch_item	 own;		/* fetch_ahead's (its URL) */
	int			 quiet;		/* fetch_ahead's, not taken:
						   one try, no message */
	int			 slot;		/* index, for the progress */
	enum xfer_state		 state;
	int			 attempts;
	struct timespec		 not_before;
	struct cache_names	 names;
	struct cache_meta	 cached;	/* valid when has_cached */
	int			 has_cached;
	uint64_t		 resume_from;	/* bytes already in .part */
	int			 is_http;
	CURL			*easy;
	struct curl_slist	*headers;
	FILE			*fp;
	uint64_t		 received;	/* body bytes this attempt */
	uint64_t		 error_body;	/* of a 4xx/5xx, dropped */
	struct timespec		 last_data;	/* start, or the last byte */
	uint64_t		 max_size;
	int			 too_big;
	int			 write_failed;
	int			 bad_range;	/* a 206 we cannot use */
	uint64_t		 range_start;	/* from Content-Range */
	char			*etag;		/* of the current response */
	char			*last_modified;
	void			*hash;		/* sha256 of the body from
						   byte 0 on, or NULL */
	char			 errbuf[CURL_ERROR_SIZE];
	struct progress		*progress;
};

/* ---- fetch.c ---- */
/* Initialises libcurl and f->multi, on the first transfer over the network
 * (not before: see fetch.c).  Returns 0, or -1 after a message. */
int	 fetch_curl_init(struct fetcher *f);

/* ---- fetch-local.c ---- */
/*
 * The sha256 of the file at path (caller frees): m->sha256 when the file's
 * identity (file_ident) is still m->ident, the one it was computed from;
 * else computed, and then recorded in m and written to meta with the
 * file's identity (when nothing changed the file while it was read, and,
 * with must_match, a cached copy, only when it is m->sha256, a damaged
 * copy is never vouched for, and once the file is synced to disk).
 * NULL after a message.
 */
char	*digest_known(const char *path, struct cache_meta *m, const char *meta,
	    int must_match);
/* Fills item from the local file of its file:// URL, no larger than max
 * and inside the trees of fetch_confine: path and sha256 (through the
 * digest the cache recorded), or missing when it is absent and optional.
 * Returns 0, or -1 after a message. */
int	 fetch_local(const struct fetcher *f, struct fetch_item *item,
	    uint64_t max);

/* ---- fetch-xfer.c ---- */
/* A transfer of item (network URL) into the cache, WAITING (caller frees
 * with xfer_free). */
struct xfer *xfer_new(struct fetcher *f, struct fetch_item *item,
	    uint64_t max_size);
void	 xfer_free(struct xfer *x);
/* Forgets what the previous attempt left in x: its handle, headers, open
 * .part and the validators of its response. */
void	 xfer_reset(struct xfer *x);
/* Stops x where it is, if it runs (what came stays in the .part, with its
 * .pmeta, for a resume). */
void	 xfer_stop(struct fetcher *f, struct xfer *x);
/* Runs the transfers xs[0..n) that are WAITING until every one is DONE
 * or FAILED (a failure said), or a signal came (then stops them all
 * within a quarter of a second, keeping what came for a resume).  The
 * transfers of fetch_ahead go on meanwhile, after these. */
void	 run_transfers(struct fetcher *f, struct xfer **xs, size_t n);

/* ---- fetch-ahead.c ---- */
/* The transfer fetch_ahead started for item's URL, taken out of the
 * fetcher's list for fetch_all (item then belongs to it), or NULL:
 * none, or one that cannot answer for item (failed, absent but needed,
 * larger than item allows), which is dropped. */
struct xfer *ahead_take(struct fetcher *f, struct fetch_item *item,
	    uint64_t max_size);
/* Stops and frees every transfer of fetch_ahead (fetcher_free). */
void	 ahead_free(struct fetcher *f);

/* ---- fetch-uses.c ---- */
/* Notes that this run used item (a network URL), for uses_save; nothing
 * before fetch_remember or during its round. */
void	 uses_note(struct fetcher *f, const struct fetch_item *item);
/* Writes the URLs this run used to the list fetch_remember read, for
 * the next run (atomically; a failure only costs that run a round). */
void	 uses_save(struct fetcher *f);
/* Fills item from the revalidation round when it answered for the URL
 * (once: a later fetch_all of the same URL asks the server again).
 * Returns 1 if it did. */
int	 take_early(struct fetcher *f, struct fetch_item *item);

#endif
