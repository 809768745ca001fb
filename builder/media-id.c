/* SPDX-License-Identifier: GPL-2.0-or-later */
/* media-id.c: the identity of one build (ISO name, volume id, title,
 * date), which the ISO and the PXE tree agree on. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xeninfn.h"
#include "media-id.h"
#include "settings.h"

int
media_id_init(struct media_id *id, const struct settings *s)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	const char *name = s->product.name;
	const char *ver = s->product.version;
	const char *rel = s->tree.release;
	const char *xen = s->xen.version;
	char date[64];
	struct tm tm;
	char *end;

	memset(id, 0, sizeof(*id));
	if (sde != NULL && *sde != '\0') {
		unsigned long long v = strtoull(sde, &end, 10);
		if (*end != '\0' || !isdigit((unsigned char)*sde) ||
		    v > 253402300799ULL) {
			log_error("SOURCE_DATE_EPOCH=%s: expected seconds since "
			    "1970 (e.g. `git log -1 --format=%%ct`)", sde);
			return -1;
		}
		id->epoch = (time_t)v;
		id->reproducible = 1;
	} else
		id->epoch = time(NULL);
	gmtime_r(&id->epoch, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", &tm);
	id->date = xstrdup(date);
	id->iso_name = xasprintf("%s-%s-SL%s-%s-xen%s.iso", name, ver, rel,
	    s->tree.arch, xen);
	/* ISO 9660 volume ids hold 32 characters: drop the product's own
	 * version first, it is in the file name and in boot.msg. */
	id->label = xasprintf("%s-%s-SL%s-Xen%s", name, ver, rel, xen);
	if (strlen(id->label) > 32) {
		free(id->label);
		id->label = xasprintf("%s-SL%s-Xen%s", name, rel, xen);
	}
	if (strlen(id->label) > 32)
		id->label[32] = '\0';
	id->title = xasprintf("%s %s: %s %s %s + Xen %s", name, ver,
	    s->tree.family, rel, s->tree.arch, xen);
	return 0;
}

void
media_id_free(struct media_id *id)
{
	free(id->iso_name);
	free(id->label);
	free(id->title);
	free(id->date);
}
