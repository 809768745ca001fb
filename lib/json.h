/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.h: JSON string escaping, for xeninfn-vtcheck --json (the builder
 * writes manifest.json and inspect --json with jansson). */
#ifndef XENINFN_LIB_JSON_H
#define XENINFN_LIB_JSON_H

#include "buf.h"

/* Appends s as a quoted JSON string: '"' and '\\' escaped, \n \t \r as
 * such, other bytes below 0x20 as \u00XX, every other byte as it is (the
 * caller hands in UTF-8).  Returns 0, or -1 when out of memory (helpers
 * only, as buf.h). */
int	json_str(struct buf *, const char *s);

#endif
