/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kscheck.c: lints a kickstart against what anaconda 11.1.2 (SL 5.1, RHEL
 * 5.1) accepts: sections and their options, commands and their options
 * (parsed as pykickstart 0.43 parses them: shell-like words, optparse
 * options with unambiguous prefixes), option values, cross-references of
 * the partitioning commands, password hash kinds, and the commands an
 * unattended install needs.  A %include of a file that a %pre writes with
 * a here-document or an echo is checked too, once per way of writing it.
 *
 * Findings go to stderr as "name:line: error|warning: message".
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "ksgrammar.h"

#define KS_TEXT_MAX	(1024 * 1024)
#define KS_LINE_MAX	8192
#define KS_ARGS_MAX	128
#define KS_OPTS_MAX	48
#define KS_SEEN_MAX	96
#define KS_NAMES_MAX	64
#define KS_NAME_LEN	64
#define KS_WRITES_MAX	32
#define KS_OPTNAME_LEN	40

enum section { S_COMMANDS, S_PACKAGES, S_PRE, S_POST };

/* One option of a command's spec (see ksgrammar.h). */
struct optdef {
	char	names[4][KS_OPTNAME_LEN];
	int	nnames;
	char	kind;		/* 'f' flag, 'v' value, 'i' integer, 'c' choice */
	char	choices[160];
	int	icase, required, deprecated;
};

/* A command line split and its options matched. */
struct parsed {
	const char	*pos[KS_ARGS_MAX];
	int		 npos;
	/* the canonical names given, copied: the option table they come
	 * from lives only while parse_options runs */
	char		 opt[KS_OPTS_MAX][KS_OPTNAME_LEN];
	const char	*val[KS_OPTS_MAX];	/* its value, or NULL */
	int		 nopt;
};

/* A name the partitioning commands define or refer to. */
struct pref {
	char	name[KS_NAME_LEN];
	int	line;
};

/* What one way through the command section defined: which commands, and
 * the partitioning names for the cross-reference check. */
struct scope {
	const struct kscmd	*seen[KS_SEEN_MAX];
	int			 seen_line[KS_SEEN_MAX];
	int			 nseen;
	struct pref		 parts[KS_NAMES_MAX];	/* part pv.x, raid.x */
	int			 nparts;
	struct pref		 vgs[KS_NAMES_MAX];	/* volgroup NAME */
	int			 nvgs;
	struct pref		 part_refs[KS_NAMES_MAX];
	int			 npart_refs;
	struct pref		 vg_refs[KS_NAMES_MAX];
	int			 nvg_refs;
};

/* A file a %pre writes, and what it writes. */
struct written {
	char	*path;
	char	*body;
	int	 line;		/* of the body's first line */
};

struct ks {
	const char		*name;
	struct ks_report	*rep;
	struct scope		 sc;
	struct written		 writes[KS_WRITES_MAX];
	int			 nwrites;
	int			 unresolved;	/* %includes not found */
	int			 in_alt;	/* checking a %pre-written file */
	int			 upgrade;
};

/* Prints one finding and counts it. */
static void __attribute__((format(printf, 4, 5)))
finding(struct ks *k, int line, int error, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s:%d: %s: ", k->name, line,
	    error ? "error" : "warning");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (error)
		k->rep->errors++;
	else
		k->rep->warnings++;
}

/*
 * Splits line into words as Python's shlex.split does (POSIX mode, no
 * comments): blanks separate, '...' is literal, "..." honours \\ \" \$ \`,
 * a backslash outside quotes escapes the next character.  The words are
 * written into store (as long as line) and pointed to from argv.  Returns
 * the number of words, or -1 for an unclosed quote.
 */
static int
shlex_split(const char *line, char *store, char **argv, int max)
{
	const char *p = line;
	char *o = store;
	int n = 0;

	while (*p != '\0') {
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (n == max)
			return n;
		argv[n++] = o;
		while (*p != '\0' && !isspace((unsigned char)*p)) {
			if (*p == '\'') {
				const char *e = strchr(p + 1, '\'');

				if (e == NULL)
					return -1;
				memcpy(o, p + 1, (size_t)(e - p - 1));
				o += e - p - 1;
				p = e + 1;
			} else if (*p == '"') {
				for (p++; *p != '"'; p++) {
					if (*p == '\0')
						return -1;
					if (*p == '\\' && p[1] != '\0' &&
					    strchr("\\\"$`", p[1]))
						p++;
					*o++ = *p;
				}
				p++;
			} else {
				if (*p == '\\' && p[1] != '\0')
					p++;
				*o++ = *p++;
			}
		}
		*o++ = '\0';
	}
	return n;
}

/* Parses one word of an option spec into d.  Returns 0, -1 if malformed
 * (a bug in the grammar table). */
