/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kscheck.c: checks a kickstart as anaconda 11.1.2 (SL 5.1, RHEL 5.1)
 * reads it.  The lines and sections are walked as pykickstart 0.43's
 * readKickstart walks them (which lines are split into words, which are
 * script, where a section starts); each command and %packages line goes
 * to the rules (ksrules.c), and an %include of a file a %pre writes
 * (kspre.c) is checked once per way of writing it.
 *
 * Findings go to stderr as "name:line: error: message [class]" or
 * "name:line: warning: message"; docs/kickstart.md lists the classes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kscheck-int.h"

/* The checker's own limits on what it reads (docs/kickstart.md): a
 * kickstart is a few kilobytes; these only keep memory bounded. */
#define KS_TEXT_MAX	KICKSTART_TEXT_MAX
#define KS_LINE_MAX	(64 * 1024)	/* command and %packages lines */

#define PY_SPACE	" \t\n\r\v\f"	/* Python's str.isspace() */

enum section { S_COMMANDS, S_PACKAGES, S_SCRIPT };

/* Prints msg to stderr with control characters escaped (\n, \xHH), so
 * that one finding stays one line. */
static void
print_escaped(const char *msg)
{
	for (const unsigned char *c = (const unsigned char *)msg; *c; c++)
		if (*c == '\n')
			fputs("\\n", stderr);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(stderr, "\\x%02x", *c);
		else
			fputc(*c, stderr);
}

void
ks_finding(struct ks *k, enum ks_class c, const char *fmt, ...)
{
	static const char *const tag[] = { "", " [parser]", " [installer]",
	    " [input]" };
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_adds(&b, "");
	fflush(stdout);
	fprintf(stderr, "%s:%d: %s: ", k->name, k->line > 0 ? k->line : 1,
	    c == KS_WARN ? "warning" : "error");
	print_escaped(b.data);
	fprintf(stderr, "%s\n", tag[c]);
	buf_free(&b);
	if (c == KS_WARN)
		k->rep->warnings++;
	else
		k->rep->errors++;
}

/* The sink of kslex.c's findings. */
static void
sink_emit(void *ctx, enum ks_class c, const char *msg)
{
	ks_finding(ctx, c, "%s", msg);
}

/* 1 if name is a section header pykickstart 0.43 knows. */
static int
is_header(const char *name)
{
	return ksgrammar_section(name) != NULL;
}

/* ---- section headers ---- */

/* Checks a section header (argv[0] is one); returns the section. */
static enum section
check_header(struct ks *k, char **argv, size_t argc)
{
	struct ksparsed p;
	const char *v;
	enum section s = strcmp(argv[0], "%packages") == 0 ? S_PACKAGES :
	    S_SCRIPT;

	ksopt_parse(&k->sink, argv[0], ksgrammar_section(argv[0]), argv + 1,
	    argc - 1, &p);
	if (p.npos > 0)
		ks_finding(k, KS_WARN, "%s: '%s' ignored: anaconda 11.1 reads "
		    "no such argument", argv[0], p.pos[0]);
	if (s == S_PACKAGES)
		k->ignoremissing = ksopt_value(&p, "--ignoremissing") != NULL;
	else if ((v = ksopt_value(&p, "--interpreter")) != NULL && *v != '/')
		ks_finding(k, KS_INSTALL, "%s --interpreter %s: give the "
		    "absolute path: anaconda runs it as a path and stops (\"%s "
		    "can not be run\")", argv[0], v, v);
	ksparsed_free(&p);
	return s;
}

/* Says why a % word outside the scripts stops pykickstart 0.43. */
static void
bad_percent(struct ks *k, const char *w)
{
	if (*w == '\0')
		ks_finding(k, KS_PARSE, "an empty word ('' or \"\") where a "
		    "command or section belongs");
	else if (strcmp(w, "%end") == 0)
		ks_finding(k, KS_PARSE, "%%end: anaconda 11.1 has no %%end (it "
		    "came with RHEL 6): a section runs to the next section "
		    "header");
	else
		ks_finding(k, KS_PARSE, "unknown section %s (expected %%pre, "
		    "%%post, %%traceback, %%packages or %%include)", w);
}

/* ---- %include ---- */

