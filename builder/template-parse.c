/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template-parse.c: the lexer and the parser of the template language
 * (template.h).  A file is parsed whole into a tree of nodes before
 * anything is rendered, so an unclosed block or a bad tag is found even in
 * a branch the profile does not take.
 *
 * Only "{{", "{%" and "{#" are special.  A block tag or comment that is
 * alone on its line takes the line with it (its indentation and newline),
 * so templates can be laid out for reading without blank lines in the
 * output.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "template.h"
#include "template-int.h"

/* Frees an expression and its filters. */
static void
expr_free(struct expr *e)
{
	struct filter *f, *next;

	if (e == NULL)
		return;
	for (f = e->filters; f != NULL; f = next) {
		next = f->next;
		for (int i = 0; i < f->nargs; i++)
			free(f->args[i].s);
		free(f->name);
		free(f);
	}
	free(e->head.s);
	free(e);
}

/* Frees the nodes n, their siblings and everything below them. */
void
tpl_node_free(struct node *n)
{
	while (n != NULL) {
		struct node *next = n->next;

		expr_free(n->expr);
		free(n->a);
		free(n->b);
		tpl_node_free(n->body);
		tpl_node_free(n->alt);
		free(n);
		n = next;
	}
}

static void
lex_clear_words(struct lexer *lx)
{
	for (int i = 0; i < lx->nwords; i++)
		free(lx->words[i]);
	lx->nwords = 0;
	free(lx->raw);
	lx->raw = NULL;
}

/* Splits a tag's inside into words: bare words, "quoted strings" (kept
 * with their quotes so the parser can tell them apart) and the operators
 * == and !=.  Returns 0, or -1 after a message. */
static int
lex_split_tag(struct lexer *lx, const char *s, size_t n)
{
	const char *end = s + n, *w;

	while (s < end) {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (lx->nwords == 16) {
			log_error("%s:%d: too many words in a tag", lx->name,
			    lx->tline);
			return -1;
		}
		w = s;
		if (*s == '"') {
			for (s++; s < end && *s != '"'; s++)
				;
			if (s == end) {
				log_error("%s:%d: unterminated string in a "
				    "tag", lx->name, lx->tline);
				return -1;
			}
			s++;
		} else if ((*s == '=' || *s == '!') && s + 1 < end &&
		    s[1] == '=')
			s += 2;
		else
			while (s < end && !isspace((unsigned char)*s) &&
			    *s != '"')
				s++;
		lx->words[lx->nwords++] = xstrndup(w, (size_t)(s - w));
	}
	return 0;
}

/* 1 if the tag starting at open (a "{%" or "{#") and ending before after
 * is alone on its line: only blanks before it since the line began (at
 * linestart) and only blanks then a newline (or the end) after it. */
static int
tag_alone(const char *linestart, const char *open, const char *after)
{
	for (const char *q = linestart; q < open; q++)
		if (*q != ' ' && *q != '\t')
			return 0;
	while (*after == ' ' || *after == '\t')
		after++;
	return *after == '\n' || *after == '\0';
}

