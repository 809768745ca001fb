/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of fetch.c against a real HTTP server on 127.0.0.1
 * (tests/unit/httpd.py): caching and 304, retries, resume, stalls, limits,
 * file:// URLs and the messages a user sees. */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include "testutil.h"
#include "testhttpd.h"
#include "fetch.h"

/* Writes n pseudo-random bytes to root/name (a body big enough to be cut
 * in half and resumed). */
static void
make_blob(const char *name, size_t n, unsigned seed)
{
	char *path = path_join(root, name), *data = xmalloc(n);

	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		data[i] = (char)(seed >> 16);
	}
	assert_int_equal(write_file_atomic(path, data, n, 0644), 0);
	free(data);
	free(path);
}

static char *
sha_of(const char *name)
{
	char *path = path_join(root, name), *sum;

	sum = digest_file_hex(DIGEST_SHA256, path);
	free(path);
	return sum;
}

/* The group's server root holds two blobs; each test starts with an
 * empty cache and a fresh server log (testhttpd.h). */
static int
setup(void **state)
{
	th_setup(state);
	make_blob("a.bin", 200000, 1);
	make_blob("b.bin", 300000, 2);
	return 0;
}

static struct fetcher *
new_fetcher(int retries, long stall)
{
	struct fetch_opts o = { .cache_dir = cache, .retries = retries,
	    .backoff_ms = 20, .stall_timeout = stall, .connect_timeout = 5,
	    .progress_tty = 2 };
	struct fetcher *f = fetcher_new(&o);

	assert_non_null(f);
	return f;
}

/* One test's fetcher and item: the file name under root it fetches, the
 * sha256 it should get, the last messages and return of fetch_all. */
struct tc {
	struct fetcher		*f;
	struct fetch_item	 it;
	char			*url;
	char			*want;
	char			*msg;
	int			 rc;
};

static void
tc_begin(struct tc *t, const char *name, int retries, long stall)
{
	memset(t, 0, sizeof(*t));
	t->f = new_fetcher(retries, stall);
	t->url = xasprintf("%s/%s", srv.base, name);
	t->want = sha_of(name);
	t->it.url = t->url;
}

static void
do_fetch(void *arg)
{
	struct tc *t = arg;

	t->rc = fetch_all(t->f, &t->it, 1);
}

/* fetch_all on the test's item; its messages land in t->msg. */
static int
tc_run(struct tc *t)
{
	free(t->msg);
	t->msg = tu_capture_stderr(do_fetch, t);
	return t->rc;
}

/* 1 if the last messages contain text. */
static int
tc_said(const struct tc *t, const char *text)
{
	return t->msg != NULL && strstr(t->msg, text) != NULL;
}

static void
tc_end(struct tc *t)
{
	fetch_items_clear(&t->it, 1);
	fetcher_free(t->f);
	free(t->url);
	free(t->want);
	free(t->msg);
}

static void
test_fetch_then_not_modified(void **state)
{
	struct tc t;
	char *sum;

	(void)state;
	tc_begin(&t, "a.bin", 0, 0);
	assert_int_equal(tc_run(&t), 0);
	assert_string_equal(t.it.sha256, t.want);
	assert_true(t.it.transferred);
	sum = digest_file_hex(DIGEST_SHA256, t.it.path);
	assert_string_equal(sum, t.want);
	free(sum);
	/* The second time the server is asked, and sends nothing. */
	assert_int_equal(tc_run(&t), 0);
	assert_false(t.it.transferred);
	assert_string_equal(t.it.sha256, t.want);
	assert_true(tc_said(&t, "unchanged"));
	assert_int_equal(th_count(&srv, "GET /a.bin 200"), 1);
	assert_int_equal(th_count(&srv, "GET /a.bin 304"), 1);
	tc_end(&t);
}

static void
test_changed_file_is_fetched_again(void **state)
{
	struct tc t;
	char *want;

	(void)state;
	make_blob("c.bin", 1000, 3);
	tc_begin(&t, "c.bin", 0, 0);
	assert_int_equal(tc_run(&t), 0);
	sleep(1);	/* a new mtime, so a new ETag */
	make_blob("c.bin", 1000, 4);
	want = sha_of("c.bin");
	assert_string_not_equal(want, t.want);
	assert_int_equal(tc_run(&t), 0);
	assert_true(t.it.transferred);
	assert_string_equal(t.it.sha256, want);
	free(want);
	tc_end(&t);
}

