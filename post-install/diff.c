/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unified diff of two texts, for --dry-run.  The helpers change a few
 * lines of small files, so a longest-common-subsequence table over the
 * lines between the common head and tail is cheap; above a size limit the
 * middle is shown as removed and added as a whole, which is still a
 * correct diff.  Labels are "a/REL" and "b/REL" so `patch -p1 -d ROOT`
 * applies the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

#define CONTEXT		3
#define MAX_CELLS	(4 * 1024 * 1024)

struct line {
	const char	*p;
	size_t		 len;	/* with the '\n', if any */
};

/* One step of the edit script: ' ' keep, '-' remove, '+' add. */
struct op {
	char	 kind;
	int	 a;	/* line index in the old text */
	int	 b;	/* line index in the new text */
};

/*
 * Split text into lines.  Returns an array the caller frees (NULL for an
 * empty text) and sets *n, or returns NULL with *n == -1 when out of
 * memory or past DIFF_MAX_LINES.
 */
static struct line *
split_lines(const char *text, size_t len, int *n)
{
	struct line *v = NULL;
	size_t i, start = 0;
	int count = 0;

	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			count++;
	if (len > 0 && text[len - 1] != '\n')
		count++;
	*n = count;
	if (count == 0)
		return NULL;
	if (count > DIFF_MAX_LINES || (v = calloc(count, sizeof(*v))) == NULL) {
		*n = -1;
		return NULL;
	}
	count = 0;
	for (i = 0; i < len; i++) {
		if (text[i] == '\n' || i == len - 1) {
			v[count].p = text + start;
			v[count].len = i + 1 - start;
			count++;
			start = i + 1;
		}
	}
	return v;
}

static int
line_eq(const struct line *x, const struct line *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

/*
 * Build the edit script turning a[0..na) into b[0..nb).  Returns an array
 * of *nops steps that the caller frees, or NULL when out of memory.
 */
static struct op *
edit_script(const struct line *a, int na, const struct line *b, int nb,
    int *nops)
{
	struct op *ops;
	unsigned short *t = NULL;
	int head = 0, tail = 0, ma, mb, i, j, k = 0;

	if ((ops = calloc(na + nb + 1, sizeof(*ops))) == NULL)
		return NULL;
	while (head < na && head < nb && line_eq(&a[head], &b[head]))
		head++;
	while (tail < na - head && tail < nb - head &&
	    line_eq(&a[na - 1 - tail], &b[nb - 1 - tail]))
		tail++;
	ma = na - head - tail;
	mb = nb - head - tail;
	for (i = 0; i < head; i++)
		ops[k++] = (struct op){ ' ', i, i };
	/* t[i][j]: LCS length of a-middle[i..] and b-middle[j..]. */
	if ((size_t)(ma + 1) * (mb + 1) <= MAX_CELLS && ma < 65535 &&
	    mb < 65535)
		t = calloc((size_t)(ma + 1) * (mb + 1), sizeof(*t));
	if (t != NULL) {
		for (i = ma - 1; i >= 0; i--)
			for (j = mb - 1; j >= 0; j--) {
				size_t c = (size_t)i * (mb + 1) + j;
				if (line_eq(&a[head + i], &b[head + j]))
					t[c] = t[c + mb + 2] + 1;
				else if (t[c + mb + 1] >= t[c + 1])
					t[c] = t[c + mb + 1];
				else
					t[c] = t[c + 1];
			}
	}
	for (i = 0, j = 0; i < ma || j < mb;) {
		size_t c = (size_t)i * (mb + 1) + j;
		if (t != NULL && i < ma && j < mb &&
		    line_eq(&a[head + i], &b[head + j])) {
			ops[k++] = (struct op){ ' ', head + i++, head + j++ };
		} else if (i < ma && (j == mb || t == NULL ||
		    t[c + mb + 1] >= t[c + 1])) {
			ops[k++] = (struct op){ '-', head + i++, head + j };
		} else {
			ops[k++] = (struct op){ '+', head + i, head + j++ };
		}
	}
	for (i = 0; i < tail; i++)
		ops[k++] = (struct op){ ' ', na - tail + i, nb - tail + i };
	free(t);
	*nops = k;
	return ops;
}

/* Print one line of a hunk with its prefix.  Returns nothing. */
static void
print_line(char kind, const struct line *l)
{
	putchar(kind);
	fwrite(l->p, 1, l->len, stdout);
	if (l->len == 0 || l->p[l->len - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", stdout);
}

/* Print the hunk of ops[from..to).  Returns nothing. */
static void
print_hunk(const struct op *ops, int from, int to, const struct line *a,
    const struct line *b)
{
	int i, acount = 0, bcount = 0, astart, bstart;

	for (i = from; i < to; i++) {
		if (ops[i].kind != '+')
			acount++;
		if (ops[i].kind != '-')
			bcount++;
	}
	astart = acount ? ops[from].a + 1 : ops[from].a;
	bstart = bcount ? ops[from].b + 1 : ops[from].b;
	printf("@@ -%d,%d +%d,%d @@\n", astart, acount, bstart, bcount);
	for (i = from; i < to; i++) {
		if (ops[i].kind == '+')
			print_line('+', &b[ops[i].b]);
		else
			print_line(ops[i].kind, &a[ops[i].a]);
	}
}

/* See diff.h. */
int
diff_print(const char *rel, const char *old, size_t oldlen, const char *new,
    size_t newlen)
{
	struct line *a, *b = NULL;
	struct op *ops = NULL;
	int na, nb, nops, i, start, end, last, rc = -1;

	a = split_lines(old ? old : "", old ? oldlen : 0, &na);
	if (na == -1 || (b = split_lines(new, newlen, &nb), nb == -1) ||
	    (ops = edit_script(a, na, b, nb, &nops)) == NULL)
		goto out;
	if (old)
		printf("--- a/%s\n+++ b/%s\n", rel, rel);
	else
		printf("--- /dev/null\n+++ b/%s\n", rel);
	for (i = 0; i < nops; i++) {
		if (ops[i].kind == ' ')
			continue;
		start = i > CONTEXT ? i - CONTEXT : 0;
		/* Extend over changes separated by at most 2*CONTEXT lines. */
		last = i;
		for (end = i; end < nops; end++) {
			if (ops[end].kind != ' ')
				last = end;
			else if (end - last > 2 * CONTEXT)
				break;
		}
		end = last + CONTEXT + 1 < nops ? last + CONTEXT + 1 : nops;
		print_hunk(ops, start, end, a, b);
		i = end - 1;
	}
	rc = 0;
out:
	free(a);
	free(b);
	free(ops);
	return rc;
}
