/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xeninfn-bridges: the dual-bridge network of a XenINFN dom0 on SL 5.1.
 *
 * The bridges are initscripts bridges: ifcfg-xenbr0 and ifcfg-xenbr1 with
 * TYPE=Bridge, BRIDGE=xenbrN in the NICs' ifcfg files, and
 * (network-script /bin/true) in xend-config.sxp so xend leaves the network
 * alone.  docs/post-install.md says why this and not a network-bridge
 * wrapper.  The management bridge takes over the NIC's addressing (or the
 * one given with --bootproto); the guest bridge has no address unless
 * --guest-ip gives the dom0 one there.  A machine without the guest NIC
 * gets the management bridge and a warning.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define NS_DIR		"etc/sysconfig/network-scripts"
#define XEND_CONFIG	"etc/xen/xend-config.sxp"
#define MAX_SETS	16

/* Addressing of the management bridge. */
struct addressing {
	char	*bootproto;	/* "dhcp" or "static" */
	char	*ip;
	char	*netmask;
	char	*gateway;
	char	*dns[2];
};

struct options {
	const char	*mgmt_nic;
	const char	*mgmt_bridge;
	const char	*guest_nic;
	const char	*guest_bridge;
	int		 no_guest;
	struct addressing addr;	/* from the command line */
	struct addressing guest; /* the dom0's own address on the guest
				   bridge, if any (static, no gateway) */
};

/* One ifcfg file to write: keys to set, keys to delete. */
struct ifcfg {
	const char	*device;
	const char	*header;	/* first line of a new file */
	const char	*set[MAX_SETS][2];
	int		 nset;
	int		 del_addr;	/* delete the address keys */
};

/* Keys that hold an interface's IP configuration. */
static const char *const addr_keys[] = {
	"IPADDR", "NETMASK", "GATEWAY", "NETWORK", "BROADCAST", "DNS1",
	"DNS2", NULL
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: xeninfn-bridges [--root DIR] [--dry-run] [options]\n"
"Set up the XenINFN dual-bridge network (initscripts bridges).\n"
"  --root DIR            the target's root (default /)\n"
"  --dry-run             print the changes as a unified diff, change nothing\n"
"  --mgmt-nic NIC        management NIC (default eth0)\n"
"  --mgmt-bridge BR      management bridge (default xenbr0)\n"
"  --guest-nic NIC       guest NIC (default eth1)\n"
"  --guest-bridge BR     guest bridge (default xenbr1)\n"
"  --no-guest-bridge     only the management bridge\n"
"  --bootproto dhcp|static  addressing of the management bridge (default:\n"
"                        taken over from the management NIC's ifcfg, else dhcp)\n"
"  --ip ADDR --netmask MASK [--gateway ADDR]  static address (implies static)\n"
"  --dns ADDR            name server, up to two times\n"
"  --guest-ip ADDR --guest-netmask MASK  an address for the dom0 on the\n"
"                        guest bridge (default: none, the bridge only\n"
"                        carries the guests' traffic)\n"
"  -h, --help            this text\n"
"Exit: 0 done (or nothing to do), 1 failure, 2 usage error.\n");
}

/* Add KEY=value to an ifcfg plan.  Returns nothing (MAX_SETS is ample). */
static void
plan_set(struct ifcfg *f, const char *key, const char *value)
{
	if (f->nset < MAX_SETS) {
		f->set[f->nset][0] = key;
		f->set[f->nset][1] = value;
		f->nset++;
	}
}

/*
 * Apply the plan to NS_DIR/ifcfg-DEVICE, keeping the rest of the file.
 * Returns 0, or -1 after a message.
 */
