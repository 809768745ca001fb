/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxe-state.h: the state of a PXE tree (pxe-state.c), kept in OUTDIR
 * beside tftp/ and http/:
 *
 *   .xeninfn-pxe-manifest   what pxe wrote: "ident NAME ID" and "deps
 *                           KEY" lines (what the run's host files were
 *                           made from and the identity of their
 *                           directories after it), "file REL" and "dir
 *                           REL" lines, then per host "host NAME MAC"
 *                           and "sums NAME KS CFG" (the records of its
 *                           two files); written durably, last, after
 *                           one syncfs of the tree
 *   .xeninfn-pxe-done       the hosts switched to local boot, one a line
 *   .xeninfn-pxe-lock       taken by every writer of the tree
 *
 * Nothing here renders or knows a template: the state is read before a
 * run, consulted host by host, and written after it.
 */
#ifndef XENINFN_PXE_STATE_H
#define XENINFN_PXE_STATE_H
#include <stddef.h>
#include <stdint.h>

struct inventory;

/* The record of one host file: the key of what made it (0: none
 * recorded) and the file as written (size, inode, mtime). */
struct frec {
	uint64_t	 key;
	long long	 size, ino, mtime_ns;
};

/* The record of a file of the fixed part of the tree (REL under OUTDIR):
 * its key is the identity of what it was made from. */
struct fixed_rec {
	char		*rel;
	struct frec	 r;
};

/* The identity of a file or directory as stat gives it, recorded by a
 * run and compared by the next (docs/pxe.md, "Re-runs"): all zero for a
 * file that is missing; set 0 when none is recorded (check it). */
struct pxe_ident {
	long long	 dev, ino, size, mtime_ns, ctime_ns;
	int		 set;
};

/* What a manifest records identities of ("ident NAME ID" lines). */
enum pxe_id {
	PXE_ID_INVENTORY,	/* the --hosts file */
	PXE_ID_DONE,		/* .xeninfn-pxe-done */
	PXE_ID_TOKENS,		/* .xeninfn-pxe-tokens */
	PXE_ID_KSDIR,		/* http/ks */
	PXE_ID_CFGDIR,		/* tftp/pxelinux.cfg */
	PXE_NIDS
};

/* A host of the previous run, from its manifest. */
struct old_host {
	char		*name, *mac;
	struct frec	 ks, cfg;
};

/* What a tree's state files hold; zero it before reading. */
struct pxe_state {
	char		**done;		/* sorted, lower case */
	size_t		  ndone;
	char		**old_files;	/* "file REL", "dir REL" */
	size_t		  nold_files;
	struct old_host	 *old_hosts;
	size_t		  nold_hosts;
	struct old_host	**old_by_name;	/* sorted by name, when first
					   needed (pxe_old_host) */
	struct fixed_rec *old_fixed;	/* "fsum REL ..." lines */
	size_t		  nold_fixed;
	struct pxe_ident  ids[PXE_NIDS];	/* "ident" lines */
	uint64_t	  deps;		/* "deps KEY": 0 none */
	size_t		  hosts_off;	/* where the host lines start */
	int		  keep_hosts;	/* writing: copy the old manifest's
					   host lines from hosts_off */
	char		 *text;		/* the manifest read: host names and
					   MACs point into it */
};

/*
 * Reads OUTDIR's manifest into st, in one read, parsed in place; with
 * head, only what comes before its host lines (the "ident", "deps",
 * "file", "dir" and "fsum" lines).  A missing manifest is an empty one, a
 * file that is not one of pxe's is refused.  Lines that name anything
 * outside tftp/ or http/, or a malformed host, are dropped.  Returns 0,
 * or -1 after a message.
 */
int	 pxe_manifest_read(const char *outdir, struct pxe_state *st,
	    int head);
/*
 * Writes OUTDIR's manifest durably, in one pass through a buffer: the
 * "ident" and "deps" lines of now, the nfixed lines of fixed, an "fsum
 * REL RECORD" line for each of the nfrecs records of frecs, then a "host"
 * line per host of inv (NULL: none) and, when recs is set (2 per host:
 * kickstart, config), its "sums" line; with now->keep_hosts instead, the
 * host lines of the manifest there now, from now->hosts_off on, byte for
 * byte.  Returns 0, or -1 after a message.
 */
