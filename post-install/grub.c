/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * grub.conf (GRUB legacy, as anaconda 11.1 and grubby write it): the
 * default entry boots the hypervisor of the rebuilt xen package
 * (/xen.gz-<xen version>) with the first kernel-xen entry's kernel and
 * initrd as its modules, placed just before that kernel-xen entry (its
 * own hypervisor stays the second choice); fallback= names the first
 * plain (non-Xen) kernel entry; dom0_mem goes on every xen.gz line.
 * Entries of an earlier run (any /xen.gz-<digits and dots>) are dropped
 * and made again, so a run after a kernel-xen update (new-kernel-pkg
 * adds a first entry with kernel-xen's own xen.gz-<kver>, copied from the
 * default entry) moves the default back: docs/xen-rpms.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dom0setup.h"

/* Returns the first word of line after blanks, and its length in *len. */
static const char *
first_word(const char *line, size_t *len)
{
	line += strspn(line, " \t");
	*len = strcspn(line, " \t=\r\n");
	return line;
}

/* Does the line's first word equal w? */
static int
word_is(const char *line, const char *w)
{
	size_t len;
	const char *p = first_word(line, &len);

	return len == strlen(w) && strncmp(p, w, len) == 0;
}

/*
 * The file name of a "kernel" line's image (after its last '/'): a
 * pointer into line, its length in *len.
 */
static const char *
image_base(const char *line, size_t *len)
{
	const char *p = first_word(line, len), *path, *base;

	path = p + *len;
	path += strspn(path, " \t=");
	*len = strcspn(path, " \t\r\n");
	for (base = path + *len; base > path && base[-1] != '/'; base--)
		;
	*len -= (size_t)(base - path);
	return base;
}

/* Is this "kernel" line loading the hypervisor (.../xen.gz...)? */
static int
is_xen_kernel(const char *line)
{
	size_t len;

	return strncmp(image_base(line, &len), "xen.gz", 6) == 0;
}

/*
 * Is this the hypervisor of a xen package (xen.gz-<digits and dots>, as
 * the rebuilt xen installs it), not kernel-xen's own xen.gz-<kver>?
 */
static int
is_pkg_xen(const char *line)
{
	size_t len;
	const char *b = image_base(line, &len);

	return len > 7 && strncmp(b, "xen.gz-", 7) == 0 &&
	    strspn(b + 7, "0123456789.") == len - 7;
}

/* Is this "kernel" line a plain Linux kernel (.../vmlinuz...)? */
static int
is_plain_kernel(const char *line)
{
	size_t len;

	return strncmp(image_base(line, &len), "vmlinuz", 7) == 0;
}

/*
 * Append line (without its line end) with dom0_mem=mem set: an existing
 * dom0_mem word is replaced, otherwise the word is added after the xen.gz
 * path's other arguments.  Returns 0 or -1 (out of memory).
 */
static int
add_kernel_line(struct buf *out, const char *line, const char *mem)
{
	const char *p = line, *w;
	size_t n;
	int done = 0;

	while (*p) {
		n = strspn(p, " \t");
		if (buf_add(out, p, n) == -1)
			return -1;
		w = p + n;
		n = strcspn(w, " \t");
		if (n > 0 && strncmp(w, "dom0_mem=", 9) == 0 && !done) {
			if (buf_printf(out, "dom0_mem=%s", mem) == -1)
				return -1;
			done = 1;
		} else if (n > 0 && buf_add(out, w, n) == -1)
			return -1;
		p = w + n;
	}
	if (!done && buf_printf(out, " dom0_mem=%s", mem) == -1)
		return -1;
	return 0;
}

/* Print an error about grub.conf at a line. */
static void
grub_err(const char *path, int lineno, const char *msg)
{
	if (lineno > 0)
		pi_err("%s:%d: %s", path, lineno, msg);
	else
		pi_err("%s: %s", path, msg);
}

/* What grub_edit() learns of a grub.conf in its first pass. */
struct grub_scan {
	int	 nentries;
	int	*pkg;		/* per entry: 1 if it boots a xen.gz-<version> */
	int	 src;		/* the first kernel-xen entry (own xen.gz-<kver>) */
	int	 plain;		/* the first plain kernel entry, or -1 */
	int	 seen_default;	/* a default line before the entries */
	int	 seen_fallback;	/* a fallback line before the entries */
};

