/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_inventory.c: the CSV host inventory of `xeninfn pxe --hosts`. */
#include "testutil.h"
#include "inventory.h"

struct load_case {
	const char		*csv;
	struct inventory	*inv;
	char			*dir;
	char			*path;
};

static struct profile *site;

static int
setup(void **state)
{
	(void)state;
	site = profile_load(NULL, NULL, 0);
	return site == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	profile_free(site);
	return 0;
}

static void
load_it(void *arg)
{
	struct load_case *lc = arg;

	lc->inv = inventory_load(lc->path, site);
}

/* Loads csv from a file named hosts.csv; returns what was printed. */
static char *
load(struct load_case *lc, const char *csv)
{
	lc->csv = csv;
	lc->dir = make_temp_dir("test-inventory");
	assert_non_null(lc->dir);
	lc->path = tu_write(lc->dir, "hosts.csv", csv);
	return tu_capture_stderr(load_it, lc);
}

static void
done(struct load_case *lc, char *msgs)
{
	inventory_free(lc->inv);
	remove_tree(lc->dir);
	free(lc->dir);
	free(lc->path);
	free(msgs);
}

/* Asserts that loading csv fails with a message containing want. */
static void
assert_refused(const char *csv, const char *want)
{
	struct load_case lc = { 0 };
	char *msgs = load(&lc, csv);

	if (lc.inv != NULL || strstr(msgs, want) == NULL)
		fail_msg("expected failure with '%s', got %s:\n%s", want,
		    lc.inv ? "success" : "failure", msgs);
	done(&lc, msgs);
}

static void
test_good_file(void **state)
{
	struct load_case lc = { 0 };
	char *msgs;
	const struct host *h;

	(void)state;
	msgs = load(&lc, "\xef\xbb\xbfhostname, MAC ,ip,netmask,gateway,"
	    "xen.dom0_mem,boot.extra_args\r\n"
	    "# racks 1-2\r\n"
	    "node1,52:54:00:AA:BB:01,10.1.0.11,255.255.255.0,10.1.0.1,"
	    "2G,\r\n"
	    "\r\n"
	    "\"node2\",52-54-00-aa-bb-02,,,,,\"noapic, quiet\"\r\n"
	    "  node3  ,52:54:00:aa:bb:03,\"\",,,512M,x\n");
	if (lc.inv == NULL)
		fail_msg("refused a good file:\n%s", msgs);
	assert_int_equal(lc.inv->n, 3);
	assert_int_equal(lc.inv->nkeys, 2);
	assert_string_equal(lc.inv->keys[0], "xen.dom0_mem");
	h = &lc.inv->hosts[0];
	assert_string_equal(h->hostname, "node1");
	assert_string_equal(h->mac, "52:54:00:aa:bb:01");
	assert_string_equal(h->ip, "10.1.0.11");
	assert_string_equal(h->gateway, "10.1.0.1");
	assert_null(h->nameserver);
	assert_string_equal(h->overrides[0], "2G");
	assert_null(h->overrides[1]);
	assert_int_equal(h->line, 3);
	h = &lc.inv->hosts[1];
	assert_string_equal(h->hostname, "node2");
	assert_string_equal(h->mac, "52:54:00:aa:bb:02");
	assert_null(h->ip);
	assert_int_equal(h->line, 5);
	assert_string_equal(h->overrides[1], "noapic, quiet");
	h = &lc.inv->hosts[2];
	assert_string_equal(h->hostname, "node3");
	assert_null(h->ip);
	assert_int_equal(h->line, 6);
	assert_ptr_equal(inventory_find(lc.inv, "NODE2"), &lc.inv->hosts[1]);
	assert_null(inventory_find(lc.inv, "node4"));
	done(&lc, msgs);
}

/* A quoted field may hold a line break; the lines after it still count. */
static void
test_multiline_field_keeps_line_numbers(void **state)
{
	(void)state;
	assert_refused("hostname,mac,boot.extra_args\n"
	    "a,52:54:00:00:00:01,\"one\ntwo\"\n"
	    "b,52:54:00:00:00:0g,x\n",
	    "hosts.csv:4: mac '52:54:00:00:00:0g' is not a MAC");
}