static int
parse_optdef(const char *w, size_t len, struct optdef *d)
{
	size_t nl = strcspn(w, "=#*! ");
	const char *suffix = w + nl, *end = w + len;

	memset(d, 0, sizeof(*d));
	if (nl > len)
		nl = len;
	for (const char *s = w; s < w + nl && d->nnames < 4;) {
		size_t k = strcspn(s, "/=#*! ");

		snprintf(d->names[d->nnames++], sizeof(d->names[0]), "%.*s",
		    (int)k, s);
		s += k + (s[k] == '/');
	}
	d->kind = 'f';
	if (suffix < end && *suffix == '#') {
		d->kind = 'i';
		suffix++;
	} else if (suffix < end && *suffix == '=') {
		size_t cl;

		suffix++;
		d->icase = suffix < end && *suffix == '~';
		suffix += d->icase;
		cl = strcspn(suffix, "*! ");
		if (suffix + cl > end)
			cl = (size_t)(end - suffix);
		d->kind = cl > 0 ? 'c' : 'v';
		snprintf(d->choices, sizeof(d->choices), "%.*s", (int)cl,
		    suffix);
		suffix += cl;
	}
	for (; suffix < end; suffix++) {
		if (*suffix == '*')
			d->required = 1;
		else if (*suffix == '!')
			d->deprecated = 1;
		else
			return -1;
	}
	return d->nnames > 0 ? 0 : -1;
}

/* Parses a whole spec into defs (at most KS_OPTS_MAX).  Returns how many. */
static int
parse_spec(const char *spec, struct optdef *defs)
{
	int n = 0;

	while (*spec != '\0' && n < KS_OPTS_MAX) {
		size_t len;

		spec += strspn(spec, " ");
		len = strcspn(spec, " ");
		if (len > 0 && parse_optdef(spec, len, &defs[n]) == 0)
			n++;
		spec += len;
	}
	return n;
}

/*
 * Finds the option word names among defs as optparse does: an exact name,
 * or the one name it is a prefix of.  Returns the index, -1 if unknown,
 * -2 if ambiguous.
 */
static int
match_option(const struct optdef *defs, int ndefs, const char *name)
{
	int found = -1, hits = 0;
	size_t n = strlen(name);

	for (int i = 0; i < ndefs; i++)
		for (int j = 0; j < defs[i].nnames; j++) {
			if (strcmp(defs[i].names[j], name) == 0)
				return i;
			if (strncmp(defs[i].names[j], name, n) == 0) {
				found = i;
				hits++;
			}
		}
	return hits == 1 ? found : hits > 1 ? -2 : -1;
}

/* 1 if v is one of the '|'-separated choices. */
static int
is_choice(const struct optdef *d, const char *v)
{
	size_t n = strlen(v);

	for (const char *c = d->choices; c != NULL && *c != '\0';) {
		size_t k = strcspn(c, "|");

		if (k == n && (d->icase ? strncasecmp(c, v, n) :
		    strncmp(c, v, n)) == 0)
			return 1;
		c += k + (c[k] == '|');
	}
	return 0;
}

/* Checks an option's value against its kind.  Returns 0, or -1 after a
 * finding. */
static int
check_optval(struct ks *k, int line, const char *what,
    const struct optdef *d, const char *v)
{
	char *end;

	if (d->kind == 'i') {
		(void)strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0') {
			finding(k, line, 1, "%s %s: invalid integer value: "
			    "'%s'", what, d->names[0], v);
			return -1;
		}
	} else if (d->kind == 'c' && !is_choice(d, v)) {
		finding(k, line, 1, "%s %s: invalid choice '%s' (choose from "
		    "%s)%s", what, d->names[0], v, d->choices,
		    strcmp(d->names[0], "--bootproto") == 0 &&
		    strcmp(v, "none") == 0 ? "; RHEL 5.1 has no --bootproto "
		    "none: leave the NIC out and configure it in %post" : "");
		return -1;
	}
	return 0;
}

/* Says why an option name is not known to what (a command or section). */
static void
unknown_option(struct ks *k, int line, const char *what, const char *name)
{
	const char *later = ksgrammar_later_option(what, name);

	if (strcmp(what, "%pre") == 0 && strcmp(name, "--nochroot") == 0)
		finding(k, line, 1, "%%pre --nochroot: --nochroot is only "
		    "valid on %%post (every %%pre runs outside the installed "
		    "system)");
	else if (later != NULL)
		finding(k, line, 1, "%s %s: %s; anaconda 11.1 (RHEL 5.1) "
		    "rejects it", what, name, later);
	else
		finding(k, line, 1, "%s: no such option %s", what, name);
}

/* Takes option or positional word i of argv into out; may consume the
 * next word as a value.  Returns the next index, or -1 after a finding. */
static int
take_word(struct ks *k, int line, const char *what, const struct optdef *defs,
    int ndefs, char **argv, int argc, int i, struct parsed *out)
{
	char *w = argv[i], *eq;
	const char *val = NULL;
	int d;

	if (w[0] != '-' || w[1] == '\0') {
		if (out->npos < KS_ARGS_MAX)
			out->pos[out->npos++] = w;
		return i + 1;
	}
	if (w[1] != '-') {
		finding(k, line, 1, "%s: no such option %s", what, w);
		return -1;
	}
	if ((eq = strchr(w, '=')) != NULL) {
		*eq = '\0';
		val = eq + 1;
	}
	if ((d = match_option(defs, ndefs, w)) < 0) {
		if (d == -2)
			finding(k, line, 1, "%s: ambiguous option %s", what, w);
		else
			unknown_option(k, line, what, w);
		return -1;
	}
	if (defs[d].kind == 'f' && val != NULL) {
		finding(k, line, 1, "%s: %s option does not take a value",
		    what, defs[d].names[0]);
		return -1;
	}
	if (defs[d].kind != 'f' && val == NULL) {
		if (i + 1 >= argc) {
			finding(k, line, 1, "%s: %s option requires an "
			    "argument", what, defs[d].names[0]);
			return -1;
		}
		val = argv[++i];
	}
	if (defs[d].deprecated)
		finding(k, line, 0, "%s %s is deprecated: anaconda 11.1 "
		    "accepts and ignores it", what, defs[d].names[0]);
	if (val != NULL && check_optval(k, line, what, &defs[d], val) != 0)
		return -1;
	if (out->nopt < KS_OPTS_MAX) {
		snprintf(out->opt[out->nopt], sizeof(out->opt[0]), "%s",
		    defs[d].names[0]);
		out->val[out->nopt++] = val;
	}
	return i + 1;
}

