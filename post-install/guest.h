/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xeninfn-guest: one logical volume per guest in the guest volume group,
 * its Xen 3.1 domain configuration, live backups by LVM snapshot, restore.
 * guest.c has the command line, create and list; guest-run.c runs the
 * tools (lvm, xm, gzip, ssh) and reads what LVM says; guest-backup.c has
 * backup and restore.
 */
#ifndef XENINFN_POST_GUEST_H
#define XENINFN_POST_GUEST_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "common.h"

#define GUEST_CONFIG	"etc/sysconfig/xeninfn-guest"
#define GUEST_LOG	"var/lib/xeninfn/guest-backups.log"
#define GUEST_LOCKDIR	"var/lock"
#define GUEST_SNAP_SUFFIX "-xeninfn-snap"
#define GUEST_MAX_NAME	48	/* leaves room for the snapshot suffix */
#define MIB		(1024ULL * 1024)

/* What the command line and /etc/sysconfig/xeninfn-guest say. */
struct guest_opts {
	struct edit_ctx	 ctx;		/* --root */
	char		*vg;		/* guest volume group */
	const char	*name;		/* the guest */
	/* create */
	uint64_t	 size;		/* bytes */
	const char	*bridge;
	int		 hvm;
	unsigned	 memory;	/* MiB */
	unsigned	 vcpus;
	int		 autostart;
	/* backup */
	char		*to_dir;
	char		*ssh_host;	/* --to-ssh HOST:DIR */
	char		*ssh_dir;
	unsigned	 keep;		/* 0: keep all */
	int		 pause;
	uint64_t	 snap_size;	/* 0: a share of the origin */
	/* restore */
	const char	*from;
	const char	*volume;	/* restore into this volume (default name) */
};

/* One logical volume, as lvs reports it. */
struct lv_info {
	char		name[128];
	uint64_t	size;		/* bytes */
	char		attr[16];	/* lv_attr */
	char		origin[128];	/* of a snapshot */
	double		snap_percent;	/* -1 when not a snapshot or unknown */
};

extern volatile sig_atomic_t guest_stop;	/* SIGINT/SIGTERM/SIGHUP seen */

/* guest-run.c */
int	 run_tool(const char *const *, int, int, struct buf *);
pid_t	 spawn_tool(const char *const *, int, int);
int	 wait_tool(pid_t, const char *);
int	 lvm(const char *const *, struct buf *);
int	 lv_query(const char *, const char *, struct lv_info *);
int	 lv_list(const char *, struct lv_info **, size_t *);
int	 vg_free(const char *, uint64_t *, uint64_t *);
int	 lv_remove(const char *, const char *);
int	 xm_running(const char *);
int	 xm(const char *, const char *);
char	*lv_dev(const char *, const char *);
void	 guest_signals(void);
void	 guest_hold_children(int);

/* guest.c */
int	 guest_lock(const struct guest_opts *, const char *);
int	 parse_size(const char *, uint64_t *);
char	*format_size(uint64_t);
int	 ensure_dir(const char *);

/* guest-backup.c */
int	 cmd_backup(struct guest_opts *);
int	 cmd_restore(struct guest_opts *);
int	 last_backup(const struct guest_opts *, const char *, char *, size_t);

#endif
