/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile.c: the build profile.  Every key the builder knows is in one
 * table below, with its type, default and limits; a value reaches the rest
 * of the builder only after it passed its type's check, so templates and
 * boot menus can write it without quoting.  Errors name the file and line
 * (or "-s") and the key.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>

#include "xeninfn.h"
#include "paths.h"
#include "settings.h"
#include "xenvalues.h"

enum ptype {
	PT_TEXT,	/* printable, no quotes, backslashes or newlines */
	PT_WORD,	/* one word: letters, digits and _.:,/+@=- */
	PT_URL,		/* http, https, ftp or file URL */
	PT_URLPATH,	/* a URL or a local path */
	PT_INT,
	PT_ENUM,
	PT_BOOL,
	PT_IFNAME,
	PT_IPV4,
	PT_HOSTNAME,
	PT_VERSION,
	PT_PATH,	/* a local path */
	PT_DOM0MEM,	/* Xen 3.1's dom0_mem: [min:X,][max:Y,]Z */
	PT_HOSTLIST,	/* comma-separated host names or IPv4 addresses */
	PT_PORTLIST,	/* comma-separated PORT:PROTO, FROM-TO:PROTO */
	PT_CRYPT,	/* an MD5-crypt hash, or a lock ("!!") */
};

struct pkey {
	const char	*name;
	enum ptype	 type;
	const char	*def;		/* NULL: unset */
	int		 optional;	/* "" is accepted */
	const char	*choices;	/* PT_ENUM: "a|b|c" */
	long		 min, max;	/* PT_INT */
	const char	*inherit;	/* unset: take this key's value */
};

