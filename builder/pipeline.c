/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pipeline.c: the front half of `xeninfn build` and `xeninfn pxe`
 * (pipeline.h): preflight, the output directory, fetch, RPM intake, the
 * signal checks between steps and the atomic publish under OUTDIR's lock.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-cache.h"
#include "helpers.h"
#include "pipeline.h"
#include "settings.h"
#include "tree.h"

void
pipeline_init(struct pipeline *pl, const struct profile *p,
    const char *outdir, const char *cache, int need_rpms)
{
	memset(pl, 0, sizeof(*pl));
	pl->profile = p;
	pl->outdir = outdir;
	pl->cache = cache;
	pl->need_rpms = need_rpms;
	pl->lock_fd = -1;
	settings_of(p, &pl->set);
	clock_gettime(CLOCK_MONOTONIC, &pl->mark);
}

void
pipeline_free(struct pipeline *pl)
{
	pipeline_publish_end(pl);
	free(pl->lock_path);
	free(pl->vtcheck);
	free(pl->tools_rpm);
	media_id_free(&pl->id);
	syslinux_free(&pl->syslinux);
	if (pl->need_rpms)
		rpm_set_free(&pl->rpms);
	tree_free(pl->tree);
	fetcher_free(pl->fetcher);
	memset(pl, 0, sizeof(*pl));
	pl->lock_fd = -1;
}

int
pipeline_step(struct pipeline *pl, const char *name, int rc)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (pl->nsteps < 12) {
		pl->step_name[pl->nsteps] = name;
		pl->step_secs[pl->nsteps++] = (double)(now.tv_sec -
		    pl->mark.tv_sec) + (now.tv_nsec - pl->mark.tv_nsec) / 1e9;
	}
	pl->mark = now;
	return rc;
}

void
pipeline_print_steps(const struct pipeline *pl)
{
	double total = 0;

	log_debug("steps:");
	for (int i = 0; i < pl->nsteps; i++) {
		log_debug("  %-28s %7.2f s", pl->step_name[i],
		    pl->step_secs[i]);
		total += pl->step_secs[i];
	}
	log_debug("  %-28s %7.2f s", "total", total);
}

int
pipeline_interrupted(void)
{
	if (!signal_caught())
		return 0;
	log_error("interrupted: nothing in the output directory was changed");
	return -1;
}

/* ---- preflight ---- */

/* 0 if the local file or directory (want_dir) that one item of key names
 * exists; a URL other than file:// is left to the fetch.  -1 after a
 * message that names the key. */
static int
check_local_item(const char *key, const char *item, int want_dir)
{
	struct stat st;
	char *path;
	int rc = 0;

	if (strstr(item, "://") != NULL && strncasecmp(item, "file:", 5) != 0)
		return 0;
	if ((path = strncasecmp(item, "file:", 5) == 0 ?
	    file_url_path(item) : xstrdup(item)) == NULL)
		return -1;
	if (stat(path, &st) != 0) {
		log_errno("%s: %s", key, item);
		rc = -1;
	} else if (want_dir && !S_ISDIR(st.st_mode)) {
		log_error("%s: %s: not a directory", key, item);
		rc = -1;
	} else if (!want_dir && !S_ISREG(st.st_mode)) {
		log_error("%s: %s: not a file", key, item);
		rc = -1;
	}
	free(path);
	return rc;
}

/* The local paths of the profile (tree.url and xen.rpms as file:// or
 * paths, the key files, the CA file, the site templates) all exist: each
 * one that does not is said, so a first run shows every such mistake at
 * once.  xen.rpms and xen.gpg_keys only when the run takes the RPMs.
 * 0 or -1. */
