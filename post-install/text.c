/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Line edits of the two config formats the helpers touch:
 *   - shell "KEY=value" files (ifcfg-*, /etc/sysconfig/kernel);
 *   - xend's one-line s-expressions, "(key value)" (xend-config.sxp).
 * A line that already says what we want is kept byte for byte; every
 * other line is never touched, so comments and unknown keys survive.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

/*
 * Does the line (len bytes, no '\n') set key?  Returns a copy of the
 * value, unquoted and trimmed, that the caller frees; NULL if not.
 */
typedef char *(*line_match)(const char *, size_t, const char *);

/* Copy p[0..len) without surrounding blanks.  Caller frees; NULL on ENOMEM. */
static char *
trimmed(const char *p, size_t len)
{
	char *s;

	while (len > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
	    p[len - 1] == '\r'))
		len--;
	if ((s = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/* line_match for "KEY=value" (value may be in '' or ""). */
static char *
kv_match(const char *p, size_t len, const char *key)
{
	size_t klen = strlen(key);
	char *v;
	size_t n;

	while (len > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	if (len < klen + 1 || memcmp(p, key, klen) != 0 || p[klen] != '=')
		return NULL;
	if ((v = trimmed(p + klen + 1, len - klen - 1)) == NULL)
		return NULL;
	n = strlen(v);
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		memmove(v, v + 1, n - 2);
		v[n - 2] = '\0';
	}
	return v;
}

/* line_match for "(key value)" not behind a '#'. */
static char *
sxp_match(const char *p, size_t len, const char *key)
{
	size_t klen = strlen(key);
	const char *end;

	while (len > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	if (len < klen + 2 || p[0] != '(' || memcmp(p + 1, key, klen) != 0)
		return NULL;
	if (p[klen + 1] != ' ' && p[klen + 1] != '\t' && p[klen + 1] != ')')
		return NULL;
	if ((end = memrchr(p, ')', len)) == NULL || end < p + klen + 1)
		return NULL;
	return trimmed(p + klen + 1, end - (p + klen + 1));
}

/*
 * Insert line (without '\n') at offset at of b.  Returns 0 or -1 (out of
 * memory).
 */
static int
insert_line(struct buf *b, size_t at, const char *line)
{
	size_t n = strlen(line) + 1, tail = b->len - at;

	if (buf_add(b, line, n) == -1)	/* grow by n bytes */
		return -1;
	memmove(b->data + at + n, b->data + at, tail);
	memcpy(b->data + at, line, n - 1);
	b->data[at + n - 1] = '\n';
	return 0;
}

/*
 * Rewrite b: every line that match() says sets key gets replaced by
 * repl (a whole line without '\n'), unless its value already equals want;
 * with repl NULL such lines are deleted.  When no line matched and repl is
 * set, repl goes after the last commented-out setting of key ("#(key ...)",
 * where the file documents it), else at the end.  Returns 0, or -1 when
 * out of memory.
 */
static int
rewrite(struct buf *b, line_match match, const char *key, const char *want,
    const char *repl)
{
	struct buf out;
	const char *p, *nl, *end;
	char *val;
	size_t after_comment = 0;	/* offset in out, 0: none */
	int found = 0, rc = -1;

	buf_init(&out);
	if (buf_add(&out, "", 0) == -1)
		return -1;
	p = b->data ? b->data : "";
	end = p + b->len;
	for (; p < end; p = nl) {
		const char *eol = memchr(p, '\n', end - p);
		nl = eol ? eol + 1 : end;
		val = match(p, (eol ? eol : end) - p, key);
		if (val == NULL) {
			if (buf_add(&out, p, nl - p) == -1)
				goto out;
			if (*p == '#' && eol != NULL && (val = match(p + 1,
			    eol - p - 1, key)) != NULL) {
				after_comment = out.len;
				free(val);
			}
			continue;
		}
		found = 1;
		if (repl != NULL && want != NULL && strcmp(val, want) == 0) {
			if (buf_add(&out, p, nl - p) == -1)
				goto fail;
		} else if (repl != NULL) {
			if (buf_adds(&out, repl) == -1 ||
			    buf_adds(&out, "\n") == -1)
				goto fail;
		}
		free(val);
		continue;
fail:
		free(val);
		goto out;
	}
	if (!found && repl != NULL && after_comment > 0) {
		if (insert_line(&out, after_comment, repl) == -1)
			goto out;
	} else if (!found && repl != NULL) {
		if (out.len > 0 && out.data[out.len - 1] != '\n' &&
		    buf_adds(&out, "\n") == -1)
			goto out;
		if (buf_adds(&out, repl) == -1 || buf_adds(&out, "\n") == -1)
			goto out;
	}
	buf_free(b);
	*b = out;
	buf_init(&out);
	rc = 0;
out:
	buf_free(&out);
	return rc;
}

/*
 * The value of the last line of text that match() says sets key (what a
 * shell or xend reading the file would see).  Returns a string the caller
 * frees, or NULL.
 */
static char *
last_value(const char *text, line_match match, const char *key)
{
	const char *p = text, *eol;
	char *val, *last = NULL;

	while (p && *p) {
		eol = strchr(p, '\n');
		val = match(p, eol ? (size_t)(eol - p) : strlen(p), key);
		if (val != NULL) {
			free(last);
			last = val;
		}
		p = eol ? eol + 1 : NULL;
	}
	return last;
}

/*
 * Make every line setting key say value (the line becomes fmt with key
 * and value), or append one.  Returns 0 or -1.
 */
static int
set_value(struct buf *b, line_match match, const char *fmt, const char *key,
    const char *value)
{
	struct buf line;
	int rc;

	buf_init(&line);
	if (buf_printf(&line, fmt, key, value) == -1)
		return -1;
	rc = rewrite(b, match, key, value, line.data);
	buf_free(&line);
	return rc;
}

/* The unquoted value of the last "KEY=" line; caller frees; or NULL. */
char *
kv_get(const char *text, const char *key)
{
	return last_value(text, kv_match, key);
}

/* Make every "KEY=" line say value, or append one.  Returns 0 or -1. */
int
kv_set(struct buf *b, const char *key, const char *value)
{
	return set_value(b, kv_match, "%s=%s", key, value);
}

/* Delete every "KEY=" line.  Returns 0 or -1. */
int
kv_del(struct buf *b, const char *key)
{
	return rewrite(b, kv_match, key, NULL, NULL);
}

/* The value of the last active "(key value)" line; caller frees; or NULL. */
char *
sxp_get(const char *text, const char *key)
{
	return last_value(text, sxp_match, key);
}

/* Make every active "(key ...)" line say value, or append one.  0 or -1. */
int
sxp_set(struct buf *b, const char *key, const char *value)
{
	return set_value(b, sxp_match, "(%s %s)", key, value);
}
