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
/* v as a jansson string (null for NULL; a new reference).  When v is not
 * valid UTF-8, *shown is v with its bytes outside printable ASCII as \xNN
 * (caller frees) and the string is that text; else *shown is NULL. */
struct json_t *manifest_jstr(const char *v, char **shown);
/* manifest.json's text, written with jansson: two-space indentation, the
 * keys in a fixed order, a final newline (caller frees); NULL after a
 * message naming the value when one is not valid UTF-8. */
char	*manifest_json(const struct profile *, const struct tree *,
	    const struct rpm_set *, const struct syslinux_set *,
	    const struct media_id *, const char *kickstart_sha256,
	    const struct manifest_output *, size_t nout);
#endif
