#!/usr/bin/env python3
"""Load and backend processes for bench/hostile/run.py (one mode per process, so that each has its own
file descriptors and CPU, apart from the harness). Standard library only.

    agents.py echo PORT [--greeting LINE] [--status FILE]    asyncio echo (half-close aware), counts open connections
    agents.py sink PORT                                       reads and discards
    agents.py integrity PORT                                  'E': echo everything; 'S<seed>\\n': send GEN_BYTES then close
    agents.py hold PORT N STATUS                              opens N connections (batches), each proven by an echo, holds them
    agents.py slowloris PORT N STATUS --hello FILE [--smtp]   half silent, half dribbling one byte every DRIBBLE s
    agents.py stream HOST PORT CAFILE                         one TLS connection streaming to a sink; prints bytes/s each second
    agents.py fuzz ...                                        the malformed-input generator and driver (see fuzz())
"""
import argparse
import asyncio
import hashlib
import json
import os
import random
import resource
import signal
import socket
import ssl
import sys
import time

CHUNK_MAX = 256 * 1024
GEN_BYTES = 1 << 30


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def write_status(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


# ---- seeded data: random chunk sizes 1 B .. 256 KiB, contents from a seeded 4 MiB pool -------------

class Chunks:
    """Deterministic chunks (sizes 1..256 KiB) totalling `total` bytes, from `seed`."""

    def __init__(self, seed, total=GEN_BYTES):
        self.rng = random.Random(seed)
        self.pool = random.Random(seed ^ 0x5eed).randbytes(4 << 20)
        self.left = total

    def __iter__(self):
        pool, rng = memoryview(self.pool), self.rng
        while self.left > 0:
            n = min(self.left, rng.randint(1, CHUNK_MAX))
            off = rng.randrange(0, len(pool) - n)
            self.left -= n
            yield pool[off:off + n]


def expected_sha(seed, total=GEN_BYTES):
    h = hashlib.sha256()
    for c in Chunks(seed, total):
        h.update(c)
    return h.hexdigest()


# ---- backends ---------------------------------------------------------------------------------------

class Counter:
    open = 0
    total = 0


class Echo(asyncio.Protocol):
    """Echoes with backpressure; on the client's EOF, half-closes after what was echoed."""

    def __init__(self, greeting, sink=False):
        self.greeting, self.sink = greeting, sink

    def connection_made(self, transport):
        self.t = transport
        Counter.open += 1
        Counter.total += 1
        if self.greeting:
            transport.write(self.greeting)

    def data_received(self, data):
        if self.sink and data.startswith(b"PING-"):
            self.sink = False  # a real client's probe on a sink: echo it
        if not self.sink:
            self.t.write(data)

    def pause_writing(self):
        self.t.pause_reading()

    def resume_writing(self):
        self.t.resume_reading()

    def eof_received(self):
        if self.t.can_write_eof():
            self.t.write_eof()
        return True  # keep the socket until the writes are out; the peer closes

    def connection_lost(self, exc):
        Counter.open -= 1


async def serve_echo(port, greeting, status, sink=False):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Echo(greeting, sink), "127.0.0.1", port, backlog=4096,
                                      reuse_address=True)
    print("ready", flush=True)
    while True:
        await asyncio.sleep(0.2)
        if status:
            write_status(status, {"open": Counter.open, "total": Counter.total})


def integrity_backend(port):
    """Blocking, one thread per connection: 'E' echoes everything (half-close aware), 'S<seed>\\n' sends
    GEN_BYTES of Chunks(seed) after the client's EOF, then closes."""
    import threading
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", port))
    lsock.listen(128)
    print("ready", flush=True)

    def handle(c):
        try:
            first = c.recv(1)
            if first == b"E":
                c.sendall(first)
                buf = bytearray(CHUNK_MAX)
                while True:
                    n = c.recv_into(buf)
                    if not n:
                        break
                    c.sendall(memoryview(buf)[:n])
                c.shutdown(socket.SHUT_WR)
                c.recv(1)
            elif first == b"S":
                line = b""
                while not line.endswith(b"\n"):
                    d = c.recv(64)
                    if not d:
                        break
                    line += d
                seed = int(line.strip())
                while c.recv(65536):  # until the client's EOF
                    pass
                for chunk in Chunks(seed):
                    c.sendall(chunk)
                c.shutdown(socket.SHUT_WR)
                c.recv(1)
        except OSError:
            pass
        finally:
            c.close()
    while True:
        c, _ = lsock.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


# ---- holders ----------------------------------------------------------------------------------------

