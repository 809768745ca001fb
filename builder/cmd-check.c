/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-check.c: `xeninfn check` (being written). */
#include "xeninfn.h"

int
cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_error("check: not implemented yet");
	return EXIT_WORK;
}
