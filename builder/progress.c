/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * progress.c: the progress display.  A meter only makes sense where a human
 * watches: on a terminal it redraws one line at most a few times a second;
 * anywhere else it stays silent until a file is done and then says so in
 * one line, so that CI logs stay short and greppable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "xeninfn.h"
#include "progress.h"

struct progress {
	int		 nfiles;
	int		 ndone;
	int		 tty;
	int		 drawn;		/* a meter line is on screen */
	uint64_t	*now;
	uint64_t	*total;
	struct timespec	 last;		/* when the meter was last drawn */
	struct timespec	 start;		/* for the rate and the time left */
};

/* Returns a new display; the caller frees it with progress_free. */
struct progress *
progress_new(int nfiles, int force_tty)
{
	struct progress *p = xcalloc(1, sizeof(*p));

	p->nfiles = nfiles > 0 ? nfiles : 1;
	p->tty = force_tty >= 0 ? force_tty : isatty(2);
	if (log_verbosity() < 0)
		p->tty = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->now = xcalloc(p->nfiles, sizeof(*p->now));
	p->total = xcalloc(p->nfiles, sizeof(*p->total));
	return p;
}

/* 1 when at least 200 ms passed since the last redraw (and notes now). */
static int
redraw_due(struct progress *p)
{
	struct timespec ts;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = (ts.tv_sec - p->last.tv_sec) * 1000 +
	    (ts.tv_nsec - p->last.tv_nsec) / 1000000;
	if (p->drawn && ms < 200)
		return 0;
	p->last = ts;
	return 1;
}

/* ", 2.5 MiB/s, 0:12 left" for now of total bytes (total 0: unknown,
 * no time left) after the seconds since p started, or "" in the first
 * second, when a rate means nothing yet.  Writes into out (n bytes). */
static void
rate_text(const struct progress *p, uint64_t now, uint64_t total,
    char *out, size_t n)
{
	struct timespec ts;
	double secs, rate;
	long left;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	secs = (double)(ts.tv_sec - p->start.tv_sec) +
	    (ts.tv_nsec - p->start.tv_nsec) / 1e9;
	*out = '\0';
	if (secs < 1.0 || now == 0)
		return;
	rate = now / secs;
	if (total == 0 || total <= now) {
		snprintf(out, n, ", %.1f MiB/s", rate / 1048576.0);
		return;
	}
	left = (long)((total - now) / rate + 0.5);
	snprintf(out, n, ", %.1f MiB/s, %ld:%02ld left", rate / 1048576.0,
	    left / 60, left % 60);
}

/* Draws the meter: files done, bytes so far, the rate and, when every size
 * is known, the percentage and the time left. */
static void
draw(struct progress *p)
{
	uint64_t now = 0, total = 0;
	int known = 1;
	char rate[64];

	for (int i = 0; i < p->nfiles; i++) {
		now += p->now[i];
		total += p->total[i];
		if (p->total[i] == 0 && p->now[i] != 0)
			known = 0;
	}
	rate_text(p, now, known ? total : 0, rate, sizeof(rate));
	if (known && total > 0)
		fprintf(stderr, "\r%s: fetching: %d/%d files, "
		    "%.1f of %.1f MiB (%d%%)%s\033[K", log_progname(),
		    p->ndone, p->nfiles,
		    now / 1048576.0, total / 1048576.0,
		    (int)(now * 100 / total), rate);
	else
		fprintf(stderr, "\r%s: fetching: %d/%d files, "
		    "%.1f MiB%s\033[K", log_progname(), p->ndone, p->nfiles,
		    now / 1048576.0, rate);
	fflush(stderr);
	p->drawn = 1;
}

void
progress_update(struct progress *p, int slot, uint64_t now, uint64_t total)
{
	if (p == NULL || slot < 0 || slot >= p->nfiles)
		return;
	p->now[slot] = now;
	p->total[slot] = total;
	if (p->tty && redraw_due(p))
		draw(p);
}

void
progress_done(struct progress *p, int slot, const char *what,
    const char *url, uint64_t bytes)
{
	if (p == NULL)
		return;
	p->ndone++;
	if (slot >= 0 && slot < p->nfiles)
		p->total[slot] = p->now[slot] = bytes;
	if (log_verbosity() < 0)
		return;
	if (p->tty) {
		/* The file line goes above the meter, which is redrawn. */
		progress_clear(p);
		fprintf(stderr, "%s: %s %s (%llu bytes)\n", log_progname(),
		    what, url, (unsigned long long)bytes);
		draw(p);
	} else
		fprintf(stderr, "%s: %s %s (%llu bytes)\n", log_progname(),
		    what, url, (unsigned long long)bytes);
}

void
progress_clear(struct progress *p)
{
	if (p == NULL || !p->drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->drawn = 0;
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	progress_clear(p);
	free(p->now);
	free(p->total);
	free(p);
}
