# A real libzmq subscriber (python3-zmq) driven by the transport tests.
#
# usage: python3 zmq-sub.py PORT [TOPIC ...]
#   Connects one SUB socket to tcp://127.0.0.1:PORT with the given topic prefixes ("" = all)
#   subscribed before connecting, as Supvisors' client does.
# environment:
#   ZMQ_SUB_STALL_AFTER=N  stop reading the socket after N messages (a subscriber that stops reading)
#   ZMQ_SUB_RCVBUF=N       SO_RCVBUF of the socket, so that a stalled reader fills up quickly
# stdin, one JSON object a line:
#   {"op": "sub", "topic": "..."} / {"op": "unsub", "topic": "..."}: change subscriptions, answered
#   by {"ack": <line number, from 1>} once applied; {"op": "exit"}: close and exit.
# stdout, one JSON object a line: {"frames": [base64, ...]} per message received, in order;
#   {"stalled": true} when it stops reading.

import base64
import json
import os
import sys

import zmq


def main():
    port = int(sys.argv[1])
    topics = sys.argv[2:]
    stall_after = int(os.environ.get("ZMQ_SUB_STALL_AFTER", "-1"))
    context = zmq.Context()
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    # No receive high-water mark: a test that counts messages must not lose any inside libzmq.
    sub.setsockopt(zmq.RCVHWM, 0)
    if stall_after >= 0:
        # Dropped by the publisher, a stalled subscriber stays dropped: no automatic reconnection.
        sub.setsockopt(zmq.RECONNECT_IVL, -1)
    if "ZMQ_SUB_RCVBUF" in os.environ:
        sub.setsockopt(zmq.RCVBUF, int(os.environ["ZMQ_SUB_RCVBUF"]))
        sub.setsockopt(zmq.RCVHWM, 1)
    for topic in topics:
        sub.setsockopt(zmq.SUBSCRIBE, topic.encode())
    sub.connect("tcp://127.0.0.1:%d" % port)

    stdin = sys.stdin.fileno()
    poller = zmq.Poller()
    poller.register(stdin, zmq.POLLIN)
    poller.register(sub, zmq.POLLIN)
    out = sys.stdout
    pending = b""
    received = 0
    commands = 0
    reading = True
    while True:
        for item, _ in poller.poll():
            if item == stdin:
                data = os.read(stdin, 65536)
                if not data:
                    return finish(context, sub)
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if not line.strip():
                        continue
                    commands += 1
                    command = json.loads(line)
                    if command["op"] == "exit":
                        return finish(context, sub)
                    option = zmq.SUBSCRIBE if command["op"] == "sub" else zmq.UNSUBSCRIBE
                    sub.setsockopt(option, command["topic"].encode())
                    out.write(json.dumps({"ack": commands}) + "\n")
            elif reading:
                while True:
                    try:
                        frames = sub.recv_multipart(zmq.NOBLOCK)
                    except zmq.Again:
                        break
                    received += 1
                    encoded = [base64.b64encode(f).decode() for f in frames]
                    out.write(json.dumps({"frames": encoded}) + "\n")
                    if received == stall_after:
                        reading = False
                        poller.unregister(sub)
                        out.write(json.dumps({"stalled": True}) + "\n")
                        break
        out.flush()


def finish(context, sub):
    sub.close(0)
    context.term()


if __name__ == "__main__":
    main()
