/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_profile.c: the profile reader (profile_load of an INI file). */
#include "fuzz-builder.h"

FUZZ_TARGET(data, size)
{
	profile_free(profile_load(fuzz_file("profile.ini", data, size),
	    NULL, 0));
	return 0;
}
