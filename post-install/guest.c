/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xeninfn-guest: the guests of a XenINFN dom0, one logical volume each in
 * the guest volume group (disk.guest_vg of the profile, which the
 * kickstart's %post writes as GUEST_VG in /etc/sysconfig/xeninfn-guest).
 *
 *   create NAME   a volume and /etc/xen/NAME (Xen 3.1 domain config)
 *   backup NAME   a snapshot of the running guest, streamed through gzip
 *                 with its sha256 to a directory or over ssh
 *   restore NAME  from a backup, checksum first
 *   list          guests, volumes, sizes, last backup
 *
 * docs/post-install.md is the operator's guide.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

#define XEN_DIR		"etc/xen"
#define HVMLOADER	"/usr/lib/xen/boot/hvmloader"
#define QEMU_DM		"/usr/lib64/xen/bin/qemu-dm"
#define PYGRUB		"/usr/bin/pygrub"

enum { C_CREATE = 1, C_BACKUP = 2, C_RESTORE = 4, C_LIST = 8 };

static void
usage(FILE *f)
{
	fprintf(f,
"usage: xeninfn-guest [--root DIR] [--vg VG] COMMAND [NAME] [options]\n"
"Guests of a XenINFN dom0: one logical volume each in the guest volume\n"
"group (GUEST_VG in /etc/sysconfig/xeninfn-guest, or --vg).\n"
"  create NAME --size SIZE [--bridge BR] [--hvm|--pv] [--memory MIB]\n"
"         [--vcpus N] [--autostart]\n"
"        a volume of SIZE (e.g. 10G, 512M) and /etc/xen/NAME on bridge BR\n"
"        (default xenbr1), PV with pygrub (default) or HVM; --autostart\n"
"        links it into /etc/xen/auto\n"
"  backup NAME (--to DIR | --to-ssh HOST:DIR) [--keep N] [--pause]\n"
"         [--snapshot-size SIZE]\n"
"        snapshot the volume (default size: a fifth of it), write\n"
"        NAME-TIME.img.gz and a MANIFEST line with its sha256; keep the\n"
"        last N; --pause (automatic for XFS) pauses the guest while the\n"
"        snapshot is taken\n"
"  restore NAME --from FILE [--volume LV]\n"
"        check FILE's sha256 against its MANIFEST, then write it to the\n"
"        stopped volume NAME (or LV), made when it does not exist\n"
"  list\n"
"        guests, volume sizes, configs, state, last backup\n"
"  --root DIR   the dom0's root (default /): configs, lock, log under it\n"
"  --vg VG      the guest volume group\n"
"Exit: 0 done, 1 failure, 2 usage error.\n");
}

/*
 * Parse "10G", "512M", "2048" (MiB), "1T", "64K" into bytes, at least
 * one MiB.  Returns 0, or -1 when malformed.
 */
int
parse_size(const char *s, uint64_t *bytes)
{
	unsigned long long n;
	char *end;
	int shift = 20;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	case '\0': break;
	default: return -1;
	}
	if (*end != '\0' || errno != 0 || n == 0 || n > (1ULL << (62 - shift)))
		return -1;
	*bytes = (uint64_t)n << shift;
	return *bytes < MIB ? -1 : 0;
}

/* "10.0G", "512.0M".  Returns a string the caller frees, or NULL. */
char *
format_size(uint64_t b)
{
	const char *u = "MGT";
	double v = (double)b / MIB;
	char *s;

	while (v >= 1024 && u[1] != '\0') {
		v /= 1024;
		u++;
	}
	if (asprintf(&s, "%.1f%c", v, *u) == -1)
		return NULL;
	return s;
}

/*
 * mkdir -p for an absolute path.  Returns 0, or -1 after a message.
 */
int
ensure_dir(const char *path)
{
	char *p, *s;
	int rc = 0;

	if ((p = strdup(path)) == NULL)
		return -1;
	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (*s == '\0')
			s = NULL;
		else
			*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			pi_err("mkdir %s: %s", p, strerror(errno));
			rc = -1;
		}
		if (s == NULL)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