/* The value of the (canonical) option name in p ("" for a flag), or NULL
 * when it was not given; the last one wins, as in optparse. */
static const char *
opt_value(const struct parsed *p, const char *name)
{
	const char *v = NULL;

	for (int i = 0; i < p->nopt; i++)
		if (strcmp(p->opt[i], name) == 0)
			v = p->val[i] ? p->val[i] : "";
	return v;
}

/* Parses argv (after the command or section word) against spec into out,
 * then checks required options and positional counts.  Returns 0, or -1
 * after findings. */
static int
parse_options(struct ks *k, int line, const char *what, const char *spec,
    char **argv, int argc, struct parsed *out)
{
	struct optdef defs[KS_OPTS_MAX];
	int ndefs = parse_spec(spec, defs), rc = 0;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < argc;) {
		if (strcmp(argv[i], "--") == 0) {
			for (i++; i < argc && out->npos < KS_ARGS_MAX; i++)
				out->pos[out->npos++] = argv[i];
			break;
		}
		if ((i = take_word(k, line, what, defs, ndefs, argv, argc, i,
		    out)) < 0)
			return -1;
	}
	for (int d = 0; d < ndefs; d++)
		if (defs[d].required && opt_value(out, defs[d].names[0]) ==
		    NULL) {
			finding(k, line, 1, "%s: %s is required", what,
			    defs[d].names[0]);
			rc = -1;
		}
	return rc;
}


/* ---- values ---- */

#define CRYPT_CHARS	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"abcdefghijklmnopqrstuvwxyz"

/* Checks a password hash given with --iscrypted (what says whose): SL
 * 5.1's glibc 2.5 knows DES and MD5-crypt only. */
static void
check_crypt(struct ks *k, int line, const char *what, const char *h)
{
	const char *salt = h + 3, *dollar;

	if (*h == '!' || *h == '*')
		return;		/* a locked account */
	if (strncmp(h, "$5$", 3) == 0 || strncmp(h, "$6$", 3) == 0) {
		finding(k, line, 1, "%s: SHA-%s crypt came with RHEL 5.2: SL "
		    "5.1's glibc 2.5 cannot check it and nobody could log in; "
		    "use an MD5-crypt hash (openssl passwd -1)", what,
		    h[1] == '5' ? "256" : "512");
		return;
	}
	if (strncmp(h, "$1$", 3) == 0) {
		dollar = strchr(salt, '$');
		if (dollar == NULL || dollar == salt || dollar - salt > 8 ||
		    strlen(dollar + 1) != 22 ||
		    strspn(dollar + 1, CRYPT_CHARS) != 22)
			finding(k, line, 1, "%s: malformed MD5-crypt hash "
			    "(expected $1$salt$ and 22 characters)", what);
		return;
	}
	if (strlen(h) == 13 && strspn(h, CRYPT_CHARS) == 13) {
		finding(k, line, 0, "%s: a DES crypt hash: only the first 8 "
		    "characters of the password count; prefer MD5-crypt",
		    what);
		return;
	}
	finding(k, line, 1, "%s: '%s' is not a hash SL 5.1 can check (%s); "
	    "use an MD5-crypt hash (openssl passwd -1)", what, h,
	    *h == '$' ? "unknown crypt kind" : "plaintext given as crypted?");
}

/* 1 if s is a comma-separated list of dotted IPv4 addresses. */
static int
ipv4_list(const char *s)
{
	char one[64];

	while (*s != '\0') {
		size_t n = strcspn(s, ",");

		if (n == 0 || n >= sizeof(one))
			return 0;
		memcpy(one, s, n);
		one[n] = '\0';
		if (!valid_ipv4(one))
			return 0;
		s += n + (s[n] == ',');
	}
	return 1;
}

static void
check_network(struct ks *k, int line, const struct parsed *p)
{
	const char *bp = opt_value(p, "--bootproto");
	static const char *const addrs[] = { "--ip", "--netmask",
	    "--gateway" };

	for (size_t i = 0; i < 3; i++) {
		const char *v = opt_value(p, addrs[i]);

		if (v != NULL && !valid_ipv4(v))
			finding(k, line, 1, "network %s %s: not a dotted IPv4 "
			    "address", addrs[i], v);
	}
	if (opt_value(p, "--nameserver") != NULL &&
	    !ipv4_list(opt_value(p, "--nameserver")))
		finding(k, line, 1, "network --nameserver %s: expected IPv4 "
		    "addresses separated by commas",
		    opt_value(p, "--nameserver"));
	if (bp != NULL && strcmp(bp, "static") == 0 &&
	    (opt_value(p, "--ip") == NULL || opt_value(p, "--netmask") ==
	    NULL))
		finding(k, line, 1, "network --bootproto=static without --ip "
		    "and --netmask: the installer would stop and ask");
	if (opt_value(p, "--device") == NULL)
		finding(k, line, 0, "network without --device: the first "
		    "NIC (or ksdevice=) gets it");
}

