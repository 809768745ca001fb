/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * repoindex.c: what the code uses of one data file of a repository (the
 * records repomd.c reads from repomd.xml, primary or comps), kept in the
 * download cache under the sha256 of the file it was read from, so that
 * a later run given the same file reads this instead of the XML.  Format
 * (version REPO_INDEX_VERSION), one file "KIND-SHA256.vVERSION":
 *   xeninfn-repo-index VERSION KIND NF N VERIFIED SUM\n
 *   N records of NF fields, each field ended by a tab, the last of its
 *   record by a newline
 * VERIFIED is "ALGO:HEX", the checksum repomd.xml listed and the file
 * matched when the index was made ("-": none), SUM the FNV-1a 64 of the
 * records (hex).  Fields hold no tab or newline (made spaces).  A file
 * that is not exactly this is not used (and is made again).
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "tree-int.h"

#define REPO_INDEX_VERSION	"1"
#define HEADER_MAX		512

/* The FNV-1a 64 hash of n bytes at p: catches a damaged index. */
static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

/* The path of the index of kind for the file of sha256 under dir (caller
 * frees), or NULL when sha256 is not 64 lowercase hex digits. */
static char *
index_path(const char *dir, const char *kind, const char *sha256)
{
	if (dir == NULL || sha256 == NULL || strlen(sha256) != 64 ||
	    strspn(sha256, "0123456789abcdef") != 64)
		return NULL;
	return xasprintf("%s/%s-%s.v" REPO_INDEX_VERSION, dir, kind, sha256);
}

void
repo_index_field(struct buf *body, const char *s, int last)
{
	size_t at = body->len;

	buf_adds(body, s);
	for (size_t i = at; i < body->len; i++)
		if (body->data[i] == '\t' || body->data[i] == '\n')
			body->data[i] = ' ';
	buf_addc(body, last ? '\n' : '\t');
}

void
repo_index_free(struct repo_index *ix)
{
	free(ix->data);
	free(ix->f);
	memset(ix, 0, sizeof(*ix));
}

/* Splits the header line of ix->data (NUL-terminated) into its 7 words,
 * in place.  Returns 0, or -1 when it has another number of words. */
static int
header_words(char *line, char *w[7])
{
	size_t n = 0;

	for (char *p = line; p != NULL && n < 8; n++) {
		if (n < 7)
			w[n] = p;
		if ((p = strchr(p, ' ')) != NULL)
			*p++ = '\0';
	}
	return n == 7 ? 0 : -1;
}

/* The decimal number s (digits only) into *v when it is at most max.
 * Returns 0 or -1. */
static int
count_of(const char *s, size_t max, size_t *v)
{
	unsigned long long n;

	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 12 || (n = strtoull(s, NULL, 10)) > max)
		return -1;
	*v = (size_t)n;
	return 0;
}

/* Splits the records of ix->data after its header (len bytes in all) in
 * place.  Returns 0, or -1 when the text is not what repo_index_make
 * writes for kind and nf (ix then holds nothing to use). */
static int
index_parse(struct repo_index *ix, size_t len, const char *kind, size_t nf)
{
	char *nl = memchr(ix->data, '\n', len < HEADER_MAX ? len : HEADER_MAX);
	char *w[7], *p, sum[17];
	size_t n, hnf;

	if (nl == NULL)
		return -1;
	*nl = '\0';
	p = nl + 1;
	snprintf(sum, sizeof(sum), "%016" PRIx64, fnv1a(p, len -
	    (size_t)(p - ix->data)));
	/* magic, version, kind, fields, records, verified, sum */
	if (header_words(ix->data, w) != 0 ||
	    strcmp(w[0], "xeninfn-repo-index") != 0 ||
	    strcmp(w[1], REPO_INDEX_VERSION) != 0 || strcmp(w[2], kind) != 0 ||
	    count_of(w[3], nf, &hnf) != 0 || hnf != nf ||
	    count_of(w[4], nf ? len / nf : 0, &n) != 0 || strcmp(w[6], sum) != 0)
		return -1;
	ix->verified = w[5];
	ix->f = realloc_n(NULL, n * nf + 1, sizeof(*ix->f));
	ix->nf = nf;
	for (size_t i = 0; i < n * nf; i++) {
		ix->f[i] = p;
		p += strcspn(p, "\t\n");
		if (p >= ix->data + len || *p != ((i + 1) % nf ? '\t' : '\n'))
			return -1;
		*p++ = '\0';
	}
	ix->n = n;
	return p == ix->data + len ? 0 : -1;
}

/* Reads the whole file at path into a new string (*len bytes plus a
 * NUL), with one read when it does not change meanwhile.  Returns it
 * (caller frees), or NULL without a message. */
static char *
slurp_quiet(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *data = NULL;
	struct stat st;
	size_t size;
	ssize_t r;

	*len = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > REPODATA_MAX)
		goto out;
	size = (size_t)st.st_size;
	data = xmalloc(size + 1);
	while (*len < size) {
		r = read(fd, data + *len, size - *len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		*len += (size_t)r;
	}
	if (*len != size) {
		free(data);
		data = NULL;
		goto out;
	}
	data[*len] = '\0';
out:
	close(fd);
	return data;
}

int
repo_index_read(const char *dir, const char *kind, const char *sha256,
    size_t nf, struct repo_index *ix)
{
	char *path = index_path(dir, kind, sha256);
	size_t len;
	int rc = -1;

	memset(ix, 0, sizeof(*ix));
	if (path == NULL || (ix->data = slurp_quiet(path, &len)) == NULL)
		goto out;
	if ((rc = index_parse(ix, len, kind, nf)) != 0) {
		log_debug("%s: damaged or of another version: made again",
		    path);
		repo_index_free(ix);
	}
out:
	free(path);
	return rc;
}

int
repo_index_make(const char *dir, const char *kind, const char *sha256,
    const char *verified, size_t nf, size_t n, struct buf *body,
    struct repo_index *ix)
{
	char *path = index_path(dir, kind, sha256);
	struct buf b = BUF_INIT;
	int was, rc;

	memset(ix, 0, sizeof(*ix));
	buf_printf(&b, "xeninfn-repo-index " REPO_INDEX_VERSION " %s %zu %zu %s "
	    "%016" PRIx64 "\n",
	    kind, nf, n, verified,
	    fnv1a(body->data ? body->data : "", body->len));
	buf_add(&b, body->data ? body->data : "", body->len);
	buf_free(body);
	/* Nothing waits for the disk: a lost or torn index is made again. */
	if (path != NULL) {
		was = fileio_set_durable(0);
		(void)write_file_atomic(path, b.data, b.len, 0644);
		fileio_set_durable(was);
	}
	ix->data = b.data;
	if ((rc = index_parse(ix, b.len, kind, nf)) != 0) {
		log_error("%s index of %s: cannot be read back (a bug)", kind,
		    sha256);
		repo_index_free(ix);
	}
	free(path);
	return rc;
}
