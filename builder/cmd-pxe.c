/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-pxe.c: `xeninfn pxe`: the PXE tree for a host inventory, and the
 * install-once switch:
 *
 *   xeninfn pxe [-p PROFILE] [-s KEY=VALUE]... [--hosts FILE] [--verify]
 *       -o OUTDIR
 *   xeninfn pxe --done HOST -o OUTDIR
 *   xeninfn pxe --reinstall HOST [-p ...] [--hosts FILE] -o OUTDIR
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "xeninfn.h"
#include "pxe.h"

struct pxe_cmd {
	struct profile_args	 pa;
	struct pxe_opts		 o;
	const char		*done;		/* --done HOST */
	const char		*reinstall;	/* --reinstall HOST */
};

/* Prints the usage of pxe to f. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn pxe [OPTION]... -o OUTDIR\n"
	    "       xeninfn pxe --done=HOST -o OUTDIR\n"
	    "       xeninfn pxe --reinstall=HOST [OPTION]... -o OUTDIR\n"
	    "Writes OUTDIR/tftp/ (for a TFTP server) and OUTDIR/http/ (for a "
	    "web server at\npxe.http_url), with one pxelinux config and one "
	    "kickstart per inventory host.\nRe-runs rewrite only what changed "
	    "and remove the files of hosts no longer listed.\n\nOptions:\n"
	    "  -o, --output=DIR       write the tree into DIR (required)\n"
	    "      --hosts=FILE       the inventory: CSV, a header row, columns "
	    "hostname, mac\n"
	    "                           and optionally ip, netmask, gateway, "
	    "nameserver,\n"
	    "                           guest_ip and profile keys "
	    "(docs/pxe.md)\n"
	    "      --cache=DIR        the download cache (default:\n"
	    "                           $XDG_CACHE_HOME/xeninfn)\n"
	    "      --done=HOST        HOST was installed: boot it from its "
	    "disk from now on\n"
	    "      --reinstall=HOST   undo --done and bring the tree up to "
	    "date\n"
	    "      --verify           check every host file (lstat), not only "
	    "their\n"
	    "                           directories: puts back files edited in "
	    "place\n"
	    COMMON_USAGE EXIT_STATUS_USAGE);
}

/* One option of pxe's own; 0, or -1 if it is not one. */
static int
pxe_opt(int ch, const char *arg, void *ctx)
{
	struct pxe_cmd *c = ctx;

	switch (ch) {
	case 'o': c->o.outdir = arg; break;
	case 'H': c->o.hosts_file = arg; break;
	case 'C': c->o.cache_dir = arg; break;
	case 'D': c->done = arg; break;
	case 'R': c->reinstall = arg; break;
	case 'V': c->o.verify = 1; break;
	default: return -1;
	}
	return 0;
}

/* Parses argv into c; returns 0, 1 for --help, or -1 on a usage error. */
static int
parse_args(struct pxe_cmd *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", 1, NULL, 'o' },
		{ "hosts", 1, NULL, 'H' },
		{ "cache", 1, NULL, 'C' },
		{ "done", 1, NULL, 'D' },
		{ "reinstall", 1, NULL, 'R' },
		{ "verify", 0, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int r = cmd_no_operands(cmd_getopt(argc, argv, "o:", longopts, &c->pa,
	    pxe_opt, c, usage), argc, argv);

	if (r != 0)
		return r;
	if (c->o.outdir == NULL) {
		log_usage("-o OUTDIR is required (where tftp/ and http/ go)");
		return -1;
	}
	if (c->done && (c->reinstall || c->o.hosts_file || c->pa.path ||
	    c->pa.nsets || c->o.verify)) {
		log_usage("--done takes only -o (it switches one host of an "
		    "existing tree)");
		return -1;
	}
	return 0;
}

/* `xeninfn pxe`.  Returns 0, EXIT_USAGE or EXIT_WORK. */
int
cmd_pxe(int argc, char **argv)
{
	struct pxe_cmd c;
	struct profile *p = NULL;
	int rc = EXIT_WORK, r;

	memset(&c, 0, sizeof(c));
	if ((r = parse_args(&c, argc, argv)) != 0) {
		profile_args_free(&c.pa);
		return r > 0 ? 0 : EXIT_USAGE;
	}
	signals_catch();	/* ^C: stop cleanly, exit 130 (signals.c) */
	if (c.done != NULL) {
		rc = pxe_mark_done(c.o.outdir, c.done) == 0 ? 0 : EXIT_WORK;
		goto out;
	}
	if ((p = profile_from_args(&c.pa)) == NULL)
		goto out;
	if (c.reinstall != NULL &&
	    pxe_forget_done(c.o.outdir, c.reinstall) != 0)
		goto out;
	if (pxe_write(p, &c.o) == 0)
		rc = 0;
out:
	profile_free(p);
	profile_args_free(&c.pa);
	return signal_exit_code(rc);
}
