/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-builder.h: what the targets of the builder's readers share: its
 * log silenced, and the default profile (the embedded one), loaded once. */
#ifndef XENINFN_FUZZ_BUILDER_H
#define XENINFN_FUZZ_BUILDER_H

#include "xeninfn.h"
#define FUZZ_QUIET	log_set_verbosity(-1)
#include "fuzz.h"

/* The embedded default profile, loaded on the first call; aborts when it
 * does not load.  Never freed (it lives as long as the fuzzer). */
static inline struct profile *
fuzz_default_profile(void)
{
	static struct profile *p;

	if (p == NULL && (p = profile_load(NULL, NULL, 0)) == NULL)
		abort();
	return p;
}
#endif
