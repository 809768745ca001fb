/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * firewall.c: the dom0's IPv4 ruleset, /etc/sysconfig/iptables, in the
 * layout system-config-securitylevel (lokkit) gives it on RHEL 5 (one
 * RH-Firewall-1-INPUT chain for INPUT and FORWARD, ending in REJECT), so
 * that the iptables service and the admin find what they expect, with
 * three differences (docs/post-install.md says why):
 *   - bridged packets are accepted in FORWARD before RH-Firewall-1-INPUT,
 *     so guests on the bridges are not rejected (Xen's vif-common.sh
 *     appends its own ACCEPT rules after the REJECT);
 *   - only the ports asked for are open (lokkit also opens IPP, mDNS,
 *     ESP and AH);
 *   - the relocation port, with migration, only to the relocation hosts.
 * Host names are turned into addresses here (the root's /etc/hosts, then
 * the resolver), because iptables-restore would look them up at boot,
 * before the network is up, and fail the whole ruleset.
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "dom0setup.h"

#define IPTABLES	"etc/sysconfig/iptables"
#define IP6TABLES	"etc/sysconfig/ip6tables"
#define PHYSDEV_RULE	"-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT"
#define CHAIN		"RH-Firewall-1-INPUT"

/*
 * Add addr to the list of at most max addresses unless it is there.
 * Returns 0, or -1 (out of memory, or too many) after a message.
 */
static int
add_addr(char **v, int *n, int max, const char *addr)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp(v[i], addr) == 0)
			return 0;
	if (*n >= max) {
		pi_err("--relocation-hosts: more than %d addresses", max);
		return -1;
	}
	if ((v[*n] = strdup(addr)) == NULL) {
		pi_err("out of memory");
		return -1;
	}
	(*n)++;
	return 0;
}

/*
 * The IPv4 addresses the root's /etc/hosts gives name (hosts that are
 * not IPv4, and malformed lines, are skipped), added to v.  Returns the
 * number added, or -1 after a message.
 */
static int
hosts_file_lookup(const struct edit_ctx *ctx, const char *name, char **v,
    int *n, int max)
{
	struct buf b;
	char *line, *save = NULL, *word, *addr, *wsave, *path = NULL;
	int found = 0, have;

	have = read_rel(ctx, "etc/hosts", &b, &path, NULL);
	free(path);
	if (have != 1) {
		buf_free(&b);
		return have == -1 ? -1 : 0;
	}
	for (line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, "#")] = '\0';
		if ((addr = strtok_r(line, " \t\r", &wsave)) == NULL ||
		    !valid_ipv4(addr))
			continue;
		while ((word = strtok_r(NULL, " \t\r", &wsave)) != NULL)
			if (strcasecmp(word, name) == 0) {
				if (add_addr(v, n, max, addr) == -1) {
					buf_free(&b);
					return -1;
				}
				found++;
				break;
			}
	}
	buf_free(&b);
	return found;
}

/* The IPv4 addresses the resolver gives name, added to v.  Returns the
 * number added, or -1 after a message. */
static int
dns_lookup(const char *name, char **v, int *n, int max)
{
	struct addrinfo hints, *res = NULL, *ai;
	char text[INET_ADDRSTRLEN];
	int found = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return 0;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)
		    ai->ai_addr)->sin_addr, text, sizeof(text)) == NULL)
			continue;
		if (add_addr(v, n, max, text) == -1) {
			found = -1;
			break;
		}
		found++;
	}
	freeaddrinfo(res);
	return found;
}

int
fw_resolve(const struct edit_ctx *ctx, const char *const *hosts, int nhosts,
    char **v, int *n, int max)
{
	int i, got;

	for (i = 0; i < nhosts; i++) {
		if (valid_ipv4(hosts[i])) {
			if (add_addr(v, n, max, hosts[i]) == -1)
				return -1;
			continue;
		}
		if ((got = hosts_file_lookup(ctx, hosts[i], v, n, max)) == 0)
			got = dns_lookup(hosts[i], v, n, max);
		if (got == -1)
			return -1;
		if (got == 0) {
			pi_err("--relocation-hosts %s: no IPv4 address for this "
			    "host in %s/etc/hosts or from the resolver; the "
			    "firewall opens the relocation port to addresses: "
			    "give the address in xen.relocation_hosts, or make "
			    "the name resolvable at install time",
			    hosts[i], ctx->root);
			return -1;
		}
	}
	return 0;
}

/* Append the ACCEPT rule for spec ("22:tcp", "6000-6010:udp") from src
 * (NULL: any source).  Returns 0, or -1 when out of memory. */
