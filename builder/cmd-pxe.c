/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-pxe.c: `xeninfn pxe` (being written). */
#include "xeninfn.h"

int
cmd_pxe(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_error("pxe: not implemented yet");
	return EXIT_WORK;
}
