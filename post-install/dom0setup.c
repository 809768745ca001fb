/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xeninfn-dom0setup: the minimal XenINFN dom0 on SL 5.1.
 *   - grub.conf: the default entry boots the rebuilt xen package's
 *     hypervisor (xen.gz-<version>) with kernel-xen as the dom0 kernel,
 *     kernel-xen's own entry next, fallback= to a plain kernel, dom0_mem
 *     on every "kernel /xen.gz" line (kickstart's bootloader has no
 *     --hvargs); --grub-only does this alone (after a kernel-xen update);
 *   - /etc/sysconfig/kernel: DEFAULTKERNEL=kernel-xen, UPDATEDEFAULT=yes;
 *   - xend-config.sxp: the unix server on (libvirt reaches xend through
 *     /var/lib/xend/xend-socket), the HTTP server off; relocation server
 *     off, or bound to the management address with a strict hosts-allow
 *     (--migration); dom0-min-mem; vnc-listen on 127.0.0.1;
 *   - /etc/sysconfig/iptables (--firewall): bridged traffic accepted, only
 *     the profile's ports open, the relocation port to the relocation
 *     hosts only;
 *   - services: xend, xendomains, libvirtd on; needless ones off;
 *   - libvirt's default NAT network (virbr0) off unless asked for.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom0setup.h"

#define GRUB_CONF	"boot/grub/grub.conf"
#define SYSCONFIG_KERNEL "etc/sysconfig/kernel"
#define XEND_CONFIG	"etc/xen/xend-config.sxp"
#define LIBVIRT_NETS	"etc/libvirt/qemu/networks"
#define MAX_SERVICES	32

/* Services a dom0 needs on, and desktop services it does not need. */
static const char *const default_on[] = { "xend", "xendomains", "libvirtd",
    NULL };
static const char *const default_off[] = { "avahi-daemon", "bluetooth",
    "cups", "hidd", "isdn", "pcscd", "yum-updatesd", NULL };

struct options {
	const char	*dom0_mem;
	int		 dom0_mem_set;	/* --dom0-mem given */
	const char	*xen_version;	/* NULL: the newest xen.gz-V in /boot */
	int		 grub_only;
	long		 min_mem;	/* MiB, -1: derive from dom0_mem */
	int		 migration;
	const char	*hosts[XV_MAX_HOSTS];
	int		 nhosts;
	const char	*reloc_addr;
	long		 reloc_port;
	const char	*mgmt_bridge;
	int		 libvirt_net;
	int		 firewall;
	struct fw_rules	 fw;		/* ports, relocation addresses */
	int		 keep_services;
	const char	*enable[MAX_SERVICES];
	int		 nenable;
	const char	*disable[MAX_SERVICES];
	int		 ndisable;
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: xeninfn-dom0setup [--root DIR] [--dry-run] [options]\n"
"Make the target a minimal Xen dom0 (grub, kernel default, xend, services).\n"
"  --root DIR               the target's root (default /)\n"
"  --dry-run                print the changes as a unified diff, change nothing\n"
"  --dom0-mem SIZE          Xen's dom0_mem, [min:X,][max:Y,]Z with K/M/G units\n"
"                           (default 1024M)\n"
"  --xen-version V          the hypervisor /boot/xen.gz-V of the xen package\n"
"                           (default: the newest xen.gz-<version> in /boot)\n"
"  --grub-only              only grub.conf (what the kernel-xen trigger of\n"
"                           xeninfn-tools runs); dom0_mem left as it is\n"
"                           unless --dom0-mem is given\n"
"  --dom0-min-mem MIB       xend's dom0-min-mem (default: dom0_mem's size in MiB,\n"
"                           so xend never balloons dom0 below it; 0: never\n"
"                           balloons dom0)\n"
"  --migration              turn the relocation server on (default off), bound\n"
"                           to the management address\n"
"  --relocation-hosts LIST  hosts allowed to migrate in (comma-separated names\n"
"                           or addresses); required with --migration\n"
"  --relocation-address IP  the management address (default: IPADDR of the\n"
"                           management bridge's ifcfg)\n"
"  --relocation-port N      relocation port (default 8002)\n"
"  --mgmt-bridge BR         management bridge (default xenbr0)\n"
"  --firewall               write /etc/sysconfig/iptables: bridged (guest)\n"
"                           traffic passes, only --open-port ports are open,\n"
"                           with --migration the relocation port only to the\n"
"                           relocation hosts\n"
"  --open-port PORT:PROTO   open PORT (or FROM-TO) to all, tcp or udp, as the\n"
"                           kickstart's firewall --port (repeatable)\n"
"  --libvirt-default-net    keep libvirt's default NAT network (virbr0)\n"
"  --enable-service NAME    also turn NAME on (repeatable)\n"
"  --disable-service NAME   also turn NAME off (repeatable)\n"
"  --keep-services          do not turn off the default needless services\n"
"  -h, --help               this text\n"
"On: xend xendomains libvirtd.  Off: avahi-daemon bluetooth cups hidd isdn\n"
"pcscd yum-updatesd (those installed).\n"
"Exit: 0 done (or nothing to do), 1 failure, 2 usage error.\n");
}

