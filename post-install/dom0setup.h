/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parts of xeninfn-dom0setup: grub.conf edits (grub.c), chkconfig
 * links written without chkconfig (services.c), the firewall ruleset
 * (firewall.c).
 */
#ifndef XENINFN_POST_DOM0SETUP_H
#define XENINFN_POST_DOM0SETUP_H

#include "common.h"

#define MAX_SERVICE_NAME	64

int	 grub_edit(struct buf *, const char *, const char *, const char *);

int	 service_set(struct edit_ctx *, const char *, int, int);

#define FW_MAX_PORTS	32
#define FW_MAX_ADDRS	64

/* What the ruleset opens: ports to all, the relocation port to addrs. */
struct fw_rules {
	const char	*ports[FW_MAX_PORTS];	/* "22:tcp", "6000-6010:udp" */
	int		 nports;
	char		*addrs[FW_MAX_ADDRS];	/* IPv4, owned */
	int		 naddrs;
	long		 reloc_port;
};

/* Add the IPv4 addresses of hosts (addresses as they are, names from the
 * root's /etc/hosts, else the resolver) to v (at most max, *n of them so
 * far; the caller frees each).  Returns 0, or -1 after a message naming
 * a host with no address. */
int	 fw_resolve(const struct edit_ctx *, const char *const *, int, char **,
	    int *, int);
/* Write etc/sysconfig/iptables for fw.  Returns 0, or -1 after a
 * message. */
int	 fw_setup(struct edit_ctx *, const struct fw_rules *);

#endif