/* Checks the lines of one way a %pre writes an %included file. */
static void
check_written(struct ks *k, const struct ks_written *w)
{
	int saved = k->line;

	k->line = w->line - 1;
	for (const char *l = w->body; *l != '\0';) {
		size_t len = strcspn(l, "\n");
		char *s = xstrndup(l, len), *t = s + strspn(s, PY_SPACE);
		struct kswords words;
		const char *why;

		k->line++;
		l += len + (l[len] == '\n');
		if (*t == '%')
			ks_finding(k, KS_WARN, "%s: not checked inside a file "
			    "%%pre writes", t);
		else if (*t != '\0' && *t != '#') {
			if (kslex_split(s, len, &words, &why) != 0)
				ks_finding(k, KS_PARSE, "%s", why);
			else if (words.n > 0)
				ksrules_command(k, words.v, words.n);
			kswords_free(&words);
		}
		free(s);
	}
	k->line = saved;
}

/* An %include in the command section: each way a %pre writes the file
 * is checked as commands following those seen so far; what any of them
 * defines counts afterwards. */
static void
include_written(struct ks *k, const char *path)
{
	struct ks_scope before, merged;
	int found = 0;

	ks_scope_copy(&before, &k->sc);
	ks_scope_copy(&merged, &k->sc);
	for (size_t i = 0; i < k->nwrites; i++) {
		if (strcmp(k->writes[i].path, path) != 0)
			continue;
		ks_scope_free(&k->sc);
		ks_scope_copy(&k->sc, &before);
		check_written(k, &k->writes[i]);
		ks_scope_union(&merged, &k->sc);
		found++;
	}
	ks_scope_free(&k->sc);
	ks_scope_free(&before);
	k->sc = merged;
	if (!found)
		k->unresolved++;
}

/* Handles an %include line (followed in any section by anaconda). */
static void
check_include(struct ks *k, char **argv, size_t argc, enum section s)
{
	if (argc < 2 || *argv[1] == '\0') {
		ks_finding(k, KS_PARSE, "%%include: no file name");
		return;
	}
	if (argc > 2)
		ks_finding(k, KS_WARN, "%%include: '%s' ignored: one file a "
		    "line", argv[2]);
	if (s == S_COMMANDS)
		include_written(k, argv[1]);
}

/* ---- lines ---- */

/* A line of a script that pykickstart 0.43 passes to the interpreter. */
static void
script_line(struct ks *k, const char *t)
{
	size_t n = strcspn(t, PY_SPACE);

	if (*t != '%')
		return;
	if (n == 4 && strncmp(t, "%end", 4) == 0)
		ks_finding(k, KS_WARN, "%%end: anaconda 11.1 has no %%end: the "
		    "line goes to the interpreter as a command, which fails "
		    "(the script fails with it if it is its last command)");
	else
		ks_finding(k, KS_WARN, "%.*s: anaconda 11.1 passes this line to "
		    "the interpreter as part of the script", (int)n, t);
}

/* 1 if the first blank-separated word of t is one that makes
 * pykickstart 0.43 split a script line (a section header, %include), or
 * %ksappend, which anaconda replaces in any section before parsing. */
static int
split_in_script(const char *t)
{
	static const char *const w[] = { "%pre", "%post", "%traceback",
	    "%include", "%packages", "%ksappend", NULL };
	size_t n = strcspn(t, PY_SPACE);

	for (const char *const *p = w; *p != NULL; p++)
		if (strlen(*p) == n && strncmp(t, *p, n) == 0)
			return 1;
	return 0;
}

/* Checks one split line outside the scripts (or a script line that
 * starts a section).  Returns the section after it. */
static enum section
split_line(struct ks *k, char **argv, size_t argc, const char *raw,
    enum section s)
{
	const char *w = argv[0];

	if (strcmp(w, "%include") == 0) {
		check_include(k, argv, argc, s);
		return s;
	}
	if (strcmp(w, "%ksappend") == 0) {
		ks_finding(k, KS_WARN, "%%ksappend: anaconda fetches and inserts "
		    "the file before parsing; it is not checked here");
		k->unresolved++;
		return s;
	}
	if (is_header(w))
		return check_header(k, argv, argc);
	if (s == S_SCRIPT)
		return s;
	if (*w == '\0' || *w == '%')
		bad_percent(k, w);
	else if (s == S_COMMANDS)
		ksrules_command(k, argv, argc);
	else
		ksrules_package(k, raw);
	return s;
}

/* The line with blanks trimmed at its end (Python's rstrip), then at its
 * start (caller frees). */
static char *
trimmed(const char *l, size_t len)
{
	while (len > 0 && memchr(PY_SPACE, l[len - 1], 6) != NULL)
		len--;
	while (len > 0 && memchr(PY_SPACE, *l, 6) != NULL) {
		l++;
		len--;
	}
	return xstrndup(l, len);
}

/* Checks one line l in section s: len bytes without its newline, eol 1
 * when a newline follows (the words are split with it, as pykickstart
 * splits them: a backslash at the end escapes it).  Returns the section
 * after it. */
