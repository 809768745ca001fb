/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_grub.c: the helpers' reader and editor of grub.conf (grub_edit
 * of post-install/grub.c: the entry of the xen package's hypervisor with
 * kernel-xen made the default, dom0_mem on its xen.gz line), as
 * xeninfn-dom0setup uses it, with dom0_mem set and left alone. */
#include "common.h"
#include "dom0setup.h"
#define FUZZ_QUIET	(pi_quiet = 1)
#include "fuzz.h"

FUZZ_TARGET(data, size)
{
	struct buf b;

	buf_init(&b);
	if (buf_add(&b, (const char *)data, size) == 0)
		grub_edit(&b, "grub.conf", "3.1.2", "1024M");
	buf_free(&b);
	buf_init(&b);
	if (buf_add(&b, (const char *)data, size) == 0)
		grub_edit(&b, "grub.conf", "3.1.2", NULL);
	buf_free(&b);
	return 0;
}
