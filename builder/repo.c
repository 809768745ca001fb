/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * repo.c: the XenINFN yum repository on the media (and in the http/ half
 * of a PXE tree).  The packages are copied in under their canonical
 * names and the repodata is made with libcreaterepo_c in the shape yum
 * 3.0 on EL5 reads: SHA-1 checksums named "sha", gzip-compressed XML
 * (primary, filelists, other) and no sqlite databases.  With
 * SOURCE_DATE_EPOCH set, every time stamp comes from it, so two builds
 * make the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <createrepo_c/createrepo_c.h>
#include <rpm/rpmlog.h>

#include "xeninfn.h"
#include "repo.h"
#include "rpm.h"

#define REPO_MAX_PKGS	1024

/* The three metadata files yum 3.0 reads, in repomd order. */
static const struct {
	const char	*type;
	cr_XmlFileType	 xtype;
	const char	*file;
} md_files[] = {
	{ "primary", CR_XMLFILE_PRIMARY, "primary.xml.gz" },
	{ "filelists", CR_XMLFILE_FILELISTS, "filelists.xml.gz" },
	{ "other", CR_XMLFILE_OTHER, "other.xml.gz" },
};
#define NMD	(sizeof(md_files) / sizeof(md_files[0]))

/*
 * The time to stamp on the repository: SOURCE_DATE_EPOCH when it is set
 * (reproducible builds), else now.  -1 after a message when it is set
 * but not a number.
 */
static long long
repo_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (s == NULL || *s == '\0')
		return (long long)time(NULL);
	errno = 0;
	t = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || t < 0) {
		log_error("SOURCE_DATE_EPOCH=%s: not a number of seconds "
		    "(unset it or give an integer)", s);
		return -1;
	}
	return t;
}

/* "name-version-release.arch.rpm" of a package; NULL if that would not
 * be a plain file name.  The caller frees it. */
static char *
pkg_file_name(const struct rpm_pkg *p)
{
	char *name = xasprintf("%s-%s-%s.%s.rpm", p->name, p->version,
	    p->release, p->arch);

	if (strchr(name, '/') != NULL || !path_is_safe(name)) {
		log_error("%s: its name-version-release.arch (%s) is not a "
		    "plain file name (rebuild it with a sane name)", p->url,
		    name);
		free(name);
		return NULL;
	}
	return name;
}

/* Logs a createrepo_c error about what and frees it; returns -1. */
static int
cr_fail(GError *err, const char *what)
{
	log_error("%s: %s (createrepo_c)", what,
	    err != NULL ? err->message : "failed");
	if (err != NULL)
		g_error_free(err);
	return -1;
}

/*
 * Copies the packages of set into dir and reads each back with
 * createrepo_c into pkgs[i] (SHA-1 checksum, href = file name, file time
 * t).  Returns 0, or -1 after a message.
 */
static int
repo_add_packages(const char *dir, const struct rpm_set *set, long long t,
    cr_Package **pkgs)
{
	GError *err = NULL;
	char *name = NULL, *dst = NULL;
	size_t i;
	int mask, rc = -1;

	for (i = 0; i < set->n; i++) {
		if ((name = pkg_file_name(&set->pkgs[i])) == NULL)
			goto out;
		dst = path_join(dir, name);
		if (copy_file(set->pkgs[i].path, dst, 0644) == -1 ||
		    set_mtime(dst, (time_t)t) == -1)
			goto out;
		/* The intake checked the signatures; createrepo_c's own
		 * read would only warn that it has no keys. */
		mask = rpmlogSetMask(RPMLOG_UPTO(RPMLOG_ERR));
		pkgs[i] = cr_package_from_rpm(dst, CR_CHECKSUM_SHA, name,
		    NULL, 10, NULL, CR_HDRR_NONE, &err);
		rpmlogSetMask(mask);
		if (pkgs[i] == NULL) {
			cr_fail(err, dst);
			goto out;
		}
		pkgs[i]->time_file = t;
		free(name);
		free(dst);
		name = dst = NULL;
	}
	rc = 0;
 out:
	free(name);
	free(dst);
	return rc;
}

/*
 * Writes one gzip'd metadata file md_files[k] at path holding pkgs and
 * adds its record (SHA-1, time t) to md.  Returns 0, or -1 after a
 * message.
 */
