/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * media.h: the last stages of `xeninfn build`: the staging tree (stage.c),
 * mastering and finishing the ISO (iso.c), manifest.json (manifest.c), and
 * where the target-side helpers live on this host (helpers.c).
 */
#ifndef XENINFN_MEDIA_H
#define XENINFN_MEDIA_H
#include <stddef.h>
#include <time.h>

struct profile;
struct tree;
struct rpm_set;

/* The syslinux BIOS files of the media, all from one syslinux install. */
struct syslinux_file {
	const char	*name;		/* "isolinux.bin" */
	char		*path;		/* on this host */
	char		*sha256;
};
#define SYSLINUX_NFILES	5
struct syslinux_set {
	struct syslinux_file f[SYSLINUX_NFILES];
};
/* Finds isolinux.bin, ldlinux.c32, menu.c32, libutil.c32 and
 * libcom32.c32 ($XENINFN_SYSLINUX_DIR, else where configure found them).
 * Returns 0, or -1 after a message naming the missing file and package. */
int	 syslinux_find(struct syslinux_set *);
void	 syslinux_free(struct syslinux_set *);

/* Identity of one build: names and dates every stage agrees on. */
struct media_id {
	char	*iso_name;	/* XenINFN-0.1.0-SL5.1-x86_64-xen3.1.2.iso */
	char	*label;		/* the volume id, at most 32 characters */
	char	*title;		/* one line for menus and boot.msg */
	time_t	 epoch;		/* SOURCE_DATE_EPOCH, or now */
	int	 reproducible;	/* SOURCE_DATE_EPOCH was set */
	char	*date;		/* epoch as YYYY-MM-DD HH:MM UTC */
};
/* Fills id from the profile and the environment; 0, or -1 after a
 * message (a malformed SOURCE_DATE_EPOCH). */
int	 media_id_init(struct media_id *, const struct profile *);
void	 media_id_free(struct media_id *);

/* Everything the staging tree holds besides the syslinux files. */
struct stage_input {
	const struct profile	*profile;
	const struct tree	*tree;
	const struct rpm_set	*rpms;
	const char		*kickstart;	/* rendered text */
	const char		*vtcheck;	/* path of the static helper */
	const struct syslinux_set *syslinux;
	const struct media_id	*id;
};
/* A file the ISO takes from where it is on this host rather than from
 * a copy in the staging tree (a graft point). */
struct iso_graft {
	const char	*iso_path;	/* "isolinux/vmlinuz" */
	const char	*disk_path;	/* the cached kernel */
};
#define STAGE_NGRAFTS	1
/* Builds the media tree in dir (which exists and is empty), without an
 * fsync (the tree is deleted after mastering); grafts gets the files the
 * ISO takes by path (pointing into in).  Returns 0, or -1 after messages. */
int	 stage_media(const char *dir, const struct stage_input *in,
	    struct iso_graft grafts[STAGE_NGRAFTS]);

/* Masters dir plus the n grafts into a temporary file beside iso (El
 * Torito no-emulation, boot-info-table, isohybrid MBR, Rock Ridge +
 * Joliet, every file dated id->epoch) and implants its MD5.  Returns the
 * temporary path (caller renames or unlinks it, and frees it) or NULL
 * after messages. */
char	*iso_master(const char *dir, const struct iso_graft *grafts,
	    size_t n, const char *iso, const struct media_id *id);

/* Where the target-side helpers are: $XENINFN_<NAME>, else beside the
 * xeninfn binary (the build tree), else the installed copies.  Return a
 * path the caller frees, or NULL after a message. */
char	*helper_vtcheck_path(void);
char	*helper_tools_rpm_path(void);

/* manifest.c: what went into a build and what came out. */
struct manifest_output {
	const char	*name;
	const char	*sha256;
	long long	 size;
};
/* manifest.json's text (caller frees). */
char	*manifest_json(const struct profile *, const struct tree *,
	    const struct rpm_set *, const struct syslinux_set *,
	    const struct media_id *, const char *kickstart_sha256,
	    const struct manifest_output *, size_t nout);
#endif
