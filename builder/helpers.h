/* SPDX-License-Identifier: GPL-2.0-or-later */
/* helpers.h: where the target-side helpers are on this host (helpers.c). */
#ifndef XENINFN_HELPERS_H
#define XENINFN_HELPERS_H

/* Where the target-side helpers are: $XENINFN_<NAME>, else beside the
 * xeninfn binary (the build tree), else the installed copies.  Return a
 * path the caller frees, or NULL after a message. */
char	*helper_vtcheck_path(void);
char	*helper_tools_rpm_path(void);
#endif
