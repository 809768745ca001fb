/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * manifest.c: manifest.json, what a build was made of: the profile (with
 * where each value came from), every input with its URL, checksum and
 * what vouched for it, the RPMs with their signers, the syslinux files,
 * and the outputs.  Local cache paths stay out, so two builds of the same
 * inputs write the same manifest.
 */
#include <string.h>
#include <time.h>

#include "xeninfn.h"
#include "paths.h"
#include "manifest.h"
#include "media-id.h"
#include "syslinux.h"
#include "rpm.h"
#include "tree.h"

/* "key": "value" with the separator before it. */
static void
kv(struct buf *b, const char *indent, int *first, const char *k,
    const char *v)
{
	buf_printf(b, "%s\n%s", *first ? "" : ",", indent);
	json_str(b, k);
	buf_adds(b, ": ");
	if (v != NULL)
		json_str(b, v);
	else
		buf_adds(b, "null");
	*first = 0;
}

struct profile_walk {
	struct buf		*b;
	const struct profile	*p;
	int			 first;
};

static int
profile_entry(const char *key, const char *value, void *arg)
{
	struct profile_walk *w = arg;

	/* The hash is on the media already; the manifest only says whether
	 * root can log in. */
	if (strcmp(key, "rootpw.hash") == 0)
		value = (strcmp(value, "!!") == 0 || strcmp(value, "*") == 0) ?
		    "(locked)" : "(MD5-crypt hash)";
	buf_printf(w->b, "%s\n      ", w->first ? "" : ",");
	json_str(w->b, key);
	buf_adds(w->b, ": { \"value\": ");
	json_str(w->b, value);
	buf_adds(w->b, ", \"from\": ");
	json_str(w->b, profile_origin(w->p, key));
	buf_adds(w->b, " }");
	w->first = 0;
	return 0;
}

static void
add_profile(struct buf *b, const struct profile *p)
{
	struct profile_walk w = { b, p, 1 };

	buf_adds(b, "  \"profile\": {\n    \"source\": ");
	json_str(b, profile_source(p));
	buf_adds(b, ",\n    \"keys\": {");
	profile_foreach(p, profile_entry, &w);
	buf_adds(b, "\n    }\n  },\n");
}

static void
add_tree(struct buf *b, const struct tree *t)
{
	int first = 1;

	buf_adds(b, "  \"tree\": {");
	kv(b, "    ", &first, "url", t->url);
	kv(b, "    ", &first, "family", t->family);
	kv(b, "    ", &first, "release", t->release);
	kv(b, "    ", &first, "arch", t->arch);
	kv(b, "    ", &first, "timestamp", t->timestamp);
	buf_printf(b, ",\n    \"treeinfo\": %s\n  },\n  \"inputs\": [",
	    t->has_treeinfo ? "true" : "false");
	for (size_t i = 0; i < t->ninputs; i++) {
		const struct tree_input *in = &t->inputs[i];
		first = 1;
		buf_printf(b, "%s\n    {", i ? "," : "");
		kv(b, "      ", &first, "role", in->role);
		kv(b, "      ", &first, "url", in->url);
		kv(b, "      ", &first, "sha256", in->sha256);
		kv(b, "      ", &first, "verified_by", in->verified_by);
		buf_adds(b, "\n    }");
	}
	buf_adds(b, "\n  ],\n");
}

static void
add_rpms(struct buf *b, const struct rpm_set *s)
{
	int first;

	buf_adds(b, "  \"rpms\": [");
	for (size_t i = 0; i < s->n; i++) {
		const struct rpm_pkg *r = &s->pkgs[i];
		first = 1;
		buf_printf(b, "%s\n    {", i ? "," : "");
		kv(b, "      ", &first, "name", r->name);
		kv(b, "      ", &first, "version", r->version);
		kv(b, "      ", &first, "release", r->release);
		kv(b, "      ", &first, "arch", r->arch);
		/* A local path says where this build tree or this machine
		 * keeps files, not where the RPM came from: its file name
		 * (xen.rpms in the profile says the rest). */
		if (r->url != NULL && r->url[0] == '/') {
			const char *slash = strrchr(r->url, '/');

			kv(b, "      ", &first, "url", NULL);
			kv(b, "      ", &first, "file", slash + 1);
		} else
			kv(b, "      ", &first, "url", r->url);
		kv(b, "      ", &first, "sha256", r->sha256);
		kv(b, "      ", &first, "signed_by", r->signer);
		buf_adds(b, "\n    }");
	}
	buf_adds(b, "\n  ],\n");
}

static void
add_syslinux(struct buf *b, const struct syslinux_set *s)
{
	int first = 1;

	buf_adds(b, "  \"syslinux\": {");
	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		kv(b, "    ", &first, s->f[i].name, s->f[i].sha256);
	buf_adds(b, "\n  },\n");
}

char *
manifest_json(const struct profile *p, const struct tree *t,
    const struct rpm_set *rpms, const struct syslinux_set *sl,
    const struct media_id *id, const char *ks_sha256,
    const struct manifest_output *out, size_t nout)
{
	struct buf b = BUF_INIT;
	int first = 1;
	char built[32];
	struct tm tm;

	gmtime_r(&id->epoch, &tm);
	strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_adds(&b, "{");
	kv(&b, "  ", &first, "product", profile_get(p, "product.name"));
	kv(&b, "  ", &first, "version", profile_get(p, "product.version"));
	kv(&b, "  ", &first, "builder", "xeninfn " PACKAGE_VERSION_STR);
	kv(&b, "  ", &first, "xen_version", profile_get(p, "xen.version"));
	kv(&b, "  ", &first, "built", built);	/* RFC 3339, UTC */
	buf_printf(&b, ",\n  \"source_date_epoch\": ");
	if (id->reproducible)
		buf_printf(&b, "%lld", (long long)id->epoch);
	else
		buf_adds(&b, "null");
	kv(&b, "  ", &first, "volume_id", id->label);
	kv(&b, "  ", &first, "kickstart_sha256", ks_sha256);
	buf_adds(&b, ",\n");
	add_profile(&b, p);
	add_tree(&b, t);
	add_rpms(&b, rpms);
	add_syslinux(&b, sl);
	buf_adds(&b, "  \"outputs\": [");
	for (size_t i = 0; i < nout; i++) {
		first = 1;
		buf_printf(&b, "%s\n    {", i ? "," : "");
		kv(&b, "      ", &first, "name", out[i].name);
		kv(&b, "      ", &first, "sha256", out[i].sha256);
		buf_printf(&b, ",\n      \"size\": %lld\n    }", out[i].size);
	}
	buf_adds(&b, "\n  ]\n}\n");
	return buf_release(&b);
}