static enum section
check_line(struct ks *k, const char *l, size_t len, int eol, enum section s)
{
	const char *t = l + strspn(l, PY_SPACE), *why;
	struct kswords words;
	char *raw;

	if (*t == '\0' || *t == '#')
		return s;	/* blank or comment */
	if (s == S_SCRIPT && !split_in_script(t)) {
		raw = trimmed(l, len);
		script_line(k, raw);
		free(raw);
		return s;
	}
	if (len > KS_LINE_MAX) {
		ks_finding(k, KS_INPUT, "line longer than %d bytes (the "
		    "checker's limit for a command or %%packages line)",
		    KS_LINE_MAX);
		return s;
	}
	if (kslex_split(l, len + eol, &words, &why) != 0)
		ks_finding(k, KS_PARSE, "%s", why);
	else if (words.n > 0) {
		raw = trimmed(l, len);
		s = split_line(k, words.v, words.n, raw, s);
		free(raw);
	}
	kswords_free(&words);
	return s;
}

/* Checks the lines of text[0..len) in order. */
static void
check_lines(struct ks *k, const char *text, size_t len)
{
	enum section s = S_COMMANDS;
	int crlf = 0;

	for (const char *l = text, *end = text + len; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		size_t ll = nl != NULL ? (size_t)(nl - l) : (size_t)(end - l);

		int eol = nl != NULL;
		char *copy = xstrndup(l, ll + eol);	/* no NUL: checked */

		k->line++;
		if (ll > 0 && l[ll - 1] == '\r' && !crlf++)
			ks_finding(k, KS_WARN, "CRLF line ends: scripts would "
			    "see the carriage returns");
		s = check_line(k, copy, ll, eol, s);
		free(copy);
		l += ll + (nl != NULL);
	}
}

/* ---- bad input ---- */

/* The length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t k = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 :
	    (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;

	if (k == 0 || k > n || (k == 2 && s[0] < 0xc2) ||
	    (k == 4 && s[0] > 0xf4))
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((k == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
	    (k == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (k == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
	    (k == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return k;
}

/* The line of the first byte of text[0..len) that breaks UTF-8 (or is
 * NUL, when nul), or 0. */
static int
first_bad(const char *text, size_t len, int nul)
{
	int line = 1;

	for (size_t i = 0, k; i < len; i += k) {
		const unsigned char *u = (const unsigned char *)text + i;

		if (nul) {
			k = 1;
			if (*u == '\0')
				return line;
		} else if ((k = utf8_seq(u, len - i)) == 0)
			return line;
		if (*u == '\n')
			line++;
	}
	return 0;
}

/* Refuses what is no kickstart text.  Returns 0 to go on, -1. */
static int
check_input(struct ks *k, const char *text, size_t len)
{
	int bad;

	if (len > KS_TEXT_MAX) {
		ks_finding(k, KS_INPUT, "larger than %d bytes (the checker's "
		    "limit): not a kickstart", KS_TEXT_MAX);
		return -1;
	}
	if ((bad = first_bad(text, len, 1)) > 0) {
		k->line = bad;
		ks_finding(k, KS_INPUT, "a NUL byte: a binary file, not a "
		    "kickstart (the loader reads it as C strings and would "
		    "lose the rest of the line)");
		return -1;
	}
	if ((bad = first_bad(text, len, 0)) > 0) {
		k->line = bad;
		ks_finding(k, KS_WARN, "not valid UTF-8 (the first such line): "
		    "anaconda passes the bytes on as they are; a script or a "
		    "name may not mean what it shows");
		k->line = 0;
	}
	return 0;
}

int
kickstart_check_buf(const char *name, const char *text, size_t len,
    struct ks_report *rep)
{
	struct ks_report local = { 0, 0 };
	struct ks k = { 0 };

	k.name = name;
	k.rep = rep != NULL ? rep : &local;
	k.rep->errors = k.rep->warnings = 0;
	k.sink.emit = sink_emit;
	k.sink.ctx = &k;
	if (check_input(&k, text, len) != 0)
		goto out;
	k.nwrites = kspre_collect(text, len, &k.writes);
	check_lines(&k, text, len);
	ksrules_required(&k);
out:
	kspre_free(k.writes, k.nwrites);
	ks_scope_free(&k.sc);
	return k.rep->errors > 0 ? 1 : 0;
}

int
kickstart_check(const char *name, const char *text, struct ks_report *rep)
{
	return kickstart_check_buf(name, text, strlen(text), rep);
}
