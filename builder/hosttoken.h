/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hosttoken.h: the per-host tokens of a PXE tree.  Each inventory host's
 * kickstart carries a random token of its own (pxe.host_token), with which
 * it reports its install to `xeninfn serve`; the tokens are kept in
 * OUTDIR/.xeninfn-pxe-tokens (mode 0600, outside tftp/ and http/) so that
 * a re-run of `xeninfn pxe` gives every host the token it had.  pxe-host.c
 * puts a host's token in its own values (host_values).
 */
#ifndef XENINFN_HOSTTOKEN_H
#define XENINFN_HOSTTOKEN_H
#include <stddef.h>

struct inventory;
struct profile;

#define HOST_TOKENS_FILE	".xeninfn-pxe-tokens"
#define HOST_TOKEN_LEN		32	/* hex digits: 128 random bits */

struct host_tokens;

/*
 * The tokens of the tree at outdir: a missing file is an empty set.
 * Returns the set (caller frees with host_tokens_free) or NULL after a
 * message naming the file.
 */
struct host_tokens *host_tokens_load(const char *outdir);
/*
 * For `xeninfn pxe`: the tree's tokens when profile p reports installs to
 * serve (pxe.serve_url set), into *out; *out is NULL when it does not.
 * Returns 0, or -1 after a message.
 */
int	 host_tokens_for_pxe(const struct profile *p, const char *outdir,
	    struct host_tokens **out);
/* Host name's token (case-insensitive), or NULL if it has none.  The
 * string belongs to the set. */
const char *host_tokens_find(const struct host_tokens *, const char *name);
/* Host name's token, made (from getrandom) if it has none yet.  The
 * string belongs to the set; NULL only when no random bytes could be had
 * (after a message). */
const char *host_tokens_get(struct host_tokens *, const char *name);
/*
 * Writes the tokens of the hosts of inv (NULL: none) to the tree,
 * atomically and mode 0600, when one was made or one of a host no longer
 * listed is dropped; otherwise leaves the file alone.  Returns 0, or -1
 * after a message.
 */
int	 host_tokens_save(struct host_tokens *, const struct inventory *inv);
void	 host_tokens_free(struct host_tokens *);
/* 1 if a and b are the same token, compared in constant time. */
int	 host_token_equal(const char *a, const char *b);
#endif
