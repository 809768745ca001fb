/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * serve.c: the server of `xeninfn serve` on libmicrohttpd.
 *
 *   GET  /                            the status page
 *   GET  /api/hosts                   every host, JSON
 *   GET  /api/hosts/NAME              one host with its events, JSON
 *   POST /api/hosts/NAME/events       token=..&event=..&detail=..
 *   POST /api/hosts/NAME/reinstall    with the admin token
 *   GET  /PATH                        TREE/http/PATH (a regular file)
 *
 * A GET of http/ks/NAME.ks is itself the "kickstart fetched" event.  The
 * request line and headers are bounded by libmicrohttpd's connection
 * memory, a POST body by SERVE_BODY_MAX; no path leaves http/.  One log
 * line a request goes to stdout.
 */
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "hosttoken.h"
#include "serve.h"

#define DEFAULT_LISTEN	"0.0.0.0:8080"
#define ADMIN_TOKEN_MIN	16

struct server {
	char			*http_dir;
	char			*admin_token;	/* NULL: no admin calls */
	struct serve_state	*state;
};

/* One request's own data, across the calls libmicrohttpd makes for it. */
struct req {
	struct MHD_PostProcessor *pp;
	size_t	 body;			/* bytes of body so far */
	int	 too_big, bad_field;
	char	*token, *event, *detail, *admin;
};

/* ---- responses and the log ---- */

/* The client's address as text into out (size n). */
static void
client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, n, "-");
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, (socklen_t)n);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    (socklen_t)n);
}

/* The log line of a request: address, method, URL, status, bytes. */
static void
log_request(struct MHD_Connection *c, const char *method, const char *url,
    unsigned status, long long bytes)
{
	char addr[INET6_ADDRSTRLEN + 1];

	client_addr(c, addr, sizeof(addr));
	flockfile(stdout);
	printf("%s \"%s ", addr, method);
	for (const char *p = url; *p; p++)	/* never a raw control byte */
		putchar((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
	printf("\" %u %lld\n", status, bytes);
	fflush(stdout);
	funlockfile(stdout);
}

/* Queues response r (then released) with status, logging the request. */
static enum MHD_Result
respond(struct MHD_Connection *c, const char *method, const char *url,
    unsigned status, struct MHD_Response *r, long long bytes)
{
	enum MHD_Result ret;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	log_request(c, method, url, status, bytes);
	return ret;
}

/* Sends len bytes of text (copied) with content type ctype. */
static enum MHD_Result
send_text(struct MHD_Connection *c, const char *method, const char *url,
    unsigned status, const char *ctype, const char *text, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len,
	    (void *)text, MHD_RESPMEM_MUST_COPY);

	if (r != NULL)
		MHD_add_response_header(r, "Content-Type", ctype);
	return respond(c, method, url, status, r, (long long)len);
}

/* Sends a JSON error {"error": msg}. */
static enum MHD_Result
send_error(struct MHD_Connection *c, const char *method, const char *url,
    unsigned status, const char *msg)
{
	struct buf b = BUF_INIT;
	enum MHD_Result ret;

	buf_adds(&b, "{\"error\": ");
	json_str(&b, msg);
	buf_adds(&b, "}\n");
	ret = send_text(c, method, url, status, "application/json", b.data,
	    b.len);
	buf_free(&b);
	return ret;
}

/* ---- files under http/ ---- */

/* The content type of a file name. */
static const char *
content_type(const char *name)
{
	static const char *const types[][2] = {
		{ ".ks", "text/plain" }, { ".cfg", "text/plain" },
		{ ".txt", "text/plain" }, { ".html", "text/html" },
		{ ".xml", "application/xml" }, { ".gz", "application/gzip" },
		{ ".bz2", "application/x-bzip2" },
		{ ".rpm", "application/x-rpm" },
		{ ".json", "application/json" },
	};
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t k = strlen(types[i][0]);
		if (n > k && strcmp(name + n - k, types[i][0]) == 0)
			return types[i][1];
	}
	return "application/octet-stream";
}

/* The host NAME of a URL "/ks/NAME.ks", into name (size n); 0 or -1. */
static int
ks_host(const char *url, char *name, size_t n)
{
	size_t len = strlen(url);

	if (strncmp(url, "/ks/", 4) != 0 || len < 8 ||
	    strcmp(url + len - 3, ".ks") != 0 || len - 7 >= n)
		return -1;
	memcpy(name, url + 4, len - 7);
	name[len - 7] = '\0';
	return valid_hostname(name) ? 0 : -1;
}

