/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * oom.h: what lib/ does when memory runs out.  lib/ is linked into two
 * programs with two policies (docs/design.md, "Out of memory"): each side
 * defines lib_oom once.
 *   - the builder (builder/xalloc.c) says "out of memory" and exits 1:
 *     lib_oom never returns there, so no lib call fails for memory;
 *   - the static helpers (post-install/common.c) set errno to ENOMEM and
 *     return -1: the lib function returns its failure (-1 or NULL) and
 *     the helper's caller says what it was doing.
 */
#ifndef XENINFN_LIB_OOM_H
#define XENINFN_LIB_OOM_H

/* Called by lib/ when an allocation fails or a size would overflow.
 * Returns -1 (with errno ENOMEM), or does not return. */
int	lib_oom(void);

#endif
