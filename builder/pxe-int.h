/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe-int.h: what the files of `xeninfn pxe` share, and nobody else uses.
 *
 *   pxe.c        the run: its front half (preflight, fetch, RPM intake),
 *                the fixed part of the tree, the order of the steps, the
 *                install-once switch; file writing for the others
 *   pxe-host.c   per-host rendering: each inventory host's kickstart and
 *                pxelinux config, and whether a file is still current
 *   pxe-cfg.c    the pxelinux configs: their variables, the default and
 *                local menus, a host's switch to local boot
 *   pxe-state.c  the tree's state (pxe-state.h)
 */
#ifndef XENINFN_PXE_INT_H
#define XENINFN_PXE_INT_H
#include <stddef.h>

#include "bootcfg.h"
#include "paths.h"
#include "media-id.h"
#include "pipeline.h"
#include "pxe.h"
#include "pxe-state.h"
#include "rpm.h"
#include "syslinux.h"
#include "template.h"

struct pxe_hosts;
struct host_tokens;

/* What xeninfn.img is made of beside the check and its date: a new text
 * here makes every tree's xeninfn.img again. */
#define XENINFN_IMG_FORMAT	"xeninfn.img: gzip'd newc cpio, " \
	"sbin/xeninfn-vtcheck 0755"

/* A directory of host files, http/ks or tftp/pxelinux.cfg (pxe-dir.c). */
struct pxe_dir {
	const char	*rel;		/* "http/ks" */
	char		*path;		/* OUTDIR/rel */
	char		*stage;		/* where it is filled while new, or
					   NULL: it is there already */
	int		 fd;		/* open: stage, else path */
	int		 trusted;	/* as the manifest recorded it: its
					   files are as recorded, unstat'ed */
};

/* What the digest of a host file's dependencies (pxe_hosts_tables) is
 * made of beside the settings and texts: a new text here makes every
 * tree's re-run check its hosts again. */
#define PXE_DEPS_FORMAT	"xeninfn " PACKAGE_VERSION_STR " pxe deps 1"

/* One run of pxe_write (pxe_mark_done uses outdir and state only). */
struct pxe {
	const struct profile	*site;
	const struct pxe_opts	*o;
	struct inventory	*inv;
	struct host_tokens	*tokens;	/* NULL: no pxe.serve_url */
	struct fetcher		*fetcher;
	struct tree		*tree;
	struct rpm_set		 rpms;
	int			 have_rpms;
	struct syslinux_set	 sl;
	struct media_id		 id;
	char			*pxelinux0, *vtcheck, *tools_rpm;
	char			*chain;		/* chain.c32: local boot */
	struct pipeline		 pl;	/* owns the fields above it */
	char			*http_url;	/* without a trailing '/' */
	char			*release;	/* "sl51-x86_64" */
	char			*kernel_rel, *initrd_rel;
	char			*xeninfn_rel;	/* "sl51-x86_64/xeninfn.img" */
	char			*initrd_arg;	/* pxe.initrd: both, ',' between */
	struct fixed_rec	*fixed_recs;	/* the fixed files' records */
	size_t			 nfixed_recs;
	char			*local_cfg;	/* pxelinux.cfg/local */
	struct tvar		 vars[BOOTCFG_NVARS + 12];
	size_t			 nbootvars;
	struct bootcfg_store	 bootstore;
	struct pxe_dir		 ksdir, cfgdir;	/* http/ks, tftp/pxelinux.cfg */
	struct pxe_hosts	*hosts;		/* pxe-host.c's */
	struct pxe_state	 state;		/* read: the previous run's */
	struct pxe_state	 now;		/* to record: ids, deps */
	uint64_t		 deps;		/* pxe_hosts_tables's digest */
	int			 deps_ok;	/* every host's shape like the
						   site's (pxe_hosts_prepare) */
	int			 hosts_current;	/* as recorded: no per-host
						   work (inv not read) */
	struct frec		*recs;		/* 2 per inventory host */
	size_t			 written, unchanged, removed;
};

/* ---- pxe.c ---- */
/* Puts data at name in d (pxe_dir_put) unless that file holds data
 * already (then it is left alone), counting it in px.  Returns 0, or -1
 * after a message naming the file. */
int	 pxe_put_file(struct pxe *px, struct pxe_dir *d, const char *name,
	    const char *data, size_t len);
