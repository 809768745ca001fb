/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_inventory.c: the PXE inventory reader (inventory_load of a CSV). */
#include "fuzz-builder.h"
#include "inventory.h"

FUZZ_TARGET(data, size)
{
	inventory_free(inventory_load(fuzz_file("hosts.csv", data, size),
	    fuzz_default_profile()));
	return 0;
}