/*
 * The management address: --relocation-address, else IPADDR of the
 * management bridge's ifcfg.  Returns a string the caller frees, or NULL
 * after a message.
 */
static char *
mgmt_address(const struct edit_ctx *ctx, const struct options *o)
{
	struct buf b;
	char *rel = NULL, *path = NULL, *ip = NULL;
	int found;

	buf_init(&b);
	if (asprintf(&rel, "etc/sysconfig/network-scripts/ifcfg-%s",
	    o->mgmt_bridge) == -1) {
		rel = NULL;
		goto out;
	}
	if (o->reloc_addr != NULL) {
		ip = strdup(o->reloc_addr);	/* checked with the options */
		goto out;
	}
	if ((found = read_rel(ctx, rel, &b, &path, NULL)) == -1)
		goto out;
	if (found)
		ip = kv_get(b.data, "IPADDR");
	if (ip == NULL || !valid_ipv4(ip)) {
		pi_err("%s: no valid static IPADDR; --migration binds the "
		    "relocation server to the management address: run "
		    "xeninfn-bridges with --bootproto static first, or give "
		    "--relocation-address", path);
		free(ip);
		ip = NULL;
	}
out:
	buf_free(&b);
	free(rel);
	free(path);
	return ip;
}

/*
 * The hosts-allow value: each host as an anchored regular expression,
 * dots escaped.  xend unescapes sxp strings, so "\\." in the file is the
 * regular expression "\.": '^node1\\.example\\.org$ ^192\\.0\\.2\\.7$'.
 * Returns a string the caller frees, or NULL when out of memory.
 */
static char *
hosts_allow(const struct options *o)
{
	struct buf b;
	const char *c;
	int i;

	buf_init(&b);
	if (buf_adds(&b, "'") == -1)
		return NULL;
	for (i = 0; i < o->nhosts; i++) {
		if (buf_adds(&b, i ? " ^" : "^") == -1)
			goto fail;
		for (c = o->hosts[i]; *c; c++)
			if (buf_adds(&b, *c == '.' ? "\\\\." : (char[]){ *c, 0 })
			    == -1)
				goto fail;
		if (buf_adds(&b, "$") == -1)
			goto fail;
	}
	if (buf_adds(&b, "'") == -1)
		goto fail;
	return b.data;
fail:
	buf_free(&b);
	return NULL;
}

/* Set one sxp key in b; returns 0 or -1 (out of memory). */
static int
set_sxp(struct buf *b, const char *key, const char *fmt, const char *val)
{
	char *v;
	int rc;

	if (asprintf(&v, fmt, val) == -1)
		return -1;
	rc = sxp_set(b, key, v);
	free(v);
	return rc;
}