static void
test_not_found(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "a.bin", 3, 0);
	free(t.url);
	t.it.url = t.url = xasprintf("%s/nope.img", srv.base);
	t.it.optional = 1;
	assert_int_equal(tc_run(&t), 0);
	assert_true(t.it.missing);
	assert_null(t.it.path);
	t.it.optional = 0;
	assert_int_equal(tc_run(&t), -1);
	assert_true(tc_said(&t, t.url));
	assert_true(tc_said(&t, "not found"));
	/* A 404 is not retried. */
	assert_int_equal(th_count(&srv, "GET /nope.img 404"), 2);
	tc_end(&t);
}

static void
test_server_error_then_ok(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "a.bin", 3, 0);
	th_fault(&srv, "/a.bin", "500", 2, 0);
	assert_int_equal(tc_run(&t), 0);
	assert_string_equal(t.it.sha256, t.want);
	assert_int_equal(th_count(&srv, "GET /a.bin 500"), 2);
	assert_true(tc_said(&t, "trying again"));
	tc_end(&t);
}

static void
test_server_error_gives_up(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "a.bin", 1, 0);
	th_fault(&srv, "/a.bin", "500", 5, 0);
	assert_int_equal(tc_run(&t), -1);
	assert_int_equal(th_count(&srv, "GET /a.bin 500"), 2);
	assert_true(tc_said(&t, t.url));
	assert_true(tc_said(&t, "after 2 attempts"));
	tc_end(&t);
}

static void
test_cut_short_is_resumed(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "b.bin", 2, 0);
	th_fault(&srv, "/b.bin", "cut", 1, 0);
	assert_int_equal(tc_run(&t), 0);
	assert_string_equal(t.it.sha256, t.want);
	/* The retry asked for the rest only. */
	assert_int_equal(th_count(&srv, "GET /b.bin 200 bytes=150000"), 1);
	assert_int_equal(th_count(&srv, "GET /b.bin 206 bytes=150000"), 1);
	tc_end(&t);
}

static void
test_later_run_resumes_part(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "b.bin", 0, 0);
	th_fault(&srv, "/b.bin", "cut", 1, 0);
	assert_int_equal(tc_run(&t), -1);
	assert_true(tc_said(&t, t.url));
	/* An error's body (read, to keep the connection) never lands in
	 * the .part. */
	th_fault(&srv, "/b.bin", "500", 1, 0);
	assert_int_equal(tc_run(&t), -1);
	assert_true(tc_said(&t, "returned error: 500"));
	assert_int_equal(tc_run(&t), 0);
	assert_string_equal(t.it.sha256, t.want);
	assert_int_equal(th_count(&srv, "GET /b.bin 206 bytes=150000"), 1);
	tc_end(&t);
}

static void
test_range_ignored_restarts(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "b.bin", 0, 0);
	th_fault(&srv, "/b.bin", "cut", 1, 0);
	assert_int_equal(tc_run(&t), -1);
	th_fault(&srv, "/b.bin", "norange", 1, 0);
	assert_int_equal(tc_run(&t), 0);
	assert_string_equal(t.it.sha256, t.want);
	assert_int_equal(th_count(&srv, "GET /b.bin 200 bytes=300000"), 1);
	tc_end(&t);
}

static void
test_stall_times_out_and_retries(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "a.bin", 1, 1);
	th_fault(&srv, "/a.bin", "stall", 1, 6);
	assert_int_equal(tc_run(&t), 0);
	assert_string_equal(t.it.sha256, t.want);
	assert_true(tc_said(&t, "trying again"));
	tc_end(&t);
}

static void
test_no_server(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "a.bin", 1, 0);
	t.it.url = "http://127.0.0.1:1/tree/.discinfo";
	assert_int_equal(tc_run(&t), -1);
	assert_true(tc_said(&t, "http://127.0.0.1:1/tree/.discinfo"));
	assert_true(tc_said(&t, "server answers"));
	tc_end(&t);
}

