/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd-inspect.c: `xeninfn inspect IMAGE.iso` reads a built image without
 * mounting it: the volume descriptor, the El Torito boot entry, the hybrid
 * MBR, the implanted MD5 marker, and through libarchive the kickstart and
 * boot menu on it.  For support: "what is on this stick?".
 */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"

#define SECTOR		2048
#define MEMBER_MAX	(1024 * 1024)

struct iso_facts {
	char		 volume_id[33];
	char		 app_use[513];		/* implantisomd5 writes here */
	int		 el_torito;
	int		 no_emulation;
	unsigned	 load_sectors;
	unsigned	 load_rba;
	int		 boot_info_table;	/* isolinux.bin patched */
	int		 mbr;			/* 0x55AA in sector 0 */
	int		 mbr_partition;
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

/* Fills f from the raw image; 0, or -1 after a message. */
static int
read_facts(const char *path, struct iso_facts *f)
{
	unsigned char pvd[SECTOR], br[SECTOR], cat[SECTOR], mbr[512], img[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;

	memset(f, 0, sizeof(*f));
	if (fd < 0) {
		log_errno("%s: cannot open", path);
		return -1;
	}
	if (read_at(fd, pvd, SECTOR, 16 * SECTOR) != 0 || pvd[0] != 1 ||
	    memcmp(pvd + 1, "CD001", 5) != 0) {
		log_error("%s: not an ISO 9660 image (no primary volume "
		    "descriptor)", path);
		goto out;
	}
	field(f->volume_id, pvd + 40, 32);
	field(f->app_use, pvd + 883, 512);
	if (read_at(fd, br, SECTOR, 17 * SECTOR) == 0 && br[0] == 0 &&
	    memcmp(br + 7, "EL TORITO SPECIFICATION", 23) == 0) {
		f->el_torito = 1;
		if (read_at(fd, cat, SECTOR, (off_t)le32(br + 0x47) * SECTOR)
		    == 0 && cat[0] == 1 && cat[32] == 0x88) {
			f->no_emulation = cat[32 + 1] == 0;
			f->load_sectors = cat[32 + 6] | cat[32 + 7] << 8;
			f->load_rba = le32(cat + 32 + 8);
			/* The boot-info-table puts the PVD's LBA (16) at
			 * offset 8 of the loaded image. */
			if (read_at(fd, img, sizeof(img),
			    (off_t)f->load_rba * SECTOR) == 0)
				f->boot_info_table = le32(img + 8) == 16 &&
				    le32(img + 12) == f->load_rba;
		}
	}
	if (read_at(fd, mbr, sizeof(mbr), 0) == 0 && mbr[510] == 0x55 &&
	    mbr[511] == 0xAA) {
		f->mbr = 1;
		for (int i = 0; i < 4; i++)
			if (mbr[446 + 16 * i + 4] != 0)
				f->mbr_partition = 1;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

/* The file at name inside the image (caller frees), or NULL. */
static char *
read_member(const char *path, const char *name)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct buf b = BUF_INIT;
	char *found = NULL;
	la_ssize_t n;
	char chunk[8192];

	archive_read_support_format_iso9660(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK)
		goto out;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		const char *p = archive_entry_pathname(e);
		if (strncmp(p, "./", 2) == 0)
			p += 2;
		if (strcmp(p, name) != 0)
			continue;
		while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0 &&
		    b.len + (size_t)n <= MEMBER_MAX)
			buf_add(&b, chunk, (size_t)n);
		if (n == 0)
			found = buf_release(&b);
		break;
	}
out:
	buf_free(&b);
	archive_read_free(a);
	return found;
}

/* The value after "key = " in implantisomd5's application data. */
static void
print_md5_marker(const char *app)
{
	const char *m = strstr(app, "ISO MD5SUM = ");

	if (m != NULL)
		printf("implanted md5:  %.32s\n", m + 13);
	else
		printf("implanted md5:  none (checkisomd5 cannot verify it)\n");
}

int
cmd_inspect(int argc, char **argv)
{
	struct iso_facts f;
	char *ks, *cfg, *sha;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("usage: xeninfn inspect IMAGE.iso\n");
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: xeninfn inspect IMAGE.iso\n");
		return EXIT_USAGE;
	}
	if (read_facts(argv[1], &f) != 0)
		return EXIT_WORK;
	printf("image:          %s\n", argv[1]);
	printf("volume id:      %s\n", f.volume_id);
	printf("el torito:      %s\n", !f.el_torito ? "no (not bootable)" :
	    f.no_emulation ? "BIOS, no emulation" : "BIOS, emulation");
	if (f.el_torito)
		printf("boot image:     LBA %u, %u sectors loaded, "
		    "boot-info-table %s\n", f.load_rba, f.load_sectors,
		    f.boot_info_table ? "yes" : "no");
	printf("hybrid mbr:     %s\n", f.mbr && f.mbr_partition ?
	    "yes (boots from a USB stick)" : "no");
	print_md5_marker(f.app_use);
	if ((ks = read_member(argv[1], "ks.cfg")) != NULL) {
		sha = digest_buf_hex(DIGEST_SHA256, ks, strlen(ks));
		printf("ks.cfg sha256:  %s\n", sha ? sha : "?");
		free(sha);
		free(ks);
	} else
		printf("ks.cfg:         none\n");
	if ((cfg = read_member(argv[1], "isolinux/isolinux.cfg")) != NULL) {
		printf("isolinux.cfg:\n");
		for (char *l = strtok(cfg, "\n"); l; l = strtok(NULL, "\n"))
			printf("  | %s\n", l);
		free(cfg);
	}
	return 0;
}
