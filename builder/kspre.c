/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kspre.c: what the %pre scripts of a kickstart write into files, as far
 * as a reader can tell without running them: `cat >FILE <<WORD`
 * here-documents (also <<-WORD and a quoted WORD) and one-line
 * `echo "..." >FILE` or `echo '...' >>FILE`.  The checker checks an
 * %include of such a file once per way of writing it.  No limits: as many
 * files, names and words as the text holds.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kscheck-int.h"

#define WORD_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789_"

/* The word after "<<" in line (with an optional '-' and quotes), as a
 * new string (caller frees); sets *dash for "<<-".  NULL when the line
 * starts no here-document. */
static char *
heredoc_word(const char *line, int *dash)
{
	const char *p = strstr(line, "<<");
	size_t k;

	if (p == NULL)
		return NULL;
	p += 2;
	*dash = *p == '-';
	p += *dash;
	p += strspn(p, " \t'\"");
	k = strspn(p, WORD_CHARS);
	return k > 0 ? xstrndup(p, k) : NULL;
}

/* The file a shell line redirects standard output to (">FILE", ">>
 * FILE"), or NULL; the caller frees it. */
static char *
redirect_target(const char *line)
{
	const char *p = line;

	while ((p = strchr(p, '>')) != NULL) {
		if (p > line && p[-1] == '2') {
			p++;
			continue;
		}
		p += 1 + (p[1] == '>');
		p += strspn(p, " \t");
		if (*p != '\0' && *p != '&')
			return xstrndup(p, strcspn(p, " \t;<"));
	}
	return NULL;
}

/* Appends one written file to the list. */
static void
add_written(struct ks_written **w, size_t *n, char *path, char *body,
    int line)
{
	*w = realloc_n(*w, *n + 1, sizeof(**w));
	(*w)[*n].path = path;
	(*w)[*n].body = body;
	(*w)[(*n)++].line = line;
}

/* An `echo "text" >FILE` of a %pre: the file and "text\n", or nothing. */
static void
note_echo(struct ks_written **w, size_t *n, int line, const char *t)
{
	const char *q, *e;
	char *target;

	if (strncmp(t, "echo ", 5) != 0)
		return;
	q = t + 5 + strspn(t + 5, " \t");
	if ((*q != '"' && *q != '\'') || (e = strchr(q + 1, *q)) == NULL)
		return;
	if ((target = redirect_target(e)) == NULL)
		return;
	add_written(w, n, target, xasprintf("%.*s\n", (int)(e - q - 1),
	    q + 1), line);
}

/* 1 if line t (blanks skipped) is a %pre header. */
static int
is_pre(const char *t)
{
	return strncmp(t, "%pre", 4) == 0 && (t[4] == '\0' ||
	    isspace((unsigned char)t[4]));
}

size_t
kspre_collect(const char *text, size_t len, struct ks_written **out)
{
	struct buf body = BUF_INIT;
	char *term = NULL, *target = NULL;
	int line = 0, in_pre = 0, dash = 0, start = 0;
	size_t n = 0;

	*out = NULL;
	for (const char *l = text, *end = text + len; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		size_t ll = nl != NULL ? (size_t)(nl - l) : (size_t)(end - l);
		char *s = xstrndup(l, ll), *t = s + strspn(s, " \t");

		line++;
		l += ll + (nl != NULL);
		if (ll > 0 && s[ll - 1] == '\r')
			s[ll - 1] = '\0';
		if (target != NULL) {
			if (strcmp(dash ? t : s, term) == 0) {
				add_written(out, &n, target,
				    buf_release(&body), start);
				target = NULL;
			} else
				buf_printf(&body, "%s\n", s);
		} else if (*t == '%')
			in_pre = is_pre(t);
		else if (in_pre && strncmp(t, "cat", 3) == 0 &&
		    (free(term), term = heredoc_word(t, &dash)) != NULL &&
		    (target = redirect_target(t)) != NULL) {
			buf_reset(&body);
			buf_adds(&body, "");
			start = line + 1;
		} else if (in_pre)
			note_echo(out, &n, line, t);
		free(s);
	}
	free(term);
	free(target);
	buf_free(&body);
	return n;
}

void
kspre_free(struct ks_written *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(w[i].path);
		free(w[i].body);
	}
	free(w);
}
