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

struct profile;
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
 * Discovers the tree at tree.url, checks its release and arch against the
 * profile (tree.release, tree.arch, unless tree.allow_mismatch), fetches
 * the kernel and initrd and verifies them.  Returns NULL after messages
 * naming the URL and what to do.  The caller frees with tree_free.
 */
struct tree	*tree_open(const struct profile *, struct fetcher *);
void		 tree_free(struct tree *);

/* The package names and comps group ids the tree's repodata lists, sorted
 * and unique, each array NULL-terminated; the caller frees them with
 * strv_free.  Returns 0, or -1 after a message. */
int		 tree_packages(struct tree *, struct fetcher *,
		    char ***names, char ***groups);
void		 strv_free(char **);
#endif
