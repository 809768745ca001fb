/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of template.c: variables, conditions, loops, includes from a
 * site directory, shell text passing through, and the errors that name
 * template:line instead of rendering an empty string. */
#include "testutil.h"
#include "template.h"

static char *dir;		/* a site overlay: dir/t/... */
static struct profile *prof;

static int
setup(void **state)
{
	(void)state;
	dir = make_temp_dir("xeninfn-test-template");
	prof = profile_load(NULL, NULL, 0);
	return dir == NULL || prof == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	remove_tree(dir);
	free(dir);
	profile_free(prof);
	return 0;
}

/* Writes the template t/NAME in the overlay. */
static void
put(const char *name, const char *text)
{
	char *sub = path_join(dir, "t"), *rel = xasprintf("t/%s", name);
	char *p, *slash;

	p = path_join(dir, rel);
	slash = strrchr(p, '/');
	*slash = '\0';
	assert_int_equal(mkdirs(p, 0755), 0);
	free(p);
	free(tu_write(dir, rel, text));
	free(rel);
	free(sub);
}

struct call {
	const char *name;
	const struct tvar *vars;
	size_t nvars;
	char *out;
};

static void
do_render(void *arg)
{
	struct call *c = arg;
	char *rel = xasprintf("t/%s", c->name);

	c->out = template_render(dir, rel, prof, c->vars, c->nvars);
	free(rel);
}

/* Renders t/NAME; returns the output (caller frees) or NULL, and the
 * messages in *err (caller frees). */
static char *
render(const char *name, const struct tvar *vars, size_t n, char **err)
{
	struct call c = { name, vars, n, NULL };

	*err = tu_capture_stderr(do_render, &c);
	return c.out;
}

static void
test_variables_and_passthrough(void **state)
{
	const char *shell = "echo ${HOME:-/} $((1+2)) `date` 100% %post $x\n"
	    "awk '{ print $1 }' { x }\n";
	char *err, *out;
	char *text = xasprintf("nic={{ network.mgmt_nic }} v={{xen.version}}"
	    " e={{ my.var }}\n%s{{ \"{{\" }}", shell);
	const struct tvar vars[] = { { "my.var", "V", NULL } };

	(void)state;
	put("vars.ks", text);
	out = render("vars.ks", vars, 1, &err);
	assert_non_null(out);
	assert_true(strncmp(out, "nic=eth0 v=3.1.2 e=V\n", 21) == 0);
	assert_non_null(strstr(out, shell));
	assert_string_equal(out + strlen(out) - 2, "{{");
	free(out);
	free(err);
	free(text);
}

static void
test_conditions(void **state)
{
	char *err, *out;
	const struct tvar vars[] = { { "empty", "", NULL },
	    { "no", "no", NULL } };

	(void)state;
	put("cond.ks",
	    "{% if network.bootproto == \"dhcp\" %}\nD\n{% else %}\nS\n"
	    "{% endif %}\n"
	    "{% if empty %}E{% elif not no %}N{% else %}X{% endif %}\n"
	    "  {% if xen.migration %}\nM\n  {% endif %}\n"
	    "{% if network.mgmt_nic != \"eth0\" %}bad{% endif %}end\n");
	out = render("cond.ks", vars, 2, &err);
	assert_non_null(out);
	/* block tags alone on their lines leave no blank lines behind */
	assert_string_equal(out, "D\nN\nend\n");
	free(out);
	free(err);
}

