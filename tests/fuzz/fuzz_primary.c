/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_primary.c: the reader of primary.xml and comps (index_build:
 * gzip/bzip2/xz or plain, then the package records and group names, as
 * an index made in memory).  It is static in repomd.c, which is compiled
 * in here (see fuzz_repomd.c). */
#include "repomd.c"
#include "fuzz-builder.h"

FUZZ_TARGET(data, size)
{
	struct repo_index ix;
	const char *path;

	path = fuzz_file("primary.xml.gz", data, size);
	if (index_build(NULL, &primary_kind, path, "fuzz/primary.xml.gz",
	    NULL, "-", &ix) == 0) {
		repo_index_free(&ix);
		if (index_build(NULL, &group_kind, path, "fuzz/comps.xml",
		    NULL, "-", &ix) == 0)
			repo_index_free(&ix);
	}
	return 0;
}