static int
count_lines(const char *s, const char *e)
{
	int n = 0;

	for (; s < e; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* The kind of a block tag from its first word, or T_EOF if unknown. */
static enum tkind
block_kind(const char *w)
{
	static const struct { const char *w; enum tkind k; } kinds[] = {
		{ "if", T_IF }, { "elif", T_ELIF }, { "else", T_ELSE },
		{ "endif", T_ENDIF }, { "for", T_FOR },
		{ "endfor", T_ENDFOR }, { "include", T_INCLUDE },
		{ "set", T_SET },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(w, kinds[i].w) == 0)
			return kinds[i].k;
	return T_EOF;
}

/* 1 if the inside of a {% %} tag is a set: "set" then a blank. */
static int
is_set_tag(const char *raw)
{
	raw += strspn(raw, " \t\n");
	return strncmp(raw, "set", 3) == 0 && raw[3] != '\0' &&
	    strchr(" \t\n", raw[3]) != NULL;
}

/* Reads one tag at lx->p (just past its opening "{{", "{%" or "{#"); a
 * tag alone on its line also takes the rest of the line.  Returns 0 with lx->kind set (T_TEXT with length 0 for a comment), or -1
 * after a message. */
static int
lex_tag(struct lexer *lx, char type, int alone)
{
	const char *close = type == '{' ? "}}" : type == '%' ? "%}" : "#}";
	const char *end = strstr(lx->p, close), *after;

	if (end == NULL) {
		log_error("%s:%d: unclosed tag (no '%s')", lx->name, lx->tline,
		    close);
		return -1;
	}
	after = end + 2;
	if (type != '#' && end - lx->p > TPL_TAG_MAX) {
		log_error("%s:%d: tag longer than %d bytes", lx->name,
		    lx->tline, TPL_TAG_MAX);
		return -1;
	}
	if (alone) {
		while (*after == ' ' || *after == '\t')
			after++;
		if (*after == '\n')
			after++;
	}
	if (type != '#')
		lx->raw = xstrndup(lx->p, (size_t)(end - lx->p));
	if (type == '#') {
		lx->kind = T_TEXT;
		lx->tlen = 0;
	} else if (type == '{' || is_set_tag(lx->raw)) {
		/* Expressions have their own parser (filters, arguments). */
		lx->kind = type == '{' ? T_VAR : T_SET;
		lx->words[lx->nwords++] = xstrdup(type == '{' ? "{{" : "set");
	} else if (lex_split_tag(lx, lx->p, (size_t)(end - lx->p)) != 0)
		return -1;
	else if (lx->nwords == 0) {
		log_error("%s:%d: empty tag", lx->name, lx->tline);
		return -1;
	} else if (type == '{')
		lx->kind = T_VAR;
	else if ((lx->kind = block_kind(lx->words[0])) == T_EOF) {
		log_error("%s:%d: unknown tag '%s' (expected if, elif, else, "
		    "endif, for, endfor, set or include)", lx->name, lx->tline,
		    lx->words[0]);
		return -1;
	} else if ((lx->kind == T_ELSE || lx->kind == T_ENDIF ||
	    lx->kind == T_ENDFOR) && lx->nwords != 1) {
		/* "{% endif x %}" would otherwise hide a typo'd condition */
		log_error("%s:%d: {%% %s %%} takes nothing (remove '%s')",
		    lx->name, lx->tline, lx->words[0], lx->words[1]);
		return -1;
	}
	lx->line += count_lines(lx->p, after);
	lx->p = after;
	return 0;
}

/* Where the tag at t (a "{%" or "{#") begins to consume input: the start
 * of its line when it is alone on that line (so its indentation goes with
 * it, and *alone is set), else t itself. */
static const char *
tag_start(const struct lexer *lx, const char *t, int *alone)
{
	const char *ls = t, *close;

	*alone = 0;
	if (t[1] == '{')
		return t;
	while (ls > lx->start && (ls[-1] == ' ' || ls[-1] == '\t'))
		ls--;
	if (ls > lx->start && ls[-1] != '\n')
		return t;
	close = strstr(t + 2, t[1] == '%' ? "%}" : "#}");
	if (close == NULL || !tag_alone(ls, t, close + 2))
		return t;
	*alone = 1;
	return ls;
}

/* Reads the next token: text up to the next tag, or the tag.  Returns 0,
 * or -1 after a message. */
static int
lex_next(struct lexer *lx)
{
	const char *s = lx->p, *t, *from;
	int alone = 0;

	lex_clear_words(lx);
	lx->tline = lx->line;
	if (*s == '\0') {
		lx->kind = T_EOF;
		return 0;
	}
	for (t = s; (t = strchr(t, '{')) != NULL; t++)
		if (t[1] == '{' || t[1] == '%' || t[1] == '#')
			break;
	from = t ? tag_start(lx, t, &alone) : NULL;
	if (from == NULL || from > s) {
		size_t n = from ? (size_t)(from - s) : strlen(s);

		lx->kind = T_TEXT;
		lx->text = s;
		lx->tlen = n;
		lx->line += count_lines(s, s + n);
		lx->p = s + n;
		return 0;
	}
	lx->p = t + 2;
	return lex_tag(lx, t[1], alone);
}

static struct node *
node_new(enum nkind kind, int line)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = line;
	return n;
}

/* 1 if s is a variable name: letters, digits, '_' and '.'. */
static int
is_name(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 128 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") == n;
}

static int
is_quoted(const char *w)
{
	size_t n = strlen(w);

	return n >= 2 && w[0] == '"' && w[n - 1] == '"';
}

/* Fills n (an N_IF) from the condition words of lx (after "if"/"elif").
 * Returns 0, or -1 after a message. */
static struct expr *parse_expr(struct lexer *, const char *);

/* Fills n (an N_IF) from a condition with filters: [not] EXPRESSION
 * [== "value" | != "value"], from the raw tag.  Returns 0, or -1 after a
 * message. */
static int
parse_cond_expr(struct lexer *lx, struct node *n)
{
	char **w = lx->words;
	int nw = lx->nwords;
	const char *p = lx->raw + strspn(lx->raw, " \t\n");
	char *lhs;

	p += strlen(w[0]);			/* if, elif */
	p += strspn(p, " \t\n");
	if (strcmp(w[1], "not") == 0) {
		n->neg = 1;
		p += 3;
	}
	n->op = C_TRUE;
	if (nw >= 4 && is_quoted(w[nw - 1]) && (strcmp(w[nw - 2], "==") == 0 ||
	    strcmp(w[nw - 2], "!=") == 0)) {
		n->op = w[nw - 2][0] == '=' ? C_EQ : C_NE;
		n->b = xstrndup(w[nw - 1] + 1, strlen(w[nw - 1]) - 2);
	}
	lhs = xstrdup(p);
	if (n->op != C_TRUE)		/* cut at the == or != */
		*strstr(lhs, w[nw - 2]) = '\0';
	n->expr = parse_expr(lx, lhs);
	free(lhs);
	return n->expr != NULL ? 0 : -1;
}

static int
parse_cond(struct lexer *lx, struct node *n)
{
	char **w = lx->words + 1;
	int nw = lx->nwords - 1;

	for (int i = 0; i < nw; i++)
		if (strchr(w[i], '|') != NULL && !is_quoted(w[i]))
			return parse_cond_expr(lx, n);

	if (nw > 0 && strcmp(w[0], "not") == 0) {
		n->neg = 1;
		w++;
		nw--;
	}
	if (nw == 1 && is_name(w[0])) {
		n->op = C_TRUE;
	} else if (nw == 3 && is_name(w[0]) && is_quoted(w[2]) &&
	    (strcmp(w[1], "==") == 0 || strcmp(w[1], "!=") == 0)) {
		n->op = w[1][0] == '=' ? C_EQ : C_NE;
		n->b = xstrndup(w[2] + 1, strlen(w[2]) - 2);
	} else {
		log_error("%s:%d: bad condition: expected NAME, not NAME, "
		    "NAME == \"value\" or NAME != \"value\"", lx->name,
		    lx->tline);
		return -1;
	}
	n->a = xstrdup(w[0]);
	return 0;
}

/* The filters, with how many arguments each takes. */
static const struct {
	const char	*name;
	int		 min, max;
} filters[] = {
	{ "default", 1, 2 }, { "join", 0, 1 }, { "length", 0, 0 },
	{ "lower", 0, 0 }, { "replace", 2, 2 }, { "upper", 0, 0 },
};
#define NFILTERS	(sizeof(filters) / sizeof(filters[0]))

/* Reads one term at *pp into a: a "string" or 'string', a number, true,
 * false, or a variable name.  Returns 0, or -1 if there is none. */
static int
parse_term(const char **pp, struct farg *a)
{
	const char *p = *pp, *e;
	size_t n;

	if (*p == '"' || *p == '\'') {
		if ((e = strchr(p + 1, *p)) == NULL)
			return -1;
		a->s = xstrndup(p + 1, (size_t)(e - p - 1));
		a->is_name = 0;
		*pp = e + 1;
		return 0;
	}
	n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
	if (n == 0 || n > 128)
		return -1;
	a->s = xstrndup(p, n);
	a->is_name = strspn(a->s, "-0123456789") != n &&
	    strcmp(a->s, "true") != 0 && strcmp(a->s, "false") != 0 &&
	    strcmp(a->s, "True") != 0 && strcmp(a->s, "False") != 0;
	if (a->is_name && !is_name(a->s)) {
		free(a->s);
		a->s = NULL;
		return -1;
	}
	*pp = p + n;
	return 0;
}

/* Checks filter f's name and argument count, with a "did you mean" for
 * an unknown one.  Returns 0, or -1 after a message. */
static int
check_filter(struct lexer *lx, const struct filter *f)
{
	struct suggest sg;

	suggest_init(&sg, f->name);
	for (size_t i = 0; i < NFILTERS; i++) {
		if (strcmp(f->name, filters[i].name) == 0) {
			if (f->nargs >= filters[i].min &&
			    f->nargs <= filters[i].max)
				return 0;
			log_error("%s:%d: filter '%s' takes %d to %d "
			    "arguments, not %d", lx->name, lx->tline, f->name,
			    filters[i].min, filters[i].max, f->nargs);
			return -1;
		}
		suggest_try(&sg, filters[i].name);
	}
	log_error("%s:%d: unknown filter '%s'%s%s%s (there are default, join, "
	    "length, lower, replace and upper)", lx->name, lx->tline, f->name,
	    sg.best ? "; did you mean '" : "", sg.best ? sg.best : "",
	    sg.best ? "'?" : "");
	return -1;
}

/* Reads "(ARG, ARG)" after a filter's name at *pp into f.  Returns 0, or
 * -1 if malformed. */
static int
parse_args(const char **pp, struct filter *f)
{
	const char *p = *pp + 1;

	for (;;) {
		p += strspn(p, " \t\n");
		if (*p == ')' && f->nargs == 0)
			break;
		if (f->nargs == 2 || parse_term(&p, &f->args[f->nargs]) != 0)
			return -1;
		f->nargs++;
		p += strspn(p, " \t\n");
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != ')')
			return -1;
		break;
	}
	*pp = p + 1;
	return 0;
}

