/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.c: the option loop every profile-taking subcommand shares, so
 * -p, -s, -q, -v and --help mean the same everywhere. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"

static const struct option shared_longopts[] = {
	{ "profile", 1, NULL, 'p' },
	{ "set", 1, NULL, 's' },
	{ "quiet", 0, NULL, 'q' },
	{ "verbose", 0, NULL, 'v' },
	{ "help", 0, NULL, 'h' },
};
#define NSHARED	(sizeof(shared_longopts) / sizeof(shared_longopts[0]))

/* Handles a shared option.  Returns 1 if c was one, 0 if not, -1 on a bad
 * value (printed). */
static int
shared_opt(int c, const char *arg, struct profile_args *pa)
{
	switch (c) {
	case 'p':
		pa->path = arg;
		return 1;
	case 's':
		if (strchr(arg, '=') == NULL || *arg == '=') {
			log_error("-s %s: expected section.key=value", arg);
			return -1;
		}
		profile_args_add_set(pa, arg);
		return 1;
	case 'q':
		log_set_verbosity(-1);
		return 1;
	case 'v':
		log_set_verbosity(1);
		return 1;
	}
	return 0;
}

/* The shared long options followed by the command's own, NULL-terminated;
 * the caller frees the array. */
static struct option *
merge_longopts(const struct option *own)
{
	size_t n = 0;
	struct option *all;

	while (own != NULL && own[n].name != NULL)
		n++;
	all = xcalloc(NSHARED + n + 1, sizeof(*all));
	memcpy(all, shared_longopts, sizeof(shared_longopts));
	if (n > 0)
		memcpy(all + NSHARED, own, n * sizeof(*own));
	return all;
}

int
cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, struct profile_args *pa,
    int (*fn)(int, const char *, void *), void *ctx, void (*usage)(FILE *))
{
	struct option *all = merge_longopts(longopts);
	char *shorts = xasprintf("p:s:qvh%s", shortopts);
	int c, r, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		if ((r = shared_opt(c, optarg, pa)) == 1)
			continue;
		if (r == 0 && c == 'h') {
			usage(stdout);
			rc = 1;
			break;
		}
		/* '?' is an option getopt already named as unknown. */
		if (r < 0 || c == '?' || fn == NULL || fn(c, optarg, ctx) != 0) {
			usage(stderr);
			rc = -1;
			break;
		}
	}
	free(shorts);
	free(all);
	return rc;
}

struct profile *
profile_from_args(const struct profile_args *pa)
{
	return profile_load(pa->path, pa->sets, pa->nsets);
}
