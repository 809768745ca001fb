/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template.c: the template language of kickstarts and boot menus (the
 * syntax is in template.h).  A template is parsed whole into a tree before
 * anything is written, so an unclosed block or a bad tag is found even in
 * a branch the profile does not take; rendering then walks the tree.
 *
 * Only "{{", "{%" and "{#" are special.  A block tag or comment that is
 * alone on its line takes the line with it (its indentation and newline),
 * so templates can be laid out for reading without blank lines in the
 * output.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "template.h"

#define TPL_INCLUDE_DEPTH	16
#define TPL_OUTPUT_MAX		(4 * 1024 * 1024)
#define TPL_LIST_MAX		256
#define TPL_SCOPE_MAX		16
#define TPL_TAG_MAX		1024

enum nkind { N_TEXT, N_VAR, N_LIT, N_IF, N_FOR, N_INCLUDE };
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
	struct node	*alt;		/* N_IF: else branch (an N_IF for elif) */
	struct node	*next;
};

/* What a tag is, once its delimiters are stripped. */
enum tkind { T_EOF, T_TEXT, T_VAR, T_IF, T_ELIF, T_ELSE, T_ENDIF, T_FOR,
	T_ENDFOR, T_INCLUDE };

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
	char		*words[6];	/* tag words, owned */
	int		 nwords;
};

/* The state of one rendering. */
struct render {
	const char		*overlay;
	const char		*base;		/* "kickstart/", "isolinux/" */
	const struct profile	*profile;
	const struct tvar	*extra;
	size_t			 nextra;
	const char		*scope_name[TPL_SCOPE_MAX];
	const char		*scope_value[TPL_SCOPE_MAX];
	int			 nscope;
	int			 depth;
	struct buf		 out;
};

