/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of builder/vercmp.c: rpm_vercmp gives the order librpm's
 * rpmvercmp gives, for EL5's own version strings and for every pair of a
 * large set of generated ones (digits, letters, leading zeros, '.', '_',
 * '+', '~' and '^'). */
#include <rpm/rpmver.h>

#include "vercmp.h"
#include "testutil.h"

static int
sign(int c)
{
	return (c > 0) - (c < 0);
}

static void
same_as_librpm(const char *a, const char *b)
{
	int ours = sign(rpm_vercmp(a, b)), theirs = sign(rpmvercmp(a, b));

	if (ours != theirs)
		fail_msg("\"%s\" vs \"%s\": %d, librpm %d", a, b, ours, theirs);
}

static void
test_el5_versions(void **state)
{
	static const char *const v[] = {
		"2.6.18", "2.6.18-53.el5", "2.6.18-53.1.4.el5", "53.el5",
		"53.1.4.el5", "3.1.2", "3.1.0", "3.1.2-1.xeninfn", "3.1.10",
		"1.0", "1.0.", "1.0a", "1.0.a", "1.00", "1.01", "1.1", "",
		"0", "00", "1", "a", "A", "el5", "el5_1", "1.fc8", "1~rc1",
		"1^post", "1~~", "1^^", "5.1", "5.10", "5.1.1",
	};
	size_t n = sizeof(v) / sizeof(v[0]);

	(void)state;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			same_as_librpm(v[i], v[j]);
	assert_true(rpm_vercmp("2.6.18-53.1.4.el5", "2.6.18-53.el5") > 0);
	assert_true(rpm_vercmp("3.1.10", "3.1.2") > 0);
	assert_int_equal(rpm_vercmp("1.01", "1.1"), 0);
}

static void
test_generated_pairs(void **state)
{
	static const char alphabet[] = "0012389abzZ.._+~^";
	char v[400][8];
	uint32_t x = 2463534242u;	/* xorshift32: any strings will do */

	(void)state;
	for (size_t i = 0; i < 400; i++) {
		size_t len;

		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		len = x % sizeof(v[i]);
		for (size_t k = 0; k < len; k++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			v[i][k] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		v[i][len] = '\0';
	}
	for (size_t i = 0; i < 400; i++)
		for (size_t j = 0; j < 400; j++)
			same_as_librpm(v[i], v[j]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_el5_versions),
		cmocka_unit_test(test_generated_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
