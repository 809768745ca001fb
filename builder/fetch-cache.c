/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fetch-cache.c: names and metadata of the download cache (fetch-cache.h
 * describes the layout). */
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

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

char *
file_url_path(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *path = NULL, *res = NULL;

	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) !=
	    CURLUE_OK) {
		log_error("%s: not a valid file URL: write file:///absolute/path",
		    url);
		goto out;
	}
	/* Only the local host: file://server/... would mean a share. */
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    host != NULL && *host != '\0' && strcmp(host, "localhost") != 0) {
		log_error("%s: file URLs must name this machine: write "
		    "file:///absolute/path", url);
		goto out;
	}
	if (strlen(path) != strcspn(path, "\r\n")) {
		log_error("%s: the path has a line break", url);
		goto out;
	}
	res = xstrdup(path);
out:
	curl_free(host);
	curl_free(path);
	curl_url_cleanup(u);
	return res;
}
