/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksrules.c: the rules of the kickstart checker: each command line read
 * against its spec (ksgrammar.c, through kslex.c), then what pykickstart
 * 0.43's handler checks beyond the options, then the documented failures
 * of the installer that the parser lets through (anaconda's kickstart.py
 * handlers and its loader, each listed with its source in
 * docs/kickstart.md), and warnings for what is suspicious but installs.
 * Also the %packages lines and the commands an unattended install needs.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kscheck-int.h"

/* ---- lists and scopes ---- */

/* Appends a copy of name (given at line) to l. */
static void
names_add(struct ks_names *l, const char *name, int line)
{
	l->v = realloc_n(l->v, l->n + 1, sizeof(*l->v));
	l->line = realloc_n(l->line, l->n + 1, sizeof(*l->line));
	l->v[l->n] = xstrdup(name);
	l->line[l->n++] = line;
}

/* The index of name in l, or -1. */
static int
names_find(const struct ks_names *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], name) == 0)
			return (int)i;
	return -1;
}

/* Frees the names of l and empties it. */
static void
names_free(struct ks_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->line);
	memset(l, 0, sizeof(*l));
}

/* The lists of a scope, for the functions that treat them all alike. */
#define SCOPE_LISTS(s) { &(s)->cmds, &(s)->pvs, &(s)->raids, \
	&(s)->raid_used, &(s)->vgs, &(s)->vg_pesize, &(s)->lvs, \
	&(s)->onparts, &(s)->mpath_devs }
#define NLISTS	9

void
ks_scope_copy(struct ks_scope *dst, const struct ks_scope *src)
{
	struct ks_names *d[] = SCOPE_LISTS(dst);
	const struct ks_names *s[] = SCOPE_LISTS(src);

	memset(dst, 0, sizeof(*dst));
	dst->upgrade = src->upgrade;
	for (size_t i = 0; i < NLISTS; i++)
		for (size_t j = 0; j < s[i]->n; j++)
			names_add(d[i], s[i]->v[j], s[i]->line[j]);
}

void
ks_scope_union(struct ks_scope *dst, const struct ks_scope *src)
{
	struct ks_names *d[] = SCOPE_LISTS(dst);
	const struct ks_names *s[] = SCOPE_LISTS(src);

	dst->upgrade |= src->upgrade;
	for (size_t i = 0; i < NLISTS; i++)
		for (size_t j = 0; j < s[i]->n; j++)
			if (names_find(d[i], s[i]->v[j]) < 0)
				names_add(d[i], s[i]->v[j], s[i]->line[j]);
}

void
ks_scope_free(struct ks_scope *sc)
{
	struct ks_names *l[] = SCOPE_LISTS(sc);

	for (size_t i = 0; i < NLISTS; i++)
		names_free(l[i]);
}

int
ks_seen(const struct ks_scope *sc, const char *cmd)
{
	return names_find(&sc->cmds, cmd) >= 0;
}

/* ---- values ---- */

#define CRYPT_CHARS	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"abcdefghijklmnopqrstuvwxyz"

/* Warns about a password hash given as crypted (what says whose): SL
 * 5.1's glibc 2.5 checks DES and MD5-crypt only; anything else installs
 * but nobody can log in with a password. */