/* Edit xend-config.sxp.  Returns 0, or -1 after a message. */
static int
setup_xend(struct edit_ctx *ctx, const struct options *o, long min_mem)
{
	struct buf b;
	char *path = NULL, *addr = NULL, *allow = NULL, num[32];
	int rc = -1;

	if (read_rel(ctx, XEND_CONFIG, &b, &path,
	    "install the xen package first") == -1)
		goto out;
	snprintf(num, sizeof(num), "%ld", min_mem);
	if (sxp_set(&b, "xend-unix-server", "yes") == -1 ||
	    sxp_set(&b, "xend-http-server", "no") == -1 ||
	    sxp_set(&b, "dom0-min-mem", num) == -1 ||
	    sxp_set(&b, "vnc-listen", "'127.0.0.1'") == -1)
		goto nomem;
	if (!o->migration) {
		if (sxp_set(&b, "xend-relocation-server", "no") == -1)
			goto nomem;
	} else {
		if ((addr = mgmt_address(ctx, o)) == NULL)
			goto out;
		if ((allow = hosts_allow(o)) == NULL)
			goto nomem;
		snprintf(num, sizeof(num), "%ld", o->reloc_port);
		if (sxp_set(&b, "xend-relocation-server", "yes") == -1 ||
		    sxp_set(&b, "xend-relocation-port", num) == -1 ||
		    set_sxp(&b, "xend-relocation-address", "'%s'", addr) == -1 ||
		    sxp_set(&b, "xend-relocation-hosts-allow", allow) == -1)
			goto nomem;
	}
	rc = edit_file(ctx, XEND_CONFIG, b.data, b.len, 0644);
	goto out;
nomem:
	pi_err("%s: out of memory", path);
out:
	buf_free(&b);
	free(path);
	free(addr);
	free(allow);
	return rc;
}

/*
 * The Xen version of the newest xen.gz-<digits and dots> in the target's
 * /boot (the rebuilt xen package's hypervisor).  Returns a string the
 * caller frees, or NULL after a message.
 */
