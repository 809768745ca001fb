/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-tree.h: what the targets of the install tree's metadata files
 * (fuzz_treeinfo.c, fuzz_discinfo.c, fuzz_sha256sums.c) share. */
#ifndef XENINFN_FUZZ_TREE_H
#define XENINFN_FUZZ_TREE_H

#include "fuzz-builder.h"
#include "tree.h"
#include "tree-int.h"

/* Runs parse on the input as the tree code does (a C string; a NUL byte
 * would end it, so such inputs are skipped) and frees what it filled.
 * Returns 0 for libFuzzer. */
static inline int
fuzz_tree(const uint8_t *data, size_t size,
    void (*parse)(const char *, struct tree_desc *, struct tree_sums *))
{
	struct tree_desc d;
	struct tree_sums s;
	char *text;

	if (fuzz_has_nul(data, size))
		return 0;
	memset(&d, 0, sizeof(d));
	memset(&s, 0, sizeof(s));
	text = fuzz_text(data, size);
	parse(text, &d, &s);
	tree_desc_free(&d);
	tree_sums_free(&s);
	free(text);
	return 0;
}

/* The whole target of a tree file: its entry runs parse (fuzz_tree). */
#define FUZZ_TREE_TARGET(parse)						\
	FUZZ_TARGET(data, size)						\
	{								\
		return fuzz_tree(data, size, parse);			\
	}
#endif