/*
 * Take the lock of guest name: flock on var/lock/xeninfn-guest-NAME.lock
 * under the root, without waiting.  The descriptor stays open (close on
 * exec) until the process ends.  Returns it, or -1 after a message (held
 * by another backup or restore of the guest).
 */
int
guest_lock(const struct guest_opts *o, const char *name)
{
	char *dir, *path = NULL;
	int fd = -1;

	if ((dir = root_path(&o->ctx, GUEST_LOCKDIR)) == NULL ||
	    ensure_dir(dir) == -1 ||
	    asprintf(&path, "%s/xeninfn-guest-%s.lock", dir, name) == -1)
		goto out;
	if ((fd = open(path, O_RDWR | O_CREAT, 0600)) == -1) {
		pi_err("%s: %s", path, strerror(errno));
		goto out;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			pi_err("%s: another backup or restore of guest %s is "
			    "running (it holds %s); wait for it to end",
			    name, name, path);
		else
			pi_err("%s: flock: %s", path, strerror(errno));
		close(fd);
		fd = -1;
	}
out:
	free(dir);
	free(path);
	return fd;
}

/* Is s a name LVM and xm both take?  Returns 1 or 0. */
static int
valid_lvname(const char *s, size_t max)
{
	size_t n = strlen(s), k = strlen(GUEST_SNAP_SUFFIX);

	if (!valid_name(s, max) || s[0] == '-')
		return 0;
	return n <= k || strcmp(s + n - k, GUEST_SNAP_SUFFIX) != 0;
}

/*
 * The Xen 3.1 domain configuration of a new guest.  Returns 0, or -1
 * when out of memory (b is then the caller's to free anyway).
 */
static int
domain_config(const struct guest_opts *o, struct buf *b)
{
	int rc;

	rc = buf_printf(b, "# Xen 3.1 domain %s, written by xeninfn-guest "
	    "create.\n# Its disk is the logical volume /dev/%s/%s; back it "
	    "up with\n# xeninfn-guest backup %s.\nname = \"%s\"\n",
	    o->name, o->vg, o->name, o->name, o->name);
	if (rc == 0 && o->hvm)
		rc = buf_printf(b, "builder = 'hvm'\nkernel = \"%s\"\n"
		    "device_model = '%s'\n", HVMLOADER, QEMU_DM);
	else if (rc == 0)
		rc = buf_printf(b, "bootloader = \"%s\"\n", PYGRUB);
	if (rc == 0)
		rc = buf_printf(b, "memory = %u\nvcpus = %u\n", o->memory,
		    o->vcpus);
	if (rc == 0 && o->hvm)
		rc = buf_printf(b, "disk = [ 'phy:/dev/%s/%s,hda,w' ]\n"
		    "vif = [ 'type=ioemu, bridge=%s' ]\nboot = 'c'\nvnc = 1\n"
		    "vnclisten = '127.0.0.1'\nserial = 'pty'\n", o->vg,
		    o->name, o->bridge);
	else if (rc == 0)
		rc = buf_printf(b, "disk = [ 'phy:/dev/%s/%s,xvda,w' ]\n"
		    "vif = [ 'bridge=%s' ]\n", o->vg, o->name, o->bridge);
	if (rc == 0)
		rc = buf_adds(b, "on_poweroff = 'destroy'\n"
		    "on_reboot = 'restart'\non_crash = 'restart'\n");
	return rc;
}

/*
 * Refuse to create over an existing guest or past the free space, and
 * warn about a bridge with no ifcfg file.  Returns 0, or -1 after a
 * message.
 */
