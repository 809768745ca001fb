/* SPDX-License-Identifier: GPL-2.0-or-later */
/* suggest.c: "did you mean" for a mistyped subcommand, option or profile
 * key: the candidate at the smallest edit distance (insertions, deletions,
 * substitutions and swaps of two neighbours each count one), if it is
 * near enough to be what was meant. */
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"

#define NEAR_MAX	2	/* more edits than this: no suggestion */
#define NAME_MAX_LEN	64	/* longer names are never suggested */

/* The optimal-string-alignment distance between a and b (both at most
 * NAME_MAX_LEN bytes). */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[NAME_MAX_LEN + 1][NAME_MAX_LEN + 1];

	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

void
suggest_init(struct suggest *s, const char *typed)
{
	s->typed = typed;
	s->best = NULL;
	s->dist = NEAR_MAX + 1;
}

/* Keeps candidate in s->best if it is nearer than any before and near
 * enough: at most NEAR_MAX edits, and fewer edits than it has letters.
 * Returns 1 if it did, else 0. */
int
suggest_try(struct suggest *s, const char *candidate)
{
	size_t d;

	if (strlen(s->typed) > NAME_MAX_LEN || strlen(candidate) >
	    NAME_MAX_LEN)
		return 0;
	d = edit_distance(s->typed, candidate);
	if (d >= s->dist || d >= strlen(candidate))
		return 0;
	s->dist = d;
	s->best = candidate;
	return 1;
}
