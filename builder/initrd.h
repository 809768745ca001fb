/* SPDX-License-Identifier: GPL-2.0-or-later */
/* initrd.h: adding files to an installer initrd without unpacking it: a
 * second gzip'd newc cpio member after the first, which Linux (2.6.18
 * included) unpacks over the first at boot. */
#ifndef XENINFN_INITRD_H
#define XENINFN_INITRD_H
#include <sys/types.h>
#include <stddef.h>
#include <time.h>

struct initrd_file {
	const char	*name;	/* path inside the initrd, e.g. "ks.cfg" */
	const void	*data;
	size_t		 len;
	mode_t		 mode;	/* permission bits */
};

/* Where the builder puts xeninfn-vtcheck in the installer's initrd: in
 * /sbin, beside the loader, which the loader leaves alone (see below). */
#define INITRD_VTCHECK	"sbin/xeninfn-vtcheck"

/* Writes out (atomically) as a gzip'd cpio of files, their directories
 * first, every entry dated mtime and owned by root, for a boot loader
 * that loads it after tree_initrd (syslinux `initrd=initrd.img,xeninfn.img`
 * puts the files one after the other, each at a 4-byte boundary, and the
 * kernel unpacks each archive over the ones before: docs/performance.md
 * has the 2.6.18 source of that).  tree_initrd is only checked to be a
 * gzip'd image.  Refuses members under usr/, lib/ and lib64/: once it has
 * stage2, the RHEL 5 loader unlinks those three and links them into
 * /mnt/runtime, so a directory of ours there would keep anaconda from
 * starting (and a file there would be lost).  Returns 0, or -1 after a
 * message. */
int	 initrd_member(const char *tree_initrd, const char *out,
	    const struct initrd_file *files, size_t n, time_t mtime);
#endif