static void
check_crypt(struct ks *k, const char *what, const char *h)
{
	const char *salt = h + 3, *dollar;

	if (strncmp(h, "$5$", 3) == 0 || strncmp(h, "$6$", 3) == 0) {
		ks_finding(k, KS_WARN, "%s: SHA-%s crypt came with RHEL 5.2: "
		    "SL 5.1's glibc 2.5 cannot check it, so the account is "
		    "locked; use an MD5-crypt hash (openssl passwd -1)", what,
		    h[1] == '5' ? "256" : "512");
	} else if (strncmp(h, "$1$", 3) == 0) {
		dollar = strchr(salt, '$');
		if (dollar == NULL || dollar == salt || dollar - salt > 8 ||
		    strlen(dollar + 1) != 22 ||
		    strspn(dollar + 1, CRYPT_CHARS) != 22)
			ks_finding(k, KS_WARN, "%s: malformed MD5-crypt hash "
			    "(expected $1$salt$ and 22 characters): no "
			    "password will match it", what);
	} else if (strlen(h) == 13 && strspn(h, CRYPT_CHARS) == 13) {
		ks_finding(k, KS_WARN, "%s: a DES crypt hash: only the first 8 "
		    "characters of the password count; prefer MD5-crypt",
		    what);
	} else if (*h != '!' && *h != '*')
		ks_finding(k, KS_WARN, "%s: '%s' is no hash SL 5.1 can check: "
		    "anaconda stores it as given and the account is locked "
		    "(fine for a placeholder; otherwise use openssl passwd "
		    "-1)", what, h);
}

/* 1 if s is a comma-separated list of dotted IPv4 addresses. */
static int
ipv4_list(const char *s)
{
	int ok = *s != '\0';

	while (ok && *s != '\0') {
		size_t n = strcspn(s, ",");
		char *one = xstrndup(s, n);

		ok = valid_ipv4(one);
		free(one);
		s += n + (s[n] == ',');
	}
	return ok;
}

/* network: addresses and static settings the loader needs. */
static void
check_network(struct ks *k, const struct ksparsed *p)
{
	const char *bp = ksopt_value(p, "--bootproto");
	static const char *const addrs[] = { "--ip", "--netmask",
	    "--gateway" };

	for (size_t i = 0; i < 3; i++) {
		const char *v = ksopt_value(p, addrs[i]);

		if (v != NULL && !valid_ipv4(v))
			ks_finding(k, KS_INSTALL, "network %s %s: not a dotted "
			    "IPv4 address: the loader drops it and asks",
			    addrs[i], v);
	}
	if (ksopt_value(p, "--nameserver") != NULL &&
	    !ipv4_list(ksopt_value(p, "--nameserver")))
		ks_finding(k, KS_INSTALL, "network --nameserver %s: expected "
		    "IPv4 addresses separated by commas",
		    ksopt_value(p, "--nameserver"));
	if (bp != NULL && strcmp(bp, "static") == 0 &&
	    (ksopt_value(p, "--ip") == NULL ||
	    ksopt_value(p, "--netmask") == NULL))
		ks_finding(k, KS_INSTALL, "network --bootproto=static without "
		    "--ip and --netmask: the loader would stop and ask");
	if (ksopt_value(p, "--device") == NULL)
		ks_finding(k, KS_WARN, "network without --device: the first "
		    "NIC (or ksdevice=) gets it");
}

/* url --url (the loader's) or repo --baseurl (yum's). */
static void
check_url(struct ks *k, const char *what, const char *u, int yum)
{
	if (u == NULL || *u == '\0')
		return;
	if (strncmp(u, "http://", 7) == 0 || strncmp(u, "ftp://", 6) == 0)
		return;
	if (yum && (strncmp(u, "https://", 8) == 0 ||
	    strncmp(u, "file://", 7) == 0))
		return;
	ks_finding(k, KS_INSTALL, "%s %s: %s", what, u, yum ?
	    "yum of RHEL 5.1 reads http://, https://, ftp:// and file:// "
	    "repositories only" :
	    "the RHEL 5.1 loader fetches only http:// and ftp:// URLs "
	    "(use nfs or harddrive for the others)");
}

/* The firewall's --port takes port:proto items separated by commas; a
 * bad one reaches lokkit, which drops it. */
static void
check_ports(struct ks *k, const char *v)
{
	while (v != NULL && *v != '\0') {
		size_t n = strcspn(v, ","), c = strcspn(v, ":,");
		int ok = c > 0 && strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789- ") >= c;

		if (ok && c < n)
			ok = (n - c - 1 == 3 && (strncmp(v + c + 1, "tcp", 3)
			    == 0 || strncmp(v + c + 1, "udp", 3) == 0));
		if (!ok)
			ks_finding(k, KS_WARN, "firewall --port %.*s: expected "
			    "port:tcp or port:udp (items separated by commas)",
			    (int)n, v);
		v += n + (v[n] == ',');
	}
}

