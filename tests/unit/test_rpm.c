/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_rpm.c: the RPM intake against the TEST FIXTURE RPMs that
 * tests/rpm/mkfixtures.sh builds with rpmbuild (make check builds them
 * first): a good signed set, a 3.1.4 set, and one set per refusal in
 * $XENINFN_B/fixtures/rpm-refusals/<reason>/.
 */
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>

#include "testutil.h"
#include "settings.h"
#include "fetch.h"
#include "rpm.h"

static const char *bdir;

/* $XENINFN_B/fixtures/<rel>, or rel itself when absolute; the caller
 * frees it. */
static char *
fx(const char *rel)
{
	if (*rel == '/')
		return xstrdup(rel);
	return xasprintf("%s/fixtures/%s", bdir, rel);
}

struct run {
	const char	*rpms;		/* xen.rpms, under fixtures/ */
	const char	*keys;		/* xen.gpg_keys, under fixtures/ */
	const char	*version;	/* xen.version or NULL */
	const char	*unsigned_ok;	/* xen.allow_unsigned or NULL */
	const char	*tools;		/* tools RPM, under fixtures/, or NULL */
	const char	*url;		/* xen.rpms as a URL, instead of rpms */
	struct fetcher	*fetcher;
	int		 rc;		/* out */
	struct rpm_set	 set;		/* out */
};

/* Loads a profile with the run's settings and calls rpms_collect. */
static void
collect(void *arg)
{
	struct run *r = arg;
	char *sets[4], *tools = r->tools ? fx(r->tools) : NULL;
	size_t n = 0, i;
	struct profile *p;
	struct settings s;
	char *dir = r->url ? xstrdup(r->url) : r->rpms ? fx(r->rpms) :
	    xstrdup(""),
	    *key = r->keys ? fx(r->keys) : xstrdup("");

	sets[n++] = xasprintf("xen.rpms=%s", dir);
	sets[n++] = xasprintf("xen.gpg_keys=%s", key);
	if (r->version)
		sets[n++] = xasprintf("xen.version=%s", r->version);
	if (r->unsigned_ok)
		sets[n++] = xasprintf("xen.allow_unsigned=%s", r->unsigned_ok);
	p = profile_load(NULL, sets, n);
	assert_non_null(p);
	settings_of(p, &s);
	r->rc = rpms_collect(&s.xen, r->fetcher, tools, &r->set);
	profile_free(p);
	for (i = 0; i < n; i++)
		free(sets[i]);
	free(dir);
	free(key);
	free(tools);
}

/* Runs collect and returns what it printed (caller frees). */
static char *
run(struct run *r)
{
	char *msg = tu_capture_stderr(collect, r);

	print_message("%s", msg);
	return msg;
}

static int
setup(void **state)
{
	(void)state;
	bdir = getenv("XENINFN_B");
	if (bdir == NULL) {
		print_message("XENINFN_B unset: run through make check\n");
		return -1;
	}
	return 0;
}

static void
test_good_set(void **state)
{
	struct run r = { .rpms = "xen-rpms",
	    .keys = "xen-rpms/RPM-GPG-KEY-xeninfn-fixture" };
	char *msg = run(&r), *sum;
	size_t i;

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 3);
	/* Sorted by name, each signed by the fixture key. */
	assert_string_equal(r.set.pkgs[0].name, "xen");
	assert_string_equal(r.set.pkgs[1].name, "xen-devel");
	assert_string_equal(r.set.pkgs[2].name, "xen-libs");
	for (i = 0; i < 3; i++) {
		assert_string_equal(r.set.pkgs[i].version, "3.1.2");
		assert_string_equal(r.set.pkgs[i].arch, "x86_64");
		assert_non_null(r.set.pkgs[i].signer);
		assert_int_equal(strlen(r.set.pkgs[i].signer), 16);
		assert_string_equal(r.set.pkgs[i].signer,
		    r.set.pkgs[0].signer);
		sum = digest_file_hex(DIGEST_SHA256, r.set.pkgs[i].path);
		assert_non_null(sum);
		assert_string_equal(r.set.pkgs[i].sha256, sum);
		free(sum);
	}
	/* The message names the key that signed each file. */
	assert_non_null(strstr(msg, r.set.pkgs[0].signer));
	rpm_set_free(&r.set);
	free(msg);
}

