/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template.h: the template language of kickstarts and boot menus.
 *
 *   {{ name }}                     a variable: any profile key
 *                                  ("network.mgmt_nic") or an extra one
 *   {% if name %} {% elif name == "v" %} {% else %} {% endif %}
 *   {% for x in name %} ... {{ x }} ... {% endfor %}   (list variables)
 *   {% include "snippets/pre-vtcheck.ks" %}
 *   {# a comment that never reaches the output #}
 *
 * Everything else, `$`, `%`, backticks and `${...}` included, passes
 * through untouched.  An undefined variable, a missing include or an
 * unclosed block is an error naming template:line, never an empty string.
 * Includes resolve inside the template directories only.
 */
#ifndef XENINFN_TEMPLATE_H
#define XENINFN_TEMPLATE_H
#include <stddef.h>
#include <stdint.h>

struct profile;

/* An extra variable: a single value, or a list when values is set. */
struct tvar {
	const char		*name;
	const char		*value;		/* scalar, or NULL */
	const char *const	*values;	/* list, NULL-terminated */
};

/*
 * Renders the template at relpath (e.g. "kickstart/xeninfn.ks",
 * "isolinux/isolinux.cfg"), looked up first in overlay (a site directory,
 * may be NULL) then in the embedded set, with the profile's keys and the
 * extra variables (which win over profile keys of the same name): the
 * one-shot form of template_parse, template_render_to and template_free.
 * Returns the text (caller frees) or NULL after messages.
 */
char	*template_render(const char *overlay, const char *relpath,
	    const struct profile *, const struct tvar *extra, size_t nextra);

/* ---- the parsed form, for callers that render a template many times ---- */

struct buf;
struct template;

/* How a render finds its variables: get returns the value of name, or
 * NULL when it is undefined; for a list variable it sets *list (a
 * NULL-terminated array, left NULL otherwise) and returns "".  ctx is
 * get's own.  What get returns must stay valid for the render. */
struct tlookup {
	const char	*(*get)(void *ctx, const char *name,
			    const char *const **list);
	void		*ctx;
};

/*
 * Reads and parses the template at relpath (overlay, then the embedded
 * set, as template_render) and every template it includes, in any
 * branch, once each.  A syntax error anywhere is an error here; an
 * include of a file that does not exist, or of a path outside the
 * template directory, is one when the render reaches it (as with
 * template_render).  Returns the template (free with template_free) or
 * NULL after messages naming template:line.
 */
struct template *template_parse(const char *overlay, const char *relpath);
void	 template_free(struct template *);
/* Renders t with the variables of lk, appending to out.  Returns 0, or
 * -1 after messages (out then holds a partial text). */
int	 template_render_to(const struct template *t,
	    const struct tlookup *lk, struct buf *out);

/* FNV-1a, 64 bits, of len bytes at p continuing from h (start with
 * TEMPLATE_HASH_INIT): a fast key, not a cryptographic digest. */
#define TEMPLATE_HASH_INIT	0xcbf29ce484222325ULL
uint64_t template_hash(uint64_t h, const void *p, size_t len);
/* The hash of the paths and texts of every file t read (its includes
 * too): two parses of the same template set have the same digest. */
uint64_t template_digest(const struct template *t);

#define TEMPLATE_READ		0	/* every variable read */
#define TEMPLATE_COMPARED	1	/* compared with == or != in an if */
/*
 * The variables t and the files it includes read (which: TEMPLATE_READ)
 * or compare in a condition (TEMPLATE_COMPARED): a sorted,
 * NULL-terminated array of distinct names, without loop variables
 * (loop.*, a for's own) and names a {% set %} binds.  Whatever t renders
 * depends on these variables' values and on t's text only.  *n gets
 * their number.  The caller frees the array; the names are t's.
 */
const char **template_vars(const struct template *t, int which,
	    size_t *n);
#endif
