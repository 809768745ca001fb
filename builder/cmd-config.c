/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-config.c: `xeninfn config`: the effective profile, one key a line,
 * with where each value came from (the default, FILE:LINE or -s), as the
 * manifest records it; `--keys` lists only the key names (for shell
 * completion and scripts).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "xeninfn.h"

/* Prints the usage of config to f. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn config [OPTION]...\n"
	    "Prints the effective profile: every key, its value and where "
	    "the value came\nfrom (default, FILE:LINE or -s), as "
	    "\"key = value  # from\".\n\nOptions:\n"
	    "      --keys             print only the key names, one a line\n"
	    COMMON_USAGE EXIT_STATUS_USAGE);
}

/* Prints one key; 0. */
static int
print_key(const char *key, const char *value, void *arg)
{
	const struct profile *p = arg;

	/* As in the manifest: whether root can log in, not the hash. */
	if (strcmp(key, "rootpw.hash") == 0 && strcmp(value, "!!") != 0 &&
	    strcmp(value, "*") != 0)
		value = "(an MD5-crypt hash)";
	printf("%s = %s  # %s\n", key, value, profile_origin(p, key));
	return 0;
}

/* Prints one key name; 0. */
static int
print_name(const char *key, const char *value, void *arg)
{
	(void)value;
	(void)arg;
	printf("%s\n", key);
	return 0;
}

/* config's own option: --keys.  0, or -1 if c is not it. */
static int
config_opt(int c, const char *arg, void *ctx)
{
	(void)arg;
	if (c != 'k')
		return -1;
	*(int *)ctx = 1;
	return 0;
}

/* `xeninfn config`.  Returns 0, EXIT_USAGE or EXIT_WORK. */
int
cmd_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "keys", 0, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct profile_args pa = { NULL, NULL, 0 };
	struct profile *p = NULL;
	int keys = 0, r, rc = EXIT_USAGE;

	r = cmd_no_operands(cmd_getopt(argc, argv, "", longopts, &pa,
	    config_opt, &keys, usage), argc, argv);
	if (r != 0) {
		rc = r > 0 ? 0 : EXIT_USAGE;
		goto out;
	}
	rc = EXIT_WORK;
	if ((p = profile_from_args(&pa)) == NULL)
		goto out;
	if (!keys)
		printf("# profile: %s\n", profile_source(p));
	profile_foreach(p, keys ? print_name : print_key, p);
	if (fflush(stdout) == EOF) {
		log_errno("writing to stdout");
		goto out;
	}
	rc = 0;
out:
	profile_free(p);
	profile_args_free(&pa);
	return rc;
}