/* One refusal: the set in rpm-refusals/<reason> is refused with a
 * message naming the file and containing what. */
static void
refused(const char *reason, const char *file, const char *what)
{
	char *rel = xasprintf("rpm-refusals/%s", reason);
	struct run r = { .rpms = rel,
	    .keys = "rpm-refusals/RPM-GPG-KEY-xeninfn-fixture" };
	char *msg = run(&r);
	char *want = xasprintf("%s: ", file);

	assert_int_equal(r.rc, -1);
	assert_int_equal(r.set.n, 0);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, what));
	free(rel);
	free(want);
	free(msg);
}

static void
test_refuse_arch(void **state)
{
	(void)state;
	refused("arch", "xen-3.1.2-1.xeninfn.fixture.i686.rpm",
	    "built for i686, not x86_64");
}

static void
test_refuse_payload(void **state)
{
	(void)state;
	refused("payload", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "payload compressed with xz");
}

static void
test_refuse_digest(void **state)
{
	(void)state;
	refused("digest", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "file digests use SHA256");
}

static void
test_refuse_rpmlib(void **state)
{
	(void)state;
	refused("rpmlib", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "requires rpmlib(RichDependencies)");
}

static void
test_refuse_version(void **state)
{
	(void)state;
	refused("version", "xen-3.1.0-1.xeninfn.fixture.x86_64.rpm",
	    "version 3.1.0, but xen.version is 3.1.2");
}

static void
test_refuse_missing(void **state)
{
	(void)state;
	refused("missing", "missing", "no xen-devel-3.1.2 package");
}

/* The xen package without its hypervisor, or with one of another level. */
static void
test_refuse_no_hypervisor(void **state)
{
	(void)state;
	refused("nohv", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "no hypervisor /boot/xen.gz-3.1.2 in the xen package");
}

static void
test_refuse_hypervisor_version(void **state)
{
	(void)state;
	refused("hvversion", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "carries the hypervisor /boot/xen.gz-3.1.0, but the tools are "
	    "3.1.2");
}

static void
test_refuse_unsigned(void **state)
{
	(void)state;
	refused("unsigned", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "not signed");
}

static void
test_refuse_other_key(void **state)
{
	(void)state;
	refused("otherkey", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "which is not in xen.gpg_keys");
}

static void
test_refuse_tampered(void **state)
{
	(void)state;
	refused("tampered", "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm",
	    "changed after signing");
}

/* xen.allow_unsigned=yes lets the unsigned package through with a
 * warning, and the manifest field says nobody signed it. */
static void
test_allow_unsigned(void **state)
{
	struct run r = { .rpms = "rpm-refusals/unsigned",
	    .keys = "rpm-refusals/RPM-GPG-KEY-xeninfn-fixture",
	    .unsigned_ok = "yes" };
	char *msg = run(&r);

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 3);
	assert_string_equal(r.set.pkgs[0].name, "xen");
	assert_null(r.set.pkgs[0].signer);
	assert_non_null(r.set.pkgs[1].signer);
	assert_non_null(strstr(msg, "not signed; taken"));
	rpm_set_free(&r.set);
	free(msg);
}

/* No xen.rpms: the message says how to make them. */
static void
test_unset(void **state)
{
	struct run r = { 0 };
	char *msg = run(&r);

	(void)state;
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(msg, "xen.rpms: not set"));
	assert_non_null(strstr(msg, "make xen-rpm"));
	assert_non_null(strstr(msg, "docs/xen-rpms.md"));
	free(msg);
}

