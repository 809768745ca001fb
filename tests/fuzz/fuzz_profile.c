/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_profile.c: the profile reader (profile_load of an INI file). */
#include "xeninfn.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_set_verbosity(-1);
	profile_free(profile_load(fuzz_file("profile.ini", data, size),
	    NULL, 0));
	return 0;
}
