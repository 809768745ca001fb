/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_repomd.c: the repomd.xml reader (read_repomd: the XML walk and
 * the checks of each <data>).  It is static in repomd.c, which is
 * compiled in here; tree_packages is then defined by this file and the
 * library's repomd.o is never linked. */
#include "repomd.c"
#include "fuzz-builder.h"

FUZZ_TARGET(data, size)
{
	struct repomd m = { 0 };
	const char *path;
	size_t n = 0;

	path = fuzz_file("repomd.xml", data, size);
	if (read_repomd(NULL, path, "fuzz/repodata/repomd.xml", NULL,
	    &m) == 0)
		for (size_t i = 0; i < m.n; i++)
			n += is_wanted(m.v[i].type);
	repomd_free(&m);
	return n > 1000000;
}