/* The version flow: the 3.1.4 set passes with xen.version=3.1.4 and is
 * refused under the default 3.1.2. */
static void
test_version_flow(void **state)
{
	struct run r = { .rpms = "xen-rpms-3.1.4",
	    .keys = "xen-rpms-3.1.4/RPM-GPG-KEY-xeninfn-fixture",
	    .version = "3.1.4" };
	struct run d = { .rpms = "xen-rpms-3.1.4",
	    .keys = "xen-rpms-3.1.4/RPM-GPG-KEY-xeninfn-fixture" };
	char *msg = run(&r), *msg2;

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.set.pkgs[0].version, "3.1.4");
	rpm_set_free(&r.set);
	msg2 = run(&d);
	assert_int_equal(d.rc, -1);
	assert_non_null(strstr(msg2, "version 3.1.4, but xen.version is "
	    "3.1.2"));
	free(msg);
	free(msg2);
}

/* The tools RPM is built locally: taken unsigned, without the Xen
 * version check, and listed with the Xen packages. */
static void
test_tools_rpm(void **state)
{
	struct run r = { .rpms = "xen-rpms",
	    .keys = "xen-rpms/RPM-GPG-KEY-xeninfn-fixture",
	    .tools = "rpm-refusals/version/xen-3.1.0-1.xeninfn.fixture."
	    "x86_64.rpm" };
	char *msg = run(&r);

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 4);
	rpm_set_free(&r.set);
	free(msg);
	/* ... but its header is still held against EL5. */
	r.tools = "rpm-refusals/payload/xen-3.1.2-1.xeninfn.fixture."
	    "x86_64.rpm";
	msg = run(&r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(msg, "payload compressed with xz"));
	free(msg);
}

/* A key file that is not a key is named in the message. */
static void
test_bad_key(void **state)
{
	struct run r = { .rpms = "xen-rpms",
	    .keys = "xen-rpms/xen-3.1.2-1.xeninfn.fixture.x86_64.rpm" };
	char *msg = run(&r);

	(void)state;
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(msg, "not an armored OpenPGP public key"));
	free(msg);
}

/* xen.rpms as a file:// URL is the directory itself. */
static void
test_file_url(void **state)
{
	char *dir = fx("xen-rpms");
	char *url = xasprintf("file://%s", dir);
	struct run r = { .url = url,
	    .keys = "xen-rpms/RPM-GPG-KEY-xeninfn-fixture" };
	char *msg = run(&r);

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 3);
	rpm_set_free(&r.set);
	free(msg);
	free(url);
	free(dir);
}

/* A file:// URL is percent-decoded as the fetcher decodes it: ".../%78en-
 * rpms" is the xen-rpms directory (it used to be looked up verbatim). */
static void
test_file_url_encoded(void **state)
{
	char *dir = fx("");
	char *url = xasprintf("file://%s%%78en-rpms", dir);
	struct run r = { .url = url,
	    .keys = "xen-rpms/RPM-GPG-KEY-xeninfn-fixture" };
	char *msg = run(&r);

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 3);
	rpm_set_free(&r.set);
	free(msg);
	free(url);
	free(dir);
}

/* A free TCP port on 127.0.0.1 (closed again: a small race, fine here). */
static int
free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* 1 once something accepts connections on port, within about 10 s. */
static int
wait_port(int port)
{
	struct sockaddr_in sa;
	int i, fd, ok = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(port);
	for (i = 0; i < 100 && !ok; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(fd);
		if (!ok)
			usleep(100000);
	}
	return ok;
}

/* Serves dir over HTTP on 127.0.0.1 with python3's http.server; returns
 * the port and the server's pid in *pid (stop it with stop_server), or
 * skips the test when it does not come up. */
