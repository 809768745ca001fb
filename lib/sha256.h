/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SHA-256 (FIPS 180-4) without a library: the post-install helpers are
 * static musl binaries without OpenSSL (xeninfn-guest hashes its backups
 * while it streams them), and the builder hashes the small buffers of
 * every run with it (digest_buf_hex: the cache's names of URLs), where
 * loading librpmio and libgcrypt would cost more than an unchanged `xeninfn
 * pxe` re-run.  Files the builder hashes go through librpmio (digest.c),
 * whose libgcrypt uses the CPU's SHA instructions.
 */
#ifndef XENINFN_LIB_SHA256_H
#define XENINFN_LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX	65	/* 64 hex digits and a NUL */

struct sha256 {
	uint32_t	h[8];
	uint64_t	len;		/* bytes hashed so far */
	unsigned char	block[64];
	size_t		used;		/* bytes in block */
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
void	sha256_hex(struct sha256 *, char [SHA256_HEX]);

#endif
