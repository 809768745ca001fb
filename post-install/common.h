/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared code of the post-install helpers (xeninfn-vtcheck, xeninfn-bridges,
 * xeninfn-dom0setup): messages, validation of names and addresses, paths
 * under --root, whole-file reads, atomic edits with a unified diff for
 * --dry-run, and small text edits of "KEY=value" and xend sxp files.
 *
 * The helpers are static binaries for SL 5.1 (Linux 2.6.18): nothing here
 * uses a system call that kernel lacks.
 */
#ifndef XENINFN_POST_COMMON_H
#define XENINFN_POST_COMMON_H

#include <stddef.h>

#include "xenvalues.h"

/* Hard limits on what the helpers read. */
#define PI_MAX_FILE	(1024 * 1024)	/* bytes in one config file */
#define PI_MAX_LINES	20000		/* lines in one config file */
#define PI_MAX_NAME	15		/* IFNAMSIZ - 1 */

/* Exit codes shared by all helpers (DESIGN.md). */
#define PI_EXIT_OK	0
#define PI_EXIT_FAIL	1
#define PI_EXIT_USAGE	2

/* A growable, NUL-terminated byte buffer. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* One run of a helper: where the target tree is and what to do with it. */
struct edit_ctx {
	const char	*root;		/* target root, no trailing slash ("" for /) */
	int		 dry_run;	/* print diffs instead of writing */
	int		 changed;	/* set when something was (or would be) changed */
};

extern const char *progname;
extern int pi_quiet;	/* a checking pass: no diffs, no warnings */

void	 pi_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 pi_err(const char *, ...) __attribute__((format(printf, 1, 2)));

void	 buf_init(struct buf *);
int	 buf_add(struct buf *, const char *, size_t);
int	 buf_adds(struct buf *, const char *);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_free(struct buf *);

int	 valid_name(const char *, size_t);
int	 valid_ifname(const char *);
int	 valid_ipv4(const char *);
int	 valid_netmask(const char *);
int	 valid_hostname(const char *);

char	*root_path(const struct edit_ctx *, const char *);
int	 ctx_set_root(struct edit_ctx *, const char *);
int	 read_file(const char *, struct buf *, int *);
int	 path_exists(const char *);
int	 read_rel(const struct edit_ctx *, const char *, struct buf *, char **,
	    const char *);

int	 edit_file(struct edit_ctx *, const char *, const char *, size_t,
	    int);
int	 edit_checked(struct edit_ctx *, int (*)(struct edit_ctx *, void *),
	    void *);
int	 ensure_symlink(struct edit_ctx *, const char *, const char *);
int	 ensure_absent(struct edit_ctx *, const char *);

int	 diff_print(const char *, const char *, size_t, const char *,
	    size_t);

char	*kv_get(const char *, const char *);
int	 kv_set(struct buf *, const char *, const char *);
int	 kv_del(struct buf *, const char *);
int	 sxp_set(struct buf *, const char *, const char *);
char	*sxp_get(const char *, const char *);

#endif
