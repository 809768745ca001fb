/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template.c: the template language of kickstarts and boot menus (the
 * syntax is in template.h).  A template is parsed whole into a tree before
 * anything is written, so an unclosed block or a bad tag is found even in
 * a branch the profile does not take; rendering then walks the tree.
 *
 * A parsed template (struct template) holds its file and every file it
 * includes, each parsed once and shared however often it is included, so
 * that a caller rendering many times (one kickstart per PXE host) parses
 * once and can ask which variables the whole set reads.
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

#define TPL_INCLUDE_DEPTH	16
#define TPL_OUTPUT_MAX		(4 * 1024 * 1024)
#define TPL_LIST_MAX		256
#define TPL_SCOPE_MAX		64	/* loop variables and sets */
#define TPL_TAG_MAX		1024

enum nkind { N_TEXT, N_VAR, N_LIT, N_IF, N_FOR, N_INCLUDE, N_EXPR, N_SET };

/* One argument of a filter: a literal (a "string", a number, true or
 * false) or a variable. */
struct farg {
	int		 is_name;
	char		*s;
};

/* A filter of an expression ("| join(",")"); chained by next. */
struct filter {
	char		*name;
	int		 nargs;
	struct farg	 args[2];
	int		 line;
	struct filter	*next;
};

/* An expression: a variable or a literal, then its filters. */
struct expr {
	struct farg	 head;
	struct filter	*filters;
};
enum cop { C_TRUE, C_EQ, C_NE };

/* One node of a parsed template; siblings are chained by next. */
struct node {
	enum nkind	 kind;
	int		 line;
	char		*a;		/* text, name, literal, loop var, path */
	char		*b;		/* loop list name, compared value */
	enum cop	 op;		/* N_IF */
	int		 neg;		/* N_IF: "not" */
	struct node	*body;		/* N_IF then-branch, N_FOR body */
	struct tfile	*inc;		/* N_INCLUDE: the file (NULL: a path
					   refused at render time) */
	struct node	*alt;		/* N_IF: else branch (an N_IF for elif) */
	struct expr	*expr;		/* N_EXPR, N_SET (a: the name set) */
	struct node	*next;
};

/* What a tag is, once its delimiters are stripped. */
enum tkind { T_EOF, T_TEXT, T_VAR, T_IF, T_ELIF, T_ELSE, T_ENDIF, T_FOR,
	T_ENDFOR, T_INCLUDE, T_SET };

struct lexer {
	const char	*name;		/* for messages */
	const char	*start;		/* the whole text */
	const char	*p;		/* next unread byte */
	int		 line;
	int		 errors;
	/* the current token */
	enum tkind	 kind;
	int		 tline;
	const char	*text;		/* T_TEXT */
	size_t		 tlen;
	char		*words[16];	/* tag words, owned */
	int		 nwords;
	char		*raw;		/* T_VAR, T_SET: the tag's inside */
};

/* One file of a parsed template. */
struct tfile {
	char		*rel;		/* "kickstart/snippets/post.ks" */
	char		*name;		/* for messages: the site copy's path,
					   or rel */
	int		 missing;	/* no such file: said when rendered */
	struct node	*tree;
	struct tfile	*next;
};

/* A parsed template and the files it includes (template.h). */
struct template {
	char		*overlay;
	char		*base;		/* "kickstart/", "isolinux/" */
	struct tfile	*top, *files;
	uint64_t	 digest;	/* template_hash of every file read */
};

/* The state of one rendering. */
struct render {
	const struct template	*t;
	const struct tlookup	*lk;
	const char		*scope_name[TPL_SCOPE_MAX];
	const char		*scope_value[TPL_SCOPE_MAX];
	char			*scope_owned[TPL_SCOPE_MAX];	/* freed */
	int			 nscope;
	int			 depth;
	struct buf		 out;
};

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

static void
node_free(struct node *n)
{
	while (n != NULL) {
		struct node *next = n->next;

		expr_free(n->expr);
		free(n->a);
		free(n->b);
		node_free(n->body);
		node_free(n->alt);
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
		node_free(n);
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
	node_free(n);
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
	node_free(n);
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
	node_free(n);
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
			node_free(n);
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
static struct node *
parse_template(const char *name, const char *text, int *ok)
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
		node_free(tree);
		return NULL;
	}
	return tree;
}

/* The value of name (a loop variable or set, else the caller's lookup),
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
static const char *
lookup(const struct render *r, const char *name, int *is_list)
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
 * Returns a NULL-terminated array the caller frees with free_list, or NULL
 * after a message. */
static char **
list_of(const struct render *r, const char *tname, int line, const char *name)
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

static void
free_list(char **l)
{
	if (l == NULL)
		return;
	for (char **p = l; *p; p++)
		free(*p);
	free(l);
}

static int render_nodes(struct render *, const char *tname,
    const struct node *);

static char *eval_expr(struct render *, const char *tname, int line,
    const struct expr *);

/* The truth of a value in a condition: not "", "no" (the profile's false)
 * or "False" (loop.first, loop.last). */
static int
is_true(const char *v)
{
	return *v != '\0' && strcmp(v, "no") != 0 && strcmp(v, "False") != 0;
}

/* Evaluates an if's condition.  Returns 1 true, 0 false, -1 after a
 * message (an undefined name). */
static int
eval_cond(struct render *r, const char *tname, const struct node *n)
{
	const char *const *list;
	const char *v;
	char *ev;
	int truth;

	if (n->expr != NULL) {		/* a condition with filters */
		if ((ev = eval_expr(r, tname, n->line, n->expr)) == NULL)
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
	char	**list;		/* owned (free_list) */
};

static void
tval_set(struct tval *v, char *s)
{
	free(v->s);
	free_list(v->list);
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
	if ((v = lookup(r, a->s, &is_list)) == NULL || is_list)
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
			free_list(items);
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
static char *
eval_expr(struct render *r, const char *tname, int line,
    const struct expr *e)
{
	struct tval v = { NULL, NULL };
	const char *s;
	char *out = NULL;
	int is_list;

	if (!e->head.is_name)
		v.s = xstrdup(e->head.s);
	else if ((s = lookup(r, e->head.s, &is_list)) != NULL && is_list)
		v.list = list_of(r, tname, line, e->head.s);
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

	if ((items = list_of(r, tname, n->line, n->b)) == NULL)
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
	free_list(items);
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
		if ((v = lookup(r, n->a, &is_list)) == NULL) {
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
		if ((c = eval_cond(r, tname, n)) < 0)
			return -1;
		return render_nodes(r, tname, c ? n->body : n->alt);
	case N_FOR:
		return render_for(r, tname, n);
	case N_EXPR:
		if ((rel = eval_expr(r, tname, n->line, n->expr)) == NULL)
			return -1;
		buf_adds(&r->out, rel);
		free(rel);
		return 0;
	case N_SET:
		if ((rel = eval_expr(r, tname, n->line, n->expr)) == NULL)
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
	f->tree = parse_template(f->name, text.data, &ok);
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
		node_free(f->tree);
		free(f->rel);
		free(f->name);
		free(f);
	}
	free(t->overlay);
	free(t->base);
	free(t);
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
