/* SPDX-License-Identifier: GPL-2.0-or-later */
/* helpers.c: the builder carries two products of its own build onto the
 * media: the static xeninfn-vtcheck (into the initrd) and the
 * xeninfn-tools RPM (into the repository).  This finds them. */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xeninfn.h"
#include "helpers.h"

#ifndef XENINFN_LIBEXECDIR
#define XENINFN_LIBEXECDIR "/usr/local/libexec/xeninfn"
#endif
#ifndef XENINFN_DATADIR
#define XENINFN_DATADIR "/usr/local/share/xeninfn"
#endif

/* The directory of the running binary (caller frees), or NULL. */
static char *
exe_dir(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if ((slash = strrchr(path, '/')) == NULL)
		return NULL;
	return xstrndup(path, (size_t)(slash - path));
}

/* The newest-named xeninfn-tools-*.rpm in dir (caller frees), or NULL. */
static char *
find_tools_rpm(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *best = NULL;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, "xeninfn-tools-", 14) != 0 || n < 4 ||
		    strcmp(e->d_name + n - 4, ".rpm") != 0 ||
		    strstr(e->d_name, ".src.rpm") != NULL)
			continue;
		if (best == NULL || strverscmp(e->d_name, best) > 0) {
			free(best);
			best = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (best == NULL)
		return NULL;
	char *path = path_join(dir, best);
	free(best);
	return path;
}

/* env, else exe_dir/sub/name, else installed/name (via find when name is
 * NULL: the tools RPM). */
static char *
locate(const char *env, const char *sub, const char *name,
    const char *installed, const char *what)
{
	const char *v = getenv(env);
	char *dir, *local, *path = NULL;

	if (v != NULL && *v != '\0') {
		if (path_exists(v))
			return xstrdup(v);
		log_error("%s=%s: no such file", env, v);
		return NULL;
	}
	if ((dir = exe_dir()) != NULL) {
		local = path_join(dir, sub);
		path = name ? path_join(local, name) : find_tools_rpm(local);
		free(local);
		free(dir);
		if (path != NULL && path_exists(path))
			return path;
		free(path);
	}
	path = name ? path_join(installed, name) : find_tools_rpm(installed);
	if (path != NULL && path_exists(path))
		return path;
	free(path);
	log_error("cannot find %s: run `make` in the source tree, install "
	    "XenINFN (make install), or set %s", what, env);
	return NULL;
}

char *
helper_vtcheck_path(void)
{
	return locate("XENINFN_VTCHECK", "post-install", "xeninfn-vtcheck",
	    XENINFN_LIBEXECDIR, "xeninfn-vtcheck");
}

char *
helper_tools_rpm_path(void)
{
	return locate("XENINFN_TOOLS_RPM", "rpm", NULL,
	    XENINFN_DATADIR "/rpms", "the xeninfn-tools RPM");
}
