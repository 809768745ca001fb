/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_fetch_range.c: a resumed download from a server that answers 206
 * from another offset than the one asked for.  httpd.py honours Range
 * correctly, so this program runs its own small python3 server.
 */
#include <sys/wait.h>
#include <signal.h>

#include "testutil.h"
#include "fetch.h"
#include "fetch-cache.h"

/* Answers "Range: bytes=N-" with a 206 from byte N-2, and any other GET
 * with the whole body; the first line it prints is its port. */
static const char server_py[] =
    "import http.server, sys\n"
    "DATA = bytes(range(256)) * 64\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def log_message(self, *a):\n"
    "        pass\n"
    "    def do_GET(self):\n"
    "        rng = self.headers.get('Range')\n"
    "        start = int(rng.split('=')[1].split('-')[0]) - 2 if rng else 0\n"
    "        self.send_response(206 if rng else 200)\n"
    "        self.send_header('ETag', '\"e1\"')\n"
    "        if rng:\n"
    "            self.send_header('Content-Range', 'bytes %d-%d/%d' %\n"
    "                             (start, len(DATA) - 1, len(DATA)))\n"
    "        self.send_header('Content-Length', str(len(DATA) - start))\n"
    "        self.end_headers()\n"
    "        self.wfile.write(DATA[start:])\n"
    "s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
    "print(s.server_address[1], flush=True)\n"
    "s.serve_forever()\n";

static pid_t server;
static int port;
static char data[256 * 64];

/* Starts the server; skips the group when python3 is not there. */
static int
setup(void **state)
{
	char *script;
	int fds[2];
	FILE *fp;

	if (tu_setup_dir(state) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i % 256);
	script = tu_write(tu_dir, "server.py", server_py);
	if (pipe(fds) != 0)
		return -1;
	if ((server = fork()) == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execlp("python3", "python3", script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	free(script);
	fp = fdopen(fds[0], "r");
	if (server < 0 || fp == NULL || fscanf(fp, "%d", &port) != 1) {
		print_message("no python3 server: skipping\n");
		port = 0;
	}
	if (fp != NULL)
		fclose(fp);
	return 0;
}

static int
teardown(void **state)
{
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
	return tu_teardown_dir(state);
}

/* Leaves under cache a .part of url holding the first 100 bytes, with the
 * .pmeta that makes the fetcher resume it (If-Range: "e1"). */
static void
seed_part(const char *cache, const char *url)
{
	struct cache_names n;
	struct cache_meta pm = { 0 };

	cache_names_for(cache, url, &n);
	assert_int_equal(write_file_atomic(n.part, data, 100, 0644), 0);
	pm.url = (char *)url;
	pm.etag = (char *)"\"e1\"";
	assert_int_equal(cache_meta_write(n.pmeta, &pm), 0);
	cache_names_free(&n);
}

struct call {
	struct fetcher		*f;
	struct fetch_item	 it;
	int			 rc;
};

static void
do_fetch(void *arg)
{
	struct call *c = arg;

	c->rc = fetch_all(c->f, &c->it, 1);
}

/* Fetches url with retries; returns what it printed (caller frees). */
static char *
fetch(struct call *c, const char *cache, const char *url, int retries)
{
	struct fetch_opts fo = { .retries = retries, .backoff_ms = 1,
	    .progress_tty = 2 };

	fo.cache_dir = cache;
	c->f = fetcher_new(&fo);
	assert_non_null(c->f);
	c->it.url = url;
	return tu_capture_stderr(do_fetch, c);
}

/* With a retry left, the .part is dropped and the file fetched whole: the
 * cached copy is the server's file, not the tail of it (the 206 from byte
 * 98 used to be written as the whole file and cached as good). */
static void
test_wrong_offset_restarts(void **state)
{
	char *cache = path_join(tu_dir, "cache1"), *url, *msg, *want;
	struct call c = { 0 };
	struct buf got = BUF_INIT;

	(void)state;
	if (port == 0)
		skip();
	url = xasprintf("http://127.0.0.1:%d/f1", port);
	assert_int_equal(mkdirs(cache, 0755), 0);
	seed_part(cache, url);
	msg = fetch(&c, cache, url, 1);
	print_message("%s", msg);
	assert_int_equal(c.rc, 0);
	want = digest_buf_hex(DIGEST_SHA256, data, sizeof(data));
	assert_string_equal(c.it.sha256, want);
	assert_int_equal(read_file(c.it.path, sizeof(data) + 1, &got), 0);
	assert_int_equal(got.len, sizeof(data));
	assert_memory_equal(got.data, data, sizeof(data));
	buf_free(&got);
	free(want);
	fetch_items_clear(&c.it, 1);
	fetcher_free(c.f);
	free(msg);
	free(url);
	free(cache);
}

/* Without retries: refused with a message naming the URL and both
 * offsets, and nothing cached. */
static void
test_wrong_offset_refused(void **state)
{
	char *cache = path_join(tu_dir, "cache2"), *url, *msg;
	struct call c = { 0 };
	struct cache_names n;

	(void)state;
	if (port == 0)
		skip();
	url = xasprintf("http://127.0.0.1:%d/f2", port);
	assert_int_equal(mkdirs(cache, 0755), 0);
	seed_part(cache, url);
	msg = fetch(&c, cache, url, 0);
	print_message("%s", msg);
	assert_int_equal(c.rc, -1);
	assert_null(c.it.path);
	assert_non_null(strstr(msg, url));
	assert_non_null(strstr(msg, "206 from byte 98 to a request from "
	    "byte 100"));
	cache_names_for(cache, url, &n);
	assert_false(path_exists(n.file));
	assert_false(path_exists(n.meta));
	assert_false(path_exists(n.part));
	cache_names_free(&n);
	fetch_items_clear(&c.it, 1);
	fetcher_free(c.f);
	free(msg);
	free(url);
	free(cache);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrong_offset_restarts),
		cmocka_unit_test(test_wrong_offset_refused),
	};

	log_init("test_fetch_range");
	return cmocka_run_group_tests(tests, setup, teardown);
}