static int
write_ifcfg(struct edit_ctx *ctx, const struct ifcfg *f)
{
	struct buf b;
	char *rel = NULL, *path = NULL;
	int i, found, rc = -1;

	if ((found = read_relf(ctx, &b, &rel, &path, NULL, NS_DIR "/ifcfg-%s", f->device)) == -1)
		goto out;
	if (!found && buf_printf(&b, "%s\n", f->header) == -1)
		goto nomem;
	for (i = 0; f->del_addr && addr_keys[i] != NULL; i++)
		if (kv_del(&b, addr_keys[i]) == -1)
			goto nomem;
	for (i = 0; i < f->nset; i++)
		if (f->set[i][1] != NULL &&
		    kv_set(&b, f->set[i][0], f->set[i][1]) == -1)
			goto nomem;
	rc = edit_file(ctx, rel, b.data, b.len, 0644);
	goto out;
nomem:
	pi_err("%s: out of memory or file too large", path);
out:
	buf_free(&b);
	free(rel);
	free(path);
	return rc;
}

/*
 * Read ROOT/sys/class/net/NIC/address as an upper-case MAC, the way
 * anaconda writes HWADDR.  Returns a string the caller frees, or NULL
 * when it cannot be read or is not a MAC (no pinning then).
 */
static char *
nic_hwaddr(const struct edit_ctx *ctx, const char *nic)
{
	struct buf b;
	char *rel, *path = NULL, *mac = NULL;
	int missing, i;

	if (asprintf(&rel, "sys/class/net/%s/address", nic) == -1)
		return NULL;
	path = root_path(ctx, rel);
	free(rel);
	if (path == NULL || read_file(path, &b, &missing) == -1 || missing) {
		free(path);
		return NULL;
	}
	b.data[strcspn(b.data, "\n")] = '\0';
	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? b.data[i] != ':' : !isxdigit((unsigned char)
		    b.data[i]))
			break;
	if (i == 17 && b.data[17] == '\0') {
		for (i = 0; i < 17; i++)
			b.data[i] = toupper((unsigned char)b.data[i]);
		mac = b.data;
	} else {
		pi_warn("%s: not a MAC address; %s not pinned by HWADDR",
		    path, nic);
		buf_free(&b);
	}
	free(path);
	return mac;
}

/* Does the NIC exist under the root (sysfs, or an ifcfg file)?  1 or 0. */
static int
nic_known(const struct edit_ctx *ctx, const char *nic)
{
	char *rel = NULL, *path;
	int found = 0, pass;

	for (pass = 0; pass < 2 && !found; pass++) {
		if (asprintf(&rel, pass == 0 ? "sys/class/net/%s" :
		    NS_DIR "/ifcfg-%s", nic) == -1)
			return 0;
		if ((path = root_path(ctx, rel)) != NULL)
			found = path_exists(path);
		free(path);
		free(rel);
	}
	return found;
}

/*
 * Read the addressing an existing ifcfg file describes into a (strings
 * the caller frees).  Returns 1 if the file exists and says BOOTPROTO, 0
 * if not, -1 after a message (unreadable file, bad address in it).
 */
static int
addressing_from(const struct edit_ctx *ctx, const char *dev,
    struct addressing *a)
{
	struct buf b;
	char *rel = NULL, *path = NULL, *proto;
	char **vals[5] = { &a->ip, &a->netmask, &a->gateway, &a->dns[0],
	    &a->dns[1] };
	static const char *const keys[5] = { "IPADDR", "NETMASK", "GATEWAY",
	    "DNS1", "DNS2" };
	int found, i, rc = -1;

	if ((found = read_relf(ctx, &b, &rel, &path, NULL, NS_DIR "/ifcfg-%s", dev)) == -1)
		goto out;
	rc = 0;
	if (!found || (proto = kv_get(b.data, "BOOTPROTO")) == NULL)
		goto out;
	for (i = 0; i < 5; i++) {
		*vals[i] = kv_get(b.data, keys[i]);
		if (*vals[i] != NULL && !valid_ipv4(*vals[i])) {
			pi_err("%s: %s=%s is not an IPv4 address; fix the file "
			    "or give --bootproto", path, keys[i], *vals[i]);
			rc = -1;
		}
	}
	if (rc == 0 && (strcmp(proto, "static") == 0 ||
	    strcmp(proto, "none") == 0) && a->ip != NULL) {
		a->bootproto = strdup("static");
		if (a->netmask == NULL) {
			pi_err("%s: IPADDR without NETMASK; add NETMASK= or "
			    "give --bootproto", path);
			rc = -1;
		}
	} else
		a->bootproto = strdup("dhcp");
	free(proto);
	if (rc == 0)
		rc = 1;
out:
	buf_free(&b);
	free(rel);
	free(path);
	return rc;
}

