/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c: xeninfn's entry point: one subcommand per file (cmd-*.c), this
 * file only picks which, and answers --help, --version and `help`. */
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
	{ "serve", cmd_serve, "serve a PXE tree over HTTP and track its "
	    "installs" },
	{ "config", cmd_config, "print the effective profile and where each "
	    "value came from" },
	{ "help", NULL, "describe xeninfn, or one command" },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

/* Prints the top-level usage to f. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn COMMAND [OPTION]... [ARGUMENT]...\n"
	    "       xeninfn help [COMMAND]\n"
	    "       xeninfn --version\n"
	    "Builds network-install media for Xen 3.1.2 hosts on Scientific "
	    "Linux 5.1.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-20s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\nOptions:\n"
	    "  -h, --help             display this help and exit\n"
	    "      --version          output version information and exit\n"
	    "\n'xeninfn help COMMAND' or 'xeninfn COMMAND --help' describes "
	    "each command;\nxeninfn(1) and xeninfn-profile(5) describe them "
	    "all.\n");
}

/* Prints the version, copyright and licence, as GNU tools do. */
static void
version(void)
{
	printf("xeninfn (XenINFN) %s\n"
	    "Copyright (C) 2026 the XenINFN authors.\n"
	    "License GPLv2+: GNU GPL version 2 or later "
	    "<https://gnu.org/licenses/gpl.html>.\n"
	    "This is free software: you are free to change and redistribute "
	    "it.\nThere is NO WARRANTY, to the extent permitted by law.\n",
	    PACKAGE_VERSION_STR);
}

/* The index of the command called name, or -1 after a usage error that
 * suggests the nearest one. */
static int
find_command(const char *name)
{
	struct suggest s;

	suggest_init(&s, name);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(name, commands[i].name) == 0)
			return (int)i;
		suggest_try(&s, commands[i].name);
	}
	if (s.best != NULL)
		log_usage("unknown command '%s'; did you mean '%s'?", name,
		    s.best);
	else
		log_usage("unknown command '%s'", name);
	return -1;
}

/* `xeninfn help [COMMAND]`: the top-level usage, or COMMAND --help. */
static int
help(int argc, char **argv)
{
	int i;

	if (argc == 1) {
		usage(stdout);
		return 0;
	}
	if (argc > 2) {
		log_usage("help: unexpected argument '%s'", argv[2]);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if ((i = find_command(argv[1])) < 0)
		return EXIT_USAGE;
	log_set_command(commands[i].name);
	return commands[i].fn(2, (char *[]){ argv[1], "--help", NULL });
}

int
main(int argc, char **argv)
{
	int i;

	log_init("xeninfn");
	if (argc < 2) {
		log_usage("missing command");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		version();
		return 0;
	}
	if (argv[1][0] == '-') {
		log_usage("'%s' before the command: options go after it "
		    "(xeninfn build -v ...)", argv[1]);
		return EXIT_USAGE;
	}
	if ((i = find_command(argv[1])) < 0)
		return EXIT_USAGE;
	if (commands[i].fn == NULL)
		return help(argc - 1, argv + 1);
	log_set_command(commands[i].name);
	return commands[i].fn(argc - 1, argv + 1);
}
