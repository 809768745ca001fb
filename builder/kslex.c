/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kslex.c: the shell-word lexer and the option-spec interpreter of the
 * kickstart checker (see kslex.h).  They follow Python 2.7's shlex and
 * optparse as pykickstart 0.43 uses them, so that the checker rejects a
 * line exactly when anaconda 11.1's parser does.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xeninfn.h"
#include "kslex.h"
#include "ksgrammar.h"

#define SHLEX_BLANKS	" \t\r\n"
#define PY_SPACE	" \t\n\r\v\f"

/* ks_emitf with a va_list. */
static void
vemitf(const struct ks_sink *s, enum ks_class c, const char *fmt,
    va_list ap)
{
	struct buf b = BUF_INIT;

	buf_vprintf(&b, fmt, ap);
	buf_adds(&b, "");
	s->emit(s->ctx, c, b.data);
	buf_free(&b);
}

void
ks_emitf(const struct ks_sink *s, enum ks_class c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemitf(s, c, fmt, ap);
	va_end(ap);
}

/* ---- words ---- */

/* Appends a word starting at start to w (its pointer array grows). */
static void
add_word(struct kswords *w, char *start)
{
	if ((w->n & (w->n - 1)) == 0)	/* 0, 1, 2, 4, ...: full */
		w->v = realloc_n(w->v, w->n ? 2 * w->n : 1, sizeof(*w->v));
	w->v[w->n++] = start;
}

/* Reads a quoted part that starts after the quote q at *p (end is the
 * line's end), writing into *o.  Returns 0, or -1 with *why. */
static int
quoted(const char **p, const char *end, char **o, char q, const char **why)
{
	for (const char *s = *p; s < end; s++) {
		if (*s == q) {
			*p = s + 1;
			return 0;
		}
		if (q == '"' && *s == '\\') {
			if (++s == end)
				break;
			if (*s != '\\' && *s != '"')
				*(*o)++ = '\\';
		}
		*(*o)++ = *s;
	}
	*why = "no closing quotation";
	return -1;
}

int
kslex_split(const char *line, size_t len, struct kswords *w,
    const char **why)
{
	const char *p = line, *end = line + len;
	char *o;

	memset(w, 0, sizeof(*w));
	w->store = o = xmalloc(len + 1);
	while (p < end) {
		if (memchr(SHLEX_BLANKS, *p, 4) != NULL) {
			p++;
			continue;
		}
		add_word(w, o);
		while (p < end && memchr(SHLEX_BLANKS, *p, 4) == NULL) {
			char c = *p++;

			if (c == '\'' || c == '"') {
				if (quoted(&p, end, &o, c, why) != 0)
					goto bad;
			} else if (c == '\\') {
				if (p == end) {
					*why = "no escaped character";
					goto bad;
				}
				*o++ = *p++;
			} else
				*o++ = c;
		}
		*o++ = '\0';
	}
	return 0;
bad:
	*o = '\0';
	return -1;
}

void
kswords_free(struct kswords *w)
{
	free(w->v);
	free(w->store);
	memset(w, 0, sizeof(*w));
}

