/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-render.c: `xeninfn render` (being written). */
#include "xeninfn.h"

int
cmd_render(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_error("render: not implemented yet");
	return EXIT_WORK;
}