static int
serve_dir(const char *dir, pid_t *pid)
{
	char portstr[16];
	int port = free_port();

	snprintf(portstr, sizeof(portstr), "%d", port);
	if ((*pid = fork()) == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execlp("python3", "python3", "-m", "http.server", "--bind",
		    "127.0.0.1", "--directory", dir, portstr, (char *)NULL);
		_exit(127);
	}
	assert_true(*pid > 0);
	if (!wait_port(port)) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
		skip();
	}
	return port;
}

static void
stop_server(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* A fetcher on a fresh cache (in *cache, caller removes and frees) that
 * does not retry. */
static struct fetcher *
quick_fetcher(char **cache)
{
	struct fetch_opts fo;
	struct fetcher *f;

	*cache = make_temp_dir("test_rpm");
	memset(&fo, 0, sizeof(fo));
	fo.cache_dir = *cache;
	fo.retries = 0;
	f = fetcher_new(&fo);
	assert_non_null(f);
	return f;
}

/* xen.rpms as an http:// URL of a directory: the names come from the
 * server's index page and the packages through the fetcher. */
static void
test_http_url(void **state)
{
	char *dir = fx("xen-rpms"), *cache, *url;
	struct run r = { .keys = "xen-rpms/RPM-GPG-KEY-xeninfn-fixture" };
	pid_t pid;
	int port = serve_dir(dir, &pid);
	char *msg;

	(void)state;
	r.fetcher = quick_fetcher(&cache);
	url = xasprintf("http://127.0.0.1:%d/", port);
	r.url = url;
	msg = run(&r);
	stop_server(pid);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 3);
	assert_string_equal(r.set.pkgs[2].name, "xen-libs");
	assert_non_null(strstr(r.set.pkgs[0].url, url));
	assert_non_null(r.set.pkgs[0].signer);
	rpm_set_free(&r.set);
	fetcher_free(r.fetcher);
	remove_tree(cache);
	free(cache);
	free(msg);
	free(url);
	free(dir);
}

/* An index page naming a package the server does not have: refused with
 * the fetcher's message naming that URL, and (under valgrind) nothing of
 * the packages fetched before is leaked: xen_files used to drop the
 * names, the URLs and the fetched paths on this path. */
static void
test_http_url_missing(void **state)
{
	char *dir = make_temp_dir("test_rpm-www"), *cache, *url, *msg;
	char *copy, *idx;
	char *good = fx("xen-rpms/xen-3.1.2-1.xeninfn.fixture.x86_64.rpm");
	struct run r = { .keys = "xen-rpms/RPM-GPG-KEY-xeninfn-fixture" };
	pid_t pid;
	int port;

	(void)state;
	copy = path_join(dir, "xen-3.1.2-1.xeninfn.fixture.x86_64.rpm");
	if (copy_file(good, copy, 0644) != 0)
		skip();
	idx = tu_write(dir, "index.html",
	    "<a href=\"xen-3.1.2-1.xeninfn.fixture.x86_64.rpm\"></a>\n"
	    "<a href=\"xen-libs-3.1.2-1.xeninfn.fixture.x86_64.rpm\"></a>\n");
	port = serve_dir(dir, &pid);
	r.fetcher = quick_fetcher(&cache);
	url = xasprintf("http://127.0.0.1:%d/", port);
	r.url = url;
	msg = run(&r);
	stop_server(pid);
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.set.n, 0);
	assert_non_null(strstr(msg,
	    "/xen-libs-3.1.2-1.xeninfn.fixture.x86_64.rpm: not found"));
	fetcher_free(r.fetcher);
	remove_tree(cache);
	remove_tree(dir);
	free(cache);
	free(dir);
	free(msg);
	free(url);
	free(good);
	free(copy);
	free(idx);
}

/* ---- what the intake remembers (CACHE/rpm-vetted) ---- */

#define GOOD	"xen-3.1.2-1.xeninfn.fixture.x86_64.rpm"
#define LIBS	"xen-libs-3.1.2-1.xeninfn.fixture.x86_64.rpm"
#define DEVEL	"xen-devel-3.1.2-1.xeninfn.fixture.x86_64.rpm"
#define KEY	"RPM-GPG-KEY-xeninfn-fixture"

