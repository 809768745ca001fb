#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""relay.py LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT RTT_MS: a TCP
relay that delays what it forwards, for the fetch benchmark's link.

This machine's kernel has no netem, so the delay is made here, in user
space: every chunk read from one side is written to the other RTT_MS / 2
later (order kept), and a new connection forwards nothing of the client's
before RTT_MS have passed since it was accepted, standing in for the TCP
handshake that a real link would delay.  So a request over a new
connection is answered after 2 RTT, one over a kept-alive connection after
1 RTT, as over a link of that round-trip time.  Bandwidth is not limited.
Prints "READY" once it listens.
"""
import asyncio
import sys


async def pump(reader, writer, delay, start):
    """Forwards reader to writer, each chunk delay seconds after it came
    (and not before start, a loop time)."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def sender():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        try:
            writer.write_eof()
        except OSError:
            pass

    task = asyncio.ensure_future(sender())
    try:
        while True:
            data = await reader.read(65536)
            due = max(loop.time() + delay, start)
            if not data:
                await queue.put((due, None))
                break
            await queue.put((due, data))
        await task
    except (ConnectionError, OSError):
        task.cancel()
    finally:
        try:
            writer.close()
        except OSError:
            pass


async def main():
    lhost, lport, thost, tport = sys.argv[1], int(sys.argv[2]), \
        sys.argv[3], int(sys.argv[4])
    rtt = float(sys.argv[5]) / 1000.0
    loop = asyncio.get_running_loop()

    async def client(creader, cwriter):
        start = loop.time() + 1.5 * rtt   # handshake, then half an RTT
        try:
            sreader, swriter = await asyncio.open_connection(thost, tport)
        except OSError:
            cwriter.close()
            return
        await asyncio.gather(pump(creader, swriter, rtt / 2, start),
                             pump(sreader, cwriter, rtt / 2, 0))

    server = await asyncio.start_server(client, lhost, lport,
                                        reuse_address=True)
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
