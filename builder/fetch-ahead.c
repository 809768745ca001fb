/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch-ahead.c: transfers started before a step asks for them.  A tree
 * nobody has seen is read in dependent steps (.treeinfo and .discinfo,
 * then the images and repomd.xml, then the repodata); each step waiting
 * for the one before costs a round trip or two.  fetch_ahead starts the
 * files a later step will probably want (the standard layout's, the
 * repodata a repomd.xml names) at once; they run in the loop of every
 * fetch_all, after its own transfers, and the fetch_all that asks for
 * the same URL takes the transfer over, finished or not, instead of
 * asking again.  What it takes is then checked like anything else it
 * fetches: a guess is only ever an earlier start of the same request.
 */
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-int.h"

/* The index of url's transfer in f->ahead, or -1. */
static ssize_t
ahead_find(const struct fetcher *f, const char *url)
{
	for (size_t i = 0; i < f->nahead; i++)
		if (strcmp(f->ahead[i]->own.url, url) == 0)
			return (ssize_t)i;
	return -1;
}

/* 1 when the revalidation round (fetch_remember) has an answer for url. */
static int
early_answered(const struct fetcher *f, const char *url)
{
	for (size_t i = 0; i < f->nearly; i++)
		if (strcmp(f->early[i].url, url) == 0 &&
		    (f->early[i].path != NULL || f->early[i].missing))
			return 1;
	return 0;
}

/* Takes f->ahead[i] out of the list and returns it. */
static struct xfer *
ahead_remove(struct fetcher *f, size_t i)
{
	struct xfer *x = f->ahead[i];

	memmove(&f->ahead[i], &f->ahead[i + 1],
	    (f->nahead - i - 1) * sizeof(*f->ahead));
	f->nahead--;
	return x;
}

void
fetch_ahead(struct fetcher *f, const struct fetch_item *items, size_t n)
{
	struct fetch_item own = { 0 };
	struct xfer *x;

	for (size_t i = 0; i < n; i++) {
		const struct fetch_item *it = &items[i];

		if (strncasecmp(it->url, "file:", 5) == 0 ||
		    ahead_find(f, it->url) >= 0 || early_answered(f, it->url))
			continue;
		own.url = xstrdup(it->url);
		own.max_size = it->max_size;
		own.optional = 1;
		x = xfer_new(f, &own, own.max_size ? own.max_size :
		    DEFAULT_MAX_SIZE);
		x->own = own;
		x->item = &x->own;
		x->quiet = 1;
		f->ahead = realloc_n(f->ahead, f->nahead + 1,
		    sizeof(*f->ahead));
		f->ahead[f->nahead++] = x;
	}
	/* Send the requests now, not at the next fetch_all. */
	run_transfers(f, NULL, 0);
}

void
fetch_ahead_cancel(struct fetcher *f, const char *url)
{
	struct xfer *x;

	for (size_t i = f->nahead; i-- > 0;) {
		if (url != NULL && strcmp(f->ahead[i]->own.url, url) != 0)
			continue;
		x = ahead_remove(f, i);
		xfer_stop(f, x);
		xfer_free(x);
	}
}

/* Takes url's fetch_ahead transfer for fetch_all (fetch-int.h). */
struct xfer *
ahead_take(struct fetcher *f, struct fetch_item *item, uint64_t max_size)
{
	ssize_t i = ahead_find(f, item->url);
	struct xfer *x;
	struct stat st;

	if (i < 0)
		return NULL;
	x = ahead_remove(f, (size_t)i);
	if (x->state == XF_FAILED ||
	    (x->state == XF_DONE && x->own.missing && !item->optional) ||
	    (x->state == XF_DONE && x->own.path != NULL &&
	    (stat(x->own.path, &st) != 0 || (uint64_t)st.st_size > max_size))) {
		/* Asked again, with the retries and messages of fetch_all. */
		xfer_stop(f, x);
		xfer_free(x);
		return NULL;
	}
	item->path = x->own.path;
	item->sha256 = x->own.sha256;
	item->missing = x->own.missing;
	item->transferred = x->own.transferred;
	x->own.path = x->own.sha256 = NULL;
	x->item = item;
	x->quiet = 0;
	if (max_size < x->max_size)
		x->max_size = max_size;
	return x;
}

/* Stops and frees every fetch_ahead transfer (fetch-int.h). */
void
ahead_free(struct fetcher *f)
{
	fetch_ahead_cancel(f, NULL);
	free(f->ahead);
	f->ahead = NULL;
}
