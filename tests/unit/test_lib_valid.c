/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of lib/valid.c and lib/xenvalues.c: the one rule for
 * addresses, netmasks and names that the builder and the helpers share.
 * The cases marked "was:" are where the builder's validate.c and the
 * helpers' common.c answered differently before they became one.
 */
#include "testutil.h"
#include "xenvalues.h"

struct want {
	const char	*s;
	int		 ok;
};

/* Checks fn against each case, naming the one that fails. */
static void
check(int (*fn)(const char *), const char *what, const struct want *w,
    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fn(w[i].s) != w[i].ok)
			fail_msg("%s(\"%s\") is %d, want %d", what, w[i].s,
			    !w[i].ok, w[i].ok);
}
#define CHECK(fn, cases) \
	check(fn, #fn, cases, sizeof(cases) / sizeof(cases[0]))

static void
test_ipv4(void **state)
{
	static const struct want cases[] = {
		{ "192.0.2.1", 1 }, { "0.0.0.0", 1 }, { "255.255.255.255", 1 },
		{ "10.0.0.10", 1 }, { "100.200.250.0", 1 },
		/* what EL5's ipcalc (inet_aton) reads otherwise: octal,
		 * short forms, hex, a trailing blank */
		{ "192.168.010.1", 0 }, { "01.2.3.4", 0 }, { "10.1", 0 },
		{ "10.0.1", 0 }, { "167772161", 0 }, { "1.2.3.0x1", 0 },
		{ "1.2.3.4 ", 0 }, { " 1.2.3.4", 0 },
		{ "256.1.1.1", 0 }, { "1.2.3.4.5", 0 }, { "1..2.3", 0 },
		{ "1.2.3.", 0 }, { ".1.2.3", 0 }, { "", 0 }, { "1.2.3.1000", 0 },
		{ "a.b.c.d", 0 }, { "1.2.3.-4", 0 },
	};

	(void)state;
	CHECK(valid_ipv4, cases);
}

static void
test_netmask(void **state)
{
	static const struct want cases[] = {
		{ "255.255.255.0", 1 }, { "255.255.255.255", 1 },
		{ "255.255.254.0", 1 }, { "128.0.0.0", 1 }, { "255.255.255.252", 1 },
		{ "0.0.0.0", 0 }, { "255.0.255.0", 0 }, { "255.255.255.1", 0 },
		{ "0.255.255.255", 0 }, { "255.255.255.00", 0 }, { "24", 0 },
		{ "255.255.255", 0 },
	};

	(void)state;
	CHECK(valid_netmask, cases);
}

static void
test_hostname(void **state)
{
	static const struct want cases[] = {
		{ "dom0", 1 }, { "node01.example.org", 1 }, { "a", 1 },
		{ "x-1.y-2", 1 }, { "123.example.org", 1 }, { "4chan.example", 1 },
		{ "A.B.C", 1 },
		/* was: the builder took these as names; an all-digit last
		 * label is what the resolver tries as an address */
		{ "192.0.2.300", 0 }, { "1234", 0 }, { "a.123", 0 },
		/* was: the helpers took an address as a host name (now
		 * xv_host_ok, name or address) */
		{ "192.0.2.1", 0 },
		{ "", 0 }, { "-a", 0 }, { "a-", 0 }, { "a.-b", 0 }, { "a-.b", 0 },
		{ "a..b", 0 }, { ".a", 0 }, { "a.", 0 }, { "a_b", 0 },
		{ "a b", 0 }, { "a/b", 0 }, { "h\xc3\xa9", 0 },
	};
	char label[80], name[300];

	(void)state;
	CHECK(valid_hostname, cases);
	/* 63 bytes a label, 253 a name. */
	memset(label, 'a', 63);
	label[63] = '\0';
	assert_true(valid_hostname(label));
	label[63] = 'a';
	label[64] = '\0';
	assert_false(valid_hostname(label));
	snprintf(name, sizeof(name), "%.63s.%.63s.%.63s.%.61s", label, label,
	    label, label);
	assert_int_equal(strlen(name), 253);
	assert_true(valid_hostname(name));
	strcat(name, "a");
	assert_false(valid_hostname(name));
}

static void
test_names(void **state)
{
	static const struct want ifnames[] = {
		{ "eth0", 1 }, { "xenbr0", 1 }, { "peth0.100", 1 },
		{ "br_guest-1", 1 }, { "a23456789012345", 1 },
		/* was: the builder took "." and ".." (a helper makes file
		 * names ifcfg-NAME of them) */
		{ ".", 0 }, { "..", 0 },
		{ "", 0 }, { "a234567890123456", 0 }, { "eth 0", 0 },
		{ "eth0/1", 0 }, { "eth:0", 0 },
	};

	(void)state;
	CHECK(valid_ifname, ifnames);
	assert_true(valid_name("guest.cfg", 32));
	assert_false(valid_name("guest.cfg", 8));
}

static void
test_url_mac_version(void **state)
{
	static const struct want macs[] = {
		{ "00:16:3e:aa:BB:0f", 1 }, { "00:16:3e:aa:bb", 0 },
		{ "00-16-3e-aa-bb-0f", 0 }, { "00:16:3e:aa:bb:0g", 0 },
		{ "00:16:3e:aa:bb:0f:", 0 },
	};
	static const struct want versions[] = {
		{ "3.1.2", 1 }, { "3.1.4_rc1", 1 }, { "3", 1 }, { "", 0 },
		{ "v3.1", 0 }, { "3..1", 0 }, { "3.1.", 0 }, { "3.1-2", 0 },
		{ "3.1.2.3.4.5.6.7.8.9.10.11.12.13.14", 0 },
	};

	(void)state;
	CHECK(valid_mac, macs);
	CHECK(valid_version, versions);
	assert_true(valid_url("http://mirror.example/sl/5.1/", 0));
	assert_true(valid_url("ftp://192.0.2.1/pub", 0));
	assert_true(valid_url("file:///srv/sl", 1));
	assert_false(valid_url("file:///srv/sl", 0));
	assert_false(valid_url("file://srv/sl", 1));
	assert_false(valid_url("http:///x", 0));
	assert_false(valid_url("http://", 0));
	assert_false(valid_url("gopher://x/", 0));
	assert_false(valid_url("http://x/a b", 0));
	assert_false(valid_url("http://x/a\"b", 0));
	assert_false(valid_url("http://x/`id`", 0));
	assert_false(valid_url("http://x/\xc3\xa9", 0));
}

/* The Xen values: a relocation host is a name or an address, one rule
 * for the builder's profile and xeninfn-dom0setup. */
static void
test_xenvalues(void **state)
{
	static const struct want hosts[] = {
		{ "192.0.2.1", 1 }, { "dom0.example.org", 1 }, { "peer", 1 },
		{ "192.0.2.300", 0 }, { "192.0.2", 0 }, { "192.000.2.1", 0 },
		{ "a..b", 0 }, { "", 0 }, { "1234", 0 },
	};
	static const struct want lists[] = {
		{ "a,b,192.0.2.1", 1 }, { "a", 1 }, { "a,,b", 0 }, { "a, b", 0 },
		{ ",a", 0 }, { "a,192.0.2.300", 0 },
	};
	static const struct want ports[] = {
		{ "8002:tcp", 1 }, { "5900-5999:tcp", 1 }, { "53:udp", 1 },
		{ "0:tcp", 0 }, { "65536:tcp", 0 }, { "080:tcp", 0 },
		{ "10-10:tcp", 0 }, { "8002", 0 }, { "8002:icmp", 0 },
	};

	(void)state;
	CHECK(xv_host_ok, hosts);
	CHECK(xv_hosts_ok, lists);
	CHECK(xv_port_ok, ports);
	assert_true(xv_port_has("5900-5999:tcp", 5901, "tcp"));
	assert_false(xv_port_has("5900-5999:tcp", 5901, "udp"));
	assert_int_equal(xv_dom0_mem_mib("1024M"), 1024);
	assert_int_equal(xv_dom0_mem_mib("2G"), 2048);
	assert_int_equal(xv_dom0_mem_mib("min:512M,max:2G"), 0);
	assert_int_equal(xv_dom0_mem_mib("max:2G,1G"), 1024);
	assert_int_equal(xv_dom0_mem_mib("1024"), -1);
	assert_int_equal(xv_dom0_mem_mib("1G,2G"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_netmask),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_url_mac_version),
		cmocka_unit_test(test_xenvalues),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