/* ---- partitioning (anaconda's AnacondaKSHandlers) ---- */

/* 1 if the value of option o of p is a whole number other than 0. */
static int
nonzero(const struct ksparsed *p, const char *o)
{
	long v = 0;
	const char *s = ksopt_value(p, o);

	return s != NULL && kslex_pyint(s, &v) && v != 0;
}

/* The integer value of option o of p, or dflt when not given. */
static long
intval(const struct ksparsed *p, const char *o, long dflt)
{
	long v = dflt;
	const char *s = ksopt_value(p, o);

	if (s != NULL)
		(void)kslex_pyint(s, &v);
	return v;
}

/* part: names defined twice, size, --start, --onpart (anaconda's
 * doPartition). */
static void
check_part(struct ks *k, const struct ksparsed *p)
{
	const char *mp = p->pos[0], *onpart = ksopt_first(p, "--onpart");
	int swap_rec = strcmp(mp, "swap") == 0 &&
	    ksopt_value(p, "--recommended") != NULL;

	if (strncmp(mp, "raid.", 5) == 0 || strncmp(mp, "pv.", 3) == 0) {
		struct ks_names *l = mp[0] == 'r' ? &k->sc.raids : &k->sc.pvs;

		if (names_find(l, mp) >= 0)
			ks_finding(k, KS_INSTALL, "part %s: defined twice "
			    "(line %d): anaconda stops", mp,
			    l->line[names_find(l, mp)]);
		else
			names_add(l, mp, k->line);
	} else if (*mp != '/' && strcmp(mp, "swap") != 0 &&
	    strcmp(mp, "None") != 0 && strcmp(mp, "appleboot") != 0 &&
	    strcmp(mp, "prepboot") != 0)
		ks_finding(k, KS_WARN, "part %s: expected a mount point "
		    "(/...), swap, pv.NAME or raid.NAME", mp);
	if (ksopt_value(p, "--size") == NULL && !swap_rec &&
	    !nonzero(p, "--start") && !nonzero(p, "--end") &&
	    (onpart == NULL || *onpart == '\0'))
		ks_finding(k, KS_INSTALL, "part %s: no --size, --onpart or "
		    "--start/--end: anaconda stops (\"Partition requires a "
		    "size specification\")", mp);
	if (nonzero(p, "--start") && (ksopt_value(p, "--ondisk") == NULL ||
	    *ksopt_value(p, "--ondisk") == '\0'))
		ks_finding(k, KS_INSTALL, "part %s --start without --ondisk: "
		    "anaconda stops", mp);
	if (onpart != NULL && *onpart != '\0') {
		const char *dev = strncmp(onpart, "/dev/", 5) == 0 ?
		    onpart + 5 : onpart;

		if (names_find(&k->sc.onparts, dev) >= 0)
			ks_finding(k, KS_INSTALL, "part %s --onpart %s: the "
			    "partition is already used: anaconda stops", mp,
			    dev);
		else
			names_add(&k->sc.onparts, dev, k->line);
	}
}

/* The physical extent sizes (KiB) anaconda's lvm.py offers: powers of
 * two from 1 MiB to 16 GiB. */
static int
valid_pesize(long v)
{
	return v >= 1024 && v <= 16L * 1024 * 1024 && (v & (v - 1)) == 0;
}

/* volgroup: members defined earlier, --pesize (doVolumeGroup); records
 * the group and its extent size. */