static void
test_size_limit(void **state)
{
	struct tc t;

	(void)state;
	tc_begin(&t, "a.bin", 2, 0);
	t.it.max_size = 1000;
	assert_int_equal(tc_run(&t), -1);
	assert_true(tc_said(&t, "larger than the limit of 1000"));
	/* Not retried: it will not shrink. */
	assert_int_equal(th_count(&srv, "GET /a.bin"), 1);
	tc_end(&t);
}

static void
test_file_urls(void **state)
{
	struct fetcher *f = new_fetcher(0, 0);
	char *path = path_join(root, "a.bin"), *want = sha_of("a.bin");
	char *url = xasprintf("file://%s", path);
	char *gone = xasprintf("file://%s/none", root);
	struct fetch_item it[2] = { { .url = url },
	    { .url = gone, .optional = 1 } };

	(void)state;
	assert_int_equal(fetch_all(f, it, 2), 0);
	assert_string_equal(it[0].path, path);	/* read in place */
	assert_string_equal(it[0].sha256, want);
	assert_false(it[0].transferred);
	assert_true(it[1].missing);
	fetch_items_clear(it, 2);
	fetcher_free(f);
	free(url);
	free(gone);
	free(path);
	free(want);
}

/* The value of key in the .meta that the cache holds for url (caller
 * frees), or NULL. */
static char *
meta_value(const char *url, const char *key)
{
	char *hex = digest_buf_hex(DIGEST_SHA256, url, strlen(url));
	char *meta = xasprintf("%s/%s.meta", cache, hex), *res = NULL, *p;
	struct buf b = BUF_INIT;
	size_t n = strlen(key);

	if (path_exists(meta) && read_file(meta, 8192, &b) == 0)
		for (p = b.data; p != NULL && *p; p = strchr(p, '\n'), p += !!p)
			if (strncmp(p, key, n) == 0 && p[n] == ' ') {
				res = xstrndup(p + n + 1, strcspn(p + n + 1,
				    "\n"));
				break;
			}
	buf_free(&b);
	free(meta);
	free(hex);
	return res;
}

/* Replaces the sha256 line of url's .meta by sum, keeping the rest. */
static void
meta_set_sha(const char *url, const char *sum)
{
	char *hex = digest_buf_hex(DIGEST_SHA256, url, strlen(url));
	char *meta = xasprintf("%s/%s.meta", cache, hex);
	char *old = meta_value(url, "sha256");
	struct buf b = BUF_INIT;
	char *at;

	assert_non_null(old);
	assert_int_equal(read_file(meta, 8192, &b), 0);
	at = strstr(b.data, old);
	assert_non_null(at);
	memcpy(at, sum, strlen(old));
	assert_int_equal(write_file_atomic(meta, b.data, b.len, 0644), 0);
	buf_free(&b);
	free(old);
	free(meta);
	free(hex);
}

/* A digest is recorded with the identity of the file it was computed
 * from (file:// files, and cached copies after a 304) and trusted while
 * that identity holds: a recorded digest that disagrees with the bytes is
 * taken as it is (proof that nothing was read), and any write to the
 * file makes it computed again. */
static void
test_known_digest(void **state)
{
	struct fetcher *f = new_fetcher(0, 0);
	char *path = path_join(root, "k.bin"), *url, *want, *id;
	const char *fake = "0000000000000000000000000000000000000000000000"
	    "000000000000000000";
	struct fetch_item it[2];
	FILE *fp;

	(void)state;
	make_blob("k.bin", 70000, 7);
	want = sha_of("k.bin");
	url = xasprintf("file://%s", path);
	memset(it, 0, sizeof(it));
	it[0].url = url;
	it[1].url = xasprintf("%s/k.bin", srv.base);
	assert_int_equal(fetch_all(f, it, 2), 0);	/* fetched */
	/* A file younger than 2 s is never vouched for by its identity:
	 * a write in the same clock tick would not change it. */
	assert_null(meta_value(url, "ident"));
	assert_null(meta_value(it[1].url, "ident"));
	sleep(3);
	assert_int_equal(fetch_all(f, it, 2), 0);	/* hashed, recorded */
	assert_string_equal(it[0].sha256, want);
	assert_string_equal(it[1].sha256, want);
	assert_non_null(id = meta_value(url, "ident"));
	free(id);
	assert_non_null(id = meta_value(it[1].url, "ident"));
	free(id);
	meta_set_sha(url, fake);
	meta_set_sha(it[1].url, fake);
	assert_int_equal(fetch_all(f, it, 2), 0);	/* trusted */
	assert_string_equal(it[0].sha256, fake);
	assert_string_equal(it[1].sha256, fake);
	assert_int_equal(th_count(&srv, "GET /k.bin 304"), 2);
	/* A write changes the ctime: the file is read again. */
	fp = fopen(path, "r+");
	assert_non_null(fp);
	fputs("XXXX", fp);
	fclose(fp);
	free(want);
	want = sha_of("k.bin");
	assert_int_equal(fetch_all(f, it, 1), 0);
	assert_string_equal(it[0].sha256, want);
	/* fetch_forget drops a file URL's digest, never its file. */
	fetch_forget(f, url);
	assert_null(meta_value(url, "sha256"));
	assert_true(path_exists(path));
	fetch_items_clear(it, 2);
	fetcher_free(f);
	free((char *)it[1].url);
	free(url);
	free(want);
	free(path);
}

