/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-serve.c: `xeninfn serve`: the HTTP side of a PXE tree, with the
 * install events of its hosts and a status page (serve.c):
 *
 *   xeninfn serve -o TREE [--listen ADDR:PORT] [--admin-token-file FILE]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "xeninfn.h"
#include "serve.h"

/* Prints the usage of serve to f. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn serve -o TREE [--listen ADDR:PORT] "
	    "[--admin-token-file FILE]\n"
	    "Serves TREE/http/ (the tree `xeninfn pxe -o TREE` wrote) over "
	    "HTTP, records the\ninstall events each host's kickstart reports "
	    "(pxe.serve_url), switches a host to\nlocal boot when its %%post "
	    "is done, and shows every host's install at /.\nRuns in the "
	    "foreground, one log line a request, until SIGINT or SIGTERM.\n"
	    "\nOptions:\n"
	    "  -o, --output=TREE      the PXE tree (required)\n"
	    "  -l, --listen=ADDR:PORT where to listen (default 0.0.0.0:8080; "
	    ":PORT for\n"
	    "                           every address)\n"
	    "      --admin-token-file=FILE\n"
	    "                         allow POST /api/hosts/NAME/reinstall "
	    "with the token\n"
	    "                           on FILE's first line\n"
	    GENERAL_USAGE
	    "\nExit status: 0 when stopped by a signal, 1 if it cannot start "
	    "(a message\nsays why), 2 for a usage error.\n");
}

/* One option of serve's own; 0, or -1 if it is not one. */
static int
serve_opt(int ch, const char *arg, void *ctx)
{
	struct serve_opts *o = ctx;

	switch (ch) {
	case 'o': o->tree = arg; break;
	case 'l': o->listen = arg; break;
	case 'A': o->admin_token_file = arg; break;
	default: return -1;
	}
	return 0;
}

/* `xeninfn serve`.  Returns 0, EXIT_USAGE or EXIT_WORK. */
int
cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", 1, NULL, 'o' },
		{ "listen", 1, NULL, 'l' },
		{ "admin-token-file", 1, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts o;
	int r;

	memset(&o, 0, sizeof(o));
	r = cmd_no_operands(cmd_getopt(argc, argv, "o:l:", longopts, NULL,
	    serve_opt, &o, usage), argc, argv);
	if (r != 0)
		return r > 0 ? 0 : EXIT_USAGE;
	if (o.tree == NULL) {
		log_usage("-o TREE is required (the -o of `xeninfn pxe`)");
		return EXIT_USAGE;
	}
	return serve_run(&o) == 0 ? 0 : EXIT_WORK;
}
