/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_template.c: the template language (a site template rendered with
 * the default profile; its includes reach the shipped snippets). */
#include "xeninfn.h"
#include "template.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct profile *p;

	log_set_verbosity(-1);
	if (p == NULL && (p = profile_load(NULL, NULL, 0)) == NULL)
		abort();
	fuzz_file("fuzz.ks", data, size);
	free(template_render(fuzz_dir(), "fuzz.ks", p, NULL, 0));
	return 0;
}
