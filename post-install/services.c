/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turn SysV services on or off under --root the way `chkconfig NAME on|off`
 * does, without running chkconfig (which would act on the installer's own
 * root, not the target's): read the "# chkconfig: LEVELS START STOP" header
 * of etc/rc.d/init.d/NAME and make etc/rc.d/rcN.d hold exactly one link
 * for NAME in each runlevel, SSSname for the levels it runs in and KSSname
 * for the others.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom0setup.h"

#define INITD		"etc/rc.d/init.d"
#define HEADER_LINES	64	/* the header sits near the top */

/* The chkconfig header of one init script. */
struct chk_header {
	char	levels[8];	/* default runlevels, "2345", or "" for "-" */
	int	start;
	int	stop;
};

/*
 * Read the "# chkconfig:" header of INITD/name.  Returns 1 when found, 0
 * when the script does not exist, -1 after a message (unreadable, no or
 * malformed header).
 */
static int
read_header(const struct edit_ctx *ctx, const char *name,
    struct chk_header *h)
{
	struct buf b;
	char *rel = NULL, *path = NULL, *line, *next, lv[16];
	int found, lineno = 0, rc = -1;

	if ((found = read_relf(ctx, &b, &rel, &path, NULL, INITD "/%s", name)) == -1)
		goto out;
	if (!found) {
		rc = 0;
		goto out;
	}
	for (line = b.data; line && *line && lineno < HEADER_LINES;
	    line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, "# chkconfig:", 12) != 0)
			continue;
		if (sscanf(line + 12, "%15s %d %d", lv, &h->start, &h->stop)
		    != 3 || h->start < 0 || h->start > 99 || h->stop < 0 ||
		    h->stop > 99 || (strcmp(lv, "-") != 0 &&
		    strspn(lv, "0123456") != strlen(lv)) || strlen(lv) > 7) {
			pi_err("%s:%d: malformed chkconfig header; expected "
			    "\"# chkconfig: 2345 NN NN\"", path, lineno);
			goto out;
		}
		/* strlen(lv) <= 7 was checked above. */
		memcpy(h->levels, strcmp(lv, "-") == 0 ? "" : lv,
		    strcmp(lv, "-") == 0 ? 1 : strlen(lv) + 1);
		rc = 1;
		goto out;
	}
	pi_err("%s: no \"# chkconfig:\" header in the first %d lines; "
	    "cannot tell its runlevels", path, HEADER_LINES);
out:
	buf_free(&b);
	free(rel);
	free(path);
	return rc;
}

/* Is ent "S" or "K", two digits, then name?  Returns 1 or 0. */
static int
is_link_of(const char *ent, const char *name)
{
	return (ent[0] == 'S' || ent[0] == 'K') &&
	    ent[1] >= '0' && ent[1] <= '9' && ent[2] >= '0' && ent[2] <= '9' &&
	    strcmp(ent + 3, name) == 0;
}

/*
 * Make rc.d/rcLEVEL.d hold the one link keep (and no other link for
 * name).  Returns 0, or -1 after a message.
 */
static int
fix_level(struct edit_ctx *ctx, int level, const char *name,
    const char *keep)
{
	char dir[32], *rel = NULL, *path = NULL, target[MAX_SERVICE_NAME + 16];
	struct dirent *de;
	DIR *d = NULL;
	int rc = -1;

	snprintf(dir, sizeof(dir), "etc/rc.d/rc%d.d", level);
	snprintf(target, sizeof(target), "../init.d/%s", name);
	if ((path = root_path(ctx, dir)) == NULL)
		goto out;
	if (!ctx->dry_run && mkdir(path, 0755) == -1 && errno != EEXIST) {
		pi_err("%s: %s", path, strerror(errno));
		goto out;
	}
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (!is_link_of(de->d_name, name) ||
			    strcmp(de->d_name, keep) == 0)
				continue;
			free(rel);
			if (asprintf(&rel, "%s/%s", dir, de->d_name) == -1) {
				rel = NULL;
				goto out;
			}
			if (ensure_absent(ctx, rel) == -1)
				goto out;
		}
	}
	free(rel);
	if (asprintf(&rel, "%s/%s", dir, keep) == -1) {
		rel = NULL;
		goto out;
	}
	rc = ensure_symlink(ctx, rel, target);
out:
	if (d != NULL)
		closedir(d);
	free(rel);
	free(path);
	return rc;
}

/*
 * Turn service name on (its header's runlevels) or off (all runlevels).
 * A missing init script is an error when required, else nothing is done.
 * Returns 0, or -1 after a message.
 */
int
service_set(struct edit_ctx *ctx, const char *name, int on, int required)
{
	struct chk_header h;
	char link[MAX_SERVICE_NAME + 8];
	int level, found;

	if ((found = read_header(ctx, name, &h)) == -1)
		return -1;
	if (found == 0) {
		if (!required)
			return 0;
		pi_err("%s/" INITD "/%s: no such init script; install the "
		    "package of service %s first", ctx->root, name, name);
		return -1;
	}
	for (level = 0; level <= 6; level++) {
		int start = on && strchr(h.levels, '0' + level) != NULL;
		snprintf(link, sizeof(link), "%c%02d%s", start ? 'S' : 'K',
		    start ? h.start : h.stop, name);
		if (fix_level(ctx, level, name, link) == -1)
			return -1;
	}
	return 0;
}
