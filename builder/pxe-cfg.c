/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe-cfg.c: the pxelinux configs of a PXE tree (pxe-int.h):
 *
 *   tftp/pxelinux.cfg/default   what a machine not in the inventory gets
 *   tftp/pxelinux.cfg/local     local boot; an installed host's config
 *                               holds the same bytes
 *   tftp/pxelinux.cfg/01-<mac>  an inventory host's (pxe-host.c renders
 *                               them with pxe_render_cfg)
 */
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "pxe-int.h"

/* The variables of a pxelinux config, into px->vars (pxe-int.h). */
size_t
pxe_cfg_vars(struct pxe *px, const char *ksurl, int done,
    const char *const *host)
{
	static const char *const names[] = { "host.name", "host.mac",
	    "host.ip", "host.netmask", "host.gateway", "host.nameserver" };
	struct tvar *v = px->vars + px->nbootvars;

	v[0] = (struct tvar){ "pxe.kernel", px->kernel_rel, NULL };
	v[1] = (struct tvar){ "pxe.initrd", px->initrd_arg, NULL };
	v[2] = (struct tvar){ "pxe.ks_url", ksurl, NULL };
	v[3] = (struct tvar){ "pxe.done", done ? "yes" : "", NULL };
	for (size_t i = 0; i < 6; i++)
		v[4 + i] = (struct tvar){ names[i],
		    host && host[i] ? host[i] : "", NULL };
	return px->nbootvars + 10;
}

/* Renders a pxelinux template (pxe-int.h); caller frees. */
char *
pxe_render_cfg(struct pxe *px, const char *rel, const char *ksurl, int done,
    const char *const *host)
{
	const char *overlay = px->pl.set.kickstart.template_dir;
	size_t n = pxe_cfg_vars(px, ksurl, done, host);

	return template_render(*overlay ? overlay : NULL, rel, px->site,
	    px->vars, n);
}

/* The boot menu's variables and pxelinux.cfg/local (pxe-int.h). */
int
pxe_cfg_prepare(struct pxe *px)
{
	px->nbootvars = bootcfg_vars(px->site, px->id.title, px->id.date,
	    px->vars, &px->bootstore);
	px->local_cfg = pxe_render_cfg(px, "isolinux/pxelinux-host.cfg", "",
	    1, NULL);
	return px->local_cfg != NULL ? 0 : -1;
}

/* tftp/pxelinux.cfg/default and local (pxe-int.h). */
int
pxe_put_menus(struct pxe *px)
{
	char *ksurl = xasprintf("%s/ks/default.ks", px->http_url), *text;
	int rc = -1;

	if ((text = pxe_render_cfg(px, "isolinux/pxelinux.cfg", ksurl, 0,
	    NULL)) == NULL ||
	    pxe_put_file(px, &px->cfgdir, "default", text, strlen(text)) != 0)
		goto out;
	if (pxe_put_file(px, &px->cfgdir, "local", px->local_cfg,
	    strlen(px->local_cfg)) != 0)
		goto out;
	rc = 0;
out:
	free(ksurl);
	free(text);
	return rc;
}

/* A host's config becomes pxelinux.cfg/local's bytes (pxe-int.h). */
int
pxe_cfg_switch_local(const char *outdir, const char *mac)
{
	char *local = xasprintf("%s/tftp/pxelinux.cfg/local", outdir);
	char *rel = pxe_cfg_rel(mac), *cfg = path_join(outdir, rel);
	struct buf b = BUF_INIT;
	int rc = -1;

	free(rel);
	if (read_file(local, 64 << 10, &b) != 0)
		goto out;
	rc = write_file_atomic(cfg, b.data ? b.data : "", b.len, 0644);
out:
	buf_free(&b);
	free(cfg);
	free(local);
	return rc;
}
