/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template-render.c: renders a parsed template (template.c) by walking its
 * tree: text, variables, if, for with its loop variables, set, include;
 * and the one-shot template_render over the profile and extra variables.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "template.h"
#include "template-int.h"

static int render_nodes(struct render *, const char *tname,
    const struct node *);

/* Binds name to value in the innermost scope; value is freed when the
 * scope ends if owned.  Returns 0, or -1 after a message. */
static int
scope_push(struct render *r, const char *tname, int line, const char *name,
    const char *value, char *owned)
{
	if (r->nscope == TPL_SCOPE_MAX) {
		log_error("%s:%d: more than %d loop variables and sets at "
		    "once", tname, line, TPL_SCOPE_MAX);
		free(owned);
		return -1;
	}
	r->scope_name[r->nscope] = name;
	r->scope_value[r->nscope] = owned ? owned : value;
	r->scope_owned[r->nscope] = owned;
	r->nscope++;
	return 0;
}

/* Ends the bindings made since mark. */
static void
scope_pop(struct render *r, int mark)
{
	while (r->nscope > mark) {
		r->nscope--;
		free(r->scope_owned[r->nscope]);
		r->scope_owned[r->nscope] = NULL;
	}
}

/* Runs a loop: its body once per element, with the loop variable and
 * Jinja's loop.index, loop.index0, loop.first, loop.last and loop.length
 * bound; a set in the body lasts one pass.  Returns 0, or -1 after a
 * message. */
static int
render_for(struct render *r, const char *tname, const struct node *n)
{
	char **items;
	int rc = 0, mark = r->nscope, count = 0, i = 0;

	if ((items = tpl_list_of(r, tname, n->line, n->b)) == NULL)
		return -1;
	while (items[count] != NULL)
		count++;
	for (char **it = items; *it != NULL && rc == 0; it++, i++) {
		if (scope_push(r, tname, n->line, n->a, *it, NULL) != 0 ||
		    scope_push(r, tname, n->line, "loop.index", NULL,
		    xasprintf("%d", i + 1)) != 0 ||
		    scope_push(r, tname, n->line, "loop.index0", NULL,
		    xasprintf("%d", i)) != 0 ||
		    scope_push(r, tname, n->line, "loop.first",
		    i == 0 ? "True" : "False", NULL) != 0 ||
		    scope_push(r, tname, n->line, "loop.last",
		    i == count - 1 ? "True" : "False", NULL) != 0 ||
		    scope_push(r, tname, n->line, "loop.length", NULL,
		    xasprintf("%d", count)) != 0)
			rc = -1;
		else
			rc = render_nodes(r, tname, n->body);
		scope_pop(r, mark);
	}
	tpl_free_list(items);
	return rc;
}

static int render_file(struct render *, const struct tfile *,
    const char *from, int line);

/* Renders one node.  Returns 0, or -1 after a message. */
static int
render_node(struct render *r, const char *tname, const struct node *n)
{
	const char *v;
	char *rel;
	int is_list, c;

	switch (n->kind) {
	case N_TEXT:
	case N_LIT:
		buf_adds(&r->out, n->a);
		return 0;
	case N_VAR:
		if ((v = tpl_lookup(r, n->a, &is_list)) == NULL) {
			log_error("%s:%d: undefined variable '%s' (profile "
			    "keys are written section.key)", tname, n->line,
			    n->a);
			return -1;
		}
		if (is_list) {
			log_error("%s:%d: '%s' is a list: use it in {%% for "
			    "%%}", tname, n->line, n->a);
			return -1;
		}
		buf_adds(&r->out, v);
		return 0;
	case N_IF:
		if ((c = tpl_eval_cond(r, tname, n)) < 0)
			return -1;
		return render_nodes(r, tname, c ? n->body : n->alt);
	case N_FOR:
		return render_for(r, tname, n);
	case N_EXPR:
		if ((rel = tpl_eval_expr(r, tname, n->line, n->expr)) == NULL)
			return -1;
		buf_adds(&r->out, rel);
		free(rel);
		return 0;
	case N_SET:
		if ((rel = tpl_eval_expr(r, tname, n->line, n->expr)) == NULL)
			return -1;
		return scope_push(r, tname, n->line, n->a, NULL, rel);
	case N_INCLUDE:
		if (!path_is_safe(n->a)) {
			log_error("%s:%d: include \"%s\": only relative paths "
			    "inside the template directory (no '..', no "
			    "leading '/')", tname, n->line, n->a);
			return -1;
		}
		return render_file(r, n->inc, tname, n->line);
	}
	return -1;
}

