/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kspackages.c: every package and @group a kickstart's %packages names
 * must exist in the install tree's repodata or in the XenINFN repository:
 * a missing one stops the build here instead of the install halfway
 * (with %packages --ignoremissing anaconda skips it: a warning).
 */
#include <string.h>

#include "xeninfn.h"
#include "kickstart.h"
#include "kslex.h"
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

/* 1 if the last %packages header of text has --ignoremissing (or an
 * unambiguous prefix of it): anaconda 11.1 then skips what is missing
 * instead of stopping. */
static int
ignores_missing(const char *text)
{
	int ignore = 0;

	for (const char *l = text; *l != '\0'; l += strcspn(l, "\n") +
	    (l[strcspn(l, "\n")] == '\n')) {
		const char *t = l + strspn(l, " \t"), *why;
		size_t len = strcspn(t, "\n");
		struct kswords w;

		if (strncmp(t, "%packages", 9) != 0 || (len > 9 &&
		    strchr(" \t\r", t[9]) == NULL))
			continue;
		ignore = 0;
		if (kslex_split(t, len, &w, &why) == 0)
			for (size_t i = 1; i < w.n; i++)
				ignore |= strlen(w.v[i]) >= 9 && strncmp(w.v[i],
				    "--ignoremissing", strlen(w.v[i])) == 0;
		kswords_free(&w);
	}
	return ignore;
}

int
kickstart_check_packages(const char *text, struct tree *tree,
    struct fetcher *f, const struct rpm_set *rpms)
{
	char **entries = kickstart_packages(text), **names = NULL;
	char **groups = NULL;
	int missing = 0, ignore = ignores_missing(text);
	void (*report)(const char *, ...) = ignore ? log_warn : log_error;
	const char *what = ignore ? "--ignoremissing skips it" :
	    "the install would stop there";

	if (tree_packages(tree, f, &names, &groups) != 0) {
		missing = 1;
		goto out;
	}
	for (char **e = entries; *e != NULL; e++) {
		/* "@ base" and "- foo" name base and foo, as pykickstart 0.43
		 * strips the blanks after the sign */
		const char *name = **e == '-' || **e == '@' ?
		    *e + 1 + strspn(*e + 1, " \t") : *e;

		if (**e == '@') {
			if (!strv_has(groups, name)) {
				report("ks.cfg %%packages: group %s is not in "
				    "the comps of %s: %s; fix the name or the "
				    "tree", *e, tree->url, what);
				missing += !ignore;
			}
			continue;
		}
		/* An exclusion of an absent package is harmless. */
		if (**e == '-' || is_glob(name))
			continue;
		if (!strv_has(names, name) && !in_xeninfn_repo(name, rpms)) {
			report("ks.cfg %%packages: package %s is neither in %s "
			    "nor in the XenINFN repository: %s; fix the name or "
			    "the tree", name, tree->url, what);
			missing += !ignore;
		}
	}
out:
	strv_free(entries);
	strv_free(names);
	strv_free(groups);
	return missing ? -1 : 0;
}