/* pxe.http_url, checked and without its trailing '/' (caller frees), or
 * NULL after a message. */
char	*pxe_http_url(const struct pxe_settings *ps);

/* ---- pxe-dir.c ---- */
/* Opens OUTDIR/rel into d: when it is not there, a new directory beside
 * it (staged) that pxe_dir_commit renames into place; a staged directory
 * an interrupted run left is removed first.  Returns 0, or -1 after a
 * message. */
int	 pxe_dir_open(const char *outdir, const char *rel, struct pxe_dir *d);
/* Writes name in d with data, mode 0644, without an fsync (pxe_write
 * syncs the file system once before the manifest); *st (unless NULL) gets
 * the file's stat.  Staged: created in place, one write; else through a
 * temporary name and rename.  Returns 0, or -1 after a message. */
int	 pxe_dir_put(struct pxe_dir *d, const char *name, const char *data,
	    size_t len, struct stat *st);
/* Renames a staged d into place (nothing to do for one that was there).
 * Returns 0, or -1 after a message. */
int	 pxe_dir_commit(struct pxe_dir *d);
/* Closes d, removing its stage if it was never committed; a zeroed d is
 * fine. */
void	 pxe_dir_close(struct pxe_dir *d);

/* ---- pxe-cfg.c ---- */
/* The variables of a pxelinux config beyond the profile, into px->vars:
 * the boot menu's, pxe.kernel, pxe.initrd, pxe.ks_url = ksurl, pxe.done
 * and the host.* variables of host (name, mac, ip, netmask, gateway,
 * nameserver; NULL: all empty).  Returns their number. */
size_t	 pxe_cfg_vars(struct pxe *px, const char *ksurl, int done,
	    const char *const *host);
/* Renders the pxelinux template rel ("isolinux/pxelinux.cfg",
 * "isolinux/pxelinux-host.cfg") with the boot menu's variables, pxe.kernel,
 * pxe.initrd, pxe.ks_url = ksurl, pxe.done and the host.* variables of
 * the n values (name, mac, ip, netmask, gateway, nameserver; NULL: all
 * empty).  Returns the text (caller frees) or NULL after messages. */
char	*pxe_render_cfg(struct pxe *px, const char *rel, const char *ksurl,
	    int done, const char *const *host);
/* Renders pxelinux.cfg/local into px->local_cfg and sets up the boot
 * menu's variables.  Returns 0, or -1 after messages. */
int	 pxe_cfg_prepare(struct pxe *px);
/* Writes tftp/pxelinux.cfg/default and local.  Returns 0 or -1. */
int	 pxe_put_menus(struct pxe *px);
/* Points the config of the host with MAC mac at local boot: the bytes of
 * OUTDIR's pxelinux.cfg/local, written atomically and durably.  Returns
 * 0, or -1 after a message. */
int	 pxe_cfg_switch_local(const char *outdir, const char *mac);

/* ---- pxe-host.c ---- */
/* Parses the templates of the host files into px->hosts (with --hosts)
 * and sets px->deps, the digest of everything they depend on beside the
 * inventory's rows.  Returns 0, or -1 after messages. */
int	 pxe_hosts_tables(struct pxe *px);
/* Renders and checks the kickstarts and configs every host of px->inv
 * will get, before anything is written, so that a template or check error
 * leaves the tree as it was; sets px->deps_ok.  Returns 0, or -1 after
 * messages. */
int	 pxe_hosts_prepare(struct pxe *px);
/* Writes every host's kickstart and config, filling px->recs; a file the
 * state shows current is left alone unread.  Returns 0, or -1 after a
 * message. */
int	 pxe_hosts_put(struct pxe *px);
/* Frees px->hosts. */
void	 pxe_hosts_free(struct pxe *px);
/* Renders the kickstart of host h of inv (NULL: the default one) for the
 * PXE tree whose http/ is at http_url (set: site's settings).  Returns the
 * text (caller frees) or NULL after messages. */
char	*pxe_render_ks(const struct profile *site, const struct settings *set,
	    const struct inventory *inv, const char *http_url,
	    const struct host *h);
/* Checks a rendered kickstart (named name) against the RHEL 5.1 grammar.
 * Returns 0, or -1 after messages. */
int	 pxe_check_ks(const char *name, const char *text);
#endif
