/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rpm.c: the RPM intake.  Every package the media will carry is read with
 * librpm and held against what EL5 x86_64 (rpm 4.4.2, yum 3.0) can
 * install: arch, payload compressor, file digest algorithm, rpmlib()
 * features, the Xen version of the profile, and a signature by one of the
 * keys the profile names.  Each refusal is one message,
 * "file: reason (what to do)"; the whole set is checked before failing so
 * that one build shows every problem.  A verdict that passed is recorded
 * in the cache (rpm-vetted.c) and taken from there while the file and
 * what the checks depend on stay the same; librpm is made ready only
 * when a package must be read.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpm/header.h>
#include <rpm/rpmds.h>
#include <rpm/rpmkeyring.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmts.h>

#include "xeninfn.h"
#include "fetch.h"
#include "fetch-cache.h"
#include "rpm.h"
#include "rpm-vetted.h"
#include "settings.h"

#define RPM_MAX_SIZE	(512UL * 1024 * 1024)	/* one package */
#define RPM_MAX_DIR	256		/* files looked at in xen.rpms */
#define KEY_MAX_SIZE	(64 * 1024)	/* one armored key file */
#define KEY_MAX_FILES	16
#define INDEX_MAX_SIZE	(1024 * 1024)	/* an HTTP/FTP directory listing */
/* The version of the checks below: bump it with any change that could
 * turn a verdict, so that no package passes on a record made under the
 * old rules (rpm-vetted.h). */
#define VET_RULES	1

/* The subpackages of rpmspecs/xen.spec that every build needs. */
static const char *const xen_names[] = { "xen", "xen-libs", "xen-devel" };
#define NXEN	(sizeof(xen_names) / sizeof(xen_names[0]))

/*
 * The rpmlib() features rpm 4.4.2 provides (its lib/rpmds.c table,
 * rpmlibProvides; see docs/xen-rpms.md).  A package requiring any other
 * feature fails to install on EL5 with "rpmlib(...) is needed by".
 * BuiltinLuaScripts is left out: it depends on how rpm was configured,
 * and a wrong guess here should fail the build, not the install.
 */
static const char *const el5_rpmlib[] = {
	"rpmlib(VersionedDependencies)",
	"rpmlib(CompressedFileNames)",
	"rpmlib(PayloadIsBzip2)",
	"rpmlib(PayloadFilesHavePrefix)",
	"rpmlib(ExplicitPackageProvide)",
	"rpmlib(HeaderLoadSortsTags)",
	"rpmlib(ScriptletInterpreterArgs)",
	"rpmlib(PartialHardlinkSets)",
	"rpmlib(ConcurrentAccess)",
};

/* What the checks of one package need to know. */
struct intake {
	rpmts		 ts;		/* carries the keyring; NULL until a
					   package must be read */
	int		 broken;	/* the keyring could not be made */
	int		 nkeys;		/* key files read */
	struct buf	 keys[KEY_MAX_FILES];	/* their armored text */
	char		*origins[KEY_MAX_FILES];	/* as xen.gpg_keys names
							   them */
	int		 allow_unsigned;
	const char	*version;	/* xen.version */
	char		*ctx[2];	/* vet_context(in, xen) */
	struct vetted	*vetted;	/* the records; NULL: none kept */
};

/* Reads librpm's configuration once; 0, or -1 after a message. */
static int
rpm_lib_init(void)
{
	static int done;

	if (done)
		return 0;
	if (rpmReadConfigFiles(NULL, NULL) != 0) {
		log_error("librpm: cannot read its configuration (rpmrc); "
		    "check the rpm package is installed");
		return -1;
	}
	done = 1;
	return 0;
}

/* The lowercase hex of n bytes; the caller frees it. */
static char *
hex_of(const uint8_t *p, size_t n)
{
	char *s = xmalloc(n * 2 + 1);
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	return s;
}

/*
 * Adds the armored public key text (of the file named origin in
 * messages) and its subkeys to keyring.  Returns 0, or -1 after a
 * message.
 */
