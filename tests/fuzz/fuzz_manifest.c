/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_manifest.c: the PXE tree's manifest reader (pxe_manifest_read of
 * OUTDIR/.xeninfn-pxe-manifest), whole and its head alone. */
#include "fuzz-builder.h"
#include "pxe.h"
#include "pxe-state.h"

FUZZ_TARGET(data, size)
{
	struct pxe_state st;

	fuzz_file(PXE_MANIFEST, data, size);
	for (int head = 0; head < 2; head++) {
		memset(&st, 0, sizeof(st));
		pxe_manifest_read(fuzz_dir(), &st, head);
		for (size_t i = 0; i < st.nold_hosts; i++)
			if (pxe_old_host(&st, st.nold_hosts - 1 - i,
			    st.old_hosts[i].name) == NULL)
				abort();
		pxe_state_free(&st);
	}
	return 0;
}
