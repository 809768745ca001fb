/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe.c: `xeninfn pxe`'s run (pxe.h):
 *
 *   OUTDIR/tftp/pxelinux.0, ldlinux.c32, menu.c32, libutil.c32, libcom32.c32
 *   OUTDIR/tftp/pxelinux.cfg/default, local, 01-<mac> (one per host)
 *   OUTDIR/tftp/<release>/vmlinuz, initrd.img    (e.g. sl51-x86_64/)
 *   OUTDIR/http/ks/default.ks, ks/<hostname>.ks  (one per host)
 *   OUTDIR/http/xeninfn/                         (the XenINFN repository)
 *   OUTDIR/.xeninfn-pxe-manifest                 (what pxe wrote)
 *
 * The run: the front half (preflight, fetch, RPM intake), then every text
 * rendered and checked (pxe-cfg.c, pxe-host.c) before the tree is locked
 * and written; the fixed part of the tree here, the hosts' files by
 * pxe-host.c, stale files removed and the state written by pxe-state.c.
 * New files are renamed into place without an fsync each; one syncfs
 * covers them all before the manifest, the record of what is in place, is
 * written durably.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "xeninfn.h"
#include "paths.h"
#include "fetch.h"
#include "hosttoken.h"
#include "initrd.h"
#include "kickstart.h"
#include "pxe-int.h"
#include "repo.h"
#include "tree.h"

/* ---- output ---- */

/* 1 if the file name of the directory open as dirfd (AT_FDCWD: a path)
 * holds exactly data. */