static void
test_apply(void **state)
{
	struct load_case lc = { 0 };
	struct profile *p;
	char *msgs;

	(void)state;
	msgs = load(&lc, "hostname,mac,ip,netmask,nameserver,xen.dom0_mem\n"
	    "n1,52:54:00:00:00:01,10.0.0.5,255.255.0.0,10.0.0.2,4G\n"
	    "n2,52:54:00:00:00:02,,,,\n");
	assert_non_null(lc.inv);
	p = profile_dup(site);
	assert_int_equal(inventory_apply(lc.inv, &lc.inv->hosts[0], p), 0);
	assert_string_equal(profile_get(p, "network.hostname"), "n1");
	assert_string_equal(profile_get(p, "network.bootproto"), "static");
	assert_string_equal(profile_get(p, "network.ip"), "10.0.0.5");
	assert_string_equal(profile_get(p, "network.netmask"), "255.255.0.0");
	assert_string_equal(profile_get(p, "network.nameserver"), "10.0.0.2");
	assert_string_equal(profile_get(p, "xen.dom0_mem"), "4G");
	assert_non_null(strstr(profile_origin(p, "xen.dom0_mem"),
	    "hosts.csv:2"));
	profile_free(p);
	p = profile_dup(site);
	assert_int_equal(inventory_apply(lc.inv, &lc.inv->hosts[1], p), 0);
	assert_string_equal(profile_get(p, "network.bootproto"), "dhcp");
	assert_string_equal(profile_get(p, "xen.dom0_mem"),
	    profile_get(site, "xen.dom0_mem"));
	profile_free(p);
	done(&lc, msgs);
}

static void
test_duplicates(void **state)
{
	(void)state;
	assert_refused("hostname,mac\nn1,52:54:00:00:00:01\n"
	    "n2,52:54:00:00:00:02\nN1,52:54:00:00:00:03\n",
	    "hosts.csv:4: duplicate hostname 'N1' (also on line 2)");
	assert_refused("hostname,mac\nn1,52:54:00:00:00:01\n"
	    "n2,52:54:00:00:00:02\nn3,52:54:00:00:00:01\n",
	    "hosts.csv:4: duplicate mac '52:54:00:00:00:01' (also on line 2)");
	assert_refused("hostname,mac,ip,netmask\n"
	    "n1,52:54:00:00:00:01,10.0.0.1,255.0.0.0\n"
	    "n2,52:54:00:00:00:02,10.0.0.1,255.0.0.0\n",
	    "hosts.csv:3: duplicate ip '10.0.0.1' (also on line 2)");
}

static void
test_malformed_values(void **state)
{
	(void)state;
	assert_refused("hostname,mac\nn1,52:54:00:00:01\n",
	    "hosts.csv:2: mac '52:54:00:00:01' is not a MAC");
	assert_refused("hostname,mac\nn_1,52:54:00:00:00:01\n",
	    "hosts.csv:2: hostname 'n_1' is not a host name");
	assert_refused("hostname,mac\nDefault,52:54:00:00:00:01\n",
	    "hosts.csv:2: hostname 'Default' is taken: http/ks/default.ks");
	assert_refused("hostname,mac,ip,netmask\n"
	    "n1,52:54:00:00:00:01,10.0.0.256,255.0.0.0\n",
	    "hosts.csv:2: ip '10.0.0.256' is not a dotted IPv4");
	assert_refused("hostname,mac,ip,netmask\n"
	    "n1,52:54:00:00:00:01,10.0.0.1,255.0.255.0\n",
	    "hosts.csv:2: netmask '255.0.255.0' is not a netmask");
	assert_refused("hostname,mac,ip\nn1,52:54:00:00:00:01,10.0.0.1\n",
	    "hosts.csv:2: ip is set but netmask is not");
	assert_refused("hostname,mac,gateway\nn1,52:54:00:00:00:01,10.0.0.1\n",
	    "hosts.csv:2: netmask, gateway or nameserver is set but ip is not");
	assert_refused("hostname,mac,xen.dom0_mem\n"
	    "n1,52:54:00:00:00:01,lots\n",
	    "hosts.csv:2: xen.dom0_mem = 'lots'");
}

