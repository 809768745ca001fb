/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of initrd.c: the tree's initrd stays byte for byte at the
 * front, the appended member holds the files (read back with libarchive,
 * as the kernel would unpack it), and the result is reproducible. */
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "testutil.h"
#include "initrd.h"

/* A small gzip'd file standing for the tree's initrd (odd length, so the
 * padding is exercised). */
static char *
make_base(void)
{
	char *path = path_join(tu_dir, "base.img");
	gzFile gz = gzopen(path, "wb");

	assert_non_null(gz);
	gzputs(gz, "070701 the tree's own cpio would be here");
	gzclose(gz);
	return path;
}

/* Reads every member of the archive at off into names and the content of
 * ks.cfg into ks. */
static void
read_back(const struct buf *img, size_t off, struct buf *names,
    struct buf *ks)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char chunk[4096];
	la_ssize_t n;

	archive_read_support_filter_gzip(a);
	archive_read_support_format_cpio(a);
	assert_int_equal(archive_read_open_memory(a, img->data + off,
	    img->len - off), ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		buf_printf(names, "%s:%o:%lld;", archive_entry_pathname(e),
		    (unsigned)archive_entry_perm(e),
		    (long long)archive_entry_mtime(e));
		if (strcmp(archive_entry_pathname(e), "ks.cfg") == 0)
			while ((n = archive_read_data(a, chunk,
			    sizeof(chunk))) > 0)
				buf_add(ks, chunk, (size_t)n);
	}
	archive_read_free(a);
}

static void
test_member_holds_the_files(void **state)
{
	char *base = make_base(), *out = path_join(tu_dir, "out.img");
	struct buf orig = BUF_INIT, after = BUF_INIT, img = BUF_INIT,
	    names = BUF_INIT, ks = BUF_INIT;
	const char *text = "url --url http://example/sl51/\n";
	struct initrd_file files[] = {
		{ "ks.cfg", text, strlen(text), 0644 },
		{ INITRD_VTCHECK, "\177ELF", 4, 0755 },
	};

	(void)state;
	assert_int_equal(read_file(base, 1 << 20, &orig), 0);
	assert_int_equal(initrd_member(base, out, files, 2, 1200000000), 0);
	assert_int_equal(read_file(out, 1 << 20, &img), 0);
	/* the member alone, the tree's initrd untouched */
	assert_true(img.len > 2 && (unsigned char)img.data[0] == 0x1f &&
	    (unsigned char)img.data[1] == 0x8b);
	assert_int_equal(read_file(base, 1 << 20, &after), 0);
	assert_int_equal(after.len, orig.len);
	assert_memory_equal(after.data, orig.data, orig.len);
	read_back(&img, 0, &names, &ks);
	assert_string_equal(names.data, "ks.cfg:644:1200000000;"
	    "sbin:755:1200000000;sbin/xeninfn-vtcheck:755:1200000000;");
	assert_string_equal(ks.data, text);
	buf_free(&orig);
	buf_free(&after);
	buf_free(&img);
	buf_free(&names);
	buf_free(&ks);
	free(base);
	free(out);
}

static void
test_reproducible(void **state)
{
	char *base = make_base(), *a = path_join(tu_dir, "a.img"),
	    *b = path_join(tu_dir, "b.img");
	struct buf x = BUF_INIT, y = BUF_INIT;
	struct initrd_file f = { "ks.cfg", "x\n", 2, 0644 };

	(void)state;
	assert_int_equal(initrd_member(base, a, &f, 1, 42), 0);
	sleep(1);
	assert_int_equal(initrd_member(base, b, &f, 1, 42), 0);
	assert_int_equal(read_file(a, 1 << 20, &x), 0);
	assert_int_equal(read_file(b, 1 << 20, &y), 0);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.data, y.data, x.len);
	buf_free(&x);
	buf_free(&y);
	free(base);
	free(a);
	free(b);
}

static void
do_bad(void *arg)
{
	char **paths = arg;
	struct initrd_file f = { "../escape", "x", 1, 0644 };

	/* A plain-text "initrd" is refused before anything is written. */
	assert_int_equal(initrd_member(paths[0], paths[1], &f, 1, 0), -1);
}

static void
test_bad_input(void **state)
{
	char *plain = tu_write(tu_dir, "plain.img", "not gzip");
	char *out = path_join(tu_dir, "never.img");
	char *paths[] = { plain, out };
	char *err = tu_capture_stderr(do_bad, paths);

	(void)state;
	assert_non_null(strstr(err, "plain.img: not a gzip-compressed initrd"));
	assert_false(path_exists(out));
	free(err);
	free(plain);
	free(out);
}

static void
do_runtime(void *arg)
{
	char **paths = arg;
	struct initrd_file f = { paths[2], "x", 1, 0755 };

	assert_int_equal(initrd_member(paths[0], paths[1], &f, 1, 0), -1);
}

/* Nothing under usr/, lib/ or lib64/, which the RHEL 5 loader replaces by
 * links into stage2; names that only start the same way are fine. */
static void
test_runtime_dirs_refused(void **state)
{
	static const char *const bad[] = { "usr/bin/x", "lib/x", "lib64/x",
	    "usr" };
	char *base = make_base(), *out = path_join(tu_dir, "rt.img"), *err;
	struct initrd_file ok = { "library/x", "x", 1, 0644 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *paths[] = { base, out, (char *)bad[i] };
		err = tu_capture_stderr(do_runtime, paths);
		assert_non_null(strstr(err, bad[i]));
		assert_non_null(strstr(err, "stage2"));
		assert_false(path_exists(out));
		free(err);
	}
	assert_int_equal(initrd_member(base, out, &ok, 1, 0), 0);
	free(base);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_holds_the_files),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_runtime_dirs_refused),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