/*
 * Decide the management bridge's addressing: the options, else what the
 * bridge already has (a second run), else the NIC's, else DHCP.  Returns
 * 0, or -1 after a message.
 */
static int
mgmt_addressing(const struct edit_ctx *ctx, const struct options *o,
    struct addressing *a)
{
	int rc;

	memset(a, 0, sizeof(*a));
	if (o->addr.bootproto != NULL) {
		*a = o->addr;
		return 0;
	}
	if ((rc = addressing_from(ctx, o->mgmt_bridge, a)) != 0)
		return rc == 1 ? 0 : -1;
	memset(a, 0, sizeof(*a));
	if ((rc = addressing_from(ctx, o->mgmt_nic, a)) != 0)
		return rc == 1 ? 0 : -1;
	a->bootproto = "dhcp";
	return 0;
}

/* Plan the ifcfg of a bridge; with a == NULL it gets no address. */
static void
plan_bridge(struct ifcfg *f, const char *bridge, const struct addressing *a,
    const char *header)
{
	memset(f, 0, sizeof(*f));
	f->device = bridge;
	f->header = header;
	f->del_addr = 1;
	plan_set(f, "DEVICE", bridge);
	plan_set(f, "TYPE", "Bridge");
	plan_set(f, "ONBOOT", "yes");
	plan_set(f, "DELAY", "0");
	plan_set(f, "STP", "off");
	if (a == NULL || strcmp(a->bootproto, "static") != 0) {
		plan_set(f, "BOOTPROTO", a == NULL ? "none" : "dhcp");
	} else {
		plan_set(f, "BOOTPROTO", "static");
		plan_set(f, "IPADDR", a->ip);
		plan_set(f, "NETMASK", a->netmask);
		plan_set(f, "GATEWAY", a->gateway);
	}
	if (a != NULL) {
		plan_set(f, "DNS1", a->dns[0]);
		plan_set(f, "DNS2", a->dns[1]);
	}
}

/* Plan the ifcfg of a NIC enslaved to bridge, pinned by MAC if known. */
static void
plan_port(struct ifcfg *f, const char *nic, const char *bridge,
    const char *mac)
{
	memset(f, 0, sizeof(*f));
	f->device = nic;
	f->header = "# XenINFN bridge port, written by xeninfn-bridges";
	f->del_addr = 1;
	plan_set(f, "DEVICE", nic);
	plan_set(f, "BOOTPROTO", "none");
	plan_set(f, "ONBOOT", "yes");
	plan_set(f, "BRIDGE", bridge);
	plan_set(f, "HWADDR", mac);
}

/* Enslave nic to a new bridge.  Returns 0, or -1 after a message. */
static int
setup_pair(struct edit_ctx *ctx, const char *nic, const char *bridge,
    const struct addressing *a, const char *header)
{
	struct ifcfg f;
	char *mac;
	int rc;

	if ((mac = nic_hwaddr(ctx, nic)) == NULL)
		pi_warn("cannot read %s/sys/class/net/%s/address: %s is not "
		    "pinned by HWADDR (the ifcfg's own HWADDR, if any, stays)",
		    ctx->root, nic, nic);
	plan_bridge(&f, bridge, a, header);
	rc = write_ifcfg(ctx, &f);
	plan_port(&f, nic, bridge, mac);
	if (rc == 0)
		rc = write_ifcfg(ctx, &f);
	free(mac);
	return rc;
}

/* Make xend leave the network to initscripts.  Returns 0 or -1. */
static int
setup_xend(struct edit_ctx *ctx)
{
	struct buf b;
	char *path = NULL;
	int rc = -1;

	if (read_rel(ctx, XEND_CONFIG, &b, &path, "install the xen package "
	    "before running this helper") == -1)
		goto out;
	if (sxp_set(&b, "network-script", "/bin/true") == -1) {
		pi_err("%s: out of memory", path);
		goto out;
	}
	rc = edit_file(ctx, XEND_CONFIG, b.data, b.len, 0644);
out:
	buf_free(&b);
	free(path);
	return rc;
}

