/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_inventory.c: the PXE inventory reader (inventory_load of a CSV). */
#include "xeninfn.h"
#include "inventory.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct profile *site;

	log_set_verbosity(-1);
	if (site == NULL && (site = profile_load(NULL, NULL, 0)) == NULL)
		abort();
	inventory_free(inventory_load(fuzz_file("hosts.csv", data, size),
	    site));
	return 0;
}
