/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-build.c: `xeninfn build`, the whole pipeline:
 *
 *   profile -> fetch tree -> RPM intake -> render kickstart -> check ->
 *   stage -> master -> finish (implant MD5, SHA256SUMS, manifest.json)
 *
 * Memory does not grow with the images: they are copied in fixed-size
 * chunks (or not at all: the kernel goes onto the ISO from the cache).
 *
 * Everything is prepared beside OUTDIR under temporary names; the ISO,
 * SHA256SUMS and manifest.json are renamed into place only once all three
 * exist, so a failed or interrupted build leaves the last good ISO as it
 * was.  No step needs root: no loop mounts, no chroot.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <time.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-cache.h"
#include "kickstart.h"
#include "helpers.h"
#include "manifest.h"
#include "media-id.h"
#include "stage.h"
#include "syslinux.h"
#include "rpm.h"
#include "tree.h"

struct build {
	struct profile_args	 pa;
	const char		*outdir;
	const char		*cache;
	struct profile		*profile;
	struct fetcher		*fetcher;
	struct tree		*tree;
	struct rpm_set		 rpms;
	struct syslinux_set	 syslinux;
	struct media_id		 id;
	char			*kickstart;
	char			*ks_sha256;
	char			*vtcheck;
	char			*tools_rpm;
	char			*stage;		/* temporary staging tree */
	char			*iso_tmp;	/* mastered, not yet in place */
	char			*sums_tmp;
	char			*manifest_tmp;
	char			*iso_sha256;
	int			 keep_old;	/* --keep-old */
	int			 dry_run;	/* --dry-run */
	time_t			 start;
	struct timespec		 mark;		/* the end of the last step */
	const char		*step_name[12];	/* for the -v table */
	double			 step_secs[12];
	int			 nsteps;
	char			*lock_path;	/* OUTDIR's lock file */
	int			 lock_fd;	/* held while publishing */
};

#define OUTDIR_LOCK	".xeninfn.lock"

/* Ends the step called name: notes its time for the table of -v.  Returns
 * rc, so that it can wrap a step's result. */
static int
step_done(struct build *b, const char *name, int rc)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (b->nsteps < 12) {
		b->step_name[b->nsteps] = name;
		b->step_secs[b->nsteps++] = (double)(now.tv_sec -
		    b->mark.tv_sec) + (now.tv_nsec - b->mark.tv_nsec) / 1e9;
	}
	b->mark = now;
	return rc;
}

/* With -v: each step and its time, after a successful build. */
static void
print_steps(const struct build *b)
{
	double total = 0;

	log_debug("steps:");
	for (int i = 0; i < b->nsteps; i++) {
		log_debug("  %-28s %7.2f s", b->step_name[i], b->step_secs[i]);
		total += b->step_secs[i];
	}
	log_debug("  %-28s %7.2f s", "total", total);
}

/* 0, or -1 with a message when a signal asked us to stop. */
static int
check_interrupted(void)
{
	if (!signal_caught())
		return 0;
	log_error("interrupted: nothing in the output directory was changed");
	return -1;
}

/* Prints the usage of build to f. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn build [OPTION]...\n"
	    "Makes the network-install ISO, its SHA256SUMS and manifest.json "
	    "in OUTDIR.\nOUTDIR keeps exactly one ISO: the previous build's "
	    "is removed (and said so).\n\nOptions:\n"
	    "  -o, --output=DIR       write the ISO into DIR (default: .)\n"
	    "      --cache=DIR        the download cache (default:\n"
	    "                           $XDG_CACHE_HOME/xeninfn)\n"
	    "      --keep-old         keep the previous build's ISO as "
	    "NAME.iso.old (not an\n"
	    "                           *.iso, not in SHA256SUMS) instead of "
	    "removing it\n"
	    "      --repin            take a tree's changed kernel or initrd "
	    "and pin it anew\n"
	    "                           (as -s tree.repin=yes; docs/fetch.md, "
	    "Pins)\n"
	    "  -n, --dry-run          check everything local and say what would "
	    "be fetched\n"
	    "                           and made; fetch, write and change "
	    "nothing\n"
	    COMMON_USAGE EXIT_STATUS_USAGE);
}

/* One option of build's own; 0, or -1 if it is not one. */
static int
build_opt(int c, const char *arg, void *ctx)
{
	struct build *b = ctx;

	switch (c) {
	case 'o':
		b->outdir = arg;
		return 0;
	case 'C':
		b->cache = arg;
		return 0;
	case 'K':
		b->keep_old = 1;
		return 0;
	case 'n':
		b->dry_run = 1;
		return 0;
	case 'R':
		profile_args_add_set(&b->pa, "tree.repin=yes");
		return 0;
	}
	return -1;
}