static int
render_nodes(struct render *r, const char *tname, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		if (render_node(r, tname, n) != 0)
			return -1;
		if (r->out.len > TPL_OUTPUT_MAX) {
			log_error("%s:%d: output larger than %d bytes", tname,
			    n->line, TPL_OUTPUT_MAX);
			return -1;
		}
	}
	return 0;
}

/* Renders file f (included from from:line, or from NULL for the top).
 * Returns 0, or -1 after a message. */
static int
render_file(struct render *r, const struct tfile *f, const char *from,
    int line)
{
	const char *overlay = r->t->overlay;
	int rc, mark;

	if (f->missing) {
		if (from != NULL)
			log_error("%s:%d: include: no template %s%s", from,
			    line, f->rel, overlay ? " in the site directory "
			    "or the shipped set" : " in the shipped set");
		else
			log_error("%s: no such template%s", f->rel, overlay ?
			    " in the site directory or the shipped set" : "");
		return -1;
	}
	if (r->depth >= TPL_INCLUDE_DEPTH) {
		log_error("%s:%d: includes nested deeper than %d (does a "
		    "snippet include itself?)", from, line, TPL_INCLUDE_DEPTH);
		return -1;
	}
	r->depth++;
	mark = r->nscope;
	rc = render_nodes(r, f->name, f->tree);
	scope_pop(r, mark);	/* a set lasts to the end of its file */
	r->depth--;
	return rc;
}

int
template_render_to(const struct template *t, const struct tlookup *lk,
    struct buf *out)
{
	struct render r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.lk = lk;
	r.out = *out;
	rc = render_file(&r, t->top, NULL, 0);
	scope_pop(&r, 0);
	*out = r.out;
	return rc;
}

/* ---- the one-shot form: profile keys and extra variables ---- */

/* What template_render looks variables up in. */
struct extra_ctx {
	const struct profile	*profile;
	const struct tvar	*extra;
	size_t			 nextra;
};

/* The extra variable called name (the last one wins), else the profile
 * key; NULL when neither (a tlookup's get). */
static const char *
extra_get(void *ctx, const char *name, const char *const **list)
{
	const struct extra_ctx *c = ctx;

	for (size_t i = c->nextra; i > 0; i--) {
		const struct tvar *v = &c->extra[i - 1];
		if (strcmp(v->name, name) != 0)
			continue;
		if (v->values != NULL) {
			*list = v->values;
			return "";
		}
		return v->value ? v->value : "";
	}
	if (c->profile != NULL && profile_has_key(name))
		return profile_get(c->profile, name);
	return NULL;
}

char *
template_render(const char *overlay, const char *relpath,
    const struct profile *p, const struct tvar *extra, size_t nextra)
{
	struct extra_ctx c = { p, extra, nextra };
	struct tlookup lk = { extra_get, &c };
	struct template *t = template_parse(overlay, relpath);
	struct buf out = BUF_INIT;
	int rc;

	if (t == NULL)
		return NULL;
	rc = template_render_to(t, &lk, &out);
	template_free(t);
	if (rc != 0) {
		buf_free(&out);
		return NULL;
	}
	buf_adds(&out, "");
	return buf_release(&out);
}
