/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * manifest.c: manifest.json, what a build was made of: the profile (with
 * where each value came from), every input with its URL, checksum and
 * what vouched for it, the RPMs with their signers, the syslinux files,
 * and the outputs.  Local cache paths stay out, so two builds of the same
 * inputs write the same manifest.  The JSON is built with jansson, the keys
 * in the order they are set here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "xeninfn.h"
#include "paths.h"
#include "manifest.h"
#include "media-id.h"
#include "syslinux.h"
#include "rpm.h"
#include "settings.h"
#include "tree.h"

/* The manifest being built: the first value that is not valid UTF-8 sets
 * bad (after a message); the text is not written then. */
struct mf {
	int	 bad;
};

/* s with every byte outside printable ASCII written as \xNN (caller
 * frees). */
static char *
bytes_shown(const char *s)
{
	struct buf b = BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x20 && *p < 0x7f)
			buf_addc(&b, (char)*p);
		else
			buf_printf(&b, "\\x%02x", *p);
	return buf_release(&b);
}

json_t *
manifest_jstr(const char *v, char **shown)
{
	json_t *j;

	*shown = NULL;
	if (v == NULL)
		return json_null();
	if ((j = json_string(v)) != NULL)
		return j;
	*shown = bytes_shown(v);
	return json_string(*shown);
}

/* A JSON string of v (null for NULL).  A v that is not valid UTF-8 is
 * said, naming what, and gives null with m->bad set. */
static json_t *
str(struct mf *m, const char *what, const char *v)
{
	char *s;
	json_t *j = manifest_jstr(v, &s);

	if (s == NULL)
		return j;
	json_decref(j);
	log_error("manifest.json: %s = '%s': not valid UTF-8 (the manifest "
	    "is JSON, which holds UTF-8 only: fix the input it came from)",
	    what, s);
	free(s);
	m->bad = 1;
	return json_null();
}

/* o[k] = v as a string (or null). */
static void
kv(struct mf *m, json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, str(m, k, v));
}

struct profile_walk {
	struct mf		*m;
	json_t			*keys;
	const struct profile	*p;
};

static int
profile_entry(const char *key, const char *value, void *arg)
{
	struct profile_walk *w = arg;
	json_t *e = json_object();

	/* The hash is on the media already; the manifest only says whether
	 * root can log in. */
	if (strcmp(key, "rootpw.hash") == 0)
		value = (strcmp(value, "!!") == 0 || strcmp(value, "*") == 0) ?
		    "(locked)" : "(MD5-crypt hash)";
	json_object_set_new(e, "value", str(w->m, key, value));
	kv(w->m, e, "from", profile_origin(w->p, key));
	json_object_set_new(w->keys, key, e);
	return 0;
}

static json_t *
profile_part(struct mf *m, const struct profile *p)
{
	json_t *o = json_object();
	struct profile_walk w = { m, json_object(), p };

	kv(m, o, "source", profile_source(p));
	profile_foreach(p, profile_entry, &w);
	json_object_set_new(o, "keys", w.keys);
	return o;
}

static json_t *
tree_part(struct mf *m, const struct tree *t)
{
	json_t *o = json_object();

	kv(m, o, "url", t->url);
	kv(m, o, "family", t->family);
	kv(m, o, "release", t->release);
	kv(m, o, "arch", t->arch);
	kv(m, o, "timestamp", t->timestamp);
	json_object_set_new(o, "treeinfo", json_boolean(t->has_treeinfo));
	return o;
}

static json_t *
inputs_part(struct mf *m, const struct tree *t)
{
	json_t *a = json_array();

	for (size_t i = 0; i < t->ninputs; i++) {
		const struct tree_input *in = &t->inputs[i];
		json_t *o = json_object();

		kv(m, o, "role", in->role);
		kv(m, o, "url", in->url);
		kv(m, o, "sha256", in->sha256);
		kv(m, o, "verified_by", in->verified_by);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
rpms_part(struct mf *m, const struct rpm_set *s)
{
	json_t *a = json_array();

	for (size_t i = 0; i < s->n; i++) {
		const struct rpm_pkg *r = &s->pkgs[i];
		json_t *o = json_object();

		kv(m, o, "name", r->name);
		kv(m, o, "version", r->version);
		kv(m, o, "release", r->release);
		kv(m, o, "arch", r->arch);
		/* A local path says where this build tree or this machine
		 * keeps files, not where the RPM came from: its file name
		 * (xen.rpms in the profile says the rest). */
		if (r->url != NULL && r->url[0] == '/') {
			kv(m, o, "url", NULL);
			kv(m, o, "file", strrchr(r->url, '/') + 1);
		} else
			kv(m, o, "url", r->url);
		kv(m, o, "sha256", r->sha256);
		kv(m, o, "signed_by", r->signer);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
syslinux_part(struct mf *m, const struct syslinux_set *s)
{
	json_t *o = json_object();

	for (size_t i = 0; i < SYSLINUX_NFILES; i++)
		kv(m, o, s->f[i].name, s->f[i].sha256);
	return o;
}

static json_t *
outputs_part(struct mf *m, const struct manifest_output *out, size_t nout)
{
	json_t *a = json_array();

	for (size_t i = 0; i < nout; i++) {
		json_t *o = json_object();

		kv(m, o, "name", out[i].name);
		kv(m, o, "sha256", out[i].sha256);
		json_object_set_new(o, "size", json_integer(out[i].size));
		json_array_append_new(a, o);
	}
	return a;
}

/* The text of root: two-space indentation, the keys in the order they
 * were set, a final newline (caller frees), or NULL after a message. */
static char *
dump(json_t *root)
{
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER),
	    *out;

	if (text == NULL) {
		log_error("manifest.json: out of memory");
		return NULL;
	}
	out = xasprintf("%s\n", text);
	free(text);
	return out;
}

char *
manifest_json(const struct profile *p, const struct tree *t,
    const struct rpm_set *rpms, const struct syslinux_set *sl,
    const struct media_id *id, const char *ks_sha256,
    const struct manifest_output *out, size_t nout)
{
	struct mf m = { 0 };
	struct settings s;
	json_t *root = json_object();
	char built[32], *text = NULL;
	struct tm tm;

	settings_of(p, &s);
	gmtime_r(&id->epoch, &tm);
	strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", &tm);
	kv(&m, root, "product", s.product.name);
	kv(&m, root, "version", s.product.version);
	kv(&m, root, "builder", "xeninfn " PACKAGE_VERSION_STR);
	kv(&m, root, "xen_version", s.xen.version);
	kv(&m, root, "built", built);	/* RFC 3339, UTC */
	json_object_set_new(root, "source_date_epoch", id->reproducible ?
	    json_integer((json_int_t)id->epoch) : json_null());
	kv(&m, root, "volume_id", id->label);
	kv(&m, root, "kickstart_sha256", ks_sha256);
	json_object_set_new(root, "profile", profile_part(&m, p));
	json_object_set_new(root, "tree", tree_part(&m, t));
	json_object_set_new(root, "inputs", inputs_part(&m, t));
	json_object_set_new(root, "rpms", rpms_part(&m, rpms));
	json_object_set_new(root, "syslinux", syslinux_part(&m, sl));
	json_object_set_new(root, "outputs", outputs_part(&m, out, nout));
	if (!m.bad)
		text = dump(root);
	json_decref(root);
	return text;
}