static int
port_rule(struct buf *b, const char *spec, const char *src)
{
	const char *colon = strrchr(spec, ':');
	int plen = (int)(colon - spec), i;
	char ports[16];

	snprintf(ports, sizeof(ports), "%.*s", plen, spec);
	for (i = 0; ports[i]; i++)
		if (ports[i] == '-')
			ports[i] = ':';
	return buf_printf(b, "-A " CHAIN " -m state --state NEW -m %s -p %s"
	    "%s%s --dport %s -j ACCEPT\n", colon + 1, colon + 1,
	    src ? " -s " : "", src ? src : "", ports);
}

/* The whole ruleset into b.  Returns 0, or -1 when out of memory. */
static int
ruleset(struct buf *b, const struct fw_rules *fw)
{
	char spec[32];
	int i;

	if (buf_adds(b,
	    "# Firewall configuration written by xeninfn-dom0setup, in the\n"
	    "# layout of system-config-securitylevel: only the ports of the\n"
	    "# XenINFN profile are open, bridged (guest) traffic is accepted.\n"
	    "*filter\n"
	    ":INPUT ACCEPT [0:0]\n"
	    ":FORWARD ACCEPT [0:0]\n"
	    ":OUTPUT ACCEPT [0:0]\n"
	    ":" CHAIN " - [0:0]\n"
	    "-A INPUT -j " CHAIN "\n"
	    PHYSDEV_RULE "\n"
	    "-A FORWARD -j " CHAIN "\n"
	    "-A " CHAIN " -i lo -j ACCEPT\n"
	    "-A " CHAIN " -p icmp --icmp-type any -j ACCEPT\n"
	    "-A " CHAIN " -m state --state ESTABLISHED,RELATED -j ACCEPT\n")
	    == -1)
		return -1;
	for (i = 0; i < fw->nports; i++)
		if (port_rule(b, fw->ports[i], NULL) == -1)
			return -1;
	snprintf(spec, sizeof(spec), "%ld:tcp", fw->reloc_port);
	for (i = 0; i < fw->naddrs; i++)
		if (port_rule(b, spec, fw->addrs[i]) == -1)
			return -1;
	return buf_adds(b, "-A " CHAIN " -j REJECT --reject-with "
	    "icmp-host-prohibited\nCOMMIT\n");
}

/*
 * The IPv6 ruleset lokkit wrote, if any, gets the same physdev ACCEPT
 * just before its first FORWARD rule (bridged IPv6 frames go through
 * ip6tables too); nothing else in it changes.  Returns 0, or -1 after a
 * message.
 */
static int
fw_setup6(struct edit_ctx *ctx)
{
	struct buf b, out;
	char *path = NULL;
	const char *line, *at = NULL;
	int found, rc = -1;

	buf_init(&out);
	if ((found = read_rel(ctx, IP6TABLES, &b, &path, NULL)) != 1) {
		rc = found == 0 ? 0 : -1;
		goto done;
	}
	for (line = b.data; *line != '\0' && at == NULL;
	    line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != '\0')) {
		if (strncmp(line, PHYSDEV_RULE, strlen(PHYSDEV_RULE)) == 0 &&
		    strchr("\r\n", line[strlen(PHYSDEV_RULE)]) != NULL) {
			rc = 0;		/* already there */
			goto done;
		}
		if (strncmp(line, "-A FORWARD ", 11) == 0)
			at = line;
	}
	if (at == NULL) {	/* no FORWARD rule: nothing rejects guests */
		rc = 0;
		goto done;
	}
	if (buf_add(&out, b.data, (size_t)(at - b.data)) == -1 ||
	    buf_adds(&out, PHYSDEV_RULE "\n") == -1 ||
	    buf_adds(&out, at) == -1)
		pi_err("%s: out of memory", path);
	else
		rc = edit_file(ctx, IP6TABLES, out.data, out.len, 0600);
done:
	buf_free(&b);
	buf_free(&out);
	free(path);
	return rc;
}

int
fw_setup(struct edit_ctx *ctx, const struct fw_rules *fw)
{
	struct buf b;
	int rc = -1;

	buf_init(&b);
	if (ruleset(&b, fw) == -1)
		pi_err("%s/" IPTABLES ": out of memory", ctx->root);
	else if ((rc = edit_file(ctx, IPTABLES, b.data, b.len, 0600)) == 0)
		rc = fw_setup6(ctx);
	buf_free(&b);
	return rc;
}