static int
same_content(int dirfd, const char *name, const char *data, size_t len)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd, same = 0;

	if ((fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		goto out;
	while (got < len) {
		char chunk[65536];
		n = read(fd, chunk, sizeof(chunk));
		if (n <= 0)
			goto out;
		if ((size_t)n > len - got ||
		    memcmp(chunk, data + got, (size_t)n) != 0)
			goto out;
		got += (size_t)n;
	}
	same = 1;
out:
	close(fd);
	return same;
}

/* Puts data at name in d unless it is there already (pxe-int.h). */
int
pxe_put_file(struct pxe *px, struct pxe_dir *d, const char *name,
    const char *data, size_t len)
{
	if (d->stage == NULL && same_content(d->fd, name, data, len)) {
		px->unchanged++;
		return 0;
	}
	if (pxe_dir_put(d, name, data, len, NULL) != 0)
		return -1;
	px->written++;
	return 0;
}

/* 1 if the files a and b hold the same bytes (compared in chunks). */
static int
same_file(const char *a, const char *b)
{
	char x[65536], y[65536];
	struct stat sa, sb;
	int fa = open(a, O_RDONLY | O_CLOEXEC);
	int fb = open(b, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int same = 0;
	ssize_t n;

	if (fa < 0 || fb < 0 || fstat(fa, &sa) != 0 || fstat(fb, &sb) != 0 ||
	    !S_ISREG(sb.st_mode) || sa.st_size != sb.st_size)
		goto out;
	while ((n = read(fa, x, sizeof(x))) > 0)
		if (read(fb, y, (size_t)n) != n || memcmp(x, y, (size_t)n) != 0)
			goto out;
	same = n == 0;
out:
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* The key of the local file src as it is now (its identity: device,
 * inode, size, mtime and ctime, and its path), mixed into h; 0 after a
 * message when it cannot be read. */
static uint64_t
source_key(uint64_t h, const char *src)
{
	struct stat st;
	long long id[7];

	if (stat(src, &st) != 0) {
		log_errno("%s: cannot read", src);
		return 0;
	}
	id[0] = (long long)st.st_dev;
	id[1] = (long long)st.st_ino;
	id[2] = (long long)st.st_size;
	id[3] = (long long)st.st_mtim.tv_sec;
	id[4] = st.st_mtim.tv_nsec;
	id[5] = (long long)st.st_ctim.tv_sec;
	id[6] = st.st_ctim.tv_nsec;
	h = template_hash(h, src, strlen(src) + 1);
	return template_hash(h, id, sizeof(id)) | 1;
}

/* Adds rec, of OUTDIR/rel, to what the manifest records. */
static void
add_fixed(struct pxe *px, const char *rel, const struct frec *rec)
{
	struct fixed_rec *f;

	px->fixed_recs = realloc_n(px->fixed_recs, px->nfixed_recs + 1,
	    sizeof(*px->fixed_recs));
	f = &px->fixed_recs[px->nfixed_recs++];
	f->rel = xstrdup(rel);
	f->r = *rec;
}

/* Records OUTDIR/rel (path) as made with key, for the manifest.  Returns
 * 0, or -1 after a message. */
static int
record_fixed(struct pxe *px, const char *rel, const char *path,
    uint64_t key)
{
	struct frec r = { .key = key };
	struct stat st;

	if (lstat(path, &st) != 0) {
		log_errno("%s: cannot stat what was just written", path);
		return -1;
	}
	pxe_frec_set(&r, &st);
	add_fixed(px, rel, &r);
	return 0;
}

/* 1 if OUTDIR/rel (path) is what the last run recorded for key: same key,
 * and lstat still gives the size, inode and mtime it wrote (then it is
 * recorded again, unread). */
static int
fixed_current(struct pxe *px, const char *rel, const char *path,
    uint64_t key)
{
	struct frec now;

	if (!pxe_frec_still(AT_FDCWD, path, key,
	    pxe_old_fixed(&px->state, rel), &now))
		return 0;
	add_fixed(px, rel, &now);
	return 1;
}

/* Copies the local file src to OUTDIR/rel, made with key (source_key's),
 * unless the record shows it current or it holds src's bytes already;
 * in chunks (copy_file_range), without an fsync (pxe_write syncs the file
 * system once).  Records it.  Returns 0, or -1 after a message. */
static int
put_copy_key(struct pxe *px, const char *rel, const char *src, uint64_t key)
{
	char *path = path_join(px->o->outdir, rel);
	int rc = 0, was;

	if (fixed_current(px, rel, path, key)) {
		px->unchanged++;
		goto out;
	}
	if (same_file(src, path))
		px->unchanged++;
	else {
		was = fileio_set_durable(0);
		rc = copy_file(src, path, 0644);
		fileio_set_durable(was);
		if (rc == 0)
			px->written++;
	}
	if (rc == 0)
		rc = record_fixed(px, rel, path, key);
out:
	free(path);
	return rc;
}

/* put_copy_key with src's own key. */
static int
put_copy(struct pxe *px, const char *rel, const char *src)
{
	uint64_t key = source_key(TEMPLATE_HASH_INIT, src);

	return key != 0 ? put_copy_key(px, rel, src, key) : -1;
}

/* ---- the fixed part of the tree ---- */

/* "sl51-x86_64": the initials of the family, the release without dots,
 * the arch; names the kernel's directory under tftp/. */
static char *
release_dir(const struct tree *t)
{
	struct buf b = BUF_INIT;
	int start = 1;

	for (const char *s = t->family; s && *s; s++) {
		if (start && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' &&
		    *s <= 'z')))
			buf_addc(&b, (char)(*s | 0x20));
		start = *s == ' ';
	}
	if (b.len == 0)
		buf_adds(&b, "os");
	for (const char *s = t->release; s && *s; s++)
		if (*s != '.')
			buf_addc(&b, *s);
	buf_printf(&b, "-%s", t->arch ? t->arch : "x86_64");
	if (!path_is_safe(b.data) || strchr(b.data, '/') != NULL) {
		buf_reset(&b);
		buf_adds(&b, "os");
	}
	return buf_release(&b);
}

/* The installer's initrds (docs/pxe.md): the tree's initrd.img as it is,
 * and xeninfn.img, a gzip'd cpio of the virtualization check alone, that
 * pxelinux loads after it (`initrd=<release>/initrd.img,<release>/
 * xeninfn.img`) and the kernel unpacks over it, as for the ISO.
 * xeninfn.img is made again only when the check, its date or this
 * format changed. */
static int
put_initrd(struct pxe *px)
{
	char *rel = xasprintf("tftp/%s", px->initrd_rel);
	char *img = xasprintf("tftp/%s", px->xeninfn_rel);
	char *path = path_join(px->o->outdir, img);
	struct buf vt = BUF_INIT;
	uint64_t key;
	int rc = -1, was;

	if (put_copy(px, rel, px->tree->initrd) != 0)
		goto out;
	key = template_hash(TEMPLATE_HASH_INIT, XENINFN_IMG_FORMAT,
	    sizeof(XENINFN_IMG_FORMAT));
	key = template_hash(key, &px->id.epoch, sizeof(px->id.epoch));
	if ((key = source_key(key, px->vtcheck)) == 0)
		goto out;
	if (fixed_current(px, img, path, key)) {
		px->unchanged++;
		rc = 0;
		goto out;
	}
	if (read_file(px->vtcheck, 16 << 20, &vt) != 0)
		goto out;
	struct initrd_file files[] = {
		{ INITRD_VTCHECK, vt.data, vt.len, 0755 },
	};
	/* written in place, atomically; no fsync (pxe_write syncs once) */
	was = fileio_set_durable(0);
	rc = initrd_member(px->tree->initrd, path, files, 1, px->id.epoch);
	fileio_set_durable(was);
	if (rc == 0) {
		px->written++;
		rc = record_fixed(px, img, path, key);
	}
out:
	free(path);
	free(img);
	free(rel);
	buf_free(&vt);
	return rc;
}

/* Makes dir under OUTDIR. */
static int
make_dir(struct pxe *px, const char *rel)
{
	char *path = path_join(px->o->outdir, rel);
	int rc = mkdirs(path, 0755);

	free(path);
	return rc;
}

/* tftp/: syslinux, the kernel and initrd, the default and local menus. */
static int
put_tftp(struct pxe *px)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "tftp/%s", px->release);
	if (make_dir(px, rel) != 0)
		return -1;
	if (put_copy(px, "tftp/pxelinux.0", px->pxelinux0) != 0 ||
	    put_copy(px, "tftp/chain.c32", px->chain) != 0)
		return -1;
	for (size_t i = 0; i < SYSLINUX_NFILES; i++) {
		if (strcmp(px->sl.f[i].name, "isolinux.bin") == 0)
			continue;
		snprintf(rel, sizeof(rel), "tftp/%s", px->sl.f[i].name);
		if (put_copy(px, rel, px->sl.f[i].path) != 0)
			return -1;
	}
	snprintf(rel, sizeof(rel), "tftp/%s", px->kernel_rel);
	if (put_copy(px, rel, px->tree->kernel) != 0 || put_initrd(px) != 0)
		return -1;
	return pxe_put_menus(px);
}