static void
check_volgroup(struct ks *k, const struct ksparsed *p)
{
	const char *vg = p->pos[0];
	long pe = intval(p, "--pesize", 32768);
	char *pair;

	for (size_t i = 1; i < p->npos; i++)
		if (names_find(&k->sc.pvs, p->pos[i]) < 0)
			ks_finding(k, KS_INSTALL, "volgroup %s: %s is not "
			    "defined by an earlier part or raid command: "
			    "anaconda stops", vg, p->pos[i]);
	if (p->npos == 1 && ksopt_value(p, "--useexisting") == NULL &&
	    ksopt_value(p, "--noformat") == NULL)
		ks_finding(k, KS_INSTALL, "volgroup %s has no physical volumes: "
		    "name them (pv.NAME) or use --useexisting", vg);
	if (!valid_pesize(pe))
		ks_finding(k, KS_INSTALL, "volgroup %s --pesize %ld: anaconda "
		    "takes a power of two from 1024 to 16777216 (KiB)", vg, pe);
	if (names_find(&k->sc.vgs, vg) >= 0)
		ks_finding(k, KS_WARN, "volgroup %s: defined again (line %d): "
		    "the last one wins", vg,
		    k->sc.vgs.line[names_find(&k->sc.vgs, vg)]);
	names_add(&k->sc.vgs, vg, k->line);
	pair = xasprintf("%s %ld", vg, pe);
	names_add(&k->sc.vg_pesize, pair, k->line);
	free(pair);
}

/* The physical extent size of the last volgroup named vg (KiB). */
static long
vg_pesize(const struct ks *k, const char *vg)
{
	long pe = 32768;
	size_t n = strlen(vg);

	for (size_t i = 0; i < k->sc.vg_pesize.n; i++)
		if (strncmp(k->sc.vg_pesize.v[i], vg, n) == 0 &&
		    k->sc.vg_pesize.v[i][n] == ' ')
			pe = strtol(k->sc.vg_pesize.v[i] + n + 1, NULL, 10);
	return pe;
}

/* logvol's size, percent and extent checks (doLogicalVolume). */
static void
check_logvol_size(struct ks *k, const struct ksparsed *p, const char *mp,
    const char *vg)
{
	long pct = intval(p, "--percent", 0), size = intval(p, "--size", 0);
	int preexist = ksopt_value(p, "--useexisting") != NULL ||
	    ksopt_value(p, "--noformat") != NULL;

	if (preexist)
		return;
	if (pct == 0) {
		if (size == 0 && !(strcmp(mp, "swap") == 0 &&
		    ksopt_value(p, "--recommended") != NULL))
			ks_finding(k, KS_INSTALL, "logvol %s: give --size, "
			    "--percent or --useexisting (swap: "
			    "--recommended): anaconda stops (\"Size "
			    "required\")", mp);
		else if (size != 0 && ksopt_value(p, "--grow") == NULL &&
		    size * 1024 < vg_pesize(k, vg))
			ks_finding(k, KS_INSTALL, "logvol %s --size %ld: "
			    "smaller than the physical extent of %s: anaconda "
			    "stops", mp, size, vg);
	} else if (pct < 0 || pct > 100)
		ks_finding(k, KS_INSTALL, "logvol %s --percent %ld: anaconda "
		    "takes 1 to 100", mp, pct);
}

/* logvol: mount point, volume group defined earlier, name unused. */
static void
check_logvol(struct ks *k, const struct ksparsed *p)
{
	const char *mp = p->pos[0], *vg = ksopt_value(p, "--vgname"),
	    *name = ksopt_value(p, "--name");
	char *lv;

	if (*mp != '/' && strcmp(mp, "swap") != 0)
		ks_finding(k, KS_INSTALL, "logvol %s: not a mount point (/...) "
		    "or swap: anaconda stops", mp);
	if (vg == NULL || name == NULL)
		return;
	if (names_find(&k->sc.vgs, vg) < 0)
		ks_finding(k, KS_INSTALL, "logvol --vgname %s: no earlier "
		    "volgroup command defines it: anaconda stops", vg);
	lv = xasprintf("%s/%s", vg, name);
	if (names_find(&k->sc.lvs, lv) >= 0)
		ks_finding(k, KS_INSTALL, "logvol --name %s: already used in "
		    "volume group %s (line %d): anaconda stops", name, vg,
		    k->sc.lvs.line[names_find(&k->sc.lvs, lv)]);
	else
		names_add(&k->sc.lvs, lv, k->line);
	free(lv);
	check_logvol_size(k, p, mp, vg);
}