static void
check_url(struct ks *k, int line, const char *what, const char *u,
    int yum)
{
	if (u == NULL)
		return;
	if (strncmp(u, "http://", 7) == 0 || strncmp(u, "ftp://", 6) == 0)
		return;
	if (yum && (strncmp(u, "https://", 8) == 0 ||
	    strncmp(u, "file://", 7) == 0))
		return;
	finding(k, line, 1, "%s %s: %s", what, u, yum ?
	    "expected an http://, https://, ftp:// or file:// URL" :
	    "the RHEL 5.1 loader fetches only http:// and ftp:// URLs "
	    "(use nfs or harddrive for the others)");
}

/* The firewall's --port takes port:proto items separated by commas. */
static void
check_ports(struct ks *k, int line, const char *v)
{
	while (v != NULL && *v != '\0') {
		size_t n = strcspn(v, ","), c = strcspn(v, ":,");
		int ok = c > 0 && strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == c;

		if (ok && c < n)
			ok = (n - c - 1 == 3 && (strncmp(v + c + 1, "tcp", 3)
			    == 0 || strncmp(v + c + 1, "udp", 3) == 0));
		if (!ok)
			finding(k, line, 1, "firewall --port %.*s: expected "
			    "port:tcp or port:udp (items separated by commas)",
			    (int)n, v);
		v += n + (v[n] == ',');
	}
}

/* The mount point of part, raid, logvol: "/...", swap, or for part the
 * name of a PV or RAID member, or "None" (anaconda's no-mount). */
static void
check_mountpoint(struct ks *k, int line, const char *cmd, const char *mp)
{
	if (*mp == '/' || strcmp(mp, "swap") == 0 ||
	    strcmp(mp, "None") == 0 || strcmp(mp, "none") == 0)
		return;
	if (strcmp(cmd, "part") == 0 && (strncmp(mp, "pv.", 3) == 0 ||
	    strncmp(mp, "raid.", 5) == 0) && mp[strcspn(mp, ".") + 1] != '\0')
		return;
	finding(k, line, 1, "%s %s: expected a mount point (/...), swap%s",
	    cmd, mp, strcmp(cmd, "part") == 0 ? ", pv.NAME or raid.NAME" :
	    "");
}

/* Adds a name to a list of the scope (bounded). */
static void
add_pref(struct pref *list, int *n, const char *name, int line)
{
	if (*n >= KS_NAMES_MAX)
		return;
	snprintf(list[*n].name, sizeof(list[0].name), "%s", name);
	list[(*n)++].line = line;
}

static int
has_pref(const struct pref *list, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0)
			return 1;
	return 0;
}

static void
check_part(struct ks *k, int line, const struct parsed *p)
{
	const char *mp = p->pos[0];

	check_mountpoint(k, line, "part", mp);
	if (strncmp(mp, "pv.", 3) == 0 || strncmp(mp, "raid.", 5) == 0) {
		if (has_pref(k->sc.parts, k->sc.nparts, mp))
			finding(k, line, 1, "part %s: defined twice", mp);
		add_pref(k->sc.parts, &k->sc.nparts, mp, line);
	}
	if (opt_value(p, "--size") == NULL && opt_value(p, "--onpart") ==
	    NULL && opt_value(p, "--recommended") == NULL &&
	    opt_value(p, "--end") == NULL)
		finding(k, line, 0, "part %s without --size, --onpart or "
		    "--recommended: anaconda 11.1 makes it its smallest size",
		    mp);
}

static void
check_volgroup(struct ks *k, int line, const struct parsed *p)
{
	if (has_pref(k->sc.vgs, k->sc.nvgs, p->pos[0]))
		finding(k, line, 1, "volgroup %s: defined twice", p->pos[0]);
	add_pref(k->sc.vgs, &k->sc.nvgs, p->pos[0], line);
	if (p->npos == 1 && opt_value(p, "--useexisting") == NULL)
		finding(k, line, 1, "volgroup %s has no physical volumes: "
		    "name them (pv.NAME) or use --useexisting", p->pos[0]);
	for (int i = 1; i < p->npos; i++)
		add_pref(k->sc.part_refs, &k->sc.npart_refs, p->pos[i], line);
}

static void
check_logvol(struct ks *k, int line, const struct parsed *p)
{
	check_mountpoint(k, line, "logvol", p->pos[0]);
	if (opt_value(p, "--vgname") != NULL)
		add_pref(k->sc.vg_refs, &k->sc.nvg_refs,
		    opt_value(p, "--vgname"), line);
	if (opt_value(p, "--size") == NULL && opt_value(p, "--percent") ==
	    NULL && opt_value(p, "--recommended") == NULL &&
	    opt_value(p, "--useexisting") == NULL)
		finding(k, line, 1, "logvol %s: give --size, --percent, "
		    "--recommended or --useexisting", p->pos[0]);
}