/*
 * First pass of grub_edit(): check the shape of the text in copy (which
 * it cuts into lines) and fill s; s->pkg is allocated, the caller frees
 * it.  Returns 0, or -1 after a message.
 */
static int
grub_scan(char *copy, const char *path, struct grub_scan *s)
{
	char *line, *next;
	int lineno = 0, entry = -1, entry_line = 0, *grown;
	int has_kernel = 1, xen_modules = 1, in_xen = 0;

	for (line = copy; line && *line; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[strspn(line, " \t")] == '#')
			continue;
		if (word_is(line, "title")) {
			if (!has_kernel || (in_xen && !xen_modules)) {
				grub_err(path, entry_line, in_xen ?
				    "kernel-xen entry without \"module\" lines "
				    "(the dom0 kernel and initrd)" : "entry "
				    "without a \"kernel\" or \"chainloader\" "
				    "line");
				return -1;
			}
			entry++;
			if ((grown = realloc_n(s->pkg, (size_t)entry + 1,
			    sizeof(*s->pkg))) == NULL) {
				pi_err("%s: out of memory", path);
				return -1;
			}
			s->pkg = grown;
			s->pkg[entry] = 0;
			entry_line = lineno;
			has_kernel = in_xen = xen_modules = 0;
		} else if (word_is(line, "kernel") ||
		    word_is(line, "chainloader")) {
			if (entry < 0) {
				grub_err(path, lineno, "\"kernel\" before any "
				    "\"title\"");
				return -1;
			}
			has_kernel = 1;
			if (!word_is(line, "kernel"))
				continue;
			if (is_xen_kernel(line)) {
				in_xen = 1;
				if (is_pkg_xen(line))
					s->pkg[entry] = 1;
				else if (s->src < 0)
					s->src = entry;
			} else if (is_plain_kernel(line) && s->plain < 0)
				s->plain = entry;
		} else if (word_is(line, "module"))
			xen_modules = 1;
		else if (word_is(line, "default") && entry < 0)
			s->seen_default = 1;
		else if (word_is(line, "fallback") && entry < 0)
			s->seen_fallback = 1;
	}
	if (!has_kernel || (in_xen && !xen_modules)) {
		grub_err(path, entry_line, in_xen ? "kernel-xen entry without "
		    "\"module\" lines" : "entry without a \"kernel\" line");
		return -1;
	}
	if (entry < 0) {
		grub_err(path, 0, "no boot entries (\"title\" lines); is this "
		    "GRUB legacy's grub.conf?");
		return -1;
	}
	if (s->src < 0) {
		grub_err(path, 0, "no kernel-xen entry (\"kernel /xen.gz-<kernel "
		    "version>\" with \"module\" lines); install kernel-xen "
		    "before running this helper");
		return -1;
	}
	s->nentries = entry + 1;
	return 0;
}

static int	grub_rewrite(const struct buf *, struct buf *,
		    const struct grub_scan *, const char *, const char *);

/* Where entry e of the old file lands in the new one (-1: dropped). */
static int
new_index(const struct grub_scan *s, int e)
{
	int i, n = e;

	if (e < 0 || s->pkg[e])
		return -1;
	for (i = 0; i < e; i++)
		n -= s->pkg[i];
	return n + (e >= s->src);
}

/*
 * Rewrite grub.conf text (in place in b) for the hypervisor
 * xen.gz-<version> (see the top of this file); mem is dom0_mem, or NULL
 * to leave the dom0_mem words as they are.  path names the file in
 * messages.  Returns 0, or -1 after a message (malformed file, no
 * kernel-xen entry).
 */
