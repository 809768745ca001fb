/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * progress.h: the one progress display of the builder.  On a terminal it is
 * a single meter line, redrawn in place, summing every transfer under way;
 * elsewhere (CI logs, pipes) it prints one quiet line per finished file.
 */
#ifndef XENINFN_PROGRESS_H
#define XENINFN_PROGRESS_H
#include <stdint.h>

struct progress;

/* A display for up to nfiles transfers; force_tty: -1 ask isatty(2),
 * 0 never draw a meter, 1 always.  The caller frees with progress_free. */
struct progress	*progress_new(int nfiles, int force_tty);
/* Transfer slot (0..nfiles-1) now has now bytes of total (0: unknown). */
void		 progress_update(struct progress *, int slot, uint64_t now,
		    uint64_t total);
/* Transfer slot ended; what says how ("fetched", "unchanged", ...) and
 * bytes how much came over the wire.  Prints the per-file line. */
void		 progress_done(struct progress *, int slot, const char *what,
		    const char *url, uint64_t bytes);
/* Clears the meter line (before an error message, and at the end). */
void		 progress_clear(struct progress *);
void		 progress_free(struct progress *);
#endif