#define OPT	1
/* fetch.stall_timeout x fetch.tries may not exceed this (seconds) */
#define FETCH_STALL_BOUND	3600
static const struct pkey keys[] = {
	{ "product.name", PT_WORD, XENINFN_PRODUCT, 0, NULL, 0, 0, NULL },
	{ "product.version", PT_VERSION, PACKAGE_VERSION_STR, 0, NULL, 0, 0,
	    NULL },
	{ "tree.url", PT_URL,
	    "http://ftp.scientificlinux.org/linux/scientific/obsolete/51/x86_64/",
	    0, NULL, 0, 0, NULL },
	{ "tree.install_url", PT_URL, NULL, 0, NULL, 0, 0, "tree.url" },
	{ "tree.family", PT_TEXT, "Scientific Linux", 0, NULL, 0, 0, NULL },
	{ "tree.release", PT_VERSION, "5.1", 0, NULL, 0, 0, NULL },
	{ "tree.arch", PT_ENUM, "x86_64", 0, "x86_64", 0, 0, NULL },
	{ "tree.allow_mismatch", PT_BOOL, "no", 0, NULL, 0, 0, NULL },
	{ "tree.sha256sums", PT_URLPATH, "", OPT, NULL, 0, 0, NULL },
	{ "tree.repin", PT_BOOL, "no", 0, NULL, 0, 0, NULL },
	/* Unset: derived from tree.url (kickstart.c); "": no updates. */
	{ "tree.updates_url", PT_URL, NULL, OPT, NULL, 0, 0, NULL },
	{ "xen.version", PT_VERSION, "3.1.2", 0, NULL, 0, 0, NULL },
	{ "xen.rpms", PT_URLPATH, "", OPT, NULL, 0, 0, NULL },
	{ "xen.gpg_keys", PT_TEXT, "", OPT, NULL, 0, 0, NULL },
	{ "xen.allow_unsigned", PT_BOOL, "no", 0, NULL, 0, 0, NULL },
	{ "xen.dom0_mem", PT_DOM0MEM, "1024M", 0, NULL, 0, 0, NULL },
	{ "xen.dom0_min_mem", PT_INT, "", OPT, NULL, 0, 65536, NULL },
	{ "xen.migration", PT_BOOL, "no", 0, NULL, 0, 0, NULL },
	{ "xen.relocation_hosts", PT_HOSTLIST, "", OPT, NULL, 0, 0, NULL },
	{ "boot.default", PT_ENUM, "install", 0, "install|local", 0, 0,
	    NULL },
	{ "boot.timeout", PT_INT, "60", 0, NULL, 0, 3600, NULL },
	{ "boot.console", PT_WORD, "", OPT, NULL, 0, 0, NULL },
	{ "boot.extra_args", PT_TEXT, "", OPT, NULL, 0, 0, NULL },
	{ "network.hostname", PT_HOSTNAME, "", OPT, NULL, 0, 0, NULL },
	{ "network.mgmt_nic", PT_IFNAME, "eth0", 0, NULL, 0, 0, NULL },
	{ "network.guest_nic", PT_IFNAME, "eth1", OPT, NULL, 0, 0, NULL },
	{ "network.mgmt_bridge", PT_IFNAME, "xenbr0", 0, NULL, 0, 0, NULL },
	{ "network.guest_bridge", PT_IFNAME, "xenbr1", 0, NULL, 0, 0, NULL },
	{ "network.bootproto", PT_ENUM, "dhcp", 0, "dhcp|static", 0, 0,
	    NULL },
	{ "network.ip", PT_IPV4, "", OPT, NULL, 0, 0, NULL },
	{ "network.netmask", PT_IPV4, "", OPT, NULL, 0, 0, NULL },
	{ "network.gateway", PT_IPV4, "", OPT, NULL, 0, 0, NULL },
	{ "network.nameserver", PT_IPV4, "", OPT, NULL, 0, 0, NULL },
	{ "network.guest_ip", PT_IPV4, "", OPT, NULL, 0, 0, NULL },
	{ "network.guest_netmask", PT_IPV4, "255.255.255.0", 0, NULL, 0, 0,
	    NULL },
	{ "rootpw.hash", PT_CRYPT, "!!", 0, NULL, 0, 0, NULL },
	{ "ssh.authorized_keys", PT_URLPATH, "", OPT, NULL, 0, 0, NULL },
	{ "system.lang", PT_WORD, "en_US.UTF-8", 0, NULL, 0, 0, NULL },
	{ "system.keyboard", PT_WORD, "us", 0, NULL, 0, 0, NULL },
	{ "system.timezone", PT_WORD, "UTC", 0, NULL, 0, 0, NULL },
	{ "system.selinux", PT_ENUM, "enforcing", 0,
	    "enforcing|permissive|disabled", 0, 0, NULL },
	{ "system.firewall", PT_BOOL, "yes", 0, NULL, 0, 0, NULL },
	{ "system.firewall_ports", PT_PORTLIST, "22:tcp", OPT, NULL, 0, 0,
	    NULL },
	{ "disk.drives", PT_WORD, "sda", 0, NULL, 0, 0, NULL },
	{ "disk.boot_size", PT_INT, "200", 0, NULL, 100, 4096, NULL },
	{ "disk.root_size", PT_INT, "8192", 0, NULL, 2048, 1048576, NULL },
	{ "disk.swap_size", PT_INT, "2048", 0, NULL, 256, 65536, NULL },
	{ "disk.dom0_vg", PT_IFNAME, "vg_dom0", 0, NULL, 0, 0, NULL },
	{ "disk.guest_vg", PT_IFNAME, "vg_guests", 0, NULL, 0, 0, NULL },
	{ "disk.wipe_guests", PT_BOOL, "no", 0, NULL, 0, 0, NULL },
	{ "disk.wipe_foreign", PT_BOOL, "no", 0, NULL, 0, 0, NULL },
	{ "kickstart.template", PT_PATH, "xeninfn.ks", 0, NULL, 0, 0, NULL },
	{ "kickstart.template_dir", PT_PATH, "", OPT, NULL, 0, 0, NULL },
	{ "repo.url", PT_URL, "", OPT, NULL, 0, 0, NULL },
	{ "pxe.http_url", PT_URL, "", OPT, NULL, 0, 0, NULL },
	{ "pxe.unknown", PT_ENUM, "local", 0, "local|menu|install", 0, 0,
	    NULL },
	/* xeninfn serve's URL: set, each host's kickstart reports its
	 * install there with pxe.host_token, its own (set per host by
	 * xeninfn pxe, hosttoken.c). */
	{ "pxe.serve_url", PT_URL, "", OPT, NULL, 0, 0, NULL },
	{ "pxe.host_token", PT_WORD, "", OPT, NULL, 0, 0, NULL },
	{ "fetch.ca_file", PT_PATH, "", OPT, NULL, 0, 0, NULL },
	{ "fetch.stall_timeout", PT_INT, "60", 0, NULL, 1, 3600, NULL },
	{ "fetch.tries", PT_INT, "5", 0, NULL, 1, 20, NULL },
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

struct profile {
	char	*source;		/* the file, or "(embedded default)" */
	char	*value[NKEYS];		/* NULL: unset (default or inherit) */
	char	*origin[NKEYS];		/* where value came from */
};

/* The index of key in the table, or -1. */
static int
key_index(const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

int
profile_has_key(const char *key)
{
	return key_index(key) >= 0;
}

/* 1 if s is printable text free of the characters that would need quoting
 * in a kickstart, a boot option or a shell line. */
static int
is_text(const char *s, size_t max)
{
	if (strlen(s) > max)
		return 0;
	for (; *s; s++)
		if (!isprint((unsigned char)*s) || strchr("\"'\\`$", *s))
			return 0;
	return 1;
}

static int
is_word(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 256 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_.:,/+@=-") == n;
}

static int
is_enum(const char *s, const char *choices)
{
	size_t n = strlen(s);
	const char *p = choices;

	while (p != NULL) {
		if (strncmp(p, s, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return 1;
		p = strchr(p, '|');
		if (p != NULL)
			p++;
	}
	return 0;
}

/* The canonical "yes"/"no" for a boolean spelling, or NULL. */
static const char *
bool_word(const char *s)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return "yes";
		if (strcasecmp(s, no[i]) == 0)
			return "no";
	}
	return NULL;
}

/* Why a root password hash cannot be used on SL 5.1, or NULL if it can:
 * glibc 2.5 only knows DES and MD5-crypt; "!!" (or "*") locks the account.
 */
static const char *
crypt_problem(const char *s)
{
	size_t n = strlen(s);

	if (strcmp(s, "!!") == 0 || strcmp(s, "*") == 0)
		return NULL;
	if (strncmp(s, "$5$", 3) == 0 || strncmp(s, "$6$", 3) == 0)
		return "SHA-256/SHA-512 crypt ($5$, $6$) came with RHEL 5.2: "
		    "SL 5.1's glibc 2.5 cannot check it; make an MD5-crypt "
		    "hash with `openssl passwd -1`";
	if (strncmp(s, "$1$", 3) != 0)
		return "not an MD5-crypt hash: plaintext passwords are never "
		    "put on the media; make one with `openssl passwd -1`, or "
		    "use !! to lock root";
	/* $1$ + salt (1-8) + $ + 22 characters of ./0-9A-Za-z */
	const char *salt = s + 3, *dollar = strchr(salt, '$');
	if (dollar == NULL || dollar == salt || dollar - salt > 8 ||
	    strlen(dollar + 1) != 22 || n > 3 + 8 + 1 + 22 ||
	    strspn(dollar + 1, "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz") != 22)
		return "malformed MD5-crypt hash (expected $1$salt$ and 22 "
		    "characters); make one with `openssl passwd -1`";
	return NULL;
}

/* 1 if v is a comma-separated list of ports that xeninfn-dom0setup's
 * --open-port (and the kickstart's firewall --port) takes; else 0. */
static int
ports_ok(const char *v)
{
	char item[32];
	size_t len;

	for (;;) {
		len = strcspn(v, ",");
		if (len >= sizeof(item))
			return 0;
		memcpy(item, v, len);
		item[len] = '\0';
		if (!xv_port_ok(item))
			return 0;
		if (v[len] == '\0')
			return 1;
		v += len + 1;
	}
}

/* Checks value against key k's type.  Returns NULL if it is good, else a
 * static description of what was expected.  *canon may be set to the
 * canonical spelling (booleans). */
static const char *
check_value(const struct pkey *k, const char *v, const char **canon)
{
	char *end;
	long n;

	*canon = NULL;
	if (*v == '\0')
		return k->optional ? NULL : "a value (it may not be empty)";
	switch (k->type) {
	case PT_TEXT:
		return is_text(v, 1024) ? NULL :
		    "printable text without quotes, $, ` or backslashes";
	case PT_WORD:
		return is_word(v) ? NULL :
		    "one word of letters, digits and _.:,/+@=-";
	case PT_URL:
		return valid_url(v, 1) ? NULL :
		    "an http://, https://, ftp:// or file:/// URL";
	case PT_URLPATH:
		if (strstr(v, "://") != NULL)
			return valid_url(v, 1) ? NULL :
			    "an http://, https://, ftp:// or file:/// URL, "
			    "or a local path";
		return is_text(v, 4096) ? NULL : "a URL or a local path";
	case PT_PATH:
		return is_text(v, 4096) ? NULL : "a path";
	case PT_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0' || n < k->min || n > k->max)
			return "a whole number in range";
		return NULL;
	case PT_ENUM:
		return is_enum(v, k->choices) ? NULL : "one of the choices";
	case PT_BOOL:
		*canon = bool_word(v);
		return *canon ? NULL : "yes or no";
	case PT_IFNAME:
		return valid_ifname(v) ? NULL :
		    "a name of 1 to 15 characters [A-Za-z0-9_.-]";
	case PT_IPV4:
		return valid_ipv4(v) ? NULL : "a dotted IPv4 address";
	case PT_HOSTNAME:
		return valid_hostname(v) ? NULL : "a host name";
	case PT_VERSION:
		return valid_version(v) ? NULL :
		    "a version such as 3.1.2 (digits, dots, letters)";
	case PT_DOM0MEM:
		return xv_dom0_mem_mib(v) >= 0 ? NULL :
		    "a size with its unit such as 1024M or 2G, or Xen's "
		    "min:X,max:Y,Z form (e.g. min:512M,max:2G,1G)";
	case PT_HOSTLIST:
		return xv_hosts_ok(v) ? NULL :
		    "host names or IPv4 addresses separated by commas, "
		    "no blanks (e.g. node01,node02.example.org,192.0.2.7)";
	case PT_PORTLIST:
		return ports_ok(v) ? NULL :
		    "ports the firewall opens, PORT:tcp, PORT:udp or "
		    "FROM-TO:PROTO, separated by commas, no blanks (e.g. "
		    "22:tcp,6000-6010:udp)";
	case PT_CRYPT:
		return crypt_problem(v);
	}
	return "a valid value";
}

/* The known key nearest to a mistyped one, or NULL. */
static const char *
nearest_key(const char *key)
{
	struct suggest s;

	suggest_init(&s, key);
	for (size_t i = 0; i < NKEYS; i++)
		suggest_try(&s, keys[i].name);
	return s.best;
}

/* The keys whose values become part of a file name: the ISO's
 * (product, versions, release, arch), a PXE host's kickstart (host name).
 * Each must be one safe path component, whatever its type allows. */
static const char *const file_name_keys[] = { "product.name",
    "product.version", "tree.release", "tree.arch", "xen.version",
    "network.hostname" };

/* 1 if key's value becomes part of a file name. */
static int
names_a_file(const char *key)
{
	for (size_t i = 0; i < sizeof(file_name_keys) /
	    sizeof(file_name_keys[0]); i++)
		if (strcmp(file_name_keys[i], key) == 0)
			return 1;
	return 0;
}

int
profile_set(struct profile *p, const char *key, const char *value,
    const char *origin)
{
	int i = key_index(key);
	const char *why, *canon;
	const struct pkey *k;

	if (i < 0) {
		const char *near = nearest_key(key);

		if (near != NULL)
			log_error("%s: unknown key '%s'; did you mean '%s'?",
			    origin, key, near);
		else
			log_error("%s: unknown key '%s' (see docs/profile.md "
			    "for the keys)", origin, key);
		return -1;
	}
	k = &keys[i];
	if (*value != '\0' && names_a_file(key) && !path_is_component(value)) {
		log_error("%s: %s = '%s': expected one file name component "
		    "(it is part of an output file's name): no '/', not "
		    "'.' or '..'", origin, key, value);
		return -1;
	}
	if ((why = check_value(k, value, &canon)) != NULL) {
		if (k->type == PT_ENUM)
			log_error("%s: %s = '%s': expected one of %s", origin,
			    key, value, k->choices);
		else if (k->type == PT_INT)
			log_error("%s: %s = '%s': expected a whole number "
			    "from %ld to %ld", origin, key, value, k->min,
			    k->max);
		else
			log_error("%s: %s = '%s': expected %s", origin, key,
			    value, why);
		return -1;
	}
	free(p->value[i]);
	free(p->origin[i]);
	p->value[i] = xstrdup(canon ? canon : value);
	p->origin[i] = xstrdup(origin);
	return 0;
}

/* The state of one INI parse: inih calls the reader once per line, so it
 * counts the lines for the handler's messages. */
struct ini_state {
	struct profile	*p;
	const char	*file;
	const char	*text;		/* the rest of the input */
	int		 line;
	int		 errors;
	int		 too_long;	/* the line too long, or 0 */
	size_t		 limit;		/* inih's longest line */
};

/* 1 if line (of n bytes) is a comment: ';' or '#' after blanks. */
static int
is_comment(const char *line, size_t n)
{
	size_t i = 0;

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < n && (line[i] == ';' || line[i] == '#');
}

/*
 * inih's line reader.  A line is always consumed whole: one longer than
 * inih's buffer (num - 1 bytes with its newline) is, when a comment, handed
 * on as its first bytes (still a comment) and skipped; anything else stops
 * the parse (NULL) with too_long set, so that no tail of a line is ever
 * read as a line of its own.
 */
static char *
read_ini_line(char *str, int num, void *stream)
{
	struct ini_state *st = stream;
	const char *nl;
	size_t n, len;

	if (*st->text == '\0' || st->too_long)
		return NULL;
	nl = strchr(st->text, '\n');
	n = nl ? (size_t)(nl - st->text + 1) : strlen(st->text);
	len = n;
	st->line++;
	st->limit = (size_t)num - 2;	/* besides the newline */
	if (n > (size_t)num - 1) {
		if (!is_comment(st->text, n)) {
			st->too_long = st->line;
			return NULL;
		}
		len = (size_t)num - 2;
		str[len++] = '\n';
		memcpy(str, st->text, len - 1);
	} else
		memcpy(str, st->text, len);
	str[len] = '\0';
	st->text += n;
	return str;
}

/* 1 if some key of the table lies in section. */
static int
known_section(const char *section)
{
	size_t n = strlen(section);

	for (size_t i = 0; i < NKEYS; i++)
		if (strncmp(keys[i].name, section, n) == 0 &&
		    keys[i].name[n] == '.')
			return 1;
	return 0;
}

/* Says that section is unknown, with the nearest known one if any. */
static void
log_unknown_section(const char *origin, const char *section)
{
	struct suggest s;
	char name[64];
	int best = -1;

	suggest_init(&s, section);
	for (size_t i = 0; i < NKEYS; i++) {
		snprintf(name, sizeof(name), "%.*s",
		    (int)strcspn(keys[i].name, "."), keys[i].name);
		if (suggest_try(&s, name))
			best = (int)i;
	}
	if (best >= 0)
		log_error("%s: unknown section [%s]; did you mean [%.*s]?",
		    origin, section, (int)strcspn(keys[best].name, "."),
		    keys[best].name);
	else
		log_error("%s: unknown section [%s]", origin, section);
}

static int
on_ini_value(void *user, const char *section, const char *name,
    const char *value)
{
	struct ini_state *st = user;
	char *origin = xasprintf("%s:%d", st->file, st->line);
	char *key = xasprintf("%s.%s", section, name);

	if (!known_section(section)) {
		log_unknown_section(origin, section);
		st->errors++;
	} else if (key_index(key) >= 0 &&
	    st->p->origin[key_index(key)] != NULL) {
		log_error("%s: %s is given twice, first on line %s: remove "
		    "one", origin, key, strrchr(st->p->origin[key_index(key)],
		    ':') + 1);
		st->errors++;
	} else if (profile_set(st->p, key, value, origin) != 0)
		st->errors++;
	free(key);
	free(origin);
	return 1;
}

/* Parses INI text into p; returns the number of errors (all printed). */
static int
parse_ini(struct profile *p, const char *file, const char *text)
{
	struct ini_state st = { p, file, text, 0, 0, 0, 0 };
	int rc;

	rc = ini_parse_stream(read_ini_line, &st, on_ini_value, &st);
	if (st.too_long) {
		log_error("%s:%d: line longer than %zu bytes, the limit of a "
		    "profile line (a longer comment is skipped; set a longer "
		    "value with -s)", file, st.too_long, st.limit);
		st.errors++;
	} else if (rc > 0 && st.errors == 0) {
		log_error("%s:%d: malformed line: expected [section] or "
		    "key = value", file, rc);
		st.errors++;
	}
	return st.errors;
}

/* Applies one "section.key=value" override. */
static int
apply_set(struct profile *p, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char *key;
	int rc;

	if (eq == NULL || eq == kv) {
		log_error("-s %s: expected section.key=value", kv);
		return -1;
	}
	key = xstrndup(kv, (size_t)(eq - kv));
	rc = profile_set(p, key, eq + 1, "-s");
	free(key);
	return rc;
}

/* Cross-key rules that no single value can break alone. */
static int
check_coherence(const struct profile *p)
{
	int errors = 0;

	if (strcmp(profile_get(p, "network.bootproto"), "static") == 0)
		for (const char *const *k = (const char *const[]){
		    "network.ip", "network.netmask", NULL }; *k; k++)
			if (*profile_get(p, *k) == '\0') {
				log_error("%s: network.bootproto is static "
				    "but %s is not set",
				    profile_source(p), *k);
				errors++;
			}
	if (*profile_get(p, "network.guest_ip") != '\0' &&
	    *profile_get(p, "network.guest_nic") == '\0') {
		log_error("%s: network.guest_ip needs the guest bridge: set "
		    "network.guest_nic", profile_source(p));
		errors++;
	}
	if (strcmp(profile_get(p, "network.mgmt_nic"),
	    profile_get(p, "network.guest_nic")) == 0 ||
	    strcmp(profile_get(p, "network.mgmt_bridge"),
	    profile_get(p, "network.guest_bridge")) == 0) {
		log_error("%s: the management and guest networks must use "
		    "different NICs and bridges", profile_source(p));
		errors++;
	}
	if (profile_get_int(p, "fetch.stall_timeout") *
	    profile_get_int(p, "fetch.tries") > FETCH_STALL_BOUND) {
		log_error("%s: fetch.stall_timeout (%s s) times fetch.tries "
		    "(%s) is more than %d s: a dead mirror must be reported "
		    "within an hour", profile_source(p),
		    profile_get(p, "fetch.stall_timeout"),
		    profile_get(p, "fetch.tries"), FETCH_STALL_BOUND);
		errors++;
	}
	return errors;
}

struct profile *
profile_load(const char *path, char *const *sets, size_t nsets)
{
	struct profile *p = xcalloc(1, sizeof(*p));
	struct buf text = BUF_INIT;
	int errors = 0;

	if (path == NULL) {
		p->source = xstrdup("(embedded default)");
		if (resource_read(NULL, DEFAULT_PROFILE, &text) != 0) {
			log_error("the embedded default profile is missing");
			goto fail;
		}
	} else {
		p->source = xstrdup(path);
		if (read_file(path, PROFILE_MAX_SIZE, &text) != 0) {
			log_error("%s: cannot read the profile (check the -p "
			    "path)", path);
			goto fail;
		}
		if (text.len > 0 && memchr(text.data, '\0', text.len) != NULL) {
			log_error("%s: not a text file", path);
			goto fail;
		}
	}
	buf_adds(&text, "");	/* an empty file still has a (empty) text */
	errors += parse_ini(p, p->source, text.data);
	for (size_t i = 0; i < nsets; i++)
		if (apply_set(p, sets[i]) != 0)
			errors++;
	if (errors == 0)
		errors += check_coherence(p);
	if (errors > 0)
		goto fail;
	buf_free(&text);
	return p;
fail:
	buf_free(&text);
	profile_free(p);
	return NULL;
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < NKEYS; i++) {
		free(p->value[i]);
		free(p->origin[i]);
	}
	free(p->source);
	free(p);
}

struct profile *
profile_dup(const struct profile *p)
{
	struct profile *d = xcalloc(1, sizeof(*d));

	d->source = xstrdup(p->source);
	for (size_t i = 0; i < NKEYS; i++) {
		d->value[i] = p->value[i] ? xstrdup(p->value[i]) : NULL;
		d->origin[i] = p->origin[i] ? xstrdup(p->origin[i]) : NULL;
	}
	return d;
}

/* The index whose value key resolves to: itself, or what it inherits. */
static int
resolve(const struct profile *p, int i)
{
	while (p->value[i] == NULL && keys[i].inherit != NULL)
		i = key_index(keys[i].inherit);
	return i;
}

const char *
profile_get(const struct profile *p, const char *key)
{
	int i = key_index(key);

	if (i < 0) {
		fprintf(stderr, "xeninfn: internal error: no profile key "
		    "%s\n", key);
		abort();
	}
	i = resolve(p, i);
	if (p->value[i] != NULL)
		return p->value[i];
	return keys[i].def ? keys[i].def : "";
}

long
profile_get_int(const struct profile *p, const char *key)
{
	return strtol(profile_get(p, key), NULL, 10);
}

int
profile_get_bool(const struct profile *p, const char *key)
{
	return strcmp(profile_get(p, key), "yes") == 0;
}

const char *
profile_origin(const struct profile *p, const char *key)
{
	int i = key_index(key);

	if (i < 0)
		return "unknown";
	i = resolve(p, i);
	return p->origin[i] ? p->origin[i] : "default";
}

int
profile_is_set(const struct profile *p, const char *key)
{
	int i = key_index(key);

	return i >= 0 && p->value[i] != NULL;
}

const char *
profile_source(const struct profile *p)
{
	return p->source;
}

int
profile_foreach(const struct profile *p,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	int rc;

	for (size_t i = 0; i < NKEYS; i++)
		if ((rc = fn(keys[i].name, profile_get(p, keys[i].name),
		    arg)) != 0)
			return rc;
	return 0;
}

void
profile_args_add_set(struct profile_args *a, const char *kv)
{
	a->sets = realloc_n(a->sets, a->nsets + 1, sizeof(*a->sets));
	a->sets[a->nsets++] = xstrdup(kv);
}

void
profile_args_free(struct profile_args *a)
{
	for (size_t i = 0; i < a->nsets; i++)
		free(a->sets[i]);
	free(a->sets);
	a->sets = NULL;
	a->nsets = 0;
}

/* ---- typed settings (settings.h) ---- */

/* The defaults are the key table's: settings_of only types the values. */
#define sv	profile_get
static void
settings_tree(const struct profile *p, struct tree_settings *t)
{
	t->url = sv(p, "tree.url");
	t->install_url = sv(p, "tree.install_url");
	t->family = sv(p, "tree.family");
	t->release = sv(p, "tree.release");
	t->arch = sv(p, "tree.arch");
	t->sha256sums = sv(p, "tree.sha256sums");
	t->updates_url = profile_is_set(p, "tree.updates_url") ?
	    sv(p, "tree.updates_url") : NULL;
	t->allow_mismatch = profile_get_bool(p, "tree.allow_mismatch");
	t->repin = profile_get_bool(p, "tree.repin");
}

static void
settings_xen(const struct profile *p, struct xen_settings *x)
{
	x->version = sv(p, "xen.version");
	x->rpms = sv(p, "xen.rpms");
	x->gpg_keys = sv(p, "xen.gpg_keys");
	x->allow_unsigned = profile_get_bool(p, "xen.allow_unsigned");
	x->migration = profile_get_bool(p, "xen.migration");
	x->relocation_hosts = sv(p, "xen.relocation_hosts");
}

void
settings_of(const struct profile *p, struct settings *s)
{
	const char *repo = sv(p, "repo.url"), *ca = sv(p, "fetch.ca_file");

	memset(s, 0, sizeof(*s));
	s->product.name = sv(p, "product.name");
	s->product.version = sv(p, "product.version");
	settings_tree(p, &s->tree);
	settings_xen(p, &s->xen);
	s->boot.console = sv(p, "boot.console");
	s->boot.extra_args = sv(p, "boot.extra_args");
	s->boot.timeout = profile_get_int(p, "boot.timeout");
	s->network.hostname = sv(p, "network.hostname");
	s->network.is_static = strcmp(sv(p, "network.bootproto"),
	    "static") == 0;
	s->disk.drives = sv(p, "disk.drives");
	s->disk.root_size = profile_get_int(p, "disk.root_size");
	s->disk.swap_size = profile_get_int(p, "disk.swap_size");
	s->system.firewall = profile_get_bool(p, "system.firewall");
	s->system.firewall_ports = sv(p, "system.firewall_ports");
	s->access.rootpw_hash = sv(p, "rootpw.hash");
	s->access.authorized_keys = sv(p, "ssh.authorized_keys");
	s->kickstart.template = sv(p, "kickstart.template");
	s->kickstart.template_dir = sv(p, "kickstart.template_dir");
	s->kickstart.repo_url = *repo != '\0' ? repo : NULL;
	s->fetch.ca_file = *ca != '\0' ? ca : NULL;
	s->fetch.stall_timeout = profile_get_int(p, "fetch.stall_timeout");
	s->fetch.tries = (int)profile_get_int(p, "fetch.tries");
	s->pxe.http_url = sv(p, "pxe.http_url");
}
