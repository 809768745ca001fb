/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * iso.c: mastering and finishing, in the order that keeps every checksum
 * true: master (El Torito no-emulation with boot-info-table, as RHEL5's
 * own mk-images did, plus an isohybrid MBR for USB sticks), then implant
 * the MD5 that the installer's media check reads.  The caller checksums
 * and renames afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xeninfn.h"
#include "paths.h"
#include "iso.h"
#include "media-id.h"

/* xorriso's date form, YYYYMMDDhhmmsscc, of t in UTC. */
static void
iso_date(time_t t, char out[17])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%d%H%M%S00", &tm);
}

/* Runs argv; on failure prints what it said and names it.  0 or -1. */
static int
run_tool(const char *const argv[], const char *what)
{
	struct buf out = BUF_INIT;
	struct run_opts o = { .out = &out, .merge_stderr = 1 };
	int rc = run_cmd(argv, &o);

	if (rc != 0) {
		if (out.len > 0)
			fprintf(stderr, "%s", out.data);
		log_error("%s failed (%s exited with %d)", what, argv[0], rc);
	} else if (log_verbosity() > 0 && out.len > 0)
		fprintf(stderr, "%s", out.data);
	buf_free(&out);
	return rc == 0 ? 0 : -1;
}

/* "iso_path=disk_path" with '=' and '\' escaped, as xorriso and
 * genisoimage read a pathspec under -graft-points (caller frees). */
static char *
graft_spec(const char *iso_path, const char *disk_path)
{
	struct buf b = BUF_INIT;
	const char *parts[2] = { iso_path, disk_path };

	for (int i = 0; i < 2; i++) {
		if (i == 1)
			buf_addc(&b, '=');
		for (const char *s = parts[i]; *s; s++) {
			if (*s == '=' || *s == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *s);
		}
	}
	return buf_release(&b);
}

/* Runs the mastering command argv (NULL-terminated, room for MAX_ARGS)
 * with the pathspecs of the ISO's contents appended: the staging tree as
 * its root, then the grafts.  0 or -1 after a message. */
static int
run_master(const char **argv, const char *dir,
    const struct iso_graft *grafts, size_t n)
{
	size_t argc = 0, first;
	int rc;

	while (argv[argc] != NULL)
		argc++;
	first = argc;
	argv[argc++] = graft_spec("/", dir);
	for (size_t i = 0; i < n; i++)
		argv[argc++] = graft_spec(grafts[i].iso_path,
		    grafts[i].disk_path);
	argv[argc] = NULL;
	rc = run_tool(argv, "mastering the ISO");
	for (size_t i = first; i < argc; i++)
		free((char *)argv[i]);
	return rc;
}

#define MAX_ARGS	40

/* xorriso in its mkisofs personality: one pass gives the El Torito image,
 * the boot-info-table and the hybrid MBR; --set_all_file_dates dates every
 * file and directory, grafted ones too, and --modification-date the volume
 * and the boot catalog. */
static int
master_xorriso(const char *xorriso, const char *dir,
    const struct iso_graft *grafts, size_t n, const char *out,
    const struct media_id *id)
{
	char date[17], moddate[40];
	const char *hdpfx = tool_path("XENINFN_ISOHDPFX", PATH_ISOHDPFX_BIN);

	if (!path_exists(hdpfx)) {
		log_error("%s: missing syslinux isohdpfx.bin (Debian: "
		    "isolinux; Fedora/EL: syslinux)", hdpfx);
		return -1;
	}
	iso_date(id->epoch, date);
	snprintf(moddate, sizeof(moddate), "--modification-date=%s", date);
	const char *argv[MAX_ARGS] = { xorriso, "-as", "mkisofs", "-quiet",
	    "-o", out, "-V", id->label, "-A", id->title,
	    "-r", "-J", "-joliet-long",
	    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
	    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
	    "-isohybrid-mbr", hdpfx, moddate, "--set_all_file_dates", date,
	    "-graft-points", NULL };
	return run_master(argv, dir, grafts, n);
}

/* The fallback RHEL5 used: genisoimage, then isohybrid. */
static int
master_genisoimage(const char *dir, const struct iso_graft *grafts,
    size_t n, const char *out, const struct media_id *id)
{
	const char *geniso = tool_path("XENINFN_GENISOIMAGE",
	    PATH_GENISOIMAGE);
	const char *isohybrid = tool_path("XENINFN_ISOHYBRID",
	    PATH_ISOHYBRID);

	if (*geniso == '\0' || *isohybrid == '\0') {
		log_error("neither xorriso nor genisoimage + isohybrid is "
		    "available: install xorriso (Debian and Fedora/EL: "
		    "xorriso)");
		return -1;
	}
	if (id->reproducible)
		log_warn("genisoimage cannot fix every date of the image: "
		    "install xorriso for byte-identical rebuilds");
	const char *argv[MAX_ARGS] = { geniso, "-quiet", "-o", out,
	    "-V", id->label, "-A", id->title, "-r", "-J",
	    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
	    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
	    "-graft-points", NULL };
	const char *hyb[] = { isohybrid, out, NULL };
	if (run_master(argv, dir, grafts, n) != 0)
		return -1;
	return run_tool(hyb, "making the ISO hybrid");
}

char *
iso_master(const char *dir, const struct iso_graft *grafts, size_t n,
    const char *iso, const struct media_id *id)
{
	const char *xorriso = tool_path("XENINFN_XORRISO", PATH_XORRISO);
	const char *implant = tool_path("XENINFN_IMPLANTISOMD5",
	    PATH_IMPLANTISOMD5);
	char *tmp = tmp_name_for(iso);
	int rc;

	if (*xorriso != '\0' && access(xorriso, X_OK) != 0 &&
	    getenv("XENINFN_XORRISO") != NULL) {
		log_error("%s: cannot run xorriso (install it: Debian and "
		    "Fedora/EL package xorriso)", xorriso);
		goto fail;
	}
	if (n + 30 > MAX_ARGS) {
		log_error("iso: too many graft points (%zu)", n);
		goto fail;
	}
	rc = *xorriso != '\0' ? master_xorriso(xorriso, dir, grafts, n, tmp,
	    id) : master_genisoimage(dir, grafts, n, tmp, id);
	if (rc != 0)
		goto fail;
	/* implantisomd5 refuses an image it already implanted; ours is
	 * fresh.  --force keeps it from asking anything. */
	const char *argv[] = { implant, "--force", tmp, NULL };
	if (*implant == '\0' || run_tool(argv, "implanting the ISO's MD5 "
	    "(install isomd5sum: Debian and Fedora/EL)") != 0)
		goto fail;
	return tmp;
fail:
	unlink(tmp);
	free(tmp);
	return NULL;
}