/* 1 if pykickstart's --level callback knows v (it keeps no other). */
static int
raid_level(const char *v)
{
	static const char *const levels[] = { "RAID0", "0", "RAID1", "1",
	    "RAID5", "5", "RAID6", "6", NULL };

	for (const char *const *l = levels; *l != NULL; l++)
		if (strcmp(*l, v) == 0)
			return 1;
	return 0;
}

/* The first --level value raid takes: its callback keeps the first it
 * knows. */
static const char *
raid_level_given(const struct ksparsed *p)
{
	for (size_t i = 0; i < p->nopt; i++)
		if (strcmp(p->opt[i].name, "--level") == 0 &&
		    raid_level(p->opt[i].val))
			return p->opt[i].val;
	return NULL;
}

/* raid members: defined by an earlier part, used once (doRaid). */
static void
check_raid_members(struct ks *k, const struct ksparsed *p)
{
	for (size_t i = 1; i < p->npos; i++) {
		const char *m = p->pos[i];

		if (names_find(&k->sc.raids, m) < 0)
			ks_finding(k, KS_INSTALL, "raid %s: member %s is not "
			    "defined by an earlier part command: anaconda "
			    "stops", p->pos[0], m);
		else if (names_find(&k->sc.raid_used, m) >= 0)
			ks_finding(k, KS_INSTALL, "raid %s: member %s is "
			    "already used (line %d): anaconda stops",
			    p->pos[0], m, k->sc.raid_used.line[
			    names_find(&k->sc.raid_used, m)]);
		else
			names_add(&k->sc.raid_used, m, k->line);
	}
}

/* raid: --device as pykickstart reads it, mount point, members, level. */
static void
check_raid(struct ks *k, const struct ksparsed *p)
{
	const char *mp = p->pos[0], *dev = ksopt_first(p, "--device");
	int preexist = ksopt_value(p, "--useexisting") != NULL ||
	    ksopt_value(p, "--noformat") != NULL;

	/* pykickstart 0.43 runs int() on --device after dropping "md" */
	if (dev != NULL && !kslex_int(strncmp(dev, "md", 2) == 0 ?
	    dev + 2 : dev, 10, NULL))
		ks_finding(k, KS_PARSE, "raid --device %s: expected mdN or a "
		    "number", dev);
	if (strncmp(mp, "pv.", 3) == 0) {
		if (names_find(&k->sc.pvs, mp) >= 0)
			ks_finding(k, KS_INSTALL, "raid %s: defined twice: "
			    "anaconda stops", mp);
		else
			names_add(&k->sc.pvs, mp, k->line);
	} else if (*mp != '/' && strcmp(mp, "swap") != 0)
		ks_finding(k, KS_INSTALL, "raid %s: not a mount point (/...), "
		    "swap or pv.NAME: anaconda stops", mp);
	check_raid_members(k, p);
	if (!preexist && raid_level_given(p) == NULL)
		ks_finding(k, KS_INSTALL, "raid %s: no --level of RAID0, RAID1, "
		    "RAID5, RAID6 (or 0, 1, 5, 6): anaconda stops (\"RAID "
		    "Partition defined without RAID level\")", mp);
	if (!preexist && p->npos == 1)
		ks_finding(k, KS_INSTALL, "raid %s has no members: name them "
		    "(raid.NAME) or use --useexisting", mp);
}

/* ---- other commands ---- */

/* rootpw: the hash kind, or a warning for clear text. */
static void
check_rootpw(struct ks *k, const struct ksparsed *p)
{
	if (ksopt_value(p, "--iscrypted") != NULL)
		check_crypt(k, "rootpw --iscrypted", p->pos[0]);
	else
		ks_finding(k, KS_WARN, "rootpw without --iscrypted: the "
		    "password is in clear text on the media; use an MD5-crypt "
		    "hash");
}