static char *
find_xen_version(const struct edit_ctx *ctx)
{
	char *dir, *best = NULL;
	DIR *d;
	struct dirent *de;
	const char *v;

	if ((dir = root_path(ctx, "boot")) == NULL) {
		pi_err("out of memory");
		return NULL;
	}
	if ((d = opendir(dir)) == NULL) {
		pi_err("%s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "xen.gz-", 7) != 0)
			continue;
		v = de->d_name + 7;
		if (*v == '\0' || v[strspn(v, "0123456789.")] != '\0' ||
		    (best != NULL && strverscmp(v, best) <= 0))
			continue;
		free(best);
		if ((best = strdup(v)) == NULL)
			break;
	}
	closedir(d);
	if (best == NULL)
		pi_err("%s: no xen.gz-<version>: install the rebuilt xen package "
		    "(it carries the hypervisor), or give --xen-version", dir);
	free(dir);
	return best;
}

/*
 * Edit grub.conf for the hypervisor xen.gz-<version> (NULL: the newest in
 * /boot), dom0_mem mem (NULL: leave it).  Returns 0, or -1 after a
 * message.
 */
static int
setup_grub(struct edit_ctx *ctx, const char *mem, const char *version)
{
	struct buf b;
	char *path = NULL, *found = NULL, *hv = NULL, *rel = NULL;
	int rc = -1;

	buf_init(&b);
	if (version == NULL && (version = found = find_xen_version(ctx)) ==
	    NULL)
		goto out;
	if (asprintf(&rel, "boot/xen.gz-%s", version) == -1) {
		rel = NULL;
		pi_err("out of memory");
		goto out;
	}
	if ((hv = root_path(ctx, rel)) == NULL) {
		pi_err("out of memory");
		goto out;
	}
	if (!path_exists(hv)) {
		pi_err("%s: missing: the rebuilt xen %s package carries it; "
		    "install it before running this helper", hv, version);
		goto out;
	}
	if (read_rel(ctx, GRUB_CONF, &b, &path, "is the boot loader GRUB "
	    "and /boot mounted under the root?") == 1 &&
	    grub_edit(&b, path, version, mem) == 0)
		rc = edit_file(ctx, GRUB_CONF, b.data, b.len, 0600);
out:
	buf_free(&b);
	free(path);
	free(found);
	free(hv);
	free(rel);
	return rc;
}

/* Edit (or create) /etc/sysconfig/kernel.  Returns 0, or -1. */
static int
setup_sysconfig_kernel(struct edit_ctx *ctx)
{
	struct buf b;
	char *path = NULL;
	int found, rc = -1;

	if ((found = read_rel(ctx, SYSCONFIG_KERNEL, &b, &path, NULL)) == -1)
		goto out;
	if ((!found && buf_adds(&b, "# Written by xeninfn-dom0setup\n") ==
	    -1) || kv_set(&b, "UPDATEDEFAULT", "yes") == -1 ||
	    kv_set(&b, "DEFAULTKERNEL", "kernel-xen") == -1)
		pi_err("%s: out of memory", path);
	else
		rc = edit_file(ctx, SYSCONFIG_KERNEL, b.data, b.len, 0644);
out:
	buf_free(&b);
	free(path);
	return rc;
}

/* Turn libvirt's default network's autostart on or off.  0 or -1. */
static int
setup_libvirt_net(struct edit_ctx *ctx, int on)
{
	char *def;
	int have;

	if (!on)
		return ensure_absent(ctx, LIBVIRT_NETS "/autostart/default.xml");
	if ((def = root_path(ctx, LIBVIRT_NETS "/default.xml")) == NULL)
		return -1;
	have = path_exists(def);
	free(def);
	if (!have) {
		pi_warn("%s/" LIBVIRT_NETS "/default.xml: missing (libvirt not "
		    "installed?); --libvirt-default-net has nothing to start",
		    ctx->root);
		return 0;
	}
	return ensure_symlink(ctx, LIBVIRT_NETS "/autostart/default.xml",
	    "../default.xml");
}

/* Is name one of the n strings of list?  Returns 1 or 0. */
static int
listed(const char *const *list, int n, const char *name)
{
	return strv_index(list, (size_t)n, name, 0) >= 0;
}

/* Apply the service choices.  Returns 0, or -1 after a message. */
static int
setup_services(struct edit_ctx *ctx, const struct options *o)
{
	int i;

	for (i = 0; default_on[i] != NULL; i++)
		if (!listed(o->disable, o->ndisable, default_on[i]) &&
		    service_set(ctx, default_on[i], 1, 1) == -1)
			return -1;
	for (i = 0; i < o->nenable; i++)
		if (service_set(ctx, o->enable[i], 1, 1) == -1)
			return -1;
	for (i = 0; !o->keep_services && default_off[i] != NULL; i++)
		if (!listed(o->enable, o->nenable, default_off[i]) &&
		    service_set(ctx, default_off[i], 0, 0) == -1)
			return -1;
	for (i = 0; i < o->ndisable; i++)
		if (service_set(ctx, o->disable[i], 0, 1) == -1)
			return -1;
	return 0;
}

/*
 * Add a comma-separated list to an array of at most max names, checking
 * each with check.  Returns 0, or -1 after a message.
 */
static int
add_names(const char *opt, char *arg, const char **v, int *n, int max,
    int (*check)(const char *), const char *what)
{
	char *name;

	for (name = strtok(arg, ","); name; name = strtok(NULL, ",")) {
		if (!check(name)) {
			pi_err("%s %s: expected %s", opt, name, what);
			return -1;
		}
		if (*n >= max) {
			pi_err("%s: more than %d names", opt, max);
			return -1;
		}
		v[(*n)++] = name;
	}
	return 0;
}

static int
valid_service(const char *s)
{
	return valid_name(s, MAX_SERVICE_NAME);
}

/* Parse a number from min to max into *v.  Returns 0, or -1 after a
 * message. */
static int
parse_num(const char *opt, const char *arg, long min, long max, long *v)
{
	char *end;

	*v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || *v < min || *v > max) {
		pi_err("%s %s: a number from %ld to %ld", opt, arg, min, max);
		return -1;
	}
	return 0;
}

