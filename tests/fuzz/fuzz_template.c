/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_template.c: the template language (a site template rendered with
 * the default profile; its includes reach the shipped snippets). */
#include "fuzz-builder.h"
#include "template.h"

FUZZ_TARGET(data, size)
{
	fuzz_file("fuzz.ks", data, size);
	free(template_render(fuzz_dir(), "fuzz.ks", fuzz_default_profile(),
	    NULL, 0));
	return 0;
}
