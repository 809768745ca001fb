#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""httpd.py DIR PORTFILE: serve DIR over HTTP on 127.0.0.1 for the boot tests.

Binds a free port chosen by the kernel (no race with other tests), writes
it to PORTFILE (atomically: the caller polls for the file), then logs one
line per request on stderr: "METHOD PATH STATUS", so that a test can tell
what the guest fetched.
"""
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files; logs requests in a fixed, easily grepped form."""

    def log_request(self, code="-", size="-"):
        sys.stderr.write("%s %s %s\n" % (self.command, self.path, code))
        sys.stderr.flush()

    def log_message(self, format, *args):
        pass


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: httpd.py DIR PORTFILE\n")
        return 2
    root, portfile = sys.argv[1], sys.argv[2]
    handler = functools.partial(Handler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, portfile)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