/* Parse the command line into o.  Returns 0, 1 for --help, or -1. */
static int
parse_options(int argc, char *argv[], struct options *o,
    struct edit_ctx *ctx, const char **root)
{
	static const struct option longopts[] = {
		{ "root",		required_argument,	NULL, 'r' },
		{ "dry-run",		no_argument,		NULL, 'n' },
		{ "dom0-mem",		required_argument,	NULL, 'm' },
		{ "dom0-min-mem",	required_argument,	NULL, 'M' },
		{ "xen-version",	required_argument,	NULL, 'X' },
		{ "grub-only",		no_argument,		NULL, 'G' },
		{ "migration",		no_argument,		NULL, 'g' },
		{ "relocation-hosts",	required_argument,	NULL, 'H' },
		{ "relocation-address",	required_argument,	NULL, 'a' },
		{ "relocation-port",	required_argument,	NULL, 'p' },
		{ "mgmt-bridge",	required_argument,	NULL, 'b' },
		{ "libvirt-default-net", no_argument,		NULL, 'l' },
		{ "firewall",		no_argument,		NULL, 'f' },
		{ "open-port",		required_argument,	NULL, 'o' },
		{ "enable-service",	required_argument,	NULL, 'e' },
		{ "disable-service",	required_argument,	NULL, 'd' },
		{ "keep-services",	no_argument,		NULL, 'k' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, rc = 0;

	while (rc == 0 &&
	    (ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r': *root = optarg; break;
		case 'n': ctx->dry_run = 1; break;
		case 'm': o->dom0_mem = optarg; o->dom0_mem_set = 1; break;
		case 'X': o->xen_version = optarg; break;
		case 'G': o->grub_only = 1; break;
		case 'g': o->migration = 1; break;
		case 'a': o->reloc_addr = optarg; break;
		case 'b': o->mgmt_bridge = optarg; break;
		case 'l': o->libvirt_net = 1; break;
		case 'f': o->firewall = 1; break;
		case 'k': o->keep_services = 1; break;
		case 'M':
			rc = parse_num("--dom0-min-mem", optarg, 0, 1 << 20,
			    &o->min_mem);
			break;
		case 'p':
			rc = parse_num("--relocation-port", optarg, 1, 65535,
			    &o->reloc_port);
			break;
		case 'o':
			rc = add_names("--open-port", optarg, o->fw.ports,
			    &o->fw.nports, FW_MAX_PORTS, xv_port_ok,
			    "PORT:tcp, PORT:udp or FROM-TO:PROTO, ports 1-65535");
			break;
		case 'H':
			rc = add_names("--relocation-hosts", optarg, o->hosts,
			    &o->nhosts, XV_MAX_HOSTS, xv_host_ok,
			    "a host name or an IPv4 address");
			break;
		case 'e':
			rc = add_names("--enable-service", optarg, o->enable,
			    &o->nenable, MAX_SERVICES, valid_service,
			    "a service name");
			break;
		case 'd':
			rc = add_names("--disable-service", optarg, o->disable,
			    &o->ndisable, MAX_SERVICES, valid_service,
			    "a service name");
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (rc == 0 && optind != argc) {
		usage(stderr);
		rc = -1;
	}
	return rc;
}

/* Check the options together.  Returns 0, or -1 after a message. */
static int
check_options(struct options *o)
{
	long mib;
	int i;

	if ((mib = xv_dom0_mem_mib(o->dom0_mem)) < 0) {
		pi_err("--dom0-mem %s: expected [min:X,][max:Y,]Z with sizes "
		    "like 512M or 2G", o->dom0_mem);
		return -1;
	}
	if (o->min_mem < 0)
		o->min_mem = mib > 0 ? mib : 256;
	if (o->xen_version != NULL && (o->xen_version[0] == '\0' ||
	    strlen(o->xen_version) > 32 || o->xen_version[strspn(
	    o->xen_version, "0123456789.")] != '\0')) {
		pi_err("--xen-version %s: expected a version such as 3.1.2",
		    o->xen_version);
		return -1;
	}
	if (!valid_ifname(o->mgmt_bridge)) {
		pi_err("--mgmt-bridge %s: 1-15 of A-Z a-z 0-9 _ . -",
		    o->mgmt_bridge);
		return -1;
	}
	if (o->reloc_addr != NULL && !valid_ipv4(o->reloc_addr)) {
		pi_err("--relocation-address %s: not an IPv4 address",
		    o->reloc_addr);
		return -1;
	}
	if (o->migration && o->nhosts == 0) {
		pi_err("--migration needs --relocation-hosts: an open "
		    "relocation server lets any host push a domain into dom0");
		return -1;
	}
	if (!o->migration && (o->nhosts || o->reloc_addr)) {
		pi_err("--relocation-hosts and --relocation-address need "
		    "--migration");
		return -1;
	}
	if (o->fw.nports && !o->firewall) {
		pi_err("--open-port needs --firewall");
		return -1;
	}
	for (i = 0; o->migration && i < o->fw.nports; i++)
		if (xv_port_has(o->fw.ports[i], o->reloc_port, "tcp")) {
			pi_err("--open-port %s opens the relocation port %ld to "
			    "every host; with --migration it is opened to the "
			    "--relocation-hosts only: leave it out",
			    o->fw.ports[i], o->reloc_port);
			return -1;
		}
	for (i = 0; i < o->nenable; i++)
		if (listed(o->disable, o->ndisable, o->enable[i])) {
			pi_err("service %s both enabled and disabled",
			    o->enable[i]);
			return -1;
		}
	return 0;
}

/* Every edit, in order.  Returns 0, or -1 after a message. */
static int
setup_all(struct edit_ctx *ctx, void *arg)
{
	const struct options *o = arg;

	if (setup_grub(ctx, o->grub_only && !o->dom0_mem_set ? NULL :
	    o->dom0_mem, o->xen_version) == -1)
		return -1;
	if (o->grub_only)
		return 0;
	if (setup_sysconfig_kernel(ctx) == -1 ||
	    setup_xend(ctx, o, o->min_mem) == -1 ||
	    (o->firewall && fw_setup(ctx, &o->fw) == -1) ||
	    setup_services(ctx, o) == -1 ||
	    setup_libvirt_net(ctx, o->libvirt_net) == -1)
		return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct edit_ctx ctx = { "", 0, 0 };
	const char *root = "/";
	int rc;

	progname = "xeninfn-dom0setup";
	memset(&o, 0, sizeof(o));
	o.dom0_mem = "1024M";
	o.min_mem = -1;
	o.reloc_port = 8002;
	o.mgmt_bridge = "xenbr0";
	if ((rc = parse_options(argc, argv, &o, &ctx, &root)) != 0)
		return rc == 1 ? PI_EXIT_OK : PI_EXIT_USAGE;
	if (check_options(&o) == -1)
		return PI_EXIT_USAGE;
	if (ctx_set_root(&ctx, root) == -1)
		return PI_EXIT_FAIL;
	rc = PI_EXIT_OK;
	o.fw.reloc_port = o.reloc_port;
	if (o.firewall && o.migration && fw_resolve(&ctx, o.hosts, o.nhosts,
	    o.fw.addrs, &o.fw.naddrs, FW_MAX_ADDRS) == -1)
		rc = PI_EXIT_FAIL;
	else if (edit_checked(&ctx, setup_all, &o) == -1)
		rc = PI_EXIT_FAIL;
	while (o.fw.naddrs > 0)
		free(o.fw.addrs[--o.fw.naddrs]);
	return rc;
}
