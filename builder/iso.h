/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iso.h: mastering the ISO (iso.c). */
#ifndef XENINFN_ISO_H
#define XENINFN_ISO_H
#include <stddef.h>

struct media_id;

/* A file the ISO takes from where it is on this host rather than from
 * a copy in the staging tree (a graft point). */
struct iso_graft {
	const char	*iso_path;	/* "isolinux/vmlinuz" */
	const char	*disk_path;	/* the cached kernel (or initrd) */
};
/* Masters dir plus the n grafts into a temporary file beside iso (El
 * Torito no-emulation, boot-info-table, isohybrid MBR, Rock Ridge +
 * Joliet, every file dated id->epoch) and implants its MD5.  Returns the
 * temporary path (caller renames or unlinks it, and frees it) or NULL
 * after messages. */
char	*iso_master(const char *dir, const struct iso_graft *grafts,
	    size_t n, const char *iso, const struct media_id *id);
#endif
