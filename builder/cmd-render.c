/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-render.c: `xeninfn render`: the profile's kickstart on stdout, as
 * the ISO would carry it, or as one PXE host gets it with --host (and,
 * with --hosts, byte for byte what `xeninfn pxe` writes for it). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "pxe.h"
#include "settings.h"

/* Prints the usage of render to f. */
static void
render_usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn render [OPTION]... [--host=NAME] "
	    "[--media=cdrom|pxe]\n"
	    "       xeninfn render [OPTION]... --hosts=FILE --host=NAME\n"
	    "Prints the rendered kickstart on stdout.\n\nOptions:\n"
	    "      --host=NAME        render for one host (its hostname)\n"
	    "      --hosts=FILE       the PXE inventory (as for xeninfn pxe): "
	    "print exactly\n"
	    "                           the http/ks/NAME.ks that xeninfn pxe "
	    "writes for NAME\n"
	    "      --media=KIND       cdrom (the ISO, default) or pxe\n"
	    COMMON_USAGE EXIT_STATUS_USAGE);
}

/* The kickstart of host name of the inventory at hosts, as `xeninfn pxe`
 * writes it.  Returns the text (caller frees) or NULL after a message. */
static char *
render_inventory_host(const struct profile *p, const struct settings *s,
    const char *hosts, const char *name)
{
	struct inventory *inv;
	const struct host *h;
	char *text = NULL;

	if ((inv = inventory_load(hosts, p)) == NULL)
		goto out;
	if ((h = inventory_find(inv, name)) == NULL) {
		log_error("%s: no host '%s' in the hostname column (check "
		    "--host and --hosts)", hosts, name);
		goto out;
	}
	text = pxe_host_kickstart(p, s, inv, h);
out:
	inventory_free(inv);
	return text;
}

/* What render's own options set. */
struct render_opts {
	struct ks_context	 ctx;
	const char		*hosts;
	const char		*media;
};

/* One option of render's own; 0, or -1 (said why) if it is not one or its
 * value is wrong. */
static int
render_opt(int c, const char *arg, void *arg_ctx)
{
	struct render_opts *o = arg_ctx;

	if (c == 'H' && valid_hostname(arg))
		o->ctx.hostname = arg;
	else if (c == 'I')
		o->hosts = arg;
	else if (c == 'm' && (strcmp(arg, "cdrom") == 0 ||
	    strcmp(arg, "pxe") == 0))
		o->media = o->ctx.media = arg;
	else {
		if (c == 'H' || c == 'm')
			log_error("--%s %s: expected %s", c == 'H' ? "host" :
			    "media", arg, c == 'H' ? "a host name" :
			    "cdrom or pxe");
		return -1;
	}
	return 0;
}

/* `xeninfn render`.  Returns 0, EXIT_USAGE or EXIT_WORK. */
int
cmd_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", 1, NULL, 'H' },
		{ "hosts", 1, NULL, 'I' },
		{ "media", 1, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct profile_args pa = { NULL, NULL, 0 };
	struct settings s;
	struct render_opts o = { { "cdrom", NULL, NULL }, NULL, NULL };
	struct profile *p = NULL;
	char *text = NULL;
	int r, rc = EXIT_USAGE;

	r = cmd_no_operands(cmd_getopt(argc, argv, "", longopts, &pa,
	    render_opt, &o, render_usage), argc, argv);
	if (r != 0) {
		rc = r > 0 ? 0 : EXIT_USAGE;
		goto out;
	}
	if (o.hosts != NULL && (o.ctx.hostname == NULL ||
	    (o.media != NULL && strcmp(o.media, "pxe") != 0))) {
		log_usage("--hosts %s renders one PXE host's kickstart: add "
		    "--host NAME (and no --media cdrom)", o.hosts);
		goto out;
	}
	rc = EXIT_WORK;
	if ((p = profile_from_args(&pa)) == NULL)
		goto out;
	settings_of(p, &s);
	o.ctx.repo_baseurl = s.kickstart.repo_url;
	kickstart_warnings(p);
	text = o.hosts != NULL ?
	    render_inventory_host(p, &s, o.hosts, o.ctx.hostname) :
	    kickstart_render(p, &o.ctx);
	if (text == NULL)
		goto out;
	if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) {
		log_errno("writing the kickstart to stdout");
		goto out;
	}
	rc = 0;
out:
	free(text);
	profile_free(p);
	profile_args_free(&pa);
	return rc;
}
