#!/usr/bin/env python3
"""Pushes N MiB through a tunnel pair and prints the throughput seen by the receiving end.

usage: pump.py SEND_PORT SINK_PORT MIB
The sink listens on 127.0.0.1:SINK_PORT (the server tunnel's target); the sender connects to
127.0.0.1:SEND_PORT (the client tunnel's accept port), writes MIB MiB and half-closes.
"""
import socket
import sys
import threading
import time

send_port, sink_port, mib = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
total = mib * 1024 * 1024
chunk = bytes(range(256)) * 4096  # 1 MiB

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", sink_port))
listener.listen(1)
result = {}


def sink():
    conn, _ = listener.accept()
    received = 0
    first = None
    while True:
        data = conn.recv(1 << 20)
        if not data:
            break
        if first is None:
            first = time.perf_counter()
        received += len(data)
    result["received"] = received
    result["end"] = time.perf_counter()
    conn.close()


thread = threading.Thread(target=sink)
thread.start()
start = time.perf_counter()
sender = socket.create_connection(("127.0.0.1", send_port))
sent = 0
while sent < total:
    sender.sendall(chunk)
    sent += len(chunk)
sender.shutdown(socket.SHUT_WR)
thread.join(timeout=600)
sender.close()
if result.get("received") != total:
    print("ERROR: received %s of %d bytes" % (result.get("received"), total))
    sys.exit(1)
seconds = result["end"] - start
print("%.1f MiB/s (%d MiB in %.2f s)" % (mib / seconds, mib, seconds))