/* Waits until every file of dir has a ctime over 2 s old: only such a
 * file's verdict is recorded (a younger one could still change within
 * the same clock tick; file_ident).  A wait, never a timed assertion. */
static void
settle(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	time_t newest = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
		    st.st_ctim.tv_sec > newest)
			newest = st.st_ctim.tv_sec;
	closedir(d);
	while (time(NULL) < newest + 3)
		usleep(100000);
}

/* A private copy of the good set and its key in a new directory (the
 * caller removes and frees it), settled. */
static char *
good_copy(void)
{
	char *dir = make_temp_dir("test_rpm-vet");
	const char *names[] = { GOOD, LIBS, DEVEL, KEY };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *rel = xasprintf("xen-rpms/%s", names[i]),
		    *from = fx(rel), *to = path_join(dir, names[i]);

		assert_int_equal(copy_file(from, to, 0644), 0);
		free(rel);
		free(from);
		free(to);
	}
	settle(dir);
	return dir;
}

/* Counts the occurrences of what in s. */
static int
count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* Replaces the file dir/name with the fixture rel: a new file (rename)
 * when in_place is 0, else the same inode rewritten. */
static void
replace(const char *dir, const char *name, const char *rel, int in_place)
{
	char *from = fx(rel), *to = path_join(dir, name);
	struct buf b = BUF_INIT;
	int fd;

	if (!in_place)
		assert_int_equal(copy_file(from, to, 0644), 0);
	else {
		assert_int_equal(read_file(from, 1 << 24, &b), 0);
		fd = open(to, O_WRONLY | O_TRUNC);
		assert_true(fd >= 0);
		assert_int_equal(fd_write_all(fd, b.data, b.len), 0);
		close(fd);
	}
	buf_free(&b);
	free(from);
	free(to);
}

/* A private settled copy of the good set (dir) and a fetcher on a fresh
 * cache, for the tests of the record; vet_env_close removes both. */
struct vet_env {
	char		*dir, *cache, *key;
	struct fetcher	*f;
};

/* A run on e's copy (xen.rpms and its key) with its fetcher, verbose:
 * what it printed (caller frees); r filled as run does. */
static char *
run_on(struct run *r, const struct vet_env *e)
{
	char *msg;

	memset(r, 0, sizeof(*r));
	r->rpms = e->dir;
	r->keys = e->key;
	r->fetcher = e->f;
	log_set_verbosity(1);
	msg = run(r);
	log_set_verbosity(0);
	return msg;
}

/* A first run on e's copy, which passes (and records the set). */
static void
first_run(const struct vet_env *e)
{
	struct run r;
	char *msg = run_on(&r, e);

	assert_int_equal(r.rc, 0);
	rpm_set_free(&r.set);
	free(msg);
}

/* Makes e. */
static void
vet_env_open(struct vet_env *e)
{
	e->dir = good_copy();
	e->key = path_join(e->dir, KEY);
	e->f = quick_fetcher(&e->cache);
}

/* Removes and frees what e holds. */
static void
vet_env_close(struct vet_env *e)
{
	fetcher_free(e->f);
	remove_tree(e->cache);
	remove_tree(e->dir);
	free(e->cache);
	free(e->dir);
	free(e->key);
}

/* A second run on the same files takes every verdict from the record:
 * the same set, and librpm never made ready (no key parsed). */
