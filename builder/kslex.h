/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kslex.h: the words of a kickstart line as pykickstart 0.43 splits them
 * (Python 2.7's shlex.split: POSIX mode, no comments), and a command's
 * options as its KSOptionParser (Python's optparse) reads them, driven by
 * the option specs of ksgrammar.h.  No fixed limits: words and options are
 * as many as the line holds.
 */
#ifndef XENINFN_KSLEX_H
#define XENINFN_KSLEX_H
#include <stddef.h>

/* What a finding is: a warning, or an error of one of three classes
 * (docs/kickstart.md lists them): what pykickstart 0.43 itself rejects,
 * a documented failure of the installer after parsing, or input the
 * checker refuses to read (binary, too large). */
enum ks_class { KS_WARN, KS_PARSE, KS_INSTALL, KS_INPUT };

/* Where findings go: emit gets each one, formatted, without file:line. */
struct ks_sink {
	void	(*emit)(void *ctx, enum ks_class, const char *msg);
	void	*ctx;
};
/* Formats a finding and hands it to the sink. */
void	 ks_emitf(const struct ks_sink *, enum ks_class, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* A line split into words. */
struct kswords {
	char	**v;		/* n words, NUL-terminated each */
	size_t	  n;
	char	 *store;	/* where they live */
};
/* Splits line[0..len) as shlex.split: blanks are space, tab, CR and LF;
 * '...' is literal; "..." keeps a backslash unless it escapes \ or ";
 * outside quotes a backslash escapes the next character; '' or "" is an
 * empty word.  Returns 0, or -1 with *why set to shlex's complaint ("no
 * closing quotation", "no escaped character").  w is set either way; the
 * caller frees it with kswords_free. */
int	 kslex_split(const char *line, size_t len, struct kswords *w,
	    const char **why);
void	 kswords_free(struct kswords *);

/* 1 if s is a whole number as Python 2's int(s, radix) reads it: blanks
 * around, a sign, the radix's own prefix (0x, 0o, 0b), at least one
 * digit; else 0.  The value, when it fits a long, into *out (may be
 * NULL). */
int	 kslex_int(const char *s, int radix, long *out);
/* 1 if s is a whole number as optparse's "int" type reads it (its radix
 * from a 0x, 0b or 0 prefix, then Python 2's int()), else 0; the value,
 * when it fits a long, into *out (may be NULL). */
int	 kslex_pyint(const char *s, long *out);

/* One option given on a line: its first name in the spec, and its value
 * (NULL for a flag). */
struct ksopt {
	char		*name;
	const char	*val;
};
/* A command's arguments read against its spec. */
struct ksparsed {
	const char	**pos;		/* positional arguments */
	size_t		  npos;
	struct ksopt	 *opt;		/* options, in the order given */
	size_t		  nopt;
	int		  errors;	/* option errors found */
};
/* Reads argv[0..argc) (the words after the command or section name) as
 * optparse does against spec (ksgrammar.h's syntax): long options by
 * exact name or unambiguous prefix, "--opt=value" or "--opt value", "--"
 * ending the options.  Every problem goes to sink, naming what (the
 * command); reading goes on after one so that all are reported.  Checks
 * the values of integer and choice options and the required ones.  The
 * caller frees out with ksparsed_free. */
void	 ksopt_parse(const struct ks_sink *, const char *what,
	    const char *spec, char **argv, size_t argc, struct ksparsed *out);
void	 ksparsed_free(struct ksparsed *);
/* The value of option name in p ("" for a flag), or NULL when it was not
 * given: the last one given, as optparse's store keeps it. */
const char *ksopt_value(const struct ksparsed *, const char *name);
/* The same, the first one given (for pykickstart's callbacks that keep
 * the first value: part --onpart, raid --device). */
const char *ksopt_first(const struct ksparsed *, const char *name);
#endif
