# A websocket client from python3-websockets (the library Supvisors' own websocket client uses),
# driven by the transport tests.
#
# usage: python3 ws-sub.py URL
# environment:
#   WS_SUB_STALL_AFTER=N  stop receiving after N messages; with a 4 KiB socket receive buffer and a
#                         one-message queue, the library then stops reading the socket at once
# stdout, one JSON object a line: {"open": true} once connected; {"text": ...} per text message,
#   in order; {"stalled": true} when it stops receiving; {"closed": code} when the server closes.
# stdin: at end of file the client closes and exits.

import asyncio
import json
import os
import socket
import sys
from urllib.parse import urlparse

import websockets


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def main(url):
    stall_after = int(os.environ.get("WS_SUB_STALL_AFTER", "-1"))
    loop = asyncio.get_running_loop()
    stdin_closed = asyncio.Event()

    def on_stdin():
        if not os.read(sys.stdin.fileno(), 4096):
            loop.remove_reader(sys.stdin.fileno())
            stdin_closed.set()

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    options = {}
    if stall_after >= 0:
        parsed = urlparse(url)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect((parsed.hostname, parsed.port))
        options = {"sock": sock, "max_queue": 1, "read_limit": 4096}
    async with websockets.connect(url, **options) as ws:
        emit({"open": True})

        async def receive():
            count = 0
            try:
                while count != stall_after:
                    emit({"text": await ws.recv()})
                    count += 1
                emit({"stalled": True})
                await stdin_closed.wait()
                # A closing handshake cannot get through a connection nobody reads: just leave.
                os._exit(0)
            except websockets.ConnectionClosed as closed:
                emit({"closed": closed.code})

        receiver = asyncio.ensure_future(receive())
        waiter = asyncio.ensure_future(stdin_closed.wait())
        await asyncio.wait([receiver, waiter], return_when=asyncio.FIRST_COMPLETED)
        if not receiver.done():
            await ws.close()
            receiver.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
