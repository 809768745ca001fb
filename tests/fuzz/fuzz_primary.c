/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_primary.c: the reader of primary.xml and comps (collect_file:
 * gzip/bzip2/xz or plain, then the package names and group ids).  It is
 * static in repomd.c, which is compiled in here (see fuzz_repomd.c). */
#include "repomd.c"
#include "fuzz-builder.h"

/* Frees what a strv collected. */
static void
release(struct strv *s)
{
	strv_free(strset_release(s));
}

FUZZ_TARGET(data, size)
{
	struct strv pkgs = STRV_INIT, grps = STRV_INIT;
	const char *path;

	path = fuzz_file("primary.xml.gz", data, size);
	if (collect_file(path, "fuzz/primary.xml.gz", "package", "name",
	    &pkgs) == 0)
		collect_file(path, "fuzz/comps.xml", "group", "id", &grps);
	release(&pkgs);
	release(&grps);
	return 0;
}