static int
create_check(struct guest_opts *o)
{
	struct lv_info lv;
	uint64_t free_b, extent;
	char *cfg = NULL, *ifcfg = NULL, *xen, *need = NULL, *have = NULL;
	int rc = -1, found;

	if ((xen = root_path(&o->ctx, XEN_DIR)) == NULL ||
	    asprintf(&cfg, "%s/%s", xen, o->name) == -1 ||
	    asprintf(&ifcfg, "%s/etc/sysconfig/network-scripts/ifcfg-%s",
	    o->ctx.root, o->bridge) == -1)
		goto out;
	if (!path_exists(xen)) {
		pi_err("%s: missing; is Xen installed?", xen);
		goto out;
	}
	if (path_exists(cfg)) {
		pi_err("%s: exists: guest %s is already defined; choose "
		    "another name", cfg, o->name);
		goto out;
	}
	if ((found = lv_query(o->vg, o->name, &lv)) != 0) {
		if (found == 1)
			pi_err("%s/%s: the volume exists already (%s); choose "
			    "another name", o->vg, o->name, lv.attr);
		goto out;
	}
	if (vg_free(o->vg, &free_b, &extent) == -1)
		goto out;
	if (free_b < o->size) {
		need = format_size(o->size);
		have = format_size(free_b);
		pi_err("volume group %s: %s free, %s wanted; give a smaller "
		    "--size or add space (lvm vgextend)", o->vg,
		    have ? have : "?", need ? need : "?");
		goto out;
	}
	if (!path_exists(ifcfg))
		pi_warn("%s: missing; the bridge %s may not exist (guests of a "
		    "XenINFN dom0 use xenbr1, the management bridge is xenbr0)",
		    ifcfg, o->bridge);
	rc = 0;
out:
	free(cfg);
	free(xen);
	free(ifcfg);
	free(need);
	free(have);
	return rc;
}

/*
 * create: the volume, then the config, then the autostart link; a later
 * step that fails undoes the earlier ones.  Returns an exit code.
 */
static int
cmd_create(struct guest_opts *o)
{
	char size[32], *rel = NULL, *auto_dir = NULL, *link = NULL;
	char *target = NULL;
	struct buf cfg;
	int made = 0, wrote = 0, rc = PI_EXIT_FAIL;

	buf_init(&cfg);
	if (create_check(o) == -1 || domain_config(o, &cfg) == -1)
		goto out;
	snprintf(size, sizeof(size), "%lluM",
	    (unsigned long long)((o->size + MIB - 1) / MIB));
	{
		const char *args[] = { "lvcreate", "-L", size, "-n", o->name,
		    o->vg, NULL };

		if (lvm(args, NULL) != 0) {
			pi_err("%s/%s: lvm lvcreate failed; nothing was "
			    "created", o->vg, o->name);
			goto out;
		}
	}
	made = 1;
	if (asprintf(&rel, XEN_DIR "/%s", o->name) == -1 ||
	    edit_file(&o->ctx, rel, cfg.data, cfg.len, 0644) == -1)
		goto out;
	wrote = 1;
	if (o->autostart) {
		if ((auto_dir = root_path(&o->ctx, XEN_DIR "/auto")) == NULL ||
		    ensure_dir(auto_dir) == -1 ||
		    asprintf(&link, XEN_DIR "/auto/%s", o->name) == -1 ||
		    asprintf(&target, "../%s", o->name) == -1 ||
		    ensure_symlink(&o->ctx, link, target) == -1)
			goto out;
	}
	printf("guest %s: volume /dev/%s/%s, config %s/%s%s\n", o->name, o->vg,
	    o->name, o->ctx.root, rel, o->autostart ? ", autostart" : "");
	rc = PI_EXIT_OK;
out:
	if (rc != PI_EXIT_OK && wrote)
		ensure_absent(&o->ctx, rel);
	if (rc != PI_EXIT_OK && made)
		lv_remove(o->vg, o->name);
	buf_free(&cfg);
	free(rel);
	free(auto_dir);
	free(link);
	free(target);
	return rc;
}

/*
 * list: one line per guest volume (snapshots left out): name, size,
 * whether /etc/xen/NAME and the autostart link exist, running or not,
 * the time of the last good backup.  Returns an exit code.
 */
