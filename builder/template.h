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
 * extra variables (which win over profile keys of the same name).
 * Returns the text (caller frees) or NULL after messages.
 */
char	*template_render(const char *overlay, const char *relpath,
	    const struct profile *, const struct tvar *extra, size_t nextra);
#endif
