/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpm-vetted.c: the record of vetted packages in the download cache
 * (rpm-vetted.h describes the file). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "fetch-cache.h"
#include "rpm.h"
#include "rpm-vetted.h"

#define VETTED_NAME	"rpm-vetted"
#define VETTED_MAGIC	"xeninfn-rpm-vetted 1"
#define VETTED_MAX	(1024 * 1024)	/* the whole file */

/* The fields of a line, in order; F_PATH is the rest of the line. */
enum { F_IDENT, F_CTX, F_NAME, F_VERSION, F_RELEASE, F_ARCH, F_SHA256,
	F_SIGNER, F_PATH, NFIELDS };

struct record {
	char	*f[NFIELDS];
	int	 seen;		/* found or added by this run */
};

struct vetted {
	char		*path;		/* CACHE/rpm-vetted */
	struct record	*recs;
	size_t		 n;
	int		 changed;	/* the file must be written again */
};

/* Frees the fields of r. */
static void
record_clear(struct record *r)
{
	for (int i = 0; i < NFIELDS; i++)
		free(r->f[i]);
	memset(r, 0, sizeof(*r));
}

/* 1 if s can be one blank-separated field: not empty, no blank nor
 * control byte. */
static int
is_field(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return 0;
	return 1;
}

/* Splits one line (changed in place) into a new record of v.  Returns 0,
 * or -1 when it is not a well-formed record line. */
static int
parse_line(struct vetted *v, char *line)
{
	struct record r;
	char *p = line, *sp;
	int i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < F_PATH; i++) {
		if ((sp = strchr(p, ' ')) == NULL)
			break;
		*sp = '\0';
		if (!is_field(p))
			break;
		r.f[i] = xstrdup(p);
		p = sp + 1;
	}
	if (i < F_PATH || *p == '\0') {
		record_clear(&r);
		return -1;
	}
	r.f[F_PATH] = xstrdup(p);
	v->recs = realloc_n(v->recs, v->n + 1, sizeof(*v->recs));
	v->recs[v->n++] = r;
	return 0;
}

/* Reads v->path into v's records; -1 (no records) when it is absent,
 * unreadable, of another version or damaged. */
static int
read_records(struct vetted *v)
{
	struct buf b = BUF_INIT;
	char *line, *next;
	int fd, rc = -1;

	if ((fd = open(v->path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fd_read_all(fd, VETTED_MAX, &b) != 0 || b.len == 0 ||
	    memchr(b.data, '\0', b.len) != NULL)
		goto out;
	next = b.data;
	line = strsep(&next, "\n");
	if (strcmp(line, VETTED_MAGIC) != 0)
		goto out;
	while ((line = strsep(&next, "\n")) != NULL)
		if (*line != '\0' && parse_line(v, line) != 0)
			goto out;
	rc = 0;
out:
	if (rc != 0) {
		for (size_t i = 0; i < v->n; i++)
			record_clear(&v->recs[i]);
		v->n = 0;
	}
	close(fd);
	buf_free(&b);
	return rc;
}

struct vetted *
vetted_load(const char *cache_dir)
{
	struct vetted *v;

	if (cache_dir == NULL)
		return NULL;
	v = xcalloc(1, sizeof(*v));
	v->path = path_join(cache_dir, VETTED_NAME);
	if (read_records(v) != 0 && path_exists(v->path)) {
		log_debug("%s: not a record this version reads; every "
		    "package is vetted again", v->path);
		v->changed = 1;
	}
	return v;
}

int
vetted_find(struct vetted *v, const char *ident, const char *ctx,
    struct rpm_pkg *pkg)
{
	struct record *r;

	for (size_t i = 0; v != NULL && i < v->n; i++) {
		r = &v->recs[i];
		if (strcmp(r->f[F_IDENT], ident) != 0 ||
		    strcmp(r->f[F_CTX], ctx) != 0)
			continue;
		r->seen = 1;
		pkg->name = xstrdup(r->f[F_NAME]);
		pkg->version = xstrdup(r->f[F_VERSION]);
		pkg->release = xstrdup(r->f[F_RELEASE]);
		pkg->arch = xstrdup(r->f[F_ARCH]);
		pkg->sha256 = xstrdup(r->f[F_SHA256]);
		pkg->signer = strcmp(r->f[F_SIGNER], "-") == 0 ? NULL :
		    xstrdup(r->f[F_SIGNER]);
		return 0;
	}
	return -1;
}

void
vetted_add(struct vetted *v, const char *ident, const char *ctx,
    const struct rpm_pkg *pkg)
{
	const char *f[NFIELDS] = { ident, ctx, pkg->name, pkg->version,
	    pkg->release, pkg->arch, pkg->sha256,
	    pkg->signer ? pkg->signer : "-", pkg->path };
	struct record r;
	size_t i, k;

	if (v == NULL || strchr(pkg->path, '\n') != NULL || *pkg->path == '\0')
		return;
	for (i = 0; i < F_PATH; i++)
		if (!is_field(f[i]))
			return;
	for (i = k = 0; i < v->n; i++) {
		if (strcmp(v->recs[i].f[F_PATH], pkg->path) == 0)
			record_clear(&v->recs[i]);
		else
			v->recs[k++] = v->recs[i];
	}
	v->n = k;
	memset(&r, 0, sizeof(r));
	for (i = 0; i < NFIELDS; i++)
		r.f[i] = xstrdup(f[i]);
	r.seen = 1;
	v->recs = realloc_n(v->recs, v->n + 1, sizeof(*v->recs));
	v->recs[v->n++] = r;
	v->changed = 1;
}

/* Drops the records this run did not use whose file is gone or no longer
 * has their identity. */
static void
drop_stale(struct vetted *v)
{
	size_t i, k;
	char *ident;

	for (i = k = 0; i < v->n; i++) {
		struct record *r = &v->recs[i];

		ident = r->seen ? NULL : file_ident(r->f[F_PATH]);
		if (!r->seen && (ident == NULL ||
		    strcmp(ident, r->f[F_IDENT]) != 0)) {
			record_clear(r);
			v->changed = 1;
		} else
			v->recs[k++] = *r;
		free(ident);
	}
	v->n = k;
}

void
vetted_close(struct vetted *v)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (v == NULL)
		return;
	drop_stale(v);
	if (v->changed) {
		buf_adds(&b, VETTED_MAGIC "\n");
		for (i = 0; i < v->n; i++)
			buf_printf(&b, "%s %s %s %s %s %s %s %s %s\n",
			    v->recs[i].f[0], v->recs[i].f[1], v->recs[i].f[2],
			    v->recs[i].f[3], v->recs[i].f[4], v->recs[i].f[5],
			    v->recs[i].f[6], v->recs[i].f[7], v->recs[i].f[8]);
		write_file_atomic(v->path, b.data, b.len, 0644);
	}
	for (i = 0; i < v->n; i++)
		record_clear(&v->recs[i]);
	free(v->recs);
	free(v->path);
	free(v);
	buf_free(&b);
}
