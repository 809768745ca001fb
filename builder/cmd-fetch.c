/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-fetch.c: `xeninfn fetch`: discovers the install tree of the
 * profile, fetches and verifies its boot images (and with --packages its
 * package index) into the cache, and prints what it found: one line about
 * the tree, then one line per input: role, sha256, what verified it, URL
 * and the local copy.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "fetch.h"
#include "settings.h"
#include "tree.h"

struct fetch_args {
	struct profile_args	 pa;
	const char		*cache;
	int			 packages;
};

/* Prints the usage of fetch to f. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn fetch [OPTION]...\n"
	    "Fetches the profile's install tree (tree.url) into the cache, "
	    "verifies it and\nlists its inputs: role, sha256, what verified "
	    "it, URL and the local copy.\n\nOptions:\n"
	    "      --cache=DIR        the download cache (default:\n"
	    "                           $XDG_CACHE_HOME/xeninfn)\n"
	    "      --packages         also fetch and verify the package "
	    "index (repodata)\n"
	    "      --repin            take a tree's changed kernel or initrd "
	    "and pin it anew\n"
	    "                           (as -s tree.repin=yes; docs/fetch.md, "
	    "Pins)\n"
	    COMMON_USAGE EXIT_STATUS_USAGE);
}

/* One option of fetch's own; 0, or -1 if it is not one. */
static int
fetch_opt(int c, const char *arg, void *ctx)
{
	struct fetch_args *a = ctx;

	if (c == 'C')
		a->cache = arg;
	else if (c == 'P')
		a->packages = 1;
	else if (c == 'R')
		profile_args_add_set(&a->pa, "tree.repin=yes");
	else
		return -1;
	return 0;
}

/* Parses argv into a; returns 0, 1 for --help, or -1 on a usage error. */
static int
parse_args(struct fetch_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cache", 1, NULL, 'C' },
		{ "packages", 0, NULL, 'P' },
		{ "repin", 0, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};

	return cmd_no_operands(cmd_getopt(argc, argv, "", longopts, &a->pa,
	    fetch_opt, a, usage), argc, argv);
}

/* Prints the tree, then its inputs as a table with a header, columns
 * aligned, on stdout. */
static void
print_tree(const struct tree *t, size_t npkgs, size_t ngroups)
{
	int wrole = (int)strlen("ROLE"), wver = (int)strlen("VERIFIED-BY");

	printf("tree:      %s\nrelease:   %s %s %s (described by %s)\n",
	    t->url, t->family, t->release, t->arch,
	    t->has_treeinfo ? ".treeinfo" : ".discinfo");
	if (npkgs > 0)
		printf("packages:  %zu, in %zu groups\n", npkgs, ngroups);
	for (size_t i = 0; i < t->ninputs; i++) {
		if ((int)strlen(t->inputs[i].role) > wrole)
			wrole = (int)strlen(t->inputs[i].role);
		if ((int)strlen(t->inputs[i].verified_by) > wver)
			wver = (int)strlen(t->inputs[i].verified_by);
	}
	printf("\n%-*s  %-*s  %-64s  %s  %s\n", wrole, "ROLE", wver,
	    "VERIFIED-BY", "SHA256", "URL", "CACHED-AS");
	for (size_t i = 0; i < t->ninputs; i++)
		printf("%-*s  %-*s  %-64s  %s  %s\n", wrole, t->inputs[i].role,
		    wver, t->inputs[i].verified_by, t->inputs[i].sha256,
		    t->inputs[i].url, t->inputs[i].path);
}

static size_t
strv_len(char **v)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

int
cmd_fetch(int argc, char **argv)
{
	struct fetch_args a = { { 0 }, NULL, 0 };
	struct fetch_opts fo;
	struct settings s;
	struct profile *p = NULL;
	struct fetcher *f = NULL;
	struct tree *t = NULL;
	char **names = NULL, **groups = NULL;
	int rc = EXIT_WORK, r;

	if ((r = parse_args(&a, argc, argv)) != 0) {
		rc = r > 0 ? 0 : EXIT_USAGE;
		goto out;
	}
	signals_catch();
	if ((p = profile_from_args(&a.pa)) == NULL)
		goto out;
	settings_of(p, &s);
	fetch_opts_init(&fo, &s.fetch, a.cache);
	if ((f = fetcher_new(&fo)) == NULL ||
	    (t = tree_open_for(&s.tree, f, a.packages ? TREE_PACKAGES :
	    0)) == NULL)
		goto out;
	if (a.packages && tree_packages(t, f, &names, &groups) != 0)
		goto out;
	print_tree(t, strv_len(names), strv_len(groups));
	rc = 0;
out:
	strv_free(names);
	strv_free(groups);
	tree_free(t);
	fetcher_free(f);
	profile_free(p);
	profile_args_free(&a.pa);
	return signal_exit_code(rc);
}
