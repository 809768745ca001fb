/* SPDX-License-Identifier: GPL-2.0-or-later */
/* digest.c: checksums of inputs and outputs, through librpm's rpmio (the
 * builder links librpm anyway, for RPM intake). */
#include <fcntl.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <rpm/rpmcrypto.h>
#include <rpm/rpmpgp.h>

#include "sha256.h"
#include "xeninfn.h"

static const struct {
	const char	*name;
	enum digest_algo algo;
	int		 rpmalgo;
} algos[] = {
	{ "md5", DIGEST_MD5, RPM_HASH_MD5 },
	{ "sha", DIGEST_SHA1, RPM_HASH_SHA1 },
	{ "sha1", DIGEST_SHA1, RPM_HASH_SHA1 },
	{ "sha256", DIGEST_SHA256, RPM_HASH_SHA256 },
	{ "sha512", DIGEST_SHA512, RPM_HASH_SHA512 },
};

int
digest_algo_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(algos) / sizeof(algos[0]); i++)
		if (strcasecmp(name, algos[i].name) == 0)
			return (int)algos[i].algo;
	return -1;
}

const char *
digest_algo_name(enum digest_algo algo)
{
	for (size_t i = 0; i < sizeof(algos) / sizeof(algos[0]); i++)
		if (algos[i].algo == algo && strcmp(algos[i].name, "sha") != 0)
			return algos[i].name;
	return "?";
}

static DIGEST_CTX
digest_start(enum digest_algo algo)
{
	for (size_t i = 0; i < sizeof(algos) / sizeof(algos[0]); i++)
		if (algos[i].algo == algo) {
			rpmInitCrypto();
			return rpmDigestInit(algos[i].rpmalgo, RPMDIGEST_NONE);
		}
	return NULL;
}

/* Finishes ctx; returns the hex string, which the caller frees. */
static char *
digest_finish(DIGEST_CTX ctx)
{
	void *hex = NULL;

	rpmDigestFinal(ctx, &hex, NULL, 1);
	return hex;
}

char *
digest_buf_hex(enum digest_algo algo, const void *data, size_t len)
{
	if (algo == DIGEST_SHA256) {	/* without librpmio: lib/sha256.h */
		struct sha256 s;
		char *hex = xmalloc(SHA256_HEX);

		sha256_init(&s);
		sha256_update(&s, data, len);
		sha256_hex(&s, hex);
		return hex;
	}
	DIGEST_CTX ctx = digest_start(algo);

	if (ctx == NULL)
		return NULL;
	rpmDigestUpdate(ctx, data, len);
	return digest_finish(ctx);
}

char *
digest_file_hex(enum digest_algo algo, const char *path)
{
	static char chunk[1 << 16];
	DIGEST_CTX ctx;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		log_errno("%s: cannot open", path);
		return NULL;
	}
	if ((ctx = digest_start(algo)) == NULL) {
		close(fd);
		return NULL;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_errno("%s: cannot read", path);
			close(fd);
			free(digest_finish(ctx));
			return NULL;
		}
		rpmDigestUpdate(ctx, chunk, (size_t)n);
	}
	close(fd);
	return digest_finish(ctx);
}

/* A digest fed piece by piece: digest_begin (NULL for an unknown algo),
 * digest_add, then digest_end, which returns the hex string (caller
 * frees) and frees the context. */
void *
digest_begin(enum digest_algo algo)
{
	return digest_start(algo);
}

void
digest_add(void *ctx, const void *data, size_t len)
{
	rpmDigestUpdate(ctx, data, len);
}

char *
digest_end(void *ctx)
{
	return digest_finish(ctx);
}