/* GET or HEAD of a file of http/: a regular file whose real path is
 * inside http/, else 404. */
static enum MHD_Result
serve_file(struct server *s, struct MHD_Connection *c, const char *method,
    const char *url)
{
	char *path = path_under(s->http_dir, url + 1), host[256];
	char addr[INET6_ADDRSTRLEN + 1];
	struct MHD_Response *r;
	struct stat st;
	int fd = -1;

	if (path == NULL || !path_inside(s->http_dir, path) ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		free(path);
		return send_error(c, method, url, MHD_HTTP_NOT_FOUND,
		    "no such file under http/");
	}
	free(path);
	if ((r = MHD_create_response_from_fd64((uint64_t)st.st_size,
	    fd)) == NULL) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", content_type(url));
	if (strcmp(method, "GET") == 0 &&
	    ks_host(url, host, sizeof(host)) == 0) {
		client_addr(c, addr, sizeof(addr));
		serve_state_ks_fetched(s->state, host, addr);
	}
	return respond(c, method, url, MHD_HTTP_OK, r, (long long)st.st_size);
}

/* ---- the API ---- */

/* Splits "/api/hosts/NAME[/ACTION]" into name and action ("" for none).
 * Returns 0, or -1 if url is not one of them. */
static int
api_host_url(const char *url, char *name, size_t n, const char **action)
{
	const char *p = url + strlen("/api/hosts/"), *slash = strchr(p, '/');
	size_t len = slash ? (size_t)(slash - p) : strlen(p);

	if (len == 0 || len >= n)
		return -1;
	memcpy(name, p, len);
	name[len] = '\0';
	*action = slash ? slash + 1 : "";
	return valid_hostname(name) ? 0 : -1;
}

/* The admin token the request carries ("Authorization: Bearer T" or
 * the admin_token field), or NULL. */
static const char *
admin_of(struct MHD_Connection *c, const struct req *q)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);

	if (a != NULL && strncmp(a, "Bearer ", 7) == 0)
		return a + 7;
	return q->admin;
}

