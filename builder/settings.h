/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * settings.h: the validated profile as typed settings, grouped by concern.
 * profile.c makes them once (settings_of) from the key table, where every
 * default is decided; the stages take the group they need as an argument
 * instead of asking the profile for string keys.  Templates still read the
 * profile itself as their dictionary of variables, and messages that name
 * where a value came from still ask profile_origin.
 *
 * Every string points into the profile (never NULL; "" where the key is
 * unset and has no default), so the profile must outlive the settings and
 * not change under them (profile_set: make them again).  Nothing to free.
 */
#ifndef XENINFN_SETTINGS_H
#define XENINFN_SETTINGS_H

struct profile;

struct product_settings {
	const char	*name;		/* product.name */
	const char	*version;	/* product.version */
};

struct tree_settings {
	const char	*url;		/* tree.url, as given */
	const char	*install_url;	/* tree.install_url (tree.url unset) */
	const char	*family, *release, *arch;
	const char	*sha256sums;	/* "" none */
	const char	*updates_url;	/* NULL: unset (derived), "" none */
	int		 allow_mismatch;
	int		 repin;
};

struct xen_settings {
	const char	*version;
	const char	*rpms;		/* "" not set */
	const char	*gpg_keys;	/* comma or space separated, "" none */
	int		 allow_unsigned;
	int		 migration;
	const char	*relocation_hosts;
};

struct boot_settings {
	const char	*console;	/* "" none, ttyS0, ttyS1,9600 */
	const char	*extra_args;
	long		 timeout;	/* seconds, 0: boot the default */
};

struct network_settings {
	const char	*hostname;
	int		 is_static;	/* network.bootproto = static */
};

struct disk_settings {
	const char	*drives;
	long		 root_size, swap_size;	/* MiB */
};

struct system_settings {
	int		 firewall;
	const char	*firewall_ports;
};

struct access_settings {
	const char	*rootpw_hash;
	const char	*authorized_keys;	/* ssh.authorized_keys */
};

struct kickstart_settings {
	const char	*template;
	const char	*template_dir;	/* "" the embedded templates */
	const char	*repo_url;	/* repo.url, NULL: the media's own */
};

struct fetch_settings {
	const char	*ca_file;	/* NULL: the system's */
	long		 stall_timeout;	/* seconds */
	int		 tries;
};

struct pxe_settings {
	const char	*http_url;	/* "" not set */
};

struct settings {
	struct product_settings		product;
	struct tree_settings		tree;
	struct xen_settings		xen;
	struct boot_settings		boot;
	struct network_settings		network;
	struct disk_settings		disk;
	struct system_settings		system;
	struct access_settings		access;
	struct kickstart_settings	kickstart;
	struct fetch_settings		fetch;
	struct pxe_settings		pxe;
};

/* Fills s from the validated profile p (profile.c). */
void	 settings_of(const struct profile *p, struct settings *s);
#endif
