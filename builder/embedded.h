/* SPDX-License-Identifier: GPL-2.0-or-later */
/* embedded.h: the files tools/embed puts inside the binary (kickstart/,
 * isolinux/), by path relative to the source tree. */
#ifndef XENINFN_EMBEDDED_H
#define XENINFN_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char		*path;
	const unsigned char	*data;	/* NUL-terminated */
	size_t			 len;
};
extern const struct embedded_file embedded_files[];
extern const unsigned long embedded_count;
#endif
