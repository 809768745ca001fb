/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_sxp.c: the helpers' reader and editor of xend-config.sxp
 * ("(key value)" lines): sxp_get and sxp_set of post-install/text.c, as
 * xeninfn-dom0setup and xeninfn-bridges use them. */
#include "common.h"
#define FUZZ_QUIET	(pi_quiet = 1)
#include "fuzz.h"

FUZZ_TARGET(data, size)
{
	static const char *const keys[] = { "network-script", "vif-script",
	    "xend-relocation-server", "xend-relocation-hosts-allow",
	    "dom0-min-mem", "" };
	struct buf b;
	char *text;

	text = fuzz_text(data, size);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		free(sxp_get(text, keys[i]));
	buf_init(&b);
	if (buf_add(&b, (const char *)data, size) == 0) {
		sxp_set(&b, "network-script", "'network-bridge netdev=eth0'");
		sxp_set(&b, "dom0-min-mem", "196");
		free(sxp_get(b.data, "network-script"));
	}
	buf_free(&b);
	free(text);
	return 0;
}