static int
cmd_list(struct guest_opts *o)
{
	struct lv_info *lvs;
	char *cfg, *aut, *size, last[64];
	size_t n, i;

	if (lv_list(o->vg, &lvs, &n) == -1)
		return PI_EXIT_FAIL;
	printf("%-20s %9s %-6s %-9s %-8s %s\n", "GUEST", "SIZE", "CONFIG",
	    "AUTOSTART", "STATE", "LAST BACKUP");
	for (i = 0; i < n; i++) {
		if (lvs[i].attr[0] == 's' || lvs[i].origin[0] != '\0')
			continue;
		cfg = aut = NULL;
		if (asprintf(&cfg, "%s/" XEN_DIR "/%s", o->ctx.root,
		    lvs[i].name) == -1 || asprintf(&aut, "%s/" XEN_DIR
		    "/auto/%s", o->ctx.root, lvs[i].name) == -1)
			break;
		if (last_backup(o, lvs[i].name, last, sizeof(last)) != 1)
			snprintf(last, sizeof(last), "never");
		size = format_size(lvs[i].size);
		printf("%-20s %9s %-6s %-9s %-8s %s\n", lvs[i].name,
		    size ? size : "?", path_exists(cfg) ? "yes" : "no",
		    path_exists(aut) ? "yes" : "no",
		    xm_running(lvs[i].name) ? "running" : "stopped", last);
		free(size);
		free(cfg);
		free(aut);
	}
	free(lvs);
	return PI_EXIT_OK;
}

/*
 * Split HOST:DIR of --to-ssh.  HOST is [user@]name of letters, digits,
 * '.', '-', '_' (no leading '-', so ssh cannot read it as an option);
 * DIR is absolute, of [A-Za-z0-9_./-] without "..", as it reaches the
 * remote shell.  Returns 0, or -1 after a message.
 */
static int
parse_ssh(struct guest_opts *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	const char *ok = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-";
	char *host, *at;
	size_t n;

	if (colon == NULL || colon == arg) {
		pi_err("--to-ssh %s: expected HOST:DIR", arg);
		return -1;
	}
	if ((host = strndup(arg, colon - arg)) == NULL)
		return -1;
	at = strchr(host, '@');
	n = strlen(host);
	if (host[0] == '-' || (at != NULL && (at == host || at[1] == '-' ||
	    strchr(at + 1, '@') != NULL)) || n > 255 ||
	    strspn(host, ok) + (at != NULL ? 1 + strspn(at + 1, ok) : 0) != n ||
	    (at != NULL && at[1] == '\0')) {
		pi_err("--to-ssh %s: bad host '%s' (letters, digits, '.', '-', "
		    "'_', an optional user@)", arg, host);
		free(host);
		return -1;
	}
	o->ssh_host = host;
	o->ssh_dir = strdup(colon + 1);
	if (o->ssh_dir == NULL || o->ssh_dir[0] != '/' ||
	    strspn(o->ssh_dir, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
	    "rstuvwxyz0123456789._-/") != strlen(o->ssh_dir) ||
	    strstr(o->ssh_dir, "..") != NULL || strlen(o->ssh_dir) > 1024) {
		pi_err("--to-ssh %s: the directory must be absolute, of "
		    "letters, digits, '.', '-', '_' and '/', without '..'", arg);
		return -1;
	}
	return 0;
}

/* Parse a positive number of at most max.  Returns 0 or -1. */
static int
parse_uint(const char *s, unsigned max, unsigned *v)
{
	char *end;
	unsigned long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtoul(s, &end, 10);
	if (*end != '\0' || n == 0 || n > max)
		return -1;
	*v = n;
	return 0;
}

/*
 * Apply one option ch (its argument arg) to o; *seen keeps the commands
 * every option given so far belongs to.  Returns 0, or -1 after a message.
 */
