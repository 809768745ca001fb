/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stage.c: the tree that becomes the ISO: isolinux/ with the syslinux
 * files and xeninfn.img (the kickstart and the virtualization check, that
 * isolinux loads after the tree's initrd), /ks.cfg, and the XenINFN
 * repository.  The kernel and the tree's initrd are not copied: the ISO
 * takes them from the cache by graft points.  Nothing here is fsync'ed:
 * the tree is deleted once the ISO is mastered. */
#include <sys/stat.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "paths.h"
#include "bootcfg.h"
#include "initrd.h"
#include "media-id.h"
#include "stage.h"
#include "syslinux.h"
#include "repo.h"
#include "rpm.h"
#include "tree.h"

/* The epoch every staged file and directory is dated with. */
static time_t stage_epoch;

static int
date_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return set_mtime(path, stage_epoch);
}

/* What the installer's initrd gets beside the tree's: /ks.cfg and the
 * check, as an initrd of their own (isolinux loads both). */
static int
stage_initrd(const char *out, const struct stage_input *in)
{
	struct buf vt = BUF_INIT;
	int rc = -1;

	if (read_file(in->vtcheck, 16 << 20, &vt) != 0)
		goto out;
	struct initrd_file files[] = {
		{ "ks.cfg", in->kickstart, strlen(in->kickstart), 0644 },
		{ INITRD_VTCHECK, vt.data, vt.len, 0755 },
	};
	rc = initrd_member(in->tree->initrd, out, files, 2, in->id->epoch);
out:
	buf_free(&vt);
	return rc;
}

int
stage_media(const char *dir, const struct stage_input *in,
    struct iso_graft grafts[STAGE_NGRAFTS])
{
	char *iso = path_join(dir, "isolinux"), *p = NULL;
	int rc = -1, was_durable = fileio_set_durable(0);

	if (mkdirs(iso, 0755) != 0)
		goto out;
	for (size_t i = 0; i < SYSLINUX_NFILES; i++) {
		free(p);
		p = path_join(iso, in->syslinux->f[i].name);
		if (copy_file(in->syslinux->f[i].path, p, 0644) != 0)
			goto out;
	}
	grafts[0].iso_path = "isolinux/vmlinuz";
	grafts[0].disk_path = in->tree->kernel;
	grafts[1].iso_path = "isolinux/initrd.img";
	grafts[1].disk_path = in->tree->initrd;
	free(p);
	p = path_join(iso, "xeninfn.img");
	if (stage_initrd(p, in) != 0)
		goto out;
	if (bootcfg_write_isolinux(in->profile, iso, in->id->title,
	    in->id->date) != 0)
		goto out;
	free(p);
	p = path_join(dir, "ks.cfg");
	if (write_file_atomic(p, in->kickstart, strlen(in->kickstart),
	    0644) != 0)
		goto out;
	free(p);
	p = path_join(dir, "xeninfn");
	if (repo_create(p, in->rpms) != 0)
		goto out;
	stage_epoch = in->id->epoch;
	if (nftw(dir, date_one, 32, FTW_PHYS) != 0)
		goto out;
	rc = 0;
out:
	fileio_set_durable(was_durable);
	free(p);
	free(iso);
	return rc;
}
