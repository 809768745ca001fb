/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vercmp.h: rpm's order of version strings (vercmp.c). */
#ifndef XENINFN_VERCMP_H
#define XENINFN_VERCMP_H

/* Compares two versions (or releases) as librpm's rpmvercmp does: <0 when
 * a is older than b, 0 when they are equal, >0 when a is newer.  Segments
 * of digits compare as numbers, of letters as bytes, digits beat letters;
 * '~' sorts before everything, '^' after the end only. */
int	rpm_vercmp(const char *a, const char *b);
#endif