static int
check_local_paths(const struct settings *s, int need_rpms)
{
	const struct { const char *key, *value; int dir, list; } keys[] = {
		{ "tree.url", s->tree.url, 1, 0 },
		{ "xen.rpms", need_rpms ? s->xen.rpms : "", 1, 0 },
		{ "xen.gpg_keys", need_rpms ? s->xen.gpg_keys : "", 0, 1 },
		{ "fetch.ca_file", s->fetch.ca_file ? s->fetch.ca_file : "",
		    0, 0 },
		{ "kickstart.template_dir", s->kickstart.template_dir, 1, 0 },
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *v = xstrdup(keys[i].value), *save = NULL;

		for (char *t = strtok_r(v, keys[i].list ? ", " : "", &save);
		    t != NULL; t = strtok_r(NULL, keys[i].list ? ", " : "",
		    &save))
			if (check_local_item(keys[i].key, t, keys[i].dir) != 0)
				rc = -1;
		free(v);
	}
	return rc;
}

/* OUTDIR is a writable directory, or one that mkdir could make (its
 * nearest existing parent is writable), without making it.  0, or -1
 * after a message. */
static int
check_outdir(const char *dir)
{
	char *d = xstrdup(dir), *slash;
	struct stat st;
	int rc = -1;

	while (stat(d, &st) != 0 && (slash = strrchr(d, '/')) != NULL &&
	    slash != d)
		*slash = '\0';
	if (stat(d, &st) != 0 && strchr(d, '/') == NULL)
		strcpy(d, ".");		/* a relative name: the cwd */
	if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode))
		log_error("%s: not a directory (choose another -o)", d);
	else if (access(d, W_OK | X_OK) != 0)
		log_errno("%s: cannot write (choose another -o)", d);
	else
		rc = 0;
	free(d);
	return rc;
}

int
pipeline_preflight(struct pipeline *pl, int make_outdir)
{
	int rc = 0;

	if (check_local_paths(&pl->set, pl->need_rpms) != 0)
		rc = -1;
	if (make_outdir ? pipeline_prepare_outdir(pl) != 0 :
	    check_outdir(pl->outdir) != 0)
		rc = -1;
	if (syslinux_find(&pl->syslinux) != 0)
		rc = -1;
	if ((pl->vtcheck = helper_vtcheck_path()) == NULL)
		rc = -1;
	if (pl->need_rpms &&
	    (pl->tools_rpm = helper_tools_rpm_path()) == NULL)
		rc = -1;
	if (media_id_init(&pl->id, &pl->set) != 0)
		rc = -1;
	return rc;
}

/* ---- the output directory: its lock and the leftovers of dead runs ---- */

/* The process id in the name of a temporary of a build (".NAME.tmp-PID-N"
 * from tmp_name_for, NAME an ISO, SHA256SUMS or manifest.json, or itself
 * such a temporary), or 0 if name is not one: nothing else in OUTDIR is
 * ever taken for a leftover. */
static long
tmp_pid(const char *name)
{
	const char *t = NULL, *p = name;
	char *end, *base;
	size_t n;
	long pid;
	int ours;

	while ((p = strstr(p, ".tmp-")) != NULL)
		t = p++;
	if (name[0] != '.' || t == NULL)
		return 0;
	pid = strtol(t + 5, &end, 10);
	if (end == t + 5 || *end != '-' || pid <= 0 ||
	    strspn(end + 1, "0123456789") != strlen(end + 1) || !end[1])
		return 0;
	base = xstrndup(name + 1, (size_t)(t - name - 1));
	n = strlen(base);
	ours = strcmp(base, "SHA256SUMS") == 0 ||
	    strcmp(base, "manifest.json") == 0 ||
	    (n > 4 && strcmp(base + n - 4, ".iso") == 0) ||
	    tmp_pid(base) == pid;
	free(base);
	return ours ? pid : 0;
}

/* 1 if pid is this process or another that runs (or may: EPERM). */
static int
pid_running(long pid)
{
	return pid == (long)getpid() || kill((pid_t)pid, 0) == 0 ||
	    errno != ESRCH;
}