/* The HTTP status and message of an event call's result. */
static unsigned
result_status(enum serve_result r, const char **msg)
{
	switch (r) {
	case SR_OK:		*msg = "recorded"; return MHD_HTTP_OK;
	case SR_NO_HOST:	*msg = "no such host in the tree";
				return MHD_HTTP_NOT_FOUND;
	case SR_FORBIDDEN:	*msg = "wrong or missing token";
				return MHD_HTTP_FORBIDDEN;
	case SR_BAD_EVENT:	*msg = "unknown event (pre, vtcheck, packages, "
				    "post, error)";
				return MHD_HTTP_BAD_REQUEST;
	default:		*msg = "could not record it (see serve's log)";
				return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
}

/* POST /api/hosts/NAME/events and /reinstall, the body read. */
static enum MHD_Result
api_post(struct server *s, struct MHD_Connection *c, const char *url,
    struct req *q)
{
	char name[256], addr[INET6_ADDRSTRLEN + 1];
	const char *action, *msg, *admin = admin_of(c, q);
	enum serve_result r;
	struct buf b = BUF_INIT;
	enum MHD_Result ret;
	unsigned status;

	if (q->too_big || q->bad_field)
		return send_error(c, "POST", url, MHD_HTTP_CONTENT_TOO_LARGE,
		    "the request body is larger than allowed");
	if (strncmp(url, "/api/hosts/", 11) != 0 ||
	    api_host_url(url, name, sizeof(name), &action) != 0)
		return send_error(c, "POST", url, MHD_HTTP_NOT_FOUND,
		    "no such API call");
	if (strcmp(action, "events") == 0) {
		client_addr(c, addr, sizeof(addr));
		r = serve_state_event(s->state, name, q->token, q->event,
		    q->detail, addr);
	} else if (strcmp(action, "reinstall") == 0) {
		if (s->admin_token == NULL || admin == NULL ||
		    !host_token_equal(admin, s->admin_token))
			r = SR_FORBIDDEN;
		else
			r = serve_state_reinstall(s->state, name);
	} else
		return send_error(c, "POST", url, MHD_HTTP_NOT_FOUND,
		    "no such API call");
	status = result_status(r, &msg);
	if (r != SR_OK)
		return send_error(c, "POST", url, status, msg);
	buf_adds(&b, "{\"result\": ");
	json_str(&b, msg);
	buf_adds(&b, "}\n");
	ret = send_text(c, "POST", url, status, "application/json", b.data,
	    b.len);
	buf_free(&b);
	return ret;
}

/* GET /api/... */
static enum MHD_Result
api_get(struct server *s, struct MHD_Connection *c, const char *method,
    const char *url)
{
	struct buf b = BUF_INIT;
	enum MHD_Result ret;
	const char *action;
	char name[256];

	if (strcmp(url, "/api/hosts") == 0)
		serve_state_hosts_json(s->state, &b);
	else if (strncmp(url, "/api/hosts/", 11) != 0 ||
	    api_host_url(url, name, sizeof(name), &action) != 0 ||
	    *action != '\0' || serve_state_host_json(s->state, name, &b) != 0)
		return send_error(c, method, url, MHD_HTTP_NOT_FOUND,
		    "no such host or API call");
	ret = send_text(c, method, url, MHD_HTTP_OK, "application/json",
	    b.data, b.len);
	buf_free(&b);
	return ret;
}

/* ---- requests ---- */

/* Keeps the form fields an API call reads, each at most SERVE_FIELD_MAX
 * bytes (libmicrohttpd may hand a value over in pieces). */
static enum MHD_Result
post_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *ctype, const char *enc,
    const char *data, uint64_t off, size_t size)
{
	struct req *q = cls;
	char **slot = NULL;
	size_t have;

	(void)kind, (void)filename, (void)ctype, (void)enc;
	if (strcmp(key, "token") == 0)
		slot = &q->token;
	else if (strcmp(key, "event") == 0)
		slot = &q->event;
	else if (strcmp(key, "detail") == 0)
		slot = &q->detail;
	else if (strcmp(key, "admin_token") == 0)
		slot = &q->admin;
	if (slot == NULL)
		return MHD_YES;
	have = *slot ? strlen(*slot) : 0;
	if (off != have || have + size > SERVE_FIELD_MAX ||
	    memchr(data, '\0', size) != NULL) {
		q->bad_field = 1;
		return MHD_YES;
	}
	*slot = xrealloc(*slot, have + size + 1);
	memcpy(*slot + have, data, size);
	(*slot)[have + size] = '\0';
	return MHD_YES;
}

/* Frees a request's data when libmicrohttpd is done with it. */
static void
req_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *q = *con_cls;

	(void)cls, (void)c, (void)toe;
	if (q == NULL)
		return;
	if (q->pp != NULL)
		MHD_destroy_post_processor(q->pp);
	free(q->token);
	free(q->event);
	free(q->detail);
	free(q->admin);
	free(q);
	*con_cls = NULL;
}

/* Takes in a piece of a POST body (bounded).  Returns MHD_YES. */
static enum MHD_Result
post_piece(struct req *q, const char *data, size_t *size)
{
	if (q->body + *size > SERVE_BODY_MAX)
		q->too_big = 1;
	q->body += *size;
	if (!q->too_big && q->pp != NULL)
		MHD_post_process(q->pp, data, *size);
	*size = 0;
	return MHD_YES;
}

/* The request handler libmicrohttpd calls. */
static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **con_cls)
{
	struct server *s = cls;
	struct req *q = *con_cls;
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

	(void)version;
	while (url[0] == '/' && url[1] == '/')	/* pxe.serve_url ending in / */
		url++;
	if (q == NULL) {
		q = xcalloc(1, sizeof(*q));
		*con_cls = q;
		if (strcmp(method, "POST") == 0)
			q->pp = MHD_create_post_processor(c, 1024, post_field,
			    q);
		return MHD_YES;
	}
	if (strcmp(method, "POST") == 0) {
		if (*size > 0)
			return post_piece(q, data, size);
		return api_post(s, c, url, q);
	}
	if (!get)
		return send_error(c, method, url,
		    MHD_HTTP_METHOD_NOT_ALLOWED, "GET, HEAD or POST only");
	if (*size > 0 || q->body > 0)
		return send_error(c, method, url, MHD_HTTP_BAD_REQUEST,
		    "a GET has no body");
	if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
		return send_text(c, method, url, MHD_HTTP_OK,
		    "text/html; charset=utf-8", serve_page_html,
		    strlen(serve_page_html));
	if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0)
		return api_get(s, c, method, url);
	return serve_file(s, c, method, url);
}