static int
key_add(rpmKeyring keyring, const struct buf *text, const char *origin)
{
	uint8_t *pkt = NULL;
	size_t pktlen = 0;
	rpmPubkey key = NULL, *subs = NULL;
	pgpKeyID_t id;
	char *hex = NULL;
	int i, nsubs = 0, rc = -1;

	if (text->data == NULL ||
	    pgpParsePkts(text->data, &pkt, &pktlen) != PGPARMOR_PUBKEY ||
	    (key = rpmPubkeyNew(pkt, pktlen)) == NULL) {
		log_error("%s: not an armored OpenPGP public key (export it "
		    "with gpg --armor --export KEYID)", origin);
		goto out;
	}
	if (rpmKeyringAddKey(keyring, key) == -1) {
		log_error("%s: librpm refused the key", origin);
		goto out;
	}
	subs = rpmGetSubkeys(key, &nsubs);
	for (i = 0; i < nsubs; i++)
		rpmKeyringAddKey(keyring, subs[i]);
	if (pgpPubkeyKeyID(pkt, pktlen, id) == 0) {
		hex = hex_of(id, sizeof(id));
		log_debug("%s: key %s trusted for xen.rpms", origin, hex);
	}
	rc = 0;
 out:
	for (i = 0; i < nsubs; i++)
		rpmPubkeyFree(subs[i]);
	free(subs);
	rpmPubkeyFree(key);
	free(pkt);
	free(hex);
	return rc;
}

/* 1 if s is an http, https or ftp URL (fetched), else 0. */
static int
is_remote(const char *s)
{
	return strncmp(s, "http://", 7) == 0 ||
	    strncmp(s, "https://", 8) == 0 || strncmp(s, "ftp://", 6) == 0;
}

/* A local path for a path or file:// URL, decoded as the fetcher decodes
 * one (file://localhost/..., %20); the caller frees it.  NULL after a
 * message when the URL is not a usable file URL. */
static char *
local_path(const char *s)
{
	if (strncasecmp(s, "file:", 5) == 0)
		return file_url_path(s);
	return xstrdup(s);
}

/* Fetches one remote file; its cached path (caller frees) or NULL after
 * a message (the fetcher names the URL). */
static char *
fetch_one(struct fetcher *f, const char *url, size_t max, const char *key)
{
	struct fetch_item it;
	char *path = NULL;

	if (f == NULL) {
		log_error("%s: %s is a URL but nothing can download here "
		    "(use a local directory)", key, url);
		return NULL;
	}
	memset(&it, 0, sizeof(it));
	it.url = url;
	it.max_size = max;
	if (fetch_all(f, &it, 1) == 0) {
		path = it.path;
		it.path = NULL;
	}
	fetch_items_clear(&it, 1);
	return path;
}

/*
 * Reads the key files of xen.gpg_keys, a comma-separated list of key
 * files or URLs, into in->keys.  Returns 0 (in->nkeys says how many), or
 * -1 after one message per key that could not be read.
 */
static int
keys_read(const struct xen_settings *xs, struct fetcher *f,
    struct intake *in)
{
	char *list = xstrdup(xs->gpg_keys);
	char *save = NULL, *tok, *path;
	int rc = 0;

	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (isspace((unsigned char)*tok))
			tok++;
		tok[strcspn(tok, " \t")] = '\0';
		if (*tok == '\0')
			continue;
		if (in->nkeys >= KEY_MAX_FILES) {
			log_error("xen.gpg_keys: more than %d keys (name the "
			    "ones that sign the Xen RPMs)", KEY_MAX_FILES);
			rc = -1;
			break;
		}
		path = is_remote(tok) ? fetch_one(f, tok, KEY_MAX_SIZE,
		    "xen.gpg_keys") : local_path(tok);
		if (path == NULL ||
		    read_file(path, KEY_MAX_SIZE, &in->keys[in->nkeys]) == -1)
			rc = -1;
		else
			in->origins[in->nkeys++] = xstrdup(tok);
		free(path);
	}
	free(list);
	return rc;
}

/*
 * Makes librpm ready to read packages, the first time one must be read:
 * its configuration, a transaction set and the keyring of in->keys.
 * Returns 0, or -1 after one message per key that could not be used
 * (once: in->broken is set, and later calls return -1 quietly).
 */