static int
apply_option(struct guest_opts *o, int ch, const char *arg, int *seen,
    const char **root)
{
	switch (ch) {
	case 'r': *root = arg; return 0;
	case 'v': free(o->vg); o->vg = strdup(arg); return 0;
	case 's': *seen &= C_CREATE;
		if (parse_size(arg, &o->size) == 0)
			return 0;
		pi_err("--size %s: expected a size like 10G or 512M", arg);
		return -1;
	case 'b': *seen &= C_CREATE; o->bridge = arg;
		if (valid_ifname(arg))
			return 0;
		pi_err("--bridge %s: not a bridge name", arg);
		return -1;
	case 'H': *seen &= C_CREATE; o->hvm = 1; return 0;
	case 'P': *seen &= C_CREATE; o->hvm = 0; return 0;
	case 'm': *seen &= C_CREATE;
		if (parse_uint(arg, 1024 * 1024, &o->memory) == 0)
			return 0;
		pi_err("--memory %s: expected MiB, e.g. 512", arg);
		return -1;
	case 'c': *seen &= C_CREATE;
		if (parse_uint(arg, 32, &o->vcpus) == 0)
			return 0;
		pi_err("--vcpus %s: expected 1 to 32", arg);
		return -1;
	case 'a': *seen &= C_CREATE; o->autostart = 1; return 0;
	case 't': *seen &= C_BACKUP;
		if (arg[0] == '/' && (o->to_dir = strdup(arg)) != NULL)
			return 0;
		pi_err("--to %s: give an absolute directory", arg);
		return -1;
	case 'S': *seen &= C_BACKUP; return parse_ssh(o, arg);
	case 'k': *seen &= C_BACKUP;
		if (parse_uint(arg, 100000, &o->keep) == 0)
			return 0;
		pi_err("--keep %s: expected a number of backups, 1 or more",
		    arg);
		return -1;
	case 'p': *seen &= C_BACKUP; o->pause = 1; return 0;
	case 'z': *seen &= C_BACKUP;
		if (parse_size(arg, &o->snap_size) == 0)
			return 0;
		pi_err("--snapshot-size %s: expected a size like 2G", arg);
		return -1;
	case 'f': *seen &= C_RESTORE; o->from = arg; return 0;
	case 'V': *seen &= C_RESTORE; o->volume = arg; return 0;
	}
	return -1;
}

/*
 * Parse the command line into o and *cmd.  Returns 0, 1 for --help
 * (printed), or -1 after a message (usage error).
 */
static int
parse_options(int argc, char *argv[], struct guest_opts *o, int *cmd,
    const char **root)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "vg", required_argument, NULL, 'v' },
		{ "size", required_argument, NULL, 's' },
		{ "bridge", required_argument, NULL, 'b' },
		{ "hvm", no_argument, NULL, 'H' },
		{ "pv", no_argument, NULL, 'P' },
		{ "memory", required_argument, NULL, 'm' },
		{ "vcpus", required_argument, NULL, 'c' },
		{ "autostart", no_argument, NULL, 'a' },
		{ "to", required_argument, NULL, 't' },
		{ "to-ssh", required_argument, NULL, 'S' },
		{ "keep", required_argument, NULL, 'k' },
		{ "pause", no_argument, NULL, 'p' },
		{ "snapshot-size", required_argument, NULL, 'z' },
		{ "from", required_argument, NULL, 'f' },
		{ "volume", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "create", "backup", "restore",
	    "list" };
	int ch, seen = ~0, i;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			usage(stdout);
			return 1;
		}
		if (ch == '?' || apply_option(o, ch, optarg, &seen, root) == -1)
			return -1;
	}
	if (optind >= argc) {
		pi_err("no command: create, backup, restore or list");
		return -1;
	}
	for (i = 0, *cmd = 0; i < 4; i++)
		if (strcmp(argv[optind], names[i]) == 0)
			*cmd = 1 << i;
	if (*cmd == 0) {
		pi_err("%s: unknown command (create, backup, restore, list)",
		    argv[optind]);
		return -1;
	}
	if ((seen & *cmd) == 0) {
		pi_err("%s: an option given does not belong to it; see --help",
		    argv[optind]);
		return -1;
	}
	o->name = optind + 1 < argc ? argv[optind + 1] : NULL;
	if ((*cmd == C_LIST) != (o->name == NULL) || optind + 2 < argc) {
		pi_err(*cmd == C_LIST ? "list takes no guest name" :
		    "%s: give one guest name", argv[optind]);
		return -1;
	}
	return 0;
}

