/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksgrammar.h: the kickstart grammar of RHEL 5.1 (pykickstart 0.43's
 * KickstartHandlers, as anaconda 11.1.2 reads it), as data for kslex.c and
 * ksrules.c.
 *
 * Each command's options are one string of words separated by blanks:
 *   --name[/--alias...][=|=a|b|c|#][*][!]
 * "=" takes a value, "=a|b|c" one of those values ("=~a|b" ignoring case),
 * "#" a whole number, "*" marks a required option and "!" a deprecated one
 * (anaconda 11.1 accepts it, with a warning).  Options are matched as
 * Python's optparse matches them: exactly, or by an unambiguous prefix.
 */
#ifndef XENINFN_KSGRAMMAR_H
#define XENINFN_KSGRAMMAR_H

#define KC_MULTI	0x01	/* may appear more than once */
#define KC_DEPRECATED	0x02	/* accepted with a warning */
#define KC_FREEFORM	0x04	/* arguments are authconfig's own */
#define KC_EXTRA_WARN	0x08	/* arguments past maxargs are ignored (the
				   handler never looks at them): a warning */
#define KC_RAW		0x10	/* no option parser: every word, "--x"
				   too, is an argument */

struct kscmd {
	const char	*name;
	const char	*alias;		/* another name, or NULL */
	int		 flags;
	int		 minargs;	/* positional arguments */
	int		 maxargs;	/* -1: any number */
	const char	*opts;
	const char	*oneof;		/* "--a|--b": exactly one, or NULL */
};

/* The command called name (or by its alias), or NULL. */
const struct kscmd *ksgrammar_command(const char *name);
/* When a command anaconda 11.1 does not know came later: a note saying
 * when ("Fedora 10 / RHEL 6"), else NULL. */
const char	*ksgrammar_later_command(const char *name);
/* The same for an option of a known command ("bootloader", "--hvargs"). */
const char	*ksgrammar_later_option(const char *cmd, const char *opt);
/* The option spec of a section header ("%pre", "%post", "%traceback",
 * "%packages"), or NULL when anaconda 11.1 has no such section. */
const char	*ksgrammar_section(const char *name);
#endif