/* bootloader: passwords, --upgrade without an upgrade. */
static void
check_bootloader(struct ks *k, const struct ksparsed *p)
{
	const char *v;

	if ((v = ksopt_value(p, "--md5pass")) != NULL && *v != '\0')
		check_crypt(k, "bootloader --md5pass", v);
	if ((v = ksopt_value(p, "--password")) != NULL && *v != '\0')
		ks_finding(k, KS_WARN, "bootloader --password is clear text; "
		    "prefer --md5pass");
	if (ksopt_value(p, "--upgrade") != NULL && !k->sc.upgrade)
		ks_finding(k, KS_INSTALL, "bootloader --upgrade without an "
		    "earlier upgrade command: anaconda stops");
}

/* repo: the scheme of --baseurl. */
static void
check_repo(struct ks *k, const struct ksparsed *p)
{
	check_url(k, "repo --baseurl", ksopt_value(p, "--baseurl"), 1);
}

/* multipath: a --device used by an earlier multipath stops pykickstart
 * 0.43 (doMultiPath). */
static void
check_multipath(struct ks *k, const struct ksparsed *p)
{
	const char *dev = ksopt_value(p, "--device");

	if (dev == NULL)
		return;
	if (names_find(&k->sc.mpath_devs, dev) >= 0)
		ks_finding(k, KS_PARSE, "multipath --device %s: already used "
		    "by the multipath of line %d", dev,
		    k->sc.mpath_devs.line[names_find(&k->sc.mpath_devs, dev)]);
	else
		names_add(&k->sc.mpath_devs, dev, k->line);
}

/* A raw argument that looks like an option of a later release is taken
 * as the value itself by anaconda 11.1. */
static void
check_raw_value(struct ks *k, const struct kscmd *c, const char *v)
{
	if (strncmp(v, "--", 2) == 0 && strcmp(c->name, "key") != 0)
		ks_finding(k, KS_WARN, "%s %s: anaconda 11.1 takes '%s' as the "
		    "value itself%s", c->name, v, v,
		    ksgrammar_later_option(c->name, v) != NULL ? " (an option "
		    "of later anaconda releases)" : "");
}

/* The checks of values and combinations, per command. */
static void
check_values(struct ks *k, const struct kscmd *c, const struct ksparsed *p)
{
	const char *n = c->name;

	if (strcmp(n, "rootpw") == 0)
		check_rootpw(k, p);
	else if (strcmp(n, "user") == 0 && ksopt_value(p, "--password") &&
	    ksopt_value(p, "--iscrypted"))
		check_crypt(k, "user --password", ksopt_value(p, "--password"));
	else if (strcmp(n, "bootloader") == 0)
		check_bootloader(k, p);
	else if (strcmp(n, "network") == 0)
		check_network(k, p);
	else if (strcmp(n, "url") == 0)
		check_url(k, "url --url", ksopt_value(p, "--url"), 0);
	else if (strcmp(n, "repo") == 0)
		check_repo(k, p);
	else if (strcmp(n, "firewall") == 0) {
		/* every --port is kept, unlike a plain value: check each */
		for (size_t i = 0; i < p->nopt; i++)
			if (strcmp(p->opt[i].name, "--port") == 0)
				check_ports(k, p->opt[i].val);
	} else if (strcmp(n, "part") == 0)
		check_part(k, p);
	else if (strcmp(n, "volgroup") == 0)
		check_volgroup(k, p);
	else if (strcmp(n, "logvol") == 0)
		check_logvol(k, p);
	else if (strcmp(n, "raid") == 0)
		check_raid(k, p);
	else if (strcmp(n, "multipath") == 0)
		check_multipath(k, p);
	else if (strcmp(n, "upgrade") == 0)
		k->sc.upgrade = 1;
	else if (strcmp(n, "interactive") == 0)
		ks_finding(k, KS_WARN, "interactive: anaconda stops at every "
		    "screen; the install is not unattended");
}

