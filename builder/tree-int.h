/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tree-int.h: what tree.c, treeinfo.c and repomd.c share (internal). */
#ifndef XENINFN_TREE_INT_H
#define XENINFN_TREE_INT_H
#include <stddef.h>

struct buf;
struct fetch_item;
struct fetcher;
struct tree;

#define TREEINFO_MAX	(64 * 1024)
#define DISCINFO_MAX	(4 * 1024)
#define SHA256SUMS_MAX	(1024 * 1024)
#define REPOMD_MAX	(1024 * 1024)
#define REPODATA_MAX	(256ULL * 1024 * 1024)	/* one data file, unpacked */

/* A checksum a tree (or the operator) publishes for one relative path. */
struct tree_sum {
	char	*path;
	int	 algo;		/* enum digest_algo */
	char	*hex;
	char	*source;	/* ".treeinfo", "SHA256SUMS", "repomd.xml" */
};

struct tree_sums {
	struct tree_sum	*v;
	size_t		 n;
};

/* What .discinfo or .treeinfo says about the tree. */
struct tree_desc {
	char	*family;
	char	*release;
	char	*arch;
	char	*timestamp;
	char	*kernel;	/* .treeinfo [images-ARCH], else NULL */
	char	*initrd;
};

/* Parsers: each returns 0, or -1 after a message naming where (the URL of
 * the file, and the line when there is one). */
int	 parse_discinfo(const char *text, const char *where,
	    struct tree_desc *);
int	 parse_treeinfo(const char *text, const char *where, const char *arch,
	    struct tree_desc *, struct tree_sums *);
int	 parse_sha256sums(const char *text, const char *where,
	    struct tree_sums *);
void	 tree_desc_free(struct tree_desc *);
void	 tree_sums_add(struct tree_sums *, const char *path, int algo,
	    const char *hex, const char *source);
void	 tree_sums_free(struct tree_sums *);
/* Checks the file at local against every sum listed for rel; sha256 is
 * its digest when the fetch layer knows it (then a sha256 listed is
 * compared without reading the file), or NULL.  Returns the sources that
 * vouched for it (", "-joined; "none" when nothing is listed; caller
 * frees), or NULL after a message naming url and both values. */
char	*tree_sums_verify(const struct tree_sums *, const char *rel,
	    const char *url, const char *local, const char *sha256);
/* pins.c: checks sha (of url, the image rel of the tree at tree) against
 * the pin in cache_dir/pins; records it when there is none, or when repin
 * is set.  Returns 0 (the image is pinned), or -1 after a message that
 * names url, both values and how to accept the change. */
int	 tree_pin(const char *cache_dir, const char *tree, const char *rel,
	    const char *url, const char *sha, int repin);
/* Syncs the pins file of cache_dir and its directory when tree_pin wrote
 * it since the last call (with fileio_set_durable(0), to sync two pins at
 * once).  Returns 0 or -1 after a message. */
int	 tree_pins_sync(const char *cache_dir);
/* repomd.c: starts fetching (fetch_ahead) the repodata that the tree's
 * repomd.xml names, for tree_packages to take.  Returns 0 (also when the
 * tree has none), or -1 after a message (repomd.xml is refused). */
int	 repodata_ahead(struct tree *, struct fetcher *);
/* repoindex.c: what the code uses of one data file of a repository, kept
 * in the download cache under the file's sha256 (format there). */
struct repo_index {
	char	*data;		/* the index file; its words and fields are
				   NUL-terminated in place */
	char	*verified;	/* "ALGO:HEX" repomd.xml listed and the data
				   matched, or "-" */
	char	**f;		/* n records of nf fields: f[i * nf + j] */
	size_t	 n;
	size_t	 nf;
};
/* Reads the index of kind (records of nf fields) of the file whose sha256
 * is given from the cache dir.  Returns 0, or -1 (no message) when there
 * is none usable: absent, damaged, of another version, or sha256 is not
 * 64 lowercase hex digits.  The caller frees ix with repo_index_free. */
int	 repo_index_read(const char *dir, const char *kind,
	    const char *sha256, size_t nf, struct repo_index *ix);
/* Makes ix from body (n records of nf fields added by repo_index_field;
 * the buffer is taken over and left empty) and stores it in dir under
 * sha256 (not when dir is NULL or sha256 unusable; a failed write only
 * costs the next run a parse).  Returns 0, or -1 after a message. */
int	 repo_index_make(const char *dir, const char *kind,
	    const char *sha256, const char *verified, size_t nf, size_t n,
	    struct buf *body, struct repo_index *ix);
/* Appends the field s to body (its tabs and line breaks made spaces),
 * ended by a tab, or by a newline when it is the last of its record. */
void	 repo_index_field(struct buf *body, const char *s, int last);
void	 repo_index_free(struct repo_index *);
/* fetch_items_clear, and frees the URLs too (tree code builds them). */
void	 tree_items_free(struct fetch_item *, size_t n);
/* Records one input in tree->inputs. */
void	 tree_add_input(struct tree *, const char *role, const char *url,
	    const char *path, const char *sha256, const char *verified_by);
#endif
