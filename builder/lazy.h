/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lazy.h: the heavy libraries, loaded the first time one of their
 * functions is called (lazy.c, lazy.def). */
#ifndef XENINFN_LAZY_H
#define XENINFN_LAZY_H

/* The dlopen() handle of the library soname (never closed).  When it cannot
 * be loaded, exits 1 after a message that names it and the package to
 * install. */
void	*lazy_open(const char *soname, const char *package);

#endif
