/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bootcfg.c: isolinux.cfg and boot.msg.  The menu lives in a template
 * (isolinux/isolinux.cfg) that a site may shadow; this file computes what
 * the template cannot: syslinux's units and the kernel command line. */
#include <stdlib.h>
#include <string.h>

#include "xeninfn.h"
#include "bootcfg.h"
#include "settings.h"

/* The kernel command line of the boot settings (caller frees). */
static char *
kernel_args(const struct boot_settings *bs)
{
	const char *console = bs->console, *extra = bs->extra_args;
	struct buf b = BUF_INIT;

	/* The last console= is /dev/console: the serial one, so the
	 * installer's messages reach a serial-over-LAN session. */
	if (*console != '\0')
		buf_printf(&b, "console=tty0 console=%s%s", console,
		    strchr(console, ',') ? "" : ",115200");
	if (*extra != '\0')
		buf_printf(&b, "%s%s", b.len ? " " : "", extra);
	return buf_release(&b);
}

char *
bootcfg_kernel_args(const struct profile *p)
{
	struct settings s;

	settings_of(p, &s);
	return kernel_args(&s.boot);
}

/* syslinux's "serial PORT BAUD" for a console such as ttyS1,9600, or "". */
static char *
serial_directive(const char *console)
{
	const char *comma;
	long port, baud = 115200;

	if (strncmp(console, "ttyS", 4) != 0)
		return xstrdup("");
	port = strtol(console + 4, NULL, 10);
	if ((comma = strchr(console, ',')) != NULL)
		baud = strtol(comma + 1, NULL, 10);
	if (port < 0 || port > 3 || baud <= 0)
		return xstrdup("");
	return xasprintf("serial %ld %ld", port, baud);
}

size_t
bootcfg_vars(const struct profile *p, const char *label, const char *date,
    struct tvar *vars, struct bootcfg_store *st)
{
	struct settings s;
	long timeout;
	size_t n = 0;

	settings_of(p, &s);
	timeout = s.boot.timeout;
	memset(st, 0, sizeof(*st));
	st->s[0] = kernel_args(&s.boot);
	st->s[1] = serial_directive(s.boot.console);
	/* syslinux counts tenths of a second and takes 0 as "wait for
	 * ever": a timeout of 0 seconds boots the default at once, with
	 * no menu at all. */
	st->s[2] = xasprintf("%ld", timeout * 10);
	st->s[3] = xstrdup(timeout > 0 ? "yes" : "");
	st->s[4] = xstrdup(label);
	st->s[5] = xstrdup(date);
	vars[n++] = (struct tvar){ "boot.kernel_args", st->s[0], NULL };
	vars[n++] = (struct tvar){ "boot.serial", st->s[1], NULL };
	vars[n++] = (struct tvar){ "boot.timeout_ds", st->s[2], NULL };
	vars[n++] = (struct tvar){ "boot.menu", st->s[3], NULL };
	vars[n++] = (struct tvar){ "media.label", st->s[4], NULL };
	vars[n++] = (struct tvar){ "build.date", st->s[5], NULL };
	return n;
}

void
bootcfg_vars_free(struct bootcfg_store *st)
{
	for (size_t i = 0; i < BOOTCFG_NVARS; i++)
		free(st->s[i]);
}

/* Renders template rel into dir/name.  0 or -1 (logged). */
static int
render_to(const struct profile *p, const char *rel, const char *dir,
    const char *name, const struct tvar *vars, size_t n)
{
	struct settings s;
	char *text, *path;
	int rc;

	settings_of(p, &s);
	if ((text = template_render(s.kickstart.template_dir, rel, p, vars,
	    n)) == NULL)
		return -1;
	path = path_join(dir, name);
	rc = write_file_atomic(path, text, strlen(text), 0644);
	free(path);
	free(text);
	return rc;
}

int
bootcfg_write_isolinux(const struct profile *p, const char *dir,
    const char *label, const char *date)
{
	struct tvar vars[BOOTCFG_NVARS];
	struct bootcfg_store st;
	size_t n = bootcfg_vars(p, label, date, vars, &st);
	int rc;

	rc = render_to(p, "isolinux/isolinux.cfg", dir, "isolinux.cfg", vars,
	    n);
	if (rc == 0)
		rc = render_to(p, "isolinux/boot.msg", dir, "boot.msg", vars,
		    n);
	bootcfg_vars_free(&st);
	return rc;
}