int
grub_edit(struct buf *b, const char *path, const char *version,
    const char *mem)
{
	struct grub_scan s = { 0, NULL, -1, -1, 0, 0 };
	struct buf out;
	char *copy = NULL;
	int rc = -1;

	buf_init(&out);
	/* the scan reads up to a NUL byte and the rewrite past it: they
	 * must see the same lines */
	if (b->len > 0 && memchr(b->data, '\0', b->len) != NULL) {
		grub_err(path, 0, "holds a NUL byte: not a text file");
		goto out;
	}
	if ((copy = strdup(b->data)) == NULL) {
		pi_err("%s: out of memory", path);
		goto out;
	}
	if (grub_scan(copy, path, &s) == -1)
		goto out;
	if (s.plain < 0)
		pi_warn("%s: no plain (non-Xen) kernel entry, so no fallback= "
		    "when the hypervisor fails: install the kernel package",
		    path);
	if (grub_rewrite(b, &out, &s, version, mem) == -1) {
		pi_err("%s: out of memory", path);
		goto out;
	}
	buf_free(b);
	*b = out;
	buf_init(&out);
	rc = 0;
out:
	free(copy);
	free(s.pkg);
	buf_free(&out);
	return rc;
}

/*
 * Append the header line KEY=N to out; le is the line end to use.
 * Returns 0 or -1 (out of memory).
 */
static int
add_index_line(struct buf *out, const char *key, int n, const char *le,
    size_t lelen)
{
	if (buf_printf(out, "%s=%d", key, n) == -1 ||
	    buf_add(out, le, lelen) == -1)
		return -1;
	return 0;
}

/*
 * Append a copy of line for the package hypervisor's entry: the title
 * names it, the xen.gz path has file name xen.gz-<version>, dom0_mem is
 * set (mem not NULL); other lines as they are.  le is the line end.
 * Returns 0 or -1 (out of memory).
 */
static int
add_pkg_line(struct buf *out, const char *line, const char *le,
    size_t lelen, const char *version, const char *mem)
{
	const char *w, *base;
	size_t n;
	struct buf k;
	int rc = -1;

	buf_init(&k);
	if (word_is(line, "title")) {
		w = first_word(line, &n) + n;
		w += strspn(w, " \t=");
		if (buf_add(out, line, (size_t)(w - line)) == -1 ||
		    buf_printf(out, "Xen %s with %s", version, w) == -1)
			goto out;
	} else if (word_is(line, "kernel") && is_xen_kernel(line)) {
		base = image_base(line, &n);
		if (buf_add(&k, line, (size_t)(base - line)) == -1 ||
		    buf_printf(&k, "xen.gz-%s%s", version, base + n) == -1)
			goto out;
		if (mem ? add_kernel_line(out, k.data, mem) :
		    buf_adds(out, k.data))
			goto out;
	} else if (buf_adds(out, line) == -1)
		goto out;
	rc = buf_add(out, le, lelen);
out:
	buf_free(&k);
	return rc;
}

/* Walks the lines of a text, keeping each line's own end. */
struct line_iter {
	const char	*p, *end;
	char		*line;	/* the line without its end (LF, CRLF, none) */
	const char	*le;	/* its end in the text */
	size_t		 lelen;
	const char	*raw;	/* the whole line in the text */
	size_t		 rawlen;
	int		 blank;	/* blank or a comment */
	int		 entry;	/* the entry it belongs to, -1 before any */
};

/*
 * Move it to the next line.  Returns 1, 0 at the end of the text, or -1
 * (out of memory).  it->line is freed by the next call or line_done().
 */
static int
line_next(struct line_iter *it)
{
	const char *eol;
	size_t len, n;

	free(it->line);
	it->line = NULL;
	if (it->p >= it->end)
		return 0;
	eol = memchr(it->p, '\n', (size_t)(it->end - it->p));
	eol = eol ? eol + 1 : it->end;
	len = (size_t)(eol - it->p);
	if ((it->line = strndup(it->p, len)) == NULL)
		return -1;
	n = len - (len > 0 && it->line[len - 1] == '\n');
	n -= n > 0 && it->line[n - 1] == '\r';
	it->line[n] = '\0';
	it->raw = it->p;
	it->rawlen = len;
	it->le = it->p + n;
	it->lelen = len - n;
	it->p = eol;
	n = strspn(it->line, " \t");
	it->blank = it->line[n] == '#' || it->line[n] == '\0';
	if (!it->blank && word_is(it->line, "title"))
		it->entry++;
	return 1;
}

