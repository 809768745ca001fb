/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hosttoken.c: the per-host tokens of a PXE tree (hosttoken.h).
 *
 *   # xeninfn pxe host tokens 1
 *   NAME TOKEN          (one host a line, NAME lower case)
 *
 * A token never changes while its host stays in the inventory, so a
 * re-run of `xeninfn pxe` renders the same kickstarts and rewrites none;
 * a new host gets a new token and a host that leaves loses its own.
 */
#include <sys/random.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xeninfn.h"
#include "hosttoken.h"
#include "pxe.h"

#define TOKENS_MAGIC	"# xeninfn pxe host tokens 1"

struct token_ent {
	char	*name;		/* lower case; NULL: a free slot */
	char	 tok[HOST_TOKEN_LEN + 1];
};

/* An open-addressing table of cap (a power of two) slots. */
struct host_tokens {
	char			*path;
	struct token_ent	*t;
	size_t			 cap, n;
	int			 dirty;
};

/* FNV-1a of the lower-cased name. */
static size_t
name_hash(const char *name)
{
	size_t h = 2166136261u;

	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;
		h ^= (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
		h *= 16777619u;
	}
	return h;
}

/* The slot of name, or the free slot where it would go. */
static struct token_ent *
slot_of(const struct host_tokens *ht, const char *name)
{
	size_t i = name_hash(name) & (ht->cap - 1);

	while (ht->t[i].name != NULL && strcasecmp(ht->t[i].name, name) != 0)
		i = (i + 1) & (ht->cap - 1);
	return &ht->t[i];
}

/* Adds name with token tok (HOST_TOKEN_LEN hex digits), growing the
 * table at half full.  Returns the entry. */
static struct token_ent *
put(struct host_tokens *ht, const char *name, const char *tok)
{
	struct token_ent *e;

	if (2 * (ht->n + 1) > ht->cap) {
		struct token_ent *old = ht->t;
		size_t oldcap = ht->cap;
		ht->cap = oldcap ? oldcap * 2 : 64;
		ht->t = xcalloc(ht->cap, sizeof(*ht->t));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				*slot_of(ht, old[i].name) = old[i];
		free(old);
	}
	e = slot_of(ht, name);
	if (e->name == NULL) {
		e->name = xstrdup(name);
		for (char *c = e->name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c |= 0x20;
		ht->n++;
	}
	memcpy(e->tok, tok, HOST_TOKEN_LEN);
	e->tok[HOST_TOKEN_LEN] = '\0';
	return e;
}

/* 1 if s is HOST_TOKEN_LEN lower-case hex digits. */
static int
valid_token(const char *s)
{
	return strlen(s) == HOST_TOKEN_LEN &&
	    strspn(s, "0123456789abcdef") == HOST_TOKEN_LEN;
}

/* One line of the file into ht; malformed lines are skipped with a
 * warning (that host gets a new token). */
static void
load_line(struct host_tokens *ht, char *line, size_t lineno)
{
	char *sp = strchr(line, ' ');

	if (*line == '#' || *line == '\0')
		return;
	if (sp == NULL || (*sp = '\0', !valid_hostname(line)) ||
	    !valid_token(sp + 1)) {
		log_warn("%s:%zu: not a 'HOST TOKEN' line: skipped (that host "
		    "gets a new token)", ht->path, lineno);
		return;
	}
	put(ht, line, sp + 1);
}

struct host_tokens *
host_tokens_load(const char *outdir)
{
	struct host_tokens *ht = xcalloc(1, sizeof(*ht));
	struct buf b = BUF_INIT;
	char *line, *next;
	size_t lineno = 0;

	ht->path = path_join(outdir, HOST_TOKENS_FILE);
	if (!path_exists(ht->path))
		goto out;
	if (read_file(ht->path, (size_t)16 << 20, &b) != 0)
		goto fail;
	buf_adds(&b, "");
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (lineno++ == 0 && strcmp(line, TOKENS_MAGIC) != 0) {
			log_error("%s: not a token file of xeninfn pxe (remove "
			    "it to give every host a new token)", ht->path);
			goto fail;
		}
		load_line(ht, line, lineno);
	}
out:
	buf_free(&b);
	return ht;
fail:
	buf_free(&b);
	host_tokens_free(ht);
	return NULL;
}

int
host_tokens_for_pxe(const struct profile *p, const char *outdir,
    struct host_tokens **out)
{
	*out = NULL;
	if (*profile_get(p, "pxe.serve_url") == '\0')
		return 0;
	*out = host_tokens_load(outdir);
	return *out ? 0 : -1;
}

const char *
host_tokens_find(const struct host_tokens *ht, const char *name)
{
	const struct token_ent *e;

	if (ht == NULL || ht->cap == 0)
		return NULL;
	e = slot_of(ht, name);
	return e->name ? e->tok : NULL;
}

const char *
host_tokens_get(struct host_tokens *ht, const char *name)
{
	unsigned char raw[HOST_TOKEN_LEN / 2];
	char hex[HOST_TOKEN_LEN + 1];
	const char *have = host_tokens_find(ht, name);
	size_t got = 0;

	if (have != NULL)
		return have;
	while (got < sizeof(raw)) {
		ssize_t r = getrandom(raw + got, sizeof(raw) - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			log_errno("getrandom: no random bytes for the token of "
			    "host %s", name);
			return NULL;
		}
		got += (size_t)r;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	ht->dirty = 1;
	return put(ht, name, hex)->tok;
}

int
host_tokens_save(struct host_tokens *ht, const struct inventory *inv)
{
	struct buf b = BUF_INIT;
	size_t kept = 0;
	int rc = 0;

	if (ht == NULL)
		return 0;
	buf_printf(&b, "%s\n# the token of each host's kickstart for xeninfn "
	    "serve; keep it secret\n", TOKENS_MAGIC);
	for (size_t i = 0; inv != NULL && i < inv->n; i++) {
		const char *tok = host_tokens_find(ht, inv->hosts[i].hostname);
		if (tok == NULL)
			continue;
		buf_printf(&b, "%s %s\n", slot_of(ht,
		    inv->hosts[i].hostname)->name, tok);
		kept++;
	}
	if (ht->dirty || kept != ht->n)
		rc = write_file_atomic(ht->path, b.data, b.len, 0600);
	if (rc == 0)
		ht->dirty = 0;
	buf_free(&b);
	return rc;
}

void
host_tokens_free(struct host_tokens *ht)
{
	if (ht == NULL)
		return;
	for (size_t i = 0; i < ht->cap; i++)
		free(ht->t[i].name);
	free(ht->t);
	free(ht->path);
	free(ht);
}

int
host_token_equal(const char *a, const char *b)
{
	size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
	unsigned char d = 0;

	if (la != lb || la == 0)
		return 0;
	for (size_t i = 0; i < la; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}
