/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksgrammar.c: the commands, options and sections of RHEL 5.1 kickstarts
 * (pykickstart 0.43, RHEL5 handler; docs/kickstart.md lists the sources),
 * and the ones that came later, so the checker can say so.
 */
#include <string.h>

#include "ksgrammar.h"

#define M	KC_MULTI
#define D	KC_DEPRECATED
#define W	KC_EXTRA_WARN
#define R	KC_RAW

/* Read from pykickstart 0.43's parser.py, handler by handler: a handler
 * that never looks at its leftover arguments gets W; one that indexes
 * args[0] without an option parser gets R and minargs 1. */
static const struct kscmd commands[] = {
	{ "auth", "authconfig", R | KC_FREEFORM, 0, -1, "", NULL },
	{ "autopart", NULL, R, 0, 0, "", NULL },
	{ "autostep", NULL, W, 0, 0, "--autoscreenshot", NULL },
	{ "bootloader", NULL, W, 0, 0,
	    "--append= --location=mbr|partition|none|boot --lba32 "
	    "--password= --md5pass= --upgrade --driveorder=", NULL },
	{ "cdrom", NULL, R | W, 0, 0, "", NULL },
	{ "clearpart", NULL, W, 0, 0,
	    "--all --drives= --initlabel --linux --none", NULL },
	{ "cmdline", NULL, R | W, 0, 0, "", NULL },
	{ "device", NULL, R, 0, -1, "", NULL },
	{ "deviceprobe", NULL, R, 0, -1, "", NULL },
	{ "dmraid", NULL, M | W, 0, 0, "--name=* --dev=*", NULL },
	{ "driverdisk", NULL, R, 0, -1, "", NULL },
	{ "firewall", NULL, W, 0, 0,
	    "--disable/--disabled --enable/--enabled "
	    "--ftp/--http/--smtp/--ssh/--telnet --port= --trust=", NULL },
	{ "firstboot", NULL, W, 0, 0,
	    "--disable/--disabled --enable/--enabled --reconfig", NULL },
	{ "graphical", NULL, R | W, 0, 0, "", NULL },
	{ "halt", NULL, W, 0, 0, "--eject", NULL },
	{ "harddrive", NULL, W, 0, 0, "--biospart= --partition= --dir=*",
	    "--biospart|--partition" },
	{ "ignoredisk", NULL, W, 0, 0, "--drives=", NULL },
	{ "install", NULL, R | W, 0, 0, "", NULL },
	{ "interactive", NULL, R, 0, 0, "", NULL },
	{ "iscsi", NULL, M, 0, 0,
	    "--target= --ipaddr=* --port= --user= --password=", NULL },
	{ "iscsiname", NULL, R, 1, 1, "", NULL },
	{ "key", NULL, R, 1, 1, "", NULL },
	{ "keyboard", NULL, R, 1, 1, "", NULL },
	{ "lang", NULL, R, 1, 1, "", NULL },
	{ "langsupport", NULL, R | D, 0, -1, "", NULL },
	{ "logging", NULL, W, 0, 0,
	    "--host= --level=debug|info|warning|error|critical --port=",
	    NULL },
	{ "logvol", NULL, M | W, 1, 1,
	    "--bytes-per-inode# --fsoptions= --fstype= --grow --maxsize# "
	    "--name=* --noformat --percent# --recommended --size# "
	    "--useexisting --vgname=*", NULL },
	{ "mediacheck", NULL, R, 0, 0, "", NULL },
	{ "monitor", NULL, 0, 0, 0, "--hsync= --monitor= --noprobe --vsync=",
	    NULL },
	{ "mouse", NULL, R | D, 0, -1, "", NULL },
	{ "multipath", NULL, M | W, 0, 0, "--name=* --device=* --rule=*",
	    NULL },
	{ "network", NULL, M | W, 0, 0,
	    "--bootproto=dhcp|bootp|static --class= --device= --essid= "
	    "--ethtool= --gateway= --hostname= --ip= --mtu= --nameserver= "
	    "--netmask= --nodns --noipv4 --noipv6 --notksdevice "
	    "--onboot=~on|yes|true|1|off|no|false|0 --wepkey=", NULL },
	{ "nfs", NULL, W, 0, 0, "--server=* --dir=* --opts=", NULL },
	{ "part", "partition", M, 1, 1,
	    "--active --asprimary --bytes-per-inode# --end# --fsoptions= "
	    "--fstype/--type= --grow --label= --maxsize# --noformat "
	    "--onbiosdisk= --ondisk/--ondrive= --onpart/--usepart= "
	    "--recommended --size# --start#", NULL },
	{ "poweroff", NULL, W, 0, 0, "--eject", NULL },
	{ "raid", NULL, M, 1, -1,
	    "--bytes-per-inode# --device=* --fsoptions= --fstype= --level= "
	    "--noformat --spares# --useexisting", NULL },
	{ "reboot", NULL, W, 0, 0, "--eject", NULL },
	{ "repo", NULL, M | W, 0, 0, "--name=* --baseurl= --mirrorlist=",
	    "--baseurl|--mirrorlist" },
	{ "rootpw", NULL, 0, 1, 1, "--iscrypted", NULL },
	{ "selinux", NULL, W, 0, 0, "--disabled --enforcing --permissive",
	    NULL },
	{ "services", NULL, W, 0, 0, "--disabled= --enabled=", NULL },
	{ "shutdown", NULL, W, 0, 0, "--eject", NULL },
	{ "skipx", NULL, R, 0, 0, "", NULL },
	{ "text", NULL, R | W, 0, 0, "", NULL },
	{ "timezone", NULL, 0, 1, 1, "--utc/--isUtc", NULL },
	{ "upgrade", NULL, R, 0, 0, "", NULL },
	{ "url", NULL, W, 0, 0, "--url=*", NULL },
	{ "user", NULL, M | W, 0, 0,
	    "--groups= --homedir= --iscrypted --name=* --password= --shell= "
	    "--uid#", NULL },
	{ "vnc", NULL, W, 0, 0, "--connect=! --password= --host= --port=",
	    NULL },
	{ "volgroup", NULL, M, 1, -1, "--noformat --pesize# --useexisting",
	    NULL },
	{ "xconfig", NULL, 0, 0, 0,
	    "--card=! --driver= --defaultdesktop= --depth# --hsync=! "
	    "--monitor=! --noprobe=! --resolution= --startxonboot "
	    "--videoram= --vsync=!", NULL },
	{ "zerombr", NULL, R, 0, 0, "", NULL },
	{ "zfcp", NULL, M | W, 0, 0,
	    "--devnum=* --fcplun=* --scsiid= --scsilun= --wwpn=*", NULL },
};

