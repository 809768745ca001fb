/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch-uses.c: fetch_remember, one round of revalidation for a known
 * tree.  A run notes the network URLs it used in a list in the cache; the
 * next run for the same key asks about all of them at once (conditional
 * requests, in parallel) and fetch_all takes each answer once.
 */
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-cache.h"
#include "fetch-int.h"

#define FETCH_REMEMBER_MAX	256	/* URLs revalidated at once */

/* Notes that this run used item, for uses_save (fetch-int.h). */
void
uses_note(struct fetcher *f, const struct fetch_item *item)
{
	struct fetch_item *u;

	if (f->uses_path == NULL || f->revalidating)
		return;
	for (size_t i = 0; i < f->nused; i++)
		if (strcmp(f->used[i].url, item->url) == 0)
			return;
	f->used = realloc_n(f->used, f->nused + 1, sizeof(*f->used));
	u = &f->used[f->nused++];
	memset(u, 0, sizeof(*u));
	u->url = xstrdup(item->url);
	u->max_size = item->max_size;
}

/* Writes the URLs this run used for the next run (fetch-int.h). */
void
uses_save(struct fetcher *f)
{
	struct buf b = BUF_INIT;
	int was;

	if (f->uses_path == NULL || f->nused == 0)
		return;
	for (size_t i = 0; i < f->nused; i++)
		buf_printf(&b, "%zu %s\n", f->used[i].max_size, f->used[i].url);
	/* Not synced: a crash that loses it costs the next run a round. */
	was = fileio_set_durable(0);
	(void)write_file_atomic(f->uses_path, b.data, b.len, 0644);
	fileio_set_durable(was);
	buf_free(&b);
}

/* Reads the list at path into items (caller frees them and their URLs):
 * "MAX_SIZE URL" lines.  Returns how many; 0 when there is none. */
static size_t
uses_read(const char *path, struct fetch_item **items)
{
	struct buf b = BUF_INIT;
	char *line, *next, *sp;
	size_t n = 0;

	*items = NULL;
	if (!path_exists(path) || read_file(path, 1 << 20, &b) != 0)
		goto out;
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if ((sp = strchr(line, ' ')) == NULL || sp[1] == '\0' ||
		    n >= FETCH_REMEMBER_MAX)
			continue;
		*items = realloc_n(*items, n + 1, sizeof(**items));
		memset(&(*items)[n], 0, sizeof(**items));
		(*items)[n].max_size = strtoull(line, NULL, 10);
		(*items)[n].optional = 1;
		(*items)[n].url = xstrdup(sp + 1);
		n++;
	}
out:
	buf_free(&b);
	return n;
}

size_t
fetch_remember(struct fetcher *f, const char *key)
{
	char *k = xasprintf("uses %s", key);
	struct cache_names n;
	int parallel = f->opts.parallel, retries = f->opts.retries;

	if (f->uses_path != NULL)
		goto out;
	cache_names_for(f->cache_dir, k, &n);
	f->uses_path = xasprintf("%s.uses", n.file);
	cache_names_free(&n);
	if ((f->nearly = uses_read(f->uses_path, &f->early)) == 0)
		goto out;
	/* Every conditional request at once: one round trip (plus the
	 * connections'), however many files the tree has. */
	f->revalidating = 1;
	f->opts.parallel = (int)f->nearly > parallel ? (int)f->nearly :
	    parallel;
	f->opts.retries = 0;
	(void)fetch_all(f, f->early, f->nearly);
	f->revalidating = 0;
	f->opts.parallel = parallel;
	f->opts.retries = retries;
out:
	free(k);
	return f->nearly;
}

/* Fills item from the revalidation round, once (fetch-int.h). */
int
take_early(struct fetcher *f, struct fetch_item *item)
{
	struct fetch_item *e;
	struct stat st;

	for (size_t i = 0; i < f->nearly; i++) {
		e = &f->early[i];
		if (strcmp(e->url, item->url) != 0 ||
		    (e->path == NULL && !e->missing) ||
		    (e->missing && !item->optional))
			continue;
		/* Asked with another limit: the file must meet this one. */
		if (e->path != NULL && item->max_size != 0 &&
		    (stat(e->path, &st) != 0 ||
		    (uint64_t)st.st_size > item->max_size))
			continue;
		item->path = e->path;
		item->sha256 = e->sha256;
		item->missing = e->missing;
		item->transferred = e->transferred;
		e->path = e->sha256 = NULL;
		e->missing = 0;
		return 1;
	}
	return 0;
}
