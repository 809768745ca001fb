/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sshkeys.c: root's SSH keys for the installed dom0 (ssh.authorized_keys,
 * a file or a URL).  Every line is checked before it can reach the
 * kickstart: a key type SL 5.1's OpenSSH 4.3p2 reads (ssh-rsa, ssh-dss),
 * base64 that decodes to a blob of that type with nothing missing or left
 * over, and an optional comment of printable ASCII.  Blank lines and
 * '#' comments are skipped; anything else is refused with file:line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "fetch.h"
#include "kickstart.h"
#include "settings.h"

#define KEYS_FILE_MAX	(256 * 1024)
#define KEY_LINE_MAX	(16 * 1024)

/* The key types OpenSSH 4.3p2 reads, with the number of strings and
 * mpints their public blob holds (RFC 4253 6.6): ssh-rsa e n; ssh-dss p q
 * g y; the type name first. */
static const struct {
	const char	*type;
	int		 fields;
} types[] = {
	{ "ssh-rsa", 3 },
	{ "ssh-dss", 5 },
};

/* Key types of later OpenSSH releases: refused with the reason. */
static const char *const later[] = { "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-ed25519",
    "ssh-ed448", "sk-ecdsa-sha2-nistp256@openssh.com",
    "sk-ssh-ed25519@openssh.com", "rsa-sha2-256", "rsa-sha2-512" };

/* The value of one base64 character, or -1. */
static int
b64_value(int c)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

/* Decodes s (n characters of padded base64) into out.  Returns 0, or -1
 * when s is not well-formed base64. */
static int
b64_decode(const char *s, size_t n, struct buf *out)
{
	size_t pad = 0;

	if (n == 0 || n % 4 != 0)
		return -1;
	while (pad < 2 && s[n - 1 - pad] == '=')
		pad++;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;
		int k = (i + 4 == n) ? 4 - (int)pad : 4;

		for (int j = 0; j < 4; j++) {
			int d = j < k ? b64_value((unsigned char)s[i + j]) : 0;

			if (d < 0 || (j >= k && s[i + j] != '='))
				return -1;
			v = v << 6 | (uint32_t)d;
		}
		for (int j = 0; j < k - 1; j++)
			buf_addc(out, (char)(v >> (16 - 8 * j) & 0xff));
	}
	return 0;
}

/* Checks a decoded public key blob: fields strings (uint32 length, then
 * the bytes), the first equal to type, nothing left over.  Returns NULL
 * if it is good, else what is wrong (static). */
static const char *
blob_problem(const unsigned char *b, size_t n, const char *type, int fields)
{
	size_t off = 0;

	for (int i = 0; i < fields; i++) {
		uint32_t len;

		if (n - off < 4)
			return "the key data is cut short";
		len = (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
		    (uint32_t)b[off + 2] << 8 | b[off + 3];
		off += 4;
		if (len > n - off)
			return "the key data is cut short";
		if (i == 0 && (len != strlen(type) ||
		    memcmp(b + off, type, len) != 0))
			return "the key data is of another type than the line "
			    "says";
		off += len;
	}
	return off == n ? NULL : "the key data has bytes left over";
}

/* The index of type in types, or -1. */
static int
type_index(const char *type, size_t n)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i].type) == n &&
		    strncmp(types[i].type, type, n) == 0)
			return (int)i;
	return -1;
}

/* 1 if the n bytes at s name a key type of a later OpenSSH. */
static int
is_later_type(const char *s, size_t n)
{
	static const char cert[] = "-cert-v01@openssh.com";
	size_t k = sizeof(cert) - 1;

	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		if (strlen(later[i]) == n && strncmp(later[i], s, n) == 0)
			return 1;
	return n > k && strncmp(s + n - k, cert, k) == 0;
}

/* Checks one line (no newline, trailing blanks and CR cut).  Appends the
 * key to out as "type base64[ comment]\n".  Returns NULL when it is good
 * or skipped, else why it is refused (static). */
