/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-build.c: `xeninfn build`, the whole pipeline (its front half,
 * preflight to RPM intake, and the publish are pipeline.c):
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
#include <errno.h>
#include <time.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "fetch.h"
#include "kickstart.h"
#include "manifest.h"
#include "media-id.h"
#include "pipeline.h"
#include "stage.h"
#include "syslinux.h"
#include "rpm.h"
#include "settings.h"
#include "tree.h"

struct build {
	struct profile_args	 pa;
	const char		*outdir;
	const char		*cache;
	struct profile		*profile;
	struct pipeline		 pl;		/* the front half, publish */
	char			*kickstart;
	char			*ks_sha256;
	char			*stage;		/* temporary staging tree */
	char			*iso_tmp;	/* mastered, not yet in place */
	char			*sums_tmp;
	char			*manifest_tmp;
	char			*iso_sha256;
	int			 keep_old;	/* --keep-old */
	int			 dry_run;	/* --dry-run */
	time_t			 start;
};

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

	return cmd_no_operands(cmd_getopt(argc, argv, "o:n", longopts, &b->pa,
	    build_opt, b, usage), argc, argv);
}

static char *previous_iso(struct build *);

/* --dry-run: what the build would fetch and make, on stdout. */
static void
print_plan(struct build *b)
{
	char *cache = b->cache ? xstrdup(b->cache) : fetch_default_cache_dir();
	char *old = previous_iso(b);
	const struct settings *s = &b->pl.set;
	const char *rpms = s->xen.rpms, *keys = s->xen.gpg_keys;

	printf("Would fetch (into the cache %s, verified):\n"
	    "  the tree     %s: .treeinfo/.discinfo, images/pxeboot/vmlinuz "
	    "and\n               initrd.img, the repodata and comps for "
	    "the package check\n"
	    "  Xen RPMs     %s (xen, xen-libs, xen-devel), signed by %s\n"
	    "Would carry:\n  %s\n  %s\n"
	    "Would make in %s:\n  %s (volume id %s), SHA256SUMS, "
	    "manifest.json\n",
	    cache, s->tree.url, *rpms ? rpms : "(xen.rpms is not set)",
	    *keys ? keys : (s->xen.allow_unsigned ?
	    "anyone (xen.allow_unsigned)" : "(xen.gpg_keys is not set)"),
	    b->pl.vtcheck, b->pl.tools_rpm, b->outdir, b->pl.id.iso_name,
	    b->pl.id.label);
	if (old != NULL)
		printf("  and %s the previous build's %s\n", b->keep_old ?
		    "keep as NAME.old" : "remove", old);
	printf("The kickstart: `xeninfn render` with the same -p and -s "
	    "prints it.\n");
	free(old);
	free(cache);
}

/* Renders the kickstart and refuses media whose kickstart fails the
 * RHEL 5.1 check or names packages that no repository holds. */
static int
make_kickstart(struct build *b)
{
	struct ks_context ctx = { "cdrom", b->pl.set.kickstart.repo_url,
	    NULL };
	struct ks_report report = { 0, 0 };
	char *keys;

	kickstart_warnings(b->profile);
	if ((keys = sshkeys_load(b->profile, b->pl.fetcher)) == NULL)
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
	if (kickstart_check_packages(b->kickstart, b->pl.tree, b->pl.fetcher,
	    &b->pl.rpms) != 0 ||
	    kickstart_check_kernel_xen(b->profile, b->pl.tree,
	    b->pl.fetcher) != 0)
		return -1;
	b->ks_sha256 = digest_buf_hex(DIGEST_SHA256, b->kickstart,
	    strlen(b->kickstart));
	return 0;
}

/* "HASH  NAME\n" for the ISO, as sha256sum -c reads it. */
static int
write_sums(struct build *b, const char *iso_sha)
{
	char *text = xasprintf("%s  %s\n", iso_sha, b->pl.id.iso_name);
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
		{ b->pl.id.iso_name, iso_sha, iso_size },
	};
	char *json, *final;
	int rc;

	if (syslinux_digest(&b->pl.syslinux) != 0 ||
	    (json = manifest_json(b->profile, b->pl.tree, &b->pl.rpms,
	    &b->pl.syslinux, &b->pl.id, b->ks_sha256, out, 1)) == NULL)
		return -1;
	final = path_join(b->outdir, "manifest.json");
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
		    strcmp(name, b->pl.id.iso_name) == 0) {
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
	const char *name = old != NULL ? old : b->pl.id.iso_name;
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
	    b->pl.id.iso_name, (long long)(time(NULL) - b->start), iso, size,
	    size / 1048576.0, b->iso_sha256, sums, b->outdir, man, iso, iso,
	    iso, iso);
	fflush(stdout);
}

