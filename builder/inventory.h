/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inventory.h: the host inventory of a PXE tree (inventory.c): a CSV file
 * of hosts, read and checked whole, and how a host's columns apply to a
 * profile.  Nothing here knows about the PXE tree itself.
 */
#ifndef XENINFN_INVENTORY_H
#define XENINFN_INVENTORY_H
#include <stddef.h>

struct profile;

/* Hard limits on an inventory: a site of 10,000 hosts is 1 MB of CSV. */
#define INVENTORY_MAX_SIZE	((size_t)64 << 20)
#define INVENTORY_MAX_HOSTS	200000
#define INVENTORY_MAX_COLUMNS	64
#define INVENTORY_MAX_FIELD	1024

/* One host of the inventory.  Every string points into the inventory's
 * own storage; optional fields are NULL when the cell is empty. */
struct host {
	const char	*hostname;
	const char	*mac;		/* lower case, aa:bb:cc:dd:ee:ff */
	const char	*ip, *netmask, *gateway, *nameserver, *guest_ip;
	const char	**overrides;	/* inv->nkeys values, NULL: not set */
	size_t		 line;		/* where its record starts */
};

struct inventory {
	char		*path;
	char		*text;		/* the file, fields cut out in place */
	struct host	*hosts;
	size_t		 n;
	const char	**keys;		/* profile keys of override columns */
	size_t		 nkeys;
	const char	**cells;	/* n * nkeys override values */
};

/*
 * Reads and checks the CSV inventory at path (header row; hostname and mac
 * required; ip, netmask, gateway, nameserver, guest_ip and profile keys
 * optional): every error is printed as "path:line: message" before it
 * returns.  Override values are checked with profile_set on a copy of
 * site and kept in their canonical spelling.  Returns the inventory or
 * NULL; the caller frees it with inventory_free.
 */
struct inventory *inventory_load(const char *path,
	    const struct profile *site);
void	 inventory_free(struct inventory *);
/* The host named name (case-insensitive), or NULL. */
const struct host *inventory_find(const struct inventory *,
	    const char *name);
/*
 * Applies host h's columns to profile p (network.hostname, a static
 * network.* address when it has an ip, its override columns).  Returns 0,
 * or -1 after a message naming the inventory line.
 */
int	 inventory_apply(const struct inventory *, const struct host *h,
	    struct profile *p);
#endif