static void
test_loops(void **state)
{
	static const char *const hosts[] = { "a", "b", NULL };
	const struct tvar vars[] = { { "hosts", NULL, hosts },
	    { "nohosts", NULL, (const char *const[]){ NULL } } };
	char *err, *out;
	char *sets[] = { "disk.drives=sda,sdb,sdc" };
	struct profile *saved = prof;

	(void)state;
	prof = profile_load(NULL, sets, 1);
	assert_non_null(prof);
	put("loop.ks", "{% for d in disk.drives %}[{{ d }}]{% endfor %}\n"
	    "{% for h in hosts %}\n{% for d in disk.drives %}"
	    "{{ h }}{{ d }} {% endfor %}\n{% endfor %}"
	    "{% for h in nohosts %}never{% endfor %}"
	    "{% if hosts %}H{% endif %}{% if nohosts %}N{% endif %}\n");
	out = render("loop.ks", vars, 2, &err);
	assert_non_null(out);
	assert_string_equal(out, "[sda][sdb][sdc]\nasda asdb asdc \n"
	    "bsda bsdb bsdc \nH\n");
	free(out);
	free(err);
	profile_free(prof);
	prof = saved;
}

static void
test_includes_and_overlay(void **state)
{
	char *err, *out;

	(void)state;
	put("main.ks", "top\n{% include \"snip/a.ks\" %}\nend\n");
	put("snip/a.ks", "{# a comment\n over lines #}\nA={{ "
	    "system.keyboard }}\n");
	out = render("main.ks", NULL, 0, &err);
	if (out == NULL)
		fail_msg("%s", err);
	assert_string_equal(out, "top\nA=us\nend\n");
	free(out);
	free(err);
	/* the embedded set is found when the site has no copy */
	out = template_render(dir, "kickstart/xeninfn.ks", prof, NULL, 0);
	assert_null(out);	/* needs ks.* variables: an error, not "" */
}

/* The Jinja features site templates use: filters, set, loop.*, elif.
 * The expected values are what Jinja2 3.1 renders for the same template
 * (with disk.drives given to it as the list ["sda"]); only the blank
 * lines differ, by the documented rule for tags alone on a line. */
static void
test_jinja_features(void **state)
{
	static const char *const hosts[] = { "a", "b", "c", NULL };
	const struct tvar vars[] = { { "hosts", NULL, hosts },
	    { "empty", "", NULL }, { "path", "/srv/a b", NULL } };
	char *err, *out;

	(void)state;
	put("jinja.ks",
	    "1 {{ hosts | join(\", \") }}|{{ hosts | join }}|"
	    "{{ disk.drives | join(\"+\") }}\n"
	    "2 {{ nosuch | default(\"d\") }}|{{ empty | default(\"d\") }}|"
	    "{{ empty | default(\"d\", true) }}|"
	    "{{ system.keyboard | default(\"x\") }}\n"
	    "3 {{ network.mgmt_nic | upper }}|{{ \"MiXed\" | lower }}|"
	    "{{ path | replace(\" \", \"%20\") }}|"
	    "{{ 'a.b.c' | replace('.', '/') | upper }}\n"
	    "4 {{ hosts | length }}|{{ network.mgmt_nic | length }}|"
	    "{{ empty | length }}\n"
	    "{% set nic = network.mgmt_nic | upper %}\n"
	    "{% set sep = \"-\" %}\n"
	    "5 {{ nic }}{{ sep }}{{ nic | lower }}\n"
	    "{% for h in hosts %}\n"
	    "6 {{ loop.index }}/{{ loop.length }} {{ loop.index0 }} {{ h }}"
	    "{% if loop.first %} first{% elif loop.last %} last{% endif %}"
	    "{% set inner = h | upper %} {{ inner }}\n"
	    "{% endfor %}\n"
	    "7 {% if inner | default(\"\") %}leaked{% else %}scoped"
	    "{% endif %}\n"
	    "{% if empty %}E{% elif nic == \"ETH0\" %}8 elif{% else %}X"
	    "{% endif %}\n"
	    "{% for h in hosts %}{% for d in disk.drives %}"
	    "{{ loop.index }}{% endfor %}:{{ loop.index }} {% endfor %}\n");
	out = render("jinja.ks", vars, 3, &err);
	if (out == NULL)
		fail_msg("%s", err);
	assert_string_equal(out,
	    "1 a, b, c|abc|sda\n"
	    "2 d||d|us\n"
	    "3 ETH0|mixed|/srv/a%20b|A/B/C\n"
	    "4 3|4|0\n"
	    "5 ETH0-eth0\n"
	    "6 1/3 0 a first A\n"
	    "6 2/3 1 b B\n"
	    "6 3/3 2 c last C\n"
	    "7 scoped\n"
	    "8 elif\n"
	    "1:1 1:2 1:3 \n");
	free(out);
	free(err);
}

