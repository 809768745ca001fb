/* SPDX-License-Identifier: GPL-2.0-or-later */
/* syslinux.c: the syslinux BIOS files the media boot with (the ISO's
 * isolinux/ and the PXE tree), all from one syslinux install. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "paths.h"
#include "syslinux.h"

static const char *const syslinux_names[SYSLINUX_NFILES] = {
	"isolinux.bin", "ldlinux.c32", "menu.c32", "libutil.c32",
	"libcom32.c32",
};

/* Where configure found name; "" if it did not. */
static const char *
configured_path(const char *name, char *scratch, size_t len)
{
	if (strcmp(name, "isolinux.bin") == 0)
		return PATH_ISOLINUX_BIN;
	snprintf(scratch, len, "%s/%s", PATH_SYSLINUX_MODULES, name);
	return scratch;
}

int
syslinux_find(struct syslinux_set *s)
{
	const char *dir = getenv("XENINFN_SYSLINUX_DIR");
	char scratch[4096];
	int rc = 0;

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < SYSLINUX_NFILES; i++) {
		const char *name = syslinux_names[i];
		s->f[i].name = name;
		s->f[i].path = dir && *dir ? path_join(dir, name) :
		    xstrdup(configured_path(name, scratch, sizeof(scratch)));
		if (!path_exists(s->f[i].path)) {
			log_error("%s: missing syslinux file", s->f[i].path);
			rc = -1;
		}
	}
	if (rc != 0)
		log_error("install syslinux (Debian: isolinux and "
		    "syslinux-common; Fedora/EL: syslinux), or set "
		    "XENINFN_SYSLINUX_DIR to one directory holding isolinux.bin, "
		    "ldlinux.c32, menu.c32, libutil.c32 and libcom32.c32 of one "
		    "syslinux version");
	return rc;
}

int
syslinux_digest(struct syslinux_set *s)
{
	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		if (s->f[i].sha256 == NULL && (s->f[i].sha256 =
		    digest_file_hex(DIGEST_SHA256, s->f[i].path)) == NULL)
			return -1;
	return 0;
}

void
syslinux_free(struct syslinux_set *s)
{
	for (size_t i = 0; i < SYSLINUX_NFILES; i++) {
		free(s->f[i].path);
		free(s->f[i].sha256);
	}
}