/* 1 if the repository in dir was made from exactly the RPMs of stamp. */
static int
repo_current(const char *dir, const char *stamp)
{
	char *path = path_join(dir, ".xeninfn-repo-stamp");
	int same = same_content(AT_FDCWD, path, stamp, strlen(stamp));

	free(path);
	return same;
}

/* http/: the default kickstart and the XenINFN repository (made again
 * only when its RPMs changed). */
static int
put_http(struct pxe *px)
{
	char *ks = NULL, *dir = path_join(px->o->outdir, "http/xeninfn");
	char *stamppath = path_join(dir, ".xeninfn-repo-stamp");
	struct buf stamp = BUF_INIT;
	int rc = -1;

	if ((ks = pxe_render_ks(px->site, &px->pl.set, px->inv,
	    px->http_url, NULL)) == NULL ||
	    pxe_put_file(px, &px->ksdir, "default.ks", ks, strlen(ks)) != 0)
		goto out;
	if (px->have_rpms) {
		for (size_t i = 0; i < px->rpms.n; i++)
			buf_printf(&stamp, "%s %s\n", px->rpms.pkgs[i].sha256,
			    px->rpms.pkgs[i].name);
		if (!repo_current(dir, stamp.data)) {
			if (remove_tree(dir) != 0 ||
			    repo_create(dir, &px->rpms) != 0 ||
			    write_file_atomic(stamppath, stamp.data,
			    stamp.len, 0644) != 0)
				goto out;
			px->written++;
		}
	}
	rc = 0;
out:
	buf_free(&stamp);
	free(stamppath);
	free(dir);
	free(ks);
	return rc;
}

