/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz/ share.  Each target
 * is one fuzz_NAME.c with LLVMFuzzerTestOneInput; tests/fuzz/fuzz.mk
 * builds them with clang -fsanitize=fuzzer,address,undefined and
 * tests/fuzz/run runs them on the seeds of tests/fuzz/corpus/NAME/.
 */
#ifndef XENINFN_FUZZ_H
#define XENINFN_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The entry of a target, around its body:
 *	FUZZ_TARGET(data, size)
 *	{
 *		...
 *		return 0;
 *	}
 * silences the code under test first (its messages only slow the fuzzer
 * down): FUZZ_QUIET is the statement that does it, defined before this
 * header is included (fuzz-builder.h for the builder's code; the helpers'
 * targets set pi_quiet).
 */
#define FUZZ_TARGET(data, size)						\
	static int fuzz_one(const uint8_t *, size_t);			\
	int								\
	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)	\
	{								\
		FUZZ_QUIET;						\
		return fuzz_one(data, size);				\
	}								\
	static int							\
	fuzz_one(const uint8_t *data, size_t size)

/* A NUL-terminated copy of the input (the parsers read C strings, as
 * their callers hand them after read_file); the caller frees it. */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* 1 if the input holds a NUL byte: the readers refuse such files before
 * parsing ("not a text file"), so a target skips them. */
static inline int
fuzz_has_nul(const uint8_t *data, size_t size)
{
	return memchr(data, '\0', size) != NULL;
}

/* Writes the input to path (made once per process under $TMPDIR), for
 * the readers that take a file.  Returns path; aborts when it cannot. */
static inline const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char dir[4096];
	static char path[4200];
	FILE *f;

	if (dir[0] == '\0') {
		const char *t = getenv("TMPDIR");

		snprintf(dir, sizeof(dir), "%s/xeninfn-fuzz.XXXXXX",
		    t && *t ? t : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	return path;
}

/* The directory fuzz_file writes into (after a first call). */
static inline const char *
fuzz_dir(void)
{
	const char *p = fuzz_file(".probe", (const uint8_t *)"", 0);
	static char dir[4200];

	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(p, '/') - p), p);
	return dir;
}
#endif
