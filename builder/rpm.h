/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rpm.h: RPM intake (rpm.c: read each header with librpm and refuse what
 * EL5 x86_64's RPM 4.4.2 cannot install).  The repository made of the
 * set is repo.h's.
 */
#ifndef XENINFN_RPM_H
#define XENINFN_RPM_H
#include <stddef.h>

struct profile;
struct xen_settings;
struct fetcher;

struct rpm_pkg {
	char	*path;		/* local file */
	char	*url;		/* where it came from (or the path) */
	char	*name, *version, *release, *arch;
	char	*sha256;
	char	*signer;	/* key id that signed it, or NULL */
};

struct rpm_set {
	struct rpm_pkg	*pkgs;
	size_t		 n;
};

/*
 * Collects the RPMs the media carry: xen, xen-libs, xen-devel from
 * xen.rpms (a directory or URL) and the tools RPM at tools_rpm, each
 * vetted (arch, payload, digests, rpmlib() needs, version = xen.version,
 * signature against xen.gpg_keys; settings.h).  With a fetcher, a
 * package whose file and inputs are those of an earlier vetting that
 * passed is taken from its record in the fetcher's cache (rpm-vetted.h),
 * without reading it or calling librpm.  Returns 0, or -1 after one
 * message per refused file naming it and the reason.
 */
int	 rpms_collect(const struct xen_settings *, struct fetcher *,
	    const char *tools_rpm, struct rpm_set *out);
void	 rpm_set_free(struct rpm_set *);
#endif
