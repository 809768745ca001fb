/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inventory.c: the host inventory of a PXE tree, a CSV file with a header
 * row (RFC 4180 quoting, CRLF or LF, an optional UTF-8 BOM, '#' comment
 * lines).  The whole file is read once and its fields are cut out in
 * place, so a host costs a few pointers beyond its own text.  Everything is
 * checked before anything is returned: a PXE tree is never half-written
 * because of line 9,000 of the inventory.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xeninfn.h"
#include "inventory.h"

/* The columns with a meaning of their own; anything else must be a key of
 * the profile. */
enum col {
	COL_HOSTNAME, COL_MAC, COL_IP, COL_NETMASK, COL_GATEWAY,
	COL_NAMESERVER, COL_GUEST_IP, NSTDCOLS
};
static const char *const std_names[NSTDCOLS] = {
	"hostname", "mac", "ip", "netmask", "gateway", "nameserver",
	"guest_ip",
};

/* Profile keys a host may not override: the address columns have their
 * own names, and the rest is shared by the whole tree (one kernel, one
 * repository, one URL). */
static const char *const shared_prefixes[] = {
	"network.hostname", "network.bootproto", "network.ip",
	"network.netmask", "network.gateway", "network.nameserver",
	"network.guest_ip", "tree.", "pxe.", "product.", "xen.rpms",
	"xen.gpg_keys", "xen.allow_unsigned", "xen.version",
};

/* The parser's position in the text. */
struct csv {
	const char	*path;
	char		*p;		/* next byte to read */
	size_t		 line;		/* line of *p */
	int		 errors;
};

/* A record: pointers to its fields (cut out in place). */
struct record {
	char	*f[INVENTORY_MAX_COLUMNS];
	size_t	 n;
	size_t	 line;
};

/* Prints "path:line: message" and counts the error. */
static void csv_error(struct csv *, size_t, const char *, ...)
	__attribute__((format(printf, 3, 4)));
static void
csv_error(struct csv *c, size_t line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	log_error("%s:%zu: %s", c->path, line, msg.data);
	buf_free(&msg);
	c->errors++;
}

/* 1 if c ends a line (or the text). */
static int
is_eol(char c)
{
	return c == '\n' || c == '\r' || c == '\0';
}

/* Steps over one line end (LF, CRLF or a lone CR) at c->p. */
static void
skip_eol(struct csv *c)
{
	if (*c->p == '\r')
		c->p++;
	if (*c->p == '\n')
		c->p++;
	c->line++;
}

/* Parses a quoted field at c->p (on the opening quote), unescaping ""
 * in place.  Returns the field, or NULL after an error. */
static char *
quoted_field(struct csv *c, size_t start)
{
	char *r = c->p + 1, *w = c->p, *field = c->p;

	for (;;) {
		if (*r == '\0') {
			csv_error(c, start, "a quoted field is never closed");
			c->p = r;
			return NULL;
		}
		if (*r == '"' && r[1] == '"') {
			*w++ = '"';
			r += 2;
			continue;
		}
		if (*r == '"')
			break;
		if (*r == '\n')
			c->line++;
		*w++ = *r++;
	}
	r++;
	while (*r == ' ' || *r == '\t')
		r++;
	if (*r != ',' && !is_eol(*r)) {
		csv_error(c, c->line, "text after the closing quote of a "
		    "field (quote the whole field, double any \" inside)");
		c->p = r;
		return NULL;
	}
	*w = '\0';		/* w < r: the quotes were dropped */
	c->p = r;
	return field;
}

/* Parses an unquoted field at c->p, trimming blanks around it.  Returns
 * the field, or NULL after an error. */
