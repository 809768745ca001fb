/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe-state.c: the state of a PXE tree (pxe-state.h): the manifest of
 * what pxe wrote, the list of hosts switched to local boot, the removal
 * of what an earlier run wrote and this one no longer does, the lock.
 * A manifest edited by hand never makes pxe remove anything outside
 * tftp/ and http/.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xeninfn.h"
#include "inventory.h"
#include "pxe.h"
#include "pxe-state.h"

#define MANIFEST_MAX	((size_t)64 << 20)
/* The manifest is read and written through a buffer of this size: 150
 * bytes a host, in system calls of 256 KiB rather than the file system's
 * 4 KiB blocks, a buffer small enough to stay in the cache */
#define MANIFEST_BUF	((size_t)256 << 10)
#define MANIFEST_MAGIC	"# xeninfn pxe manifest 1"

/* qsort and bsearch order of an array of old_host pointers: by name. */
static int
cmp_old_host(const void *a, const void *b)
{
	return strcmp((*(struct old_host *const *)a)->name,
	    (*(struct old_host *const *)b)->name);
}

/* pxelinux asks for its config by the MAC it booted from (pxe-state.h;
 * caller frees). */
char *
pxe_cfg_rel(const char *mac)
{
	char name[PXE_CFG_NAME_MAX];

	pxe_cfg_name(mac, name);
	return xasprintf("tftp/pxelinux.cfg/%s", name);
}

/* "01-aa-bb-cc-dd-ee-ff" (pxe-state.h). */
void
pxe_cfg_name(const char *mac, char *name)
{
	size_t i = 0;

	memcpy(name, "01-", 3);
	for (; mac[i] != '\0' && i + 4 < PXE_CFG_NAME_MAX; i++)
		name[3 + i] = mac[i] == ':' ? '-' : mac[i];
	name[3 + i] = '\0';
}

/* Fills rec from a stat (pxe-state.h). */
void
pxe_frec_set(struct frec *rec, const struct stat *st)
{
	if (rec == NULL)
		return;
	rec->size = (long long)st->st_size;
	rec->ino = (long long)st->st_ino;
	rec->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL +
	    st->st_mtim.tv_nsec;
}