static int
intake_ready(struct intake *in)
{
	rpmKeyring keyring;
	int i;

	if (in->ts != NULL)
		return 0;
	if (in->broken || rpm_lib_init() == -1) {
		in->broken = 1;
		return -1;
	}
	in->ts = rpmtsCreate();
	keyring = rpmKeyringNew();
	for (i = 0; i < in->nkeys; i++)
		if (key_add(keyring, &in->keys[i], in->origins[i]) == -1)
			in->broken = 1;
	/* Always set one, even empty, so librpm never falls back on the
	 * host's rpmdb keys. */
	rpmtsSetKeyring(in->ts, keyring);
	rpmKeyringFree(keyring);
	return in->broken ? -1 : 0;
}

/*
 * The context of a verdict: a digest of everything it depends on besides
 * the package file (the rules version, Xen package or tools RPM,
 * xen.version, xen.allow_unsigned and the bytes of every key file), made
 * without librpmio (digest_buf_hex).  A record of an earlier vetting
 * counts only under the same context.  The caller frees it.
 */
static char *
vet_context(const struct intake *in, int xen)
{
	struct buf b = BUF_INIT;
	char *hex;
	int i;

	buf_printf(&b, "rules %d\nxen %d\nversion %s\nunsigned %d\nkeys %d\n",
	    VET_RULES, xen, in->version, in->allow_unsigned, in->nkeys);
	buf_addc(&b, '\0');
	for (i = 0; i < in->nkeys; i++) {
		buf_printf(&b, "%zu\n", in->keys[i].len);
		buf_add(&b, in->keys[i].data, in->keys[i].len);
	}
	hex = digest_buf_hex(DIGEST_SHA256, b.data, b.len);
	buf_free(&b);
	return hex;
}

/* The 16-hex-digit id of the key that made the first signature in h;
 * NULL if unsigned.  The caller frees it. */
static char *
header_signer(Header h)
{
	static const rpmTagVal tags[] = { RPMTAG_RSAHEADER, RPMTAG_DSAHEADER,
	    RPMTAG_SIGGPG, RPMTAG_SIGPGP };
	struct rpmtd_s td;
	pgpDigParams dig = NULL;
	char *id = NULL;
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]) && id == NULL; i++) {
		if (!headerGet(h, tags[i], &td, HEADERGET_MINMEM))
			continue;
		if (pgpPrtParams(td.data, td.count, PGPTAG_SIGNATURE,
		    &dig) == 0)
			id = hex_of(pgpDigParamsSignID(dig), 8);
		pgpDigParamsFree(dig);
		dig = NULL;
		rpmtdFreeData(&td);
	}
	return id;
}

/* 1 if the rpmlib() feature name is one rpm 4.4.2 provides. */
static int
el5_has_rpmlib(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(el5_rpmlib) / sizeof(el5_rpmlib[0]); i++)
		if (strcmp(name, el5_rpmlib[i]) == 0)
			return 1;
	return 0;
}

/*
 * Checks the header of the package at origin against rpm 4.4.2 on x86_64
 * and, when want_version is not NULL, its version.  Returns the number of
 * refusals printed (0: fine).
 */
