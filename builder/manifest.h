/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manifest.h: manifest.json, what went into a build and what came out
 * (manifest.c). */
#ifndef XENINFN_MANIFEST_H
#define XENINFN_MANIFEST_H
#include <stddef.h>

struct profile;
struct tree;
struct rpm_set;
struct syslinux_set;
struct media_id;

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