/* Each bad template fails with a message naming the file and line. */
static void
test_errors(void **state)
{
	static const struct {
		const char *text, *line, *msg;
	} bad[] = {
		{ "a\n{{ no.such }}\n", ":2:", "undefined variable 'no.such'" },
		{ "{% if no.such %}x{% endif %}", ":1:", "undefined variable" },
		{ "a\nb\n{% if xen.migration %}\nx\n", ":3:", "never closed" },
		{ "{% for x in disk.drives %}\n", ":1:", "never closed" },
		{ "x\n{% endif %}\n", ":2:", "without its opening tag" },
		{ "{% include \"../etc/passwd\" %}", ":1:", "only relative" },
		{ "{% include \"/etc/passwd\" %}", ":1:", "only relative" },
		{ "\n{% include \"snip/none.ks\" %}", ":2:", "no template" },
		{ "{{ x", ":1:", "unclosed tag" },
		{ "{% frob %}", ":1:", "unknown tag 'frob'" },
		{ "{% if a b c d %}{% endif %}", ":1:", "bad condition" },
		{ "{% for x of y %}{% endfor %}", ":1:", "bad loop" },
		{ "{{ hosts }}", ":1:", "is a list" },
		{ "{% include \"bad.ks\" %}", "self.ks:1:", "deeper than" },
		{ "{% if a %}x{% else %}y\n{% else %}z{% endif %}", ":2:",
		    "{% else %} inside the 'if' of line 1" },
		{ "\n{% if a %}x\n{% endfor %}", ":3:",
		    "which expects {% endif %}" },
		{ "{% for x in a %}\n{% endif %}", ":2:",
		    "which expects {% endfor %}" },
		{ "{% if a %}x{% endif junk %}", ":1:", "takes nothing" },
		{ "{% for x in a %}x{% endfor x %}", ":1:", "takes nothing" },
		{ "\n{{ hosts | jion(\",\") }}", ":2:",
		    "unknown filter 'jion'; did you mean 'join'?" },
		{ "{{ hosts | replace(\"a\") }}", ":1:",
		    "filter 'replace' takes 2 to 2 arguments, not 1" },
		{ "{{ no.such | upper }}", ":1:", "undefined variable 'no.such'" },
		{ "{{ hosts | upper }}", ":1:", "is a list (| join first)" },
		{ "{{ hosts | join(\",\" }}", ":1:", "bad expression" },
		{ "{% set network.ip = \"1\" %}", ":1:", "bad set" },
		{ "{% set x = %}", ":1:", "bad expression" },
		{ "{{ \"a\" | replace(\"\", \"b\") }}", ":1:",
		    "the text to replace is empty" },
	};
	static const char *const hosts[] = { "a", NULL };
	const struct tvar vars[] = { { "hosts", NULL, hosts } };

	(void)state;
	put("self.ks", "{% include \"self.ks\" %}");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *err, *out;

		put("bad.ks", bad[i].text);
		out = render(i == 13 ? "self.ks" : "bad.ks", vars, 1, &err);
		if (out != NULL || strstr(err, bad[i].msg) == NULL ||
		    strstr(err, bad[i].line) == NULL)
			fail_msg("case %zu: out=%s err=%s", i,
			    out ? out : "(null)", err);
		free(err);
	}
}

/* An empty template renders as an empty text (no read of a NULL buffer:
 * UBSan's nonnull check on memchr). */