/* The files of the fixed part of the tree, as manifest lines, in rel
 * order ("file tftp/..."); the caller frees the array and strings. */
static char **
fixed_entries(const struct pxe *px, size_t *n)
{
	char **v = xcalloc(SYSLINUX_NFILES + 10, sizeof(*v));
	size_t k = 0;

	v[k++] = xstrdup("file tftp/pxelinux.0");
	v[k++] = xstrdup("file tftp/chain.c32");
	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		if (strcmp(px->sl.f[i].name, "isolinux.bin") != 0)
			v[k++] = xasprintf("file tftp/%s", px->sl.f[i].name);
	v[k++] = xstrdup("file tftp/pxelinux.cfg/default");
	v[k++] = xstrdup("file tftp/pxelinux.cfg/local");
	v[k++] = xasprintf("file tftp/%s", px->kernel_rel);
	v[k++] = xasprintf("file tftp/%s", px->initrd_rel);
	v[k++] = xasprintf("file tftp/%s", px->xeninfn_rel);
	v[k++] = xstrdup("file http/ks/default.ks");
	if (px->have_rpms)
		v[k++] = xstrdup("dir http/xeninfn");
	*n = k;
	return v;
}

/* ---- the front half: checks, fetch, RPM intake ---- */

/* pxe.http_url, checked (pxe-int.h). */
char *
pxe_http_url(const struct pxe_settings *ps)
{
	const char *u = ps->http_url;
	size_t n = strlen(u);

	if (n == 0) {
		log_error("pxe.http_url is not set: set it to the URL where "
		    "OUTDIR/http/ will be served, e.g. -s "
		    "pxe.http_url=http://10.0.0.1/xeninfn");
		return NULL;
	}
	if (strncmp(u, "http://", 7) != 0 && strncmp(u, "ftp://", 6) != 0) {
		log_error("pxe.http_url = '%s': the RHEL 5 loader fetches ks= "
		    "over http:// or ftp:// only", u);
		return NULL;
	}
	while (n > 0 && u[n - 1] == '/')
		n--;
	return xstrndup(u, n);
}

/* pxelinux.0 from the same syslinux as the modules (caller frees), or
 * NULL after a message. */
static char *
pxelinux_path(void)
{
	const char *dir = getenv("XENINFN_SYSLINUX_DIR");
	char *path = dir && *dir ? path_join(dir, "pxelinux.0") :
	    xstrdup(PATH_PXELINUX_0);

	if (path_exists(path))
		return path;
	log_error("%s: missing (install pxelinux: Debian pxelinux, Fedora/EL "
	    "syslinux; or set XENINFN_SYSLINUX_DIR to one directory holding "
	    "pxelinux.0 and the .c32 modules of the same syslinux version)",
	    path);
	free(path);
	return NULL;
}

/* The date of the files in xeninfn.img: SOURCE_DATE_EPOCH, else
 * the helper's own, so that a re-run makes the same bytes. */
static void
initrd_epoch(struct pxe *px)
{
	struct stat st;

	if (!px->id.reproducible && stat(px->vtcheck, &st) == 0)
		px->id.epoch = st.st_mtime;
}

/* Loads the inventory, its identity taken first (a change after it shows
 * at the next run).  Returns 0, or -1 after messages. */
static int
load_inventory(struct pxe *px)
{
	pxe_ident_take(AT_FDCWD, px->o->hosts_file,
	    &px->now.ids[PXE_ID_INVENTORY]);
	px->inv = inventory_load(px->o->hosts_file, px->site);
	return px->inv != NULL ? 0 : -1;
}

/* 1 if the inventory is the file the tree's manifest recorded (read
 * without the lock: pxe_write decides under it, loading the inventory
 * then if it must).  Not with --verify. */
static int
inventory_as_recorded(struct pxe *px)
{
	struct pxe_ident was, now;

	if (px->o->verify)
		return 0;
	pxe_manifest_ident(px->o->outdir, PXE_ID_INVENTORY, &was);
	pxe_ident_take(AT_FDCWD, px->o->hosts_file, &now);
	return pxe_ident_same(&now, &was);
}

