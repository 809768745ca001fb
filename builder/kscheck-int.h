/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kscheck-int.h: what the parts of the kickstart checker share: the state
 * of one check (kscheck.c walks the lines and sections), the rules of the
 * commands and %packages lines (ksrules.c), and the files a %pre writes
 * for an %include (kspre.c).
 */
#ifndef XENINFN_KSCHECK_INT_H
#define XENINFN_KSCHECK_INT_H
#include <stddef.h>

#include "kickstart.h"
#include "ksgrammar.h"
#include "kslex.h"

/* A list of names, each with the line that gave it. */
struct ks_names {
	char	**v;
	int	 *line;
	size_t	  n;
};

/* What one way through the command section has defined so far: the
 * commands seen and the names the partitioning commands define, in order
 * (anaconda 11.1 checks each reference against what came before). */
struct ks_scope {
	struct ks_names	 cmds;		/* command names seen */
	struct ks_names	 pvs;		/* pv.NAME of part and raid */
	struct ks_names	 raids;		/* raid.NAME of part */
	struct ks_names	 raid_used;	/* raid.NAME taken by a raid */
	struct ks_names	 vgs;		/* volgroup names */
	struct ks_names	 vg_pesize;	/* "VG PESIZE" of each volgroup */
	struct ks_names	 lvs;		/* "VG/NAME" of logvols */
	struct ks_names	 onparts;	/* part --onpart values */
	struct ks_names	 mpath_devs;	/* multipath --device values */
	int		 upgrade;	/* an upgrade command came */
};

/* A file a %pre writes, and what it writes. */
struct ks_written {
	char	*path;
	char	*body;
	int	 line;		/* of the body's first line */
};

/* One check of one kickstart. */
struct ks {
	const char		*name;
	struct ks_report	*rep;
	struct ks_sink		 sink;		/* prints at name:line */
	int			 line;		/* the line being read */
	struct ks_scope		 sc;
	struct ks_written	*writes;
	size_t			 nwrites;
	int			 unresolved;	/* %includes not checked */
	int			 ignoremissing;	/* %packages --ignoremissing */
};

/* Prints a finding at the current line and counts it. */
void	 ks_finding(struct ks *, enum ks_class, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* ksrules.c */
/* Checks one line of the command section, split into words (argc > 0). */
void	 ksrules_command(struct ks *, char **argv, size_t argc);
/* Checks one %packages line (trimmed, not a comment). */
void	 ksrules_package(struct ks *, const char *text);
/* After the whole file: the commands an unattended install needs. */
void	 ksrules_required(struct ks *);
/* 1 if the scope has seen the command. */
int	 ks_seen(const struct ks_scope *, const char *cmd);
/* Scopes: a deep copy (caller frees with ks_scope_free), the union of
 * what src saw into dst, and freeing. */
void	 ks_scope_copy(struct ks_scope *dst, const struct ks_scope *src);
void	 ks_scope_union(struct ks_scope *dst, const struct ks_scope *src);
void	 ks_scope_free(struct ks_scope *);

/* kspre.c */
/* The files the %pre sections of text[0..len) write with `cat >FILE
 * <<WORD` here-documents or one-line `echo "..." >FILE`, in order (one
 * file may be written several ways).  Returns how many; *out (caller
 * frees with kspre_free) gets them. */
size_t	 kspre_collect(const char *text, size_t len, struct ks_written **out);
void	 kspre_free(struct ks_written *, size_t);
#endif
