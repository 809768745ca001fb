/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-inspect.c: `xeninfn inspect IMAGE.iso` reads a built image without
 * mounting it: its size, the volume descriptor, the El Torito boot entry,
 * the hybrid MBR, the implanted MD5 (verified over the image, as the
 * installer's media check does), and through libarchive the kickstart
 * and boot menu on it.  For support: "what is on this stick?".  --json
 * prints the same as one JSON object.
 */
#include <sys/stat.h>
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <unistd.h>

#include "xeninfn.h"
#include "manifest.h"

#define SECTOR		2048
#define MEMBER_MAX	(1024 * 1024)
#define APPDATA_OFF	(16 * SECTOR + 883)	/* implantisomd5's field */
#define APPDATA_LEN	512

struct iso_facts {
	long long	 size;			/* bytes, of the file */
	long long	 volume_size;		/* bytes, as the PVD says */
	char		 volume_id[33];
	char		 app_use[APPDATA_LEN + 1];
	int		 el_torito;
	int		 no_emulation;
	unsigned	 load_sectors;
	unsigned	 load_rba;
	int		 boot_info_table;	/* isolinux.bin patched */
	int		 mbr;			/* 0x55AA in sector 0 */
	int		 mbr_partition;
	char		 md5[33];		/* implanted; "" if none */
	char		*md5_computed;		/* NULL if none implanted */
	char		*ks_sha256;		/* of /ks.cfg; NULL if absent */
	char		*isolinux_cfg;		/* NULL if absent */
	int		 xeninfn_repo;		/* /xeninfn/repodata there */
};

/* Reads len bytes at off; 0 or -1. */
static int
read_at(int fd, void *buf, size_t len, off_t off)
{
	return pread(fd, buf, len, off) == (ssize_t)len ? 0 : -1;
}

static unsigned
le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned)p[3] << 24;
}

/* Copies a space-padded ISO 9660 field, trimmed. */
static void
field(char *dst, const unsigned char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
	while (n > 0 && dst[n - 1] == ' ')
		dst[--n] = '\0';
}

/* The El Torito boot entry and whether isolinux.bin carries a boot-info
 * table, from the boot record at sector 17. */
static void
read_boot(int fd, struct iso_facts *f)
{
	unsigned char br[SECTOR], cat[SECTOR], img[64];

	if (read_at(fd, br, SECTOR, 17 * SECTOR) != 0 || br[0] != 0 ||
	    memcmp(br + 7, "EL TORITO SPECIFICATION", 23) != 0)
		return;
	f->el_torito = 1;
	if (read_at(fd, cat, SECTOR, (off_t)le32(br + 0x47) * SECTOR) != 0 ||
	    cat[0] != 1 || cat[32] != 0x88)
		return;
	f->no_emulation = cat[32 + 1] == 0;
	f->load_sectors = cat[32 + 6] | cat[32 + 7] << 8;
	f->load_rba = le32(cat + 32 + 8);
	/* The boot-info-table puts the PVD's LBA (16) at offset 8 of the
	 * loaded image. */
	if (read_at(fd, img, sizeof(img), (off_t)f->load_rba * SECTOR) == 0)
		f->boot_info_table = le32(img + 8) == 16 &&
		    le32(img + 12) == f->load_rba;
}

/*
 * The MD5 implantisomd5 would compute: over the volume (the PVD's size)
 * less its last SKIPSECTORS sectors, with the application-use field (where
 * the sum itself is written) read as spaces.  Returns the hex (caller
 * frees), or NULL after a message.
 */
static char *
image_md5(int fd, const char *path, const struct iso_facts *f)
{
	static unsigned char chunk[1 << 16];
	const char *s = strstr(f->app_use, "SKIPSECTORS = ");
	long long skip = s != NULL ? atoll(s + 14) : 0;
	long long end = f->volume_size - skip * SECTOR, off = 0;
	void *ctx;

	if (end <= APPDATA_OFF + APPDATA_LEN || end > f->size) {
		log_error("%s: the image is shorter than its volume descriptor "
		    "says (%lld of %lld bytes): it was cut short; copy it "
		    "again", path, f->size, f->volume_size);
		return NULL;
	}
	if ((ctx = digest_begin(DIGEST_MD5)) == NULL)
		return NULL;
	while (off < end) {
		size_t n = end - off < (long long)sizeof(chunk) ?
		    (size_t)(end - off) : sizeof(chunk);
		ssize_t got = pread(fd, chunk, n, off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			log_errno("%s: cannot read at byte %lld", path, off);
			free(digest_end(ctx));
			return NULL;
		}
		for (long long i = off; i < off + got; i++)
			if (i >= APPDATA_OFF && i < APPDATA_OFF + APPDATA_LEN)
				chunk[i - off] = ' ';
		digest_add(ctx, chunk, (size_t)got);
		off += got;
	}
	return digest_end(ctx);
}

