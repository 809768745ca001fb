/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_treeinfo.c: the .treeinfo of an install tree (parse_treeinfo). */
#include "fuzz-tree.h"

static void
parse(const char *text, struct tree_desc *d, struct tree_sums *s)
{
	parse_treeinfo(text, "fuzz/.treeinfo", "x86_64", d, s);
}

FUZZ_TREE_TARGET(parse)