/* Parses argv into b; returns 0, 1 for --help, or -1 on a usage error. */
static int
parse_args(struct build *b, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", 1, NULL, 'o' },
		{ "cache", 1, NULL, 'C' },
		{ "keep-old", 0, NULL, 'K' },
		{ "dry-run", 0, NULL, 'n' },
		{ "repin", 0, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	int r = cmd_getopt(argc, argv, "o:n", longopts, &b->pa, build_opt, b,
	    usage);

	if (r != 0)
		return r;
	if (optind != argc) {
		log_usage("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

/* The output directory exists (made if needed) and can be written. */
static int
prepare_outdir(const char *dir)
{
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
	return 0;
}

/* --dry-run: OUTDIR is a writable directory, or one that mkdir could
 * make (its nearest existing parent is writable).  0, or -1 after a
 * message. */
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

static char *previous_iso(struct build *);

/* --dry-run: what the build would fetch and make, on stdout. */
static void
print_plan(struct build *b)
{
	char *cache = b->cache ? xstrdup(b->cache) : fetch_default_cache_dir();
	char *old = previous_iso(b);
	const char *rpms = profile_get(b->profile, "xen.rpms");
	const char *keys = profile_get(b->profile, "xen.gpg_keys");

	printf("Would fetch (into the cache %s, verified):\n"
	    "  the tree     %s: .treeinfo/.discinfo, images/pxeboot/vmlinuz "
	    "and\n               initrd.img, the repodata and comps for "
	    "the package check\n"
	    "  Xen RPMs     %s (xen, xen-libs, xen-devel), signed by %s\n"
	    "Would carry:\n  %s\n  %s\n"
	    "Would make in %s:\n  %s (volume id %s), SHA256SUMS, "
	    "manifest.json\n",
	    cache, profile_get(b->profile, "tree.url"),
	    *rpms ? rpms : "(xen.rpms is not set)",
	    *keys ? keys : (profile_get_bool(b->profile, "xen.allow_unsigned") ?
	    "anyone (xen.allow_unsigned)" : "(xen.gpg_keys is not set)"),
	    b->vtcheck, b->tools_rpm, b->outdir, b->id.iso_name, b->id.label);
	if (old != NULL)
		printf("  and %s the previous build's %s\n", b->keep_old ?
		    "keep as NAME.old" : "remove", old);
	printf("The kickstart: `xeninfn render` with the same -p and -s "
	    "prints it.\n");
	free(old);
	free(cache);
}

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
 * once.  0 or -1. */
static int
check_local_paths(const struct profile *p)
{
	static const struct { const char *key; int dir, list; } keys[] = {
		{ "tree.url", 1, 0 }, { "xen.rpms", 1, 0 },
		{ "xen.gpg_keys", 0, 1 }, { "fetch.ca_file", 0, 0 },
		{ "kickstart.template_dir", 1, 0 },
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *v = xstrdup(profile_get(p, keys[i].key)), *save = NULL;

		for (char *t = strtok_r(v, keys[i].list ? ", " : "", &save);
		    t != NULL; t = strtok_r(NULL, keys[i].list ? ", " : "",
		    &save))
			if (check_local_item(keys[i].key, t, keys[i].dir) != 0)
				rc = -1;
		free(v);
	}
	return rc;
}

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

/* Takes OUTDIR's lock, waiting (and saying so) while another build holds
 * it, then removes what dead builds left.  0, or -1 after a message. */
static int
outdir_lock(struct build *b)
{
	char *busy = xasprintf("waiting for the output directory %s: another "
	    "xeninfn build is publishing into it", b->outdir);

	if (b->lock_path == NULL)
		b->lock_path = path_join(b->outdir, OUTDIR_LOCK);
	b->lock_fd = lock_wait(b->lock_path, busy);
	free(busy);
	if (b->lock_fd < 0)
		return -1;
	leftovers(b->outdir, 1);
	return 0;
}

/* Lets go of OUTDIR's lock (and removes its file) if it is held. */
static void
outdir_unlock(struct build *b)
{
	lock_release(b->lock_path, b->lock_fd);
	b->lock_fd = -1;
}

/* Removes the leftovers of dead builds before this one adds its own;
 * OUTDIR is locked only when there are some (a build refused early leaves
 * no lock file behind).  0, or -1 after a message. */
static int
clean_outdir(struct build *b)
{
	if (leftovers(b->outdir, 0) == 0)
		return 0;
	if (outdir_lock(b) != 0)
		return -1;
	outdir_unlock(b);
	return 0;
}

/* Everything that can be checked before a byte is downloaded; every
 * problem is said, not only the first. */
static int
preflight(struct build *b)
{
	int rc = 0;

	if (check_local_paths(b->profile) != 0)
		rc = -1;
	if (b->dry_run ? check_outdir(b->outdir) != 0 :
	    prepare_outdir(b->outdir) != 0 || clean_outdir(b) != 0)
		rc = -1;
	if (syslinux_find(&b->syslinux) != 0)
		rc = -1;
	if ((b->vtcheck = helper_vtcheck_path()) == NULL)
		rc = -1;
	if ((b->tools_rpm = helper_tools_rpm_path()) == NULL)
		rc = -1;
	if (media_id_init(&b->id, b->profile) != 0)
		rc = -1;
	return rc;
}

/* Renders the kickstart and refuses media whose kickstart fails the
 * RHEL 5.1 check or names packages that no repository holds. */
static int
make_kickstart(struct build *b)
{
	const char *repo = profile_get(b->profile, "repo.url");
	struct ks_context ctx = { "cdrom", *repo ? repo : NULL, NULL };
	struct ks_report report = { 0, 0 };

	char *keys;

	kickstart_warnings(b->profile);
	if ((keys = sshkeys_load(b->profile, b->fetcher)) == NULL)
		return -1;
	b->kickstart = kickstart_render_keys(b->profile, &ctx, keys);
	free(keys);
	if (b->kickstart == NULL)
		return -1;
	if (kickstart_check("ks.cfg", b->kickstart, &report) != 0) {
		log_error("the rendered kickstart fails the RHEL 5.1 check "
		    "(%d errors): fix the profile or the site templates; "
		    "`xeninfn render` shows it", report.errors);
		return -1;
	}
	if (kickstart_check_packages(b->kickstart, b->tree, b->fetcher,
	    &b->rpms) != 0 ||
	    kickstart_check_kernel_xen(b->profile, b->tree, b->fetcher) != 0)
		return -1;
	b->ks_sha256 = digest_buf_hex(DIGEST_SHA256, b->kickstart,
	    strlen(b->kickstart));
	return 0;
}

/* "HASH  NAME\n" for the ISO, as sha256sum -c reads it. */
static int
write_sums(struct build *b, const char *iso_sha)
{
	char *text = xasprintf("%s  %s\n", iso_sha, b->id.iso_name);
	char *final = path_join(b->outdir, "SHA256SUMS");
	int rc;

	b->sums_tmp = tmp_name_for(final);
	rc = write_file_atomic(b->sums_tmp, text, strlen(text), 0644);
	free(final);
	free(text);
	return rc;
}

static int
write_manifest(struct build *b, const char *iso_sha, long long iso_size)
{
	/* Only what OUTDIR holds; the kickstart is on the ISO and its
	 * sha256 is kickstart_sha256. */
	struct manifest_output out[] = {
		{ b->id.iso_name, iso_sha, iso_size },
	};
	char *json = manifest_json(b->profile, b->tree, &b->rpms,
	    &b->syslinux, &b->id, b->ks_sha256, out, 1);
	char *final = path_join(b->outdir, "manifest.json");
	int rc;

	b->manifest_tmp = tmp_name_for(final);
	rc = write_file_atomic(b->manifest_tmp, json, strlen(json), 0644);
	free(final);
	free(json);
	return rc;
}

/* The ISO the previous build left, as its SHA256SUMS names it, unless it
 * is the one we are about to write (caller frees), or NULL. */
static char *
previous_iso(struct build *b)
{
	char *path = path_join(b->outdir, "SHA256SUMS"), *name = NULL;
	struct buf text = BUF_INIT;
	const char *sp;

	if (access(path, F_OK) == 0 && read_file(path, 4096, &text) == 0 &&
	    (sp = strstr(text.data, "  ")) != NULL) {
		name = xstrndup(sp + 2, strcspn(sp + 2, "\n"));
		if (!path_is_safe(name) || strchr(name, '/') != NULL ||
		    strcmp(name, b->id.iso_name) == 0) {
			free(name);
			name = NULL;
		}
	}
	buf_free(&text);
	free(path);
	return name;
}

/* --keep-old: the previous build's ISO (old, or one of the name about to
 * be written) stays as NAME.old, a hard link made before the new ISO is
 * renamed in, so OUTDIR still holds one *.iso.  0, or -1 after a message.
 */
static int
keep_previous(struct build *b, const char *old)
{
	const char *name = old != NULL ? old : b->id.iso_name;
	char *path = path_join(b->outdir, name);
	char *kept = xasprintf("%s.old", path);
	int rc = -1;

	if (access(path, F_OK) != 0) {
		rc = 0;
		goto out;
	}
	if (unlink(kept) != 0 && errno != ENOENT) {
		log_errno("%s: cannot replace it", kept);
		goto out;
	}
	if (link(path, kept) != 0) {
		log_errno("%s: cannot keep the previous ISO as %s", path, kept);
		goto out;
	}
	log_info("kept the previous build's ISO as %s (not in SHA256SUMS)",
	    kept);
	rc = 0;
out:
	free(path);
	free(kept);
	return rc;
}

/* Prints what the build made and how to use it, on stdout (not with -q).
 */
static void
print_summary(const struct build *b, const char *iso, const char *sums,
    const char *man)
{
	struct stat st;
	long long size = stat(iso, &st) == 0 ? (long long)st.st_size : -1;

	if (log_verbosity() < 0)
		return;
	printf("\nBuilt %s in %lld s:\n"
	    "  ISO        %s\n"
	    "  size       %lld bytes (%.1f MiB)\n"
	    "  sha256     %s\n"
	    "  checksums  %s  (check: cd %s && sha256sum -c SHA256SUMS)\n"
	    "  manifest   %s  (every input, its URL and checksum)\n\n"
	    "Write it to a USB stick (everything on the stick is lost; find "
	    "it with lsblk):\n"
	    "  sudo dd if=%s of=/dev/sdX bs=4M conv=fsync status=progress\n"
	    "  (or: sudo cp %s /dev/sdX && sync)\n"
	    "Burn it to a CD:\n"
	    "  xorriso -as cdrecord -v dev=/dev/sr0 -eject %s\n"
	    "Boot it in qemu (to the installer; README.md shows a whole "
	    "install):\n"
	    "  qemu-system-x86_64 -m 2048 -cpu qemu64,+svm -cdrom %s -boot d\n",
	    b->id.iso_name, (long long)(time(NULL) - b->start), iso, size,
	    size / 1048576.0, b->iso_sha256, sums, b->outdir, man, iso, iso,
	    iso, iso);
	fflush(stdout);
}

/* Renames the three outputs into place, ISO first: from here on OUTDIR
 * holds exactly one ISO, its SHA256SUMS and its manifest. */
static int
publish(struct build *b)
{
	char *iso = path_join(b->outdir, b->id.iso_name);
	char *sums = path_join(b->outdir, "SHA256SUMS");
	char *man = path_join(b->outdir, "manifest.json");
	char *old = NULL;
	int rc = -1;

	if (check_interrupted() != 0 || outdir_lock(b) != 0 ||
	    check_interrupted() != 0)
		goto out;
	old = previous_iso(b);
	if (b->keep_old && keep_previous(b, old) != 0)
		goto out;
	signals_hold(1);	/* the three renames go together */
	if (rename_durable(b->iso_tmp, iso) != 0)
		goto out;
	free(b->iso_tmp);
	b->iso_tmp = NULL;
	if (rename_durable(b->sums_tmp, sums) != 0 ||
	    rename_durable(b->manifest_tmp, man) != 0)
		goto out;
	free(b->sums_tmp);
	free(b->manifest_tmp);
	b->sums_tmp = b->manifest_tmp = NULL;
	if (old != NULL) {
		char *oldpath = path_join(b->outdir, old);
		if (unlink(oldpath) != 0 && errno != ENOENT)
			log_warn("%s: cannot remove the previous ISO",
			    oldpath);
		else if (!b->keep_old)
			log_info("removed the previous build's %s (--keep-old "
			    "keeps it as %s.old)", oldpath, old);
		free(oldpath);
	}
	print_summary(b, iso, sums, man);
	rc = 0;
out:
	signals_hold(0);
	outdir_unlock(b);
	free(old);
	free(iso);
	free(sums);
	free(man);
	return rc;
}

/* Stage, master, checksum; leaves the outputs under temporary names. */
static int
make_media(struct build *b)
{
	char *final = path_join(b->outdir, b->id.iso_name), *sha = NULL;
	struct stage_input in = { b->profile, b->tree, &b->rpms,
	    b->kickstart, b->vtcheck, &b->syslinux, &b->id };
	struct iso_graft grafts[STAGE_NGRAFTS];
	struct stat st;
	int rc = -1;

	b->stage = tmp_name_for(final);
	log_info("staging the media and its repository");
	if (mkdirs(b->stage, 0755) != 0 || step_done(b, "stage, repository",
	    stage_media(b->stage, &in, grafts)) != 0)
		goto out;
	if (check_interrupted() != 0)
		goto out;
	log_info("mastering %s", b->id.iso_name);
	b->iso_tmp = iso_master(b->stage, grafts, STAGE_NGRAFTS, final,
	    &b->id);
	if (step_done(b, "master, implant MD5", b->iso_tmp ? 0 : -1) != 0)
		goto out;
	if (check_interrupted() != 0)
		goto out;
	if ((sha = digest_file_hex(DIGEST_SHA256, b->iso_tmp)) == NULL ||
	    stat(b->iso_tmp, &st) != 0)
		goto out;
	log_info("checksums and manifest");
	if (write_sums(b, sha) != 0 ||
	    write_manifest(b, sha, (long long)st.st_size) != 0)
		goto out;
	step_done(b, "sha256, SHA256SUMS, manifest", 0);
	b->iso_sha256 = sha;
	sha = NULL;
	rc = 0;
out:
	free(sha);
	free(final);
	return rc;
}

/* Removes whatever temporary file or tree is still around. */
static void
cleanup(struct build *b)
{
	char **tmps[] = { &b->iso_tmp, &b->sums_tmp, &b->manifest_tmp };

	if (b->stage != NULL)
		remove_tree(b->stage);
	for (size_t i = 0; i < sizeof(tmps) / sizeof(tmps[0]); i++)
		if (*tmps[i] != NULL)
			unlink(*tmps[i]);
	for (size_t i = 0; i < sizeof(tmps) / sizeof(tmps[0]); i++)
		free(*tmps[i]);
	outdir_unlock(b);
	free(b->lock_path);
	free(b->stage);
	free(b->kickstart);
	free(b->ks_sha256);
	free(b->iso_sha256);
	free(b->vtcheck);
	free(b->tools_rpm);
	media_id_free(&b->id);
	syslinux_free(&b->syslinux);
	rpm_set_free(&b->rpms);
	tree_free(b->tree);
	fetcher_free(b->fetcher);
	profile_free(b->profile);
	profile_args_free(&b->pa);
}

int
cmd_build(int argc, char **argv)
{
	struct build b;
	struct fetch_opts fo;
	int rc = EXIT_WORK, r;

	memset(&b, 0, sizeof(b));
	b.outdir = ".";
	b.start = time(NULL);
	clock_gettime(CLOCK_MONOTONIC, &b.mark);
	b.lock_fd = -1;
	if ((r = parse_args(&b, argc, argv)) != 0) {
		profile_args_free(&b.pa);
		return r > 0 ? 0 : EXIT_USAGE;
	}
	signals_catch();
	if ((b.profile = profile_from_args(&b.pa)) == NULL)
		goto out;
	if (step_done(&b, "profile and preflight", preflight(&b)) != 0)
		goto out;
	if (b.dry_run) {
		print_plan(&b);
		rc = 0;
		goto out;
	}
	fetch_opts_init(&fo, b.profile, b.cache);
	if ((b.fetcher = fetcher_new(&fo)) == NULL)
		goto out;
	if ((b.tree = tree_open(b.profile, b.fetcher)) == NULL ||
	    step_done(&b, "fetch the tree", check_interrupted()) != 0)
		goto out;
	if (step_done(&b, "RPM intake", rpms_collect(b.profile, b.fetcher,
	    b.tools_rpm, &b.rpms)) != 0 || check_interrupted() != 0)
		goto out;
	if (step_done(&b, "kickstart and its check", make_kickstart(&b)) !=
	    0 || make_media(&b) != 0 ||
	    step_done(&b, "publish", publish(&b)) != 0)
		goto out;
	print_steps(&b);
	rc = 0;
out:
	cleanup(&b);
	return signal_exit_code(rc);
}
