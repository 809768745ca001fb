/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.c: every message the builder prints goes through here, on stderr,
 * prefixed with the program name so that it reads well inside CI logs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xeninfn.h"

static const char *progname = "xeninfn";
static char command_prefix[64];		/* "xeninfn build" */
static int verbosity;

void
log_init(const char *prog)
{
	const char *slash = strrchr(prog, '/');

	progname = slash ? slash + 1 : prog;
}

/* From here on every message starts with "PROG CMD:", as GNU tools with
 * subcommands do (`git commit`, `ip link`). */
void
log_set_command(const char *cmd)
{
	snprintf(command_prefix, sizeof(command_prefix), "%s %s", progname,
	    cmd);
	progname = command_prefix;
}

/* The name messages start with: "xeninfn" or "xeninfn build".  Static. */
const char *
log_progname(void)
{
	return progname;
}

void
log_set_verbosity(int level)
{
	verbosity = level;
}

int
log_verbosity(void)
{
	return verbosity;
}

static void
vlog(const char *kind, const char *fmt, va_list ap, const char *suffix)
{
	fprintf(stderr, "%s: %s", progname, kind);
	vfprintf(stderr, fmt, ap);
	if (suffix != NULL)
		fprintf(stderr, ": %s", suffix);
	fputc('\n', stderr);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (verbosity < 0)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap, NULL);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error: ", fmt, ap, NULL);
	va_end(ap);
}

/* A usage error: the message, then where the help is, as GNU tools say it.
 */
void
log_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("", fmt, ap, NULL);
	va_end(ap);
	log_try_help();
}

/* The line that follows every usage error. */
void
log_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
}

void
log_errno(const char *fmt, ...)
{
	va_list ap;
	const char *why = strerror(errno);

	va_start(ap, fmt);
	vlog("error: ", fmt, ap, why);
	va_end(ap);
}
