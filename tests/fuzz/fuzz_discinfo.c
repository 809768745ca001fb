/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_discinfo.c: the .discinfo of an install tree (parse_discinfo). */
#include "fuzz-tree.h"

static void
parse(const char *text, struct tree_desc *d, struct tree_sums *s)
{
	(void)s;
	parse_discinfo(text, "fuzz/.discinfo", d);
}

FUZZ_TREE_TARGET(parse)