/* The value of digit c in radix, or -1. */
static int
digit(char c, int radix)
{
	int d = isdigit((unsigned char)c) ? c - '0' :
	    isalpha((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 :
	    99;

	return d < radix ? d : -1;
}

int
kslex_int(const char *s, int radix, long *out)
{
	int neg = 0, n = 0;
	unsigned long v = 0;

	s += strspn(s, PY_SPACE);
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (s[0] == '0' && s[1] != '\0' && ((radix == 16 &&
	    tolower((unsigned char)s[1]) == 'x') || (radix == 8 &&
	    tolower((unsigned char)s[1]) == 'o') || (radix == 2 &&
	    tolower((unsigned char)s[1]) == 'b')) && digit(s[2], radix) >= 0)
		s += 2;
	for (; digit(*s, radix) >= 0; s++, n++)
		v = v * (unsigned long)radix + (unsigned long)digit(*s, radix);
	s += strspn(s, PY_SPACE);
	if (n == 0 || *s != '\0')
		return 0;
	if (out != NULL)
		*out = neg ? -(long)v : (long)v;
	return 1;
}

int
kslex_pyint(const char *s, long *out)
{
	if (strncasecmp(s, "0x", 2) == 0)
		return kslex_int(s, 16, out);
	if (strncasecmp(s, "0b", 2) == 0)
		return kslex_int(s[2] != '\0' ? s + 2 : "0", 2, out);
	return kslex_int(s, s[0] == '0' ? 8 : 10, out);
}

/* ---- options ---- */

/* One option of a spec: a word "--a/--b=...*!" of it. */
struct optdef {
	const char	*names;		/* "--a/--b" */
	size_t		 nlen;
	char		 kind;		/* 'f' flag, 'v' value, 'i' int,
					   'c' choice */
	const char	*choices;	/* "x|y|z" */
	size_t		 clen;
	int		 icase, required, deprecated;
};

/* The spec's options (caller frees); their count into *n. */
static struct optdef *
parse_spec(const char *spec, size_t *n)
{
	struct optdef *defs = NULL;

	*n = 0;
	for (;;) {
		size_t len;
		const char *w, *e, *s;
		struct optdef d = { 0 };

		spec += strspn(spec, " ");
		if ((len = strcspn(spec, " ")) == 0)
			break;
		w = spec;
		e = w + len;
		spec = e;
		d.names = w;
		d.nlen = strcspn(w, "=#*! ");
		s = w + d.nlen;
		d.kind = 'f';
		if (s < e && *s == '#') {
			d.kind = 'i';
			s++;
		} else if (s < e && *s == '=') {
			s++;
			d.icase = s < e && *s == '~';
			s += d.icase;
			d.choices = s;
			d.clen = strcspn(s, "*! ");
			d.kind = d.clen > 0 ? 'c' : 'v';
			s += d.clen;
		}
		for (; s < e; s++) {
			d.required |= *s == '*';
			d.deprecated |= *s == '!';
		}
		defs = realloc_n(defs, *n + 1, sizeof(*defs));
		defs[(*n)++] = d;
	}
	return defs;
}

/* The first name of d (caller frees). */
static char *
first_name(const struct optdef *d)
{
	return xstrndup(d->names, strcspn(d->names, "/=#*! "));
}

/*
 * Finds option word name among defs as optparse does: an exact name, or
 * the only name it is a prefix of (two names of one option are two).
 * Returns the index, -1 if unknown, -2 if ambiguous.
 */
static int
match_option(const struct optdef *defs, size_t ndefs, const char *name)
{
	int found = -1, hits = 0;
	size_t n = strlen(name);

	for (size_t i = 0; i < ndefs; i++)
		for (const char *s = defs[i].names; s < defs[i].names +
		    defs[i].nlen;) {
			size_t k = strcspn(s, "/=#*! ");

			if (k == n && strncmp(s, name, n) == 0)
				return (int)i;
			if (k > n && strncmp(s, name, n) == 0) {
				found = (int)i;
				hits++;
			}
			s += k + (s[k] == '/');
		}
	return hits == 1 ? found : hits > 1 ? -2 : -1;
}

/* 1 if v is one of d's '|'-separated choices. */
static int
is_choice(const struct optdef *d, const char *v)
{
	size_t n = strlen(v);

	for (const char *c = d->choices; c < d->choices + d->clen;) {
		size_t k = strcspn(c, "|*! ");

		if (k == n && (d->icase ? strncasecmp(c, v, n) :
		    strncmp(c, v, n)) == 0)
			return 1;
		c += k + (c[k] == '|');
	}
	return 0;
}

/* State of one ksopt_parse run. */
struct optrun {
	const struct ks_sink	*sink;
	const char		*what;
	struct optdef		*defs;
	size_t			 ndefs;
	struct ksparsed		*out;
};

/* Reports an option error and counts it. */
static void __attribute__((format(printf, 2, 3)))
opt_error(struct optrun *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemitf(r->sink, KS_PARSE, fmt, ap);
	va_end(ap);
	r->out->errors++;
}

/* Checks an option's value against its kind; reports a bad one. */
static void
check_value(struct optrun *r, const struct optdef *d, const char *name,
    const char *v)
{
	if (d->kind == 'i' && !kslex_pyint(v, NULL))
		opt_error(r, "%s %s: invalid integer value: '%s'", r->what,
		    name, v);
	else if (d->kind == 'c' && !is_choice(d, v))
		opt_error(r, "%s %s: invalid choice '%s' (choose from %.*s)",
		    r->what, name, v, (int)d->clen, d->choices);
}

/* Says why option word name is not an option of the command. */
static void
unknown_option(struct optrun *r, const char *name, int ambiguous)
{
	if (ambiguous)
		opt_error(r, "%s: ambiguous option %s", r->what, name);
	else if (strcmp(r->what, "%pre") == 0 &&
	    strncmp(name, "--nochroot", strlen(name)) == 0)
		opt_error(r, "%%pre: no such option %s: --nochroot is only "
		    "valid on %%post (every %%pre runs outside the installed "
		    "system)", name);
	else if (ksgrammar_later_option(r->what, name) != NULL)
		opt_error(r, "%s %s: an option of later anaconda releases; "
		    "anaconda 11.1 (RHEL 5.1) rejects it", r->what, name);
	else
		opt_error(r, "%s: no such option %s", r->what, name);
}

/* Adds an option occurrence to the result. */
static void
add_opt(struct ksparsed *p, const struct optdef *d, const char *val)
{
	p->opt = realloc_n(p->opt, p->nopt + 1, sizeof(*p->opt));
	p->opt[p->nopt].name = first_name(d);
	p->opt[p->nopt++].val = val;
}

/* Adds a positional argument to the result. */
static void
add_pos(struct ksparsed *p, const char *w)
{
	p->pos = realloc_n(p->pos, p->npos + 1, sizeof(*p->pos));
	p->pos[p->npos++] = w;
}

/* Reads the option word argv[i]; may take the next word as its value.
 * Returns the index of the next word. */
static size_t
take_option(struct optrun *r, char **argv, size_t argc, size_t i)
{
	char *w = argv[i], *eq = NULL;
	const char *val = NULL;
	const struct optdef *d;
	int k;

	if (w[1] != '-') {
		opt_error(r, "%s: no such option %.2s", r->what, w);
		return i + 1;
	}
	if ((eq = strchr(w, '=')) != NULL) {
		*eq = '\0';
		val = eq + 1;
	}
	if ((k = match_option(r->defs, r->ndefs, w)) < 0) {
		unknown_option(r, w, k == -2);
		return i + 1;
	}
	d = &r->defs[k];
	if (d->kind == 'f' && val != NULL) {
		opt_error(r, "%s: %.*s option does not take a value", r->what,
		    (int)strcspn(d->names, "/=#*! "), d->names);
		return i + 1;
	}
	if (d->kind != 'f' && val == NULL) {
		if (i + 1 >= argc) {
			opt_error(r, "%s: %.*s option requires an argument",
			    r->what, (int)strcspn(d->names, "/=#*! "),
			    d->names);
			return i + 1;
		}
		val = argv[++i];
	}
	if (val != NULL) {
		char *name = first_name(d);

		check_value(r, d, name, val);
		free(name);
	}
	add_opt(r->out, d, val);
	return i + 1;
}

void
ksopt_parse(const struct ks_sink *sink, const char *what, const char *spec,
    char **argv, size_t argc, struct ksparsed *out)
{
	struct optrun r = { sink, what, NULL, 0, out };

	memset(out, 0, sizeof(*out));
	r.defs = parse_spec(spec, &r.ndefs);
	for (size_t i = 0; i < argc;) {
		if (strcmp(argv[i], "--") == 0) {
			for (i++; i < argc; i++)
				add_pos(out, argv[i]);
			break;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			add_pos(out, argv[i++]);
		else
			i = take_option(&r, argv, argc, i);
	}
	for (size_t d = 0; d < r.ndefs; d++) {
		char *name = first_name(&r.defs[d]);

		if (r.defs[d].required && ksopt_value(out, name) == NULL)
			opt_error(&r, "%s: %s is required", what, name);
		else if (r.defs[d].deprecated && out->errors == 0 &&
		    ksopt_value(out, name) != NULL)
			ks_emitf(sink, KS_WARN, "%s %s is deprecated: anaconda "
			    "11.1 accepts and ignores it", what, name);
		free(name);
	}
	free(r.defs);
}

void
ksparsed_free(struct ksparsed *p)
{
	for (size_t i = 0; i < p->nopt; i++)
		free(p->opt[i].name);
	free(p->opt);
	free(p->pos);
	memset(p, 0, sizeof(*p));
}

const char *
ksopt_value(const struct ksparsed *p, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; i < p->nopt; i++)
		if (strcmp(p->opt[i].name, name) == 0)
			v = p->opt[i].val ? p->opt[i].val : "";
	return v;
}

const char *
ksopt_first(const struct ksparsed *p, const char *name)
{
	for (size_t i = 0; i < p->nopt; i++)
		if (strcmp(p->opt[i].name, name) == 0)
			return p->opt[i].val ? p->opt[i].val : "";
	return NULL;
}