static const char *
line_problem(const char *line, struct buf *out)
{
	const char *t = line + strspn(line, " \t"), *b64, *rest;
	size_t tn, bn;
	struct buf blob = BUF_INIT;
	const char *why = NULL;
	int k;

	if (*t == '\0' || *t == '#')
		return NULL;
	for (const char *c = t; *c; c++)
		if ((unsigned char)*c < 0x20 && *c != '\t')
			return "a control character: only printable ASCII is "
			    "taken";
		else if ((unsigned char)*c > 0x7e)
			return "a character outside printable ASCII (the "
			    "comment too must be plain ASCII)";
	tn = strcspn(t, " \t");
	if (is_later_type(t, tn))
		return "SL 5.1's OpenSSH 4.3p2 reads only ssh-rsa and ssh-dss "
		    "keys (ECDSA, Ed25519 and certificates came later): give "
		    "an RSA key (ssh-keygen -t rsa)";
	if ((k = type_index(t, tn)) < 0)
		return "not an OpenSSH public key line: expected 'ssh-rsa "
		    "BASE64 [comment]' or 'ssh-dss ...' (options such as "
		    "from= or command= before the key are not taken: put "
		    "them in a site snippet)";
	b64 = t + tn + strspn(t + tn, " \t");
	bn = strcspn(b64, " \t");
	rest = b64 + bn + strspn(b64 + bn, " \t");
	if (bn == 0)
		return "the key type has no key data after it";
	if (b64_decode(b64, bn, &blob) != 0) {
		buf_free(&blob);
		return "the key data is not base64";
	}
	why = blob_problem((const unsigned char *)blob.data, blob.len,
	    types[k].type, types[k].fields);
	if (why == NULL) {
		buf_printf(out, "%s %.*s", types[k].type, (int)bn, b64);
		if (*rest != '\0')
			buf_printf(out, " %s", rest);
		buf_addc(out, '\n');
	}
	buf_free(&blob);
	return why;
}

int
sshkeys_parse(const char *text, size_t len, const char *where,
    struct buf *out)
{
	int errors = 0, lineno = 0;

	for (size_t off = 0, next; off < len; off = next) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		const char *why = NULL;
		char *line;

		next = off + n + 1;
		lineno++;
		if (n > KEY_LINE_MAX)
			why = "a line of more than 16 KiB: not a public key";
		else if (memchr(text + off, '\0', n) != NULL)
			why = "a NUL byte: not a text file";
		else {
			line = xstrndup(text + off, n);
			while (n > 0 && strchr(" \t\r", line[n - 1]) != NULL)
				line[--n] = '\0';
			why = line_problem(line, out);
			free(line);
		}
		if (why != NULL) {
			log_error("%s:%d: %s", where, lineno, why);
			errors++;
		}
	}
	return errors;
}

/* Reads the keys at value (a local path, or a URL through f) into text.
 * Returns 0, or -1 after a message naming the key and where. */
static int
read_keys(const struct profile *p, const char *value, struct fetcher *f,
    struct buf *text)
{
	const char *origin = profile_origin(p, "ssh.authorized_keys");
	struct fetch_item it = { 0 };
	int rc = -1;

	if (strstr(value, "://") == NULL) {
		if (read_file(value, KEYS_FILE_MAX, text) != 0) {
			log_error("ssh.authorized_keys = %s (%s): cannot read "
			    "the keys file: check the path", value, origin);
			return -1;
		}
		return 0;
	}
	it.url = value;
	it.max_size = KEYS_FILE_MAX;
	if (fetch_all(f, &it, 1) != 0 ||
	    read_file(it.path, KEYS_FILE_MAX, text) != 0)
		log_error("ssh.authorized_keys = %s (%s): cannot fetch the "
		    "keys: check the URL and that the server answers", value,
		    origin);
	else
		rc = 0;
	fetch_items_clear(&it, 1);
	return rc;
}

char *
sshkeys_load(const struct profile *p, struct fetcher *f)
{
	struct settings s;
	const char *value;
	struct fetcher *own = NULL;
	struct fetch_opts fo;
	struct buf text = BUF_INIT, keys = BUF_INIT;
	int errors;

	settings_of(p, &s);
	value = s.access.authorized_keys;
	buf_adds(&keys, "");
	if (*value == '\0')
		return buf_release(&keys);
	if (f == NULL && strstr(value, "://") != NULL) {
		fetch_opts_init(&fo, &s.fetch, NULL);
		if ((f = own = fetcher_new(&fo)) == NULL)
			goto fail;
	}
	if (read_keys(p, value, f, &text) != 0)
		goto fail;
	errors = sshkeys_parse(text.data ? text.data : "", text.len, value,
	    &keys);
	if (errors > 0) {
		log_error("ssh.authorized_keys = %s (%s): %d line%s refused "
		    "(above): fix or remove them", value,
		    profile_origin(p, "ssh.authorized_keys"), errors,
		    errors == 1 ? "" : "s");
		goto fail;
	}
	if (keys.len == 0)
		log_warn("ssh.authorized_keys = %s: holds no key", value);
	fetcher_free(own);
	buf_free(&text);
	return buf_release(&keys);
fail:
	fetcher_free(own);
	buf_free(&text);
	buf_free(&keys);
	return NULL;
}

int
sshkeys_root_locked(const struct profile *p)
{
	struct settings s;
	const char *h;

	settings_of(p, &s);
	h = s.access.rootpw_hash;

	return strcmp(h, "!!") == 0 || strcmp(h, "*") == 0;
}