/* One run of a tree's fetches as a build makes them: rounds that depend
 * on each other (a file, then two it names, then three and an optional
 * one that is absent), after fetch_remember(key). */
static void
remembered_run(const char *key, char **want)
{
	static const char *const names[7] = { "r0.bin", "r1.bin", "r2.bin",
	    "r3.bin", "r4.bin", "r5.bin", "none.bin" };
	static const size_t rounds[] = { 1, 2, 4 };
	struct fetcher *f = new_fetcher(0, 0);
	struct fetch_item it[7];
	size_t at = 0;

	memset(it, 0, sizeof(it));
	fetch_remember(f, key);
	for (size_t i = 0; i < 7; i++) {
		it[i].url = xasprintf("%s/%s", srv.base, names[i]);
		it[i].optional = i == 6;
	}
	for (size_t r = 0; r < 3; r++) {
		assert_int_equal(fetch_all(f, it + at, rounds[r]), 0);
		at += rounds[r];
	}
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(it[i].sha256, want[i]);
	assert_true(it[6].missing);
	fetch_items_clear(it, 7);
	for (size_t i = 0; i < 7; i++)
		free((char *)it[i].url);
	fetcher_free(f);
}

/* A warm revalidation of a known tree is one round of requests: every
 * conditional request of the files the last run used goes out at once
 * (the server holds its answers until all 7 are there, and counts the
 * rounds), and nothing after it, though the run asks in three dependent
 * rounds and for more files than the usual 4 at a time. */
static void
test_revalidate_one_round(void **state)
{
	char name[32], *want[6];

	(void)state;
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "r%d.bin", i);
		make_blob(name, 30000 + (size_t)i, (unsigned)i + 40);
		want[i] = sha_of(name);
	}
	remembered_run("tree-a", want);		/* cold: 3 rounds */
	assert_int_equal(th_count(&srv, ".bin 200 "), 6);
	free(th_get(&srv, "/_reset"));
	free(th_get(&srv, "/_hold?n=7"));
	remembered_run("tree-a", want);		/* warm */
	assert_int_equal(th_count(&srv, " round=1"), 7);
	assert_int_equal(th_count(&srv, " round="), 7);
	assert_int_equal(th_count(&srv, ".bin 304 "), 6);
	assert_int_equal(th_count(&srv, "GET /none.bin 404"), 1);
	free(th_get(&srv, "/_reset"));
	for (int i = 0; i < 6; i++)
		free(want[i]);
}

struct ahead_call {
	struct fetcher		*f;
	struct fetch_item	*it;
	size_t			 n;
	int			 rc;
};

static void
do_fetch_all(void *arg)
{
	struct ahead_call *c = arg;

	c->rc = fetch_all(c->f, c->it, c->n);
}

/* fetch_ahead: a later fetch_all of the same URL takes the transfer over
 * (one request); a guess's 404 answers an optional item but not a needed
 * one, which asks again and says so; a cancelled guess is asked again
 * when wanted after all. */
