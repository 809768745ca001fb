/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template.c: the template language of kickstarts and boot menus (the
 * syntax is in template.h): loading a template and the files it includes,
 * and the queries on the parsed form (its digest, the variables it reads).
 * The engine is split by job: template-parse.c lexes and parses a file
 * into a tree, template-eval.c evaluates expressions and filters,
 * template-render.c walks the tree; template-int.h is what they share.
 *
 * A parsed template (struct template) holds its file and every file it
 * includes, each parsed once and shared however often it is included, so
 * that a caller rendering many times (one kickstart per PXE host) parses
 * once and can ask which variables the whole set reads.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "template.h"
#include "template-int.h"

/* The name messages give the template rel: the site copy's path when the
 * overlay has one, else the shipped relative path.  Caller frees. */
static char *
template_name(const char *overlay, const char *rel)
{
	char *p;

	if (overlay != NULL) {
		p = path_join(overlay, rel);
		if (path_exists(p))
			return p;
		free(p);
	}
	return xstrdup(rel);
}

static struct tfile *load_file(struct template *, const char *rel);

/* Loads the files that the includes of the nodes n (and their branches)
 * name.  Returns 0, or -1 after a message. */
static int
load_includes(struct template *t, struct node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->kind == N_INCLUDE && path_is_safe(n->a)) {
			char *rel = xasprintf("%s%s", t->base, n->a);
			n->inc = load_file(t, rel);
			free(rel);
			if (n->inc == NULL)
				return -1;
		}
		if (load_includes(t, n->body) != 0 ||
		    load_includes(t, n->alt) != 0)
			return -1;
	}
	return 0;
}

/* The file rel of t, read and parsed once (with its includes); a missing
 * file is kept as missing (said when it is rendered).  Returns it (t owns
 * it), or NULL after a message. */
static struct tfile *
load_file(struct template *t, const char *rel)
{
	struct buf text = BUF_INIT;
	struct tfile *f;
	int got, ok;

	for (f = t->files; f != NULL; f = f->next)
		if (strcmp(f->rel, rel) == 0)
			return f;
	f = xcalloc(1, sizeof(*f));
	f->rel = xstrdup(rel);
	f->name = template_name(t->overlay, rel);
	f->next = t->files;
	t->files = f;
	t->digest = template_hash(t->digest, rel, strlen(rel) + 1);
	if ((got = resource_read(t->overlay, rel, &text)) != 0) {
		buf_free(&text);
		if (got != -1)
			return NULL;
		f->missing = 1;
		return f;
	}
	t->digest = template_hash(t->digest, text.data ? text.data : "",
	    text.len);
	if (text.len > 0 && memchr(text.data, '\0', text.len) != NULL) {
		log_error("%s: not a text file", f->name);
		buf_free(&text);
		return NULL;
	}
	buf_adds(&text, "");
	f->tree = tpl_parse_file(f->name, text.data, &ok);
	buf_free(&text);
	if (!ok || load_includes(t, f->tree) != 0)
		return NULL;
	return f;
}

struct template *
template_parse(const char *overlay, const char *relpath)
{
	struct template *t = xcalloc(1, sizeof(*t));
	const char *slash = strchr(relpath, '/');

	t->overlay = overlay && *overlay ? xstrdup(overlay) : NULL;
	t->digest = TEMPLATE_HASH_INIT;
	t->base = slash ? xstrndup(relpath, (size_t)(slash - relpath + 1)) :
	    xstrdup("");
	if ((t->top = load_file(t, relpath)) == NULL) {
		template_free(t);
		return NULL;
	}
	return t;
}

void
template_free(struct template *t)
{
	struct tfile *f, *next;

	if (t == NULL)
		return;
	for (f = t->files; f != NULL; f = next) {
		next = f->next;
		tpl_node_free(f->tree);
		free(f->rel);
		free(f->name);
		free(f);
	}
	free(t->overlay);
	free(t->base);
	free(t);
}


uint64_t
template_hash(uint64_t h, const void *p, size_t len)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < len; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
template_digest(const struct template *t)
{
	return t->digest;
}

/* ---- which variables a template reads ---- */

/* The names collected by template_vars; bound: loop variables and sets. */
struct names {
	const char	**v, **bound;
	size_t		  n, nbound, cap, capbound;
};

/* Appends s (not copied) to the array *v of *n names, room *cap. */
static void
names_add(const char ***v, size_t *n, size_t *cap, const char *s)
{
	grow_array(v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = s;
}

/* Adds the variables expression e reads. */
static void
expr_names(struct names *nm, const struct expr *e)
{
	if (e->head.is_name)
		names_add(&nm->v, &nm->n, &nm->cap, e->head.s);
	for (const struct filter *f = e->filters; f != NULL; f = f->next)
		for (int i = 0; i < f->nargs; i++)
			if (f->args[i].is_name)
				names_add(&nm->v, &nm->n, &nm->cap,
				    f->args[i].s);
}

/* Walks the nodes n: the variables they read (which: TEMPLATE_READ) or
 * compare in an if's == or != (TEMPLATE_COMPARED). */
static void
node_names(struct names *nm, const struct node *n, int which)
{
	for (; n != NULL; n = n->next) {
		int cmp = n->kind == N_IF && n->op != C_TRUE;

		if (n->kind == N_FOR || n->kind == N_SET)
			names_add(&nm->bound, &nm->nbound, &nm->capbound,
			    n->a);
		if (which == TEMPLATE_READ || cmp) {
			if (n->expr != NULL)
				expr_names(nm, n->expr);
			else if (n->kind == N_VAR || n->kind == N_IF)
				names_add(&nm->v, &nm->n, &nm->cap, n->a);
			if (n->kind == N_FOR)
				names_add(&nm->v, &nm->n, &nm->cap, n->b);
		}
		node_names(nm, n->body, which);
		node_names(nm, n->alt, which);
	}
}

const char **
template_vars(const struct template *t, int which, size_t *n)
{
	struct names nm;
	size_t k = 0;

	memset(&nm, 0, sizeof(nm));
	for (const struct tfile *f = t->files; f != NULL; f = f->next)
		node_names(&nm, f->tree, which);
	if (nm.n > 0)
		qsort(nm.v, nm.n, sizeof(*nm.v), strv_cmp);
	if (nm.nbound > 0)
		qsort(nm.bound, nm.nbound, sizeof(*nm.bound), strv_cmp);
	for (size_t i = 0; i < nm.n; i++) {
		const char *s = nm.v[i];
		if ((k > 0 && strcmp(nm.v[k - 1], s) == 0) ||
		    strncmp(s, "loop.", 5) == 0 || (nm.nbound > 0 &&
		    bsearch(&s, nm.bound, nm.nbound, sizeof(*nm.bound),
		    strv_cmp) != NULL))
			continue;
		nm.v[k++] = s;
	}
	free(nm.bound);
	nm.v = realloc_n(nm.v, k + 1, sizeof(*nm.v));
	nm.v[k] = NULL;
	*n = k;
	return nm.v;
}
