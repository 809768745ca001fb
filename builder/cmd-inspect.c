/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-inspect.c: `xeninfn inspect` (being written). */
#include "xeninfn.h"

int
cmd_inspect(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_error("inspect: not implemented yet");
	return EXIT_WORK;
}