static void
test_structure(void **state)
{
	(void)state;
	assert_refused("hostname,mac,rack\nn1,52:54:00:00:00:01,3\n",
	    "hosts.csv:1: unknown column 'rack'");
	assert_refused("hostname,ip\nn1,10.0.0.1\n",
	    "the header row needs the columns hostname and mac");
	assert_refused("hostname,mac,mac\nn1,52:54:00:00:00:01,x\n",
	    "column 'mac' appears twice");
	assert_refused("hostname,mac,tree.url\n"
	    "n1,52:54:00:00:00:01,http://x/\n",
	    "column 'tree.url': this key is shared by the whole tree");
	assert_refused("hostname,mac\n,52:54:00:00:00:01\n",
	    "hosts.csv:2: the hostname is missing");
	assert_refused("hostname,mac\nn1,52:54:00:00:00:01,extra\n",
	    "hosts.csv:2: 3 fields, but the header has 2");
	assert_refused("hostname,mac\nn1,\"52:54:00:00:00:01\n",
	    "hosts.csv:2: a quoted field is never closed");
	assert_refused("hostname,mac\nn1,\"52:54\"x\n",
	    "text after the closing quote");
	assert_refused("hostname,mac\n\"n\"\"1\",52:54:00:00:00:01\n",
	    "hosts.csv:2: hostname 'n\"1' is not a host name");
	assert_refused("hostname,mac\nn1,52\"54\n",
	    "a quote inside an unquoted field");
	assert_refused("", "empty: expected a header row");
}

/* Every error is reported, not just the first, and the count is given. */
static void
test_all_errors_reported(void **state)
{
	struct load_case lc = { 0 };
	char *msgs;

	(void)state;
	msgs = load(&lc, "hostname,mac\nn1,zz\nn2,52:54:00:00:00:01\n"
	    "n3,yy\n");
	assert_null(lc.inv);
	assert_non_null(strstr(msgs, "hosts.csv:2: mac 'zz'"));
	assert_non_null(strstr(msgs, "hosts.csv:4: mac 'yy'"));
	assert_non_null(strstr(msgs, "2 errors: nothing was written"));
	done(&lc, msgs);
}

static void
test_field_limit(void **state)
{
	struct buf csv = BUF_INIT;

	(void)state;
	buf_adds(&csv, "hostname,mac,boot.extra_args\nn1,52:54:00:00:00:01,");
	for (int i = 0; i <= INVENTORY_MAX_FIELD; i++)
		buf_addc(&csv, 'x');
	buf_adds(&csv, "\n");
	assert_refused(csv.data, "hosts.csv:2: field 3 is longer than");
	buf_free(&csv);
}

/* Ten thousand hosts load, and the duplicate among them is found. */
static void
test_many_hosts(void **state)
{
	struct buf csv = BUF_INIT;
	struct load_case lc = { 0 };
	char *msgs;

	(void)state;
	buf_adds(&csv, "hostname,mac,ip,netmask\n");
	for (int i = 0; i < 10000; i++)
		buf_printf(&csv, "node%05d,52:54:00:%02x:%02x:%02x,"
		    "10.%d.%d.%d,255.0.0.0\n", i, i >> 16, (i >> 8) & 255,
		    i & 255, 1 + i / 65536, (i >> 8) & 255, i & 255);
	msgs = load(&lc, csv.data);
	assert_non_null(lc.inv);
	assert_int_equal(lc.inv->n, 10000);
	assert_string_equal(lc.inv->hosts[9999].hostname, "node09999");
	done(&lc, msgs);
	buf_printf(&csv, "node10000,52:54:00:00:12:34,10.9.9.9,255.0.0.0\n");
	assert_refused(csv.data, "hosts.csv:10002: duplicate mac "
	    "'52:54:00:00:12:34' (also on line 4662)");
	buf_free(&csv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_multiline_field_keeps_line_numbers),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_malformed_values),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_many_hosts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
