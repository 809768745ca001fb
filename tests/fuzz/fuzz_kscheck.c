/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_kscheck.c: the kickstart checker, through kickstart_check, the
 * entry `xeninfn check FILE` (cmd-check.c) uses on a text file. */
#include "fuzz-builder.h"
#include "kickstart.h"

FUZZ_TARGET(data, size)
{
	struct ks_report rep = { 0, 0 };
	char *text;

	if (fuzz_has_nul(data, size))
		return 0;	/* cmd-check.c refuses these first */
	text = fuzz_text(data, size);
	kickstart_check("fuzz.ks", text, &rep);
	free(text);
	return 0;
}
