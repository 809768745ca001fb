/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-check.c: `xeninfn check`.  With files: lints each against the RHEL
 * 5.1 kickstart grammar.  Without: renders the profile's kickstart, lints
 * it, and asks the install tree whether every package and group of its
 * %packages exists (there or in the XenINFN repository), as `build` does.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "fetch.h"
#include "tree.h"

#define CHECK_FILE_MAX	(1024 * 1024)

static void
check_usage(FILE *f)
{
	fprintf(f, "usage: xeninfn check [-p PROFILE] [-s KEY=VALUE]... "
	    "[--cache DIR] [KICKSTART...]\n"
	    "Lints kickstart files against the RHEL 5.1 grammar (anaconda "
	    "11.1.2);\nwithout files, checks the profile's rendered kickstart "
	    "and its packages\nagainst the install tree (tree.url).  Prints "
	    "FILE:LINE: error|warning: ...\nExit: 0 valid, 1 invalid, 2 "
	    "usage.\n"
	    COMMON_USAGE
	    "      --cache DIR      the download cache (profile mode)\n");
}

/* Lints one file.  Returns 0 valid, 1 invalid or unreadable. */
static int
check_one_file(const char *path)
{
	struct buf text = BUF_INIT;
	struct ks_report rep = { 0, 0 };
	int rc = 1;

	if (read_file(path, CHECK_FILE_MAX, &text) != 0)
		goto out;
	buf_adds(&text, "");
	if (memchr(text.data, '\0', text.len) != NULL) {
		log_error("%s: not a text file", path);
		goto out;
	}
	rc = kickstart_check(path, text.data, &rep);
	log_debug("%s: %d errors, %d warnings", path, rep.errors,
	    rep.warnings);
out:
	buf_free(&text);
	return rc;
}

/* Renders, lints and checks the packages of the profile's kickstart.
 * Returns an exit code. */
static int
check_profile(const struct profile_args *pa, const char *cache)
{
	struct fetch_opts fo;
	struct ks_context ctx = { "cdrom", NULL, NULL };
	struct ks_report rep = { 0, 0 };
	struct profile *p;
	struct fetcher *f = NULL;
	struct tree *t = NULL;
	char *text = NULL;
	int rc = EXIT_WORK;

	if ((p = profile_from_args(pa)) == NULL)
		return EXIT_WORK;
	if (*profile_get(p, "repo.url") != '\0')
		ctx.repo_baseurl = profile_get(p, "repo.url");
	if ((text = kickstart_render(p, &ctx)) == NULL)
		goto out;
	if (kickstart_check("ks.cfg", text, &rep) != 0) {
		log_error("the rendered kickstart has %d errors: fix the "
		    "profile or the site templates (`xeninfn render` shows "
		    "it)", rep.errors);
		goto out;
	}
	fetch_opts_init(&fo, p, cache);
	if ((f = fetcher_new(&fo)) == NULL || (t = tree_open(p, f)) == NULL)
		goto out;
	if (kickstart_check_packages(text, t, f, NULL) != 0)
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

/* check's own option: --cache DIR.  0, or -1 if c is not it. */
static int
check_opt(int c, const char *arg, void *ctx)
{
	if (c != 'c')
		return -1;
	*(const char **)ctx = arg;
	return 0;
}

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cache", 1, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct profile_args pa = { NULL, NULL, 0 };
	const char *cache = NULL;
	int r, rc = EXIT_USAGE;

	r = cmd_getopt(argc, argv, "", longopts, &pa, check_opt, &cache,
	    check_usage);
	if (r != 0) {
		rc = r > 0 ? 0 : EXIT_USAGE;
		goto out;
	}
	if (optind == argc) {
		rc = check_profile(&pa, cache);
		goto out;
	}
	if (pa.path != NULL || pa.nsets > 0) {
		log_error("check: -p and -s check the profile; give either "
		    "them or kickstart files");
		check_usage(stderr);
		goto out;
	}
	rc = 0;
	for (int i = optind; i < argc; i++)
		if (check_one_file(argv[i]) != 0)
			rc = EXIT_WORK;
out:
	profile_args_free(&pa);
	return rc;
}
