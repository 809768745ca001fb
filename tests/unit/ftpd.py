#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The system's python3 (not the first in PATH): the one Debian's
# python3-pyftpdlib is installed for (tools/setup-debian).
"""An anonymous, read-only FTP server for the fetch unit tests.

It serves --root on 127.0.0.1 (a free port, printed as "PORT n" on
stdout), through pyftpdlib, with MDTM and REST as real FTP mirrors have
them.
"""
import argparse
import logging
import os
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    # Configured here, so that pyftpdlib does not log every command.
    logging.basicConfig(level=logging.WARNING)
    auth = DummyAuthorizer()
    auth.add_anonymous(os.path.realpath(args.root), perm="elr")

    class Handler(FTPHandler):
        authorizer = auth
        passive_ports = None

    srv = FTPServer(("127.0.0.1", 0), Handler)
    # One write, then stdout to /dev/null: see httpd.py.
    os.write(1, b"PORT %d\n" % srv.socket.getsockname()[1])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    srv.serve_forever(handle_exit=False)


if __name__ == "__main__":
    sys.exit(main())
