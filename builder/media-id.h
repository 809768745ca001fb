/* SPDX-License-Identifier: GPL-2.0-or-later */
/* media-id.h: the identity of one build (media-id.c): names and dates
 * every stage of `build` and `pxe` agrees on. */
#ifndef XENINFN_MEDIA_ID_H
#define XENINFN_MEDIA_ID_H
#include <time.h>

struct settings;

struct media_id {
	char	*iso_name;	/* XenINFN-0.1.0-SL5.1-x86_64-xen3.1.2.iso */
	char	*label;		/* the volume id, at most 32 characters */
	char	*title;		/* one line for menus and boot.msg */
	time_t	 epoch;		/* SOURCE_DATE_EPOCH, or now */
	int	 reproducible;	/* SOURCE_DATE_EPOCH was set */
	char	*date;		/* epoch as YYYY-MM-DD HH:MM UTC */
};
/* Fills id from the settings (product, tree release and arch, Xen
 * version; settings.h) and the environment; 0, or -1 after a message (a
 * malformed SOURCE_DATE_EPOCH).  The caller frees the fields with
 * media_id_free. */
int	 media_id_init(struct media_id *, const struct settings *);
void	 media_id_free(struct media_id *);
#endif