static void
node_free(struct node *n)
{
	while (n != NULL) {
		struct node *next = n->next;

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
		if (lx->nwords == 6) {
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
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(w, kinds[i].w) == 0)
			return kinds[i].k;
	return T_EOF;
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
	if (type == '#') {
		lx->kind = T_TEXT;
		lx->tlen = 0;
	} else if (lex_split_tag(lx, lx->p, (size_t)(end - lx->p)) != 0)
		return -1;
	else if (lx->nwords == 0) {
		log_error("%s:%d: empty tag", lx->name, lx->tline);
		return -1;
	} else if (type == '{')
		lx->kind = T_VAR;
	else if ((lx->kind = block_kind(lx->words[0])) == T_EOF) {
		log_error("%s:%d: unknown tag '%s' (expected if, elif, else, "
		    "endif, for, endfor or include)", lx->name, lx->tline,
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
static int
parse_cond(struct lexer *lx, struct node *n)
{
	char **w = lx->words + 1;
	int nw = lx->nwords - 1;

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
		if (lx->nwords == 1 && is_quoted(lx->words[0])) {
			n = node_new(N_LIT, lx->tline);
			n->a = xstrndup(lx->words[0] + 1,
			    strlen(lx->words[0]) - 2);
			return n;
		}
		if (lx->nwords != 1 || !is_name(lx->words[0])) {
			log_error("%s:%d: bad variable: expected {{ NAME }} "
			    "or {{ \"text\" }}", lx->name, lx->tline);
			return NULL;
		}
		n = node_new(N_VAR, lx->tline);
		n->a = xstrdup(lx->words[0]);
		return n;
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

/* The extra variable called name, or NULL. */
static const struct tvar *
find_extra(const struct render *r, const char *name)
{
	for (size_t i = r->nextra; i > 0; i--)
		if (strcmp(r->extra[i - 1].name, name) == 0)
			return &r->extra[i - 1];
	return NULL;
}

/* The scalar value of name (a loop variable, an extra one or a profile
 * key), or NULL if undefined; *is_list is set when name is a list. */
static const char *
lookup(const struct render *r, const char *name, int *is_list)
{
	const struct tvar *v;

	*is_list = 0;
	for (int i = r->nscope; i > 0; i--)
		if (strcmp(r->scope_name[i - 1], name) == 0)
			return r->scope_value[i - 1];
	if ((v = find_extra(r, name)) != NULL) {
		if (v->values != NULL) {
			*is_list = 1;
			return "";
		}
		return v->value ? v->value : "";
	}
	if (r->profile != NULL && profile_has_key(name))
		return profile_get(r->profile, name);
	return NULL;
}

/* The elements of the list called name: an extra list variable, or a
 * scalar (profile key, extra or loop variable) split on commas and blanks,
 * which is how the profile writes lists ("sda,sdb", "22:tcp,80:tcp").
 * Returns a NULL-terminated array the caller frees with free_list, or NULL
 * after a message. */
static char **
list_of(const struct render *r, const char *tname, int line, const char *name)
{
	const struct tvar *v = find_extra(r, name);
	char **items = xcalloc(TPL_LIST_MAX + 1, sizeof(*items));
	const char *s;
	int is_list, n = 0;

	if (v != NULL && v->values != NULL) {
		for (; v->values[n] != NULL; n++) {
			if (n == TPL_LIST_MAX)
				goto toolong;
			items[n] = xstrdup(v->values[n]);
		}
		return items;
	}
	if ((s = lookup(r, name, &is_list)) == NULL) {
		log_error("%s:%d: undefined list '%s'", tname, line, name);
		free(items);
		return NULL;
	}
	while (*s != '\0') {
		size_t len = strcspn(s, ", \t\n");

		if (len > 0) {
			if (n == TPL_LIST_MAX)
				goto toolong;
			items[n++] = xstrndup(s, len);
		}
		s += len;
		s += strspn(s, ", \t\n");
	}
	return items;
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

/* Evaluates an if's condition.  Returns 1 true, 0 false, -1 after a
 * message (an undefined name). */
static int
eval_cond(struct render *r, const char *tname, const struct node *n)
{
	int is_list, truth;
	const char *v = lookup(r, n->a, &is_list);

	if (v == NULL) {
		log_error("%s:%d: undefined variable '%s' in a condition",
		    tname, n->line, n->a);
		return -1;
	}
	if (is_list)
		truth = n->op == C_TRUE && find_extra(r, n->a)->values[0];
	else if (n->op == C_TRUE)
		truth = *v != '\0' && strcmp(v, "no") != 0;
	else
		truth = (strcmp(v, n->b) == 0) == (n->op == C_EQ);
	return n->neg ? !truth : truth;
}

/* Runs a loop: its body once per element, with the loop variable bound.
 * Returns 0, or -1 after a message. */
static int
render_for(struct render *r, const char *tname, const struct node *n)
{
	char **items;
	int rc = 0;

	if (r->nscope == TPL_SCOPE_MAX) {
		log_error("%s:%d: loops nested deeper than %d", tname, n->line,
		    TPL_SCOPE_MAX);
		return -1;
	}
	if ((items = list_of(r, tname, n->line, n->b)) == NULL)
		return -1;
	r->scope_name[r->nscope] = n->a;
	r->nscope++;
	for (char **it = items; *it != NULL && rc == 0; it++) {
		r->scope_value[r->nscope - 1] = *it;
		rc = render_nodes(r, tname, n->body);
	}
	r->nscope--;
	free_list(items);
	return rc;
}

static int render_file(struct render *, const char *rel, const char *from,
    int line);

/* Renders one node.  Returns 0, or -1 after a message. */
static int
render_node(struct render *r, const char *tname, const struct node *n)
{
	const char *v;
	char *rel;
	int is_list, c, rc;

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
	case N_INCLUDE:
		if (!path_is_safe(n->a)) {
			log_error("%s:%d: include \"%s\": only relative paths "
			    "inside the template directory (no '..', no "
			    "leading '/')", tname, n->line, n->a);
			return -1;
		}
		rel = xasprintf("%s%s", r->base, n->a);
		rc = render_file(r, rel, tname, n->line);
		free(rel);
		return rc;
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

/* The name messages give the template rel: the site copy's path when the
 * overlay has one, else the shipped relative path.  Caller frees. */
static char *
template_name(const char *overlay, const char *rel)
{
	char *p;

	if (overlay != NULL && *overlay != '\0') {
		p = path_join(overlay, rel);
		if (path_exists(p))
			return p;
		free(p);
	}
	return xstrdup(rel);
}

/* Reads, parses and renders the template rel (included from from:line,
 * or from NULL for the top).  Returns 0, or -1 after a message. */
static int
render_file(struct render *r, const char *rel, const char *from, int line)
{
	struct buf text = BUF_INIT;
	struct node *tree = NULL;
	char *name = template_name(r->overlay, rel);
	int rc = -1, ok, got;

	if (r->depth >= TPL_INCLUDE_DEPTH) {
		log_error("%s:%d: includes nested deeper than %d (does a "
		    "snippet include itself?)", from, line, TPL_INCLUDE_DEPTH);
		goto out;
	}
	if ((got = resource_read(r->overlay, rel, &text)) != 0) {
		if (got == -1 && from != NULL)
			log_error("%s:%d: include: no template %s%s%s", from,
			    line, rel, r->overlay && *r->overlay ?
			    " in the site directory or the shipped set" :
			    " in the shipped set", "");
		else if (got == -1)
			log_error("%s: no such template%s", rel,
			    r->overlay && *r->overlay ? " in the site "
			    "directory or the shipped set" : "");
		goto out;
	}
	if (memchr(text.data, '\0', text.len) != NULL) {
		log_error("%s: not a text file", name);
		goto out;
	}
	buf_adds(&text, "");
	tree = parse_template(name, text.data, &ok);
	if (!ok)
		goto out;
	r->depth++;
	rc = render_nodes(r, name, tree);
	r->depth--;
out:
	node_free(tree);
	buf_free(&text);
	free(name);
	return rc;
}

char *
template_render(const char *overlay, const char *relpath,
    const struct profile *p, const struct tvar *extra, size_t nextra)
{
	struct render r;
	const char *slash = strchr(relpath, '/');
	char *base;

	memset(&r, 0, sizeof(r));
	base = slash ? xstrndup(relpath, (size_t)(slash - relpath + 1)) :
	    xstrdup("");
	r.overlay = overlay;
	r.base = base;
	r.profile = p;
	r.extra = extra;
	r.nextra = nextra;
	if (render_file(&r, relpath, NULL, 0) != 0) {
		buf_free(&r.out);
		free(base);
		return NULL;
	}
	free(base);
	return buf_release(&r.out);
}