/* Fills the raw-image facts of f; 0, or -1 after a message. */
static int
read_facts(const char *path, struct iso_facts *f)
{
	unsigned char pvd[SECTOR], mbr[512];
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	struct stat st;
	const char *m;

	if (fd < 0) {
		log_errno("%s: cannot open", path);
		return -1;
	}
	if (fstat(fd, &st) != 0 || (!S_ISREG(st.st_mode) &&
	    !S_ISBLK(st.st_mode))) {
		log_error("%s: not a file or a block device", path);
		goto out;
	}
	/* A USB stick (block device) is larger than the image on it. */
	f->size = S_ISBLK(st.st_mode) ? (long long)lseek(fd, 0, SEEK_END) :
	    st.st_size;
	if (read_at(fd, pvd, SECTOR, 16 * SECTOR) != 0 || pvd[0] != 1 ||
	    memcmp(pvd + 1, "CD001", 5) != 0) {
		log_error("%s: not an ISO 9660 image (no primary volume "
		    "descriptor)", path);
		goto out;
	}
	field(f->volume_id, pvd + 40, 32);
	field(f->app_use, pvd + 883, APPDATA_LEN);
	f->volume_size = (long long)le32(pvd + 80) * SECTOR;
	read_boot(fd, f);
	if (read_at(fd, mbr, sizeof(mbr), 0) == 0 && mbr[510] == 0x55 &&
	    mbr[511] == 0xAA) {
		f->mbr = 1;
		for (int i = 0; i < 4; i++)
			if (mbr[446 + 16 * i + 4] != 0)
				f->mbr_partition = 1;
	}
	if ((m = strstr(f->app_use, "ISO MD5SUM = ")) != NULL &&
	    strspn(m + 13, "0123456789abcdef") >= 32) {
		memcpy(f->md5, m + 13, 32);
		if ((f->md5_computed = image_md5(fd, path, f)) == NULL)
			goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

/* The data of the current entry of a, if at most MEMBER_MAX bytes (caller
 * frees), or NULL. */
static char *
read_data(struct archive *a)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	la_ssize_t n;

	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0 &&
	    b.len + (size_t)n <= MEMBER_MAX)
		buf_add(&b, chunk, (size_t)n);
	if (n != 0) {
		buf_free(&b);
		return NULL;
	}
	buf_adds(&b, "");
	return buf_release(&b);
}

/* Reads the members inspect describes (/ks.cfg, /isolinux/isolinux.cfg,
 * /xeninfn/repodata/repomd.xml) into f. */
static void
read_members(const char *path, struct iso_facts *f)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *ks;

	archive_read_support_format_iso9660(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK)
		goto out;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		const char *p = archive_entry_pathname(e);

		if (strncmp(p, "./", 2) == 0)
			p += 2;
		if (strcmp(p, "ks.cfg") == 0 && f->ks_sha256 == NULL &&
		    (ks = read_data(a)) != NULL) {
			f->ks_sha256 = digest_buf_hex(DIGEST_SHA256, ks,
			    strlen(ks));
			free(ks);
		} else if (strcmp(p, "isolinux/isolinux.cfg") == 0 &&
		    f->isolinux_cfg == NULL)
			f->isolinux_cfg = read_data(a);
		else if (strcmp(p, "xeninfn/repodata/repomd.xml") == 0)
			f->xeninfn_repo = 1;
	}
out:
	archive_read_free(a);
}

/* "ok", "MISMATCH" or "none" for the implanted MD5. */
static const char *
md5_verdict(const struct iso_facts *f)
{
	if (f->md5_computed == NULL)
		return "none";
	return strcmp(f->md5, f->md5_computed) == 0 ? "ok" : "MISMATCH";
}

/* Prints f as text. */
static void
print_text(const char *path, const struct iso_facts *f)
{
	printf("image:          %s\n", path);
	printf("size:           %lld bytes (%.1f MiB)\n", f->size,
	    f->size / 1048576.0);
	printf("volume id:      %s\n", f->volume_id);
	printf("made by:        %s\n", f->ks_sha256 && f->xeninfn_repo ?
	    "xeninfn build (ks.cfg and the xeninfn/ repository are there)" :
	    "not xeninfn build (no ks.cfg or no xeninfn/ repository)");
	printf("el torito:      %s\n", !f->el_torito ? "no (not bootable)" :
	    f->no_emulation ? "BIOS, no emulation" : "BIOS, emulation");
	if (f->el_torito)
		printf("boot image:     LBA %u, %u sectors loaded, "
		    "boot-info-table %s\n", f->load_rba, f->load_sectors,
		    f->boot_info_table ? "yes" : "no");
	printf("hybrid mbr:     %s\n", f->mbr && f->mbr_partition ?
	    "yes (boots from a USB stick)" : "no");
	if (f->md5_computed == NULL)
		printf("implanted md5:  none (the installer's media check "
		    "cannot verify it)\n");
	else
		printf("implanted md5:  %s (%s)\n", f->md5,
		    strcmp(md5_verdict(f), "ok") == 0 ? "verified: the image "
		    "matches" : "MISMATCH: the image is damaged");
	printf("ks.cfg sha256:  %s\n", f->ks_sha256 ? f->ks_sha256 : "none");
	if (f->isolinux_cfg != NULL) {
		char *cfg = xstrdup(f->isolinux_cfg);

		printf("isolinux.cfg:\n");
		for (char *l = strtok(cfg, "\n"); l; l = strtok(NULL, "\n"))
			printf("  | %s\n", l);
		free(cfg);
	}
}

