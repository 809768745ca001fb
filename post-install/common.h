/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared code of the post-install helpers (xeninfn-vtcheck, xeninfn-bridges,
 * xeninfn-dom0setup, xeninfn-guest): messages, paths under --root,
 * whole-file reads, atomic edits with a unified diff for --dry-run
 * (diff.h), and small text edits of "KEY=value" and xend sxp files.
 * Buffers, string vectors, validation and the Xen value checks are
 * lib/'s (buf.h, fsio.h, strv.h, valid.h,
 * xenvalues.h); the helpers' out-of-memory policy for lib/ is lib_oom
 * here: ENOMEM and -1, the caller says what it was doing.
 *
 * The helpers are static binaries for SL 5.1 (Linux 2.6.18): nothing here
 * uses a system call that kernel lacks.
 */
#ifndef XENINFN_POST_COMMON_H
#define XENINFN_POST_COMMON_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "fsio.h"
#include "strv.h"
#include "valid.h"
#include "xenvalues.h"

/* Hard limits on what the helpers read. */
#define PI_MAX_FILE	LIB_BUF_MAX	/* bytes in one file (post-install.mk) */
#define PI_MAX_NAME	15		/* IFNAMSIZ - 1 */

/* Exit codes shared by all helpers (DESIGN.md). */
#define PI_EXIT_OK	0
#define PI_EXIT_FAIL	1
#define PI_EXIT_USAGE	2

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
/* The end of a helper's option parsing: ch 'h' prints usage on stdout
 * and returns PI_EXIT_OK, anything else (a usage error) prints it on
 * stderr and returns PI_EXIT_USAGE. */
int	 pi_usage(int ch, void (*usage)(FILE *));

char	*root_path(const struct edit_ctx *, const char *);
int	 ctx_set_root(struct edit_ctx *, const char *);
int	 read_file(const char *, struct buf *, int *);
int	 read_rel(const struct edit_ctx *, const char *, struct buf *, char **,
	    const char *);
int	 read_relf(const struct edit_ctx *, struct buf *, char **relp,
	    char **pathp, const char *hint, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

int	 edit_file(struct edit_ctx *, const char *, const char *, size_t,
	    int);
int	 edit_checked(struct edit_ctx *, int (*)(struct edit_ctx *, void *),
	    void *);
int	 ensure_symlink(struct edit_ctx *, const char *, const char *);
int	 ensure_absent(struct edit_ctx *, const char *);

char	*kv_get(const char *, const char *);
int	 kv_set(struct buf *, const char *, const char *);
int	 kv_del(struct buf *, const char *);
int	 sxp_set(struct buf *, const char *, const char *);
char	*sxp_get(const char *, const char *);

#endif