static void
test_fetch_ahead(void **state)
{
	struct fetcher *f = new_fetcher(0, 0);
	struct fetch_item it[3];
	struct ahead_call c = { f, it, 1, 0 };
	char *want = sha_of("a.bin"), *msg;

	(void)state;
	memset(it, 0, sizeof(it));
	it[0].url = xasprintf("%s/a.bin", srv.base);
	it[1].url = xasprintf("%s/none.bin", srv.base);
	it[2].url = xasprintf("%s/b.bin", srv.base);
	fetch_ahead(f, it, 3);
	fetch_ahead_cancel(f, it[2].url);
	assert_int_equal(fetch_all(f, it, 1), 0);
	assert_string_equal(it[0].sha256, want);
	it[1].optional = 1;
	assert_int_equal(fetch_all(f, it + 1, 1), 0);
	assert_true(it[1].missing);
	assert_int_equal(th_count(&srv, "GET /a.bin 200"), 1);
	assert_int_equal(th_count(&srv, "GET /none.bin 404"), 1);
	/* needed after all: said (the guess taken over while under way,
	 * or asked again when its 404 came first) */
	fetch_ahead(f, it + 1, 1);
	it[1].optional = 0;
	c.it = it + 1;
	msg = tu_capture_stderr(do_fetch_all, &c);
	assert_int_equal(c.rc, -1);
	assert_non_null(strstr(msg, "none.bin: not found"));
	assert_in_range(th_count(&srv, "GET /none.bin 404"), 2, 3);
	free(msg);
	assert_int_equal(fetch_all(f, it + 2, 1), 0);
	free(want);
	want = sha_of("b.bin");
	assert_string_equal(it[2].sha256, want);
	/* the cancelled guess's request may have reached the server */
	assert_in_range(th_count(&srv, "GET /b.bin "), 1, 2);
	fetch_items_clear(it, 3);
	for (int i = 0; i < 3; i++)
		free((char *)it[i].url);
	fetcher_free(f);
	free(want);
}

static void
test_parallel(void **state)
{
	struct fetch_opts o = { .cache_dir = cache, .parallel = 3,
	    .retries = 1, .backoff_ms = 20, .progress_tty = 2 };
	struct fetcher *f = fetcher_new(&o);
	struct fetch_item it[6];
	char name[32], *want;

	(void)state;
	memset(it, 0, sizeof(it));
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "p%d.bin", i);
		make_blob(name, 50000 + i, (unsigned)i + 10);
		it[i].url = xasprintf("%s/%s", srv.base, name);
	}
	th_fault(&srv, "/p2.bin", "500", 1, 0);
	assert_int_equal(fetch_all(f, it, 6), 0);
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "p%d.bin", i);
		want = sha_of(name);
		assert_string_equal(it[i].sha256, want);
		free(want);
		free((char *)it[i].url);
	}
	fetch_items_clear(it, 6);
	fetcher_free(f);
}

static void
test_damaged_cache_and_forget(void **state)
{
	struct tc t;
	FILE *fp;

	(void)state;
	tc_begin(&t, "a.bin", 0, 0);
	assert_int_equal(tc_run(&t), 0);
	fp = fopen(t.it.path, "r+");	/* same size, other bytes */
	assert_non_null(fp);
	fputs("XXXX", fp);
	fclose(fp);
	assert_int_equal(tc_run(&t), 0);
	assert_true(tc_said(&t, "damaged"));
	assert_string_equal(t.it.sha256, t.want);
	fetch_forget(t.f, t.url);
	assert_int_equal(tc_run(&t), 0);
	assert_true(t.it.transferred);
	assert_int_equal(th_count(&srv, "GET /a.bin 200"), 3);
	tc_end(&t);
}

/* fetcher_new(arg) must fail. */
static void
do_fetcher_new_opts(void *arg)
{
	assert_null(fetcher_new(arg));
}

/* fetcher_new with the cache directory arg must fail. */
static void
do_new_fetcher(void *arg)
{
	struct fetch_opts o = { .cache_dir = arg };

	do_fetcher_new_opts(&o);
}

static void
test_cache_not_writable(void **state)
{
	char *file = tu_write(root, "plain", "x"), *dir = path_join(file, "c");
	char *msg = tu_capture_stderr(do_new_fetcher, dir);

	(void)state;
	assert_non_null(strstr(msg, dir));
	assert_non_null(strstr(msg, "--cache"));
	free(msg);
	free(dir);
	free(file);
}

static void
test_default_cache_dir(void **state)
{
	char *d;

	(void)state;
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	d = fetch_default_cache_dir();
	assert_string_equal(d, "/x/cache/xeninfn");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "/home/u", 1);
	d = fetch_default_cache_dir();
	assert_string_equal(d, "/home/u/.cache/xeninfn");
	free(d);
}