static int
check_header(Header h, const char *origin, const char *want_version)
{
	const char *arch = headerGetString(h, RPMTAG_ARCH);
	const char *comp = headerGetString(h, RPMTAG_PAYLOADCOMPRESSOR);
	const char *fmt = headerGetString(h, RPMTAG_PAYLOADFORMAT);
	const char *ver = headerGetString(h, RPMTAG_VERSION);
	uint64_t algo = headerGetNumber(h, RPMTAG_FILEDIGESTALGO);
	rpmds ds;
	int bad = 0;

	if (headerIsSource(h)) {
		log_error("%s: a source RPM (give the binary x86_64 RPMs)",
		    origin);
		return 1;
	}
	if (arch == NULL || (strcmp(arch, "x86_64") != 0 &&
	    strcmp(arch, "noarch") != 0)) {
		log_error("%s: built for %s, not x86_64 (rebuild it for "
		    "x86_64: make xen-rpm)", origin, arch ? arch : "no arch");
		bad++;
	}
	if (comp != NULL && strcmp(comp, "gzip") != 0 &&
	    strcmp(comp, "bzip2") != 0) {
		log_error("%s: payload compressed with %s, which rpm 4.4.2 on "
		    "EL5 cannot read (rebuild with "
		    "--define '_binary_payload w9.gzdio')", origin, comp);
		bad++;
	}
	if (fmt != NULL && strcmp(fmt, "cpio") != 0) {
		log_error("%s: payload format %s, rpm 4.4.2 reads only cpio "
		    "(rebuild it with an rpm that writes cpio)", origin, fmt);
		bad++;
	}
	if (algo != 0 && algo != PGPHASHALGO_MD5) {
		log_error("%s: file digests use %s, rpm 4.4.2 knows only MD5 "
		    "(rebuild with --define '_binary_filedigest_algorithm 1')",
		    origin, pgpValString(PGPVAL_HASHALGO, (uint8_t)algo));
		bad++;
	}
	ds = rpmdsInit(rpmdsNew(h, RPMTAG_REQUIRENAME, 0));
	while (rpmdsNext(ds) >= 0) {
		const char *n = rpmdsN(ds);

		if (strncmp(n, "rpmlib(", 7) == 0 && !el5_has_rpmlib(n)) {
			log_error("%s: requires %s, which rpm 4.4.2 on EL5 "
			    "does not provide (rebuild without the feature "
			    "that needs it; docs/xen-rpms.md)", origin, n);
			bad++;
		}
	}
	rpmdsFree(ds);
	if (want_version != NULL && (ver == NULL ||
	    strcmp(ver, want_version) != 0)) {
		log_error("%s: version %s, but xen.version is %s (build the "
		    "RPMs with make xen-rpm XEN_VERSION=%s, or set "
		    "xen.version=%s)", origin, ver ? ver : "(none)",
		    want_version, want_version, ver ? ver : "");
		bad++;
	}
	return bad;
}

/*
 * The xen package carries the hypervisor of its own level,
 * /boot/xen.gz-<version> (rpmspecs/xen.spec; SL 5.1's kernel-xen has a
 * 3.1.0-level one).  Returns the number of refusals printed (0: fine).
 */
static int
check_hypervisor(Header h, const char *origin)
{
	const char *ver = headerGetString(h, RPMTAG_VERSION), *f;
	struct rpmtd_s td;
	int found = 0, bad = 0;

	if (ver == NULL)
		return 0;	/* check_header said so */
	if (headerGet(h, RPMTAG_FILENAMES, &td, HEADERGET_EXT)) {
		while ((f = rpmtdNextString(&td)) != NULL) {
			if (strncmp(f, "/boot/xen.gz-", 13) != 0)
				continue;
			if (strcmp(f + 13, ver) == 0) {
				found = 1;
				continue;
			}
			log_error("%s: carries the hypervisor %s, but the "
			    "tools are %s: tools and hypervisor must be of one "
			    "level (build both from one tree: make xen-rpm, "
			    "docs/xen-rpms.md)", origin, f, ver);
			bad++;
		}
		rpmtdFreeData(&td);
	}
	if (!found && bad == 0) {
		log_error("%s: no hypervisor /boot/xen.gz-%s in the xen package "
		    "(the dom0 boots the rebuilt Xen's own hypervisor, not "
		    "kernel-xen's: build it with rpmspecs/xen.spec, make "
		    "xen-rpm, docs/xen-rpms.md)", origin, ver);
		bad++;
	}
	return bad;
}

/* Copies one string tag of h; "" if absent.  The caller frees it. */
static char *
tag_dup(Header h, rpmTagVal tag)
{
	const char *s = headerGetString(h, tag);

	return xstrdup(s ? s : "");
}

/*
 * Reads the package at path (url: where it came from, for messages and
 * the manifest), verifies its signature and checks its header; on success
 * fills pkg.  xen: 1 for the Xen packages (version checked, signature
 * required), 0 for the locally built tools RPM.  Returns 0, or -1 after
 * one message per problem.
 */
