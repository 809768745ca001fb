/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_ifcfg.c: the helpers' reader and editor of KEY=value files
 * (ifcfg-NAME and the files of /etc/sysconfig): kv_get, kv_set, kv_del of
 * post-install/text.c, as xeninfn-bridges uses them. */
#include "common.h"
#define FUZZ_QUIET	(pi_quiet = 1)
#include "fuzz.h"

FUZZ_TARGET(data, size)
{
	static const char *const keys[] = { "DEVICE", "BOOTPROTO", "IPADDR",
	    "HWADDR", "BRIDGE", "" };
	struct buf b;
	char *text;

	text = fuzz_text(data, size);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		free(kv_get(text, keys[i]));
	buf_init(&b);
	if (buf_add(&b, (const char *)data, size) == 0) {
		kv_set(&b, "BRIDGE", "xenbr0");
		kv_set(&b, "ONBOOT", "\"yes\"");
		kv_del(&b, "IPADDR");
		free(kv_get(b.data, "BRIDGE"));
	}
	buf_free(&b);
	free(text);
	return 0;
}