/* ---- start and stop ---- */

/* "ADDR:PORT" or ":PORT" (any address) into sa.  0, or -1 after a
 * usage message. */
static int
parse_listen(const char *spec, struct sockaddr_in *sa)
{
	const char *colon = strrchr(spec, ':');
	char host[64];
	char *end;
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - spec) >= sizeof(host))
		goto bad;
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || end == colon + 1 || port < 0 || port > 65535)
		goto bad;
	sa->sin_port = htons((uint16_t)port);
	if (*host == '\0')
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	log_usage("--listen '%s': expected ADDR:PORT (an IPv4 address, e.g. "
	    "10.0.0.1:8080, or :8080 for every address; port 0: any free port)", spec);
	return -1;
}

/* The admin token from path: its first line, at least ADMIN_TOKEN_MIN
 * bytes.  Returns it (caller frees) or NULL after a message. */
static char *
read_admin_token(const char *path)
{
	struct buf b = BUF_INIT;
	char *tok = NULL;
	size_t n;

	if (read_file(path, 4096, &b) != 0)
		goto out;
	buf_adds(&b, "");
	n = strcspn(b.data, "\r\n");
	while (n > 0 && (b.data[n - 1] == ' ' || b.data[n - 1] == '\t'))
		n--;
	if (n < ADMIN_TOKEN_MIN) {
		log_error("%s: the admin token must be at least %d characters "
		    "on its first line (e.g. `head -c 24 /dev/urandom | "
		    "base64 > %s`)", path, ADMIN_TOKEN_MIN, path);
		goto out;
	}
	tok = xstrndup(b.data, n);
out:
	buf_free(&b);
	return tok;
}

/* libmicrohttpd's own messages, through our log. */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("libmicrohttpd: %s", msg);
}

/* Starts the daemon on sa for s; NULL after a message. */
static struct MHD_Daemon *
start(struct server *s, const struct sockaddr_in *sa, const char *spec)
{
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG, ntohs(sa->sin_port), NULL, NULL, handle, s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_CONNECTIONS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_HEADER_MAX,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
	    MHD_OPTION_NOTIFY_COMPLETED, req_done, NULL,
	    MHD_OPTION_END);

	if (d == NULL)
		log_error("--listen %s: cannot listen there (in use, or not "
		    "an address of this machine?)", spec);
	return d;
}

/* Waits for SIGINT or SIGTERM (blocked in every thread). */
static void
wait_for_signal(const sigset_t *set)
{
	int sig;

	while (sigwait(set, &sig) != 0)
		;
	log_info("serve: stopping on signal %d", sig);
}

int
serve_run(const struct serve_opts *o)
{
	const char *spec = o->listen ? o->listen : DEFAULT_LISTEN;
	struct server s = { NULL, NULL, NULL };
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *info;
	char addr[INET_ADDRSTRLEN];
	struct sockaddr_in sa;
	sigset_t set;
	int rc = -1;

	if (parse_listen(spec, &sa) != 0)
		return -1;
	s.http_dir = path_join(o->tree, "http");
	if (!path_exists(s.http_dir)) {
		log_error("%s: missing: -o names the tree `xeninfn pxe -o` "
		    "wrote", s.http_dir);
		goto out;
	}
	if (o->admin_token_file != NULL &&
	    (s.admin_token = read_admin_token(o->admin_token_file)) == NULL)
		goto out;
	if ((s.state = serve_state_open(o->tree)) == NULL)
		goto out;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((d = start(&s, &sa, spec)) == NULL)
		goto out;
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof(addr));
	log_info("serve: %s on http://%s:%u/ (%zu hosts)%s", s.http_dir, addr,
	    info ? info->port : ntohs(sa.sin_port),
	    serve_state_count(s.state), s.admin_token ? "" :
	    "; no --admin-token-file: reinstall calls are refused");
	wait_for_signal(&set);
	rc = 0;
out:
	if (d != NULL)
		MHD_stop_daemon(d);
	serve_state_free(s.state);
	free(s.admin_token);
	free(s.http_dir);
	return rc;
}