async def hold(port, n, status, batch=200):
    """n connections, batch at a time; each sends one byte and waits for its echo (proof that it went
    through both tunnels to the backend). Holds them until killed."""
    held, failed = [], 0

    async def one():
        nonlocal failed
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
            w.write(b"x")
            if await asyncio.wait_for(r.readexactly(1), 60) != b"x":
                raise OSError("bad echo")
            held.append((r, w))
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            failed += 1
    start = time.time()
    done = 0
    while done < n:
        k = min(batch, n - done)
        await asyncio.gather(*(one() for _ in range(k)))
        done += k
        write_status(status, {"held": len(held), "failed": failed, "s": time.time() - start, "done": False})
    write_status(status, {"held": len(held), "failed": failed, "s": time.time() - start, "done": True})
    while True:
        await asyncio.sleep(3600)


# ---- slowloris --------------------------------------------------------------------------------------

DRIBBLE = 3.0


async def slowloris(port, n, status, hello, smtp, duration):
    """n sockets: even ones silent, odd ones dribbling one byte of `hello` every DRIBBLE s (smtp:
    'EHLO slow\\r\\nSTARTTLS\\r\\n' then the ClientHello). Records when the server closed each."""
    payload = (b"EHLO slow.example\r\nSTARTTLS\r\n" if smtp else b"") + hello
    start = None
    opened, failed = 0, 0
    closed = {"silent": [], "dribbling": []}
    sem = asyncio.Semaphore(200)
    rng = random.Random(17)

    async def one(i):
        nonlocal opened, failed
        kind = "silent" if i % 2 == 0 else "dribbling"
        async with sem:
            try:
                r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 60)
            except (OSError, asyncio.TimeoutError):
                failed += 1
                return
        opened += 1

        async def dribble():
            await asyncio.sleep(rng.uniform(0, DRIBBLE))
            for b in payload:
                w.write(bytes([b]))
                await asyncio.sleep(DRIBBLE)
        d = asyncio.ensure_future(dribble()) if kind == "dribbling" else None
        try:
            while await r.read(65536):
                pass
        except OSError:
            pass
        closed[kind].append(time.time() - start)
        if d:
            d.cancel()
        w.close()
    start = time.time()
    tasks = [asyncio.ensure_future(one(i)) for i in range(n)]
    t_open = None
    while time.time() - start < duration:
        await asyncio.sleep(0.5)
        if t_open is None and opened + failed >= n:
            t_open = time.time() - start
        write_status(status, {"opened": opened, "failed": failed, "open_s": t_open, "s": time.time() - start,
                              "closed": {k: sorted(v) for k, v in closed.items()}})
    for t in tasks:
        t.cancel()


# ---- streaming (flood) --------------------------------------------------------------------------------

