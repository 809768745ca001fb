/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kickstart.h: rendering the XenINFN kickstart and checking any kickstart
 * against the grammar of RHEL 5.1 (anaconda 11.1.2, pykickstart 0.43). */
#ifndef XENINFN_KICKSTART_H
#define XENINFN_KICKSTART_H
#include <stddef.h>

#include "template.h"

struct profile;
struct tree;
struct fetcher;
struct rpm_set;

/* What the build knows that the profile does not. */
struct ks_context {
	const char	*media;		/* "cdrom" (ISO) or "pxe" */
	const char	*repo_baseurl;	/* the XenINFN repository as the
					   installer reaches it; NULL: the
					   template decides from the media */
	const char	*hostname;	/* per-host render, or NULL */
};

/* The profile's kickstart (kickstart.template in kickstart.template_dir or
 * the shipped one).  Returns the text (caller frees) or NULL after
 * messages. */
char	*kickstart_render(const struct profile *, const struct ks_context *);
/* The variables the kickstart template gets beyond the profile (ks.*),
 * for callers that render the parsed template themselves (pxe-host.c):
 * v[KS_NVARS], pointing into the strings kickstart_vars_free frees, and
 * rel, the template's path among the resources ("kickstart/xeninfn.ks").
 * Checks what kickstart_render checks first (live migration).  ssh_keys
 * as for kickstart_render_keys.  Returns 0, or -1 after messages. */
#define KS_NVARS	10
struct ks_vars {
	struct tvar	 v[KS_NVARS];
	char		*rel;
	char		*baseurl, *first, *pvsize, *updates, *keys;
};
int	 kickstart_vars(const struct profile *, const struct ks_context *,
	    const char *ssh_keys, struct ks_vars *);
void	 kickstart_vars_free(struct ks_vars *);
/* kickstart_render with root's keys already read (sshkeys_load), so that
 * a caller that renders often or has a fetcher reads them once.  NULL:
 * read ssh.authorized_keys (kickstart_render does). */
char	*kickstart_render_keys(const struct profile *,
	    const struct ks_context *, const char *ssh_keys);

/* ssh.authorized_keys, every line checked (sshkeys.c): the accepted keys,
 * one "type base64[ comment]" a line, "" when the key is unset; a URL is
 * fetched through f (NULL: a fetcher of its own, default cache).  Returns
 * the text (caller frees), or NULL after messages naming file:line, or
 * the key and the URL. */
struct buf;
char	*sshkeys_load(const struct profile *, struct fetcher *);
/* Checks the len bytes of text (named where in messages, "file:line:
 * why") as authorized_keys lines, appending the good ones to out.
 * Returns the number of lines refused. */
int	 sshkeys_parse(const char *text, size_t len, const char *where,
	    struct buf *out);
/* 1 if rootpw.hash leaves root locked ("!!" or "*"). */
int	 sshkeys_root_locked(const struct profile *);

/* The largest kickstart the checker reads (a larger one is an error). */
#define KICKSTART_TEXT_MAX	(8 * 1024 * 1024)

/* Warns about what the profile leaves out that an operator may not
 * expect (no updates repository; no way to log in).  Once per command. */
void	 kickstart_warnings(const struct profile *);

struct ks_report {
	int	errors;
	int	warnings;
};
/* Lints text (named name in messages) and prints "name:line: error|warning:
 * message" for each finding.  Returns 0 if it has no errors, 1 if it has. */
int	 kickstart_check(const char *name, const char *text,
	    struct ks_report *);
/* The same for text[0..len), which may hold NUL bytes (refused with an
 * error naming their line). */
int	 kickstart_check_buf(const char *name, const char *text, size_t len,
	    struct ks_report *);
/* The %packages entries of a kickstart: names ("-name" for exclusions,
 * "@group" for groups), NULL-terminated; the caller frees with strv_free. */
char	**kickstart_packages(const char *text);
/* Checks that every %packages name and @group of text exists in the
 * tree's repodata or among rpms (the XenINFN repository), so a missing
 * package stops the build instead of the install.  Prints one error per
 * missing entry; returns 0, or -1. */
int	 kickstart_check_packages(const char *text, struct tree *,
	    struct fetcher *, const struct rpm_set *);

/* The oldest kernel-xen the install may get: the SL 5.1 errata kernel
 * built for Xen 3.1 (EL5-FACTS.md). */
#define KERNEL_XEN_MIN_VERSION	"2.6.18"
#define KERNEL_XEN_MIN_RELEASE	"53.1.6"
/* The updates repository of the install: tree.updates_url, or when it is
 * unset tree.url + "updates/security/" (installer 0: as the builder
 * reads it) or tree.install_url + "updates/security/" (installer 1: as
 * the kickstart names it).  NULL when tree.updates_url is "" (no
 * updates).  The caller frees it. */
char	*kickstart_updates_url(const struct profile *, int installer);
/* Checks that the tree's repository or the updates repository holds a
 * kernel-xen >= KERNEL_XEN_MIN_VERSION-KERNEL_XEN_MIN_RELEASE, from their
 * primary data.  Returns 0, or -1 after a message naming the requirement,
 * the repositories (tree.updates_url) and what to do. */
int	 kickstart_check_kernel_xen(const struct profile *, struct tree *,
	    struct fetcher *);
#endif
