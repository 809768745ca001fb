/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template-int.h: what the files of the template engine share (template.c
 * loads and queries, template-parse.c lexes and parses a file into a tree,
 * template-eval.c evaluates conditions, expressions and filters,
 * template-render.c walks the tree).  Not for the rest of the builder:
 * template.h is the engine's interface.
 */
#ifndef XENINFN_TEMPLATE_INT_H
#define XENINFN_TEMPLATE_INT_H
#include <stdint.h>

#include "xeninfn.h"

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

/* template-parse.c */
/* Parses the text of the file called name (for messages) whole.  Returns
 * its tree (NULL for an empty one; free with tpl_node_free) and sets *ok,
 * which is 0 after messages naming name:line. */
struct node	*tpl_parse_file(const char *name, const char *text, int *ok);
/* Frees the nodes n, their siblings and everything below them. */
void		 tpl_node_free(struct node *n);

/* template-eval.c (tname, line: where, for messages) */
/* The scalar value of name (a loop variable or set, else the caller's
 * lookup), or NULL if undefined; "" with *is_list set for a list.  The
 * value is the render's or the lookup's: do not free. */
const char	*tpl_lookup(const struct render *r, const char *name,
		    int *is_list);
/* The elements of the list called name (a list variable, or a scalar
 * split on commas and blanks): a NULL-terminated array to free with
 * tpl_free_list, or NULL after a message. */
char		**tpl_list_of(const struct render *r, const char *tname,
		    int line, const char *name);
void		 tpl_free_list(char **l);
/* The truth of an if's condition n: 1, 0, or -1 after a message. */
int		 tpl_eval_cond(struct render *r, const char *tname,
		    const struct node *n);
/* The value of expression e after its filters (caller frees), or NULL
 * after a message. */
char		*tpl_eval_expr(struct render *r, const char *tname, int line,
		    const struct expr *e);
#endif