/* Makes dir/NAME.pem and dir/NAME.key, a self-signed certificate for
 * 127.0.0.1, with openssl. */
static void
make_cert(const char *dir, const char *name)
{
	char *cert = xasprintf("%s/%s.pem", dir, name);
	char *key = xasprintf("%s/%s.key", dir, name);
	const char *argv[] = { "openssl", "req", "-x509", "-newkey",
	    "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
	    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key,
	    "-out", cert, NULL };
	struct run_opts ro = { .quiet = 1 };

	assert_int_equal(run_cmd(argv, &ro), 0);
	free(cert);
	free(key);
}

/* fetch_all of url with ca_file (NULL: the system's CAs); its return,
 * its messages in *msg (caller frees), its item in *it. */
static int
fetch_once(const char *url, const char *ca_file, char **msg,
    struct fetch_item *it)
{
	struct fetch_opts o = { .cache_dir = cache, .retries = 1,
	    .backoff_ms = 20, .connect_timeout = 5, .progress_tty = 2,
	    .ca_file = ca_file };
	struct tc t;

	memset(&t, 0, sizeof(t));
	t.f = fetcher_new(&o);
	assert_non_null(t.f);
	t.it.url = url;
	*msg = tu_capture_stderr(do_fetch, &t);
	*it = t.it;
	fetcher_free(t.f);
	return t.rc;
}

/* https: a server whose certificate no trusted CA signed is refused with
 * a message naming the URL and fetch.ca_file; fetch.ca_file naming its
 * certificate lets the file through, and replaces the system's CAs (a
 * bundle of another CA is refused too); an unreadable ca_file stops the
 * fetcher before any transfer. */
static void
test_https_ca_file(void **state)
{
	struct testhttpd tls;
	struct fetch_item it;
	char *dir = make_temp_dir("xeninfn-test-fetch-tls"), *msg, *url;
	char *cert = path_join(dir, "server.pem"), *key = path_join(dir,
	    "server.key"), *other = path_join(dir, "other.pem");
	char *missing = path_join(dir, "none.pem"), *want = sha_of("a.bin");
	struct fetch_opts o = { .cache_dir = cache, .ca_file = missing };

	(void)state;
	make_cert(dir, "server");
	make_cert(dir, "other");
	th_start_tls(&tls, root, cert, key);
	url = xasprintf("%s/a.bin", tls.base);
	assert_int_equal(strncmp(url, "https://", 8), 0);

	assert_int_equal(fetch_once(url, NULL, &msg, &it), -1);
	assert_non_null(strstr(msg, url));
	assert_non_null(strstr(msg, "fetch.ca_file"));
	assert_null(it.path);
	free(msg);

	assert_int_equal(fetch_once(url, other, &msg, &it), -1);
	assert_non_null(strstr(msg, "certificate"));
	assert_null(it.path);
	free(msg);

	assert_int_equal(fetch_once(url, cert, &msg, &it), 0);
	assert_non_null(it.path);
	assert_string_equal(it.sha256, want);
	fetch_items_clear(&it, 1);
	free(msg);

	msg = tu_capture_stderr(do_fetcher_new_opts, &o);
	assert_non_null(strstr(msg, "fetch.ca_file"));
	assert_non_null(strstr(msg, missing));
	free(msg);

	th_stop(&tls);
	remove_tree(dir);
	free(url);
	free(want);
	free(missing);
	free(other);
	free(key);
	free(cert);
	free(dir);
}

/* ftp: a first fetch transfers the file, a second transfers nothing (MDTM
 * says it is unchanged), a newer file on the server is fetched again, and
 * a missing one is an error naming its URL. */