/*
 * Check what each command needs and that names are safe for LVM, xm and
 * file names.  Returns 0, or -1 after a message (usage error).
 */
static int
check_options(const struct guest_opts *o, int cmd)
{
	if (o->name != NULL && !valid_lvname(o->name, GUEST_MAX_NAME)) {
		pi_err("%s: a guest name is 1-%d of [A-Za-z0-9_.-], not "
		    "starting with '-' nor ending in %s", o->name,
		    GUEST_MAX_NAME, GUEST_SNAP_SUFFIX);
		return -1;
	}
	if (o->vg != NULL && !valid_lvname(o->vg, 127)) {
		pi_err("--vg %s: not a volume group name", o->vg);
		return -1;
	}
	if (o->volume != NULL && !valid_lvname(o->volume, GUEST_MAX_NAME)) {
		pi_err("--volume %s: not a volume name", o->volume);
		return -1;
	}
	if (cmd == C_CREATE && o->size == 0) {
		pi_err("create: --size SIZE is required (e.g. --size 10G)");
		return -1;
	}
	if (cmd == C_BACKUP && (o->to_dir == NULL) == (o->ssh_host == NULL)) {
		pi_err("backup: give one of --to DIR and --to-ssh HOST:DIR");
		return -1;
	}
	if (cmd == C_RESTORE && o->from == NULL) {
		pi_err("restore: --from FILE is required");
		return -1;
	}
	return 0;
}

/*
 * The guest volume group: --vg, else GUEST_VG of
 * etc/sysconfig/xeninfn-guest under the root, else vg_guests (the
 * profile's default).  Returns 0, or -1 after a message.
 */
static int
resolve_vg(struct guest_opts *o)
{
	struct buf b;
	char *path = NULL, *v = NULL;
	int got;

	if (o->vg == NULL) {
		if ((got = read_rel(&o->ctx, GUEST_CONFIG, &b, &path, NULL)) == -1) {
			free(path);
			return -1;
		}
		if (got == 1)
			v = kv_get(b.data, "GUEST_VG");
		buf_free(&b);
		o->vg = v != NULL ? v : strdup("vg_guests");
		if (v != NULL && !valid_lvname(v, 127)) {
			pi_err("%s: GUEST_VG=%s is not a volume group name",
			    path, v);
			free(path);
			return -1;
		}
		free(path);
	}
	return o->vg == NULL ? -1 : 0;
}

int
main(int argc, char *argv[])
{
	struct guest_opts o;
	const char *root = "/";
	int cmd, rc;

	progname = "xeninfn-guest";
	memset(&o, 0, sizeof(o));
	o.ctx.root = "";
	o.bridge = "xenbr1";
	o.memory = 512;
	o.vcpus = 1;
	if ((rc = parse_options(argc, argv, &o, &cmd, &root)) != 0)
		return rc == 1 ? PI_EXIT_OK : PI_EXIT_USAGE;
	if (check_options(&o, cmd) == -1)
		return PI_EXIT_USAGE;
	if (ctx_set_root(&o.ctx, root) == -1 || resolve_vg(&o) == -1)
		return PI_EXIT_FAIL;
	setenv("LVM_SUPPRESS_FD_WARNINGS", "1", 1);
	switch (cmd) {
	case C_CREATE:	return cmd_create(&o);
	case C_BACKUP:	return cmd_backup(&o);
	case C_RESTORE:	return cmd_restore(&o);
	default:	return cmd_list(&o);
	}
}