static int
repo_write_md(cr_Repomd *md, size_t k, const char *path, cr_Package **pkgs,
    size_t n, long long t)
{
	GError *err = NULL;
	cr_ContentStat *stat = cr_contentstat_new(CR_CHECKSUM_SHA, &err);
	cr_XmlFile *xf = NULL;
	cr_RepomdRecord *rec = NULL;
	size_t i;
	int rc = -1;

	if (stat == NULL)
		return cr_fail(err, path);
	xf = cr_xmlfile_sopen(path, md_files[k].xtype, CR_CW_GZ_COMPRESSION,
	    stat, &err);
	if (xf == NULL || cr_xmlfile_set_num_of_pkgs(xf, n, &err) != CRE_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if (cr_xmlfile_add_pkg(xf, pkgs[i], &err) != CRE_OK)
			goto fail;
	if (cr_xmlfile_close(xf, &err) != CRE_OK) {
		xf = NULL;
		goto fail;
	}
	xf = NULL;
	rec = cr_repomd_record_new(md_files[k].type, path);
	cr_repomd_record_load_contentstat(rec, stat);
	if (cr_repomd_record_fill(rec, CR_CHECKSUM_SHA, &err) != CRE_OK)
		goto fail;
	cr_repomd_record_set_timestamp(rec, t);
	cr_repomd_set_record(md, rec);
	rec = NULL;
	rc = 0;
	goto out;
 fail:
	cr_fail(err, path);
 out:
	if (xf != NULL)
		cr_xmlfile_close(xf, NULL);
	cr_repomd_record_free(rec);
	cr_contentstat_free(stat, NULL);
	return rc;
}

/*
 * Writes the repodata of pkgs into tmp (a new directory): the metadata
 * files and repomd.xml with revision t.  Returns 0, or -1 after a
 * message.
 */
static int
repo_write_repodata(const char *tmp, cr_Package **pkgs, size_t n,
    long long t)
{
	GError *err = NULL;
	cr_Repomd *md = cr_repomd_new();
	char *path = NULL, *xml = NULL, *rev = NULL;
	size_t k;
	int rc = -1;

	for (k = 0; k < NMD; k++) {
		path = path_join(tmp, md_files[k].file);
		if (repo_write_md(md, k, path, pkgs, n, t) == -1)
			goto out;
		free(path);
		path = NULL;
	}
	rev = xasprintf("%lld", t);
	cr_repomd_set_revision(md, rev);
	cr_repomd_sort_records(md);
	if ((xml = cr_xml_dump_repomd(md, &err)) == NULL) {
		cr_fail(err, tmp);
		goto out;
	}
	path = path_join(tmp, "repomd.xml");
	if (write_file_atomic(path, xml, strlen(xml), 0644) == -1)
		goto out;
	rc = 0;
 out:
	free(path);
	free(rev);
	free(xml);
	cr_repomd_free(md);
	return rc;
}

int
repo_create(const char *dir, const struct rpm_set *set)
{
	cr_Package **pkgs = NULL;
	char *tmp = NULL, *final = NULL;
	long long t;
	size_t i;
	int rc = -1;

	if (set->n == 0 || set->n > REPO_MAX_PKGS) {
		log_error("%s: a repository of %zu packages (1 to %d)", dir,
		    set->n, REPO_MAX_PKGS);
		return -1;
	}
	if ((t = repo_time()) == -1 || mkdirs(dir, 0755) == -1)
		return -1;
	cr_xml_dump_init();
	cr_package_parser_init();
	pkgs = xcalloc(set->n, sizeof(*pkgs));
	tmp = path_join(dir, ".repodata.tmp");
	final = path_join(dir, "repodata");
	if (remove_tree(tmp) == -1 || mkdirs(tmp, 0755) == -1 ||
	    repo_add_packages(dir, set, t, pkgs) == -1 ||
	    repo_write_repodata(tmp, pkgs, set->n, t) == -1)
		goto out;
	/* Swap the whole directory, so readers never see half a repodata
	 * with the old repomd.xml. */
	if (remove_tree(final) == -1 || rename_durable(tmp, final) == -1)
		goto out;
	log_debug("%s: repository of %zu packages", dir, set->n);
	rc = 0;
 out:
	for (i = 0; i < set->n; i++)
		if (pkgs[i] != NULL)
			cr_package_free(pkgs[i]);
	free(pkgs);
	if (rc == -1 && tmp != NULL)
		remove_tree(tmp);
	free(tmp);
	free(final);
	cr_package_parser_cleanup();
	cr_xml_dump_cleanup();
	return rc;
}
