/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_repoindex.c: the reader of the cached repository indexes
 * (index_parse, for the kinds repomd.c reads: a damaged file in the
 * cache must be refused, never misread).  It is static in repoindex.c,
 * which is compiled in here; the library's repoindex.o is then never
 * linked. */
#include "repoindex.c"
#include "fuzz-builder.h"

FUZZ_TARGET(data, size)
{
	static const struct { const char *kind; size_t nf; } k[] = {
		{ "repomd", 4 }, { "primary", 5 }, { "group", 1 },
		{ "data", 0 } };
	struct repo_index ix;

	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		memset(&ix, 0, sizeof(ix));
		ix.data = xmalloc(size + 1);
		memcpy(ix.data, data, size);
		ix.data[size] = '\0';
		(void)index_parse(&ix, size, k[i].kind, k[i].nf);
		repo_index_free(&ix);
	}
	return 0;
}