/* Renames the three outputs into place, ISO first: from here on OUTDIR
 * holds exactly one ISO, its SHA256SUMS and its manifest. */
static int
publish(struct build *b)
{
	char *iso = path_join(b->outdir, b->pl.id.iso_name);
	char *sums = path_join(b->outdir, "SHA256SUMS");
	char *man = path_join(b->outdir, "manifest.json");
	char *old = NULL;
	int rc = -1;

	if (pipeline_publish_begin(&b->pl) != 0)
		goto out;
	old = previous_iso(b);
	if (b->keep_old && keep_previous(b, old) != 0)
		goto out;
	if (pipeline_publish(&b->pl, &b->iso_tmp, iso) != 0 ||
	    pipeline_publish(&b->pl, &b->sums_tmp, sums) != 0 ||
	    pipeline_publish(&b->pl, &b->manifest_tmp, man) != 0)
		goto out;
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
	pipeline_publish_end(&b->pl);
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
	char *final = path_join(b->outdir, b->pl.id.iso_name), *sha = NULL;
	struct stage_input in = { b->profile, b->pl.tree, &b->pl.rpms,
	    b->kickstart, b->pl.vtcheck, &b->pl.syslinux, &b->pl.id };
	struct iso_graft grafts[STAGE_NGRAFTS];
	struct stat st;
	int rc = -1;

	b->stage = tmp_name_for(final);
	log_info("staging the media and its repository");
	if (mkdirs(b->stage, 0755) != 0 || pipeline_step(&b->pl, "stage, repository",
	    stage_media(b->stage, &in, grafts)) != 0)
		goto out;
	if (pipeline_interrupted() != 0)
		goto out;
	log_info("mastering %s", b->pl.id.iso_name);
	b->iso_tmp = iso_master(b->stage, grafts, STAGE_NGRAFTS, final,
	    &b->pl.id);
	if (pipeline_step(&b->pl, "master, implant MD5", b->iso_tmp ? 0 : -1) != 0)
		goto out;
	if (pipeline_interrupted() != 0)
		goto out;
	if ((sha = digest_file_hex(DIGEST_SHA256, b->iso_tmp)) == NULL ||
	    stat(b->iso_tmp, &st) != 0)
		goto out;
	log_info("checksums and manifest");
	if (write_sums(b, sha) != 0 ||
	    write_manifest(b, sha, (long long)st.st_size) != 0)
		goto out;
	pipeline_step(&b->pl, "sha256, SHA256SUMS, manifest", 0);
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
	free(b->stage);
	free(b->kickstart);
	free(b->ks_sha256);
	free(b->iso_sha256);
	pipeline_free(&b->pl);
	profile_free(b->profile);
	profile_args_free(&b->pa);
}

int
cmd_build(int argc, char **argv)
{
	struct build b;
	int rc = EXIT_WORK, r;

	memset(&b, 0, sizeof(b));
	b.outdir = ".";
	b.start = time(NULL);
	if ((r = parse_args(&b, argc, argv)) != 0) {
		profile_args_free(&b.pa);
		return r > 0 ? 0 : EXIT_USAGE;
	}
	signals_catch();
	if ((b.profile = profile_from_args(&b.pa)) == NULL)
		goto out;
	pipeline_init(&b.pl, b.profile, b.outdir, b.cache, 1);
	b.pl.need_packages = 1;	/* kickstart_check_packages */
	if (pipeline_step(&b.pl, "profile and preflight",
	    pipeline_preflight(&b.pl, !b.dry_run)) != 0)
		goto out;
	if (b.dry_run) {
		print_plan(&b);
		rc = 0;
		goto out;
	}
	if (pipeline_step(&b.pl, "fetch the tree", pipeline_fetch(&b.pl)) !=
	    0 || pipeline_step(&b.pl, "RPM intake", pipeline_rpms(&b.pl)) != 0)
		goto out;
	if (pipeline_step(&b.pl, "kickstart and its check",
	    make_kickstart(&b)) != 0 || make_media(&b) != 0 ||
	    pipeline_step(&b.pl, "publish", publish(&b)) != 0)
		goto out;
	pipeline_print_steps(&b.pl);
	rc = 0;
out:
	cleanup(&b);
	return signal_exit_code(rc);
}