static void
test_vetted_once(void **state)
{
	struct vet_env e;
	char *m1, *m2;
	struct run r1, r2;
	size_t i;

	(void)state;
	vet_env_open(&e);
	m1 = run_on(&r1, &e);
	assert_int_equal(r1.rc, 0);
	assert_int_equal(count(m1, "trusted for xen.rpms"), 1);
	assert_int_equal(count(m1, "vetted before"), 0);
	m2 = run_on(&r2, &e);
	assert_int_equal(r2.rc, 0);
	assert_int_equal(count(m2, "vetted before, unchanged"), 3);
	assert_int_equal(count(m2, "trusted for xen.rpms"), 0);
	assert_int_equal(count(m2, "signed by key"), 3);
	assert_int_equal(r2.set.n, 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(r1.set.pkgs[i].name, r2.set.pkgs[i].name);
		assert_string_equal(r1.set.pkgs[i].release,
		    r2.set.pkgs[i].release);
		assert_string_equal(r1.set.pkgs[i].arch, r2.set.pkgs[i].arch);
		assert_string_equal(r1.set.pkgs[i].sha256,
		    r2.set.pkgs[i].sha256);
		assert_string_equal(r1.set.pkgs[i].signer,
		    r2.set.pkgs[i].signer);
		assert_string_equal(r1.set.pkgs[i].path, r2.set.pkgs[i].path);
	}
	rpm_set_free(&r1.set);
	rpm_set_free(&r2.set);
	vet_env_close(&e);
	free(m1);
	free(m2);
}

/* A recorded package replaced by one signed with another key, and one
 * rewritten in place with changed bytes, are vetted again and refused,
 * with their messages, on this run and the next; their records are
 * dropped. */
static void
test_vetted_changed(void **state)
{
	struct vet_env e;
	char *msg, *rec;
	struct buf b = BUF_INIT;
	struct run r;
	int round;

	(void)state;
	vet_env_open(&e);
	first_run(&e);
	replace(e.dir, GOOD, "rpm-refusals/otherkey/" GOOD, 0);
	replace(e.dir, LIBS, "rpm-refusals/tampered/" GOOD, 1);
	settle(e.dir);
	for (round = 0; round < 2; round++) {
		msg = run_on(&r, &e);
		assert_int_equal(r.rc, -1);
		assert_non_null(strstr(msg, GOOD ": signed by key"));
		assert_non_null(strstr(msg, "which is not in xen.gpg_keys"));
		assert_non_null(strstr(msg, LIBS ": its digests or signature "
		    "do not match"));
		assert_int_equal(count(msg, "vetted before"), 1);  /* devel */
		free(msg);
	}
	/* The records of the two changed files are gone: devel's is left. */
	rec = path_join(e.cache, "rpm-vetted");
	assert_int_equal(read_file(rec, 1 << 16, &b), 0);
	assert_int_equal(count(b.data, "\n"), 2);
	assert_non_null(strstr(b.data, "/" DEVEL "\n"));
	vet_env_close(&e);
	buf_free(&b);
	free(rec);
}

/* A changed key file (one more line after the armor), or another
 * xen.version, and every package is vetted again. */
static void
test_vetted_inputs(void **state)
{
	struct vet_env e;
	char *msg, *text;
	struct buf b = BUF_INIT;
	struct run r;

	(void)state;
	vet_env_open(&e);
	first_run(&e);
	assert_int_equal(read_file(e.key, 1 << 16, &b), 0);
	text = xasprintf("%s\n", b.data);
	free(tu_write(e.dir, KEY, text));
	msg = run_on(&r, &e);
	assert_int_equal(r.rc, 0);
	assert_int_equal(count(msg, "vetted before"), 0);
	assert_int_equal(count(msg, "trusted for xen.rpms"), 1);
	rpm_set_free(&r.set);
	free(msg);
	/* Recorded under the new key file; another version refuses all. */
	r.version = "3.1.4";
	log_set_verbosity(1);
	msg = run(&r);
	log_set_verbosity(0);
	assert_int_equal(r.rc, -1);
	assert_int_equal(count(msg, "vetted before"), 0);
	assert_int_equal(count(msg, "but xen.version is 3.1.4"), 3);
	vet_env_close(&e);
	buf_free(&b);
	free(msg);
	free(text);
}

/* A damaged record file, or one of an unknown version, is ignored (all
 * vetted again, no error) and written anew. */
