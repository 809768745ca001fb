/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tree.h: an SL 5.1-shaped install tree: discovery (.treeinfo when present,
 * else .discinfo and the standard layout), the boot images fetched and
 * verified against every checksum the tree publishes, and its package
 * index.
 */
#ifndef XENINFN_TREE_H
#define XENINFN_TREE_H
#include <stddef.h>

struct tree_settings;
struct fetcher;

/* One input of the build: what manifest.json lists. */
struct tree_input {
	char	*role;		/* "kernel", "initrd", ".discinfo", ... */
	char	*url;
	char	*path;		/* local (cached) copy */
	char	*sha256;
	char	*verified_by;	/* ".treeinfo", "repomd.xml", "SHA256SUMS",
				   or "none" (the tree publishes nothing) */
};

struct tree {
	char			*url;		/* base, ending in '/' */
	char			*family;	/* "Scientific Linux" */
	char			*release;	/* "5.1" */
	char			*arch;		/* "x86_64" */
	char			*timestamp;	/* .discinfo / .treeinfo */
	int			 has_treeinfo;
	char			*kernel;	/* local path of vmlinuz */
	char			*initrd;	/* local path of initrd.img */
	char			*repodata;	/* relative dir of repomd.xml */
	struct tree_input	*inputs;
	size_t			 ninputs;
};

/*
 * Discovers the tree at ts->url (tree.url), checks its release and arch
 * against the profile's (tree.release, tree.arch, unless
 * tree.allow_mismatch), fetches the kernel and initrd and verifies them
 * (settings.h).  Returns NULL after messages naming the URL and what to
 * do.  The caller frees with tree_free.
 */
struct tree	*tree_open(const struct tree_settings *ts, struct fetcher *);
/* tree_open, told what the caller will read next: with TREE_PACKAGES
 * (tree_packages follows), the repodata that repomd.xml names is fetched
 * while the images come, rather than after them. */
#define TREE_PACKAGES	1
struct tree	*tree_open_for(const struct tree_settings *ts,
		    struct fetcher *, int what);
void		 tree_free(struct tree *);

/* The package names and comps group ids the tree's repodata lists, sorted
 * and unique, each array NULL-terminated; the caller frees them with
 * strv_free (lib/strv.h).  Returns 0, or -1 after a message. */
int		 tree_packages(struct tree *, struct fetcher *,
		    char ***names, char ***groups);

/* One version of a package, as a repository's primary data lists it. */
struct pkg_evr {
	char	*epoch;		/* NULL or "" when the package has none */
	char	*version;
	char	*release;
	char	*arch;
};
/*
 * The versions of the package called name (of arch, or noarch) that a
 * repository lists in its primary data: the tree's own (url NULL), or the
 * repository whose root is url (ending in '/': its repodata/repomd.xml
 * and primary data are fetched, verified against each other and recorded
 * as inputs "updates:...").  *v holds *n of them (caller frees with
 * pkg_evrs_free).  Returns 0; 1 when url has no repodata/repomd.xml (a
 * 404, with no message: the caller names the key it came from); -1 after
 * messages.
 */
int		 repo_versions(struct tree *, struct fetcher *,
		    const char *url, const char *name, const char *arch,
		    struct pkg_evr **v, size_t *n);
void		 pkg_evr_clear(struct pkg_evr *);
void		 pkg_evrs_free(struct pkg_evr *, size_t);
#endif