static void
check_raid(struct ks *k, int line, const struct parsed *p)
{
	check_mountpoint(k, line, "raid", p->pos[0]);
	if (p->npos == 1 && opt_value(p, "--useexisting") == NULL)
		finding(k, line, 1, "raid %s has no members: name them "
		    "(raid.NAME) or use --useexisting", p->pos[0]);
	for (int i = 1; i < p->npos; i++)
		add_pref(k->sc.part_refs, &k->sc.npart_refs, p->pos[i], line);
}

/* The checks of values and of combinations, per command. */
static void
check_values(struct ks *k, int line, const struct kscmd *c,
    const struct parsed *p)
{
	const char *n = c->name, *v;

	if (strcmp(n, "rootpw") == 0) {
		if (opt_value(p, "--iscrypted") != NULL)
			check_crypt(k, line, "rootpw --iscrypted", p->pos[0]);
		else
			finding(k, line, 0, "rootpw without --iscrypted: the "
			    "password is in clear text on the media; use an "
			    "MD5-crypt hash");
	} else if (strcmp(n, "user") == 0 &&
	    (v = opt_value(p, "--password")) != NULL) {
		if (opt_value(p, "--iscrypted") != NULL)
			check_crypt(k, line, "user --password", v);
	} else if (strcmp(n, "bootloader") == 0) {
		if ((v = opt_value(p, "--md5pass")) != NULL)
			check_crypt(k, line, "bootloader --md5pass", v);
		if (opt_value(p, "--password") != NULL)
			finding(k, line, 0, "bootloader --password is clear "
			    "text; prefer --md5pass");
	} else if (strcmp(n, "network") == 0)
		check_network(k, line, p);
	else if (strcmp(n, "url") == 0)
		check_url(k, line, "url --url", opt_value(p, "--url"), 0);
	else if (strcmp(n, "repo") == 0) {
		check_url(k, line, "repo --baseurl", opt_value(p, "--baseurl"),
		    1);
		if (opt_value(p, "--baseurl") && opt_value(p, "--mirrorlist"))
			finding(k, line, 1, "repo: give --baseurl or "
			    "--mirrorlist, not both");
	} else if (strcmp(n, "firewall") == 0) {
		/* pykickstart appends every --port, unlike a plain value
		 * where the last one wins: check each */
		for (int i = 0; i < p->nopt; i++)
			if (strcmp(p->opt[i], "--port") == 0)
				check_ports(k, line, p->val[i]);
	}
	else if (strcmp(n, "key") == 0 && p->npos == 0 &&
	    opt_value(p, "--skip") == NULL)
		finding(k, line, 1, "key: give an installation number or "
		    "--skip");
	else if (strcmp(n, "part") == 0)
		check_part(k, line, p);
	else if (strcmp(n, "volgroup") == 0)
		check_volgroup(k, line, p);
	else if (strcmp(n, "logvol") == 0)
		check_logvol(k, line, p);
	else if (strcmp(n, "raid") == 0)
		check_raid(k, line, p);
	else if (strcmp(n, "upgrade") == 0)
		k->upgrade = 1;
	else if (strcmp(n, "interactive") == 0)
		finding(k, line, 0, "interactive: anaconda stops at every "
		    "screen; the install is not unattended");
}

/* ---- commands ---- */

/* Records c as seen in the scope; warns when a command that may appear
 * once comes again (anaconda 11.1 keeps the last). */
static void
see_command(struct ks *k, int line, const struct kscmd *c)
{
	for (int i = 0; i < k->sc.nseen; i++)
		if (k->sc.seen[i] == c) {
			if (!(c->flags & KC_MULTI))
				finding(k, line, 0, "%s given again (line %d): "
				    "the last one wins", c->name,
				    k->sc.seen_line[i]);
			return;
		}
	if (k->sc.nseen < KS_SEEN_MAX) {
		k->sc.seen[k->sc.nseen] = c;
		k->sc.seen_line[k->sc.nseen++] = line;
	}
}

static int
seen(const struct scope *sc, const char *name)
{
	for (int i = 0; i < sc->nseen; i++)
		if (strcmp(sc->seen[i]->name, name) == 0)
			return 1;
	return 0;
}

/* Checks the positional arguments and the "one of" options of c. */
static void
check_arity(struct ks *k, int line, const struct kscmd *c,
    const struct parsed *p)
{
	if (c->maxargs >= 0 && p->npos > c->maxargs) {
		if (c->flags & KC_NOARGS_WARN)
			finding(k, line, 0, "%s: extra arguments are ignored",
			    c->name);
		else
			finding(k, line, 1, "%s: takes %s%d argument%s, not "
			    "%d", c->name, c->minargs == c->maxargs ? "" :
			    "at most ", c->maxargs, c->maxargs == 1 ? "" : "s",
			    p->npos);
	} else if (p->npos < c->minargs)
		finding(k, line, 1, "%s: needs %d argument%s", c->name,
		    c->minargs, c->minargs == 1 ? "" : "s");
	if (c->oneof != NULL) {
		char a[40], *b;

		snprintf(a, sizeof(a), "%s", c->oneof);
		b = strchr(a, '|');
		*b++ = '\0';
		if (opt_value(p, a) == NULL && opt_value(p, b) == NULL)
			finding(k, line, 1, "%s: %s or %s is required",
			    c->name, a, b);
	}
}