static int
rpm_inspect(struct intake *in, const char *path, const char *url, int xen,
    struct rpm_pkg *pkg)
{
	FD_t fd = NULL;
	Header h = NULL;
	rpmRC rrc;
	char *signer = NULL;
	int mask, rc = -1;
	struct stat st;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_errno("%s: cannot read the package", url);
		goto out;
	}
	if ((size_t)st.st_size > RPM_MAX_SIZE) {
		log_error("%s: %lld bytes, over the %lu MiB limit for one "
		    "package", url, (long long)st.st_size, RPM_MAX_SIZE >> 20);
		goto out;
	}
	if ((fd = Fopen(path, "r.ufdio")) == NULL || Ferror(fd)) {
		log_error("%s: cannot open: %s", url, fd ? Fstrerror(fd) :
		    strerror(errno));
		goto out;
	}
	/* Our own messages say it better than librpm's warnings. */
	mask = rpmlogSetMask(RPMLOG_UPTO(RPMLOG_CRIT));
	rrc = rpmReadPackageFile(in->ts, fd, path, &h);
	rpmlogSetMask(mask);
	if (h != NULL)
		signer = header_signer(h);
	switch (rrc) {
	case RPMRC_OK:
		break;
	case RPMRC_NOKEY:
	case RPMRC_NOTTRUSTED:
		if (!xen) {
			/* Not verified: the manifest must not name it. */
			free(signer);
			signer = NULL;
			break;
		}
		if (in->allow_unsigned) {
			log_warn("%s: signed by key %s, which is not in "
			    "xen.gpg_keys; taken anyway "
			    "(xen.allow_unsigned=yes)", url,
			    signer ? signer : "?");
			free(signer);
			signer = NULL;
			break;
		}
		log_error("%s: signed by key %s, which is not in "
		    "xen.gpg_keys (add that public key to xen.gpg_keys, or "
		    "re-sign the package)", url, signer ? signer : "?");
		goto out;
	case RPMRC_NOTFOUND:
		log_error("%s: not an RPM package (check the file or URL)",
		    url);
		goto out;
	default:
		log_error("%s: its digests or signature do not match: the "
		    "file is damaged or was changed after signing (download "
		    "it again, or rebuild and re-sign it)", url);
		goto out;
	}
	if (xen && rrc == RPMRC_OK && signer == NULL) {
		if (!in->allow_unsigned) {
			log_error("%s: not signed (sign it: rpmsign --addsign "
			    "--rpmv3, see docs/xen-rpms.md; or set "
			    "xen.allow_unsigned=yes)", url);
			goto out;
		}
		log_warn("%s: not signed; taken because "
		    "xen.allow_unsigned=yes", url);
	}
	if (check_header(h, url, xen ? in->version : NULL) != 0)
		goto out;
	if (xen && headerGetString(h, RPMTAG_NAME) != NULL &&
	    strcmp(headerGetString(h, RPMTAG_NAME), "xen") == 0 &&
	    check_hypervisor(h, url) != 0)
		goto out;
	if ((pkg->sha256 = digest_file_hex(DIGEST_SHA256, path)) == NULL)
		goto out;
	pkg->path = xstrdup(path);
	pkg->url = xstrdup(url);
	pkg->name = tag_dup(h, RPMTAG_NAME);
	pkg->version = tag_dup(h, RPMTAG_VERSION);
	pkg->release = tag_dup(h, RPMTAG_RELEASE);
	pkg->arch = tag_dup(h, RPMTAG_ARCH);
	pkg->signer = signer;
	signer = NULL;
	rc = 0;
 out:
	free(signer);
	headerFree(h);
	if (fd != NULL)
		Fclose(fd);
	return rc;
}

/* Frees the fields of one package. */
static void
rpm_pkg_clear(struct rpm_pkg *p)
{
	free(p->path);
	free(p->url);
	free(p->name);
	free(p->version);
	free(p->release);
	free(p->arch);
	free(p->sha256);
	free(p->signer);
	memset(p, 0, sizeof(*p));
}

