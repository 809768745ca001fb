/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bootcfg.h: the boot menus of the media, rendered from isolinux/. */
#ifndef XENINFN_BOOTCFG_H
#define XENINFN_BOOTCFG_H
#include "template.h"

struct profile;

/* What every boot entry appends to the kernel command line: the console
 * and boot.extra_args.  The caller frees it. */
char	*bootcfg_kernel_args(const struct profile *);

/* The template variables of the boot menus beyond the profile's keys,
 * written into vars (BOOTCFG_NVARS slots); the strings live in store,
 * which the caller frees with bootcfg_vars_free. */
#define BOOTCFG_NVARS	7
struct bootcfg_store {
	char	*s[BOOTCFG_NVARS];
};
size_t	 bootcfg_vars(const struct profile *, const char *label,
	    const char *date, struct tvar *vars, struct bootcfg_store *);
void	 bootcfg_vars_free(struct bootcfg_store *);

/* Writes isolinux.cfg and boot.msg into dir.  label names the media,
 * date is the build date.  Returns 0, or -1 after messages. */
int	 bootcfg_write_isolinux(const struct profile *, const char *dir,
	    const char *label, const char *date);
#endif