/* The front half of a run (pipeline.h), in the order it runs: preflight
 * (pxe.http_url, the inventory, pxelinux.0, then the pipeline's checks:
 * everything that can be checked without the network or the tree), then
 * the tree's images (and a kernel-xen for Xen 3.1 in its repositories)
 * and the repository's RPMs.  The pipeline owns what it fetched and
 * found; px's fields of the same things are views of it.  Returns 0, or
 * -1 after messages. */
static int
run_front(struct pxe *px)
{
	struct pipeline *pl = &px->pl;
	int rc = 0;

	pipeline_init(pl, px->site, px->o->outdir, px->o->cache_dir, 0);
	/* the tree serves its own repository (the Xen RPMs and the tools
	 * RPM) unless repo.url names another */
	pl->need_rpms = px->have_rpms = pl->set.kickstart.repo_url == NULL;
	if ((px->http_url = pxe_http_url(&pl->set.pxe)) == NULL)
		rc = -1;
	if (px->o->hosts_file != NULL && !inventory_as_recorded(px) &&
	    load_inventory(px) != 0)
		rc = -1;
	if ((px->pxelinux0 = pxelinux_path()) == NULL)
		rc = -1;
	if (host_tokens_for_pxe(px->site, px->o->outdir, &px->tokens) != 0)
		rc = -1;
	if (pipeline_preflight(pl, 0) != 0 || rc != 0)
		return -1;
	px->sl = pl->syslinux;
	px->id = pl->id;
	px->vtcheck = pl->vtcheck;
	px->tools_rpm = pl->tools_rpm;
	initrd_epoch(px);
	if (pipeline_fetch(pl) != 0 ||
	    kickstart_check_kernel_xen(px->site, pl->tree, pl->fetcher) != 0 ||
	    pipeline_rpms(pl) != 0)
		return -1;
	px->fetcher = pl->fetcher;
	px->tree = pl->tree;
	px->rpms = pl->rpms;
	px->release = release_dir(px->tree);
	px->kernel_rel = xasprintf("%s/vmlinuz", px->release);
	px->initrd_rel = xasprintf("%s/initrd.img", px->release);
	px->xeninfn_rel = xasprintf("%s/xeninfn.img", px->release);
	px->initrd_arg = xasprintf("%s,%s", px->initrd_rel, px->xeninfn_rel);
	return 0;
}

/* ---- the whole run ---- */

/* chain.c32, which boots a machine from its local disk (pxelinux's
 * localboot does not on every BIOS: docs/pxe.md), from the directory of
 * the other syslinux modules, into px->chain.  Returns 0, or -1 after a
 * message. */
static int
find_chain(struct pxe *px)
{
	const char *ld = NULL, *slash;

	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		if (strcmp(px->sl.f[i].name, "ldlinux.c32") == 0)
			ld = px->sl.f[i].path;
	if (ld != NULL && (slash = strrchr(ld, '/')) != NULL)
		px->chain = xasprintf("%.*s/chain.c32", (int)(slash - ld), ld);
	if (px->chain != NULL && path_exists(px->chain))
		return 0;
	log_error("%s: missing (chain.c32 boots machines from their local "
	    "disk: install it with the other syslinux modules, Debian "
	    "syslinux-common)", px->chain ? px->chain : "chain.c32");
	return -1;
}

/* Renders and checks what every tree has; then every host's files.
 * Returns 0, or -1 after messages. */
static int
prepare_texts(struct pxe *px)
{
	char *ks;
	int rc;

	if (find_chain(px) != 0 || pxe_cfg_prepare(px) != 0)
		return -1;
	kickstart_warnings(px->site);
	if ((ks = pxe_render_ks(px->site, &px->pl.set, px->inv,
	    px->http_url, NULL)) == NULL)
		return -1;
	rc = pxe_check_ks("http/ks/default.ks", ks);
	free(ks);
	if (rc != 0 || pxe_hosts_tables(px) != 0)
		return -1;
	return pxe_hosts_prepare(px);
}

/* 1 if d has the identity which the previous run recorded for it (not
 * with --verify): its host files are then as the manifest records them. */
static int
dir_as_recorded(const struct pxe *px, const struct pxe_dir *d,
    enum pxe_id which)
{
	struct pxe_ident now;