/*
 * Takes the package at path (url: where it came from; sum: the fetcher's
 * sha256 of a downloaded file, else NULL) into pkg, as rpm_inspect does.
 * When the file has the identity it had when a vetting under the same
 * context passed (and the sha256 it had then is sum), pkg comes from that
 * record without reading the file or calling librpm; otherwise the file
 * is inspected and, when it passed and kept one identity while read,
 * recorded.  Returns 0, or -1 after one message per problem.
 */
static int
rpm_take(struct intake *in, const char *path, const char *url,
    const char *sum, int xen, struct rpm_pkg *pkg)
{
	char *before = file_ident(path), *after = NULL;
	int known = before != NULL &&
	    vetted_find(in->vetted, before, in->ctx[xen], pkg) == 0;
	int rc = -1;

	if (known && sum != NULL && strcmp(sum, pkg->sha256) != 0) {
		rpm_pkg_clear(pkg);
		known = 0;
	}
	if (known) {
		log_debug("%s: vetted before, unchanged", url);
		pkg->path = xstrdup(path);
		pkg->url = xstrdup(url);
		if (xen && pkg->signer == NULL)
			log_warn("%s: not verified against xen.gpg_keys; taken "
			    "because xen.allow_unsigned=yes", url);
	} else {
		if (intake_ready(in) != 0 ||
		    rpm_inspect(in, path, url, xen, pkg) != 0)
			goto out;
		after = file_ident(path);
		if (before != NULL && after != NULL &&
		    strcmp(before, after) == 0 &&
		    (sum == NULL || strcmp(sum, pkg->sha256) == 0))
			vetted_add(in->vetted, before, in->ctx[xen], pkg);
	}
	if (pkg->signer != NULL)
		log_info("%s: signed by key %s", url, pkg->signer);
	rc = 0;
 out:
	free(before);
	free(after);
	return rc;
}

void
rpm_set_free(struct rpm_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		rpm_pkg_clear(&set->pkgs[i]);
	free(set->pkgs);
	set->pkgs = NULL;
	set->n = 0;
}

/* Appends a zeroed package to set; returns it. */
static struct rpm_pkg *
set_add(struct rpm_set *set)
{
	set->pkgs = realloc_n(set->pkgs, set->n + 1, sizeof(*set->pkgs));
	memset(&set->pkgs[set->n], 0, sizeof(*set->pkgs));
	return &set->pkgs[set->n++];
}

/* 1 if name is one of the Xen subpackages. */
static int
is_xen_name(const char *name)
{
	size_t i;

	for (i = 0; i < NXEN; i++)
		if (strcmp(name, xen_names[i]) == 0)
			return 1;
	return 0;
}

/* 1 if the file name f looks like a binary Xen package: xen-*.rpm, not
 * a source RPM. */
static int
is_xen_file(const char *f)
{
	size_t n = strlen(f);

	return strncmp(f, "xen-", 4) == 0 && n > 4 &&
	    strcmp(f + n - 4, ".rpm") == 0 &&
	    (n < 8 || strcmp(f + n - 8, ".src.rpm") != 0) &&
	    strchr(f, '/') == NULL;
}

/*
 * The xen-*.rpm names in a local directory, sorted.  Returns the count
 * (names in *out, NULL-terminated; the caller frees it with strv_free),
 * or -1 after a message.
 */
static int
list_local(const char *dir, char ***out)
{
	DIR *d;
	struct dirent *e;
	struct strv names = STRV_INIT;
	int n;

	if ((d = opendir(dir)) == NULL) {
		log_errno("xen.rpms: %s: cannot open the directory", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_xen_file(e->d_name))
			continue;
		if (names.n >= RPM_MAX_DIR) {
			log_error("xen.rpms: %s: more than %d xen-*.rpm files "
			    "(keep only the ones to ship)", dir, RPM_MAX_DIR);
			break;
		}
		strv_push(&names, e->d_name);
	}
	closedir(d);
	strv_sort(&names);
	n = (int)names.n;
	*out = strv_release(&names);
	return n;
}

/*
 * The xen-*.rpm names in a remote directory listing (an HTTP server's
 * index page or an FTP listing): every run of file-name characters
 * ending in ".rpm", deduplicated and sorted.  Same contract as list_local.
 */
