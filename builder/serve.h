/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * serve.h: `xeninfn serve`, the HTTP side of a PXE tree: http/ as files,
 * the install events each host's kickstart reports (/api/), and a status
 * page.  serve.c is the server (libmicrohttpd), serve-state.c what it
 * knows of the hosts, serve-page.c the page.
 */
#ifndef XENINFN_SERVE_H
#define XENINFN_SERVE_H
#include <stddef.h>

struct buf;

/* Hard limits on what a client sends. */
#define SERVE_BODY_MAX		4096	/* a POST body */
#define SERVE_FIELD_MAX		1024	/* one form field */
#define SERVE_HEADER_MAX	(32 << 10)	/* request line + headers */
#define SERVE_CONNECTIONS	1024

/* What `xeninfn serve` was asked to do. */
struct serve_opts {
	const char	*tree;			/* -o: the tree of xeninfn pxe */
	const char	*listen;		/* ADDR:PORT, or NULL */
	const char	*admin_token_file;	/* or NULL: no admin calls */
};

/* Serves opts->tree until SIGINT or SIGTERM.  Returns 0 after a signal,
 * or -1 after a message (cannot start). */
int	 serve_run(const struct serve_opts *);

/* ---- serve-state.c ---- */
struct serve_state;

/* What an event call came to. */
enum serve_result {
	SR_OK, SR_NO_HOST, SR_FORBIDDEN, SR_BAD_EVENT, SR_FAILED
};

/*
 * The hosts of the tree at dir (its manifest, tokens and list of
 * installed hosts) and what serve recorded of them before
 * (dir/.xeninfn-serve/).  Returns the state (caller frees with
 * serve_state_free) or NULL after a message.
 */
struct serve_state *serve_state_open(const char *dir);
void	 serve_state_free(struct serve_state *);
/* Records that addr fetched host's kickstart (http/ks/HOST.ks). */
void	 serve_state_ks_fetched(struct serve_state *, const char *host,
	    const char *addr);
/*
 * Records event (pre, vtcheck, packages, post, error) with detail for
 * host, when token is that host's: the post event switches the host to
 * local boot as `xeninfn pxe --done` does.  Returns SR_OK once it is
 * written to disk, or what was wrong (nothing changed).
 */
enum serve_result serve_state_event(struct serve_state *, const char *host,
	    const char *token, const char *event, const char *detail,
	    const char *addr);
/* Re-arms host for a reinstall (`xeninfn pxe --reinstall`'s switch, and
 * the install config it had).  SR_OK, SR_NO_HOST or SR_FAILED. */
enum serve_result serve_state_reinstall(struct serve_state *,
	    const char *host);
/* GET /api/hosts into out: a summary and every host. */
void	 serve_state_hosts_json(struct serve_state *, struct buf *out);
/* GET /api/hosts/NAME into out, with its events.  0, or -1: no host. */
int	 serve_state_host_json(struct serve_state *, const char *host,
	    struct buf *out);
/* The number of hosts. */
size_t	 serve_state_count(struct serve_state *);

/* ---- serve-page.c ---- */
/* The status page (one HTML document, its script reads /api/hosts). */
extern const char serve_page_html[];
#endif
