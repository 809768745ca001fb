/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diff.h: a unified diff of two texts on stdout, for --dry-run.  It needs
 * nothing of the helpers' common module (common.c calls it, not the other
 * way round): a failure is returned, the caller says it.
 */
#ifndef XENINFN_POST_DIFF_H
#define XENINFN_POST_DIFF_H

#include <stddef.h>

/* The most lines diff_print compares in one text. */
#define DIFF_MAX_LINES	20000

/*
 * Prints the unified diff turning old (NULL: the file does not exist) into
 * new, labelled "a/REL" and "b/REL".  Returns 0, or -1 (nothing printed)
 * when a text has more than DIFF_MAX_LINES lines or memory runs out.
 */
int	 diff_print(const char *rel, const char *old, size_t oldlen,
	    const char *new, size_t newlen);

#endif
