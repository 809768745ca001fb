/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fetch-cache.c: names and metadata of the download cache (fetch-cache.h
 * describes the layout). */
#include <sys/stat.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xeninfn.h"
#include "fetch-cache.h"

void
cache_names_for(const char *dir, const char *url, struct cache_names *n)
{
	char *hex = digest_buf_hex(DIGEST_SHA256, url, strlen(url));

	n->file = path_join(dir, hex);
	n->meta = xasprintf("%s.meta", n->file);
	n->part = xasprintf("%s.part", n->file);
	n->pmeta = xasprintf("%s.pmeta", n->file);
	free(hex);
}

void
cache_names_free(struct cache_names *n)
{
	free(n->file);
	free(n->meta);
	free(n->part);
	free(n->pmeta);
	memset(n, 0, sizeof(*n));
}

void
cache_meta_free(struct cache_meta *m)
{
	free(m->url);
	free(m->etag);
	free(m->last_modified);
	free(m->sha256);
	free(m->ident);
	memset(m, 0, sizeof(*m));
}

/* Stores one "key value" line of a meta file into m; unknown keys are
 * ignored so that later versions can add some. */
static void
meta_line(struct cache_meta *m, const char *key, const char *val)
{
	if (strcmp(key, "url") == 0 && m->url == NULL)
		m->url = xstrdup(val);
	else if (strcmp(key, "etag") == 0 && m->etag == NULL)
		m->etag = xstrdup(val);
	else if (strcmp(key, "last-modified") == 0 && m->last_modified == NULL)
		m->last_modified = xstrdup(val);
	else if (strcmp(key, "mtime") == 0)
		m->mtime = strtol(val, NULL, 10);
	else if (strcmp(key, "size") == 0)
		m->size = strtoull(val, NULL, 10);
	else if (strcmp(key, "sha256") == 0 && m->sha256 == NULL)
		m->sha256 = xstrdup(val);
	else if (strcmp(key, "ident") == 0 && m->ident == NULL)
		m->ident = xstrdup(val);
}

int
cache_meta_read(const char *path, struct cache_meta *m)
{
	struct buf b = BUF_INIT;
	char *line, *next, *sp;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	if (!path_exists(path) || read_file(path, CACHE_META_MAX, &b) != 0)
		goto out;
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp = '\0';
		meta_line(m, line, sp + 1);
	}
	rc = m->url != NULL ? 0 : -1;
out:
	if (rc != 0)
		cache_meta_free(m);
	buf_free(&b);
	return rc;
}

int
cache_meta_write(const char *path, const struct cache_meta *m)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_printf(&b, "url %s\n", m->url);
	if (m->etag != NULL)
		buf_printf(&b, "etag %s\n", m->etag);
	if (m->last_modified != NULL)
		buf_printf(&b, "last-modified %s\n", m->last_modified);
	if (m->mtime > 0)
		buf_printf(&b, "mtime %ld\n", m->mtime);
	buf_printf(&b, "size %llu\n", (unsigned long long)m->size);
	if (m->sha256 != NULL)
		buf_printf(&b, "sha256 %s\n", m->sha256);
	if (m->ident != NULL)
		buf_printf(&b, "ident %s\n", m->ident);
	rc = write_file_atomic(path, b.data, b.len, 0644);
	buf_free(&b);
	return rc;
}

char *
file_ident(const char *path)
{
	struct timespec now;
	struct stat st;

	if (stat(path, &st) != 0)
		return NULL;
	clock_gettime(CLOCK_REALTIME, &now);
	if (now.tv_sec - st.st_ctim.tv_sec < 2)
		return NULL;
	return xasprintf("%llu:%llu:%llu:%lld.%09ld:%lld.%09ld",
	    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
	    (unsigned long long)st.st_size, (long long)st.st_mtim.tv_sec,
	    st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
	    st.st_ctim.tv_nsec);
}

/*
 * The path of a file: URL's path part (raw: up to '?' or '#', n bytes,
 * starting with '/') as libcurl's URL parser made it: its "." and ".."
 * segments removed (RFC 3986 5.2.4), then %XX decoded (caller frees).
 * NULL when a decoded byte is a control character.
 */
static char *
file_path_decode(const char *raw, size_t n)
{
	char *dots = xmalloc(n + 2), *out = xmalloc(n + 2);
	size_t i = 0, o = 0;

	while (i < n) {			/* raw[i] == '/' */
		size_t s = i + 1, len;

		for (i = s; i < n && raw[i] != '/'; i++)
			;
		len = i - s;
		if (len == 2 && raw[s] == '.' && raw[s + 1] == '.') {
			while (o > 0 && dots[--o] != '/')
				;
		} else if (len != 1 || raw[s] != '.') {
			dots[o++] = '/';
			memcpy(dots + o, raw + s, len);
			o += len;
			continue;
		}
		if (i == n)		/* "/a/." is "/a/", "/a/.." is "/" */
			dots[o++] = '/';
	}
	if (o == 0)
		dots[o++] = '/';
	dots[o] = '\0';
	for (i = o = 0; dots[i] != '\0'; o++) {
		char hex[3] = { dots[i + 1], dots[i + 1] ? dots[i + 2] : 0, 0 };

		if (dots[i] == '%' && isxdigit((unsigned char)hex[0]) &&
		    isxdigit((unsigned char)hex[1])) {
			out[o] = (char)strtoul(hex, NULL, 16);
			i += 3;
		} else
			out[o] = dots[i++];
		if ((unsigned char)out[o] < 0x20) {
			free(out);
			out = NULL;
			break;
		}
	}
	if (out != NULL)
		out[o] = '\0';
	free(dots);
	return out;
}

/*
 * Read by hand rather than with libcurl's URL parser, to the same result,
 * so that a run whose files are all local never loads libcurl (lazy.c).
 */
char *
file_url_path(const char *url)
{
	const char *p = url + 5, *host = "", *end;
	size_t hostlen = 0;
	char *res = NULL;

	if (strncasecmp(url, "file:", 5) != 0)
		goto bad;
	for (const char *c = url; *c != '\0'; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			goto bad;
	if (strncmp(p, "//", 2) == 0) {
		host = p + 2;
		hostlen = strcspn(host, "/?#");
		p = host + hostlen;
	}
	/* Only the local host: file://server/... would mean a share. */
	if (hostlen > 0 && !(hostlen == 9 && strncasecmp(host, "localhost",
	    9) == 0) && !(hostlen == 9 && strncmp(host, "127.0.0.1", 9) == 0)) {
		log_error("%s: file URLs must name this machine: write "
		    "file:///absolute/path", url);
		return NULL;
	}
	end = p + strcspn(p, "?#");
	if (*p == '/' && (res = file_path_decode(p, (size_t)(end - p))) != NULL)
		return res;
bad:
	log_error("%s: not a valid file URL: write file:///absolute/path", url);
	return NULL;
}
