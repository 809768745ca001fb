/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c: xeninfn's entry point: one subcommand per file (cmd-*.c), this
 * file only picks which. */
#include <stdio.h>
#include <string.h>

#include "xeninfn.h"
#include "paths.h"

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*what;
} commands[] = {
	{ "build", cmd_build, "make the network-install ISO" },
	{ "pxe", cmd_pxe, "make a PXE tree (TFTP + HTTP) for an inventory" },
	{ "render", cmd_render, "print the rendered kickstart" },
	{ "check", cmd_check, "lint kickstarts against the RHEL 5.1 grammar" },
	{ "fetch", cmd_fetch, "fetch the install tree into the cache" },
	{ "inspect", cmd_inspect, "describe a built ISO" },
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: xeninfn COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n`xeninfn COMMAND --help` describes each one.\n");
}

int
main(int argc, char **argv)
{
	log_init("xeninfn");
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("xeninfn %s\n", PACKAGE_VERSION_STR);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "xeninfn: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
