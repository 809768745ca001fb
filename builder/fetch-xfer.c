/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch-xfer.c: the transfers of fetch_all over libcurl's multi
 * interface: the callbacks, one attempt of a transfer, the end of an
 * attempt (commit to the cache, retry later, or give up with advice),
 * and the loop over every transfer (parallel limit, stalls, signals).
 * The transfers of fetch_ahead run in the same loop, after the ones a
 * fetch_all waits for.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-cache.h"
#include "fetch-int.h"
#include "paths.h"
#include "progress.h"

#define MAX_BACKOFF_MS		30000
#define HEADER_VALUE_MAX	512
#define POLL_MS			250
#define ERROR_BODY_MAX		(64U << 10)	/* of a 4xx/5xx, read to keep
						   the connection */

/* ---- libcurl callbacks ---- */

/* Copies a header value (after "Name:") without surrounding blanks and
 * line ends; the caller frees it. */
static char *
header_value(const char *v, size_t len)
{
	while (len > 0 && (*v == ' ' || *v == '\t'))
		v++, len--;
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
	    v[len - 1] == ' '))
		len--;
	if (len > HEADER_VALUE_MAX)
		len = HEADER_VALUE_MAX;
	return xstrndup(v, len);
}

/* Notes the validators and Content-Range of the last response; a status
 * line starts a new response (after a redirect) and forgets them. */
static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;
	char *v;

	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		free(x->etag);
		free(x->last_modified);
		x->etag = x->last_modified = NULL;
		x->range_start = 0;
	} else if (len > 5 && strncasecmp(data, "ETag:", 5) == 0) {
		free(x->etag);
		x->etag = header_value(data + 5, len - 5);
	} else if (len > 14 && strncasecmp(data, "Last-Modified:", 14) == 0) {
		free(x->last_modified);
		x->last_modified = header_value(data + 14, len - 14);
	} else if (len > 14 && strncasecmp(data, "Content-Range:", 14) == 0) {
		v = header_value(data + 14, len - 14);
		if (strncasecmp(v, "bytes ", 6) == 0)
			x->range_start = strtoull(v + 6, NULL, 10);
		free(v);
	}
	return len;
}

/* Opens the .part at the first body byte: appending when the server
 * honoured our Range for the same entity (206 from the right offset),
 * else from scratch.  Returns 0, or -1 (errno set). */
static int
open_part(struct xfer *x)
{
	long code = 0;
	struct cache_meta pm = { 0 };
	int was;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	if (x->resume_from > 0 && code == 206 &&
	    x->range_start == x->resume_from) {
		x->fp = fopen(x->names.part, "ab");
		return x->fp != NULL ? 0 : -1;
	}
	if (code == 206) {
		/* A part from another offset than ours (or one we never
		 * asked for): appended or taken whole, it would make a
		 * wrong file that the .meta would then vouch for. */
		x->bad_range = 1;
		return -1;
	}
	x->resume_from = 0;
	x->fp = fopen(x->names.part, "wb");
	if (x->fp == NULL)
		return -1;
	/* The whole body comes: hash it as it comes, rather than read it
	 * all back once it is there. */
	x->hash = digest_begin(DIGEST_SHA256);
	/* Remember what entity the .part holds, for If-Range later. */
	pm.url = xstrdup(x->item->url);
	pm.etag = x->etag;
	pm.last_modified = x->last_modified;
	unlink(x->names.pmeta);
	/* Not synced: a hint for a resume, which If-Range checks; lost in a
	 * crash, it costs a download from scratch. */
	was = fileio_set_durable(0);
	if (x->is_http && (x->etag != NULL || x->last_modified != NULL))
		(void)cache_meta_write(x->names.pmeta, &pm);
	fileio_set_durable(was);
	free(pm.url);
	return 0;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;
	long code = 0;

	if (x->fp == NULL && x->is_http) {
		/* An error's body is read and dropped (never into the .part
		 * a resume may need), so that its connection stays open for
		 * the next request; a long one is cut. */
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 400) {
			x->error_body += len;
			return x->error_body > ERROR_BODY_MAX ? 0 : len;
		}
	}
	if (x->fp == NULL && open_part(x) != 0) {
		if (!x->bad_range)
			x->write_failed = errno ? errno : EIO;
		return 0;
	}
	if (x->resume_from + x->received + len > x->max_size) {
		x->too_big = 1;
		return 0;
	}
	if (fwrite(data, 1, len, x->fp) != len) {
		x->write_failed = errno ? errno : EIO;
		return 0;
	}
	if (x->hash != NULL)
		digest_add(x->hash, data, len);
	x->received += len;
	clock_gettime(CLOCK_MONOTONIC, &x->last_data);
	return len;
}

