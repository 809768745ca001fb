/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/sha256.c through digest_buf_hex, which uses it: the
 * FIPS 180-4 example messages, and every length from 0 to 600 bytes (each
 * padding case, one to several blocks) against librpmio's SHA-256, the
 * one files are hashed with. */
#include "testutil.h"

/* The hex SHA-256 of data through librpmio (digest_begin/add/end). */
static char *
rpmio_hex(const void *data, size_t len)
{
	void *ctx = digest_begin(DIGEST_SHA256);

	assert_non_null(ctx);
	digest_add(ctx, data, len);
	return digest_end(ctx);
}

static void
test_fips_examples(void **state)
{
	static const struct {
		const char *msg, *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	char *million = xmalloc(1000000), *hex;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		hex = digest_buf_hex(DIGEST_SHA256, v[i].msg, strlen(v[i].msg));
		assert_string_equal(hex, v[i].hex);
		free(hex);
	}
	memset(million, 'a', 1000000);
	hex = digest_buf_hex(DIGEST_SHA256, million, 1000000);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(hex);
	free(million);
}

static void
test_lengths_as_rpmio(void **state)
{
	unsigned char data[600];
	uint32_t x = 2463534242u;	/* xorshift32: any bytes will do */
	char *ours, *theirs;

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		data[i] = (unsigned char)x;
	}
	for (size_t len = 0; len <= sizeof(data); len++) {
		ours = digest_buf_hex(DIGEST_SHA256, data, len);
		theirs = rpmio_hex(data, len);
		if (strcmp(ours, theirs) != 0)
			fail_msg("length %zu: %s, librpmio %s", len, ours, theirs);
		free(ours);
		free(theirs);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips_examples),
		cmocka_unit_test(test_lengths_as_rpmio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