/* Lints one line of the command section (already known not to be blank,
 * a comment or a % line). */
static void
check_command(struct ks *k, int line, const char *text)
{
	char *store = xmalloc(strlen(text) + 1), *argv[KS_ARGS_MAX];
	const struct kscmd *c;
	struct parsed p;
	int argc = shlex_split(text, store, argv, KS_ARGS_MAX);

	if (argc < 0) {
		finding(k, line, 1, "no closing quotation");
		goto out;
	}
	if (argc == 0)
		goto out;
	if ((c = ksgrammar_command(argv[0])) == NULL) {
		if (ksgrammar_later_command(argv[0]) != NULL)
			finding(k, line, 1, "%s: a command of later anaconda "
			    "releases; anaconda 11.1 (RHEL 5.1) rejects it",
			    argv[0]);
		else
			finding(k, line, 1, "unknown command %s", argv[0]);
		goto out;
	}
	if (c->flags & KC_DEPRECATED)
		finding(k, line, 0, "%s is deprecated: anaconda 11.1 accepts "
		    "and ignores it", argv[0]);
	see_command(k, line, c);
	if (c->flags & KC_FREEFORM) {
		for (int i = 1; i < argc; i++)
			if (strncmp(argv[i], "--", 2) != 0)
				finding(k, line, 0, "%s: '%s' is not an "
				    "authconfig option", argv[0], argv[i]);
		goto out;
	}
	if (parse_options(k, line, c->name, c->opts, argv + 1, argc - 1,
	    &p) != 0)
		goto out;
	check_arity(k, line, c, &p);
	if (p.npos >= c->minargs)
		check_values(k, line, c, &p);
out:
	free(store);
}

/* Lints one %packages line: @group, -package or package, one a line. */
static void
check_package(struct ks *k, int line, const char *text)
{
	const char *name = text + (*text == '-' || *text == '@');
	size_t n = strlen(name);

	while (n > 0 && isspace((unsigned char)name[n - 1]))
		n--;
	if (n == 0) {
		finding(k, line, 1, "%%packages: '%c' without a name", *text);
		return;
	}
	if (*text == '@')
		return;		/* group names may hold blanks */
	if (strcspn(name, " \t") < n)
		finding(k, line, 1, "%%packages: one package a line ('%.*s' "
		    "would be looked up as one name)", (int)n, name);
	else if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
	    "QRSTUVWXYZ0123456789._+-*?[]") != n)
		finding(k, line, 1, "%%packages: '%.*s' is not a package name",
		    (int)n, name);
}

/* ---- sections ---- */

/* The section a header line starts, after checking its options; *ok is
 * cleared when the header is not one anaconda 11.1 knows. */
static enum section
check_header(struct ks *k, int line, const char *text, int *ok)
{
	char *store = xmalloc(strlen(text) + 1), *argv[KS_ARGS_MAX];
	int argc = shlex_split(text, store, argv, KS_ARGS_MAX);
	const char *spec;
	enum section s = S_COMMANDS;
	struct parsed p;

	*ok = 0;
	if (argc <= 0 || (spec = ksgrammar_section(argv[0])) == NULL)
		goto out;
	*ok = 1;
	s = strcmp(argv[0], "%pre") == 0 ? S_PRE :
	    strcmp(argv[0], "%post") == 0 ? S_POST : S_PACKAGES;
	if (parse_options(k, line, argv[0], spec, argv + 1, argc - 1,
	    &p) == 0 && p.npos > 0)
		finding(k, line, 1, "%s: unexpected argument '%s'", argv[0],
		    p.pos[0]);
	if (s != S_PACKAGES && (spec = opt_value(&p, "--interpreter")) &&
	    *spec != '/')
		finding(k, line, 1, "%s --interpreter %s: give the absolute "
		    "path of the interpreter", argv[0], spec);
out:
	free(store);
	return s;
}

/* The first word of a % line into w (of size n). */
static void
first_word(const char *text, char *w, size_t n)
{
	size_t k = strcspn(text, " \t");

	snprintf(w, n, "%.*s", (int)(k < n ? k : n - 1), text);
}

/* Handles a % line outside the scripts.  Returns the new section, or the
 * current one (cur) when the line does not start one. */
static enum section check_include(struct ks *, int, const char *);

static enum section
check_percent(struct ks *k, int line, const char *text, enum section cur)
{
	char w[32];
	int ok;
	enum section s;

	first_word(text, w, sizeof(w));
	if (strcmp(w, "%include") == 0 || strcmp(w, "%ksappend") == 0)
		return cur == S_COMMANDS && w[1] == 'i' ?
		    check_include(k, line, text) : cur;
	s = check_header(k, line, text, &ok);
	if (ok)
		return s;
	if (strcmp(w, "%end") == 0)
		finding(k, line, 1, "%%end: anaconda 11.1 has no %%end (it "
		    "came with RHEL 6): a section runs to the next section "
		    "header");
	else if (strcmp(w, "%traceback") == 0)
		finding(k, line, 1, "%%traceback: a section of later anaconda "
		    "releases; anaconda 11.1 rejects it");
	else
		finding(k, line, 1, "unknown section %s (expected %%pre, "
		    "%%post, %%packages or %%include)", w);
	return cur;
}

/* ---- files written by %pre ---- */