/* A lookup for the parsed form: "a" = "1", "b" = "3", "l" a list, else
 * undefined. */
static const char *const test_list[] = { "x", "y", NULL };

static const char *
test_get(void *ctx, const char *name, const char *const **list)
{
	(void)ctx;
	if (strcmp(name, "a") == 0)
		return "1";
	if (strcmp(name, "b") == 0)
		return "3";
	if (strcmp(name, "l") == 0) {
		*list = test_list;
		return "";
	}
	return NULL;
}

/* Parsed once, rendered many times with a lookup; the variables it and
 * its includes read (not loop variables, not sets), those compared; a
 * digest that follows the texts of every file. */
static void
test_parsed_form(void **state)
{
	struct tlookup lk = { test_get, NULL };
	struct buf out = BUF_INIT;
	struct template *t;
	const char **v;
	uint64_t d1;
	size_t n;

	(void)state;
	put("p.ks", "{{ a }}{% for i in l %}{{ i }}{{ loop.index }}"
	    "{% endfor %}{% set s = a | upper %}{{ s }}\n"
	    "{% if b == \"2\" %}{{ c | default(d) }}{% endif %}"
	    "{% include \"p2.ks\" %}");
	put("p2.ks", "{% if not e %}{{ a }}{% endif %}\n");
	assert_non_null(t = template_parse(dir, "t/p.ks"));
	for (int i = 0; i < 3; i++) {
		buf_reset(&out);
		assert_int_equal(template_render_to(t, &lk, &out), -1);
	}
	/* e is undefined: an error naming the include's line */
	v = template_vars(t, TEMPLATE_READ, &n);
	assert_int_equal(n, 6);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "b");
	assert_string_equal(v[2], "c");
	assert_string_equal(v[3], "d");
	assert_string_equal(v[4], "e");
	assert_string_equal(v[5], "l");
	assert_null(v[6]);
	free(v);
	v = template_vars(t, TEMPLATE_COMPARED, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "b");
	free(v);
	d1 = template_digest(t);
	template_free(t);
	put("p2.ks", "{{ a }}\n");
	assert_non_null(t = template_parse(dir, "t/p.ks"));
	assert_true(template_digest(t) != d1);
	buf_reset(&out);
	put("p2.ks", "changed on disk after the parse\n");
	assert_int_equal(template_render_to(t, &lk, &out), 0);
	assert_string_equal(out.data, "1x1y2" "1\n1\n");
	template_free(t);
	buf_free(&out);
}

/* A syntax error in an include is found by the parse, even in a branch
 * no render takes; a missing include only when a render reaches it. */
static void
test_parse_errors(void **state)
{
	struct tlookup lk = { test_get, NULL };
	struct buf out = BUF_INIT;
	struct template *t;

	(void)state;
	put("q.ks", "{% if z %}{% include \"q2.ks\" %}{% endif %}ok\n");
	put("q2.ks", "{% if %}\n");
	assert_null(t = template_parse(dir, "t/q.ks"));
	put("q.ks", "{% if a == \"0\" %}{% include \"none.ks\" %}"
	    "{% endif %}ok\n");
	assert_non_null(t = template_parse(dir, "t/q.ks"));
	assert_int_equal(template_render_to(t, &lk, &out), 0);
	buf_adds(&out, "");
	assert_string_equal(out.data, "ok\n");
	template_free(t);
	buf_free(&out);
}

static void
test_empty_template(void **state)
{
	char *err, *out;

	(void)state;
	put("empty.ks", "");
	out = render("empty.ks", NULL, 0, &err);
	if (out == NULL)
		fail_msg("%s", err);
	assert_string_equal(out, "");
	free(out);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variables_and_passthrough),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_jinja_features),
		cmocka_unit_test(test_includes_and_overlay),
		cmocka_unit_test(test_parsed_form),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_template),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
