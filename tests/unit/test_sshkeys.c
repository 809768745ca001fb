/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of sshkeys.c: root's authorized_keys lines, on real keys
 * made by ssh-keygen in the test (RSA, DSA where ssh-keygen still makes
 * them, and the ECDSA and Ed25519 keys SL 5.1's OpenSSH 4.3p2 cannot
 * read), and on lines broken in each way the checker knows. */
#include "testutil.h"
#include "kickstart.h"

/* The public key line ssh-keygen writes for a new key of type (with
 * comment), newline cut; NULL when ssh-keygen cannot make that type.
 * The caller frees it. */
static char *
keygen(const char *type, const char *comment)
{
	char *key = path_join(tu_dir, type), *pub = xasprintf("%s.pub", key);
	const char *argv[] = { "ssh-keygen", "-q", "-t", type, "-N", "", "-C",
	    comment, "-f", key, NULL };
	struct run_opts o = { .quiet = 1 };
	struct buf b = BUF_INIT;
	char *line = NULL;

	if (access(pub, F_OK) != 0 && run_cmd(argv, &o) != 0)
		goto out;
	assert_int_equal(read_file(pub, 65536, &b), 0);
	buf_adds(&b, "");
	line = xstrndup(b.data, strcspn(b.data, "\n"));
out:
	buf_free(&b);
	free(key);
	free(pub);
	return line;
}

struct parse {
	const char	*text;
	struct buf	 out;
	int		 errors;
};

static void
do_parse(void *arg)
{
	struct parse *c = arg;

	c->errors = sshkeys_parse(c->text, strlen(c->text), "keys.txt",
	    &c->out);
}

/* Parses text; returns the messages (caller frees), with *errors and the
 * accepted lines in *out (caller frees). */
static char *
parse(const char *text, int *errors, char **out)
{
	struct parse c = { text, BUF_INIT, 0 };
	char *msg;

	buf_adds(&c.out, "");
	msg = tu_capture_stderr(do_parse, &c);
	*errors = c.errors;
	*out = buf_release(&c.out);
	return msg;
}

static void
test_real_keys_pass(void **state)
{
	char *rsa = keygen("rsa", "admin@example.org");
	char *dsa = keygen("dsa", "old key");
	char *text, *out, *msg, *want;
	int errors;

	(void)state;
	assert_non_null(rsa);
	text = xasprintf("# root's keys\n\n   \n%s\r\n  # indented comment\n"
	    "%s\n%s  ", rsa, dsa ? dsa : rsa, rsa);
	msg = parse(text, &errors, &out);
	assert_int_equal(errors, 0);
	assert_string_equal(msg, "");
	want = xasprintf("%s\n%s\n%s\n", rsa, dsa ? dsa : rsa, rsa);
	assert_string_equal(out, want);
	if (dsa == NULL)
		print_message("ssh-keygen makes no DSA keys here: ssh-dss "
		    "tested on hand-made lines only\n");
	free(want);
	free(msg);
	free(out);
	free(text);
	free(rsa);
	free(dsa);
}

/* text must be refused with "keys.txt:LINE: " and want in the message. */
static void
refused(const char *text, int line, const char *want)
{
	char *out, *msg = parse(text, &(int){ 0 }, &out);
	char *where = xasprintf("keys.txt:%d: ", line);

	if (strstr(msg, where) == NULL || strstr(msg, want) == NULL)
		fail_msg("expected '%s%s' for:\n%s\ngot: %s", where, want,
		    text, msg);
	assert_string_equal(out, "");
	free(where);
	free(msg);
	free(out);
}

static void
test_later_types_refused(void **state)
{
	static const char *const types[] = { "ecdsa", "ed25519" };
	const char *why = "OpenSSH 4.3p2 reads only ssh-rsa and ssh-dss";
	char *text;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char *k = keygen(types[i], "new");

		assert_non_null(k);
		text = xasprintf("\n%s\n", k);
		refused(text, 2, why);
		free(text);
		free(k);
	}
	refused("ssh-rsa-cert-v01@openssh.com AAAA x\n", 1, why);
}

static void
test_broken_lines_refused(void **state)
{
	char *rsa = keygen("rsa", "admin@example.org"), *b64, *text;
	size_t n;

	(void)state;
	b64 = xstrndup(strchr(rsa, ' ') + 1, strcspn(strchr(rsa, ' ') + 1,
	    " "));
	n = strlen(b64);
	/* the type the line names is not the blob's */
	text = xasprintf("# k\nssh-dss %s x\n", b64);
	refused(text, 2, "of another type than the line says");
	free(text);
	/* options before the key */
	text = xasprintf("from=\"192.0.2.1\" %s\n", rsa);
	refused(text, 1, "not an OpenSSH public key line");
	free(text);
	/* not base64, no data, truncated blob, bytes left over */
	refused("ssh-rsa AAAA!!!! x\n", 1, "not base64");
	refused("ssh-rsa AAAAB3NzaC1yc2E\n", 1, "not base64");
	refused("ssh-rsa\n", 1, "no key data");
	text = xasprintf("ssh-rsa %.*s\n", (int)(n / 8 * 4), b64);
	refused(text, 1, "cut short");
	free(text);
	/* "ssh-rsa" alone, then the same with one more string */
	refused("ssh-rsa AAAAB3NzaC1yc2E=\n", 1, "cut short");
	refused("ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAAEBAAAAAA==\n", 1,
	    "left over");
	/* garbage, a private key, control characters, non-ASCII comment */
	refused("\n\nhello world\n", 3, "not an OpenSSH public key line");
	refused("-----BEGIN OPENSSH PRIVATE KEY-----\n", 1,
	    "not an OpenSSH public key line");
	text = xasprintf("%s evil\033[2J\n", rsa);
	refused(text, 1, "control character");
	free(text);
	text = xasprintf("%s caf\xc3\xa9\n", rsa);
	refused(text, 1, "printable ASCII");
	free(text);
	free(b64);
	free(rsa);
}

/* Every bad line is reported, each with its own number. */
static void
test_all_errors_counted(void **state)
{
	char *rsa = keygen("rsa", "a"), *out, *msg, *text;
	int errors;

	(void)state;
	text = xasprintf("%s\nbad one\n%s\nssh-rsa !!!!\n", rsa, rsa);
	msg = parse(text, &errors, &out);
	assert_int_equal(errors, 2);
	assert_non_null(strstr(msg, "keys.txt:2: "));
	assert_non_null(strstr(msg, "keys.txt:4: "));
	assert_null(strstr(msg, "keys.txt:1: "));
	free(msg);
	free(out);
	free(text);
	free(rsa);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_keys_pass),
		cmocka_unit_test(test_later_types_refused),
		cmocka_unit_test(test_broken_lines_refused),
		cmocka_unit_test(test_all_errors_counted),
	};

	return cmocka_run_group_tests(tests, tu_setup_dir, tu_teardown_dir);
}
