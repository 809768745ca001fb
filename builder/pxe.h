/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe.h: the PXE tree (tftp/ for any TFTP server, http/ for any web
 * server) for a host inventory (inventory.h): writing it, the kickstart
 * of one host, and the install-once switch.
 */
#ifndef XENINFN_PXE_H
#define XENINFN_PXE_H
#include <stddef.h>

#include "inventory.h"

struct profile;
struct settings;

/* What `xeninfn pxe` was asked to do. */
struct pxe_opts {
	const char	*outdir;
	const char	*hosts_file;	/* --hosts, or NULL */
	const char	*cache_dir;	/* --cache, or NULL (the default) */
	int		 verify;	/* --verify: lstat every host file */
};

/* The file, under OUTDIR, that lists what pxe wrote there. */
#define PXE_MANIFEST	".xeninfn-pxe-manifest"
/* The hosts switched to local boot (one name a line). */
#define PXE_DONE_LIST	".xeninfn-pxe-done"

/*
 * Writes (or brings up to date) the PXE tree for profile p under
 * opts->outdir.  Nothing is written unless the inventory, the profile and
 * the templates all check out.  Returns 0, or -1 after messages.
 */
int	 pxe_write(const struct profile *p, const struct pxe_opts *opts);
/*
 * The kickstart pxe_write puts at http/ks/<hostname>.ks for host h of inv
 * (loaded with inventory_load for site): the same rendering, for
 * `xeninfn render --hosts`.  set: site's settings (settings_of).  Needs
 * pxe.http_url like pxe_write.  Returns the text (caller frees) or NULL
 * after messages.
 */
char	*pxe_host_kickstart(const struct profile *site,
	    const struct settings *set, const struct inventory *inv,
	    const struct host *h);
/*
 * Switches host's pxelinux config in outdir to local boot, atomically, and
 * records it so that a re-run of pxe_write keeps it (install once; the
 * record is written first).  Returns 0, or -1 after a message.
 */
int	 pxe_mark_done(const char *outdir, const char *host);
/*
 * Takes host off outdir's record of installed hosts.  Its config file is
 * left as it is (local boot): the next pxe_write, which needs the profile
 * and inventory this function has not got, writes its install config
 * again (`xeninfn pxe --reinstall` runs pxe_write right after).  Returns
 * 0, or -1 after a message.
 */
int	 pxe_forget_done(const char *outdir, const char *host);
#endif