static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct xfer *x = arg;

	(void)ultotal;
	(void)ulnow;
	if (signal_caught())
		return 1;	/* abort: run_transfers stops them all */
	progress_update(x->progress, x->slot, x->resume_from + (uint64_t)dlnow,
	    dltotal > 0 ? x->resume_from + (uint64_t)dltotal : 0);
	return 0;
}

/* ---- one attempt of a transfer ---- */

/* Reads what the cache holds for x: a complete copy whose .meta agrees
 * with it, and a .part to resume (only when we know which entity it is a
 * part of, so that If-Range can tell whether it is still the same). */
static void
xfer_look_in_cache(struct xfer *x)
{
	struct cache_meta pm;
	struct stat st;
	char *h;

	cache_meta_free(&x->cached);
	x->has_cached = cache_meta_read(x->names.meta, &x->cached) == 0 &&
	    strcmp(x->cached.url, x->item->url) == 0 &&
	    x->cached.sha256 != NULL && stat(x->names.file, &st) == 0 &&
	    (uint64_t)st.st_size == x->cached.size;
	x->resume_from = 0;
	if (!x->is_http || stat(x->names.part, &st) != 0 || st.st_size == 0)
		return;
	if (cache_meta_read(x->names.pmeta, &pm) != 0)
		return;
	if (strcmp(pm.url, x->item->url) == 0 &&
	    (pm.etag != NULL || pm.last_modified != NULL)) {
		x->resume_from = (uint64_t)st.st_size;
		h = xasprintf("If-Range: %s", pm.etag != NULL ? pm.etag :
		    pm.last_modified);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	cache_meta_free(&pm);
}

/* Adds the request headers that make the server send nothing when our
 * copy is current: If-None-Match / If-Modified-Since, or for FTP a time
 * condition on MDTM. */
static void
xfer_conditional(struct xfer *x)
{
	char *h;

	if (!x->has_cached || x->resume_from > 0)
		return;
	if (x->is_http && x->cached.etag != NULL) {
		h = xasprintf("If-None-Match: %s", x->cached.etag);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (x->is_http && x->cached.last_modified != NULL) {
		h = xasprintf("If-Modified-Since: %s", x->cached.last_modified);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (!x->is_http && x->cached.mtime > 0) {
		curl_easy_setopt(x->easy, CURLOPT_TIMECONDITION,
		    (long)CURL_TIMECOND_IFMODSINCE);
		curl_easy_setopt(x->easy, CURLOPT_TIMEVALUE_LARGE,
		    (curl_off_t)x->cached.mtime);
	}
}

/* Forgets what the previous attempt left in x (fetch-int.h). */
void
xfer_reset(struct xfer *x)
{
	if (x->fp != NULL)
		fclose(x->fp);
	x->fp = NULL;
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	x->easy = NULL;
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	free(x->etag);
	free(x->last_modified);
	x->etag = x->last_modified = NULL;
	if (x->hash != NULL)
		free(digest_end(x->hash));
	x->hash = NULL;
	x->received = x->range_start = x->error_body = 0;
	x->too_big = x->write_failed = x->bad_range = 0;
	x->errbuf[0] = '\0';
}

/* Sets up the easy handle of one attempt; returns it, or NULL. */
static CURL *
xfer_easy(struct fetcher *f, struct xfer *x)
{
	CURL *e = curl_easy_init();
	char range[32];

	if (e == NULL)
		return NULL;
	x->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, x->item->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,ftp");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(e, CURLOPT_FILETIME, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "xeninfn/" PACKAGE_VERSION_STR);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, f->opts.connect_timeout);
	if (f->ca_file != NULL) {
		/* The site's CAs and nothing else: a pinned internal mirror. */
		curl_easy_setopt(e, CURLOPT_CAINFO, f->ca_file);
		curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	}
	/* A stall: less than one byte a second for stall_timeout seconds. */
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->opts.stall_timeout);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)x->max_size);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	if (x->resume_from > 0) {
		snprintf(range, sizeof(range), "%llu-",
		    (unsigned long long)x->resume_from);
		curl_easy_setopt(e, CURLOPT_RANGE, range);
	}
	xfer_conditional(x);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	return e;
}

