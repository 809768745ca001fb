/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * grub.conf (GRUB legacy, as anaconda 11.1 writes it): make the first
 * kernel-xen entry the default and put dom0_mem on the "kernel /xen.gz"
 * line of every kernel-xen entry, so a later kernel-xen update (grubby
 * copies the default entry's arguments) keeps it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Is this "kernel" line loading the hypervisor (.../xen.gz...)? */
static int
is_xen_kernel(const char *line)
{
	size_t len;
	const char *p = first_word(line, &len), *path, *base;

	path = p + len;
	path += strspn(path, " \t");
	len = strcspn(path, " \t\r\n");
	for (base = path + len; base > path && base[-1] != '/'; base--)
		;
	return strncmp(base, "xen.gz", 6) == 0;
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

/*
 * Rewrite grub.conf text (in place in b): "default=N" naming the first
 * kernel-xen entry, dom0_mem on its xen.gz lines.  path names the file in
 * messages.  Returns 0, or -1 after a message (malformed file, no
 * kernel-xen entry).
 */
int
grub_edit(struct buf *b, const char *path, const char *mem)
{
	struct buf out;
	char *line, *next, *copy = NULL;
	int lineno = 0, entry = -1, xen_entry = -1, entry_line = 0;
	int has_kernel = 1, xen_modules = 1, in_xen = 0, seen_default = 0;
	int rc = -1;

	buf_init(&out);
	if ((copy = strdup(b->data)) == NULL)
		goto out;
	/* First pass: find the entry, check the shape. */
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
				goto out;
			}
			entry++;
			entry_line = lineno;
			has_kernel = in_xen = xen_modules = 0;
		} else if (word_is(line, "kernel") ||
		    word_is(line, "chainloader")) {
			if (entry < 0) {
				grub_err(path, lineno, "\"kernel\" before any "
				    "\"title\"");
				goto out;
			}
			has_kernel = 1;
			if (word_is(line, "kernel") && is_xen_kernel(line)) {
				in_xen = 1;
				if (xen_entry < 0)
					xen_entry = entry;
			}
		} else if (word_is(line, "module"))
			xen_modules = 1;
		else if (word_is(line, "default") && entry < 0)
			seen_default = 1;
	}
	if (!has_kernel || (in_xen && !xen_modules)) {
		grub_err(path, entry_line, in_xen ? "kernel-xen entry without "
		    "\"module\" lines" : "entry without a \"kernel\" line");
		goto out;
	}
	if (entry < 0) {
		grub_err(path, 0, "no boot entries (\"title\" lines); is this "
		    "GRUB legacy's grub.conf?");
		goto out;
	}
	if (xen_entry < 0) {
		grub_err(path, 0, "no kernel-xen entry (\"kernel /xen.gz-...\"); "
		    "install kernel-xen before running this helper");
		goto out;
	}
	if ((rc = grub_rewrite(b, &out, xen_entry, seen_default, mem)) == 0) {
		buf_free(b);
		*b = out;
		buf_init(&out);
	}
out:
	if (rc == -1 && copy == NULL)
		pi_err("%s: out of memory", path);
	free(copy);
	buf_free(&out);
	return rc;
}

/*
 * Second pass of grub_edit(): copy b into out with the default line set
 * to xen_entry (inserted before the first non-comment line when
 * seen_default is 0) and dom0_mem on every xen.gz kernel line.  Returns 0
 * or -1 (out of memory).
 */
int
grub_rewrite(const struct buf *b, struct buf *out, int xen_entry,
    int seen_default, const char *mem)
{
	const char *p, *end, *eol, *le;
	char *line = NULL, want[32];
	int entry = -1, inserted = seen_default, rc = -1;
	size_t len, n;

	snprintf(want, sizeof(want), "default=%d", xen_entry);
	if (buf_add(out, "", 0) == -1)
		return -1;
	for (p = b->data, end = p + b->len; p < end; p = eol) {
		eol = memchr(p, '\n', end - p);
		eol = eol ? eol + 1 : end;
		len = eol - p;
		free(line);
		if ((line = strndup(p, len)) == NULL)
			goto out;
		/* line without its end (LF, CRLF or none), le the end, so that
		 * a rewritten line keeps the file's line ends */
		n = len - (len > 0 && line[len - 1] == '\n');
		n -= n > 0 && line[n - 1] == '\r';
		le = p + n;
		line[n] = '\0';
		if (line[strspn(line, " \t")] == '#' || line[strspn(line,
		    " \t")] == '\0') {
			if (buf_add(out, p, len) == -1)
				goto out;
			continue;
		}
		if (!inserted) {
			if (buf_printf(out, "%s\n", want) == -1)
				goto out;
			inserted = 1;
		}
		if (word_is(line, "title"))
			entry++;
		if (entry < 0 && word_is(line, "default")) {
			const char *v = first_word(line, &n) + n;
			v += strspn(v, " \t=");
			if (atoi(v) == xen_entry && v[strspn(v, "0123456789")]
			    == '\0' && *v != '\0') {
				if (buf_add(out, p, len) == -1)
					goto out;
			} else if (buf_adds(out, want) == -1 ||
			    buf_add(out, le, (size_t)(eol - le)) == -1)
				goto out;
			continue;
		}
		if (entry >= 0 && word_is(line, "kernel") &&
		    is_xen_kernel(line)) {
			if (add_kernel_line(out, line, mem) == -1 ||
			    buf_add(out, le, (size_t)(eol - le)) == -1)
				goto out;
			continue;
		}
		if (buf_add(out, p, len) == -1)
			goto out;
	}
	rc = 0;
out:
	free(line);
	return rc;
}