int	 pxe_manifest_write(const char *outdir, const struct pxe_state *now,
	    char *const *fixed, size_t nfixed, const struct fixed_rec *frecs,
	    size_t nfrecs, const struct inventory *inv,
	    const struct frec *recs);
/* The identity the manifest of OUTDIR records for which into id (unset
 * when it records none, or there is no manifest that can be read); no
 * message. */
void	 pxe_manifest_ident(const char *outdir, enum pxe_id which,
	    struct pxe_ident *id);
/* The identity of path (relative to dirfd, or AT_FDCWD), or of the
 * directory open as fd when path is NULL, into id: all zero when it is
 * missing, unset (set 0) when it cannot be stat'ed or when its mtime is
 * not older than the clock's current tick (a change later in that tick
 * could leave the same mtime: the next run must check it). */
void	 pxe_ident_take(int fd, const char *path, struct pxe_ident *id);
/* 1 if a and b are both set and the same identity. */
int	 pxe_ident_same(const struct pxe_ident *a, const struct pxe_ident *b);
/* Waits, for at most a few clock ticks, until the clock's tick is past
 * the mtime of the directory open as fd (pxe_ident_take then records it
 * as settled). */
void	 pxe_ident_settle(int fd);
/* The previous run's record of the fixed file rel, or NULL. */
const struct frec *pxe_old_fixed(const struct pxe_state *st,
	    const char *rel);
/* Reads the list of installed hosts into st.  Returns 0 or -1. */
int	 pxe_done_read(const char *outdir, struct pxe_state *st);
/* Writes st's list of installed hosts durably.  Returns 0 or -1. */
int	 pxe_done_write(const char *outdir, const struct pxe_state *st);
/* Adds host (done != 0) to st's list of installed hosts, or takes it
 * out, keeping the list sorted and lower case. */
void	 pxe_done_set(struct pxe_state *st, const char *host, int done);
/* 1 if host name (any case) is in st's list of installed hosts. */
int	 pxe_is_done(const struct pxe_state *st, const char *name);
/* The previous run's record of host name, or NULL; hint: where it was in
 * the manifest if the inventory kept its order (tried first). */
const struct old_host *pxe_old_host(struct pxe_state *st, size_t hint,
	    const char *name);
/* Frees what st holds (not st) and zeroes it. */
void	 pxe_state_free(struct pxe_state *st);

/* The pxelinux config of the host with MAC mac (aa:bb:cc:dd:ee:ff),
 * relative to OUTDIR: "tftp/pxelinux.cfg/01-aa-bb-cc-dd-ee-ff".  The
 * caller frees it. */
char	*pxe_cfg_rel(const char *mac);
/* The same for a caller's buffer of PXE_CFG_NAME_MAX bytes, without the
 * directory: "01-aa-bb-cc-dd-ee-ff". */
#define PXE_CFG_NAME_MAX	24
void	 pxe_cfg_name(const char *mac, char *name);
/* Records in rec (unless NULL) the size, inode and mtime of the file st
 * describes; its key stays. */
struct stat;
void	 pxe_frec_set(struct frec *rec, const struct stat *st);
/* 1 if name, in the directory open as dirfd, is still the file old
 * recorded for key (then rec is filled from it): same key, and lstat
 * gives the size, inode and mtime written.  Reads nothing of the file. */
int	 pxe_frec_still(int dirfd, const char *name, uint64_t key,
	    const struct frec *old, struct frec *rec);
/*
 * Removes what the previous run (st) wrote and this one does not: its
 * "file"/"dir" entries that are not among the nfixed lines of fixed, and
 * the kickstarts and configs of hosts no longer in inv (NULL: none).
 * Files pxe never listed stay.  Returns the number removed.
 */
size_t	 pxe_remove_stale(const char *outdir, const struct pxe_state *st,
	    char *const *fixed, size_t nfixed, const struct inventory *inv);
/* Takes OUTDIR's lock, waiting for another writer: a run of pxe and a
 * --done take turns.  Returns the descriptor to close, or -1 after a
 * message. */
int	 pxe_lock_tree(const char *outdir);
/* One syncfs of the file system holding outdir: makes every file written
 * without an fsync durable before the manifest is.  Returns 0 or -1. */
int	 pxe_sync_outdir(const char *outdir);
#endif
