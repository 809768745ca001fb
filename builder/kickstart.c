/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kickstart.c: rendering the XenINFN kickstart from the shipped templates
 * (kickstart/) or a site's (kickstart.template_dir), and the %packages list
 * of any kickstart.  The grammar check is in kscheck.c, the check that the
 * packages exist in kspackages.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "settings.h"
#include "template.h"
#include "xenvalues.h"

/* The XenINFN repository's base URL as the installer reaches it, from the
 * build's context: given, or the PXE tree's HTTP half, or "" when %pre
 * finds it on the CD.  Returns a new string, or NULL after a message. */
static char *
repo_baseurl(const struct profile *p, const struct settings *s,
    const struct ks_context *ctx)
{
	const char *http = s->pxe.http_url;
	size_t n = strlen(http);

	if (ctx->repo_baseurl != NULL)
		return xstrdup(ctx->repo_baseurl);
	if (strcmp(ctx->media, "pxe") != 0)
		return xstrdup("");
	if (n == 0) {
		log_error("%s: pxe.http_url is not set: the PXE kickstart "
		    "needs the URL where the tree's http/ half is served",
		    profile_source(p));
		return NULL;
	}
	return xasprintf("%s%sxeninfn/", http, http[n - 1] == '/' ? "" : "/");
}

/* The template's path among the resources ("kickstart/xeninfn.ks"), or
 * NULL after a message when kickstart.template is not a safe relative
 * path.  The caller frees it. */
static char *
template_path(const struct profile *p, const struct kickstart_settings *ks)
{
	const char *t = ks->template;

	if (!path_is_safe(t)) {
		log_error("%s: kickstart.template = '%s': expected a path "
		    "relative to the template directory (no '..', no leading "
		    "'/')", profile_origin(p, "kickstart.template"), t);
		return NULL;
	}
	return xasprintf("kickstart/%s", t);
}

/* 1 if an item of the checked port list covers port/tcp; else 0. */
static int
ports_cover(const char *list, long port)
{
	char item[32];
	size_t len;

	for (; *list != '\0'; list += len + (list[len] == ',')) {
		len = strcspn(list, ",");
		snprintf(item, sizeof(item), "%.*s", (int)len, list);
		if (xv_port_has(item, port, "tcp"))
			return 1;
	}
	return 0;
}

/*
 * Live migration as the %post's xeninfn-dom0setup sets it up: the
 * relocation server bound to a static management address, open only to
 * the hosts listed.  Checked here, so that a profile the helper would
 * refuse on the installed host (leaving it without its dom0 setup) stops
 * the build instead.  host: the PXE host, or NULL.  Returns 0 or -1.
 */
static int
check_migration(const struct profile *p, const struct settings *s,
    const char *host)
{
	char *who;
	int rc = 0;

	if (!s->xen.migration)
		return 0;
	who = host ? xasprintf("%s (host %s)",
	    profile_origin(p, "xen.migration"), host) :
	    xstrdup(profile_origin(p, "xen.migration"));
	if (*s->xen.relocation_hosts == '\0') {
		log_error("%s: xen.migration = yes needs xen.relocation_hosts, "
		    "the hosts allowed to send domains (an open relocation "
		    "server takes a domain from anyone)", who);
		rc = -1;
	}
	if (!s->network.is_static) {
		log_error("%s: xen.migration = yes binds the relocation "
		    "server to the management address, which must be static: "
		    "set network.bootproto = static and network.ip (for PXE, "
		    "give the host an ip in the inventory, and enable "
		    "migration per host with an xen.migration column)", who);
		rc = -1;
	}
	if (s->system.firewall && ports_cover(s->system.firewall_ports, 8002)) {
		log_error("%s: system.firewall_ports = '%s' opens the "
		    "relocation port 8002/tcp to every host; with xen.migration "
		    "= yes the dom0's firewall opens it to xen.relocation_hosts "
		    "only: leave it out of system.firewall_ports", who,
		    s->system.firewall_ports);
		rc = -1;
	}
	free(who);
	return rc;
}

char *
kickstart_render(const struct profile *p, const struct ks_context *ctx)
{
	return kickstart_render_keys(p, ctx, NULL);
}