static void
test_vetted_damaged(void **state)
{
	static const char *const bad[] = { "garbage\n\1\2\n",
	    "xeninfn-rpm-vetted 99\n", "xeninfn-rpm-vetted 1\nonly three "
	    "fields\n" };
	struct vet_env e;
	char *msg, *rec;
	struct buf b = BUF_INIT;
	struct run r;
	size_t i;

	(void)state;
	vet_env_open(&e);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rec = tu_write(e.cache, "rpm-vetted", bad[i]);
		msg = run_on(&r, &e);
		assert_int_equal(r.rc, 0);
		assert_int_equal(count(msg, "vetted before"), 0);
		assert_null(strstr(msg, "error"));
		rpm_set_free(&r.set);
		buf_reset(&b);
		assert_int_equal(read_file(rec, 1 << 16, &b), 0);
		assert_int_equal(strncmp(b.data, "xeninfn-rpm-vetted 1\n", 21),
		    0);
		assert_int_equal(count(b.data, "\n"), 4);
		free(rec);
		free(msg);
	}
	vet_env_close(&e);
	buf_free(&b);
}

/* xen.rpms as a URL: the record is by the identity of the cached copy,
 * which an unchanged file keeps (a 304): once the copies are settled
 * (2 s, see settle) a run records them, and the next (run 3) reads
 * neither the copies nor calls librpm. */
static void
test_vetted_http(void **state)
{
	char *dir = fx("xen-rpms"), *cache, *url, *msg[3];
	struct run r = { .keys = "xen-rpms/" KEY };
	pid_t pid;
	int port = serve_dir(dir, &pid), i;

	(void)state;
	r.fetcher = quick_fetcher(&cache);
	url = xasprintf("http://127.0.0.1:%d/", port);
	for (i = 0; i < 3; i++) {
		r.url = url;
		log_set_verbosity(1);
		msg[i] = run(&r);
		log_set_verbosity(0);
		assert_int_equal(r.rc, 0);
		rpm_set_free(&r.set);
		settle(cache);
	}
	stop_server(pid);
	assert_int_equal(count(msg[0], "vetted before"), 0);
	assert_int_equal(count(msg[2], "vetted before, unchanged"), 3);
	assert_int_equal(count(msg[2], "trusted for xen.rpms"), 0);
	fetcher_free(r.fetcher);
	remove_tree(cache);
	for (i = 0; i < 3; i++)
		free(msg[i]);
	free(cache);
	free(url);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_set),
		cmocka_unit_test(test_refuse_arch),
		cmocka_unit_test(test_refuse_payload),
		cmocka_unit_test(test_refuse_digest),
		cmocka_unit_test(test_refuse_rpmlib),
		cmocka_unit_test(test_refuse_version),
		cmocka_unit_test(test_refuse_missing),
		cmocka_unit_test(test_refuse_no_hypervisor),
		cmocka_unit_test(test_refuse_hypervisor_version),
		cmocka_unit_test(test_refuse_unsigned),
		cmocka_unit_test(test_refuse_other_key),
		cmocka_unit_test(test_refuse_tampered),
		cmocka_unit_test(test_allow_unsigned),
		cmocka_unit_test(test_unset),
		cmocka_unit_test(test_version_flow),
		cmocka_unit_test(test_tools_rpm),
		cmocka_unit_test(test_bad_key),
		cmocka_unit_test(test_file_url),
		cmocka_unit_test(test_file_url_encoded),
		cmocka_unit_test(test_http_url),
		cmocka_unit_test(test_http_url_missing),
		cmocka_unit_test(test_vetted_once),
		cmocka_unit_test(test_vetted_changed),
		cmocka_unit_test(test_vetted_inputs),
		cmocka_unit_test(test_vetted_damaged),
		cmocka_unit_test(test_vetted_http),
	};

	log_init("test_rpm");
	return cmocka_run_group_tests(tests, setup, NULL);
}