/* The word after "<<" (with an optional '-' and quotes) into term; sets
 * *dash for "<<-".  Returns 0, or -1 when line starts no here-document. */
static int
heredoc_word(const char *line, char *term, size_t n, int *dash)
{
	const char *p = strstr(line, "<<");
	size_t k;

	if (p == NULL)
		return -1;
	p += 2;
	*dash = *p == '-';
	p += *dash;
	p += strspn(p, " \t'\"");
	k = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_");
	if (k == 0 || k >= n)
		return -1;
	snprintf(term, n, "%.*s", (int)k, p);
	return 0;
}

/* The file a shell line redirects to (">FILE" or "> FILE"), or NULL; the
 * caller frees it. */
static char *
redirect_target(const char *line)
{
	const char *p = line;

	while ((p = strchr(p, '>')) != NULL) {
		if (p > line && p[-1] == '2') {
			p++;
			continue;
		}
		p += 1 + (p[1] == '>');
		p += strspn(p, " \t");
		if (*p != '\0' && *p != '&')
			return xstrndup(p, strcspn(p, " \t;<"));
	}
	return NULL;
}

static void
add_written(struct ks *k, char *path, char *body, int line)
{
	if (k->nwrites == KS_WRITES_MAX) {
		free(path);
		free(body);
		return;
	}
	k->writes[k->nwrites].path = path;
	k->writes[k->nwrites].body = body;
	k->writes[k->nwrites++].line = line;
}

/* An `echo "line" >FILE` of a %pre: records what it writes. */
static void
note_echo(struct ks *k, int line, const char *t)
{
	const char *q, *e;
	char *target;

	if (strncmp(t, "echo ", 5) != 0)
		return;
	q = t + 5 + strspn(t + 5, " \t");
	if ((*q != '"' && *q != '\'') || (e = strchr(q + 1, *q)) == NULL)
		return;
	if ((target = redirect_target(e)) == NULL)
		return;
	add_written(k, target, xasprintf("%.*s\n", (int)(e - q - 1), q + 1),
	    line);
}

/* Collects what the %pre sections write into files with `cat >FILE
 * <<WORD` here-documents or one-line echos, so an %include of such a
 * file can be checked. */
static void
collect_writes(struct ks *k, const char *text)
{
	struct buf body = BUF_INIT;
	char term[64] = "", *target = NULL;
	int line = 0, in_pre = 0, dash = 0, start = 0;

	for (const char *l = text; *l != '\0';) {
		size_t len = strcspn(l, "\n");
		char *s = xstrndup(l, len), *t = s + strspn(s, " \t");

		line++;
		l += len + (l[len] == '\n');
		if (target != NULL) {
			if (strcmp(dash ? t : s, term) == 0) {
				add_written(k, target, buf_release(&body),
				    start);
				target = NULL;
			} else
				buf_printf(&body, "%s\n", s);
		} else if (*t == '%')
			in_pre = strncmp(t, "%pre", 4) == 0 &&
			    (t[4] == '\0' || isspace((unsigned char)t[4]));
		else if (in_pre && strncmp(t, "cat", 3) == 0 &&
		    heredoc_word(t, term, sizeof(term), &dash) == 0 &&
		    (target = redirect_target(t)) != NULL) {
			buf_reset(&body);
			buf_adds(&body, "");
			start = line + 1;
		} else if (in_pre)
			note_echo(k, line, t);
		free(s);
	}
	free(target);
	buf_free(&body);
}

/* Checks the references between the partitioning commands of the
 * current scope. */
static void
check_refs(struct ks *k)
{
	const struct scope *sc = &k->sc;

	for (int i = 0; i < sc->npart_refs; i++)
		if (!has_pref(sc->parts, sc->nparts, sc->part_refs[i].name))
			finding(k, sc->part_refs[i].line, 1, "%s: no part "
			    "command defines it", sc->part_refs[i].name);
	for (int i = 0; i < sc->nvg_refs; i++)
		if (!has_pref(sc->vgs, sc->nvgs, sc->vg_refs[i].name))
			finding(k, sc->vg_refs[i].line, 1, "logvol --vgname "
			    "%s: no volgroup command defines it",
			    sc->vg_refs[i].name);
}

/* Checks one way a %pre writes an %included file, as commands following
 * those seen so far; what it adds counts as seen afterwards. */
static void
check_written(struct ks *k, const struct written *w, struct scope *merged)
{
	struct scope *saved = xmalloc(sizeof(*saved));
	int line = w->line;

	*saved = k->sc;
	for (const char *l = w->body; *l != '\0'; line++) {
		size_t len = strcspn(l, "\n");
		char *s = xstrndup(l, len), *t = s + strspn(s, " \t");

		l += len + (l[len] == '\n');
		if (*t == '%')
			finding(k, line, 0, "%s: not checked inside a file "
			    "%%pre writes", t);
		else if (*t != '\0' && *t != '#')
			check_command(k, line, t);
		free(s);
	}
	check_refs(k);
	for (int i = saved->nseen; i < k->sc.nseen; i++)
		if (!seen(merged, k->sc.seen[i]->name) &&
		    merged->nseen < KS_SEEN_MAX) {
			merged->seen[merged->nseen] = k->sc.seen[i];
			merged->seen_line[merged->nseen++] =
			    k->sc.seen_line[i];
		}
	k->sc = *saved;
	free(saved);
}