/* Removes (when remove is set) the temporaries in OUTDIR of builds that
 * no longer run, a SIGKILL'd build's staging tree and ISO, saying so for
 * each.  Returns how many there were. */
static int
leftovers(const char *outdir, int remove)
{
	DIR *d = opendir(outdir);
	struct dirent *e;
	long pid;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if ((pid = tmp_pid(e->d_name)) == 0 || pid_running(pid))
			continue;
		n++;
		if (!remove)
			continue;
		char *path = path_join(outdir, e->d_name);
		if (remove_tree(path) == 0)
			log_info("removed %s: left by a build (PID %ld) that "
			    "no longer runs", path, pid);
		free(path);
	}
	closedir(d);
	return n;
}

/* Takes OUTDIR's lock, waiting (and saying so) while another run holds
 * it, then removes what dead runs left.  0, or -1 after a message. */
static int
outdir_lock(struct pipeline *pl)
{
	char *busy = xasprintf("waiting for the output directory %s: another "
	    "xeninfn build is publishing into it", pl->outdir);

	if (pl->lock_path == NULL)
		pl->lock_path = path_join(pl->outdir, PIPELINE_LOCK);
	pl->lock_fd = lock_wait(pl->lock_path, busy);
	free(busy);
	if (pl->lock_fd < 0)
		return -1;
	leftovers(pl->outdir, 1);
	return 0;
}

/* Lets go of OUTDIR's lock (and removes its file) if it is held. */
static void
outdir_unlock(struct pipeline *pl)
{
	lock_release(pl->lock_path, pl->lock_fd);
	pl->lock_fd = -1;
}

int
pipeline_prepare_outdir(struct pipeline *pl)
{
	const char *dir = pl->outdir;
	struct stat st;

	if (mkdirs(dir, 0755) != 0) {
		log_error("choose another output directory (-o)");
		return -1;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		log_error("%s: not a directory (choose another -o)", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		log_errno("%s: cannot write the output directory (choose "
		    "another -o, or fix its permissions)", dir);
		return -1;
	}
	/* OUTDIR is locked only when there are leftovers: a run refused
	 * early leaves no lock file behind. */
	if (leftovers(dir, 0) == 0)
		return 0;
	if (outdir_lock(pl) != 0)
		return -1;
	outdir_unlock(pl);
	return 0;
}

/* ---- fetch and RPM intake ---- */

int
pipeline_fetch(struct pipeline *pl)
{
	struct fetch_opts fo;

	fetch_opts_init(&fo, &pl->set.fetch, pl->cache);
	if ((pl->fetcher = fetcher_new(&fo)) == NULL)
		return -1;
	if ((pl->tree = tree_open_for(&pl->set.tree, pl->fetcher,
	    pl->need_packages ? TREE_PACKAGES : 0)) == NULL)
		return -1;
	return pipeline_interrupted();
}

int
pipeline_rpms(struct pipeline *pl)
{
	if (!pl->need_rpms)
		return 0;
	if (rpms_collect(&pl->set.xen, pl->fetcher, pl->tools_rpm,
	    &pl->rpms) != 0)
		return -1;
	return pipeline_interrupted();
}

/* ---- publish ---- */

int
pipeline_publish_begin(struct pipeline *pl)
{
	if (pipeline_interrupted() != 0 || outdir_lock(pl) != 0 ||
	    pipeline_interrupted() != 0)
		return -1;
	return 0;
}

int
pipeline_publish(struct pipeline *pl, char **tmp, const char *final)
{
	(void)pl;
	signals_hold(1);	/* the renames of one publish go together */
	if (rename_durable(*tmp, final) != 0)
		return -1;
	free(*tmp);
	*tmp = NULL;
	return 0;
}

void
pipeline_publish_end(struct pipeline *pl)
{
	signals_hold(0);
	if (pl->lock_path != NULL)
		outdir_unlock(pl);
}
