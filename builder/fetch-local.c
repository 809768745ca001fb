/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch-local.c: file:// URLs, read in place (no copy in the cache, only
 * the digest of the file, recomputed when the file's identity changes),
 * and the trees fetch_confine keeps their links inside.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-cache.h"
#include "fetch-int.h"

/* 0 if path may be read: it lies in no confined directory, or stays
 * inside it with its links resolved; else -1 after a message. */
static int
check_confined(const struct fetcher *f, const struct fetch_item *item,
    const char *path)
{
	for (size_t i = 0; i < f->nroots; i++) {
		const char *d = f->roots[i];
		size_t n = strlen(d);

		while (n > 1 && d[n - 1] == '/')
			n--;
		if (strncmp(path, d, n) != 0 || path[n] != '/')
			continue;
		if (!path_inside(d, path)) {
			log_error("%s: %s: a link that leads out of the "
			    "tree %s (refused: copy the file into the tree "
			    "instead)", item->url, path + n + 1, d);
			return -1;
		}
	}
	return 0;
}

/* The sha256 of the file at path through m (fetch-int.h). */
char *
digest_known(const char *path, struct cache_meta *m, const char *meta,
    int must_match)
{
	char *before = file_ident(path), *after = NULL, *sum = NULL;

	if (before != NULL && m->sha256 != NULL && m->ident != NULL &&
	    strcmp(m->ident, before) == 0) {
		sum = xstrdup(m->sha256);
		goto out;
	}
	if ((sum = digest_file_hex(DIGEST_SHA256, path)) == NULL)
		goto out;
	if (must_match && (m->sha256 == NULL || strcmp(m->sha256, sum) != 0))
		goto out;
	after = file_ident(path);
	/* A cached copy is written without waiting for the disk: its
	 * identity vouches for the bytes only once they are there. */
	if (before != NULL && after != NULL && strcmp(before, after) == 0 &&
	    (!must_match || sync_file(path) == 0)) {
		free(m->sha256);
		free(m->ident);
		m->sha256 = xstrdup(sum);
		m->ident = after;
		after = NULL;
		(void)cache_meta_write(meta, m);
	}
out:
	free(before);
	free(after);
	return sum;
}

/* The sha256 of a file:// URL's file at path (stat'ed as st), through the
 * digest the cache recorded for it.  NULL after a message. */
static char *
local_digest(const struct fetcher *f, const char *url, const char *path,
    const struct stat *st)
{
	struct cache_names n;
	struct cache_meta m;
	char *sum;

	cache_names_for(f->cache_dir, url, &n);
	if (cache_meta_read(n.meta, &m) != 0 || strcmp(m.url, url) != 0) {
		cache_meta_free(&m);
		m.url = xstrdup(url);
	}
	m.size = (uint64_t)st->st_size;
	sum = digest_known(path, &m, n.meta, 0);
	cache_meta_free(&m);
	cache_names_free(&n);
	return sum;
}

/* Fills item from a local file (fetch-int.h). */
int
fetch_local(const struct fetcher *f, struct fetch_item *item, uint64_t max)
{
	char *path = file_url_path(item->url);
	struct stat st;
	int rc = -1;

	if (path == NULL)
		goto out;
	if (lstat(path, &st) == 0 && check_confined(f, item, path) != 0)
		goto out;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT && item->optional) {
			item->missing = 1;
			rc = 0;
		} else
			log_errno("%s: cannot read %s: check the URL", item->url,
			    path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		log_error("%s: %s is not a regular file", item->url, path);
		goto out;
	}
	if ((uint64_t)st.st_size > max) {
		log_error("%s: %lld bytes, more than the limit of %llu: is "
		    "this the right file?", item->url, (long long)st.st_size,
		    (unsigned long long)max);
		goto out;
	}
	if ((item->sha256 = local_digest(f, item->url, path, &st)) == NULL)
		goto out;
	item->path = path;
	path = NULL;
	rc = 0;
out:
	free(path);
	return rc;
}