static enum section
check_include(struct ks *k, int line, const char *text)
{
	char *store = xmalloc(strlen(text) + 1), *argv[4];
	int argc = shlex_split(text, store, argv, 4), found = 0;
	struct scope *merged;

	if (argc != 2) {
		finding(k, line, 1, "%%include: expected one file name");
		free(store);
		return S_COMMANDS;
	}
	merged = xmalloc(sizeof(*merged));
	*merged = k->sc;
	for (int i = 0; i < k->nwrites; i++)
		if (strcmp(k->writes[i].path, argv[1]) == 0) {
			check_written(k, &k->writes[i], merged);
			found++;
		}
	if (found)
		k->sc = *merged;
	else
		k->unresolved++;
	free(merged);
	free(store);
	return S_COMMANDS;
}

/* ---- the whole file ---- */

/* The commands an unattended install cannot do without: missing ones are
 * errors, or warnings when an unchecked %include may provide them. */
static void
check_required(struct ks *k, int line)
{
	static const char *const need[] = { "lang", "keyboard", "rootpw",
	    "timezone", "bootloader" };
	int err = k->unresolved == 0;
	const char *why = err ? "" : " (unless an %include provides it)";

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!seen(&k->sc, need[i]))
			finding(k, line, err, "no %s command: anaconda 11.1 "
			    "would stop and ask%s", need[i], why);
	if (!seen(&k->sc, "url") && !seen(&k->sc, "nfs") &&
	    !seen(&k->sc, "cdrom") && !seen(&k->sc, "harddrive"))
		finding(k, line, err, "no installation source (url, nfs, "
		    "cdrom or harddrive): the installer would ask%s", why);
	if (!k->upgrade && !seen(&k->sc, "autopart") &&
	    !seen(&k->sc, "part") && !seen(&k->sc, "logvol") &&
	    !seen(&k->sc, "raid"))
		finding(k, line, err, "no partitioning (autopart, part, "
		    "logvol, raid): the installer would ask%s", why);
	if (!seen(&k->sc, "reboot") && !seen(&k->sc, "poweroff") &&
	    !seen(&k->sc, "halt") && !seen(&k->sc, "shutdown"))
		finding(k, line, 0, "no reboot, poweroff, halt or shutdown: "
		    "anaconda 11.1 waits for a key at the end");
	if ((seen(&k->sc, "url") || seen(&k->sc, "nfs")) &&
	    !seen(&k->sc, "network"))
		finding(k, line, 0, "a network install without a network "
		    "command: the loader may ask which NIC to use");
}

/* Handles one line inside a %pre or %post: only a section header ends the
 * script; other % lines go to the interpreter. */
static enum section
script_line(struct ks *k, int line, const char *t, enum section cur)
{
	char w[32];
	int ok;
	enum section s;

	if (*t != '%')
		return cur;
	first_word(t, w, sizeof(w));
	if (ksgrammar_section(w) != NULL) {
		s = check_header(k, line, t, &ok);
		return s;
	}
	if (strcmp(w, "%end") == 0)
		finding(k, line, 1, "%%end: anaconda 11.1 has no %%end: it is "
		    "passed to the interpreter as a command and fails");
	else
		finding(k, line, 0, "%s: anaconda 11.1 passes this line to the "
		    "interpreter as part of the script", w);
	return cur;
}

/* Checks the text's lines in order. */
static void
check_lines(struct ks *k, const char *text)
{
	enum section s = S_COMMANDS;
	int line = 0, crlf = 0;

	for (const char *l = text; *l != '\0';) {
		size_t len = strcspn(l, "\n");
		char *str = xstrndup(l, len), *t;

		line++;
		l += len + (l[len] == '\n');
		if (len > 0 && str[len - 1] == '\r') {
			str[len - 1] = '\0';
			if (!crlf++)
				finding(k, line, 0, "CRLF line ends: scripts "
				    "would see the carriage returns");
		}
		t = str + strspn(str, " \t");
		if (len > KS_LINE_MAX)
			finding(k, line, 1, "line longer than %d bytes",
			    KS_LINE_MAX);
		else if (s == S_PRE || s == S_POST)
			s = script_line(k, line, t, s);
		else if (*t == '%')
			s = check_percent(k, line, t, s);
		else if (*t != '\0' && *t != '#')
			(s == S_PACKAGES ? check_package :
			    check_command)(k, line, t);
		free(str);
	}
	check_refs(k);
	check_required(k, line > 0 ? line : 1);
}

int
kickstart_check(const char *name, const char *text, struct ks_report *rep)
{
	struct ks_report local = { 0, 0 };
	struct ks *k = xcalloc(1, sizeof(*k));
	size_t len = strlen(text);
	int rc;

	k->name = name;
	k->rep = rep != NULL ? rep : &local;
	k->rep->errors = k->rep->warnings = 0;
	if (len > KS_TEXT_MAX) {
		finding(k, 1, 1, "larger than %d bytes: not a kickstart",
		    KS_TEXT_MAX);
		goto out;
	}
	collect_writes(k, text);
	check_lines(k, text);
out:
	for (int i = 0; i < k->nwrites; i++) {
		free(k->writes[i].path);
		free(k->writes[i].body);
	}
	rc = k->rep->errors > 0 ? 1 : 0;
	free(k);
	return rc;
}
