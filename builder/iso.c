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

/* How a tool's output is shown while it runs (run_tool_shown). */
struct tool_view {
	int	 raw;		/* -v: every line as it comes */
	int	 meter;		/* a terminal: xorriso's UPDATE lines in one
				   progress line */
	int	 drawn;		/* that line is on screen */
};

/* The view of a tool run now: raw with -v, a meter on a terminal when
 * neither -v nor -q, else nothing until it fails. */
static struct tool_view
tool_view_now(void)
{
	struct tool_view v = { 0, 0, 0 };

	v.raw = log_verbosity() > 0;
	v.meter = log_verbosity() == 0 && isatty(2);
	return v;
}

/* run_cmd's on_line for xorriso: "xorriso : UPDATE :  57.42% done" and
 * "xorriso : UPDATE :  3 files added in 1 seconds" redraw the one line
 * "xeninfn build: mastering: 57% done"; with -v each line goes out as it
 * is. */
static void
on_tool_line(const char *line, void *arg)
{
	struct tool_view *v = arg;
	const char *u = strstr(line, "UPDATE :");
	double pct;

	if (v->raw) {
		fprintf(stderr, "%s\n", line);
		return;
	}
	if (!v->meter || u == NULL)
		return;
	u += strlen("UPDATE :");
	while (*u == ' ')
		u++;
	if (strstr(u, "% done") != NULL && sscanf(u, "%lf", &pct) == 1)
		fprintf(stderr, "\r%s: mastering: %d%% done\033[K",
		    log_progname(), (int)pct);
	else if (strstr(u, "files added") != NULL)
		fprintf(stderr, "\r%s: mastering: %.*s\033[K", log_progname(),
		    (int)strcspn(u, " ") + (int)strlen(" files added"), u);
	else
		return;
	fflush(stderr);
	v->drawn = 1;
}

/* Runs argv; on failure prints what it said and names it.  With view,
 * shows its output as it comes (on_tool_line).  0 or -1. */
static int
run_tool_shown(const char *const argv[], const char *what,
    struct tool_view *view)
{
	struct buf out = BUF_INIT;
	struct run_opts o = { .out = &out, .merge_stderr = 1 };
	int rc;

	if (view != NULL) {
		o.on_line = on_tool_line;
		o.line_arg = view;
	}
	rc = run_cmd(argv, &o);
	if (view != NULL && view->drawn)
		fputs("\r\033[K", stderr);
	if (rc != 0) {
		if (out.len > 0 && (view == NULL || !view->raw))
			fprintf(stderr, "%.*s", (int)out.len, out.data);
		log_error("%s failed (%s exited with %d)", what, argv[0], rc);
	} else if (log_verbosity() > 0 && out.len > 0 &&
	    (view == NULL || !view->raw))
		fprintf(stderr, "%.*s", (int)out.len, out.data);
	buf_free(&out);
	return rc == 0 ? 0 : -1;
}

/* run_tool_shown without a view: what the tool said only at the end. */
static int
run_tool(const char *const argv[], const char *what)
{
	return run_tool_shown(argv, what, NULL);
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
    const struct iso_graft *grafts, size_t n, struct tool_view *view)
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
	rc = run_tool_shown(argv, "mastering the ISO", view);
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
	struct tool_view view = tool_view_now();
	int talk = view.raw || view.meter;

	if (!path_exists(hdpfx)) {
		log_error("%s: missing syslinux isohdpfx.bin (Debian: "
		    "isolinux; Fedora/EL: syslinux)", hdpfx);
		return -1;
	}
	iso_date(id->epoch, date);
	snprintf(moddate, sizeof(moddate), "--modification-date=%s", date);
	const char *rest[] = { "-o", out, "-V", id->label, "-A", id->title,
	    "-r", "-J", "-joliet-long",
	    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
	    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
	    "-isohybrid-mbr", hdpfx, moddate, "--set_all_file_dates", date,
	    "-graft-points" };
	const char *argv[MAX_ARGS] = { xorriso };
	size_t a = 1;

	/* Its own progress (UPDATE lines, every 0.5 s) for the meter or -v;
	 * else -quiet, and nothing is said unless it fails. */
	if (talk) {
		argv[a++] = "-pacifier";
		argv[a++] = "interval=0.5";
	}
	argv[a++] = "-as";
	argv[a++] = "mkisofs";
	if (!talk)
		argv[a++] = "-quiet";
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		argv[a++] = rest[i];
	argv[a] = NULL;
	return run_master(argv, dir, grafts, n, &view);
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
	if (run_master(argv, dir, grafts, n, NULL) != 0)
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