/* Start it on the text of b. */
static void
line_start(struct line_iter *it, const struct buf *b)
{
	memset(it, 0, sizeof(*it));
	it->p = b->data;
	it->end = b->data + b->len;
	it->entry = -1;
}

/*
 * The package hypervisor's entry, made from the lines of entry s->src,
 * into ent.  Returns 0 or -1 (out of memory).
 */
static int
pkg_entry(const struct buf *b, struct buf *ent, const struct grub_scan *s,
    const char *version, const char *mem)
{
	struct line_iter it;
	int r;

	line_start(&it, b);
	while ((r = line_next(&it)) == 1) {
		if (it.entry > s->src)
			break;
		if (it.entry == s->src && add_pkg_line(ent, it.line, it.le,
		    it.lelen, version, mem) == -1) {
			r = -1;
			break;
		}
	}
	free(it.line);
	return r == -1 ? -1 : 0;
}

/*
 * A header line of the rewritten file: default= and fallback= replaced
 * or inserted.  *inserted says whether they were written already.
 * Returns 1 when the line was handled, 0 when it is to be copied, -1
 * (out of memory).
 */
static int
header_line(struct buf *out, const struct line_iter *it,
    const struct grub_scan *s, int *inserted)
{
	int want_default = new_index(s, s->src) - 1;
	int want_fallback = new_index(s, s->plain);
	int is_default = it->entry < 0 && word_is(it->line, "default");

	if (is_default || (it->entry < 0 && word_is(it->line, "fallback") &&
	    want_fallback >= 0)) {
		if (add_index_line(out, is_default ? "default" : "fallback",
		    is_default ? want_default : want_fallback, it->le,
		    it->lelen) == -1)
			return -1;
		if (is_default && !s->seen_fallback && want_fallback >= 0 &&
		    add_index_line(out, "fallback", want_fallback, it->le,
		    it->lelen) == -1)
			return -1;
		*inserted = 1;
		return 1;
	}
	if (*inserted || s->seen_default)
		return 0;
	/* no default line: one before the first setting */
	*inserted = 1;
	if (add_index_line(out, "default", want_default, "\n", 1) == -1 ||
	    (want_fallback >= 0 && !s->seen_fallback &&
	    add_index_line(out, "fallback", want_fallback, "\n", 1) == -1))
		return -1;
	return 0;
}

/*
 * Second pass of grub_edit(): copy b into out with default= naming the
 * package hypervisor's entry (made from entry s->src and put before it),
 * fallback= the plain kernel entry, earlier package entries dropped, and
 * dom0_mem on every xen.gz line (mem not NULL).  Returns 0 or -1 (out of
 * memory).
 */
static int
grub_rewrite(const struct buf *b, struct buf *out,
    const struct grub_scan *s, const char *version, const char *mem)
{
	struct line_iter it;
	struct buf ent;
	int inserted = 0, r, h;

	buf_init(&ent);
	if (buf_add(out, "", 0) == -1 ||
	    pkg_entry(b, &ent, s, version, mem) == -1)
		goto fail;
	line_start(&it, b);
	while ((r = line_next(&it)) == 1) {
		if (it.entry >= 0 && s->pkg[it.entry])
			continue;
		if (!it.blank && (it.entry < 0 || !inserted)) {
			if ((h = header_line(out, &it, s, &inserted)) == -1)
				break;
			if (h == 1)
				continue;
		}
		if (it.entry == s->src && !it.blank &&
		    word_is(it.line, "title") &&
		    buf_add(out, ent.data, ent.len) == -1)
			break;
		if (!it.blank && it.entry >= 0 && mem != NULL &&
		    word_is(it.line, "kernel") && is_xen_kernel(it.line)) {
			if (add_kernel_line(out, it.line, mem) == -1 ||
			    buf_add(out, it.le, it.lelen) == -1)
				break;
			continue;
		}
		if (buf_add(out, it.raw, it.rawlen) == -1)
			break;
	}
	free(it.line);
	if (r != 0)
		goto fail;
	buf_free(&ent);
	return 0;
fail:
	buf_free(&ent);
	return -1;
}