/* Check an address option.  Returns 0, or -1 after a message. */
static int
check_ip(const char *opt, const char *val)
{
	if (val == NULL || valid_ipv4(val))
		return 0;
	pi_err("%s %s: not an IPv4 address (like 192.0.2.10)", opt, val);
	return -1;
}

/* Check a name option.  Returns 0, or -1 after a message. */
static int
check_name(const char *opt, const char *val)
{
	if (valid_ifname(val))
		return 0;
	pi_err("%s %s: interface names are 1-15 of A-Z a-z 0-9 _ . -",
	    opt, val);
	return -1;
}

/* Check the options together.  Returns 0, or -1 after a message. */
static int
check_options(struct options *o, int ndns)
{
	struct addressing *a = &o->addr;

	if (check_name("--mgmt-nic", o->mgmt_nic) == -1 ||
	    check_name("--mgmt-bridge", o->mgmt_bridge) == -1 ||
	    check_name("--guest-nic", o->guest_nic) == -1 ||
	    check_name("--guest-bridge", o->guest_bridge) == -1 ||
	    check_ip("--ip", a->ip) == -1 ||
	    check_ip("--netmask", a->netmask) == -1 ||
	    check_ip("--gateway", a->gateway) == -1 ||
	    check_ip("--dns", a->dns[0]) == -1 ||
	    check_ip("--dns", a->dns[1]) == -1)
		return -1;
	if (check_ip("--guest-ip", o->guest.ip) == -1 ||
	    check_ip("--guest-netmask", o->guest.netmask) == -1)
		return -1;
	if ((o->guest.ip == NULL) != (o->guest.netmask == NULL)) {
		pi_err("--guest-ip and --guest-netmask go together");
		return -1;
	}
	if (o->guest.ip != NULL && o->no_guest) {
		pi_err("--guest-ip needs the guest bridge (drop "
		    "--no-guest-bridge)");
		return -1;
	}
	if (o->guest.netmask != NULL && !valid_netmask(o->guest.netmask)) {
		pi_err("--guest-netmask %s: the one bits must be contiguous "
		    "(like 255.255.255.0)", o->guest.netmask);
		return -1;
	}
	if (a->netmask != NULL && !valid_netmask(a->netmask)) {
		pi_err("--netmask %s: the one bits must be contiguous "
		    "(like 255.255.255.0)", a->netmask);
		return -1;
	}
	if (ndns > 2) {
		pi_err("--dns: at most two name servers (DNS1, DNS2)");
		return -1;
	}
	if (strcmp(o->mgmt_nic, o->guest_nic) == 0 ||
	    strcmp(o->mgmt_bridge, o->guest_bridge) == 0 ||
	    strcmp(o->mgmt_nic, o->guest_bridge) == 0 ||
	    strcmp(o->guest_nic, o->mgmt_bridge) == 0) {
		pi_err("the management and guest NICs and bridges must be "
		    "four different names");
		return -1;
	}
	if (a->bootproto == NULL && (a->ip || a->netmask || a->gateway))
		a->bootproto = "static";
	if (a->bootproto == NULL && ndns > 0) {
		pi_err("--dns needs --bootproto (or --ip)");
		return -1;
	}
	if (a->bootproto == NULL)
		return 0;
	if (strcmp(a->bootproto, "dhcp") != 0 &&
	    strcmp(a->bootproto, "static") != 0) {
		pi_err("--bootproto %s: use dhcp or static", a->bootproto);
		return -1;
	}
	if (strcmp(a->bootproto, "static") == 0 &&
	    (a->ip == NULL || a->netmask == NULL)) {
		pi_err("--bootproto static needs --ip and --netmask");
		return -1;
	}
	if (strcmp(a->bootproto, "dhcp") == 0 && (a->ip || a->netmask ||
	    a->gateway)) {
		pi_err("--bootproto dhcp takes no --ip, --netmask, --gateway");
		return -1;
	}
	return 0;
}

