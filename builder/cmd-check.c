/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-check.c: `xeninfn check`.  With files ("-" for standard input):
 * checks each as anaconda 11.1 (RHEL 5.1) reads it.  Without: renders the
 * profile's kickstart, checks it, and asks the install tree whether every
 * package and group of its %packages exists (there or in the XenINFN
 * repository), as `build` does.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "fetch.h"
#include "settings.h"
#include "tree.h"

/* What check's own options set. */
struct check_opts {
	const char	*cache;
	int		 strict;	/* --strict: warnings fail too */
};

/* Prints the usage of check to f. */
static void
check_usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn check [OPTION]... [KICKSTART|-]...\n"
	    "Checks kickstart files (- reads standard input) as anaconda 11.1.2 "
	    "(RHEL 5.1)\nreads them; without files, checks the profile's "
	    "rendered kickstart and its\npackages against the install tree "
	    "(tree.url).  Prints\nFILE:LINE: error: ... [parser|installer|input] "
	    "or FILE:LINE: warning: ...\n\nOptions:\n"
	    "      --cache=DIR        the download cache (without files)\n"
	    "      --strict           warnings fail the check too (for CI)\n"
	    COMMON_USAGE
	    "\nExit status: 0 if valid, 1 if not (or warnings with --strict, or "
	    "unreadable),\n2 for a usage error.\n");
}

/* Reads fd into out, at most max bytes plus one (so that a larger file
 * is seen to be larger, in bounded memory).  Returns 0, or -1 with errno
 * set. */
static int
read_bounded(int fd, size_t max, struct buf *out)
{
	char chunk[65536];
	ssize_t n;

	while (out->len <= max) {
		size_t want = max + 1 - out->len;

		n = read(fd, chunk, want < sizeof(chunk) ? want : sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	return 0;
}

/* Checks one file ("-": standard input).  Returns 0 if it passes (no
 * errors; with strict, no warnings either), else 1. */
static int
check_one_file(const char *path, int strict)
{
	struct buf text = BUF_INIT;
	struct ks_report rep = { 0, 0 };
	int stdin_ = strcmp(path, "-") == 0, rc = 1;
	int fd = stdin_ ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	const char *name = stdin_ ? "<stdin>" : path;

	if (fd < 0) {
		log_errno("%s: cannot open", path);
		goto out;
	}
	if (read_bounded(fd, KICKSTART_TEXT_MAX, &text) != 0) {
		log_errno("%s: cannot read", name);
		goto out;
	}
	buf_adds(&text, "");
	rc = kickstart_check_buf(name, text.data ? text.data : "", text.len,
	    &rep);
	if (strict && rep.warnings > 0)
		rc = 1;
	log_debug("%s: %d errors, %d warnings", name, rep.errors,
	    rep.warnings);
out:
	if (fd > 0)
		close(fd);
	buf_free(&text);
	return rc;
}

/* Renders, checks and looks up the packages of the profile's kickstart
 * (strict: its warnings fail too).  Returns an exit code. */
static int
check_profile(const struct profile_args *pa, const char *cache, int strict)
{
	struct fetch_opts fo;
	struct settings s;
	struct ks_context ctx = { "cdrom", NULL, NULL };
	struct ks_report rep = { 0, 0 };
	struct profile *p;
	struct fetcher *f = NULL;
	struct tree *t = NULL;
	char *text = NULL;
	int rc = EXIT_WORK;

	if ((p = profile_from_args(pa)) == NULL)
		return EXIT_WORK;
	settings_of(p, &s);
	ctx.repo_baseurl = s.kickstart.repo_url;
	kickstart_warnings(p);
	if ((text = kickstart_render(p, &ctx)) == NULL)
		goto out;
	if (kickstart_check("ks.cfg", text, &rep) != 0) {
		log_error("the rendered kickstart has %d errors: fix the "
		    "profile or the site templates (`xeninfn render` shows "
		    "it)", rep.errors);
		goto out;
	}
	if (strict && rep.warnings > 0) {
		log_error("the rendered kickstart has %d warnings (--strict)",
		    rep.warnings);
		goto out;
	}
	fetch_opts_init(&fo, &s.fetch, cache);
	if ((f = fetcher_new(&fo)) == NULL || (t = tree_open(&s.tree, f)) == NULL)
		goto out;
	if (kickstart_check_packages(text, t, f, NULL) != 0 ||
	    kickstart_check_kernel_xen(p, t, f) != 0)
		goto out;
	log_info("%s: the kickstart passes the RHEL 5.1 check and its "
	    "packages exist in %s", profile_source(p), t->url);
	rc = 0;
out:
	tree_free(t);
	fetcher_free(f);
	free(text);
	profile_free(p);
	return rc;
}

/* check's own options: --cache DIR, --strict.  0, or -1 if c is not
 * one of them. */
static int
check_opt(int c, const char *arg, void *ctx)
{
	struct check_opts *o = ctx;

	if (c == 'c')
		o->cache = arg;
	else if (c == 'S')
		o->strict = 1;
	else
		return -1;
	return 0;
}

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cache", 1, NULL, 'c' },
		{ "strict", 0, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct profile_args pa = { NULL, NULL, 0 };
	struct check_opts o = { NULL, 0 };
	int r, rc = EXIT_USAGE;

	r = cmd_getopt(argc, argv, "", longopts, &pa, check_opt, &o,
	    check_usage);
	if (r != 0) {
		rc = r > 0 ? 0 : EXIT_USAGE;
		goto out;
	}
	if (optind == argc) {
		rc = check_profile(&pa, o.cache, o.strict);
		goto out;
	}
	if (pa.path != NULL || pa.nsets > 0) {
		log_usage("-p and -s check the profile; give either them or "
		    "kickstart files");
		goto out;
	}
	rc = 0;
	for (int i = optind; i < argc; i++)
		if (check_one_file(argv[i], o.strict) != 0)
			rc = EXIT_WORK;
out:
	profile_args_free(&pa);
	return rc;
}
