/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * updates.c: the SL 5.1 updates repository the kickstart installs from
 * (tree.updates_url), and the check that the repositories of an install
 * hold a kernel-xen that Xen 3.1 can boot: 2.6.18-53.1.6 or later, the
 * SL 5.1 errata kernel built for it, which the 5.1 tree itself lacks
 * (EL5-FACTS.md, "Versions").  Versions compare as rpm compares them
 * (vercmp.c), read from the repositories' primary data.
 */
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "settings.h"
#include "tree.h"
#include "vercmp.h"

/* Where the SL 5 archive keeps a release's security errata, beside the
 * tree: .../51/x86_64/ and .../51/x86_64/updates/security/. */
#define UPDATES_SUBDIR	"updates/security/"

/* base with a '/' at its end (it has one, or gets one), then sub: a new
 * string the caller frees. */
static char *
dir_url(const char *base, const char *sub)
{
	size_t n = strlen(base);

	return xasprintf("%s%s%s", base, n > 0 && base[n - 1] == '/' ? "" :
	    "/", sub);
}

char *
kickstart_updates_url(const struct profile *p, int installer)
{
	struct settings s;
	const char *v;

	settings_of(p, &s);
	if ((v = s.tree.updates_url) != NULL)
		return *v != '\0' ? dir_url(v, "") : NULL;
	return dir_url(installer ? s.tree.install_url : s.tree.url,
	    UPDATES_SUBDIR);
}

/* Compares two epoch:version-release as rpm does: <0, 0 or >0.  A
 * missing epoch is 0. */
static int
evr_cmp(const struct pkg_evr *a, const struct pkg_evr *b)
{
	const char *ea = a->epoch && *a->epoch ? a->epoch : "0";
	const char *eb = b->epoch && *b->epoch ? b->epoch : "0";
	int c;

	if ((c = rpm_vercmp(ea, eb)) != 0 ||
	    (c = rpm_vercmp(a->version, b->version)) != 0)
		return c;
	return rpm_vercmp(a->release, b->release);
}

/* The newest of the n versions of v, or best when it is newer. */
static const struct pkg_evr *
newest(const struct pkg_evr *best, const struct pkg_evr *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (best == NULL || evr_cmp(&v[i], best) > 0)
			best = &v[i];
	return best;
}

/* Says why the updates repository at url could not be read (rc of
 * repo_versions: 1 for a 404, -1 when it said why already). */
static void
updates_error(const struct profile *p, const char *url, int rc)
{
	const char *origin = profile_is_set(p, "tree.updates_url") ?
	    profile_origin(p, "tree.updates_url") :
	    "default, tree.url + " UPDATES_SUBDIR;

	if (rc == 1)
		log_error("tree.updates_url = %s (%s): %srepodata/repomd.xml "
		    "answers 404: there is no yum repository there.  Set "
		    "tree.updates_url to the SL 5.1 updates repository (e.g. "
		    "http://ftp.scientificlinux.org/linux/scientific/obsolete/"
		    "51/x86_64/updates/security/), or to nothing (-s "
		    "tree.updates_url=) to install without updates", url,
		    origin, url);
	else
		log_error("tree.updates_url = %s (%s): cannot read the "
		    "updates repository (see above): check the URL, or set "
		    "tree.updates_url to nothing to install without updates",
		    url, origin);
}

int
kickstart_check_kernel_xen(const struct profile *p, struct tree *t,
    struct fetcher *f)
{
	static const struct pkg_evr min = { NULL, (char *)KERNEL_XEN_MIN_VERSION,
	    (char *)KERNEL_XEN_MIN_RELEASE, NULL };
	char *url = kickstart_updates_url(p, 0);
	struct pkg_evr *v[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 };
	const struct pkg_evr *best, *in_tree, *in_updates;
	int r, rc = -1;

	if (repo_versions(t, f, NULL, "kernel-xen", t->arch, &v[0],
	    &n[0]) != 0)
		goto out;
	if (url != NULL && (r = repo_versions(t, f, url, "kernel-xen",
	    t->arch, &v[1], &n[1])) != 0) {
		updates_error(p, url, r);
		goto out;
	}
	in_tree = newest(NULL, v[0], n[0]);
	in_updates = newest(NULL, v[1], n[1]);
	best = in_updates != NULL && (in_tree == NULL ||
	    evr_cmp(in_updates, in_tree) > 0) ? in_updates : in_tree;
	if (best != NULL && evr_cmp(best, &min) >= 0) {
		log_info("kernel-xen %s-%s (>= %s-%s, built for Xen 3.1) is "
		    "in %s", best->version, best->release, min.version,
		    min.release, best == in_tree ? t->url : url);
		rc = 0;
		goto out;
	}
	log_error("%s: the install needs kernel-xen %s-%s or later (the SL "
	    "5.1 errata kernel, the first built for Xen 3.1; the 5.1 tree "
	    "has 2.6.18-53.el5), but %s%s%s offers %s%s%s%s.  Point "
	    "tree.updates_url at the SL 5.1 updates repository that has it "
	    "(default: tree.url + " UPDATES_SUBDIR "), or tree.url at a tree "
	    "that does", profile_source(p), min.version, min.release, t->url,
	    url ? " with " : "", url ? url : " (tree.updates_url is empty)",
	    best ? "kernel-xen " : "no kernel-xen", best ? best->version : "",
	    best ? "-" : "", best ? best->release : "");
out:
	pkg_evrs_free(v[0], n[0]);
	pkg_evrs_free(v[1], n[1]);
	free(url);
	return rc;
}
