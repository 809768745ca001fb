/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lazy.c: the heavy libraries (libcurl, libarchive, librpm, createrepo_c,
 * libxml2, libmicrohttpd), loaded the first time the builder calls one of
 * their functions.
 *
 * Why: linked the usual way they map 63 shared objects at every start,
 * 36 ms before main() runs, though most commands use one or two of them
 * and an unchanged `xeninfn pxe` re-run none.  So xeninfn is not linked
 * against them: for each function it calls (lazy.def), this file defines
 * one of the same name, with the library header's own prototype (the
 * compiler checks every line of lazy.def against it), whose first call
 * dlopen()s the library, resolves all of its functions and calls the real
 * one.  A library that cannot be loaded stops the command with the package
 * to install.  docs/performance.md ("Start-up") has the figures.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <archive.h>
#include <archive_entry.h>
#include <createrepo_c/createrepo_c.h>
#include <curl/curl.h>
#include <libxml/xmlreader.h>
#include <microhttpd.h>
#include <rpm/header.h>
#include <rpm/rpmcrypto.h>
#include <rpm/rpmds.h>
#include <rpm/rpmkeyring.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmts.h>

#include "xeninfn.h"
#include "lazy.h"
#include "paths.h"

/* createrepo_c declares these with (): the prototypes lazy.def means. */
void	cr_package_parser_init(void);
void	cr_package_parser_cleanup(void);
void	cr_xml_dump_init(void);
void	cr_xml_dump_cleanup(void);
cr_Repomd *cr_repomd_new(void);

enum lib {
#define LIB(id, soname, package)	L_##id,
#include "lazy.def"
	NLIBS
};

enum fn {
#define F0(lib, ret, name)		FN_##name,
#define FN(lib, ret, name, ...)		FN_##name,
#define FH(lib, name)			FN_##name,
#include "lazy.def"
	NFNS
};

static struct lib_state {
	const char	*soname;
	const char	*package;
	pthread_once_t	 once;
} libs[NLIBS] = {
#define LIB(id, soname, package)	{ soname, package, PTHREAD_ONCE_INIT },
#include "lazy.def"
};

static const struct {
	enum lib	 lib;
	const char	*name;
} fns[NFNS] = {
#define F0(lib, ret, name)		{ L_##lib, #name },
#define FN(lib, ret, name, ...)		{ L_##lib, #name },
#define FH(lib, name)			{ L_##lib, #name },
#include "lazy.def"
};

static void *real[NFNS];	/* set once, by the library's load() */

void *
lazy_open(const char *soname, const char *package)
{
	void *h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);

	if (h == NULL) {
		log_error("cannot load %s (needed by this command): %s; "
		    "install the %s package", soname, dlerror(), package);
		exit(1);
	}
	return h;
}

/* Loads library l and resolves every function lazy.def gives it (exits 1
 * after a message when one is missing: an older library). */
static void
load(enum lib l)
{
	void *h = lazy_open(libs[l].soname, libs[l].package);

	for (size_t i = 0; i < NFNS; i++) {
		if (fns[i].lib != l)
			continue;
		if ((real[i] = dlsym(h, fns[i].name)) == NULL) {
			log_error("%s has no %s: install a newer %s package",
			    libs[l].soname, fns[i].name, libs[l].package);
			exit(1);
		}
	}
}

/* One loader per library, for pthread_once: serve calls in from several
 * threads. */
#define LIB(id, soname, package) \
	static void load_##id(void) { load(L_##id); }
#include "lazy.def"

static void (*const loaders[NLIBS])(void) = {
#define LIB(id, soname, package)	load_##id,
#include "lazy.def"
};

/* The real function i (its library loaded on the first call). */
static void *
resolve(enum fn i)
{
	enum lib l = fns[i].lib;

	pthread_once(&libs[l].once, loaders[l]);
	return real[i];
}