/* Parses an expression: NAME or "text", then "| filter" or
 * "| filter(ARG, ...)" any number of times.  Returns it (caller frees
 * with expr_free), or NULL after a message. */
static struct expr *
parse_expr(struct lexer *lx, const char *p)
{
	struct expr *e = xcalloc(1, sizeof(*e));
	struct filter **tail = &e->filters, *f;
	size_t n;

	p += strspn(p, " \t\n");
	if (parse_term(&p, &e->head) != 0)
		goto bad;
	for (;;) {
		p += strspn(p, " \t\n");
		if (*p == '\0')
			return e;
		if (*p != '|')
			goto bad;
		p++;
		p += strspn(p, " \t\n");
		if ((n = strspn(p, "abcdefghijklmnopqrstuvwxyz_")) == 0)
			goto bad;
		f = *tail = xcalloc(1, sizeof(*f));
		tail = &f->next;
		f->name = xstrndup(p, n);
		f->line = lx->tline;
		p += n;
		p += strspn(p, " \t\n");
		if (*p == '(' && parse_args(&p, f) != 0)
			goto bad;
		if (check_filter(lx, f) != 0)
			goto fail;
	}
bad:
	log_error("%s:%d: bad expression: expected NAME or \"text\", then "
	    "| FILTER or | FILTER(ARGUMENTS) (default, join, length, lower, "
	    "replace, upper)", lx->name, lx->tline);
fail:
	expr_free(e);
	return NULL;
}

