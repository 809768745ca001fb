/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.c: the option loop every subcommand shares, so -p, -s, -q, -v
 * and --help mean the same everywhere, and a mistake reads the same: one
 * line naming it, then "Try 'xeninfn CMD --help' for more information.",
 * as GNU tools say it. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"

static const struct option shared_longopts[] = {
	{ "quiet", 0, NULL, 'q' },
	{ "verbose", 0, NULL, 'v' },
	{ "help", 0, NULL, 'h' },
	{ "profile", 1, NULL, 'p' },	/* these two only with a profile */
	{ "set", 1, NULL, 's' },
};
#define NSHARED		(sizeof(shared_longopts) / sizeof(shared_longopts[0]))
#define NSHARED_NOPROF	3

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

/* The shared long options (nshared of them) followed by the command's own,
 * NULL-terminated; the caller frees the array. */
static struct option *
merge_longopts(const struct option *own, size_t nshared)
{
	size_t n = 0;
	struct option *all;

	while (own != NULL && own[n].name != NULL)
		n++;
	all = xcalloc(nshared + n + 1, sizeof(*all));
	memcpy(all, shared_longopts, nshared * sizeof(*all));
	if (n > 0)
		memcpy(all + nshared, own, n * sizeof(*own));
	return all;
}

/* Says what was wrong with the long option text ("--name[=value]") that
 * getopt refused with c ('?' or ':'), as glibc's own messages put it, with
 * a "did you mean" for an unknown one. */
static void
bad_long_option(int c, const char *text, const struct option *all)
{
	size_t n = strcspn(text + 2, "=");
	char *name = xstrndup(text + 2, n);
	struct suggest s;
	int matches = 0;

	suggest_init(&s, name);
	for (const struct option *o = all; o->name != NULL; o++) {
		if (strncmp(o->name, name, n) == 0)
			matches++;
		suggest_try(&s, o->name);
	}
	if (c == ':')
		log_usage("option '--%s' requires an argument", name);
	else if (text[2 + n] == '=' && matches > 0)
		log_usage("option '--%s' doesn't allow an argument", name);
	else if (matches > 1) {
		struct buf b = BUF_INIT;

		for (const struct option *o = all; o->name != NULL; o++)
			if (strncmp(o->name, name, n) == 0)
				buf_printf(&b, " '--%s'", o->name);
		log_usage("option '--%s' is ambiguous; possibilities:%s", name,
		    b.data);
		buf_free(&b);
	}
	else if (s.best != NULL)
		log_usage("unrecognized option '--%s'; did you mean '--%s'?",
		    name, s.best);
	else
		log_usage("unrecognized option '--%s'", name);
	free(name);
}

/* Says what was wrong with the option getopt refused with c ('?' unknown
 * or ':' missing argument). */
static void
bad_option(int c, char **argv, const struct option *all)
{
	const char *text = optind > 0 ? argv[optind - 1] : "";

	if (strncmp(text, "--", 2) == 0 && text[2] != '\0')
		bad_long_option(c, text, all);
	else if (c == ':')
		log_usage("option requires an argument -- '%c'", optopt);
	else
		log_usage("invalid option -- '%c'", optopt);
}

int
cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, struct profile_args *pa,
    int (*fn)(int, const char *, void *), void *ctx, void (*usage)(FILE *))
{
	struct option *all = merge_longopts(longopts,
	    pa != NULL ? NSHARED : NSHARED_NOPROF);
	char *shorts = xasprintf(":qvh%s%s", pa != NULL ? "p:s:" : "",
	    shortopts);
	int c, r, rc = 0;

	optind = 0;	/* 0, not 1: glibc forgets a parse left in "-xq" */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		if (c == '?' || c == ':') {
			bad_option(c, argv, all);
			rc = -1;
			break;
		}
		if ((r = shared_opt(c, optarg, pa)) == 1)
			continue;
		if (r == 0 && c == 'h') {
			usage(stdout);
			rc = 1;
			break;
		}
		if (r < 0 || fn == NULL || fn(c, optarg, ctx) != 0) {
			log_try_help();
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

/* See xeninfn.h. */
int
cmd_no_operands(int r, int argc, char **argv)
{
	if (r == 0 && optind != argc) {
		log_usage("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return r;
}
