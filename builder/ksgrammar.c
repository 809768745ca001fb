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
#define W	KC_NOARGS_WARN

static const struct kscmd commands[] = {
	{ "auth", "authconfig", KC_FREEFORM, 0, -1, "", NULL },
	{ "autopart", NULL, 0, 0, 0, "", NULL },
	{ "autostep", NULL, 0, 0, 0, "--autoscreenshot", NULL },
	{ "bootloader", NULL, 0, 0, 0,
	    "--append= --driveorder= --location=mbr|partition|none|boot "
	    "--lba32 --password= --md5pass= --upgrade --useLilo! --linear! "
	    "--nolinear!", NULL },
	{ "cdrom", NULL, 0, 0, 0, "", NULL },
	{ "clearpart", NULL, 0, 0, 0,
	    "--all --drives= --initlabel --linux --none", NULL },
	{ "cmdline", NULL, 0, 0, 0, "", NULL },
	{ "device", NULL, M, 2, 2, "--opts=", NULL },
	{ "deviceprobe", NULL, 0, 0, -1, "", NULL },
	{ "dmraid", NULL, M, 0, 0, "--name=* --dev=", NULL },
	{ "driverdisk", NULL, M, 0, 1, "--source= --type=", NULL },
	{ "firewall", NULL, 0, 0, 0,
	    "--disable/--disabled --enable/--enabled --high! --medium! "
	    "--trust= --port= --ssh --telnet --smtp --http --ftp", NULL },
	{ "firstboot", NULL, 0, 0, 0,
	    "--disable/--disabled --enable/--enabled --reconfig", NULL },
	{ "graphical", NULL, 0, 0, 0, "", NULL },
	{ "halt", NULL, W, 0, 0, "", NULL },
	{ "harddrive", NULL, 0, 0, 0, "--biospart= --partition= --dir=*",
	    "--biospart|--partition" },
	{ "ignoredisk", NULL, 0, 0, 0, "--drives=*", NULL },
	{ "install", NULL, 0, 0, 0, "", NULL },
	{ "interactive", NULL, 0, 0, 0, "", NULL },
	{ "iscsi", NULL, M, 0, 0,
	    "--target= --ipaddr=* --port= --user= --password=", NULL },
	{ "iscsiname", NULL, 0, 1, 1, "", NULL },
	{ "key", NULL, 0, 0, 1, "--skip", NULL },
	{ "keyboard", NULL, 0, 1, 1, "", NULL },
	{ "lang", NULL, 0, 1, 1, "", NULL },
	{ "langsupport", NULL, D, 0, -1, "--default=", NULL },
	{ "logging", NULL, 0, 0, 0,
	    "--host= --port= --level=debug|info|warning|error|critical",
	    NULL },
	{ "logvol", NULL, M, 1, 1,
	    "--bytes-per-inode# --fsoptions= --fstype= --grow --maxsize# "
	    "--name=* --noformat --percent# --recommended --size# "
	    "--useexisting --vgname=*", NULL },
	{ "mediacheck", NULL, 0, 0, 0, "", NULL },
	{ "monitor", NULL, 0, 0, 0, "--hsync= --monitor= --noprobe --vsync=",
	    NULL },
	{ "mouse", NULL, D, 0, 1, "--device= --emulthree", NULL },
	{ "multipath", NULL, M, 0, 0, "--name=* --device=* --rule=*", NULL },
	{ "network", NULL, M, 0, 0,
	    "--bootproto=dhcp|bootp|static --class= --device= --essid= "
	    "--ethtool= --gateway= --hostname= --ip= --mtu= --nameserver= "
	    "--netmask= --nodns --notksdevice "
	    "--onboot=~yes|no|on|off|true|false|1|0 --wepkey= --noipv4 "
	    "--noipv6", NULL },
	{ "nfs", NULL, 0, 0, 0, "--server=* --dir=* --opts=", NULL },
	{ "part", "partition", M, 1, 1,
	    "--asprimary --bytes-per-inode# --end# --fsoptions= --fstype= "
	    "--grow --maxsize# --noformat --onbiosdisk= --ondisk/--ondrive= "
	    "--onpart/--usepart= --recommended --size# --start# --type=!",
	    NULL },
	{ "poweroff", NULL, W, 0, 0, "", NULL },
	{ "raid", NULL, M, 1, -1,
	    "--bytes-per-inode# --device=* --fsoptions= --fstype= "
	    "--level=~RAID0|RAID1|RAID5|RAID6|0|1|5|6* --noformat --spares# "
	    "--useexisting", NULL },
	{ "reboot", NULL, W, 0, 0, "", NULL },
	{ "repo", NULL, M, 0, 0, "--name=* --baseurl= --mirrorlist=",
	    "--baseurl|--mirrorlist" },
	{ "rootpw", NULL, 0, 1, 1, "--iscrypted", NULL },
	{ "selinux", NULL, 0, 0, 0, "--disabled --enforcing --permissive",
	    NULL },
	{ "services", NULL, 0, 0, 0, "--disabled= --enabled=", NULL },
	{ "shutdown", NULL, W, 0, 0, "", NULL },
	{ "skipx", NULL, 0, 0, 0, "", NULL },
	{ "text", NULL, 0, 0, 0, "", NULL },
	{ "timezone", NULL, 0, 1, 1, "--utc", NULL },
	{ "upgrade", NULL, 0, 0, 0, "", NULL },
	{ "url", NULL, 0, 0, 0, "--url=*", NULL },
	{ "user", NULL, M, 0, 0,
	    "--groups= --homedir= --iscrypted --name=* --password= --shell= "
	    "--uid#", NULL },
	{ "vnc", NULL, 0, 0, 0, "--connect=! --host= --password= --port=",
	    NULL },
	{ "volgroup", NULL, M, 1, -1, "--noformat --pesize# --useexisting",
	    NULL },
	{ "xconfig", NULL, 0, 0, 0,
	    "--defaultdesktop= --depth# --driver= --resolution= "
	    "--startxonboot --videoram= --card=! --hsync=! --monitor=! "
	    "--noprobe! --server=! --vsync=!", NULL },
	{ "zerombr", NULL, W, 0, 0, "", NULL },
	{ "zfcp", NULL, M, 0, 0,
	    "--devnum=* --fcplun=* --scsiid=* --scsilun=* --wwpn=*", NULL },
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
	{ "part", "--encrypted --passphrase --label --resize --fsprofile "
	    "--hibernation --mkfsoptions --cdl" },
	{ "raid", "--encrypted --passphrase --label --fsprofile "
	    "--chunksize --mkfsoptions" },
	{ "reboot", "--eject --kexec" },
	{ "repo", "--cost --excludepkgs --includepkgs --proxy "
	    "--ignoregroups --noverifyssl --install --metalink" },
	{ "rootpw", "--lock --plaintext --allow-ssh" },
	{ "timezone", "--isUtc --nontp --ntpservers" },
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
	if (strcmp(name, "%pre") == 0)
		return "--interpreter= --erroronfail --log/--logfile=";
	if (strcmp(name, "%post") == 0)
		return "--interpreter= --erroronfail --log/--logfile= "
		    "--nochroot";
	if (strcmp(name, "%packages") == 0)
		return "--excludedocs --ignoremissing --nobase --resolvedeps! "
		    "--ignoredeps!";
	return NULL;
}