	if (px->o->verify || d->stage != NULL)
		return 0;
	pxe_ident_take(d->fd, NULL, &now);
	return pxe_ident_same(&now, &px->state.ids[which]);
}

/* The directories of the host files, staged when new (pxe-dir.c), and
 * their parents.  Returns 0, or -1 after a message. */
static int
open_dirs(struct pxe *px)
{
	if (make_dir(px, "tftp") != 0 || make_dir(px, "http") != 0)
		return -1;
	if (pxe_dir_open(px->o->outdir, "http/ks", &px->ksdir) != 0 ||
	    pxe_dir_open(px->o->outdir, "tftp/pxelinux.cfg", &px->cfgdir) != 0)
		return -1;
	px->ksdir.trusted = dir_as_recorded(px, &px->ksdir, PXE_ID_KSDIR);
	px->cfgdir.trusted = dir_as_recorded(px, &px->cfgdir, PXE_ID_CFGDIR);
	return 0;
}

/* 1 if the previous run's record shows every host file current (not
 * with --verify): the inventory, the done list and the tokens are the
 * files it recorded, its digest of what host files depend on is
 * px->deps, and both directories of host files have the identity it
 * recorded.  Then there is no per-host work at all. */
static int
hosts_as_recorded(struct pxe *px)
{
	static const char *const rel[PXE_NIDS] = {
		NULL, PXE_DONE_LIST, HOST_TOKENS_FILE, "http/ks",
		"tftp/pxelinux.cfg",
	};
	const struct pxe_state *st = &px->state;
	struct pxe_ident now;
	char *path;
	int same = 1;

	if (px->o->verify || px->o->hosts_file == NULL || st->deps == 0 ||
	    st->deps != px->deps)
		return 0;
	for (int i = 0; i < PXE_NIDS && same; i++) {
		path = rel[i] ? path_join(px->o->outdir, rel[i]) :
		    xstrdup(px->o->hosts_file);
		pxe_ident_take(AT_FDCWD, path, &now);
		same = pxe_ident_same(&now, &st->ids[i]);
		free(path);
	}
	return same;
}

/* Reads the tree's state under its lock: the head of the manifest, and
 * the rest of it unless the hosts are as recorded (then the inventory is
 * not read either); the inventory when the front half left it, and the
 * list of installed hosts.  Returns 0, or -1 after messages (nothing is
 * written yet). */
static int
read_state(struct pxe *px)
{
	const char *outdir = px->o->outdir;
	char *done = path_join(outdir, PXE_DONE_LIST);
	int rc = -1;

	pxe_ident_take(AT_FDCWD, done, &px->now.ids[PXE_ID_DONE]);
	if (pxe_manifest_read(outdir, &px->state, 1) != 0)
		goto out;
	if (!(px->hosts_current = hosts_as_recorded(px))) {
		pxe_state_free(&px->state);
		if (pxe_manifest_read(outdir, &px->state, 0) != 0)
			goto out;
		if (px->o->hosts_file != NULL && px->inv == NULL &&
		    (load_inventory(px) != 0 || pxe_hosts_prepare(px) != 0))
			goto out;
	}
	rc = pxe_done_read(outdir, &px->state);
out:
	free(done);
	return rc;
}

/* What the manifest records after the run, into px->now: the
 * directories' identities as they are now (once the clock's tick is past
 * their last change), the tokens' once saved, the
 * digest when every host's shape is like the site's; the inventory's
 * and the done list's were taken before they were read.  When the hosts
 * were as recorded, the previous manifest's host lines are kept. */
static void
take_state(struct pxe *px)
{
	char *tokens = path_join(px->o->outdir, HOST_TOKENS_FILE);

	if (px->hosts_current) {
		px->now.ids[PXE_ID_INVENTORY] = px->state.ids[PXE_ID_INVENTORY];
		px->now.deps = px->state.deps;
		px->now.keep_hosts = 1;
		px->now.hosts_off = px->state.hosts_off;
	} else if (px->o->hosts_file != NULL && px->deps_ok)
		px->now.deps = px->deps;
	pxe_ident_take(AT_FDCWD, tokens, &px->now.ids[PXE_ID_TOKENS]);
	/* a directory this run changed in the clock's current tick: wait
	 * for the next one, so that the next run trusts it */
	pxe_ident_settle(px->ksdir.fd);
	pxe_ident_settle(px->cfgdir.fd);
	pxe_ident_take(px->ksdir.fd, NULL, &px->now.ids[PXE_ID_KSDIR]);
	pxe_ident_take(px->cfgdir.fd, NULL, &px->now.ids[PXE_ID_CFGDIR]);
	free(tokens);
}

