/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pins.c: the kernel and initrd of a tree that publishes no checksum for
 * them (SL 5.1 publishes none) are pinned, as SSH pins host keys: the
 * first build from a tree URL records their sha256 in CACHE/pins, and a
 * later build refuses an image whose sha256 differs, unless told to take
 * it (--repin, tree.repin = yes).  The file is read and rewritten under
 * the cache's lock, which the fetcher holds.
 *
 *   # comment
 *   TREE-URL RELATIVE-PATH SHA256
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "tree-int.h"

#define PINS_FILE	"pins"

/* A pin was written since the last tree_pins_sync. */
static int unsynced;
#define PINS_MAX	(4 * 1024 * 1024)
#define PINS_HEADER \
	"# xeninfn pins: the sha256 of each tree's kernel and initrd\n" \
	"# when first used (docs/fetch.md): TREE-URL PATH SHA256\n"

/* The line of text (after *pos) that pins (tree, rel), with its length in
 * *len and its number in *lineno; NULL if none. */
static const char *
find_pin(const char *text, const char *tree, const char *rel, size_t *len,
    int *lineno)
{
	size_t tl = strlen(tree), rl = strlen(rel);
	const char *p = text;

	for (*lineno = 1; *p != '\0'; (*lineno)++) {
		const char *nl = strchr(p, '\n');
		*len = nl ? (size_t)(nl - p + 1) : strlen(p);
		if (strncmp(p, tree, tl) == 0 && p[tl] == ' ' &&
		    strncmp(p + tl + 1, rel, rl) == 0 && p[tl + 1 + rl] == ' ')
			return p;
		p += *len;
	}
	return NULL;
}

/* Writes text with the pin line for (tree, rel) put in place of the old
 * one (old, oldlen; NULL: appended).  Returns 0 or -1 after a message. */
static int
write_pins(const char *path, const char *text, const char *old,
    size_t oldlen, const char *tree, const char *rel, const char *sha)
{
	struct buf b = BUF_INIT;
	int rc;

	if (*text == '\0')
		buf_adds(&b, PINS_HEADER);
	if (old != NULL)
		buf_add(&b, text, (size_t)(old - text));
	else
		buf_adds(&b, text);
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	buf_printf(&b, "%s %s %s\n", tree, rel, sha);
	if (old != NULL)
		buf_adds(&b, old + oldlen);
	rc = write_file_atomic(path, b.data, b.len, 0644);
	unsynced |= rc == 0;
	buf_free(&b);
	return rc;
}

int
tree_pins_sync(const char *cache_dir)
{
	char *path = path_join(cache_dir, PINS_FILE);
	int rc = 0;

	if (unsynced)
		rc = sync_file(path) == 0 && sync_parent(path) == 0 ? 0 : -1;
	if (rc != 0)
		log_errno("%s: cannot sync the pins to disk", path);
	unsynced = 0;
	free(path);
	return rc;
}

int
tree_pin(const char *cache_dir, const char *tree, const char *rel,
    const char *url, const char *sha, int repin)
{
	char *path = path_join(cache_dir, PINS_FILE), *pinned = NULL;
	struct buf text = BUF_INIT;
	const char *line;
	size_t len = 0;
	int lineno = 0, rc = -1;

	if (access(path, F_OK) == 0 && read_file(path, PINS_MAX, &text) != 0)
		goto out;
	buf_adds(&text, "");
	line = find_pin(text.data, tree, rel, &len, &lineno);
	if (line != NULL) {
		pinned = xstrndup(line + strlen(tree) + strlen(rel) + 2,
		    len - strlen(tree) - strlen(rel) - 2);
		pinned[strcspn(pinned, " \r\n")] = '\0';
		if (strcmp(pinned, sha) == 0) {
			rc = 0;
			goto out;
		}
		if (!repin) {
			log_error("%s: sha256 %s, but %s:%d pinned %s when "
			    "this tree was first used: the tree changed or "
			    "the copy is corrupt.  The tree publishes no "
			    "checksum for %s; if the change is deliberate (a "
			    "new image on the mirror), run again with --repin "
			    "(or -s tree.repin=yes) to pin it anew, or list "
			    "it in tree.sha256sums", url, sha, path, lineno,
			    pinned, rel);
			goto out;
		}
		log_warn("%s: repinned: sha256 %s (was %s), as --repin or "
		    "tree.repin asked", url, sha, pinned);
	} else
		log_info("%s: pinned sha256 %s in %s: later builds refuse "
		    "another image (the tree publishes no checksum for it)",
		    url, sha, path);
	rc = write_pins(path, text.data, line, len, tree, rel, sha);
out:
	free(pinned);
	buf_free(&text);
	free(path);
	return rc;
}
