/* SPDX-License-Identifier: GPL-2.0-or-later */
/* syslinux.h: the syslinux BIOS files of the media (syslinux.c), all
 * from one syslinux install, for the ISO and the PXE tree. */
#ifndef XENINFN_SYSLINUX_H
#define XENINFN_SYSLINUX_H

struct syslinux_file {
	const char	*name;		/* "isolinux.bin" */
	char		*path;		/* on this host */
	char		*sha256;	/* NULL until syslinux_digest */
};
#define SYSLINUX_NFILES	5
struct syslinux_set {
	struct syslinux_file f[SYSLINUX_NFILES];
};
/* Finds isolinux.bin, ldlinux.c32, menu.c32, libutil.c32 and
 * libcom32.c32 ($XENINFN_SYSLINUX_DIR, else where configure found them).
 * Returns 0, or -1 after a message naming the missing file and package.
 * The caller frees the set with syslinux_free, also after -1. */
int	 syslinux_find(struct syslinux_set *);
/* Sets the sha256 of each file of the set (for a build's manifest.json:
 * a PXE run needs none, and a re-run should read nothing it need not).
 * Returns 0, or -1 after a message naming the file. */
int	 syslinux_digest(struct syslinux_set *);
void	 syslinux_free(struct syslinux_set *);
#endif
