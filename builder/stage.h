/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stage.h: the staging tree that becomes the ISO (stage.c). */
#ifndef XENINFN_STAGE_H
#define XENINFN_STAGE_H

#include "iso.h"

struct profile;
struct tree;
struct rpm_set;
struct syslinux_set;
struct media_id;

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
#define STAGE_NGRAFTS	2
/* Builds the media tree in dir (which exists and is empty), without an
 * fsync (the tree is deleted after mastering); grafts gets the files the
 * ISO takes by path (pointing into in).  Returns 0, or -1 after messages. */
int	 stage_media(const char *dir, const struct stage_input *in,
	    struct iso_graft grafts[STAGE_NGRAFTS]);
#endif