static int
list_index(const char *text, char ***out)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-";
	struct strv names = STRV_INIT;
	const char *p = text, *end;
	int n;

	while ((end = strstr(p, ".rpm")) != NULL) {
		const char *start = end;
		char *name;

		while (start > p && strchr(ok, start[-1]) != NULL &&
		    start[-1] != '\0')
			start--;
		name = xstrndup(start, end + 4 - start);
		p = end + 4;
		if (strv_find(&names, name, 0) >= 0 || !is_xen_file(name) ||
		    names.n >= RPM_MAX_DIR) {
			free(name);
			continue;
		}
		strv_push_owned(&names, name);
	}
	strv_sort(&names);
	n = (int)names.n;
	*out = strv_release(&names);
	return n;
}

/*
 * The xen-*.rpm files of the remote directory where: its index page is
 * fetched, then every package it names.  Fills paths, urls and sums as
 * xen_files does; returns their count, or -1 after a message.
 */
static int
remote_files(const char *where, struct fetcher *f, char ***paths,
    char ***urls, char ***sums)
{
	char **names = NULL, *idx = NULL, *base;
	struct buf text = BUF_INIT;
	struct fetch_item *items = NULL;
	int i, n = 0, rc = -1;

	base = xasprintf("%s%s", where,
	    where[strlen(where) - 1] == '/' ? "" : "/");
	if ((idx = fetch_one(f, base, INDEX_MAX_SIZE, "xen.rpms")) == NULL ||
	    read_file(idx, INDEX_MAX_SIZE, &text) == -1)
		goto out;
	n = list_index(text.data, &names);
	items = xcalloc(n + 1, sizeof(*items));
	*urls = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		(*urls)[i] = xasprintf("%s%s", base, names[i]);
		items[i].url = (*urls)[i];
		items[i].max_size = RPM_MAX_SIZE;
	}
	if (fetch_all(f, items, n) == -1)
		goto out;
	*paths = xcalloc(n + 1, sizeof(char *));
	*sums = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		(*paths)[i] = items[i].path;
		(*sums)[i] = items[i].sha256;
		items[i].path = items[i].sha256 = NULL;
	}
	rc = n;
 out:
	/* n counts names, items and urls whatever happened. */
	if (items != NULL)
		fetch_items_clear(items, n);
	if (rc == -1) {
		strv_free(*urls);
		*urls = NULL;
	}
	strv_free(names);
	free(items);
	free(idx);
	free(base);
	buf_free(&text);
	return rc;
}

/*
 * Gets the candidate Xen packages of xen.rpms as local files: paths[i]
 * (local), urls[i] (for messages) and, for downloaded ones, sums[i] (the
 * fetcher's sha256 of the file; NULL for local files), arrays of n
 * strings the caller frees.  Returns n, or -1 after a message (and the
 * arrays NULL).
 */
static int
xen_files(const char *where, struct fetcher *f, char ***paths,
    char ***urls, char ***sums)
{
	char **names = NULL, *dir;
	int i, n;

	*paths = *urls = *sums = NULL;
	if (is_remote(where))
		return remote_files(where, f, paths, urls, sums);
	if ((dir = local_path(where)) == NULL)
		return -1;
	if ((n = list_local(dir, &names)) != -1) {
		*paths = xcalloc(n + 1, sizeof(char *));
		*urls = xcalloc(n + 1, sizeof(char *));
		for (i = 0; i < n; i++) {
			(*paths)[i] = path_join(dir, names[i]);
			(*urls)[i] = xstrdup((*paths)[i]);
		}
	}
	strv_free(names);
	free(dir);
	return n;
}

/*
 * Takes the Xen packages of xen.rpms into set: each one inspected, the
 * names other than xen_names skipped, each of xen_names exactly once.
 * Returns the number of problems reported.
 */
static int
collect_xen(struct intake *in, const char *where, struct fetcher *f,
    struct rpm_set *set)
{
	char **paths = NULL, **urls = NULL, **sums = NULL;
	struct rpm_pkg pkg;
	int i, n, bad = 0, seen[NXEN] = { 0 };
	size_t k;