/* A JSON string of v, or null for NULL; text of the image that is not
 * valid UTF-8 is given with those bytes as \xNN. */
static json_t *
jstr(const char *v)
{
	char *shown;
	json_t *j = manifest_jstr(v, &shown);

	free(shown);
	return j;
}

/* Prints f as one JSON object (jansson, keys in this order). */
static void
print_json(const char *path, const struct iso_facts *f)
{
	json_t *o = json_object(), *et = json_null();
	char *text;

	if (f->el_torito)
		et = json_pack("{s:b, s:I, s:I, s:b}", "no_emulation",
		    f->no_emulation, "load_rba", (json_int_t)f->load_rba,
		    "load_sectors", (json_int_t)f->load_sectors,
		    "boot_info_table", f->boot_info_table);
	json_object_set_new(o, "image", jstr(path));
	json_object_set_new(o, "size", json_integer(f->size));
	json_object_set_new(o, "volume_id", jstr(f->volume_id));
	json_object_set_new(o, "xeninfn",
	    json_boolean(f->ks_sha256 && f->xeninfn_repo));
	json_object_set_new(o, "el_torito", et);
	json_object_set_new(o, "hybrid_mbr",
	    json_boolean(f->mbr && f->mbr_partition));
	json_object_set_new(o, "implanted_md5", jstr(*f->md5 ? f->md5 : NULL));
	json_object_set_new(o, "computed_md5", jstr(f->md5_computed));
	json_object_set_new(o, "md5_check", jstr(md5_verdict(f)));
	json_object_set_new(o, "ks_sha256", jstr(f->ks_sha256));
	json_object_set_new(o, "isolinux_cfg", jstr(f->isolinux_cfg));
	if ((text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) !=
	    NULL)
		printf("%s\n", text);
	free(text);
	json_decref(o);
}

/* Prints the usage of inspect to f. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: xeninfn inspect [OPTION]... IMAGE.iso\n"
	    "Describes a built ISO without mounting it: its size, volume id, "
	    "boot entry,\nhybrid MBR, the implanted MD5 (verified over the "
	    "whole image), the sha256 of\nits ks.cfg and its boot menu; says "
	    "when it was not made by xeninfn build.\n\nOptions:\n"
	    "      --json             print one JSON object instead of text\n"
	    GENERAL_USAGE
	    "\nExit status: 0 if described, 1 if the image cannot be read or "
	    "its implanted\nMD5 does not match, 2 for a usage error.\n");
}

/* inspect's own option: --json.  0, or -1 if c is not it. */
static int
inspect_opt(int c, const char *arg, void *ctx)
{
	(void)arg;
	if (c != 'j')
		return -1;
	*(int *)ctx = 1;
	return 0;
}

/* `xeninfn inspect`.  Returns 0, EXIT_USAGE or EXIT_WORK. */
int
cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", 0, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct iso_facts f;
	int json = 0, r, rc = EXIT_WORK;

	memset(&f, 0, sizeof(f));
	r = cmd_getopt(argc, argv, "", longopts, NULL, inspect_opt, &json,
	    usage);
	if (r != 0)
		return r > 0 ? 0 : EXIT_USAGE;
	if (optind == argc) {
		log_usage("missing IMAGE.iso");
		return EXIT_USAGE;
	}
	if (optind + 1 != argc) {
		log_usage("unexpected argument '%s'", argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (read_facts(argv[optind], &f) != 0)
		goto out;
	read_members(argv[optind], &f);
	if (json)
		print_json(argv[optind], &f);
	else
		print_text(argv[optind], &f);
	if (!f.ks_sha256 || !f.xeninfn_repo)
		log_warn("%s: not made by xeninfn build (no ks.cfg or no "
		    "xeninfn/ repository on it)", argv[optind]);
	rc = 0;
	if (strcmp(md5_verdict(&f), "MISMATCH") == 0) {
		log_error("%s: the implanted MD5 does not match the image: it "
		    "is damaged; copy or build it again", argv[optind]);
		rc = EXIT_WORK;
	}
out:
	free(f.md5_computed);
	free(f.ks_sha256);
	free(f.isolinux_cfg);
	return rc;
}
