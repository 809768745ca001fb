/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template-eval.c: the values of a rendering: variable tpl_lookup (scopes,
 * then the caller's tlookup), lists, the truth of conditions, and
 * expressions with their filters.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "template.h"
#include "template-int.h"

/* The value of name (a loop variable or set, else the caller's tpl_lookup),
 * or NULL if undefined; *list is set (and "" returned) when name is a
 * list variable. */
static const char *
lookup_list(const struct render *r, const char *name,
    const char *const **list)
{
	*list = NULL;
	for (int i = r->nscope; i > 0; i--)
		if (strcmp(r->scope_name[i - 1], name) == 0)
			return r->scope_value[i - 1];
	return r->lk->get(r->lk->ctx, name, list);
}

/* The scalar value of name (lookup_list), or NULL if undefined;
 * *is_list is set when name is a list. */
const char *
tpl_lookup(const struct render *r, const char *name, int *is_list)
{
	const char *const *list;
	const char *v = lookup_list(r, name, &list);

	*is_list = list != NULL;
	return list != NULL ? "" : v;
}

/* Splits s on commas and blanks into items (room for TPL_LIST_MAX + 1).
 * Returns the count, or -1 (items freed) when there are too many. */
static int
split_items(const char *s, char **items)
{
	int n = 0;

	while (*s != '\0') {
		size_t len = strcspn(s, ", \t\n");

		if (len > 0) {
			if (n == TPL_LIST_MAX) {
				for (int i = 0; i < n; i++)
					free(items[i]);
				items[0] = NULL;
				return -1;
			}
			items[n++] = xstrndup(s, len);
		}
		s += len;
		s += strspn(s, ", \t\n");
	}
	return n;
}

/* The elements of the list called name: an extra list variable, or a
 * scalar (profile key, extra or loop variable) split on commas and blanks,
 * which is how the profile writes lists ("sda,sdb", "22:tcp,80:tcp").
 * Returns a NULL-terminated array the caller frees with tpl_free_list, or
 * NULL after a message. */
char **
tpl_list_of(const struct render *r, const char *tname, int line,
    const char *name)
{
	char **items = xcalloc(TPL_LIST_MAX + 1, sizeof(*items));
	const char *const *values;
	const char *s = lookup_list(r, name, &values);
	int n = 0;

	if (values != NULL) {
		for (; values[n] != NULL; n++) {
			if (n == TPL_LIST_MAX)
				goto toolong;
			items[n] = xstrdup(values[n]);
		}
		return items;
	}
	if (s == NULL) {
		log_error("%s:%d: undefined list '%s'", tname, line, name);
		free(items);
		return NULL;
	}
	if ((n = split_items(s, items)) >= 0)
		return items;
	n = 0;		/* split_items freed them */
toolong:
	log_error("%s:%d: list '%s' has more than %d items", tname, line, name,
	    TPL_LIST_MAX);
	for (int i = 0; i < n; i++)
		free(items[i]);
	free(items);
	return NULL;
}

/* Frees a list of tpl_list_of (NULL: nothing). */
void
tpl_free_list(char **l)
{
	if (l == NULL)
		return;
	for (char **p = l; *p; p++)
		free(*p);
	free(l);
}

/* The truth of a value in a condition: not "", "no" (the profile's false)
 * or "False" (loop.first, loop.last). */
static int
is_true(const char *v)
{
	return *v != '\0' && strcmp(v, "no") != 0 && strcmp(v, "False") != 0;
}

/* Evaluates an if's condition.  Returns 1 true, 0 false, -1 after a
 * message (an undefined name). */
int
tpl_eval_cond(struct render *r, const char *tname, const struct node *n)
{
	const char *const *list;
	const char *v;
	char *ev;
	int truth;

	if (n->expr != NULL) {		/* a condition with filters */
		if ((ev = tpl_eval_expr(r, tname, n->line, n->expr)) == NULL)
			return -1;
		truth = n->op == C_TRUE ? is_true(ev) :
		    (strcmp(ev, n->b) == 0) == (n->op == C_EQ);
		free(ev);
		return n->neg ? !truth : truth;
	}
	v = lookup_list(r, n->a, &list);
	if (v == NULL && list == NULL) {
		log_error("%s:%d: undefined variable '%s' in a condition",
		    tname, n->line, n->a);
		return -1;
	}
	if (list != NULL)
		truth = n->op == C_TRUE && list[0] != NULL;
	else if (n->op == C_TRUE)
		truth = is_true(v);
	else
		truth = (strcmp(v, n->b) == 0) == (n->op == C_EQ);
	return n->neg ? !truth : truth;
}

/* A value while filters work on it: a string, a list, or undefined. */
struct tval {
	char	*s;		/* owned; NULL for a list or undefined */
	char	**list;		/* owned (tpl_free_list) */
};

static void
tval_set(struct tval *v, char *s)
{
	free(v->s);
	tpl_free_list(v->list);
	v->s = s;
	v->list = NULL;
}

/* The string of a filter argument (a literal, or a variable's value), or
 * NULL after a message. */
static const char *
arg_value(struct render *r, const char *tname, int line,
    const struct farg *a)
{
	const char *v;
	int is_list;

	if (!a->is_name)
		return a->s;
	if ((v = tpl_lookup(r, a->s, &is_list)) == NULL || is_list)
		log_error("%s:%d: filter argument '%s': %s", tname, line,
		    a->s, v == NULL ? "undefined variable" : "a list");
	return v == NULL || is_list ? NULL : v;
}

/* "a,b,c" for a list, joined with sep. */
static char *
join_list(char **list, const char *sep)
{
	struct buf b = BUF_INIT;

	for (char **it = list; *it != NULL; it++) {
		if (it != list)
			buf_adds(&b, sep);
		buf_adds(&b, *it);
	}
	buf_adds(&b, "");
	return buf_release(&b);
}

/* s with every occurrence of from replaced by to (caller frees). */
static char *
replace_all(const char *s, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	const char *hit;
	size_t n = strlen(from);

	while ((hit = strstr(s, from)) != NULL) {
		buf_add(&b, s, (size_t)(hit - s));
		buf_adds(&b, to);
		s = hit + n;
	}
	buf_adds(&b, s);
	return buf_release(&b);
}

/* Applies one filter to v (name: the expression's variable, for
 * messages).  Returns 0, or -1 after a message. */
static int
apply_filter(struct render *r, const char *tname, const struct filter *f,
    struct tval *v, const char *name)
{
	const char *a[2] = { NULL, NULL };
	char **items;

	for (int i = 0; i < f->nargs; i++)
		if ((a[i] = arg_value(r, tname, f->line, &f->args[i])) == NULL)
			return -1;
	if (strcmp(f->name, "default") == 0) {
		int empty = (v->s != NULL && *v->s == '\0') ||
		    (v->list != NULL && v->list[0] == NULL);
		int also_empty = a[1] != NULL && (strcmp(a[1], "true") == 0 ||
		    strcmp(a[1], "True") == 0 || strcmp(a[1], "1") == 0);

		if ((v->s == NULL && v->list == NULL) || (also_empty && empty))
			tval_set(v, xstrdup(a[0]));
		return 0;
	}
	if (v->s == NULL && v->list == NULL) {
		log_error("%s:%d: undefined variable '%s' (profile keys are "
		    "written section.key; | default(\"...\") gives a "
		    "fallback)", tname, f->line, name);
		return -1;
	}
	if (strcmp(f->name, "join") == 0) {
		items = v->list;
		if (items == NULL) {
			items = xcalloc(TPL_LIST_MAX + 1, sizeof(*items));
			if (split_items(v->s, items) < 0) {
				free(items);
				log_error("%s:%d: join: '%s' has more than %d "
				    "items", tname, f->line, name,
				    TPL_LIST_MAX);
				return -1;
			}
		}
		char *joined = join_list(items, a[0] ? a[0] : "");
		if (items != v->list)
			tpl_free_list(items);
		tval_set(v, joined);
		return 0;
	}
	if (strcmp(f->name, "length") == 0) {
		size_t n = 0;

		if (v->list != NULL)
			while (v->list[n] != NULL)
				n++;
		else
			n = strlen(v->s);
		tval_set(v, xasprintf("%zu", n));
		return 0;
	}
	if (v->list != NULL) {
		log_error("%s:%d: %s: '%s' is a list (| join first)", tname,
		    f->line, f->name, name);
		return -1;
	}
	if (strcmp(f->name, "replace") == 0) {
		if (*a[0] == '\0') {
			log_error("%s:%d: replace: the text to replace is "
			    "empty", tname, f->line);
			return -1;
		}
		tval_set(v, replace_all(v->s, a[0], a[1]));
		return 0;
	}
	for (char *c = v->s; *c; c++)	/* upper, lower: ASCII */
		*c = f->name[0] == 'u' ? (char)toupper((unsigned char)*c) :
		    (char)tolower((unsigned char)*c);
	return 0;
}

/* Evaluates e into a string (caller frees): a list comes out joined with
 * ",", as the profile writes lists.  Returns NULL after a message. */
char *
tpl_eval_expr(struct render *r, const char *tname, int line,
    const struct expr *e)
{
	struct tval v = { NULL, NULL };
	const char *s;
	char *out = NULL;
	int is_list;

	if (!e->head.is_name)
		v.s = xstrdup(e->head.s);
	else if ((s = tpl_lookup(r, e->head.s, &is_list)) != NULL && is_list)
		v.list = tpl_list_of(r, tname, line, e->head.s);
	else if (s != NULL)
		v.s = xstrdup(s);
	for (const struct filter *f = e->filters; f != NULL; f = f->next)
		if (apply_filter(r, tname, f, &v, e->head.s) != 0)
			goto out;
	if (v.s == NULL && v.list == NULL)
		log_error("%s:%d: undefined variable '%s' (profile keys are "
		    "written section.key)", tname, line, e->head.s);
	else
		out = v.list ? join_list(v.list, ",") : xstrdup(v.s);
out:
	tval_set(&v, NULL);
	return out;
}
