/* SPDX-License-Identifier: GPL-2.0-or-later */
/* testhttpd.h: starts tests/unit/httpd.py (a real HTTP server on
 * 127.0.0.1 with injectable faults) for the fetch and tree unit tests, and
 * talks to its control URLs. */
#ifndef XENINFN_TESTHTTPD_H
#define XENINFN_TESTHTTPD_H
#include <sys/wait.h>
#include <poll.h>
#include <signal.h>
#include <curl/curl.h>

struct testhttpd {
	pid_t	pid;
	int	port;
	char	base[64];	/* "http://127.0.0.1:PORT" */
};

/* Starts tests/unit/SERVER (httpd.py, ftpd.py) on root, over TLS with
 * the PEM files cert and key when they are not NULL; base becomes
 * "SCHEME://127.0.0.1:PORT".  Fails the test if the server does not say
 * its port within 10 seconds.  The server listens before it writes
 * "PORT n\n", so once the whole line is here it accepts connections. */
static inline void
th_launch(struct testhttpd *h, const char *server, const char *scheme,
    const char *root, const char *cert, const char *key)
{
	const char *src = getenv("XENINFN_SRC");
	char *script = xasprintf("%s/tests/unit/%s", src ? src : ".", server);
	char line[64] = "";
	struct pollfd pfd;
	int fds[2], waited = 0;
	size_t len = 0;
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	h->pid = fork();
	assert_true(h->pid >= 0);
	if (h->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		/* Run by its #! line: ftpd.py needs the python3 that
		 * Debian's python3-pyftpdlib is for. */
		if (cert != NULL)
			execl(script, script, "--root", root, "--tls", cert,
			    key, (char *)NULL);
		else
			execl(script, script, "--root", root, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	/* Read up to the newline: the line may come in pieces, and a piece
	 * ("PORT 4" of "PORT 41234") would name another port. */
	while (strchr(line, '\n') == NULL) {
		assert_true(len < sizeof(line) - 1);
		assert_true(waited < 10000);
		if (poll(&pfd, 1, 100) != 1) {
			waited += 100;
			continue;
		}
		n = read(fds[0], line + len, sizeof(line) - 1 - len);
		assert_true(n > 0);	/* 0: the server exited */
		len += (size_t)n;
		line[len] = '\0';
	}
	close(fds[0]);
	assert_int_equal(sscanf(line, "PORT %d\n", &h->port), 1);
	assert_true(h->port > 0);
	snprintf(h->base, sizeof(h->base), "%s://127.0.0.1:%d", scheme,
	    h->port);
	free(script);
}

/* httpd.py on root: plain HTTP, or https with cert and key. */
static inline void
th_start_tls(struct testhttpd *h, const char *root, const char *cert,
    const char *key)
{
	th_launch(h, "httpd.py", cert != NULL ? "https" : "http", root, cert,
	    key);
}

static inline void
th_start(struct testhttpd *h, const char *root)
{
	th_start_tls(h, root, NULL, NULL);
}

static inline void
th_stop(struct testhttpd *h)
{
	if (h->pid > 0) {
		kill(h->pid, SIGTERM);
		waitpid(h->pid, NULL, 0);
	}
	h->pid = 0;
}

/* A suite's start: a time limit (a hang fails instead of blocking), a new
 * temp dir to serve (returned; th_end removes and frees it), the server. */
static inline char *
th_begin(struct testhttpd *h, const char *prefix)
{
	char *root;

	alarm(300);
	root = make_temp_dir(prefix);
	assert_non_null(root);
	th_start(h, root);
	return root;
}

static inline void
th_end(struct testhttpd *h, char *root)
{
	th_stop(h);
	remove_tree(root);
	free(root);
}

static inline size_t
th_collect(char *d, size_t s, size_t n, void *arg)
{
	buf_add(arg, d, s * n);
	return s * n;
}

/* GETs a control path ("/_log", "/_reset", "/_fault?...") and returns the
 * body (caller frees). */
static inline char *
th_get(const struct testhttpd *h, const char *path)
{
	char *url = xasprintf("%s%s", h->base, path);
	struct buf b = BUF_INIT;
	CURL *e = curl_easy_init();

	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, th_collect);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 10L);
	assert_int_equal(curl_easy_perform(e), CURLE_OK);
	curl_easy_cleanup(e);
	free(url);
	return buf_release(&b);
}

/* Injects a fault for the next count requests of path. */
static inline void
th_fault(const struct testhttpd *h, const char *path, const char *kind,
    int count, int secs)
{
	char *q = xasprintf("/_fault?path=%s&kind=%s&count=%d&secs=%d", path,
	    kind, count, secs);

	free(th_get(h, q));
	free(q);
}

/* How many lines of the request log contain needle.  One read is exact:
 * the server logs a request before it sends any byte of the answer, so
 * every request the client has had an answer to is already there. */
static inline int
th_count(const struct testhttpd *h, const char *needle)
{
	char *log = th_get(h, "/_log"), *p = log;
	int n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	free(log);
	return n;
}
/* The fixture the fetch and tree tests share: one server for the whole
 * group, serving the temp dir root, and an empty cache for each test. */
static char *root, *cache;
static struct testhttpd srv;

/* Group set-up and teardown (cmocka): root made and served; returns 0. */
static inline int
th_setup(void **state)
{
	(void)state;
	root = th_begin(&srv, "xeninfn-test-root");
	return 0;
}

static inline int
th_teardown(void **state)
{
	(void)state;
	th_end(&srv, root);
	root = NULL;
	return 0;
}

/* Per-test set-up and teardown: an empty cache and a fresh request log;
 * returns 0, or 1 when the cache could not be made. */
static inline int
th_each_setup(void **state)
{
	(void)state;
	cache = make_temp_dir("xeninfn-test-cache");
	free(th_get(&srv, "/_reset"));
	return cache == NULL;
}

static inline int
th_each_teardown(void **state)
{
	(void)state;
	remove_tree(cache);
	free(cache);
	cache = NULL;
	return 0;
}
#endif
