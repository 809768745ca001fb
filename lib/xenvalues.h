/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xenvalues.h: the values xeninfn-dom0setup takes for Xen and xend, in one
 * place, so that the builder refuses in the profile what the helper would
 * refuse on the installed host (lib/: both sides build xenvalues.c).
 */
#ifndef XENINFN_XENVALUES_H
#define XENINFN_XENVALUES_H

/* At most this many names in a relocation hosts list. */
#define XV_MAX_HOSTS	32

/*
 * Checks a dom0_mem value in Xen 3.1's grammar, [min:X,][max:Y,]Z in any
 * order, each size a number with a K, M or G unit (required: Xen's own
 * default unit is easy to get wrong).  Returns the MiB of the plain size
 * Z, 0 when there is none, -1 if malformed.
 */
long	xv_dom0_mem_mib(const char *s);
/* 1 if s is a host name or IPv4 address fit for a relocation hosts-allow
 * rule and a firewall rule: valid_ipv4 or valid_hostname (valid.h; so
 * 192.0.2.300 is neither); else 0. */
int	xv_host_ok(const char *s);
/* 1 if s is a comma-separated list of 1 to XV_MAX_HOSTS names that
 * xv_host_ok accepts, with no blanks; else 0. */
int	xv_hosts_ok(const char *s);
/* 1 if s is PORT:PROTO or FROM-TO:PROTO (ports 1 to 65535 without leading
 * zeros, FROM below TO, PROTO tcp or udp), a port the dom0's firewall
 * opens (the kickstart's firewall --port, xeninfn-dom0setup --open-port);
 * else 0. */
int	xv_port_ok(const char *s);
/* 1 if the port spec s, which xv_port_ok accepts, covers port over proto
 * ("tcp" or "udp"); else 0. */
int	xv_port_has(const char *s, long port, const char *proto);
#endif