/* Every edit, in order.  Returns 0, or -1 after a message. */
static int
setup_all(struct edit_ctx *ctx, void *arg)
{
	const struct options *o = arg;
	struct addressing mgmt;

	if (!nic_known(ctx, o->mgmt_nic)) {
		pi_err("management NIC %s: neither %s/sys/class/net/%s nor "
		    "%s/" NS_DIR "/ifcfg-%s exists; name the NIC with "
		    "--mgmt-nic", o->mgmt_nic, ctx->root, o->mgmt_nic,
		    ctx->root, o->mgmt_nic);
		return -1;
	}
	if (setup_xend(ctx) == -1 || mgmt_addressing(ctx, o, &mgmt) == -1 ||
	    setup_pair(ctx, o->mgmt_nic, o->mgmt_bridge, &mgmt,
	    "# XenINFN management bridge, written by xeninfn-bridges") == -1)
		return -1;
	if (o->no_guest)
		return 0;
	if (!nic_known(ctx, o->guest_nic)) {
		pi_warn("guest NIC %s not found (no %s/sys/class/net/%s, no "
		    "ifcfg-%s): guest bridge %s NOT created; guests can only "
		    "use %s, or give --guest-nic", o->guest_nic, ctx->root,
		    o->guest_nic, o->guest_nic, o->guest_bridge,
		    o->mgmt_bridge);
		return 0;
	}
	return setup_pair(ctx, o->guest_nic, o->guest_bridge,
	    o->guest.ip != NULL ? &o->guest : NULL,
	    "# XenINFN guest bridge, written by xeninfn-bridges");
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "root",		required_argument,	NULL, 'r' },
		{ "dry-run",		no_argument,		NULL, 'n' },
		{ "mgmt-nic",		required_argument,	NULL, 'm' },
		{ "mgmt-bridge",	required_argument,	NULL, 'M' },
		{ "guest-nic",		required_argument,	NULL, 'g' },
		{ "guest-bridge",	required_argument,	NULL, 'G' },
		{ "no-guest-bridge",	no_argument,		NULL, 'N' },
		{ "bootproto",		required_argument,	NULL, 'b' },
		{ "ip",			required_argument,	NULL, 'i' },
		{ "netmask",		required_argument,	NULL, 'k' },
		{ "gateway",		required_argument,	NULL, 'w' },
		{ "dns",		required_argument,	NULL, 'd' },
		{ "guest-ip",		required_argument,	NULL, 'I' },
		{ "guest-netmask",	required_argument,	NULL, 'K' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct options o = { "eth0", "xenbr0", "eth1", "xenbr1", 0,
	    { NULL, NULL, NULL, NULL, { NULL, NULL } },
	    { "static", NULL, NULL, NULL, { NULL, NULL } } };
	struct edit_ctx ctx = { "", 0, 0 };
	const char *root = "/";
	int ch, ndns = 0;

	progname = "xeninfn-bridges";
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r': root = optarg; break;
		case 'n': ctx.dry_run = 1; break;
		case 'm': o.mgmt_nic = optarg; break;
		case 'M': o.mgmt_bridge = optarg; break;
		case 'g': o.guest_nic = optarg; break;
		case 'G': o.guest_bridge = optarg; break;
		case 'N': o.no_guest = 1; break;
		case 'b': o.addr.bootproto = optarg; break;
		case 'i': o.addr.ip = optarg; break;
		case 'k': o.addr.netmask = optarg; break;
		case 'w': o.addr.gateway = optarg; break;
		case 'I': o.guest.ip = optarg; break;
		case 'K': o.guest.netmask = optarg; break;
		case 'd':
			if (ndns < 2)
				o.addr.dns[ndns] = optarg;
			ndns++;
			break;
		default:	/* 'h', or a usage error */
			return pi_usage(ch, usage);
		}
	}
	if (optind != argc)
		return pi_usage('?', usage);
	if (check_options(&o, ndns) == -1)
		return PI_EXIT_USAGE;
	if (ctx_set_root(&ctx, root) == -1)
		return PI_EXIT_FAIL;
	if (edit_checked(&ctx, setup_all, &o) == -1)
		return PI_EXIT_FAIL;
	return PI_EXIT_OK;
}