/* Commands of later anaconda releases that 11.1 rejects as unknown. */
static const char *const later_commands[] = {
	"btrfs", "eula", "fcoe", "group", "liveimg", "mount", "module",
	"ostreesetup", "realm", "reqpart", "rescue", "snapshot", "sshkey",
	"sshpw", "timesource", "unsupported_hardware", "updates", "zipl",
	"authselect", "nvdimm", "hmc", "ostreecontainer", NULL,
};

/* Options of later releases, by command. */
static const struct {
	const char	*cmd;
	const char	*opts;
} later_options[] = {
	{ "bootloader", "--hvargs --timeout --iscrypted --boot-drive "
	    "--leavebootorder --default --extlinux --disabled --nombr" },
	{ "clearpart", "--list --disklabel --cdl" },
	{ "firewall", "--service --remove-service --use-system-defaults" },
	{ "ignoredisk", "--only-use --interactive" },
	{ "keyboard", "--vckeymap --xlayouts --switch" },
	{ "lang", "--addsupport" },
	{ "logvol", "--encrypted --passphrase --label --resize --fsprofile "
	    "--thin --thinpool --cachesize --hibernation --mkfsoptions" },
	{ "network", "--activate --ipv6 --nodefroute --bondslaves "
	    "--bondopts --vlanid --interfacename --bridgeslaves "
	    "--teamslaves --wpakey --ipv6gateway --no-activate" },
	{ "part", "--encrypted --passphrase --resize --fsprofile "
	    "--hibernation --mkfsoptions --cdl" },
	{ "raid", "--encrypted --passphrase --label --fsprofile "
	    "--chunksize --mkfsoptions" },
	{ "reboot", "--kexec" },
	{ "repo", "--cost --excludepkgs --includepkgs --proxy "
	    "--ignoregroups --noverifyssl --install --metalink" },
	{ "rootpw", "--lock --plaintext --allow-ssh" },
	{ "timezone", "--nontp --ntpservers" },
	{ "url", "--proxy --noverifyssl --mirrorlist --metalink" },
	{ "user", "--gecos --lock --plaintext --gid" },
	{ "volgroup", "--reserved-space --reserved-percent" },
	{ "autopart", "--encrypted --passphrase --type --nolvm --fstype" },
	{ "%packages", "--default --instLangs --multilib --nocore "
	    "--excludeWeakdeps --inst-langs --exclude-weakdeps --retries "
	    "--timeout" },
};

const struct kscmd *
ksgrammar_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0 ||
		    (commands[i].alias != NULL &&
		    strcmp(commands[i].alias, name) == 0))
			return &commands[i];
	return NULL;
}

const char *
ksgrammar_later_command(const char *name)
{
	for (const char *const *c = later_commands; *c != NULL; c++)
		if (strcmp(*c, name) == 0)
			return "a command of later anaconda releases";
	return NULL;
}

/* 1 if the blank-separated list words holds word. */
static int
in_words(const char *words, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = words; (p = strstr(p, word)) != NULL; p += n)
		if ((p == words || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

const char *
ksgrammar_later_option(const char *cmd, const char *opt)
{
	const struct kscmd *c = ksgrammar_command(cmd);

	if (c != NULL)
		cmd = c->name;
	for (size_t i = 0; i < sizeof(later_options) /
	    sizeof(later_options[0]); i++)
		if (strcmp(later_options[i].cmd, cmd) == 0 &&
		    in_words(later_options[i].opts, opt))
			return "an option of later anaconda releases";
	return NULL;
}

const char *
ksgrammar_section(const char *name)
{
	if (strcmp(name, "%pre") == 0 || strcmp(name, "%traceback") == 0)
		return "--erroronfail --interpreter= --log/--logfile=";
	if (strcmp(name, "%post") == 0)
		return "--erroronfail --interpreter= --log/--logfile= "
		    "--nochroot";
	if (strcmp(name, "%packages") == 0)
		return "--excludedocs --ignoremissing --nobase --resolvedeps! "
		    "--ignoredeps!";
	return NULL;
}
