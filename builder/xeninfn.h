/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xeninfn.h: the shared core of the builder: logging, allocation, running
 * programs without a shell, atomic files, safe paths, digests, the profile
 * and the embedded resources, and lib/'s headers (buffers, string vectors,
 * validation, JSON strings), which the builder shares with the helpers.
 * Each larger stage of the pipeline (fetch, tree, template, kickstart,
 * rpm, repo, iso, pxe, ...) has a header of its own next to its .c file.
 */
#ifndef XENINFN_H
#define XENINFN_H

#include <sys/types.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#define EXIT_WORK	1	/* the work failed; a message says why */
#define EXIT_USAGE	2	/* the command line was wrong */

#define XENINFN_PRODUCT	"XenINFN"

/* ---- log.c: messages on stderr, prefixed with the program name ---- */
void	 log_init(const char *prog);
void	 log_set_command(const char *cmd);	/* "xeninfn CMD: ..." */
const char *log_progname(void);
void	 log_set_verbosity(int level);	/* -1 quiet, 0 normal, 1 verbose */
int	 log_verbosity(void);
void	 log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A command-line mistake: the message and "Try 'xeninfn CMD --help'...". */
void	 log_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_try_help(void);	/* only the "Try ..." line */
/* The nearest of several names to one typed wrong, for "did you mean":
 * suggest_init, suggest_try for each candidate, then .best (NULL: none
 * near enough).  Nothing to free. */
struct suggest {
	const char	*typed;
	const char	*best;
	size_t		 dist;
};
void	 suggest_init(struct suggest *, const char *typed);
int	 suggest_try(struct suggest *, const char *candidate);	/* 1: best */
/* log_error with ": strerror(errno)" appended. */
void	 log_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- lib/: buf.h (growable buffers), fsio.h (fd_read_all,
 * fd_write_all, path_exists, sync_parent), strv.h (string vectors, array
 * growth), valid.h (value shapes), json.h (JSON strings).  In the
 * builder none of them fails for memory: lib_oom (xalloc.c) exits. ---- */
#include "buf.h"
#include "fsio.h"
#include "json.h"
#include "strv.h"
#include "valid.h"

/* ---- xalloc.c: allocation that exits with a message instead of
 * returning NULL ---- */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
/* The first n bytes of s and a NUL: s must hold n bytes (unlike
 * strndup(3), a NUL inside them is copied, not stopped at). */
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- spawn.c: run a program, never through a shell ---- */
struct run_opts {
	const char	*cwd;		/* NULL: inherit */
	struct buf	*out;		/* NULL: inherit stdout; else capture */
	int		 merge_stderr;	/* with out: capture stderr too */
	int		 quiet;		/* what is not captured to /dev/null */
	const char	*const *env;	/* extra NAME=VALUE, NULL-terminated */
	/* with out: called with each line of the output as it comes (ended
	 * by '\n' or '\r', without it; a last unended line at the end) */
	void		(*on_line)(const char *line, void *arg);
	void		*line_arg;
};
/*
 * Runs argv[0] (looked up in PATH when it has no slash) with argv and waits.
 * Returns its exit status (0..255, 127 too), 128+N when killed by signal
 * N, or -1 when it could not be started: not found, not executable, cwd
 * not entered (said on the builder's stderr, whatever the options).
 */
int	 run_cmd(const char *const argv[], const struct run_opts *);
/* The tool to run for NAME: $XENINFN_<NAME> if set, else the configured
 * default.  Returns a static or environment string; never NULL. */
const char *tool_path(const char *envname, const char *configured);

/* ---- signals.c: ^C, SIGTERM and SIGHUP stop a command cleanly ---- */
/* Installs the handlers: the first signal sets the flag signal_caught
 * reads; a second one ends the process at once, by that signal. */
void	 signals_catch(void);
/* The signal caught (SIGINT, SIGTERM, SIGHUP), or 0. */
int	 signal_caught(void);
/* A command's exit code: 128 + the signal when one was caught and rc is
 * not 0 (130 for ^C, 143 for SIGTERM), else rc. */
int	 signal_exit_code(int rc);
/* Blocks (1) or lets through (0) those signals, around steps that must
 * not be cut in two (the renames of a publish). */
void	 signals_hold(int hold);

/* ---- fileio.c: whole files, atomic replacement, directories ---- */
/* Opens (creating it) the lock file path and takes an exclusive flock
 * on it, waiting if another process holds it; busy is said (log_info)
 * before waiting.  Returns the descriptor (the lock goes with it, and
 * with the process), or -1 after a message. */