static char *
plain_field(struct csv *c)
{
	char *field = c->p, *end;

	while (*c->p != ',' && !is_eol(*c->p)) {
		if (*c->p == '"') {
			csv_error(c, c->line, "a quote inside an unquoted "
			    "field (quote the whole field, double any \" "
			    "inside)");
			return NULL;
		}
		c->p++;
	}
	end = c->p;
	while (end > field && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* Cut the field out, but keep the delimiter for the caller: it is
	 * overwritten only when it is a blank or a comma seen already. */
	if (end < c->p)
		*end = '\0';
	return field;
}

/*
 * Reads the next record into r.  Returns 1 for a record, 0 at the end,
 * -1 after an error (the rest of the line is skipped, so that later
 * errors are still reported).
 */
static int
next_record(struct csv *c, struct record *r)
{
	char *field, delim;

	for (;;) {			/* blank and comment lines */
		if (*c->p == '\0')
			return 0;
		if (*c->p == '#')
			while (!is_eol(*c->p))
				c->p++;
		if (!is_eol(*c->p))
			break;
		skip_eol(c);
	}
	r->n = 0;
	r->line = c->line;
	for (;;) {
		while (*c->p == ' ' || *c->p == '\t')
			c->p++;
		field = *c->p == '"' ? quoted_field(c, c->line) :
		    plain_field(c);
		if (field == NULL)
			goto skip;
		if (r->n == INVENTORY_MAX_COLUMNS) {
			csv_error(c, r->line, "more than %d fields",
			    INVENTORY_MAX_COLUMNS);
			goto skip;
		}
		delim = *c->p;
		*c->p = '\0';
		if (strlen(field) > INVENTORY_MAX_FIELD) {
			csv_error(c, r->line, "field %zu is longer than %d "
			    "bytes", r->n + 1, INVENTORY_MAX_FIELD);
			*c->p = delim;
			goto skip;
		}
		r->f[r->n++] = field;
		if (delim == ',') {
			c->p++;
			continue;
		}
		/* The field's NUL sits on the line end: step over it by
		 * what it was. */
		if (delim != '\0') {
			c->p += delim == '\r' && c->p[1] == '\n' ? 2 : 1;
			c->line++;
		}
		return 1;
	}
skip:
	while (!is_eol(*c->p))
		c->p++;
	if (*c->p != '\0')
		skip_eol(c);
	return -1;
}

/* The standard column named s, or -1. */
static int
std_column(const char *s)
{
	for (int i = 0; i < NSTDCOLS; i++)
		if (strcasecmp(s, std_names[i]) == 0)
			return i;
	return -1;
}

/* 1 if key is one of shared_prefixes (a whole key, or under a prefix
 * ending in '.'): not settable per host. */
static int
is_shared_key(const char *key)
{
	for (size_t i = 0; i < sizeof(shared_prefixes) /
	    sizeof(shared_prefixes[0]); i++) {
		size_t n = strlen(shared_prefixes[i]);
		if (strncmp(key, shared_prefixes[i], n) == 0 &&
		    (shared_prefixes[i][n - 1] == '.' || key[n] == '\0'))
			return 1;
	}
	return 0;
}

/* The header row: which column holds what.  colmap[i] is a COL_* value,
 * or NSTDCOLS + k for override key k.  Returns the number of errors. */
static int
read_header(struct csv *c, const struct record *r, int *colmap,
    struct inventory *inv)
{
	int have[NSTDCOLS] = { 0 };

	inv->keys = xcalloc(r->n, sizeof(*inv->keys));
	for (size_t i = 0; i < r->n; i++) {
		const char *name = r->f[i];
		int s = std_column(name);

		if (s >= 0) {
			if (have[s]++)
				csv_error(c, r->line, "column '%s' appears "
				    "twice", std_names[s]);
			colmap[i] = s;
			continue;
		}
		if (!profile_has_key(name)) {
			csv_error(c, r->line, "unknown column '%s' (expected "
			    "hostname, mac, ip, netmask, gateway, nameserver, "
			    "guest_ip or a profile key such as xen.dom0_mem)",
			    name);
			continue;
		}
		if (is_shared_key(name)) {
			csv_error(c, r->line, "column '%s': this key is "
			    "shared by the whole tree or has a column of its "
			    "own; it cannot be set per host", name);
			continue;
		}
		for (size_t k = 0; k < inv->nkeys; k++)
			if (strcmp(inv->keys[k], name) == 0)
				csv_error(c, r->line, "column '%s' appears "
				    "twice", name);
		colmap[i] = NSTDCOLS + (int)inv->nkeys;
		inv->keys[inv->nkeys++] = name;
	}
	if (!have[COL_HOSTNAME] || !have[COL_MAC])
		csv_error(c, r->line, "the header row needs the columns "
		    "hostname and mac (this one has %s%s%s)",
		    have[COL_HOSTNAME] ? "hostname" : "",
		    !have[COL_HOSTNAME] && !have[COL_MAC] ? "neither" : "",
		    have[COL_MAC] ? "mac" : "");
	if (have[COL_GUEST_IP] && !profile_has_key("network.guest_ip"))
		csv_error(c, r->line, "column 'guest_ip': this build's "
		    "profile has no network.guest_ip key to carry it");
	return c->errors;
}

/* Lower-cases a MAC in place and accepts '-' between its bytes. */
static void
canon_mac(char *s)
{
	for (; *s; s++)
		*s = *s == '-' ? ':' : (char)tolower((unsigned char)*s);
}

/* Checks one host's cells; returns the number of errors. */
static int
check_host(struct csv *c, struct host *h, struct profile *scratch,
    const struct inventory *inv)
{
	const struct { const char *v, *name; } addr[] = {
		{ h->ip, "ip" }, { h->gateway, "gateway" },
		{ h->nameserver, "nameserver" }, { h->guest_ip, "guest_ip" },
	};
	char *origin;

	if (h->hostname == NULL || h->mac == NULL)
		csv_error(c, h->line, "the %s is missing (hostname and mac "
		    "are required)", h->hostname ? "mac" : "hostname");
	if (h->hostname && !valid_hostname(h->hostname))
		csv_error(c, h->line, "hostname '%s' is not a host name "
		    "(letters, digits, '-' and '.')", h->hostname);
	/* its kickstart would be http/ks/default.ks, the one of machines
	 * not in the inventory */
	if (h->hostname && strcasecmp(h->hostname, "default") == 0)
		csv_error(c, h->line, "hostname '%s' is taken: http/ks/"
		    "default.ks is the kickstart of machines not in the "
		    "inventory", h->hostname);
	if (h->mac && !valid_mac(h->mac))
		csv_error(c, h->line, "mac '%s' is not a MAC address "
		    "(expected six hex bytes such as 52:54:00:12:34:56)",
		    h->mac);
	for (size_t i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
		if (addr[i].v && !valid_ipv4(addr[i].v))
			csv_error(c, h->line, "%s '%s' is not a dotted IPv4 "
			    "address", addr[i].name, addr[i].v);
	if (h->netmask && !valid_netmask(h->netmask))
		csv_error(c, h->line, "netmask '%s' is not a netmask (such "
		    "as 255.255.255.0)", h->netmask);
	if (h->ip && !h->netmask)
		csv_error(c, h->line, "ip is set but netmask is not (a "
		    "static address needs both)");
	if (!h->ip && (h->netmask || h->gateway || h->nameserver))
		csv_error(c, h->line, "netmask, gateway or nameserver is "
		    "set but ip is not (without ip the host uses DHCP)");
	origin = xasprintf("%s:%zu", c->path, h->line);
	for (size_t k = 0; k < inv->nkeys; k++)
		if (h->overrides[k] && profile_set(scratch, inv->keys[k],
		    h->overrides[k], origin) != 0)
			c->errors++;
	free(origin);
	return c->errors;
}

/* Fills a host from a record's cells (after the header gave colmap). */
static void
fill_host(struct host *h, const struct record *r, const int *colmap)
{
	const char **std[NSTDCOLS] = { &h->hostname, &h->mac, &h->ip,
	    &h->netmask, &h->gateway, &h->nameserver, &h->guest_ip };

	h->line = r->line;
	for (size_t i = 0; i < r->n; i++) {
		const char *v = *r->f[i] ? r->f[i] : NULL;
		if (colmap[i] < 0)
			continue;
		if (colmap[i] < NSTDCOLS)
			*std[colmap[i]] = v;
		else
			h->overrides[colmap[i] - NSTDCOLS] = v;
	}
	if (h->mac)
		canon_mac((char *)h->mac);
}

/* The fields duplicates are looked for in (find_duplicates). */
enum dupkey { DUP_HOSTNAME, DUP_MAC, DUP_IP };

/* Host h's field k (may be NULL: ip is optional). */
static const char *
dup_field(const struct host *h, enum dupkey k)
{
	return k == DUP_HOSTNAME ? h->hostname : k == DUP_MAC ? h->mac :
	    h->ip;
}

/* A hash of s that ignores case (FNV-1a over the lower-cased bytes). */
static uint64_t
hash_nocase(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)(*s | (*s >= 'A' && *s <= 'Z' ? 0x20 :
		    0))) * 0x100000001b3ULL;
	return h;
}

