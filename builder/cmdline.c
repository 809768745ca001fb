/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.c: the options every profile-taking subcommand shares. */
#include <string.h>

#include "xeninfn.h"

int
common_opt(int c, const char *arg, struct profile_args *pa)
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

struct profile *
profile_from_args(const struct profile_args *pa)
{
	return profile_load(pa->path, pa->sets, pa->nsets);
}