int	 lock_wait(const char *path, const char *busy);
/* Removes the lock file path and lets go of the lock fd (from lock_wait);
 * a process waiting on the removed file then takes the next one.  fd < 0
 * does nothing. */
void	 lock_release(const char *path, int fd);
/* Reads path into out (appending); refuses files over max bytes.
 * Returns 0, or -1 with a message naming the file. */
int	 read_file(const char *path, size_t max, struct buf *out);
/* Writes data to path through a temporary name in the same directory,
 * fsync and rename: readers see the old file or the new one, never half.
 * Returns 0, or -1 with a message naming the file. */
int	 write_file_atomic(const char *path, const void *data, size_t len,
	    mode_t mode);
/* write_file_atomic for name, a file of the directory open as dirfd
 * (a plain name, no '/'), named shown in messages; with st set, it gets
 * the new file's stat.  With fileio_set_durable(1) the directory dirfd
 * is fsync'ed after the rename.  Returns 0, or -1 with a message. */
struct stat;
int	 write_file_atomic_at(int dirfd, const char *name, const char *shown,
	    const void *data, size_t len, mode_t mode, struct stat *st);
/* A temporary name beside path ("dir/.name.tmp-PID-N"), for tools that
 * write their own output; the caller renames or unlinks it and frees the
 * string. */
char	*tmp_name_for(const char *path);
/* rename(2) plus fsync of the directory; 0 or -1 with a message. */
int	 rename_durable(const char *from, const char *to);
/* mkdir -p; 0 or -1 with a message. */
int	 mkdirs(const char *path, mode_t mode);
/* rm -rf without following symlinks; 0 or -1 with a message. */
int	 remove_tree(const char *path);
/* Copies src to dst (atomically), keeping nothing of src's metadata but
 * mode, streaming in fixed-size chunks; 0 or -1 with a message. */
int	 copy_file(const char *src, const char *dst, mode_t mode);
/* With on == 0, files written by write_file_atomic and copy_file and
 * renames by rename_durable are not fsync'ed: for temporary trees that
 * are deleted after use.  Returns the previous setting. */
int	 fileio_set_durable(int on);
/* Sets a file's mtime and atime to t (no symlink following). */
int	 set_mtime(const char *path, time_t t);
/* A new private temporary directory; the caller removes and frees it. */
char	*make_temp_dir(const char *prefix);

/* ---- safepath.c: paths from input never leave their directory ---- */
/* 1 if rel is a relative path with no "..", no empty or "." components,
 * no leading "/", no NUL or control bytes and at most 1024 bytes. */
int	 path_is_safe(const char *rel);
/* 1 if name is one safe path component: path_is_safe, no "/", at most
 * 255 bytes (a value that becomes part of a file name). */
int	 path_is_component(const char *name);
/* 1 if path, links resolved, lies inside the directory dir (also with
 * its links resolved); 0 if not, or if either does not exist. */
int	 path_inside(const char *dir, const char *path);
/* dir + "/" + rel when rel is safe, else NULL (and errno EINVAL).
 * The caller frees the result. */
char	*path_under(const char *dir, const char *rel);
/* dir + "/" + name, without any check; the caller frees it. */
char	*path_join(const char *dir, const char *name);

/* ---- digest.c: message digests through librpm's rpmio ---- */
enum digest_algo { DIGEST_MD5, DIGEST_SHA1, DIGEST_SHA256, DIGEST_SHA512 };
/* The algorithm a checksum type names ("sha256", "sha", "sha1", "md5",
 * "sha512"); -1 if unknown. */
int	 digest_algo_from_name(const char *);
const char *digest_algo_name(enum digest_algo);
/* Hex digest of a buffer / a file; the caller frees it.  NULL on error
 * (a file that cannot be read: logged). */
char	*digest_buf_hex(enum digest_algo, const void *, size_t);
char	*digest_file_hex(enum digest_algo, const char *path);
/* Piece by piece: begin (NULL if unknown), add, end (hex, caller frees;
 * the context is freed). */
void	*digest_begin(enum digest_algo);
void	 digest_add(void *ctx, const void *, size_t);
char	*digest_end(void *ctx);

/* ---- embedded.h / resource.c: templates carried inside the binary ---- */
/* Finds a resource by relative path ("kickstart/xeninfn.ks"): first under
 * overlay (a site directory, may be NULL), then in the embedded set.
 * Appends its text to out and returns 0; -1 if absent (not logged: the
 * caller knows what was looked for); -2 if the overlay copy exists but
 * cannot be read (logged).  Unsafe paths are never found. */
int	 resource_read(const char *overlay, const char *rel, struct buf *out);

