/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pipeline.h: the front half that `xeninfn build` and `xeninfn pxe`
 * share: preflight, the output directory (its lock and the leftovers of
 * dead runs), the fetch of the tree, the RPM intake, the checks for a
 * signal between steps, and the atomic publish into OUTDIR.
 *
 *   pipeline_init -> pipeline_preflight -> [pipeline_prepare_outdir]
 *     -> pipeline_fetch -> pipeline_rpms -> (the command's own stages)
 *     -> pipeline_publish_begin -> renames -> pipeline_publish_end
 *     -> pipeline_free
 *
 * The command installs the signal handlers (signals_catch) before
 * pipeline_init and exits with signal_exit_code.
 */
#ifndef XENINFN_PIPELINE_H
#define XENINFN_PIPELINE_H
#include <time.h>

#include "media-id.h"
#include "rpm.h"
#include "syslinux.h"
#include "settings.h"

struct profile;
struct fetcher;
struct tree;

/* OUTDIR's lock, held while a run publishes into it. */
#define PIPELINE_LOCK	".xeninfn.lock"

struct pipeline {
	/* set by the command (pipeline_init) */
	const struct profile	*profile;
	const char		*outdir;
	const char		*cache;		/* --cache, or NULL */
	int			 need_rpms;	/* xen.rpms + the tools RPM */
	int			 need_packages;	/* reads the tree's package
						   lists: TREE_PACKAGES */
	struct settings		 set;		/* of profile, made once */
	/* filled by the stages; pipeline_free frees them */
	struct fetcher		*fetcher;
	struct tree		*tree;
	struct rpm_set		 rpms;		/* with need_rpms */
	struct syslinux_set	 syslinux;
	struct media_id		 id;
	char			*vtcheck;
	char			*tools_rpm;	/* with need_rpms */
	char			*lock_path;
	int			 lock_fd;	/* held while publishing */
	/* the -v table of steps */
	struct timespec		 mark;		/* the end of the last step */
	const char		*step_name[12];
	double			 step_secs[12];
	int			 nsteps;
};

/* Starts a run for the validated profile p (its typed settings made
 * here, once) into outdir, with the cache (NULL: the default) and, with
 * need_rpms, the Xen RPMs and the tools RPM (a command that decides it
 * from the settings sets pl->need_rpms after this, before any stage).
 * pipeline_free is safe on a zeroed pipeline too. */
void	 pipeline_init(struct pipeline *, const struct profile *p,
	    const char *outdir, const char *cache, int need_rpms);
/* Frees what the stages put in the pipeline (not the profile) and lets
 * go of OUTDIR's lock if it is held. */
void	 pipeline_free(struct pipeline *);

/*
 * Everything that can be checked before a byte is downloaded; every
 * problem is said, not only the first: the profile's local paths (a
 * file:// tree.url, and with need_rpms xen.rpms and xen.gpg_keys;
 * fetch.ca_file, kickstart.template_dir), OUTDIR (made and cleaned of
 * dead runs' leftovers with make_outdir, else only checked that it is or
 * can be made a writable directory), the syslinux files, the helpers and
 * the media id.  Returns 0, or -1 after the messages.
 */
int	 pipeline_preflight(struct pipeline *, int make_outdir);
/* OUTDIR made if needed, a writable directory, without the leftovers of
 * runs that no longer run.  Returns 0, or -1 after a message. */
int	 pipeline_prepare_outdir(struct pipeline *);
/* The fetcher and the tree, verified.  Returns 0, or -1 after a message
 * (an interruption included). */
int	 pipeline_fetch(struct pipeline *);
/* The RPM intake (with need_rpms; nothing otherwise).  Returns 0, or -1
 * after a message (an interruption included). */
int	 pipeline_rpms(struct pipeline *);
/* 0, or -1 after "interrupted: nothing in the output directory was
 * changed" when a signal asked the run to stop. */
int	 pipeline_interrupted(void);

/*
 * Takes OUTDIR's lock (waiting, and saying so, while another run holds
 * it), removes what dead runs left, and checks for a signal before and
 * after.  Returns 0, or -1 after a message.
 */
int	 pipeline_publish_begin(struct pipeline *);
/* Renames *tmp to final durably and frees *tmp (NULL then).  The first
 * call blocks the signals until pipeline_publish_end, so that the renames
 * of one publish go together.  Returns 0, or -1 after a message. */
int	 pipeline_publish(struct pipeline *, char **tmp, const char *final);
/* Lets the signals through and OUTDIR's lock go. */
void	 pipeline_publish_end(struct pipeline *);

/* Ends the step called name for the -v table; returns rc, so that it can
 * wrap a step's result. */
int	 pipeline_step(struct pipeline *, const char *name, int rc);
/* With -v: each step and its time. */
void	 pipeline_print_steps(const struct pipeline *);
#endif
