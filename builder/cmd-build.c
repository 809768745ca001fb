/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-build.c: `xeninfn build` (being written). */
#include "xeninfn.h"

int
cmd_build(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_error("build: not implemented yet");
	return EXIT_WORK;
}
