/* SPDX-License-Identifier: GPL-2.0-or-later */
/* strv.c: see strv.h.  Plain gnu99, for both the builder and the static
 * helpers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oom.h"
#include "strv.h"

void *
realloc_n(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size) {
		lib_oom();
		return NULL;
	}
	if ((q = realloc(p, n != 0 && size != 0 ? n * size : 1)) == NULL)
		lib_oom();
	return q;
}

int
grow_array(void *arrp, size_t *cap, size_t need, size_t size)
{
	void *old, *p;
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return lib_oom();
		n *= 2;
	}
	/* Through memcpy: *arrp is a pointer to some other type. */
	memcpy(&old, arrp, sizeof(old));
	if ((p = realloc_n(old, n, size)) == NULL)
		return -1;
	memcpy(arrp, &p, sizeof(p));
	*cap = n;
	return 0;
}

int
strv_push_owned(struct strv *sv, char *s)
{
	if (s == NULL || grow_array(&sv->v, &sv->cap, sv->n + 2,
	    sizeof(*sv->v)) == -1) {
		free(s);
		return -1;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

int
strv_push(struct strv *sv, const char *s)
{
	char *copy = strdup(s);

	if (copy == NULL)
		return lib_oom();
	return strv_push_owned(sv, copy);
}

int
strv_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strv_sort(struct strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), strv_cmp);
}

void
strv_sort_unique(struct strv *sv)
{
	size_t out = 0;

	strv_sort(sv);
	for (size_t i = 0; i < sv->n; i++) {
		if (out > 0 && strcmp(sv->v[out - 1], sv->v[i]) == 0)
			free(sv->v[i]);
		else
			sv->v[out++] = sv->v[i];
	}
	sv->n = out;
	if (sv->v != NULL)
		sv->v[out] = NULL;
}

long
strv_index(const char *const *v, size_t n, const char *s, int sorted)
{
	const char *const *hit;

	if (n == 0)
		return -1;
	if (sorted) {
		hit = bsearch(&s, v, n, sizeof(*v), strv_cmp);
		return hit ? (long)(hit - v) : -1;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return (long)i;
	return -1;
}

long
strv_find(const struct strv *sv, const char *s, int sorted)
{
	return strv_index((const char *const *)sv->v, sv->n, s, sorted);
}

char **
strv_release(struct strv *sv)
{
	char **v;

	if (sv->v == NULL && grow_array(&sv->v, &sv->cap, 1,
	    sizeof(*sv->v)) == -1)
		return NULL;
	sv->v[sv->n] = NULL;
	v = sv->v;
	sv->v = NULL;
	sv->n = sv->cap = 0;
	return v;
}

void
strv_free(char **v)
{
	if (v == NULL)
		return;
	for (char **p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

void
strv_clear(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}