int
kickstart_vars(const struct profile *p, const struct ks_context *ctx,
    const char *ssh_keys, struct ks_vars *kv)
{
	static const struct ks_context cdrom = { "cdrom", NULL, NULL };
	struct settings s;
	const char *host;
	char *updates;

	memset(kv, 0, sizeof(*kv));
	settings_of(p, &s);
	if (ctx == NULL || ctx->media == NULL)
		ctx = &cdrom;
	host = ctx->hostname ? ctx->hostname : s.network.hostname;
	if (check_migration(p, &s, ctx->hostname) != 0)
		return -1;
	if ((kv->baseurl = repo_baseurl(p, &s, ctx)) == NULL ||
	    (kv->rel = template_path(p, &s.kickstart)) == NULL)
		goto fail;
	if (ssh_keys == NULL && (ssh_keys = kv->keys = sshkeys_load(p,
	    NULL)) == NULL)
		goto fail;
	kv->first = xstrndup(s.disk.drives, strcspn(s.disk.drives, ", "));
	/* dom0's physical volume: root and swap plus room for the LVM
	 * metadata and extent rounding. */
	kv->pvsize = xasprintf("%ld", s.disk.root_size + s.disk.swap_size +
	    64);
	updates = kickstart_updates_url(p, 1);
	kv->updates = updates ? updates : xstrdup("");
	{
		const struct tvar vars[KS_NVARS] = {
			{ "ks.media", ctx->media, NULL },
			{ "ks.repo_baseurl", kv->baseurl, NULL },
			{ "ks.hostname", host, NULL },
			{ "ks.first_drive", kv->first, NULL },
			{ "ks.dom0_pv_size", kv->pvsize, NULL },
			{ "ks.updates_url", kv->updates, NULL },
			{ "ks.kernel_xen_min", KERNEL_XEN_MIN_VERSION "-"
			    KERNEL_XEN_MIN_RELEASE, NULL },
			{ "ks.kernel_xen_min_version", KERNEL_XEN_MIN_VERSION,
			    NULL },
			{ "ks.kernel_xen_min_release", KERNEL_XEN_MIN_RELEASE,
			    NULL },
			{ "ks.ssh_keys", ssh_keys, NULL },
		};
		memcpy(kv->v, vars, sizeof(vars));
	}
	return 0;
fail:
	kickstart_vars_free(kv);
	return -1;
}

void
kickstart_vars_free(struct ks_vars *kv)
{
	free(kv->baseurl);
	free(kv->rel);
	free(kv->first);
	free(kv->pvsize);
	free(kv->updates);
	free(kv->keys);
	memset(kv, 0, sizeof(*kv));
}

char *
kickstart_render_keys(const struct profile *p, const struct ks_context *ctx,
    const char *ssh_keys)
{
	struct ks_vars kv;
	struct settings s;
	char *text;

	if (kickstart_vars(p, ctx, ssh_keys, &kv) != 0)
		return NULL;
	settings_of(p, &s);
	text = template_render(s.kickstart.template_dir, kv.rel, p, kv.v,
	    KS_NVARS);
	kickstart_vars_free(&kv);
	return text;
}

void
kickstart_warnings(const struct profile *p)
{
	struct settings s;

	settings_of(p, &s);
	if (sshkeys_root_locked(p) && *s.access.authorized_keys == '\0')
		log_warn("NOBODY WILL BE ABLE TO LOG IN to the installed dom0: "
		    "rootpw.hash = %s (%s) leaves root locked and "
		    "ssh.authorized_keys is empty.  Give root's SSH keys "
		    "(ssh.authorized_keys = FILE or URL) or an MD5-crypt "
		    "rootpw.hash, unless a site snippet adds users",
		    s.access.rootpw_hash, profile_origin(p, "rootpw.hash"));
	if (s.tree.updates_url != NULL && *s.tree.updates_url == '\0')
		log_warn("%s: tree.updates_url is empty: the install takes no "
		    "SL 5.1 updates (no security errata), and kernel-xen "
		    "%s-%s or later must come from the tree itself",
		    profile_origin(p, "tree.updates_url"),
		    KERNEL_XEN_MIN_VERSION, KERNEL_XEN_MIN_RELEASE);
}

/* 1 if line (of length n) is a section header: "%name" then a blank, a
 * carriage return (CRLF files) or the end. */
static int
is_section(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && strncmp(line, name, k) == 0 &&
	    (n == k || line[k] == ' ' || line[k] == '\t' || line[k] == '\r');
}

/* Appends the entry of one %packages line (trimmed, comments and blanks
 * skipped) to *v, which holds *n entries in room for *cap; grows it. */
static void
add_package_line(char ***v, size_t *n, size_t *cap, const char *line,
    size_t len)
{
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
	    line[len - 1] == '\r'))
		len--;
	if (len == 0 || *line == '#')
		return;
	if (*n + 2 > *cap) {
		*cap = *cap * 2 + 16;
		*v = realloc_n(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = xstrndup(line, len);
	(*v)[*n] = NULL;
}

/* Every entry, not the first few thousand: one left out would go
 * unchecked by kickstart_check_packages.  A section header may be
 * indented, as kickstart_check reads it. */
char **
kickstart_packages(const char *text)
{
	char **v = xcalloc(1, sizeof(*v));
	size_t n = 0, cap = 1, len;
	int in = 0;

	for (const char *line = text; *line != '\0'; line += len +
	    (line[len] == '\n')) {
		const char *t = line + strspn(line, " \t");

		len = strcspn(line, "\n");
		if (t < line + len && *t == '%') {
			in = is_section(t, len - (size_t)(t - line),
			    "%packages");
			continue;
		}
		if (in)
			add_package_line(&v, &n, &cap, line, len);
	}
	return v;
}