/* Reports every host whose field k repeats an earlier host's (any
 * case), in the order of the file: one pass over the hosts with a hash
 * table of the first host of each value. */
static void
find_duplicates(struct csv *c, struct inventory *inv, enum dupkey k)
{
	static const char *const names[] = { "hostname", "mac", "ip" };
	size_t size = 16, mask;
	const struct host **t;

	while (size < 2 * inv->n)
		size *= 2;
	mask = size - 1;
	t = xcalloc(size, sizeof(*t));
	for (size_t i = 0; i < inv->n; i++) {
		const struct host *h = &inv->hosts[i];
		const char *v = dup_field(h, k);
		size_t j;

		if (v == NULL)
			continue;
		for (j = hash_nocase(v) & mask; t[j] != NULL &&
		    strcasecmp(dup_field(t[j], k), v) != 0; j = (j + 1) & mask)
			;
		if (t[j] == NULL)
			t[j] = h;
		else
			csv_error(c, h->line, "duplicate %s '%s' (also on line "
			    "%zu)", names[k], v, t[j]->line);
	}
	free(t);
}

/* Reads the records after the header into inv->hosts. */
static void
read_hosts(struct csv *c, struct inventory *inv, const int *colmap,
    size_t ncols, struct profile *scratch)
{
	struct record r;
	size_t cap = 0;
	int rc;

	while ((rc = next_record(c, &r)) != 0) {
		if (rc < 0)
			continue;
		if (r.n != ncols) {
			csv_error(c, r.line, "%zu fields, but the header has "
			    "%zu", r.n, ncols);
			continue;
		}
		if (inv->n == INVENTORY_MAX_HOSTS) {
			csv_error(c, r.line, "more than %d hosts",
			    INVENTORY_MAX_HOSTS);
			return;
		}
		if (inv->n == cap) {
			cap = cap ? cap * 2 : 256;
			inv->hosts = realloc_n(inv->hosts, cap,
			    sizeof(*inv->hosts));
			inv->cells = realloc_n(inv->cells,
			    cap * (inv->nkeys + 1), sizeof(*inv->cells));
		}
		struct host *h = &inv->hosts[inv->n];
		memset(h, 0, sizeof(*h));
		/* overrides is set once the arrays stop moving */
		h->overrides = &inv->cells[inv->n * (inv->nkeys + 1)];
		for (size_t k = 0; k <= inv->nkeys; k++)
			h->overrides[k] = NULL;
		fill_host(h, &r, colmap);
		inv->n++;
	}
	for (size_t i = 0; i < inv->n; i++) {
		inv->hosts[i].overrides = &inv->cells[i * (inv->nkeys + 1)];
		check_host(c, &inv->hosts[i], scratch, inv);
	}
}

