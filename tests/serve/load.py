# SPDX-License-Identifier: GPL-2.0-or-later
# The clients of t-serve-load.sh: N threads released at once, each
# fetching one host's kickstart and posting one event for it with a
# detail of its own; prints "STATUS" counts and exits 1 on any failure.
#
# usage: load.py BASE TOKENS-FILE CLIENTS
import sys
import threading
import urllib.parse
import urllib.request

base, tokens_file, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
tokens = {}
for line in open(tokens_file):
    if not line.startswith("#"):
        name, tok = line.split()
        tokens[name] = tok
hosts = sorted(tokens)
barrier = threading.Barrier(n)
results = []
lock = threading.Lock()


def client(i):
    host = hosts[i % len(hosts)]
    barrier.wait()
    got = []
    try:
        with urllib.request.urlopen("%s/ks/%s.ks" % (base, host), timeout=120) as r:
            r.read()
            got.append(r.status)
        data = urllib.parse.urlencode({"token": tokens[host], "event": "pre",
                                       "detail": "client %d" % i}).encode()
        with urllib.request.urlopen("%s/api/hosts/%s/events" % (base, host),
                                    data, timeout=120) as r:
            r.read()
            got.append(r.status)
    except Exception as e:
        got.append(repr(e))
    with lock:
        results.append((i, got))


threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
bad = [(i, g) for i, g in results if g != [200, 200]]
print("clients %d, failed %d" % (len(results), len(bad)))
for i, g in bad[:10]:
    print("client %d: %s" % (i, g))
sys.exit(1 if bad or len(results) != n else 0)
