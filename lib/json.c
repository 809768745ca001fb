/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.c: see json.h.  Plain gnu99, for the builder and the helpers. */
#include "json.h"

int
json_str(struct buf *b, const char *s)
{
	int rc = buf_addc(b, '"');

	for (const unsigned char *p = (const unsigned char *)s;
	    *p != '\0' && rc == 0; p++) {
		switch (*p) {
		case '"':  rc = buf_adds(b, "\\\""); break;
		case '\\': rc = buf_adds(b, "\\\\"); break;
		case '\n': rc = buf_adds(b, "\\n"); break;
		case '\t': rc = buf_adds(b, "\\t"); break;
		case '\r': rc = buf_adds(b, "\\r"); break;
		default:
			if (*p < 0x20)
				rc = buf_printf(b, "\\u%04x", *p);
			else
				rc = buf_addc(b, (char)*p);
		}
	}
	return rc == 0 ? buf_addc(b, '"') : -1;
}