/* Starts an attempt of x on the multi handle; 0, or -1 after a message. */
static int
xfer_start(struct fetcher *f, struct xfer *x)
{
	xfer_reset(x);
	x->attempts++;
	clock_gettime(CLOCK_MONOTONIC, &x->last_data);
	xfer_look_in_cache(x);
	if (fetch_curl_init(f) != 0)
		return -1;
	if (xfer_easy(f, x) == NULL ||
	    curl_multi_add_handle(f->multi, x->easy) != CURLM_OK) {
		log_error("%s: cannot start a transfer (out of memory?)",
		    x->item->url);
		return -1;
	}
	x->state = XF_RUNNING;
	return 0;
}

/* ---- the end of an attempt ---- */

/* The server said our copy is current: check that it still is what the
 * .meta says (hashed again unless its identity is the one recorded with
 * the digest: digest_known).  Returns 0, or -1 when the copy is damaged (then dropped). */
static int
xfer_use_cached(struct xfer *x)
{
	char *sum = digest_known(x->names.file, &x->cached, x->names.meta, 1);

	if (sum == NULL || strcmp(sum, x->cached.sha256) != 0) {
		log_warn("%s: the cached copy %s is damaged; fetching it again",
		    x->item->url, x->names.file);
		unlink(x->names.meta);
		unlink(x->names.file);
		free(sum);
		return -1;
	}
	x->item->path = xstrdup(x->names.file);
	x->item->sha256 = sum;
	progress_done(x->progress, x->slot, "unchanged", x->item->url,
	    x->cached.size);
	return 0;
}

/* Makes the finished .part the cached file: checksum, rename, then the
 * .meta, without waiting for the disk.  A crash may lose the file, its
 * bytes or its .meta: each costs a download, never a wrong file, for
 * the .meta records no identity, and a copy without one is hashed again
 * before any use; an identity is recorded only once the copy is synced
 * (digest_known; docs/fetch.md, Cache layout).  Returns 0, or -1 after
 * a message. */
static int
xfer_commit(struct xfer *x)
{
	struct cache_meta m = { 0 };
	struct stat st;
	long filetime = -1;
	int rc = -1, was, wrote;

	if (x->fp == NULL && (x->fp = fopen(x->names.part, "wb")) == NULL)
		goto io;
	/* No fsync to report a write error: fclose must (NFS says them at
	 * close). */
	wrote = fflush(x->fp) == 0;
	wrote = fclose(x->fp) == 0 && wrote;
	x->fp = NULL;
	if (!wrote || stat(x->names.part, &st) != 0)
		goto io;
	curl_easy_getinfo(x->easy, CURLINFO_FILETIME, &filetime);
	m.url = xstrdup(x->item->url);
	m.etag = x->etag;
	m.last_modified = x->last_modified;
	m.mtime = filetime > 0 ? filetime : 0;
	m.size = (uint64_t)st.st_size;
	/* Hashed as it came when the .part holds this attempt's body and
	 * nothing else; else (a resume, an empty body) read back. */
	if (x->hash != NULL && x->received == m.size)
		m.sha256 = digest_end(x->hash);
	else if (x->hash != NULL)
		free(digest_end(x->hash));
	x->hash = NULL;
	if (m.sha256 == NULL &&
	    (m.sha256 = digest_file_hex(DIGEST_SHA256, x->names.part)) == NULL)
		goto out;
	/* No .meta may describe a file it does not match, even for a
	 * moment: drop it, move the file in, then write the new one. */
	unlink(x->names.meta);
	if (rename(x->names.part, x->names.file) != 0) {
		log_errno("%s: cannot rename into place", x->names.file);
		goto out;
	}
	unlink(x->names.pmeta);
	was = fileio_set_durable(0);
	wrote = cache_meta_write(x->names.meta, &m);
	fileio_set_durable(was);
	if (wrote != 0)
		goto out;
	x->item->path = xstrdup(x->names.file);
	x->item->sha256 = xstrdup(m.sha256);
	x->item->transferred = x->received > 0;
	progress_done(x->progress, x->slot, "fetched", x->item->url, m.size);
	rc = 0;
	goto out;
io:
	log_errno("%s: cannot write %s: check the cache directory (--cache)",
	    x->item->url, x->names.part);
out:
	free(m.url);
	free(m.sha256);
	return rc;
}

