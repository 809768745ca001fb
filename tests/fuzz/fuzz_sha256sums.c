/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_sha256sums.c: the SHA256SUMS of an install tree (parse_sha256sums). */
#include "fuzz-tree.h"

static void
parse(const char *text, struct tree_desc *d, struct tree_sums *s)
{
	(void)d;
	parse_sha256sums(text, "fuzz/SHA256SUMS", s);
}

FUZZ_TREE_TARGET(parse)
