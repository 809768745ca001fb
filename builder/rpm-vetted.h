/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rpm-vetted.h: what the RPM intake remembers of the packages it vetted
 * (internal to rpm.c; docs/xen-rpms.md, "Vetted once").  The download
 * cache's rpm-vetted file holds one line per package that passed:
 *   IDENT CTX NAME VERSION RELEASE ARCH SHA256 SIGNER PATH
 * IDENT is the file's identity when it was vetted (file_ident,
 * fetch-cache.h), CTX a digest of everything else the verdict depends on
 * (rpm.c: vet_context), SIGNER "-" for none, PATH (the rest of the line)
 * the file it was read from, used only to drop the records of files that
 * are gone or changed.  The first line is "xeninfn-rpm-vetted 1"; a file
 * with any other first line, or any malformed line, is ignored whole.
 */
#ifndef XENINFN_RPM_VETTED_H
#define XENINFN_RPM_VETTED_H

struct rpm_pkg;
struct vetted;

/* The records of cache_dir/rpm-vetted; an empty set when the file is
 * absent, unreadable or damaged (nothing said).  NULL when cache_dir is
 * NULL: then nothing is found nor kept.  Free with vetted_close. */
struct vetted	*vetted_load(const char *cache_dir);
/* Fills name, version, release, arch, sha256 and signer of pkg (which the
 * caller clears) from the record with this identity and context.
 * Returns 0, or -1 when there is none. */
int		 vetted_find(struct vetted *, const char *ident,
		    const char *ctx, struct rpm_pkg *pkg);
/* Records pkg, vetted under ctx from the file pkg->path whose identity
 * was ident before and after; it replaces any record of that path.  A
 * value that cannot go on a line (empty, blanks, control bytes) is not
 * recorded. */
void		 vetted_add(struct vetted *, const char *ident,
		    const char *ctx, const struct rpm_pkg *pkg);
/* Drops the records neither found nor added whose file no longer has
 * their identity, writes the file again atomically if anything changed
 * (the caller holds the cache's lock), and frees v.  A failed write is
 * said and costs only a vetting next time. */
void		 vetted_close(struct vetted *v);
#endif