/* ---- a command line ---- */

/* Records c as seen; warns when a command that may appear once comes
 * again (anaconda 11.1 keeps the last). */
static void
see_command(struct ks *k, const struct kscmd *c)
{
	int i = names_find(&k->sc.cmds, c->name);

	if (i < 0)
		names_add(&k->sc.cmds, c->name, k->line);
	else if (!(c->flags & KC_MULTI))
		ks_finding(k, KS_WARN, "%s given again (line %d): the last one "
		    "wins", c->name, k->sc.cmds.line[i]);
}

/* Checks the number of positional arguments and the "exactly one of"
 * options of c.  Returns 0 if the values can be checked. */
static int
check_arity(struct ks *k, const struct kscmd *c, const struct ksparsed *p)
{
	int rc = 0;

	if (c->maxargs >= 0 && p->npos > (size_t)c->maxargs) {
		if (c->flags & KC_EXTRA_WARN)
			ks_finding(k, KS_WARN, "%s: '%s' ignored: anaconda 11.1 "
			    "reads no such argument", c->name,
			    p->pos[c->maxargs]);
		else
			ks_finding(k, KS_PARSE, "%s: takes %s%d argument%s, not "
			    "%zu", c->name, c->minargs == c->maxargs ? "" :
			    "at most ", c->maxargs, c->maxargs == 1 ? "" : "s",
			    p->npos);
	}
	if (p->npos < (size_t)c->minargs) {
		ks_finding(k, KS_PARSE, "%s: needs %d argument%s", c->name,
		    c->minargs, c->minargs == 1 ? "" : "s");
		rc = -1;
	}
	if (c->oneof != NULL) {
		size_t la = strcspn(c->oneof, "|");
		char *a = xstrndup(c->oneof, la);
		const char *b = c->oneof + la + 1, *va = ksopt_value(p, a),
		    *vb = ksopt_value(p, b);
		/* repo tests the values' truth; harddrive their presence */
		int strict = strcmp(c->name, "repo") == 0;
		int ha = va != NULL && (!strict || *va != '\0');
		int hb = vb != NULL && (!strict || *vb != '\0');

		if (ha == hb)
			ks_finding(k, KS_PARSE, "%s: give %s or %s (exactly "
			    "one)", c->name, a, b);
		free(a);
	}
	return rc;
}

/* Checks a command that pykickstart 0.43 hands its words unparsed. */
static void
check_raw(struct ks *k, const struct kscmd *c, char **argv, size_t argc)
{
	struct ksparsed p = { 0 };

	if (c->flags & KC_FREEFORM) {
		for (size_t i = 0; i < argc; i++)
			if (strncmp(argv[i], "--", 2) != 0)
				ks_finding(k, KS_WARN, "%s: '%s' is not an "
				    "authconfig option", c->name, argv[i]);
		return;
	}
	if (strcmp(c->name, "zerombr") == 0 && argc > 0) {
		ks_finding(k, KS_WARN, "zerombr: takes no arguments any more; "
		    "anaconda 11.1 ignores them (deprecated)");
		return;
	}
	p.pos = (const char **)argv;
	p.npos = argc;
	if (check_arity(k, c, &p) == 0 && c->minargs == 1 && argc >= 1)
		check_raw_value(k, c, argv[0]);
	if (strcmp(c->name, "interactive") == 0 && argc == 0)
		check_values(k, c, &p);
	else if (strcmp(c->name, "upgrade") == 0 && argc == 0)
		k->sc.upgrade = 1;
}