/* 1 if the manifest px->now and the fixed lines would make is the one in
 * place: then it is not written again. */
static int
state_unchanged(const struct pxe *px, char *const *fixed, size_t nfixed)
{
	const struct pxe_state *st = &px->state;

	if (!px->hosts_current || px->removed != 0 ||
	    nfixed != st->nold_files || px->nfixed_recs != st->nold_fixed ||
	    px->now.deps != st->deps)
		return 0;
	for (size_t i = 0; i < nfixed; i++)
		if (strcmp(fixed[i], st->old_files[i]) != 0)
			return 0;
	for (size_t i = 0; i < px->nfixed_recs; i++) {
		const struct fixed_rec *a = &px->fixed_recs[i];
		const struct fixed_rec *b = &st->old_fixed[i];
		if (strcmp(a->rel, b->rel) != 0 || a->r.key != b->r.key ||
		    a->r.size != b->r.size || a->r.ino != b->r.ino ||
		    a->r.mtime_ns != b->r.mtime_ns)
			return 0;
	}
	for (int i = 0; i < PXE_NIDS; i++)
		if (!pxe_ident_same(&px->now.ids[i], &st->ids[i]))
			return 0;
	return 1;
}

/* Frees everything pxe_write put in px (not px itself). */
static void
pxe_free(struct pxe *px)
{
	pxe_dir_close(&px->ksdir);
	pxe_dir_close(&px->cfgdir);
	pxe_state_free(&px->state);
	pxe_state_free(&px->now);
	pxe_hosts_free(px);
	free(px->recs);
	bootcfg_vars_free(&px->bootstore);
	free(px->local_cfg);
	free(px->kernel_rel);
	free(px->initrd_rel);
	free(px->xeninfn_rel);
	free(px->initrd_arg);
	for (size_t i = 0; i < px->nfixed_recs; i++)
		free(px->fixed_recs[i].rel);
	free(px->fixed_recs);
	free(px->release);
	free(px->http_url);
	free(px->pxelinux0);
	free(px->chain);
	pipeline_free(&px->pl);
	host_tokens_free(px->tokens);
	inventory_free(px->inv);
}

/* Checks everything, then writes the tree (pxe.h).  Returns 0 or -1. */
int
pxe_write(const struct profile *p, const struct pxe_opts *o)
{
	struct pxe px;
	char **fixed = NULL;
	size_t nfixed = 0;
	int rc = -1, lock = -1;

	memset(&px, 0, sizeof(px));
	px.site = p;
	px.o = o;
	if (run_front(&px) != 0 || prepare_texts(&px) != 0)
		goto out;
	/* OUTDIR's lock, then the tree's (which --done takes alone): the
	 * same order in every run, so no two runs wait on each other. */
	if (pipeline_prepare_outdir(&px.pl) != 0 ||
	    pipeline_publish_begin(&px.pl) != 0 ||
	    (lock = pxe_lock_tree(o->outdir)) < 0 || read_state(&px) != 0)
		goto out;
	if (o->hosts_file == NULL && px.state.nold_hosts > 0) {
		log_error("%s: the tree holds the %zu hosts of an earlier "
		    "--hosts run: give --hosts FILE again (an inventory of "
		    "only its header row removes them all)", o->outdir,
		    px.state.nold_hosts);
		goto out;
	}
	/* From here on the tree is written. */
	if (open_dirs(&px) != 0 || put_tftp(&px) != 0 ||
	    put_http(&px) != 0 || pxe_hosts_put(&px) != 0 ||
	    pxe_dir_commit(&px.ksdir) != 0 || pxe_dir_commit(&px.cfgdir) != 0)
		goto out;
	fixed = fixed_entries(&px, &nfixed);
	px.removed = pxe_remove_stale(o->outdir, &px.state, fixed, nfixed,
	    px.inv);
	if (!px.hosts_current && host_tokens_save(px.tokens, px.inv) != 0)
		goto out;
	take_state(&px);
	if (!state_unchanged(&px, fixed, nfixed) &&
	    (pxe_sync_outdir(o->outdir) != 0 ||
	    pxe_manifest_write(o->outdir, &px.now, fixed, nfixed,
	    px.fixed_recs, px.nfixed_recs, px.inv, px.recs) != 0))
		goto out;
	if (px.hosts_current)
		log_info("pxe: %s: hosts as recorded (inventory, profile and "
		    "templates unchanged); %zu files written, %zu unchanged, "
		    "%zu removed", o->outdir, px.written, px.unchanged,
		    px.removed);
	else
		log_info("pxe: %s: %zu host%s; %zu files written, %zu "
		    "unchanged, %zu removed", o->outdir, px.inv ? px.inv->n : 0,
		    px.inv && px.inv->n == 1 ? "" : "s", px.written,
		    px.unchanged, px.removed);
	rc = 0;
out:
	if (lock >= 0)
		close(lock);
	for (size_t i = 0; i < nfixed; i++)
		free(fixed[i]);
	free(fixed);
	pxe_free(&px);
	return rc;
}