/* Reads and checks the inventory (pxe.h); inventory_free frees it. */
struct inventory *
inventory_load(const char *path, const struct profile *site)
{
	struct inventory *inv = xcalloc(1, sizeof(*inv));
	struct buf text = BUF_INIT;
	struct profile *scratch = NULL;
	struct csv c = { path, NULL, 1, 0 };
	struct record header;
	int colmap[INVENTORY_MAX_COLUMNS];

	inv->path = xstrdup(path);
	if (read_file(path, INVENTORY_MAX_SIZE, &text) != 0) {
		log_error("%s: cannot read the inventory (check --hosts)",
		    path);
		goto fail;
	}
	buf_adds(&text, "");
	if (text.len > 0 && memchr(text.data, '\0', text.len) != NULL) {
		log_error("%s: not a text file (a NUL byte)", path);
		goto fail;
	}
	inv->text = buf_release(&text);
	c.p = inv->text;
	if (strncmp(c.p, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	if (next_record(&c, &header) != 1) {
		if (c.errors == 0)
			log_error("%s: empty: expected a header row such as "
			    "hostname,mac,ip,netmask", path);
		goto fail;
	}
	memset(colmap, -1, sizeof(colmap));
	if (read_header(&c, &header, colmap, inv) != 0)
		goto fail;
	scratch = profile_dup(site);
	read_hosts(&c, inv, colmap, header.n, scratch);
	find_duplicates(&c, inv, DUP_HOSTNAME);
	find_duplicates(&c, inv, DUP_MAC);
	find_duplicates(&c, inv, DUP_IP);
	if (c.errors > 0) {
		log_error("%s: %d error%s: nothing was written", path,
		    c.errors, c.errors == 1 ? "" : "s");
		goto fail;
	}
	profile_free(scratch);
	return inv;
fail:
	buf_free(&text);
	profile_free(scratch);
	inventory_free(inv);
	return NULL;
}

/* Frees inv and the text its hosts point into; NULL is fine. */
void
inventory_free(struct inventory *inv)
{
	if (inv == NULL)
		return;
	free(inv->path);
	free(inv->text);
	free(inv->hosts);
	free(inv->keys);
	free(inv->cells);
	free(inv);
}

/* The host named name in any case, or NULL; it points into inv. */
const struct host *
inventory_find(const struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->n; i++)
		if (strcasecmp(inv->hosts[i].hostname, name) == 0)
			return &inv->hosts[i];
	return NULL;
}

/* Sets host h's columns in p (pxe.h).  Returns 0, or -1 after a
 * message naming the inventory line. */
int
inventory_apply(const struct inventory *inv, const struct host *h,
    struct profile *p)
{
	char *origin = xasprintf("%s:%zu", inv->path, h->line);
	int rc = -1;

	if (profile_set(p, "network.hostname", h->hostname, origin) != 0)
		goto out;
	if (h->ip != NULL && (profile_set(p, "network.bootproto", "static",
	    origin) != 0 ||
	    profile_set(p, "network.ip", h->ip, origin) != 0 ||
	    profile_set(p, "network.netmask", h->netmask, origin) != 0 ||
	    profile_set(p, "network.gateway", h->gateway ? h->gateway : "",
	    origin) != 0 ||
	    profile_set(p, "network.nameserver",
	    h->nameserver ? h->nameserver : "", origin) != 0))
		goto out;
	if (h->guest_ip != NULL && profile_set(p, "network.guest_ip",
	    h->guest_ip, origin) != 0)
		goto out;
	for (size_t k = 0; k < inv->nkeys; k++)
		if (h->overrides[k] != NULL && profile_set(p, inv->keys[k],
		    h->overrides[k], origin) != 0)
			goto out;
	rc = 0;
out:
	free(origin);
	return rc;
}
