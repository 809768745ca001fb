/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_rpm.c: the RPM header reader (rpm_inspect: librpm reads the
 * package, then the checks of its header as for a Xen package taken
 * unsigned).  It is static in rpm.c, which is compiled in here; the
 * library's rpm.o is never linked. */
#include "rpm.c"
#include "fuzz-builder.h"

FUZZ_TARGET(data, size)
{
	static struct intake in;
	struct rpm_pkg pkg;

	if (in.ts == NULL) {
		if (rpm_lib_init() != 0)
			abort();
		in.ts = rpmtsCreate();
		in.allow_unsigned = 1;
		in.version = "3.1.2";
	}
	memset(&pkg, 0, sizeof(pkg));
	rpm_inspect(&in, fuzz_file("fuzz.rpm", data, size), "fuzz.rpm", 1,
	    &pkg);
	rpm_pkg_clear(&pkg);
	return 0;
}
