/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * treeinfo.c: the small text files that describe an install tree:
 * .discinfo (seven lines, anaconda's makestamp), .treeinfo (INI, from
 * anaconda 11.1.2.88 on; [checksums] only from RHEL 6 on) and a
 * SHA256SUMS file an operator trusts; and checking files against the
 * checksums they list.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>

#include "xeninfn.h"
#include "tree-int.h"

void
tree_desc_free(struct tree_desc *d)
{
	free(d->family);
	free(d->release);
	free(d->arch);
	free(d->timestamp);
	free(d->kernel);
	free(d->initrd);
	memset(d, 0, sizeof(*d));
}

void
tree_sums_add(struct tree_sums *s, const char *path, int algo,
    const char *hex, const char *source)
{
	struct tree_sum *e;

	s->v = realloc_n(s->v, s->n + 1, sizeof(*s->v));
	e = &s->v[s->n++];
	e->path = xstrdup(path);
	e->algo = algo;
	e->hex = xstrdup(hex);
	for (char *p = e->hex; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	e->source = xstrdup(source);
}

void
tree_sums_free(struct tree_sums *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].hex);
		free(s->v[i].source);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* 1 if s is n hex digits and nothing else. */
static int
is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return i == n;
}

/* The hex length of a digest of algo. */
static size_t
hex_len(int algo)
{
	switch (algo) {
	case DIGEST_MD5:
		return 32;
	case DIGEST_SHA1:
		return 40;
	case DIGEST_SHA256:
		return 64;
	default:
		return 128;
	}
}

/* Splits "Scientific Linux 5.1" into family and release: the release is
 * the last word that starts with a digit.  Returns 0 or -1. */
static int
split_release(const char *s, struct tree_desc *d)
{
	const char *p, *word = NULL;
	size_t flen;

	for (p = s; *p != '\0'; p++)
		if (isdigit((unsigned char)*p) && (p == s || p[-1] == ' '))
			word = p;
	if (word == NULL)
		return -1;
	d->release = xstrndup(word, strcspn(word, " "));
	for (flen = (size_t)(word - s); flen > 0 && s[flen - 1] == ' ';)
		flen--;
	d->family = xstrndup(s, flen);
	return 0;
}

