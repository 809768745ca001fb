/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strv.h: a vector of strings that owns them, and overflow-checked growth
 * of arrays of any element type.  Allocation failures go through
 * lib_oom() (oom.h): never seen in the builder, -1 or NULL in the helpers.
 */
#ifndef XENINFN_LIB_STRV_H
#define XENINFN_LIB_STRV_H

#include <stddef.h>

/* v[0..n) are the strings, v[n] is NULL once anything was pushed (v can
 * be handed on as a NULL-terminated char **); v is NULL while empty. */
struct strv {
	char	**v;
	size_t	  n;
	size_t	  cap;	/* slots in v, the NULL included */
};
#define STRV_INIT	{ NULL, 0, 0 }

/* Appends a copy of s.  Returns 0, or -1 when out of memory. */
int	 strv_push(struct strv *, const char *s);
/* Appends s itself: the vector frees it from now on (also when this
 * fails: then s is freed at once).  Returns 0, or -1. */
int	 strv_push_owned(struct strv *, char *s);
/* Sorts the strings by strcmp. */
void	 strv_sort(struct strv *);
/* Sorts the strings and drops repeats. */
void	 strv_sort_unique(struct strv *);
/* The index of s: a binary search when sorted is 1 (the vector is
 * sorted by strv_sort), else a scan.  Returns -1 when s is absent. */
long	 strv_find(const struct strv *, const char *s, int sorted);
/* The same over the n strings of any array v (sorted by strv_cmp when
 * sorted is 1). */
long	 strv_index(const char *const *v, size_t n, const char *s,
	    int sorted);
/* Hands the NULL-terminated array (never NULL in the builder; NULL when
 * out of memory in the helpers) to the caller, who frees it with
 * strv_free; the vector is left empty. */
char	**strv_release(struct strv *);
/* Frees the strings and the array; the vector is left empty. */
void	 strv_clear(struct strv *);
/* Frees a NULL-terminated array of strings and the array (NULL: nothing). */
void	 strv_free(char **);
/* The comparison of two char * elements by strcmp, for qsort and
 * bsearch over arrays of strings. */
int	 strv_cmp(const void *, const void *);

/*
 * realloc(p, n * size) that checks the product for overflow.  Returns the
 * new array, or NULL (p still valid) after lib_oom(): never NULL in the
 * builder.  n == 0 still gives a valid pointer.
 */
void	*realloc_n(void *p, size_t n, size_t size);
/*
 * Makes room for need elements of size bytes in the array *arrp, which
 * holds *cap of them (both start at NULL and 0), growing it by doubling.
 * Returns 0, or -1 after lib_oom() (the array is as it was).
 */
int	 grow_array(void *arrp, size_t *cap, size_t need, size_t size);

#endif