/* 1 if name is still the file old recorded for key (pxe-state.h). */
int
pxe_frec_still(int dirfd, const char *name, uint64_t key,
    const struct frec *old, struct frec *rec)
{
	struct stat st;

	if (old == NULL || old->key != key || fstatat(dirfd, name, &st,
	    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
		return 0;
	rec->key = key;
	pxe_frec_set(rec, &st);
	if (rec->size != old->size || rec->ino != old->ino ||
	    rec->mtime_ns != old->mtime_ns)
		return 0;
	return 1;
}

/* 1 if rel is a path pxe may have written: safe and under tftp/ or
 * http/ (a manifest edited by hand never makes it remove anything
 * else). */
static int
ours(const char *rel)
{
	return path_is_safe(rel) && (strncmp(rel, "tftp/", 5) == 0 ||
	    strncmp(rel, "http/", 5) == 0);
}

/* The number at *s in base 10 (an optional '-') or 16 (at most 16
 * digits) into *v, *s moved past it.  Returns 0, or -1 when there is
 * none or it overflows. */
static int
parse_num(const char **s, int base, long long *v)
{
	const char *p = *s;
	unsigned long long u = 0;
	int neg = base == 10 && *p == '-', n = 0, d;

	p += neg;
	for (;; p++, n++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else
			break;
		if (base == 16 ? n == 16 : u > (unsigned long long)LLONG_MAX / 10)
			return -1;
		u = u * (unsigned)base + (unsigned)d;
	}
	if (n == 0 || (base == 10 && u > (unsigned long long)LLONG_MAX))
		return -1;
	*v = base == 16 ? (long long)u : neg ? -(long long)u : (long long)u;
	*s = p;
	return 0;
}

/* n numbers at s, the first in base first_base, the others in decimal,
 * ':' between, ending at a blank or the end of s, into v.  Returns 0, or
 * -1 when malformed (v then partly set). */
static int
parse_nums(const char *s, int first_base, long long *v, int n)
{
	for (int i = 0; i < n; i++) {
		if (parse_num(&s, i == 0 ? first_base : 10, &v[i]) != 0 ||
		    (i < n - 1 ? *s++ != ':' : *s != '\0' && *s != ' '))
			return -1;
	}
	return 0;
}

/* "KEY:SIZE:INO:MTIME_NS" as frec_put puts it, into r; a malformed one
 * leaves r empty (the file is then rendered and compared again). */
static void
read_frec(const char *s, struct frec *r)
{
	long long v[4];

	if (parse_nums(s, 16, v, 4) == 0)
		*r = (struct frec){ (uint64_t)v[0], v[1], v[2], v[3] };
}

/* Appends v in decimal to b. */
static void
put_num(struct buf *b, long long v)
{
	char num[24];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	size_t n = sizeof(num);

	do
		num[--n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		num[--n] = '-';
	buf_add(b, num + n, sizeof(num) - n);
}

/* Appends key in 16 hex digits to b. */
static void
put_hex(struct buf *b, uint64_t key)
{
	static const char hex[] = "0123456789abcdef";
	char d[16];

	for (int i = 15; i >= 0; i--, key >>= 4)
		d[i] = hex[key & 15];
	buf_add(b, d, sizeof(d));
}

/* Appends r as read_frec reads it, after a blank, to b: the key in 16
 * hex digits, then size, inode and mtime in decimal, ':' between. */
static void
frec_put(struct buf *b, const struct frec *r)
{
	buf_addc(b, ' ');
	put_hex(b, r->key);
	buf_addc(b, ':');
	put_num(b, r->size);
	buf_addc(b, ':');
	put_num(b, r->ino);
	buf_addc(b, ':');
	put_num(b, r->mtime_ns);
}

/* The names of the "ident" lines, in enum pxe_id's order. */
static const char *const ident_names[PXE_NIDS] = {
	"inventory", "done", "tokens", "http/ks", "tftp/pxelinux.cfg",
};

/* Fills id from a stat. */
static void
ident_set(struct pxe_ident *id, const struct stat *st)
{
	*id = (struct pxe_ident){ (long long)st->st_dev,
	    (long long)st->st_ino, (long long)st->st_size,
	    (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec,
	    (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec,
	    1 };
}

/* The time of the clock's current tick, the one file times come from,
 * in ns. */
static long long
coarse_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* 1 if a change after now would leave an mtime other than mtime_ns: it
 * gets now's tick or a later one, so mtime_ns must be older than now.  A
 * time in whole seconds is taken for a file system that keeps no more
 * (ext4 with small inodes, ext3: 1 s; FAT: 2 s): then it must be 2 s
 * older. */
static int
settled(long long mtime_ns, long long now)
{
	long long grain = mtime_ns % 1000000000LL == 0 ? 2000000000LL : 0;

	return mtime_ns + grain < now;
}

/* The identity of a file or directory, unset when racy (pxe-state.h). */
void
pxe_ident_take(int fd, const char *path, struct pxe_ident *id)
{
	long long now = coarse_now();	/* before the stat: see below */
	struct stat st;
	int r = path ? fstatat(fd, path, &st, 0) : fstat(fd, &st);

	memset(id, 0, sizeof(*id));
	if (r != 0) {
		id->set = errno == ENOENT;
		return;
	}
	ident_set(id, &st);
	if (!settled(id->mtime_ns, now))
		id->set = 0;
}

/* 1 if both are set and the same (pxe-state.h). */
int
pxe_ident_same(const struct pxe_ident *a, const struct pxe_ident *b)
{
	return a->set && b->set && a->dev == b->dev && a->ino == b->ino &&
	    a->size == b->size && a->mtime_ns == b->mtime_ns &&
	    a->ctime_ns == b->ctime_ns;
}

/* Waits for the tick to pass the directory's mtime (pxe-state.h). */
void
pxe_ident_settle(int fd)
{
	struct timespec res = { 0, 1000000 };
	struct stat st;

	clock_getres(CLOCK_REALTIME_COARSE, &res);
	for (int i = 0; i < 20 && fstat(fd, &st) == 0; i++) {
		if (settled((long long)st.st_mtim.tv_sec * 1000000000LL +
		    st.st_mtim.tv_nsec, coarse_now()))
			return;
		nanosleep(&res, NULL);
	}
}

/* An "ident NAME ID" line (its text after "ident ") into px->ids; an
 * unknown name or a malformed identity leaves it unset. */
static void
read_ident(struct pxe_state *px, const char *rest)
{
	long long v[5];

	for (int i = 0; i < PXE_NIDS; i++) {
		size_t n = strlen(ident_names[i]);
		if (strncmp(rest, ident_names[i], n) != 0 || rest[n] != ' ')
			continue;
		if (parse_nums(rest + n + 1, 10, v, 5) == 0 &&
		    rest[n + 1 + strcspn(rest + n + 1, " ")] == '\0')
			px->ids[i] = (struct pxe_ident){ v[0], v[1], v[2], v[3],
			    v[4], 1 };
		return;
	}
}

/* Appends the "ident" lines of ids and the "deps" line of deps to b. */
static void
put_idents(struct buf *b, const struct pxe_ident *ids, uint64_t deps)
{
	for (int i = 0; i < PXE_NIDS; i++) {
		const struct pxe_ident *id = &ids[i];
		buf_adds(b, "ident ");
		buf_adds(b, ident_names[i]);
		if (!id->set) {
			buf_adds(b, " -\n");
			continue;
		}
		long long v[5] = { id->dev, id->ino, id->size, id->mtime_ns,
		    id->ctime_ns };
		for (int k = 0; k < 5; k++) {
			buf_addc(b, k ? ':' : ' ');
			put_num(b, v[k]);
		}
		buf_addc(b, '\n');
	}
	buf_adds(b, "deps ");
	if (deps == 0)
		buf_addc(b, '-');
	else
		put_hex(b, deps);
	buf_addc(b, '\n');
}

/* What a manifest's lines are read into: the state, and where its host
 * names and MACs go until they are all read (then into px->text). */
struct mparse {
	struct pxe_state	*px;
	char			*names;	/* NAME\0MAC\0 per host: never
					   more than the file's size */
	size_t			 nlen, ncap;
	size_t			*offs;	/* per host: its NAME in names */
	size_t			 capf, caph;
};

/* A "sums NAME KS CFG" line after "host NAME MAC" (name), into o. */
static void
read_sums(const char *rest, const char *name, struct old_host *o)
{
	size_t n = strlen(name);
	const char *cfg;

	if (strncmp(rest, name, n) != 0 || rest[n] != ' ' ||
	    (cfg = strchr(rest + n + 1, ' ')) == NULL)
		return;
	read_frec(rest + n + 1, &o->ks);
	read_frec(cfg + 1, &o->cfg);
}

/* A "host NAME MAC" line (its text after "host ") into m; a malformed
 * one is dropped. */
static void
read_host(struct mparse *m, char *rest)
{
	struct pxe_state *px = m->px;
	char *mac = strchr(rest, ' ');
	size_t len;

	if (mac == NULL)
		return;
	*mac++ = '\0';
	len = strlen(mac) + 1 + (size_t)(mac - rest);
	if (!valid_hostname(rest) || !valid_mac(mac) ||
	    len > m->ncap - m->nlen)	/* a file that grew while read */
		return;
	if (px->nold_hosts == m->caph) {
		m->caph = m->caph ? m->caph * 2 : m->ncap / 128 + 256;
		px->old_hosts = realloc_n(px->old_hosts, m->caph,
		    sizeof(*px->old_hosts));
		m->offs = realloc_n(m->offs, m->caph, sizeof(*m->offs));
	}
	m->offs[px->nold_hosts] = m->nlen;
	memcpy(m->names + m->nlen, rest, len);
	m->nlen += len;
	px->old_hosts[px->nold_hosts++] = (struct old_host){ NULL, NULL,
	    { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
}

/* Points the hosts m read at their names and MACs, moved into
 * px->text. */
static void
hosts_done(struct mparse *m)
{
	struct pxe_state *px = m->px;

	free(px->text);
	px->text = m->names;
	m->names = NULL;	/* px's now */
	for (size_t i = 0; i < px->nold_hosts; i++) {
		px->old_hosts[i].name = px->text + m->offs[i];
		px->old_hosts[i].mac = px->old_hosts[i].name +
		    strlen(px->old_hosts[i].name) + 1;
	}
}

/* An "fsum REL RECORD" line (its text after "fsum ") into px->old_fixed;
 * one that is malformed or not ours is dropped. */
static void
read_fsum(struct pxe_state *px, char *rest)
{
	char *sp = strrchr(rest, ' ');
	struct frec r = { 0, 0, 0, 0 };

	if (sp == NULL)
		return;
	*sp++ = '\0';
	read_frec(sp, &r);
	if (r.key == 0 || !ours(rest))
		return;
	px->old_fixed = realloc_n(px->old_fixed, px->nold_fixed + 1,
	    sizeof(*px->old_fixed));
	px->old_fixed[px->nold_fixed++] = (struct fixed_rec){ xstrdup(rest),
	    r };
}

/* The previous run's record of the fixed file rel (pxe-state.h). */
const struct frec *
pxe_old_fixed(const struct pxe_state *px, const char *rel)
{
	for (size_t i = 0; i < px->nold_fixed; i++)
		if (strcmp(px->old_fixed[i].rel, rel) == 0)
			return &px->old_fixed[i].r;
	return NULL;
}

/* One line of the manifest (without its newline) into m. */
static void
manifest_line(struct mparse *m, char *line)
{
	struct pxe_state *px = m->px;
	char *sp = strchr(line, ' ');
	size_t last = px->nold_hosts - 1;

	if (*line == '#' || sp == NULL)
		return;
	*sp++ = '\0';
	if ((strcmp(line, "file") == 0 || strcmp(line, "dir") == 0) &&
	    ours(sp)) {
		if (px->nold_files == m->capf) {
			m->capf = m->capf ? m->capf * 2 : 16;
			px->old_files = realloc_n(px->old_files, m->capf,
			    sizeof(*px->old_files));
		}
		px->old_files[px->nold_files++] = xasprintf("%s %s", line, sp);
	} else if (strcmp(line, "host") == 0)
		read_host(m, sp);
	else if (strcmp(line, "sums") == 0 && px->nold_hosts > 0)
		read_sums(sp, m->names + m->offs[last],
		    &px->old_hosts[last]);
	else if (strcmp(line, "fsum") == 0)
		read_fsum(px, sp);
	else if (strcmp(line, "ident") == 0)
		read_ident(px, sp);
	else if (strcmp(line, "deps") == 0) {
		long long v;
		const char *p = sp;
		if (parse_num(&p, 16, &v) == 0 && *p == '\0')
			px->deps = (uint64_t)v;
	}
}

/* One line of the manifest read by manifest_lines into m: the first must
 * be MANIFEST_MAGIC (*magic).  Returns 1 to go on, 0 to stop there. */
static int
one_line(struct mparse *m, char *line, int head, int first, int *magic)
{
	if (first)
		return *magic = strcmp(line, MANIFEST_MAGIC) == 0;
	if (head && strncmp(line, "host ", 5) == 0)
		return 0;
	manifest_line(m, line);
	return 1;
}

/* Reads the manifest open as fd into m, MANIFEST_BUF at a time (64 KiB
 * with head), a line at a time; with head, up to its first host line.
 * A line longer than that is dropped whole.  *magic: whether its first
 * line was MANIFEST_MAGIC.  Sets px->hosts_off (where reading stopped).
 * Returns 0, or -1 with errno set. */
static int
manifest_lines(int fd, int head, struct mparse *m, int *magic)
{
	size_t size = head ? 65536 : MANIFEST_BUF, have = 0, off = 0, len;
	char *chunk = xmalloc(size + 1), *line, *nl;
	ssize_t n = 1;
	int rc = -1, first = 1, skip = 0;

	*magic = 0;
	while (n > 0) {
		if ((n = read(fd, chunk + have, size - have)) < 0)
			goto out;
		have += (size_t)n;
		chunk[have] = '\0';
		line = chunk;
		while ((nl = memchr(line, '\n', have - (size_t)(line - chunk)))
		    != NULL || (n == 0 && line < chunk + have)) {
			len = nl ? (size_t)(nl - line) : have -
			    (size_t)(line - chunk);
			line[len] = '\0';
			if (!skip && !one_line(m, line, head, first, magic)) {
				rc = 0;
				goto out;
			}
			first = skip = 0;
			off += len + (nl != NULL);
			line += len + (nl != NULL);
		}
		have -= (size_t)(line - chunk);
		if (have == size) {	/* a line longer than the chunk */
			if (first) {	/* not a manifest */
				rc = 0;
				goto out;
			}
			skip = 1;
			off += have;
			have = 0;
		}
		memmove(chunk, line, have);
	}
	rc = 0;
out:
	m->px->hosts_off = off;
	free(chunk);
	return rc;
}

/* Reads OUTDIR's manifest into px->old_* (pxe-state.h); quiet: no
 * message. */
static int
manifest_load(const char *outdir, struct pxe_state *px, int head, int quiet)
{
	char *path = path_join(outdir, PXE_MANIFEST);
	struct mparse m = { px, NULL, 0, 0, NULL, 0, 0 };
	struct stat st;
	int fd, rc = -1, magic;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc != 0 && !quiet)
			log_errno("%s: cannot open", path);
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		if (!quiet)
			log_errno("%s: cannot stat", path);
		goto out;
	}
	if ((size_t)st.st_size > MANIFEST_MAX) {
		if (!quiet)
			log_error("%s: larger than the %zu bytes allowed", path,
			    MANIFEST_MAX);
		goto out;
	}
	/* untouched, the room costs no memory */
	m.ncap = head ? 0 : (size_t)st.st_size;
	m.names = xmalloc(m.ncap + 1);
	if (manifest_lines(fd, head, &m, &magic) != 0) {
		if (!quiet)
			log_errno("%s: cannot read", path);
		goto out;
	}
	if (!magic) {
		if (!quiet)
			log_error("%s: not a manifest of xeninfn pxe (remove "
			    "it only if %s holds no tree of xeninfn pxe)",
			    path, outdir);
		goto out;
	}
	rc = 0;
out:
	if (px->nold_hosts > 0)		/* refused or not, never dangling */
		hosts_done(&m);
	if (fd >= 0)
		close(fd);
	free(m.names);
	free(m.offs);
	free(path);
	return rc;
}

/* Reads OUTDIR's manifest (pxe-state.h). */
int
pxe_manifest_read(const char *outdir, struct pxe_state *px, int head)
{
	return manifest_load(outdir, px, head, 0);
}

/* The identity OUTDIR's manifest records for which (pxe-state.h). */
void
pxe_manifest_ident(const char *outdir, enum pxe_id which,
    struct pxe_ident *id)
{
	struct pxe_state st;

	memset(&st, 0, sizeof(st));
	memset(id, 0, sizeof(*id));
	if (manifest_load(outdir, &st, 1, 1) == 0)
		*id = st.ids[which];
	pxe_state_free(&st);
}

/* Reads the list of installed hosts (sorted, lower case) into px. */
int
pxe_done_read(const char *outdir, struct pxe_state *px)
{
	char *path = path_join(outdir, PXE_DONE_LIST), *line, *save = NULL;
	struct buf b = BUF_INIT;
	size_t cap = 0;
	int rc = -1;

	if (!path_exists(path)) {
		rc = 0;
		goto out;
	}
	if (read_file(path, INVENTORY_MAX_SIZE, &b) != 0)
		goto out;
	buf_adds(&b, "");
	for (line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!valid_hostname(line))
			continue;
		if (px->ndone == cap) {
			cap = cap ? cap * 2 : 16;
			px->done = realloc_n(px->done, cap, sizeof(*px->done));
		}
		for (char *c = line; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c |= 0x20;
		px->done[px->ndone++] = xstrdup(line);
	}
	if (px->ndone > 0)
		qsort(px->done, px->ndone, sizeof(*px->done), strv_cmp);
	rc = 0;
out:
	buf_free(&b);
	free(path);
	return rc;
}

/* Writes the list of installed hosts durably. */
int
pxe_done_write(const char *outdir, const struct pxe_state *st)
{
	char *const *done = st->done;
	size_t n = st->ndone;
	char *path = path_join(outdir, PXE_DONE_LIST);
	struct buf b = BUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(done[i], done[i - 1]) != 0)
			buf_printf(&b, "%s\n", done[i]);
	rc = write_file_atomic(path, b.data ? b.data : "", b.len, 0644);
	buf_free(&b);
	free(path);
	return rc;
}

/* Removes OUTDIR/rel (a file, or a tree for a "dir" entry), counting it. */
static void
remove_ours(const char *outdir, const char *entry, size_t *removed)
{
	int isdir = strncmp(entry, "dir ", 4) == 0;
	const char *rel = entry + (isdir ? 4 : 5);
	char *path = path_join(outdir, rel);
	char *slash;

	if (isdir ? remove_tree(path) == 0 :
	    (unlink(path) == 0 || errno == ENOENT))
		(*removed)++;
	else
		log_warn("%s: cannot remove a file of the previous tree",
		    path);
	/* an emptied release directory goes too; others stay */
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		if (strncmp(rel, "tftp/", 5) == 0 && strchr(rel + 5, '/') &&
		    strncmp(rel, "tftp/pxelinux.cfg/", 18) != 0)
			rmdir(path);
	}
	free(path);
}

/* Sorted copies of the inventory's host names and MACs (pointers into
 * it; the caller frees the arrays). */
static void
inventory_index(const struct inventory *inv, const char ***names,
    const char ***macs)
{
	size_t n = inv ? inv->n : 0;

	*names = xcalloc(n + 1, sizeof(**names));
	*macs = xcalloc(n + 1, sizeof(**macs));
	for (size_t i = 0; i < n; i++) {
		(*names)[i] = inv->hosts[i].hostname;
		(*macs)[i] = inv->hosts[i].mac;
	}
	qsort(*names, n, sizeof(**names), strv_cmp);
	qsort(*macs, n, sizeof(**macs), strv_cmp);
}

/* Removes what the previous run wrote and this one did not: the
 * configs of hosts no longer listed, and fixed files that moved
 * (pxe-state.h). */
size_t
pxe_remove_stale(const char *outdir, const struct pxe_state *px,
    char *const *fixed, size_t nfixed, const struct inventory *inv)
{
	size_t n = inv ? inv->n : 0, removed = 0;
	const char **names, **macs;
	char entry[PATH_MAX];

	for (size_t i = 0; i < px->nold_files; i++) {
		int keep = 0;
		for (size_t j = 0; j < nfixed && !keep; j++)
			keep = strcmp(px->old_files[i], fixed[j]) == 0;
		if (!keep)
			remove_ours(outdir, px->old_files[i], &removed);
	}
	names = macs = NULL;
	for (size_t i = 0; i < px->nold_hosts; i++) {
		const struct old_host *o = &px->old_hosts[i];
		/* the common case: the inventory kept its order */
		if (i < n && strcmp(inv->hosts[i].hostname, o->name) == 0 &&
		    strcmp(inv->hosts[i].mac, o->mac) == 0)
			continue;
		if (names == NULL)
			inventory_index(inv, &names, &macs);
		if (strv_index(names, n, o->name, 1) < 0) {
			snprintf(entry, sizeof(entry), "file http/ks/%s.ks",
			    o->name);
			remove_ours(outdir, entry, &removed);
		}
		if (strv_index(macs, n, o->mac, 1) < 0) {
			char *cfg = pxe_cfg_rel(o->mac);
			snprintf(entry, sizeof(entry), "file %s", cfg);
			remove_ours(outdir, entry, &removed);
			free(cfg);
		}
	}
	free(names);
	free(macs);
	return removed;
}

/* Writes b's bytes to fd once it holds at least MANIFEST_BUF of them
 * (always with all), emptying it.  Returns 0, or -1 with errno set. */
static int
flush_buf(int fd, struct buf *b, int all)
{
	int rc = 0;

	if (b->len < (all ? 1 : MANIFEST_BUF))
		return 0;
	rc = fd_write_all(fd, b->data, b->len);
	buf_reset(b);
	return rc;
}

/* Appends to fd (through b) the bytes of the file path from offset off
 * on.  Returns 0, or -1 with errno set. */
static int
copy_tail(int fd, struct buf *b, const char *path, size_t off)
{
	char chunk[65536];
	int in = open(path, O_RDONLY | O_CLOEXEC), rc = -1, err;
	ssize_t n;

	if (in < 0 || flush_buf(fd, b, 1) != 0)
		goto out;
	while ((n = pread(in, chunk, sizeof(chunk), (off_t)off)) > 0) {
		if (fd_write_all(fd, chunk, (size_t)n) != 0)
			goto out;
		off += (size_t)n;
	}
	rc = n == 0 ? 0 : -1;
out:
	err = errno;
	if (in >= 0)
		close(in);
	errno = err;
	return rc;
}

/* The "host NAME MAC" and "sums NAME KS CFG" lines (read_frec; older
 * versions skip "sums") of inv's hosts, into fd through b.  Returns 0,
 * or -1 with errno set. */
static int
put_hosts(int fd, struct buf *b, const struct inventory *inv,
    const struct frec *recs)
{
	for (size_t i = 0; inv && i < inv->n; i++) {
		const char *name = inv->hosts[i].hostname;
		buf_adds(b, "host ");
		buf_adds(b, name);
		buf_addc(b, ' ');
		buf_adds(b, inv->hosts[i].mac);
		buf_addc(b, '\n');
		if (recs != NULL) {
			buf_adds(b, "sums ");
			buf_adds(b, name);
			frec_put(b, &recs[2 * i]);
			frec_put(b, &recs[2 * i + 1]);
			buf_addc(b, '\n');
		}
		if (flush_buf(fd, b, 0) != 0)
			return -1;
	}
	return 0;
}

/* Writes the manifest durably (pxe-state.h). */
int
pxe_manifest_write(const char *outdir, const struct pxe_state *now,
    char *const *fixed, size_t nfixed, const struct fixed_rec *frecs,
    size_t nfrecs, const struct inventory *inv, const struct frec *recs)
{
	char *path = path_join(outdir, PXE_MANIFEST), *tmp = tmp_name_for(path);
	struct buf b = BUF_INIT;
	int fd, rc = -1, ok;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) <
	    0) {
		log_errno("%s: cannot write", tmp);
		goto out;
	}
	buf_printf(&b, "%s\n# the files xeninfn pxe wrote here; it removes "
	    "only these\n", MANIFEST_MAGIC);
	put_idents(&b, now->ids, now->deps);
	for (size_t i = 0; i < nfixed; i++) {
		buf_adds(&b, fixed[i]);
		buf_addc(&b, '\n');
	}
	for (size_t i = 0; i < nfrecs; i++) {
		buf_adds(&b, "fsum ");
		buf_adds(&b, frecs[i].rel);
		frec_put(&b, &frecs[i].r);
		buf_addc(&b, '\n');
	}
	ok = (now->keep_hosts ? copy_tail(fd, &b, path, now->hosts_off) :
	    put_hosts(fd, &b, inv, recs)) == 0 && flush_buf(fd, &b, 1) == 0 &&
	    fsync(fd) == 0;
	if (close(fd) != 0 || !ok) {
		log_errno("%s: cannot write", tmp);
		goto out;
	}
	rc = rename_durable(tmp, path);
out:
	if (rc != 0)
		unlink(tmp);
	buf_free(&b);
	free(tmp);
	free(path);
	return rc;
}

/* Flushes every file written so far to disk: one syncfs instead of an
 * fsync per file. */
int
pxe_sync_outdir(const char *outdir)
{
	int fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0 || syncfs(fd) != 0) {
		log_errno("%s: cannot flush the tree to disk", outdir);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rc = close(fd);
	return rc == 0 ? 0 : -1;
}

/* Takes the tree's lock: a run of pxe and a --done on the same tree take
 * turns, so that no run writes a host's install config back over the
 * local boot a --done has just recorded.  Returns the descriptor to close,
 * or -1 after a message. */
int
pxe_lock_tree(const char *outdir)
{
	char *path = path_join(outdir, ".xeninfn-pxe-lock");
	char *busy = xasprintf("waiting for %s: another xeninfn pxe is "
	    "writing it", outdir);
	int fd = lock_wait(path, busy);

	free(busy);
	free(path);
	return fd;
}

/* 1 if host name was switched to local boot (pxe-state.h). */
int
pxe_is_done(const struct pxe_state *px, const char *name)
{
	char low[256];
	const char *key = low;
	size_t i;

	for (i = 0; name[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)(name[i] | (name[i] >= 'A' && name[i] <= 'Z' ?
		    0x20 : 0));
	low[i] = '\0';
	return px->ndone && bsearch(&key, px->done, px->ndone,
	    sizeof(*px->done), strv_cmp) != NULL;
}

/* The previous run's record of host name, or NULL. */
const struct old_host *
pxe_old_host(struct pxe_state *px, size_t hint, const char *name)
{
	if (hint < px->nold_hosts &&
	    strcmp(px->old_hosts[hint].name, name) == 0)
		return &px->old_hosts[hint];
	struct old_host key = { (char *)name, NULL, { 0, 0, 0, 0 },
	    { 0, 0, 0, 0 } }, *k = &key, **hit;

	if (px->nold_hosts == 0)
		return NULL;
	if (px->old_by_name == NULL) {	/* sorted at the first miss */
		px->old_by_name = xcalloc(px->nold_hosts + 1,
		    sizeof(*px->old_by_name));
		for (size_t i = 0; i < px->nold_hosts; i++)
			px->old_by_name[i] = &px->old_hosts[i];
		qsort(px->old_by_name, px->nold_hosts,
		    sizeof(*px->old_by_name), cmp_old_host);
	}
	hit = bsearch(&k, px->old_by_name, px->nold_hosts,
	    sizeof(*px->old_by_name), cmp_old_host);
	return hit ? *hit : NULL;
}

/* Adds host to the list of installed hosts or takes it out
 * (pxe-state.h). */
void
pxe_done_set(struct pxe_state *st, const char *host, int done)
{
	char *low = xstrdup(host);

	for (char *c = low; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c |= 0x20;
	for (size_t i = 0; i < st->ndone; i++)
		if (strcmp(st->done[i], low) == 0) {
			free(st->done[i]);
			st->done[i] = st->done[--st->ndone];
			st->done[st->ndone] = NULL;
			i--;
		}
	if (done) {
		st->done = realloc_n(st->done, st->ndone + 1,
		    sizeof(*st->done));
		st->done[st->ndone++] = low;
		low = NULL;
	}
	if (st->ndone > 0)
		qsort(st->done, st->ndone, sizeof(*st->done), strv_cmp);
	free(low);
}

/* Frees what the state holds (pxe-state.h). */
void
pxe_state_free(struct pxe_state *st)
{
	for (size_t i = 0; i < st->ndone; i++)
		free(st->done[i]);
	for (size_t i = 0; i < st->nold_files; i++)
		free(st->old_files[i]);
	for (size_t i = 0; i < st->nold_fixed; i++)
		free(st->old_fixed[i].rel);
	free(st->old_fixed);
	free(st->done);
	free(st->old_files);
	free(st->old_hosts);
	free(st->old_by_name);
	free(st->text);
	memset(st, 0, sizeof(*st));
}