/* The host's kickstart as pxe_write renders it (pxe.h); caller frees. */
char *
pxe_host_kickstart(const struct profile *site, const struct settings *set,
    const struct inventory *inv, const struct host *h)
{
	char *http_url, *text = NULL;

	if ((http_url = pxe_http_url(&set->pxe)) != NULL)
		text = pxe_render_ks(site, set, inv, http_url, h);
	free(http_url);
	return text;
}

/* ---- install once ---- */

/* The MAC the last run listed for host (caller frees), or NULL after a
 * message. */
static char *
mac_of(const char *outdir, const char *host, struct pxe_state *st)
{
	if (pxe_manifest_read(outdir, st, 0) != 0)
		return NULL;
	for (size_t i = 0; i < st->nold_hosts; i++)
		if (strcasecmp(st->old_hosts[i].name, host) == 0)
			return xstrdup(st->old_hosts[i].mac);
	log_error("%s: no host '%s' in the tree's manifest (%s/%s): it was "
	    "not in the inventory of the last `xeninfn pxe --hosts` run",
	    outdir, host, outdir, PXE_MANIFEST);
	return NULL;
}

/* Records host as installed or not, under the tree's lock; with done,
 * then switches its config to local boot.  Returns 0, or -1 after a
 * message. */
static int
set_done(const char *outdir, const char *host, int done)
{
	struct pxe_state st;
	char *mac = NULL;
	int rc = -1, lock = -1;

	memset(&st, 0, sizeof(st));
	if (!path_exists(outdir)) {
		log_error("%s: no such PXE tree (the -o of `xeninfn pxe`)",
		    outdir);
		goto out;
	}
	if ((lock = pxe_lock_tree(outdir)) < 0)
		goto out;
	if ((mac = mac_of(outdir, host, &st)) == NULL ||
	    pxe_done_read(outdir, &st) != 0)
		goto out;
	pxe_done_set(&st, host, done);
	/* The record first: should switching fail, the next pxe_write
	 * switches the host (a switch without a record would be undone by
	 * it, and the host installed again over its disk). */
	rc = pxe_done_write(outdir, &st);
	if (rc == 0 && done)
		rc = pxe_cfg_switch_local(outdir, mac);
	if (rc == 0 && done)
		log_info("%s: %s (%s) now boots from its local disk", outdir,
		    host, mac);
out:
	if (lock >= 0)
		close(lock);
	free(mac);
	pxe_state_free(&st);
	return rc;
}

/* Switches host to local boot and records it (pxe.h). */
int
pxe_mark_done(const char *outdir, const char *host)
{
	return set_done(outdir, host, 1);
}

/* Takes host off the list of installed hosts (pxe.h). */
int
pxe_forget_done(const char *outdir, const char *host)
{
	return set_done(outdir, host, 0);
}