void
ksrules_command(struct ks *k, char **argv, size_t argc)
{
	const struct kscmd *c = ksgrammar_command(argv[0]);
	struct ksparsed p;

	if (c == NULL) {
		if (ksgrammar_later_command(argv[0]) != NULL)
			ks_finding(k, KS_PARSE, "%s: a command of later "
			    "anaconda releases; anaconda 11.1 (RHEL 5.1) "
			    "rejects it", argv[0]);
		else
			ks_finding(k, KS_PARSE, "unknown command %s", argv[0]);
		return;
	}
	if (c->flags & KC_DEPRECATED)
		ks_finding(k, KS_WARN, "%s is deprecated: anaconda 11.1 accepts "
		    "and ignores it", argv[0]);
	see_command(k, c);
	if (c->flags & KC_RAW) {
		check_raw(k, c, argv + 1, argc - 1);
		return;
	}
	ksopt_parse(&k->sink, c->name, c->opts, argv + 1, argc - 1, &p);
	if (check_arity(k, c, &p) == 0 && p.errors == 0)
		check_values(k, c, &p);
	ksparsed_free(&p);
}

/* ---- %packages ---- */

void
ksrules_package(struct ks *k, const char *text)
{
	const char *name = text + 1;
	size_t n;

	if (*text != '@' && *text != '-')
		name = text;
	name += strspn(name, " \t");
	n = strlen(name);
	if (n == 0) {
		ks_finding(k, KS_WARN, "%%packages: '%c' without a name: "
		    "nothing is selected", *text);
		return;
	}
	if (*text == '-' && *name == '@') {
		ks_finding(k, KS_WARN, "%%packages: '%s' excludes a package "
		    "named '%s', not the group: anaconda 11.1 has no group "
		    "exclusion, so it does nothing", text, name);
		return;
	}
	if (*text == '@')
		return;		/* group names may hold blanks */
	if (strcspn(name, " \t") < n) {
		char *first = xstrndup(name, strcspn(name, " \t"));

		ks_finding(k, k->ignoremissing ? KS_WARN : KS_INSTALL,
		    "%%packages: one package a line ('%s' is looked up as one "
		    "name%s)%s", name, ksgrammar_command(first) == NULL ? "" :
		    "; a command after %packages is read as a package: commands "
		    "go before the first section", k->ignoremissing ? "" :
		    ": anaconda stops at the missing package (--ignoremissing "
		    "skips it)");
		free(first);
	}
	else if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
	    "QRSTUVWXYZ0123456789._+-*?[]") != n)
		ks_finding(k, KS_WARN, "%%packages: '%s' is not a package name",
		    name);
}

/* ---- the whole file ---- */

void
ksrules_required(struct ks *k)
{
	static const char *const need[] = { "lang", "keyboard", "rootpw",
	    "timezone", "bootloader" };
	enum ks_class c = k->unresolved == 0 ? KS_INSTALL : KS_WARN;
	const char *why = c == KS_INSTALL ? "" :
	    " (unless an %include provides it)";
	const struct ks_scope *sc = &k->sc;

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!ks_seen(sc, need[i]))
			ks_finding(k, c, "no %s command: anaconda 11.1 would "
			    "stop and ask%s", need[i], why);
	if (!ks_seen(sc, "url") && !ks_seen(sc, "nfs") &&
	    !ks_seen(sc, "cdrom") && !ks_seen(sc, "harddrive"))
		ks_finding(k, c, "no installation source (url, nfs, cdrom or "
		    "harddrive): the installer would ask%s", why);
	if (!sc->upgrade && !ks_seen(sc, "autopart") &&
	    !ks_seen(sc, "part") && !ks_seen(sc, "logvol") &&
	    !ks_seen(sc, "raid"))
		ks_finding(k, c, "no partitioning (autopart, part, logvol, "
		    "raid): the installer would ask%s", why);
	if (!ks_seen(sc, "reboot") && !ks_seen(sc, "poweroff") &&
	    !ks_seen(sc, "halt") && !ks_seen(sc, "shutdown"))
		ks_finding(k, KS_WARN, "no reboot, poweroff, halt or shutdown: "
		    "anaconda 11.1 waits for a key at the end");
	if ((ks_seen(sc, "url") || ks_seen(sc, "nfs")) &&
	    !ks_seen(sc, "network"))
		ks_finding(k, KS_WARN, "a network install without a network "
		    "command: the loader may ask which NIC to use");
}