/* The functions of lazy.def: parameters a1..a8 passed on as they came. */
#define P1(t1)			t1 a1
#define P2(t1, t2)		P1(t1), t2 a2
#define P3(t1, t2, t3)		P2(t1, t2), t3 a3
#define P4(t1, t2, t3, t4)	P3(t1, t2, t3), t4 a4
#define P5(t1, t2, t3, t4, t5)	P4(t1, t2, t3, t4), t5 a5
#define P6(t1, t2, t3, t4, t5, t6) P5(t1, t2, t3, t4, t5), t6 a6
#define P7(t1, t2, t3, t4, t5, t6, t7) P6(t1, t2, t3, t4, t5, t6), t7 a7
#define P8(t1, t2, t3, t4, t5, t6, t7, t8) P7(t1, t2, t3, t4, t5, t6, t7), t8 a8
#define A1 a1
#define A2 A1, a2
#define A3 A2, a3
#define A4 A3, a4
#define A5 A4, a5
#define A6 A5, a6
#define A7 A6, a7
#define A8 A7, a8
#define COUNT(...)		COUNT_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define COUNT_(a, b, c, d, e, f, g, h, n, ...) n
#define CAT(a, b)		CAT_(a, b)
#define CAT_(a, b)		a##b
#define REAL(name)		((__typeof__(name) *)resolve(FN_##name))

#define F0(lib, ret, name) \
	ret (name)(void) { return REAL(name)(); }
#define FN(lib, ret, name, ...) \
	ret (name)(CAT(P, COUNT(__VA_ARGS__))(__VA_ARGS__)) \
	{ return REAL(name)(CAT(A, COUNT(__VA_ARGS__))); }
#include "lazy.def"

/* The variadic ones.  curl_easy_setopt: the option's number says the type
 * of its argument (curl.h's CURLOPTTYPE_ ranges). */
CURLcode
(curl_easy_setopt)(CURL *h, CURLoption opt, ...)
{
	CURLcode (*real_setopt)(CURL *, CURLoption, ...) =
	    resolve(FN_curl_easy_setopt);
	CURLcode rc;
	va_list ap;

	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = real_setopt(h, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = real_setopt(h, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = real_setopt(h, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB)
		rc = real_setopt(h, opt, va_arg(ap, curl_off_t));
	else
		rc = real_setopt(h, opt, va_arg(ap, struct curl_blob *));
	va_end(ap);
	return rc;
}

/* Every CURLINFO_ takes one pointer. */
CURLcode
(curl_easy_getinfo)(CURL *h, CURLINFO info, ...)
{
	CURLcode (*real_getinfo)(CURL *, CURLINFO, ...) =
	    resolve(FN_curl_easy_getinfo);
	CURLcode rc;
	va_list ap;

	va_start(ap, info);
	rc = real_getinfo(h, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

/* libmicrohttpd's own va_list form takes the options as they came. */
struct MHD_Daemon *
MHD_start_daemon(unsigned int flags, uint16_t port,
    MHD_AcceptPolicyCallback apc, void *apc_cls, MHD_AccessHandlerCallback dh,
    void *dh_cls, ...)
{
	struct MHD_Daemon *d;
	va_list ap;

	va_start(ap, dh_cls);
	d = MHD_start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

/* libmicrohttpd (0.9.75) reads no argument after the type, for any type
 * of these two. */
const union MHD_ConnectionInfo *
MHD_get_connection_info(struct MHD_Connection *c,
    enum MHD_ConnectionInfoType type, ...)
{
	return REAL(MHD_get_connection_info)(c, type);
}

const union MHD_DaemonInfo *
MHD_get_daemon_info(struct MHD_Daemon *d, enum MHD_DaemonInfoType type, ...)
{
	return REAL(MHD_get_daemon_info)(d, type);
}

/* libxml2's xmlFree is a variable (a pointer to its free function), which
 * the builder calls through: this one calls the library's. */
static void
xml_free(void *p)
{
	xmlFreeFunc *lib_free = resolve(FN_xmlFree);

	(*lib_free)(p);
}

xmlFreeFunc xmlFree = xml_free;
