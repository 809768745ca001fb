#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A small HTTP/1.1 file server for the fetch and tree unit tests.

It serves --root on 127.0.0.1 (a free port, printed as "PORT n" on stdout),
over TLS with --tls CERT KEY (PEM files),
with ETag, Last-Modified, conditional requests (304), Range (206, If-Range)
and faults a test injects through control URLs:

  /_fault?path=/a/b&kind=K&count=N[&secs=S]  the next N requests of /a/b fail
      K = 404 | 500 | cut (half the body, then the connection closes)
        | stall (half the body, then S seconds of silence) | norange
  /_log     every request so far, one line: "GET /path STATUS bytes=N"
            (N: the body bytes the answer carries; half of it for cut and
            stall)
  /_hold?n=N  from now on, hold the answers to file requests until N of
            them wait (then answer them all: one round), or 20 s have
            passed; each log line then ends in " round=R", R counting the
            rounds from 1.  A client that sends its requests one after the
            other shows one round per request.  n=N1,N2,...: round R waits
            for N_R of them (the last N for the rounds after).
  /_reset   forget the log, the faults and the hold
"""
import argparse
import email.utils
import os
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
FAULTS = {}   # path -> [kind, count, secs]
LOG = []
HOLD = {"n": [0], "waiting": 0, "round": 1}
HELD = threading.Condition(LOCK)


def take_fault(path):
    with LOCK:
        f = FAULTS.get(path)
        if not f or f[1] <= 0:
            return None, 0
        f[1] -= 1
        return f[0], f[2]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."

    def log_message(self, *args):
        pass

    # A request is logged as soon as its answer is decided, before any byte
    # of it is sent: a client that has seen the answer (or hung up on it)
    # then always finds the line in /_log.  Logging after the write lost
    # lines when the client hung up first (the write raised) and left them
    # late otherwise (a stalled answer was logged seconds later, into the
    # log of a later test).
    def note(self, status, sent):
        with LOCK:
            LOG.append("%s %s %d bytes=%d%s" % (self.command,
                       self.path, status, sent, getattr(self, "tag", "")))

    def hold(self):
        """Under /_hold: waits until the round is full (or 20 s), and
        tags the request with its round."""
        with HELD:
            sizes = HOLD["n"]
            if sizes[0] <= 0:
                return
            mine = HOLD["round"]
            self.tag = " round=%d" % mine
            HOLD["waiting"] += 1
            need = sizes[min(mine, len(sizes)) - 1]
            if HOLD["waiting"] >= need or not HELD.wait_for(
                    lambda: HOLD["round"] != mine, timeout=20):
                if HOLD["round"] == mine:
                    HOLD["round"] += 1
                    HOLD["waiting"] = 0
                HELD.notify_all()

    def reply(self, status, body=b"", headers=()):
        self.note(status, len(body))
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def control(self, url):
        q = urllib.parse.parse_qs(url.query)
        if url.path == "/_fault":
            with LOCK:
                FAULTS[q["path"][0]] = [q["kind"][0],
                                        int(q.get("count", ["1"])[0]),
                                        float(q.get("secs", ["0"])[0])]
            self.reply(200, b"ok\n")
        elif url.path == "/_log":
            with LOCK:
                text = "".join(line + "\n" for line in LOG)
            self.reply(200, text.encode())
        elif url.path == "/_hold":
            with LOCK:
                HOLD.update(n=[int(v) for v in q["n"][0].split(",")],
                            waiting=0, round=1)
            self.reply(200, b"ok\n")
        elif url.path == "/_reset":
            with LOCK:
                FAULTS.clear()
                LOG.clear()
                HOLD.update(n=[0], waiting=0, round=1)
            self.reply(200, b"ok\n")
        else:
            self.reply(404)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_"):
            return self.control(url)
        self.tag = ""
        self.hold()
        kind, secs = take_fault(url.path)
        if kind == "404":
            return self.reply(404, b"injected 404\n")
        if kind == "500":
            return self.reply(500, b"injected 500\n")
        rel = urllib.parse.unquote(url.path).lstrip("/")
        path = os.path.realpath(os.path.join(self.root, rel))
        if not path.startswith(self.root + os.sep) or not os.path.isfile(path):
            return self.reply(404, b"not found\n")
        st = os.stat(path)
        etag = '"%x-%x"' % (st.st_mtime_ns, st.st_size)
        lastmod = email.utils.formatdate(st.st_mtime, usegmt=True)
        hdrs = [("ETag", etag), ("Last-Modified", lastmod)]
        self.serve(path, st, etag, lastmod, hdrs, kind, secs)

    def not_modified(self, st, etag):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return inm == etag
        ims = self.headers.get("If-Modified-Since")
        if ims is not None:
            t = email.utils.parsedate_to_datetime(ims).timestamp()
            return int(st.st_mtime) <= t
        return False

    def serve(self, path, st, etag, lastmod, hdrs, kind, secs):
        if self.not_modified(st, etag):
            self.note(304, 0)
            self.send_response(304)
            for k, v in hdrs:
                self.send_header(k, v)
            self.end_headers()
            return
        # read only when sent: a 304 of a large image costs nothing
        with open(path, "rb") as f:
            data = f.read()
        status, start = 200, 0
        rng = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if rng and kind != "norange" and (if_range is None or
                                          if_range in (etag, lastmod)):
            start = int(rng.split("=")[1].split("-")[0])
            if start >= len(data):
                return self.reply(416, b"", [("Content-Range",
                                              "bytes */%d" % len(data))])
            status = 206
            hdrs.append(("Content-Range", "bytes %d-%d/%d" %
                         (start, len(data) - 1, len(data))))
        body = data[start:]
        if kind in ("cut", "stall"):
            body = body[:len(body) // 2]
        self.note(status, len(body))
        self.send_response(status)
        for k, v in hdrs:
            self.send_header(k, v)
        # The whole length, so that a cut body is seen as cut short.
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(body)
        if kind in ("cut", "stall"):
            self.wfile.flush()
            if kind == "stall":
                time.sleep(secs)
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: a client that opens a dozen
    # connections at once (curl --parallel, a fetch of every file of a
    # tree in one round) has the rest of its SYNs dropped and retried a
    # second later, a delay no real web server adds.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass    # clients that hang up early are what the tests do


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = ap.parse_args()
    Handler.root = os.path.realpath(args.root)
    srv = Server(("127.0.0.1", 0), Handler)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    # The socket listens already, so the port line is a real readiness
    # signal.  It goes out in one write (print() makes two under
    # PYTHONUNBUFFERED=1, and the reader may close the pipe between them:
    # the server then died of EPIPE), and stdout then points at /dev/null
    # so that no later write can meet the closed pipe.
    os.write(1, b"PORT %d\n" % srv.server_address[1])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
