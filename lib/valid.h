/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * valid.h: the shapes of values that reach kickstarts, boot options,
 * config files and file names, one rule each for the builder and the
 * helpers.  Anything that passes here is safe to write into those files
 * without quoting.  Each returns 1 if s has the shape, else 0.
 */
#ifndef XENINFN_LIB_VALID_H
#define XENINFN_LIB_VALID_H

#include <stddef.h>

/* [A-Za-z0-9_.-]{1,max}, not "." or ".." (it may become part of a file
 * name). */
int	valid_name(const char *s, size_t max);
/* An interface name: valid_name with at most 15 bytes (IFNAMSIZ - 1). */
int	valid_ifname(const char *s);
/* A dotted-quad IPv4 address: four decimal parts 0-255 without leading
 * zeros.  EL5's ipcalc and resolver read addresses with inet_aton, which
 * takes "010" as octal 8 and "10.1" as 10.0.0.1: only the form that
 * means the same to every reader passes. */
int	valid_ipv4(const char *s);
/* A netmask: valid_ipv4 with its one bits contiguous from the top, not
 * 0.0.0.0 (255.255.255.0, not 255.0.255.0). */
int	valid_netmask(const char *s);
/* A host name (RFC 1123): 1 to 253 bytes of dot-separated labels of 1 to
 * 63 letters, digits and '-', not starting or ending with '-', no empty
 * label (no trailing dot), the last label not all digits (a name such as
 * "192.0.2.300" or "1234" is what inet_aton would try as an address).
 * An IPv4 address is not a host name (xv_host_ok takes either). */
int	valid_hostname(const char *s);
/* A URL of http://, https://, ftp:// (and file:// with allow_file; it
 * needs an absolute path, the others a host), at most 2048 bytes of
 * printable characters without quotes, backslashes or backquotes. */
int	valid_url(const char *s, int allow_file);
/* A MAC address, aa:bb:cc:dd:ee:ff (either case). */
int	valid_mac(const char *s);
/* A package version: 3.1.2, 3.1.4-rc1 style, starting with a digit, at
 * most 32 bytes. */
int	valid_version(const char *s);

#endif