static void
test_ftp(void **state)
{
	struct testhttpd ftp;
	struct fetch_item it;
	struct timespec later[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
	char *url, *none, *msg, *want, *first, *file = path_join(root, "a.bin");
	struct stat st;

	(void)state;
	th_launch(&ftp, "ftpd.py", "ftp", root, NULL, NULL);
	url = xasprintf("%s/a.bin", ftp.base);
	none = xasprintf("%s/none.bin", ftp.base);
	want = sha_of("a.bin");

	assert_int_equal(fetch_once(url, NULL, &msg, &it), 0);
	assert_true(it.transferred);
	assert_string_equal(it.sha256, want);
	first = xstrdup(it.path);
	fetch_items_clear(&it, 1);
	free(msg);

	assert_int_equal(fetch_once(url, NULL, &msg, &it), 0);
	assert_false(it.transferred);
	assert_string_equal(it.path, first);
	assert_string_equal(it.sha256, want);
	fetch_items_clear(&it, 1);
	free(msg);

	/* A new a.bin, dated a minute after the old one. */
	assert_int_equal(stat(file, &st), 0);
	make_blob("a.bin", 200000, 7);
	later[1].tv_sec = st.st_mtime + 60;
	assert_int_equal(utimensat(AT_FDCWD, file, later, 0), 0);
	free(want);
	want = sha_of("a.bin");
	assert_int_equal(fetch_once(url, NULL, &msg, &it), 0);
	assert_true(it.transferred);
	assert_string_equal(it.sha256, want);
	fetch_items_clear(&it, 1);
	free(msg);

	assert_int_equal(fetch_once(none, NULL, &msg, &it), -1);
	assert_non_null(strstr(msg, none));
	assert_null(it.path);
	free(msg);

	th_stop(&ftp);
	make_blob("a.bin", 200000, 1);
	free(first);
	free(want);
	free(none);
	free(url);
	free(file);
}

/* 1 when /proc/locks shows process pid blocked waiting for a flock. */
static int
waiting_for_flock(pid_t pid)
{
	char line[256], want[32];
	FILE *fp = fopen("/proc/locks", "r");
	int found = 0;

	if (fp == NULL)
		return 0;
	snprintf(want, sizeof(want), " %ld ", (long)pid);
	while (!found && fgets(line, sizeof(line), fp) != NULL)
		found = strstr(line, "-> FLOCK") != NULL &&
		    strstr(line, want) != NULL;
	fclose(fp);
	return found;
}

static void
do_locked_fetcher(void *arg)
{
	struct fetch_opts o = { .cache_dir = cache, .progress_tty = 2 };

	*(struct fetcher **)arg = fetcher_new(&o);
}

/* A second fetcher on a cache in use waits for it, and says so: another
 * process holds the lock until it sees this one blocked on it, then writes
 * a marker and lets go; the marker must exist when fetcher_new returns. */
static void
test_cache_lock_waits(void **state)
{
	char *lock = path_join(cache, ".lock"), *mark = path_join(cache, "m");
	char *msg, c;
	struct fetcher *f = NULL;
	pid_t parent = getpid(), child;
	int fds[2], st;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	if ((child = fork()) == 0) {
		int fd = open(lock, O_RDWR | O_CREAT, 0644);

		if (fd < 0 || flock(fd, LOCK_EX) != 0 ||
		    write(fds[1], "h", 1) != 1)
			_exit(1);
		for (int i = 0; i < 3000 && !waiting_for_flock(parent); i++)
			usleep(10000);
		if (write_file_atomic(mark, "x", 1, 0644) != 0)
			_exit(1);
		_exit(0);
	}
	assert_true(child > 0);
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	msg = tu_capture_stderr(do_locked_fetcher, &f);
	assert_non_null(f);
	assert_int_equal(access(mark, F_OK), 0);
	assert_non_null(strstr(msg, "waiting for the cache"));
	assert_non_null(strstr(msg, "--cache"));
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	fetcher_free(f);
	free(msg);
	free(mark);
	free(lock);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, th_each_setup, th_each_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_fetch_then_not_modified),
		T(test_changed_file_is_fetched_again),
		T(test_not_found),
		T(test_server_error_then_ok),
		T(test_server_error_gives_up),
		T(test_cut_short_is_resumed),
		T(test_later_run_resumes_part),
		T(test_range_ignored_restarts),
		T(test_stall_times_out_and_retries),
		T(test_no_server),
		T(test_size_limit),
		T(test_file_urls),
		T(test_known_digest),
		T(test_revalidate_one_round),
		T(test_fetch_ahead),
		T(test_parallel),
		T(test_damaged_cache_and_forget),
		T(test_cache_not_writable),
		T(test_default_cache_dir),
		T(test_cache_lock_waits),
		T(test_https_ca_file),
		T(test_ftp),
	};

	return cmocka_run_group_tests(tests, setup, th_teardown);
}
