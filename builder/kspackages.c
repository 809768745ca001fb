/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kspackages.c: every package and @group a kickstart's %packages names
 * must exist in the install tree's repodata or in the XenINFN repository:
 * a missing one stops the build here instead of the install halfway.
 */
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "tree.h"
#include "rpm.h"

/* 1 if name is in the NULL-terminated list v (a linear scan: the lists
 * are a few thousand names, the kickstart names a dozen). */
static int
strv_has(char *const *v, const char *name)
{
	for (; v != NULL && *v != NULL; v++)
		if (strcmp(*v, name) == 0)
			return 1;
	return 0;
}

/* 1 if name is a package of the XenINFN repository: the RPMs the build
 * carries, and the names that repository always holds. */
static int
in_xeninfn_repo(const char *name, const struct rpm_set *rpms)
{
	static const char *const always[] = { "xen", "xen-libs", "xen-devel",
	    "xeninfn-tools", NULL };

	if (strv_has((char *const *)always, name))
		return 1;
	for (size_t i = 0; rpms != NULL && i < rpms->n; i++)
		if (rpms->pkgs[i].name != NULL &&
		    strcmp(rpms->pkgs[i].name, name) == 0)
			return 1;
	return 0;
}

/* 1 if the package pattern has shell glob characters: yum expands them,
 * so they name no single package to look up. */
static int
is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

int
kickstart_check_packages(const char *text, struct tree *tree,
    struct fetcher *f, const struct rpm_set *rpms)
{
	char **entries = kickstart_packages(text), **names = NULL;
	char **groups = NULL;
	int missing = 0;

	if (tree_packages(tree, f, &names, &groups) != 0) {
		missing = 1;
		goto out;
	}
	for (char **e = entries; *e != NULL; e++) {
		const char *name = **e == '-' ? *e + 1 : *e;

		if (**e == '@') {
			if (!strv_has(groups, *e + 1)) {
				log_error("ks.cfg %%packages: group %s is not "
				    "in the comps of %s: the install would stop "
				    "there; fix the name or the tree", *e,
				    tree->url);
				missing++;
			}
			continue;
		}
		/* An exclusion of an absent package is harmless. */
		if (**e == '-' || is_glob(name))
			continue;
		if (!strv_has(names, name) && !in_xeninfn_repo(name, rpms)) {
			log_error("ks.cfg %%packages: package %s is neither in "
			    "%s nor in the XenINFN repository: the install "
			    "would stop there; fix the name or the tree", name,
			    tree->url);
			missing++;
		}
	}
out:
	strv_free(entries);
	strv_free(names);
	strv_free(groups);
	return missing ? -1 : 0;
}