/* Parses "{% set NAME = EXPRESSION %}" (the current token).  Returns the
 * node, or NULL after a message. */
static struct node *
parse_set(struct lexer *lx)
{
	const char *p = lx->raw + strspn(lx->raw, " \t\n") + 3;
	struct node *n;
	size_t len;

	p += strspn(p, " \t\n");
	len = strspn(p, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (len == 0 || isdigit((unsigned char)*p) ||
	    p[len + strspn(p + len, " \t\n")] != '=') {
		log_error("%s:%d: bad set: expected {%% set NAME = EXPRESSION "
		    "%%} (NAME without dots: profile keys cannot be set)",
		    lx->name, lx->tline);
		return NULL;
	}
	n = node_new(N_SET, lx->tline);
	n->a = xstrndup(p, len);
	p += len;
	p += strspn(p, " \t\n") + 1;
	if ((n->expr = parse_expr(lx, p)) == NULL) {
		tpl_node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_block(struct lexer *, enum tkind *ended);

/* Ends the block n opened at line: returns n when its body ended with the
 * tag want (endif, endfor) and parsed cleanly, else frees it and returns
 * NULL (with a message unless an inner error already had one).  The
 * caller no longer owns n either way. */
static struct node *
block_end(struct lexer *lx, struct node *n, enum tkind ended,
    enum tkind want, int line)
{
	int is_if = want == T_ENDIF;

	if (lx->errors == 0 && ended == want)
		return n;
	if (lx->errors == 0 && ended == T_EOF)
		log_error("%s:%d: '%s' is never closed: add {%% %s %%}",
		    lx->name, line, is_if ? "if" : "for",
		    is_if ? "endif" : "endfor");
	else if (lx->errors == 0)	/* a second else, endfor for endif... */
		log_error("%s:%d: {%% %s %%} inside the '%s' of line %d, "
		    "which expects {%% %s %%} first", lx->name, lx->tline,
		    lx->words[0], is_if ? "if" : "for", line,
		    is_if ? "endif" : "endfor");
	lx->errors++;
	tpl_node_free(n);
	return NULL;
}

/* Parses an if (or elif) whose tag is the current token, through its
 * endif.  Returns the node, or NULL after a message. */
static struct node *
parse_if(struct lexer *lx)
{
	struct node *n = node_new(N_IF, lx->tline);
	int line = lx->tline;
	enum tkind ended;

	if (parse_cond(lx, n) != 0)
		goto fail;
	n->body = parse_block(lx, &ended);
	if (lx->errors)
		goto fail;
	if (ended == T_ELIF) {
		if ((n->alt = parse_if(lx)) == NULL)
			goto fail;
		return n;
	}
	if (ended == T_ELSE)
		n->alt = parse_block(lx, &ended);
	return block_end(lx, n, ended, T_ENDIF, line);
fail:
	lx->errors++;
	tpl_node_free(n);
	return NULL;
}

/* Parses a for whose tag is the current token, through its endfor.
 * Returns the node, or NULL after a message. */
static struct node *
parse_for(struct lexer *lx)
{
	struct node *n = node_new(N_FOR, lx->tline);
	int line = lx->tline;
	enum tkind ended;

	if (lx->nwords != 4 || !is_name(lx->words[1]) ||
	    strcmp(lx->words[2], "in") != 0 || !is_name(lx->words[3])) {
		log_error("%s:%d: bad loop: expected {%% for NAME in LIST %%}",
		    lx->name, lx->tline);
		goto fail;
	}
	n->a = xstrdup(lx->words[1]);
	n->b = xstrdup(lx->words[3]);
	n->body = parse_block(lx, &ended);
	return block_end(lx, n, ended, T_ENDFOR, line);
fail:
	lx->errors++;
	tpl_node_free(n);
	return NULL;
}

/* Turns the current simple token (text, variable, include) into a node.
 * Returns it, or NULL after a message. */
static struct node *
parse_simple(struct lexer *lx)
{
	struct node *n;

	switch (lx->kind) {
	case T_TEXT:
		n = node_new(N_TEXT, lx->tline);
		n->a = xstrndup(lx->text, lx->tlen);
		return n;
	case T_VAR:
		n = node_new(N_EXPR, lx->tline);
		if ((n->expr = parse_expr(lx, lx->raw)) == NULL) {
			tpl_node_free(n);
			return NULL;
		}
		/* A plain variable or literal keeps its own kind. */
		if (n->expr->filters == NULL) {
			n->kind = n->expr->head.is_name ? N_VAR : N_LIT;
			n->a = n->expr->head.s;
			n->expr->head.s = NULL;
			expr_free(n->expr);
			n->expr = NULL;
		}
		return n;
	case T_SET:
		return parse_set(lx);
	default:
		if (lx->nwords != 2 || !is_quoted(lx->words[1])) {
			log_error("%s:%d: bad include: expected {%% include "
			    "\"path\" %%}", lx->name, lx->tline);
			return NULL;
		}
		n = node_new(N_INCLUDE, lx->tline);
		n->a = xstrndup(lx->words[1] + 1, strlen(lx->words[1]) - 2);
		return n;
	}
}

/* Parses nodes until a tag that ends a block (elif, else, endif, endfor)
 * or the end, which *ended says.  Returns the list (may be NULL when
 * empty); on error lx->errors is set. */
static struct node *
parse_block(struct lexer *lx, enum tkind *ended)
{
	struct node *head = NULL, **tail = &head, *n;

	for (;;) {
		if (lex_next(lx) != 0) {
			lx->errors++;
			break;
		}
		*ended = lx->kind;
		if (lx->kind == T_EOF || lx->kind == T_ELIF ||
		    lx->kind == T_ELSE || lx->kind == T_ENDIF ||
		    lx->kind == T_ENDFOR)
			return head;
		if (lx->kind == T_TEXT && lx->tlen == 0)
			continue;
		if (lx->kind == T_IF)
			n = parse_if(lx);
		else if (lx->kind == T_FOR)
			n = parse_for(lx);
		else if ((n = parse_simple(lx)) == NULL)
			lx->errors++;
		if (n == NULL)
			break;
		*tail = n;
		tail = &n->next;
	}
	*ended = T_EOF;
	return head;
}

/* Parses a whole template.  Returns its tree (NULL for an empty one) and
 * sets *ok; after a message *ok is 0. */
struct node *
tpl_parse_file(const char *name, const char *text, int *ok)
{
	struct lexer lx;
	struct node *tree;
	enum tkind ended;

	memset(&lx, 0, sizeof(lx));
	lx.name = name;
	lx.start = text;
	lx.p = text;
	lx.line = 1;
	tree = parse_block(&lx, &ended);
	if (lx.errors == 0 && ended != T_EOF) {
		log_error("%s:%d: {%% %s %%} without its opening tag", name,
		    lx.tline, lx.words[0]);
		lx.errors++;
	}
	lex_clear_words(&lx);
	*ok = lx.errors == 0;
	if (!*ok) {
		tpl_node_free(tree);
		return NULL;
	}
	return tree;
}