/* 1 if a failure is worth another try: the network or the server may
 * behave next time; a 404 or a refused certificate will not change. */
static int
transient(CURLcode rc, long code)
{
	switch (rc) {
	case CURLE_HTTP_RETURNED_ERROR:
		return code >= 500 || code == 408 || code == 429;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_FTP_ACCEPT_TIMEOUT:
	case CURLE_FTP_CANT_GET_HOST:
		return 1;
	default:
		return 0;
	}
}

/* What the user should do about a failure that will not go away. */
static const char *
advice(CURLcode rc, long code)
{
	if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
		return "the server's certificate does not verify: fix the "
		    "server, or name its CA in fetch.ca_file (checks are "
		    "never turned off)";
	if (code == 401 || code == 403)
		return "access is refused: check the URL and the server's "
		    "permissions";
	if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		return "use an http, https, ftp or file URL";
	return "check the URL and that the server answers, then run again";
}

/* Sends x back to wait for another attempt after the backoff delay. */
static void
xfer_retry_later(struct fetcher *f, struct xfer *x, long delay_ms)
{
	clock_gettime(CLOCK_MONOTONIC, &x->not_before);
	x->not_before.tv_sec += delay_ms / 1000;
	x->not_before.tv_nsec += (delay_ms % 1000) * 1000000L;
	if (x->not_before.tv_nsec >= 1000000000L) {
		x->not_before.tv_sec++;
		x->not_before.tv_nsec -= 1000000000L;
	}
	x->state = XF_WAITING;
	(void)f;
}

/* Decides what a failed attempt means: absent, retry, or give up. */
static void
xfer_failed(struct fetcher *f, struct xfer *x, CURLcode rc, long code)
{
	long delay;
	int shift;

	if (f->revalidating || x->quiet) {
		/* No message and no retry: the fetch_all that needs the
		 * file asks again, and says what went wrong. */
		x->item->missing = (rc == CURLE_HTTP_RETURNED_ERROR &&
		    (code == 404 || code == 410)) ||
		    rc == CURLE_REMOTE_FILE_NOT_FOUND;
		x->state = x->item->missing ? XF_DONE : XF_FAILED;
		return;
	}

	if ((rc == CURLE_HTTP_RETURNED_ERROR && (code == 404 || code == 410)) ||
	    rc == CURLE_REMOTE_FILE_NOT_FOUND) {
		if (x->item->optional) {
			x->item->missing = 1;
			x->state = XF_DONE;
			return;
		}
		progress_clear(x->progress);
		log_error("%s: not found (%s %ld): the server has no such "
		    "file; check the URL", x->item->url,
		    x->is_http ? "HTTP" : "code", code);
		x->state = XF_FAILED;
		return;
	}
	if (((rc == CURLE_HTTP_RETURNED_ERROR && code == 416) ||
	    x->bad_range) && x->attempts <= f->opts.retries) {
		/* Our .part is no prefix of the file any more, or the
		 * server resumes from elsewhere: start from scratch. */
		unlink(x->names.part);
		unlink(x->names.pmeta);
		xfer_retry_later(f, x, 0);
		return;
	}
	progress_clear(x->progress);
	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		log_error("%s: larger than the limit of %llu bytes: is this "
		    "the right file?", x->item->url,
		    (unsigned long long)x->max_size);
		unlink(x->names.part);
	} else if (x->bad_range) {
		log_error("%s: the server answered 206 from byte %llu to a "
		    "request from byte %llu: it mishandles Range; try "
		    "another mirror", x->item->url,
		    (unsigned long long)x->range_start,
		    (unsigned long long)x->resume_from);
		unlink(x->names.part);
		unlink(x->names.pmeta);
	} else if (x->write_failed) {
		errno = x->write_failed;
		log_errno("%s: cannot write %s: check the cache directory "
		    "(--cache)", x->item->url, x->names.part);
	} else if (transient(rc, code) && x->attempts <= f->opts.retries) {
		shift = x->attempts - 1 < 10 ? x->attempts - 1 : 10;
		delay = f->opts.backoff_ms << shift;
		if (delay > MAX_BACKOFF_MS)
			delay = MAX_BACKOFF_MS;
		log_warn("%s: %s; trying again in %ld ms (attempt %d of %d)",
		    x->item->url, x->errbuf[0] ? x->errbuf :
		    curl_easy_strerror(rc), delay, x->attempts + 1,
		    f->opts.retries + 1);
		xfer_retry_later(f, x, delay);
		return;
	} else
		log_error("%s: %s (after %d attempt%s): %s", x->item->url,
		    x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc),
		    x->attempts, x->attempts == 1 ? "" : "s", advice(rc, code));
	x->state = XF_FAILED;
}

