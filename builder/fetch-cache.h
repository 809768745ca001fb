/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch-cache.h: the on-disk cache of fetch.c (internal).  Each URL owns
 * three names under the cache directory, all derived from the sha256 of
 * the URL so that no URL can name a path outside it:
 *   HEX        the complete file
 *   HEX.meta   "key value" lines: url, etag, last-modified, mtime, size,
 *              sha256 of the complete file, ident (the identity of the
 *              file the sha256 was computed from: see file_ident)
 * A file:// URL has only a HEX.meta (url, size, ident, sha256): the digest
 * of the file read in place.
 *   HEX.part   a download in progress, resumed with Range by a later run
 *   HEX.pmeta  the validators (etag, last-modified) the .part came with
 */
#ifndef XENINFN_FETCH_CACHE_H
#define XENINFN_FETCH_CACHE_H
#include <stdint.h>

#define CACHE_META_MAX	8192

struct cache_meta {
	char		*url;
	char		*etag;
	char		*last_modified;
	long		 mtime;		/* FTP MDTM time; 0: unknown */
	uint64_t	 size;
	char		*sha256;
	char		*ident;		/* file_ident() when sha256 was
					   computed, or NULL */
};

struct cache_names {
	char	*file;
	char	*meta;
	char	*part;
	char	*pmeta;
};

/* The names of url's entries under dir; free with cache_names_free. */
void	 cache_names_for(const char *dir, const char *url,
	    struct cache_names *);
void	 cache_names_free(struct cache_names *);
/* Reads a .meta / .pmeta file into m (zeroed first).  Returns 0, or -1 when
 * absent or malformed (not logged: the cache is then simply cold). */
int	 cache_meta_read(const char *path, struct cache_meta *m);
/* Writes m atomically to path; 0, or -1 with a message. */
int	 cache_meta_write(const char *path, const struct cache_meta *m);
void	 cache_meta_free(struct cache_meta *);
/* The identity of the file at path, as a string (caller frees):
 * "DEV:INO:SIZE:MTIME.NS:CTIME.NS"; NULL when it cannot be stat'ed.  A
 * digest recorded with it is trusted while stat gives the same string
 * (the ctime changes with every write and cannot be set back).  Returns
 * NULL too while the ctime is less than 2 s old: a write within the same
 * clock tick as the recording would leave the identity unchanged (git's
 * "racily clean" case), so such a file is hashed again next time. */
char	*file_ident(const char *path);
/* The local path of a file:// URL, decoded (caller frees); NULL if url is
 * not a usable file URL (logged). */
char	*file_url_path(const char *url);
#endif
