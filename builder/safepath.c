/* SPDX-License-Identifier: GPL-2.0-or-later */
/* safepath.c: a path that comes from input (a template include, a file
 * named in .treeinfo, a host name) is joined to its directory only when it
 * cannot climb out of it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"

#define SAFE_PATH_MAX	1024

int
path_is_safe(const char *rel)
{
	const char *p = rel, *slash;
	size_t len;

	if (rel == NULL || *rel == '\0' || *rel == '/' ||
	    strlen(rel) > SAFE_PATH_MAX)
		return 0;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	/* every component, the one after a trailing "/" too */
	for (p = rel;; p = slash + 1) {
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (slash == NULL)
			break;
	}
	return 1;
}

int
path_is_component(const char *name)
{
	return path_is_safe(name) && strchr(name, '/') == NULL &&
	    strlen(name) <= 255;
}

char *
path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir);

	while (dl > 0 && dir[dl - 1] == '/')	/* "/" + "x": "/x" */
		dl--;
	return xasprintf("%.*s/%s", (int)dl, dir, name);
}

char *
path_under(const char *dir, const char *rel)
{
	if (!path_is_safe(rel)) {
		errno = EINVAL;
		return NULL;
	}
	return path_join(dir, rel);
}

int
path_inside(const char *dir, const char *path)
{
	char *d = realpath(dir, NULL), *p = realpath(path, NULL);
	size_t n = d ? strlen(d) : 0;
	int ok = d != NULL && p != NULL && strncmp(p, d, n) == 0 &&
	    (p[n] == '/' || (n == 1 && d[0] == '/'));

	free(d);
	free(p);
	return ok;
}