/* Handles the end of an attempt. */
static void
xfer_done(struct fetcher *f, struct xfer *x, CURLcode rc)
{
	long code = 0, unmet = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(x->easy, CURLINFO_CONDITION_UNMET, &unmet);
	curl_multi_remove_handle(f->multi, x->easy);
	if (x->is_http && code >= 400 && (rc == CURLE_OK ||
	    rc == CURLE_WRITE_ERROR || rc == CURLE_FILESIZE_EXCEEDED)) {
		/* What CURLOPT_FAILONERROR would say, without closing the
		 * connection. */
		rc = CURLE_HTTP_RETURNED_ERROR;
		snprintf(x->errbuf, sizeof(x->errbuf), "The requested URL "
		    "returned error: %ld", code);
	}
	if (x->fp != NULL && rc != CURLE_OK) {
		fflush(x->fp);	/* keep what came, for a resume */
		fclose(x->fp);
		x->fp = NULL;
	}
	if (rc != CURLE_OK) {
		xfer_failed(f, x, rc, code);
		return;
	}
	if ((x->is_http && code == 304) || (!x->is_http && unmet)) {
		if (x->has_cached && xfer_use_cached(x) == 0)
			x->state = XF_DONE;
		else if (x->attempts <= f->opts.retries + 1 && !x->quiet)
			xfer_retry_later(f, x, 0);
		else if (x->quiet)
			x->state = XF_FAILED;
		else {
			log_error("%s: the server keeps answering 304 to a "
			    "request without a condition", x->item->url);
			x->state = XF_FAILED;
		}
		return;
	}
	x->state = xfer_commit(x) == 0 ? XF_DONE : XF_FAILED;
}

/* ---- a transfer's life ---- */

struct xfer *
xfer_new(struct fetcher *f, struct fetch_item *item, uint64_t max_size)
{
	struct xfer *x = xcalloc(1, sizeof(*x));

	x->item = item;
	x->slot = -1;
	x->max_size = max_size;
	x->is_http = strncasecmp(item->url, "http", 4) == 0;
	cache_names_for(f->cache_dir, item->url, &x->names);
	x->state = XF_WAITING;
	return x;
}

void
xfer_stop(struct fetcher *f, struct xfer *x)
{
	if (x->state != XF_RUNNING)
		return;
	curl_multi_remove_handle(f->multi, x->easy);
	if (x->fp != NULL) {
		fflush(x->fp);
		fclose(x->fp);
		x->fp = NULL;
	}
}

void
xfer_free(struct xfer *x)
{
	if (x == NULL)
		return;
	xfer_reset(x);
	cache_meta_free(&x->cached);
	cache_names_free(&x->names);
	fetch_items_clear(&x->own, 1);
	free((char *)x->own.url);
	free(x);
}

/* ---- the loop over every transfer ---- */