/* ---- profile.c: the build profile (INI + -s overrides) ---- */
struct profile;
#define PROFILE_MAX_SIZE	(256 * 1024)
#define DEFAULT_PROFILE		"kickstart/profiles/default.ini"

/* A profile with every key at its default, then the default profile
 * (embedded) or the file path, then the KEY=VALUE overrides in order.
 * Returns NULL after printing every error found (file:line: ...). */
struct profile *profile_load(const char *path, char *const *sets,
	    size_t nsets);
void	 profile_free(struct profile *);
/* A deep copy (per-host profiles start from the site's). */
struct profile *profile_dup(const struct profile *);
/* Sets key to value after validating it; origin says where it came from
 * ("hosts.csv:12", "-s").  Returns 0, or -1 with a message naming origin
 * and key. */
int	 profile_set(struct profile *, const char *key, const char *value,
	    const char *origin);
/* The value of a known key ("" when unset, never NULL).  A key that is not
 * in the table is a programming error and aborts. */
const char *profile_get(const struct profile *, const char *key);
long	 profile_get_int(const struct profile *, const char *key);
int	 profile_get_bool(const struct profile *, const char *key);
/* Where the value came from: "default", "file:line", "-s". */
const char *profile_origin(const struct profile *, const char *key);
/* The file the profile was read from ("(embedded default)"). */
const char *profile_source(const struct profile *);
/* Calls fn for every key in table order; stops at and returns the first
 * non-zero return of fn. */
int	 profile_foreach(const struct profile *,
	    int (*fn)(const char *key, const char *value, void *), void *arg);
/* 1 if key is in the profile table. */
int	 profile_has_key(const char *key);
/* 1 if the profile or -s gave key a value ("" included), 0 if it is left
 * to its default. */
int	 profile_is_set(const struct profile *, const char *key);

/* Command-line arguments shared by the subcommands that take a profile. */
struct profile_args {
	const char	*path;		/* -p */
	char		**sets;		/* -s, in order */
	size_t		 nsets;
};
void	 profile_args_add_set(struct profile_args *, const char *kv);
void	 profile_args_free(struct profile_args *);

/* ---- cmdline.c: options shared by the subcommands ---- */
/* Every help has the same layout: "Usage:" lines, one paragraph, then
 * "Options:" with the command's own options, then these, each on a 24
 * column left side, then the exit status. */
#define PROFILE_USAGE \
	"  -p, --profile=FILE     read the profile from FILE (default: the\n" \
	"                           embedded one; see xeninfn-profile(5))\n" \
	"  -s, --set=KEY=VALUE    set one profile key over the file, e.g.\n" \
	"                           -s tree.url=http://... (repeatable)\n"
#define GENERAL_USAGE \
	"  -q, --quiet            print only warnings and errors\n" \
	"  -v, --verbose          also print details: each step, each tool's\n" \
	"                           output\n" \
	"  -h, --help             display this help and exit\n"
#define COMMON_USAGE	PROFILE_USAGE GENERAL_USAGE
#define EXIT_STATUS_USAGE \
	"\nExit status: 0 if done, 1 if the work failed (a message says why),\n" \
	"2 for a usage error.\n"
struct option;
/*
 * Runs getopt_long over argv for one subcommand: -p and -s go into pa
 * (with pa NULL the command takes no profile and they are unknown), -q
 * and -v set the verbosity, --help prints usage on stdout, every other
 * option of shortopts and longopts (NULL-terminated; the shared ones are
 * added) goes to fn, which returns 0, or -1 for a bad value (after saying
 * why).  Returns 0 with optind at the first operand, 1 after --help, or -1
 * after a usage error (said in one line and "Try ... --help").
 */
/*
 * For a command that takes no operands, called with what cmd_getopt
 * returned: that, or -1 after saying (as a usage error) that the
 * argument at optind was not expected.
 */
int	 cmd_no_operands(int r, int argc, char **argv);
int	 cmd_getopt(int argc, char **argv, const char *shortopts,
	    const struct option *longopts, struct profile_args *pa,
	    int (*fn)(int opt, const char *arg, void *ctx), void *ctx,
	    void (*usage)(FILE *));
/* profile_load on the parsed arguments; NULL after printing the errors. */
struct profile *profile_from_args(const struct profile_args *);

/* ---- the subcommands (cmd-*.c) ---- */
int	 cmd_build(int argc, char **argv);
int	 cmd_pxe(int argc, char **argv);
int	 cmd_render(int argc, char **argv);
int	 cmd_check(int argc, char **argv);
int	 cmd_fetch(int argc, char **argv);
int	 cmd_inspect(int argc, char **argv);
int	 cmd_serve(int argc, char **argv);
int	 cmd_config(int argc, char **argv);

#endif