def stream(host, port, cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.check_hostname = False
    s = ctx.wrap_socket(socket.create_connection((host, port)), server_hostname="localhost")
    buf = random.Random(1).randbytes(64 * 1024)
    sent, last = 0, time.time()
    while True:
        sent += s.send(buf)
        now = time.time()
        if now - last >= 1.0:
            print("%.3f %d" % (now, sent), flush=True)
            last = now


# ---- fuzz -----------------------------------------------------------------------------------------------

def client_hellos(n, seed):
    """n real ClientHellos from Python's ssl (memory BIO), varied: SNI, ALPN, versions."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        if i % 3 == 1:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        if i % 2:
            ctx.set_alpn_protocols(rng.sample(["h2", "http/1.1", "smtp", "x" * rng.randint(1, 40)], 2))
        sni = rng.choice([None, "localhost", ".".join("a" * rng.randint(1, 63) for _ in range(rng.randint(1, 3))) + ".example"])
        inc, outg = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = ctx.wrap_bio(inc, outg, server_hostname=sni)
        try:
            obj.do_handshake()
        except ssl.SSLWantReadError:
            pass
        out.append(outg.read())
    return out


def mutate(rng, data):
    data = bytearray(data)
    op = rng.randrange(4)
    if op == 0:  # flip bytes
        for _ in range(rng.randint(1, 8)):
            if data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif op == 1:  # random byte values
        for _ in range(rng.randint(1, 8)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
    elif op == 2:  # cut
        data = data[:rng.randrange(len(data) + 1)]
    else:  # repeat a slice
        a = rng.randrange(len(data) + 1)
        b = rng.randrange(a, len(data) + 1)
        data = data[:b] + data[a:b] * rng.randint(1, 20) + data[b:]
    return bytes(data)


def lie_lengths(rng, hello):
    h = bytearray(hello)
    which = rng.randrange(3)
    if which == 0:  # record length
        h[3:5] = rng.choice([b"\xff\xff", b"\x40\x01", b"\x48\x01", b"\x00\x00"])
    elif which == 1 and len(h) > 9:  # handshake length
        h[6:9] = rng.choice([b"\xff\xff\xff", b"\x01\x00\x00", b"\x00\x00\x00"])
    elif len(h) > 45:  # an inner length (session id / suites)
        h[43] = 0xff
        h[44:46] = b"\xff\xff"
    return bytes(h)


KINDS_TLS = [  # kind, weight
    ("truncated_hello", 16), ("lying_lengths", 10), ("mutated_hello", 16), ("random_bytes", 14),
    ("repeated_hello", 5), ("big_record_1MB", 1), ("post_handshake_garbage", 7), ("post_handshake_mutated_record", 9),
    ("post_handshake_bad_header", 4)]
KINDS_SMTP = [("smtp_1MB_line", 1), ("smtp_random_lines", 7), ("smtp_starttls_bad_hello", 6),
              ("smtp_truncated_dialogue", 4)]


ONLY_KINDS = None  # --kinds: a subset (the other cases are skipped, their numbers kept)


def plan(seed, i):
    """(kind, rng) of case i: reproducible whatever the concurrency."""
    rng = random.Random(seed * 1_000_003 + i)
    kinds = KINDS_TLS + KINDS_SMTP
    if ONLY_KINDS:
        kinds = [(k, w) for k, w in kinds if k in ONLY_KINDS]
    kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
    return kind, rng


async def fuzz(args):
    hellos = client_hellos(64, args.seed)
    cafile = args.cafile
    stats = {"cases": 0, "closed": 0, "open_after_deadline": 0, "refused": 0, "kinds": {}, "bad_by_kind": {},
             "eof_sent": 0}
    sem = asyncio.Semaphore(args.inflight)
    deadline = args.deadline
    start = time.time()
    stop_at = start + args.max_seconds

    def count(kind, outcome):
        stats["cases"] += 1
        stats[outcome] += 1
        stats["kinds"][kind] = stats["kinds"].get(kind, 0) + 1
        if outcome != "closed":
            b = stats["bad_by_kind"].setdefault(kind, {})
            b[outcome] = b.get(outcome, 0) + 1

    async def read_until(r, token, limit=5):
        buf = b""
        t0 = time.time()
        while token not in buf:
            d = await asyncio.wait_for(r.read(4096), max(0.01, limit - (time.time() - t0)))
            if not d:
                raise EOFError
            buf += d
        return buf

    async def tls_handshake(r, w, rng):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        if rng.random() < 0.4:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
        while True:
            try:
                obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                w.write(out.read())
                d = await asyncio.wait_for(r.read(65536), 5)
                if not d:
                    raise EOFError
                inc.write(d)
        w.write(out.read())
        return obj, out

    async def one(i):
        kind, rng = plan(args.seed, i)
        send_eof = rng.random() < 0.75
        port = args.smtp_port if kind.startswith("smtp") else args.tls_port
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
        except (OSError, asyncio.TimeoutError):
            count(kind, "refused")
            return
        outcome = "closed"
        try:
            try:
                if kind == "truncated_hello":
                    h = rng.choice(hellos)
                    w.write(h[:rng.randrange(len(h))])
                elif kind == "lying_lengths":
                    w.write(lie_lengths(rng, rng.choice(hellos)) + rng.randbytes(rng.randrange(0, 2000)))
                elif kind == "mutated_hello":
                    w.write(mutate(rng, rng.choice(hellos)))
                elif kind == "random_bytes":
                    w.write(rng.randbytes(rng.randint(1, 4096)))
                elif kind == "repeated_hello":
                    w.write(rng.choice(hellos) * rng.randint(2, 50))
                elif kind == "big_record_1MB":
                    head = rng.choice([b"\x16\x03\x01", b"\x17\x03\x03", b"\x15\x03\x03"])
                    block = rng.randbytes(65536)
                    w.write(head + b"\xff\xff")
                    for _ in range(16):  # 1 MiB
                        w.write(block)
                        await asyncio.wait_for(w.drain(), deadline)
                elif kind.startswith("post_handshake"):
                    obj, out = await tls_handshake(r, w, rng)
                    if kind == "post_handshake_garbage":
                        w.write(rng.randbytes(rng.randint(1, 20000)))
                    elif kind == "post_handshake_mutated_record":
                        obj.write(rng.randbytes(rng.randint(1, 3000)))
                        rec = out.read()
                        w.write(mutate(rng, rec) if rng.random() < 0.85 else rec * rng.randint(2, 5))  # else replay
                    else:
                        w.write(rng.choice([b"\x17\x03\x03", b"\x18\x03\x03", b"\x16\x03\x03", b"\x14\x03\x03"]) +
                                rng.choice([b"\xff\xff", b"\x48\x01", b"\x00\x00", b"\x40\x00"]) +
                                rng.randbytes(rng.randint(0, 100)))
                elif kind == "smtp_1MB_line":
                    block = b"A" * 65536
                    w.write(b"EHLO ")
                    for _ in range(16):
                        w.write(block)
                        await asyncio.wait_for(w.drain(), deadline)
                    w.write(b"\r\n")
                elif kind == "smtp_random_lines":
                    lines = []
                    for _ in range(rng.randint(1, 20)):
                        c = rng.random()
                        if c < 0.3:
                            lines.append(rng.randbytes(rng.randint(0, 300)))
                        elif c < 0.6:
                            lines.append(rng.choice([b"EHLO", b"HELO", b"STARTTLS", b"MAIL FROM:<a@b>", b"QUIT", b"RSET",
                                                     b"NOOP", b"DATA", b"AUTH PLAIN"]) + b" " + rng.randbytes(rng.randint(0, 40)))
                        else:
                            lines.append(bytes(rng.choice(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ :<>@.\t") for _ in range(rng.randint(0, 200))))
                    w.write(rng.choice([b"\r\n", b"\n", b"\r"]).join(lines) + b"\r\n")
                elif kind == "smtp_starttls_bad_hello":
                    await read_until(r, b"\n")
                    w.write(b"EHLO fuzz.example\r\n")
                    await read_until(r, b"\n250 ")
                    w.write(b"STARTTLS\r\n")
                    await read_until(r, b"220")
                    h = rng.choice(hellos)
                    w.write(mutate(rng, h) if rng.random() < 0.8 else rng.randbytes(rng.randint(1, 3000)))
                elif kind == "smtp_truncated_dialogue":
                    full = b"EHLO fuzz.example\r\nSTARTTLS\r\n" + rng.choice(hellos)
                    w.write(full[:rng.randrange(len(full))])
            except (EOFError, OSError, ssl.SSLError, asyncio.TimeoutError, asyncio.IncompleteReadError):
                pass  # the server closed (or refused to go on) while we sent: that is the good outcome
            if send_eof:
                stats["eof_sent"] += 1
                try:
                    w.write_eof()
                except (OSError, RuntimeError):
                    pass
            try:
                t_end = time.time() + deadline
                while True:
                    d = await asyncio.wait_for(r.read(65536), max(0.01, t_end - time.time()))
                    if not d:
                        break
            except asyncio.TimeoutError:
                outcome = "open_after_deadline"
            except OSError:
                pass
        finally:
            w.transport.abort()
        count(kind, outcome)

    async def guarded(i):
        try:
            await one(i)
        finally:
            sem.release()

    last = time.time()
    tasks = set()
    i = 0
    while i < args.cases and time.time() < stop_at:
        await sem.acquire()
        t = asyncio.ensure_future(guarded(i))
        tasks.add(t)
        t.add_done_callback(tasks.discard)
        i += 1
        if time.time() - last > 1:
            last = time.time()
            stats["s"] = last - start
            stats["started"] = i
            write_status(args.status, stats)
    await asyncio.gather(*tasks, return_exceptions=True)
    stats["s"] = time.time() - start
    stats["started"] = i
    stats["done"] = True
    write_status(args.status, stats)


def main():
    raise_nofile()
    ap = argparse.ArgumentParser()
    ap.add_argument("mode")
    ap.add_argument("rest", nargs="*")
    ap.add_argument("--greeting")
    ap.add_argument("--status")
    ap.add_argument("--hello")
    ap.add_argument("--smtp", action="store_true")
    ap.add_argument("--duration", type=float, default=120)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--cases", type=int, default=100000)
    ap.add_argument("--inflight", type=int, default=300)
    ap.add_argument("--deadline", type=float, default=12)
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--tls-port", type=int)
    ap.add_argument("--smtp-port", type=int)
    ap.add_argument("--cafile")
    ap.add_argument("--kinds", help="comma-separated subset of the fuzz kinds")
    a = ap.parse_args()
    global ONLY_KINDS
    ONLY_KINDS = a.kinds.split(",") if a.kinds else None
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if a.mode in ("echo", "sink"):
        g = (a.greeting.encode() + b"\r\n") if a.greeting else None
        asyncio.run(serve_echo(int(a.rest[0]), g, a.status, sink=a.mode == "sink"))
    elif a.mode == "integrity":
        integrity_backend(int(a.rest[0]))
    elif a.mode == "hold":
        asyncio.run(hold(int(a.rest[0]), int(a.rest[1]), a.rest[2]))
    elif a.mode == "slowloris":
        with open(a.hello, "rb") as f:
            hello = f.read()
        asyncio.run(slowloris(int(a.rest[0]), int(a.rest[1]), a.rest[2], hello, a.smtp, a.duration))
    elif a.mode == "stream":
        stream(a.rest[0], int(a.rest[1]), a.rest[2])
    elif a.mode == "fuzz":
        asyncio.run(fuzz(a))
    elif a.mode == "hellos":
        sys.stdout.buffer.write(client_hellos(1, a.seed)[0])
    else:
        sys.exit("unknown mode " + a.mode)


if __name__ == "__main__":
    main()