/* Milliseconds until x may start (0 if it may now). */
static long
ms_until(const struct xfer *x)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (x->not_before.tv_sec - now.tv_sec) * 1000 +
	    (x->not_before.tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

/* Starts x if it is WAITING and due, and there is room (*running below
 * the parallel limit); notes in *wait_ms (when not NULL) how long until
 * it is due otherwise. */
static void
start_one(struct fetcher *f, struct xfer *x, int *running, long *wait_ms)
{
	long ms;

	if (x->state != XF_WAITING)
		return;
	ms = ms_until(x);
	if (ms == 0 && *running < f->opts.parallel) {
		if (xfer_start(f, x) == 0)
			(*running)++;
		else
			x->state = XF_FAILED;
	} else if (wait_ms != NULL && (*wait_ms < 0 || ms < *wait_ms))
		*wait_ms = ms;
}

/* Starts waiting transfers up to the parallel limit: those of xs up to
 * it whatever fetch_ahead runs (a guess never holds up what a step
 * needs), then those of fetch_ahead while all of them together stay
 * under it.  Says in *wait_ms how long until the next waiting one of xs
 * is due (-1: none waits). */
static void
start_due(struct fetcher *f, struct xfer **xs, size_t n, long *wait_ms)
{
	int mine = 0, all = 0;

	*wait_ms = -1;
	for (size_t i = 0; i < n; i++)
		mine += xs[i]->state == XF_RUNNING;
	for (size_t i = 0; i < n; i++)
		start_one(f, xs[i], &mine, wait_ms);
	for (size_t i = 0; i < n; i++)
		all += xs[i]->state == XF_RUNNING;
	for (size_t i = 0; i < f->nahead; i++)
		all += f->ahead[i]->state == XF_RUNNING;
	for (size_t i = 0; i < f->nahead; i++)
		start_one(f, f->ahead[i], &all, NULL);
}

/* 1 when every transfer of xs is DONE or FAILED. */
static int
all_ended(struct xfer **xs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (xs[i]->state != XF_DONE && xs[i]->state != XF_FAILED)
			return 0;
	return 1;
}

/* Says, once per fetcher, the first transfer that has had no byte for a
 * while (a quarter of the stall timeout, 1 to 10 s), so that a stalled
 * mirror is seen at once rather than when the try gives up. */
static void
say_first_stall(struct fetcher *f, struct xfer **xs, size_t n)
{
	long notice = f->opts.stall_timeout / 4;
	struct timespec now;

	if (f->stall_said)
		return;
	notice = notice < 1 ? 1 : notice > 10 ? 10 : notice;
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (size_t i = 0; i < n; i++) {
		struct xfer *x = xs[i];

		if (x->state != XF_RUNNING ||
		    now.tv_sec - x->last_data.tv_sec < notice)
			continue;
		progress_clear(x->progress);
		log_warn("%s: no data for %ld s; giving up on this try after "
		    "%ld s (fetch.stall_timeout), %d tr%s in all "
		    "(fetch.tries)", x->item->url, notice,
		    f->opts.stall_timeout, f->opts.retries + 1,
		    f->opts.retries == 0 ? "y" : "ies");
		f->stall_said = 1;
		return;
	}
}

/* Stops x after a signal: what came stays in the .part (with its .pmeta)
 * for the next run to resume. */
static void
stop_after_signal(struct fetcher *f, struct xfer *x)
{
	xfer_stop(f, x);
	if (x->state == XF_RUNNING || x->state == XF_WAITING)
		x->state = XF_FAILED;
}

/* Stops every transfer after a signal, fetch_ahead's too. */
static void
stop_transfers(struct fetcher *f, struct xfer **xs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		stop_after_signal(f, xs[i]);
	for (size_t i = 0; i < f->nahead; i++)
		stop_after_signal(f, f->ahead[i]);
	if (n > 0)
		progress_clear(xs[0]->progress);
	log_error("interrupted: downloads stopped; what came is kept in the "
	    "cache %s and resumed by the next run", f->cache_dir);
}

/* Runs the multi handle until every transfer of xs is done or failed, or
 * a signal came (fetch-int.h).  With n == 0: starts what fetch_ahead
 * added and lets it send its requests. */
void
run_transfers(struct fetcher *f, struct xfer **xs, size_t n)
{
	CURLMsg *msg;
	struct xfer *x;
	long wait_ms;
	int still, left;

	for (;;) {
		if (signal_caught()) {
			stop_transfers(f, xs, n);
			break;
		}
		start_due(f, xs, n, &wait_ms);
		if (f->multi == NULL)	/* nothing went over the network */
			break;
		curl_multi_perform(f->multi, &still);
		while (!signal_caught() &&
		    (msg = curl_multi_info_read(f->multi, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			xfer_done(f, x, msg->data.result);
		}
		/* Finished transfers make room: start the next ones now
		 * rather than after a poll that nothing would wake. */
		start_due(f, xs, n, &wait_ms);
		if (signal_caught())
			continue;
		if (all_ended(xs, n))
			break;
		say_first_stall(f, xs, n);
		/* At most a quarter of a second, so that a signal is seen. */
		curl_multi_poll(f->multi, NULL, 0,
		    wait_ms >= 0 && wait_ms < POLL_MS ? (int)wait_ms : POLL_MS,
		    NULL);
	}
}
