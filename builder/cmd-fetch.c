/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-fetch.c: `xeninfn fetch` (being written). */
#include "xeninfn.h"

int
cmd_fetch(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_error("fetch: not implemented yet");
	return EXIT_WORK;
}