	if ((n = xen_files(where, f, &paths, &urls, &sums)) == -1)
		return 1;
	for (i = 0; i < n && !in->broken; i++) {
		memset(&pkg, 0, sizeof(pkg));
		if (rpm_take(in, paths[i], urls[i], sums ? sums[i] : NULL, 1,
		    &pkg) == -1) {
			bad++;
			continue;
		}
		if (!is_xen_name(pkg.name)) {
			log_info("%s: %s is not one of xen, xen-libs, "
			    "xen-devel; not shipped", urls[i], pkg.name);
			rpm_pkg_clear(&pkg);
			continue;
		}
		for (k = 0; k < NXEN; k++)
			if (strcmp(pkg.name, xen_names[k]) == 0 &&
			    seen[k]++ > 0) {
				log_error("%s: a second %s package in xen.rpms "
				    "(keep only one)", urls[i], pkg.name);
				bad++;
			}
		*set_add(set) = pkg;
	}
	for (k = 0; k < NXEN; k++)
		if (!seen[k] && bad == 0) {
			log_error("%s: no %s-%s package (every build needs "
			    "xen, xen-libs and xen-devel: make xen-rpm, see "
			    "docs/xen-rpms.md)", where, xen_names[k],
			    in->version);
			bad++;
		}
	strv_free(paths);
	strv_free(urls);
	strv_free(sums);
	return bad;
}

/* Orders packages by name, then file, so the repository and the manifest
 * come out the same on every build. */
static int
cmp_pkg(const void *a, const void *b)
{
	const struct rpm_pkg *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->url, y->url);
}

/* Frees what in holds and writes back its records (vetted_close). */
static void
intake_clear(struct intake *in)
{
	int i;

	vetted_close(in->vetted);
	if (in->ts != NULL)
		rpmtsFree(in->ts);
	for (i = 0; i < in->nkeys; i++) {
		buf_free(&in->keys[i]);
		free(in->origins[i]);
	}
	free(in->ctx[0]);
	free(in->ctx[1]);
	memset(in, 0, sizeof(*in));
}

int
rpms_collect(const struct xen_settings *xs, struct fetcher *f,
    const char *tools_rpm, struct rpm_set *out)
{
	struct intake in;
	const char *where = xs->rpms;
	int bad = 0;

	memset(out, 0, sizeof(*out));
	memset(&in, 0, sizeof(in));
	if (*where == '\0') {
		log_error("xen.rpms: not set: the media need the rebuilt Xen "
		    "%s RPMs (build them with make xen-rpm, see "
		    "docs/xen-rpms.md, then pass -s xen.rpms=DIR-OR-URL "
		    "-s xen.gpg_keys=KEYFILE)", xs->version);
		return -1;
	}
	in.version = xs->version;
	in.allow_unsigned = xs->allow_unsigned;
	if (keys_read(xs, f, &in) == -1)
		bad++;
	else if (in.nkeys == 0 && !in.allow_unsigned) {
		log_error("xen.gpg_keys: no key to check the Xen RPMs "
		    "against (name the signing key's public file, or set "
		    "xen.allow_unsigned=yes)");
		bad++;
	}
	in.ctx[0] = vet_context(&in, 0);
	in.ctx[1] = vet_context(&in, 1);
	/* Records only with the whole key set read (it is their context). */
	if (bad == 0 && f != NULL)
		in.vetted = vetted_load(fetch_cache_dir(f));
	if (bad == 0)
		bad += collect_xen(&in, where, f, out);
	if (tools_rpm != NULL) {
		struct rpm_pkg pkg;

		memset(&pkg, 0, sizeof(pkg));
		if (rpm_take(&in, tools_rpm, tools_rpm, NULL, 0, &pkg) == -1)
			bad++;
		else
			*set_add(out) = pkg;
	}
	intake_clear(&in);
	if (bad != 0) {
		rpm_set_free(out);
		return -1;
	}
	qsort(out->pkgs, out->n, sizeof(*out->pkgs), cmp_pkg);
	return 0;
}