int
parse_discinfo(const char *text, const char *where, struct tree_desc *d)
{
	char *copy = xstrdup(text), *lines[3] = { 0 }, *p = copy;
	int n = 0, rc = -1;

	while (n < 3 && p != NULL) {
		lines[n++] = p;
		if ((p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
	}
	for (int i = 0; i < n; i++)
		lines[i][strcspn(lines[i], "\r")] = '\0';
	if (n < 3 || *lines[2] == '\0') {
		log_error("%s: too short: a .discinfo has a timestamp, the "
		    "release and the arch on its first three lines", where);
		goto out;
	}
	if (strtod(lines[0], NULL) <= 0) {
		log_error("%s:1: \"%s\" is not a timestamp", where, lines[0]);
		goto out;
	}
	if (split_release(lines[1], d) != 0) {
		log_error("%s:2: \"%s\" names no release (expected like "
		    "\"Scientific Linux 5.1\")", where, lines[1]);
		goto out;
	}
	d->timestamp = xstrdup(lines[0]);
	d->arch = xstrdup(lines[2]);
	rc = 0;
out:
	free(copy);
	return rc;
}

struct treeinfo_ctx {
	struct tree_desc	*d;
	struct tree_sums	*sums;
	char			*images;	/* "images-x86_64" */
	const char		*where;
	int			 bad;
};

/* Takes one "algo:hex" value of [checksums]; 0, or -1 after a message. */
static int
treeinfo_sum(struct treeinfo_ctx *c, const char *path, const char *value)
{
	const char *colon = strchr(value, ':');
	char *name;
	int algo;

	if (colon == NULL)
		goto bad;
	name = xstrndup(value, (size_t)(colon - value));
	algo = digest_algo_from_name(name);
	free(name);
	if (algo < 0 || !is_hex(colon + 1, hex_len(algo)))
		goto bad;
	tree_sums_add(c->sums, path, algo, colon + 1, ".treeinfo");
	return 0;
bad:
	log_error("%s: [checksums] %s = %s: expected sha256:HEX", c->where,
	    path, value);
	return -1;
}

static int
treeinfo_entry(void *arg, const char *section, const char *key,
    const char *value)
{
	struct treeinfo_ctx *c = arg;
	char **slot = NULL;

	if (strcmp(section, "general") == 0) {
		if (strcmp(key, "family") == 0)
			slot = &c->d->family;
		else if (strcmp(key, "version") == 0)
			slot = &c->d->release;
		else if (strcmp(key, "arch") == 0)
			slot = &c->d->arch;
		else if (strcmp(key, "timestamp") == 0)
			slot = &c->d->timestamp;
	} else if (strcmp(section, c->images) == 0) {
		if (strcmp(key, "kernel") == 0)
			slot = &c->d->kernel;
		else if (strcmp(key, "initrd") == 0)
			slot = &c->d->initrd;
	} else if (strcmp(section, "checksums") == 0 &&
	    treeinfo_sum(c, key, value) != 0)
		c->bad = 1;
	if (slot != NULL) {
		free(*slot);
		*slot = xstrdup(value);
	}
	return 1;
}

int
parse_treeinfo(const char *text, const char *where, const char *arch,
    struct tree_desc *d, struct tree_sums *sums)
{
	struct treeinfo_ctx c = { d, sums, NULL, where, 0 };
	int line, rc = -1;

	c.images = xasprintf("images-%s", arch);
	if ((line = ini_parse_string(text, treeinfo_entry, &c)) != 0) {
		log_error("%s:%d: not INI syntax", where, line);
		goto out;
	}
	if (c.bad)
		goto out;
	if (d->release == NULL || d->arch == NULL) {
		log_error("%s: [general] needs version and arch", where);
		goto out;
	}
	if ((d->kernel != NULL && !path_is_safe(d->kernel)) ||
	    (d->initrd != NULL && !path_is_safe(d->initrd))) {
		log_error("%s: [%s] kernel/initrd must be relative paths inside "
		    "the tree", where, c.images);
		goto out;
	}
	rc = 0;
out:
	free(c.images);
	return rc;
}

/* Takes one line of a SHA256SUMS file; 0, or -1 if it is malformed. */
static int
sha256sums_line(char *line, struct tree_sums *s)
{
	char *name;

	line[strcspn(line, "\r")] = '\0';
	if (*line == '\0' || *line == '#')
		return 0;
	if (strlen(line) < 67 || (line[64] != ' ') ||
	    (line[65] != ' ' && line[65] != '*'))
		return -1;
	line[64] = '\0';
	name = line + 66;
	if (strncmp(name, "./", 2) == 0)
		name += 2;
	if (!is_hex(line, 64) || !path_is_safe(name))
		return -1;
	tree_sums_add(s, name, DIGEST_SHA256, line, "SHA256SUMS");
	return 0;
}

int
parse_sha256sums(const char *text, const char *where, struct tree_sums *s)
{
	char *copy = xstrdup(text), *line = copy, *next;
	int n = 0, rc = 0;

	for (; line != NULL && *line != '\0'; line = next) {
		n++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (sha256sums_line(line, s) != 0) {
			log_error("%s:%d: expected \"SHA256HEX  relative/path\"",
			    where, n);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

char *
tree_sums_verify(const struct tree_sums *s, const char *rel, const char *url,
    const char *local, const char *sha256)
{
	struct buf by = BUF_INIT;
	char *sum;

	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].path, rel) != 0)
			continue;
		if (s->v[i].algo == DIGEST_SHA256 && sha256 != NULL)
			sum = xstrdup(sha256);
		else if ((sum = digest_file_hex(s->v[i].algo, local)) == NULL)
			goto fail;
		if (strcmp(sum, s->v[i].hex) != 0) {
			log_error("%s: checksum mismatch: %s %s, but %s lists "
			    "%s for %s: the tree changed or the copy is "
			    "corrupt; fix the tree (or its checksum list) and "
			    "run again", url, digest_algo_name(s->v[i].algo),
			    sum, s->v[i].source, s->v[i].hex, rel);
			free(sum);
			goto fail;
		}
		free(sum);
		if (by.len == 0 || strstr(by.data, s->v[i].source) == NULL)
			buf_printf(&by, "%s%s", by.len ? ", " : "",
			    s->v[i].source);
	}
	if (by.len == 0)
		buf_adds(&by, "none");
	return buf_release(&by);
fail:
	buf_free(&by);
	return NULL;
}
