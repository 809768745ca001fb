/* SPDX-License-Identifier: GPL-2.0-or-later */
/* repo.h: the XenINFN yum repository (repo.c): the RPMs with repodata
 * that yum 3.0 reads, made with libcreaterepo_c. */
#ifndef XENINFN_REPO_H
#define XENINFN_REPO_H

struct rpm_set;

/* Copies the set into dir (created) with repodata for yum 3.0 (sha,
 * gzip'd XML, no sqlite).  Returns 0, or -1 after a message. */
int	 repo_create(const char *dir, const struct rpm_set *);
#endif
