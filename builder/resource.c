/* SPDX-License-Identifier: GPL-2.0-or-later */
/* resource.c: templates, boot menus and the default profile are carried
 * inside the binary; a site directory may shadow any of them file by file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "embedded.h"

#define RESOURCE_MAX	(1024 * 1024)

int
resource_read(const char *overlay, const char *rel, struct buf *out)
{
	char *path;
	int rc;

	if (!path_is_safe(rel))
		return -1;
	if (overlay != NULL && *overlay != '\0') {
		path = path_join(overlay, rel);
		if (access(path, F_OK) == 0) {
			/* a link that leads out is not followed */
			if (!path_inside(overlay, path)) {
				log_error("%s: leads out of the site template "
				    "directory %s (a link?): copy the file "
				    "into it instead", path, overlay);
				free(path);
				return -2;
			}
			rc = read_file(path, RESOURCE_MAX, out) == 0 ? 0 : -2;
			free(path);
			return rc;
		}
		free(path);
	}
	for (unsigned long i = 0; i < embedded_count; i++)
		if (strcmp(embedded_files[i].path, rel) == 0) {
			buf_add(out, embedded_files[i].data,
			    embedded_files[i].len);
			return 0;
		}
	return -1;
}
