#!/usr/bin/env python3
"""Hostile load, Sluice against stunnel4 on the same machine in one run (issue 17).

usage: bench/hostile/run.py [--dist DIR] [--only slowloris,conns,flood,fuzz,integrity,reload]
                            [--cases N] [--json OUT] [--jdk JAVA_HOME] [--seed S] ...

Each scenario starts its own tunnel processes (`bin/sluice FILE` and `stunnel4 FILE`, the same
stunnel-format file for both; Sluice's own key TIMEOUThandshake is added to Sluice's copy only),
backends and load generators (bench/hostile/agents.py, one process each), measures, and stops
them all (finally; SIGTERM to this script does the same). Measurements run inside
flock /tmp/mvn.lock so that no Maven build runs beside them. Prints one markdown table per
scenario; --json writes the raw figures. See README.md beside this file.
"""
import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
AGENTS = os.path.join(HERE, "agents.py")
sys.path.insert(0, HERE)
import agents  # noqa: E402

IMPLS = ("sluice", "stunnel4")
ALL = ["slowloris", "conns", "flood", "fuzz", "integrity", "reload"]
STARTED = []  # every Popen this run started, stopped in cleanup()


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, timeout=120.0, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("%s ended (status %s) before port %d opened" % (proc.args, proc.returncode, port))
        if subprocess.run(["ss", "-Hltn", "sport = :%d" % port], capture_output=True, text=True).stdout.strip():
            return
        time.sleep(0.05)
    raise RuntimeError("nothing listens on port %d" % port)


@contextlib.contextmanager
def machine_lock():
    with open("/tmp/mvn.lock", "a") as f:
        t0 = time.time()
        fcntl.flock(f, fcntl.LOCK_EX)
        if time.time() - t0 > 1:
            log("waited %.0f s for /tmp/mvn.lock" % (time.time() - t0))
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def popen(args, logfile=None, **kw):
    out = open(logfile, "w") if logfile else subprocess.DEVNULL
    p = subprocess.Popen(args, stdout=kw.pop("stdout", out), stderr=subprocess.STDOUT if logfile else subprocess.DEVNULL,
                         **kw)
    STARTED.append(p)
    return p


def stop(p, sig=signal.SIGTERM, timeout=30):
    if p is None or p.poll() is not None:
        return
    try:
        p.send_signal(sig)
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    except ProcessLookupError:
        pass


def cleanup():
    for p in reversed(STARTED):
        stop(p, timeout=20)


# ---- /proc -------------------------------------------------------------------------------------------

def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def threads(pid):
    try:
        return len(os.listdir("/proc/%d/task" % pid))
    except OSError:
        return 0


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def heap_kib(pid, gc=True):
    """Java heap in use (after a full GC when gc), jcmd GC.heap_info."""
    try:
        if gc:
            subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=120)
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=120).stdout
    except subprocess.TimeoutExpired:
        return None
    m = re.search(r"used (\d+)K", out)
    return int(m.group(1)) if m else None


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip() + " (%d cores)" % os.cpu_count()
    return "?"


# ---- tunnels -----------------------------------------------------------------------------------------

class Tunnel:
    """One `bin/sluice FILE` or `stunnel4 FILE` process; pid is the process itself (the JVM for
    Sluice: bin/sluice execs it)."""

    def __init__(self, impl, ctx, name, sections):
        self.impl, self.name = impl, name
        self.conf = os.path.join(ctx.work, "%s-%s.conf" % (impl, name))
        self.ctx, self.sections = ctx, sections
        self.write(sections)
        self.log = os.path.join(ctx.work, "%s-%s.log" % (impl, name))
        if impl == "stunnel4":
            self.proc = popen(["stunnel4", self.conf], self.log)
        else:
            self.proc = popen([os.path.join(ctx.dist, "bin", "sluice"), self.conf], self.log, env=ctx.env)
        for s in sections:
            if "accept" in s:
                wait_listening(int(s["accept"].rsplit(":", 1)[1]), proc=self.proc)
        self.pid = self.jvm_pid() if impl == "sluice" else self.proc.pid

    def jvm_pid(self):
        pid = self.proc.pid
        for _ in range(100):
            try:
                if open("/proc/%d/comm" % pid).read().strip() == "java":
                    return pid
            except OSError:
                pass
            time.sleep(0.1)
        return pid

    def write(self, sections):
        text = "foreground = yes\npid =\ndebug = warning\n"
        for s in sections:
            text += "[%s]\n" % s["name"]
            for k, v in s.items():
                if k == "name" or (k.startswith("sluice:") and self.impl != "sluice"):
                    continue
                text += "%s = %s\n" % (k.replace("sluice:", ""), v)
        with open(self.conf, "w") as f:
            f.write(text)

    def alive(self):
        return self.proc.poll() is None and alive(self.pid)

    def stop(self):
        stop(self.proc)


def server_section(name, port, backend, ctx, **opts):
    s = {"name": name, "accept": "127.0.0.1:%d" % port, "connect": "127.0.0.1:%d" % backend,
         "cert": ctx.cert, "key": ctx.key}
    s.update(opts)
    return s


def client_section(name, port, server_port, ctx, **opts):
    s = {"name": name, "client": "yes", "accept": "127.0.0.1:%d" % port, "connect": "127.0.0.1:%d" % server_port,
         "CAfile": ctx.cert, "verifyChain": "yes", "checkHost": "localhost"}
    s.update(opts)
    return s


def agent(ctx, *args, logname=None, wait_port=None, **kw):
    p = popen([sys.executable, AGENTS, *map(str, args)],
              os.path.join(ctx.work, logname) if logname else None, **kw)
    if wait_port:
        wait_listening(wait_port, proc=p)
    return p


def read_status(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# ---- a real client -----------------------------------------------------------------------------------

def probe(ctx, port, smtp=False, timeout=10.0):
    """Seconds for a real TLS client to be served: connect, (smtp: greeting, EHLO, STARTTLS),
    handshake, one request echoed by the backend. None when it failed."""
    t0 = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
            raw.settimeout(timeout)
            if smtp:
                f = raw.makefile("rb")
                line = f.readline()
                if not line.startswith(b"220"):
                    return None
                raw.sendall(b"EHLO probe.example\r\n")
                while True:
                    line = f.readline()
                    if not line.startswith(b"250"):
                        return None
                    if line[3:4] == b" ":
                        break
                raw.sendall(b"STARTTLS\r\n")
                if not f.readline().startswith(b"220"):
                    return None
            c = ctx.client_ctx.wrap_socket(raw, server_hostname="localhost")
            token = b"PING-%d\r\n" % random.randrange(1 << 30)
            c.sendall(token)
            buf = b""
            while token not in buf:
                d = c.recv(65536)
                if not d:
                    return None
                buf += d
            return time.perf_counter() - t0
    except (OSError, ssl.SSLError):
        return None


def fmt(v, f="%.2f"):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    return f % v


def ratio(s, t, higher_better):
    try:
        if s is None or t is None or s == 0 or t == 0:
            return "-"
        return "%.2f" % ((s / t) if higher_better else (t / s))
    except TypeError:
        return "-"


def table(ctx, title, rows, note=""):
    """rows: (label, sluice, stunnel4, higher_better or None, fmt)."""
    out = ["", "### %s" % title, "", "CPU: %s; %s; %s" % (ctx.cpu, ctx.jdk, ctx.stunnel), ""]
    out.append("| figure | Sluice | stunnel4 | ratio (>1: Sluice better) |")
    out.append("|---|---|---|---|")
    for label, s, t, hb, f in rows:
        out.append("| %s | %s | %s | %s |" % (label, fmt(s, f), fmt(t, f), ratio(s, t, hb) if hb is not None else "-"))
    if note:
        out += ["", note]
    text = "\n".join(out)
    print(text, flush=True)
    ctx.tables.append(text)


# ---- 1. slowloris ------------------------------------------------------------------------------------

def slowloris(ctx, impl, smtp):
    n, deadline = ctx.a.slowloris, 30
    bport, port = free_port(), free_port()
    st = os.path.join(ctx.work, "backend-sl.json")
    backend = agent(ctx, "echo", bport, "--status", st, *(["--greeting", "220 backend.example ESMTP"] if smtp else []),
                    wait_port=bport)
    opts = {"TIMEOUTbusy": deadline, "sluice:TIMEOUThandshake": deadline}
    if smtp:
        opts["protocol"] = "smtp"
    t = Tunnel(impl, ctx, "slowloris" + ("-smtp" if smtp else ""), [server_section("sl", port, bport, ctx, **opts)])
    hello = os.path.join(ctx.work, "hello.bin")
    with open(hello, "wb") as f:
        f.write(agents.client_hellos(1, 1)[0])
    r = {}
    try:
        lat0 = [probe(ctx, port, smtp) for _ in range(5)]
        r["probe before s"] = statistics.median([x for x in lat0 if x is not None] or [float("nan")])
        time.sleep(1)
        r["threads before"], r["rss KiB before"] = threads(t.pid), rss_kib(t.pid)
        status = os.path.join(ctx.work, "sl-%s.json" % impl)
        duration = ctx.a.slowloris_seconds
        load = agent(ctx, "slowloris", port, n, status, "--hello", hello, "--duration", duration,
                     *(["--smtp"] if smtp else []), logname="slowloris-%s.log" % impl)
        t0 = time.time()
        samples, probes, probe_fail = [], [], 0
        next_probe = t0 + 3
        while load.poll() is None and time.time() - t0 < duration + 30:
            samples.append((time.time() - t0, threads(t.pid)))
            if time.time() >= next_probe:
                x = probe(ctx, port, smtp, timeout=10)
                probes.append((round(time.time() - t0, 1), x))
                if x is None:
                    probe_fail += 1
                next_probe = time.time() + 4
            if not t.alive():
                break
            time.sleep(0.5)
        s = read_status(status) or {}
        r["alive"] = "yes" if t.alive() else "NO"
        r["opened"], r["connect failed"], r["open s"] = s.get("opened"), s.get("failed"), s.get("open_s")
        closed = s.get("closed", {"silent": [], "dribbling": []})
        for kind in ("silent", "dribbling"):
            c = closed.get(kind, [])
            r["%s closed" % kind] = len(c)
            r["%s closed by 35 s" % kind] = sum(1 for x in c if x <= deadline + 5)
            r["%s first close s" % kind] = min(c) if c else None
            r["%s median close s" % kind] = statistics.median(c) if c else None
        r["threads max during"] = max((x for _, x in samples), default=0)
        r["rss KiB during (end)"] = rss_kib(t.pid)
        ok = [x for _, x in probes if x is not None]
        r["probe during median s"] = statistics.median(ok) if ok else None
        r["probe during max s"] = max(ok) if ok else None
        r["probe during failed"] = "%d/%d" % (probe_fail, len(probes))
        r["probes"] = probes
        r["thread samples"] = samples[::4]
        r["backend connections (total)"] = (read_status(st) or {}).get("total")
        stop(load)
        time.sleep(5)
        r["threads after"] = threads(t.pid)
        r["probe after s"] = probe(ctx, port, smtp)
    finally:
        t.stop()
        stop(backend)
    return r


def run_slowloris(ctx):
    for smtp in (False, True):
        res = {}
        with machine_lock():
            for impl in IMPLS:
                log("slowloris %s %s" % ("smtp" if smtp else "tls", impl))
                res[impl] = slowloris(ctx, impl, smtp)
                log(json.dumps({k: v for k, v in res[impl].items() if k not in ("probes", "thread samples")}))
        key = "slowloris-smtp" if smtp else "slowloris-tls"
        ctx.report[key] = res
        s, t = res["sluice"], res["stunnel4"]
        n = ctx.a.slowloris
        rows = [("real client served, median s, before", s["probe before s"], t["probe before s"], False, "%.3f"),
                ("real client served, median s, with %d open" % n, s["probe during median s"], t["probe during median s"], False, "%.3f"),
                ("real client served, max s, with %d open" % n, s["probe during max s"], t["probe during max s"], False, "%.3f"),
                ("real client failed (10 s timeout)", s["probe during failed"], t["probe during failed"], None, "%s"),
                ("sockets opened / connect failed", "%s / %s" % (s["opened"], s["connect failed"]),
                 "%s / %s" % (t["opened"], t["connect failed"]), None, "%s"),
                ("seconds to open them all", s["open s"], t["open s"], None, "%.1f")]
        for kind in ("silent", "dribbling"):
            rows += [("%s (%d): closed by the server by 35 s after the first / by the end (%d s)" % (kind, n // 2, ctx.a.slowloris_seconds),
                      "%s / %s" % (s["%s closed by 35 s" % kind], s["%s closed" % kind]),
                      "%s / %s" % (t["%s closed by 35 s" % kind], t["%s closed" % kind]), None, "%s"),
                     ("%s: first / median close, s after start" % kind,
                      "%s / %s" % (fmt(s["%s first close s" % kind], "%.1f"), fmt(s["%s median close s" % kind], "%.1f")),
                      "%s / %s" % (fmt(t["%s first close s" % kind], "%.1f"), fmt(t["%s median close s" % kind], "%.1f")), None, "%s")]
        rows += [("threads before / max during / after", "%s / %s / %s" % (s["threads before"], s["threads max during"], s["threads after"]),
                  "%s / %s / %s" % (t["threads before"], t["threads max during"], t["threads after"]), None, "%s"),
                 ("RSS MiB before / during", "%.0f / %.0f" % (s["rss KiB before"] / 1024, s["rss KiB during (end)"] / 1024),
                  "%.0f / %.0f" % (t["rss KiB before"] / 1024, t["rss KiB during (end)"] / 1024), None, "%s"),
                 ("backend connections made", s["backend connections (total)"], t["backend connections (total)"], None, "%s"),
                 ("process alive at the end", s["alive"], t["alive"], None, "%s")]
        table(ctx, "1. slowloris, %s server tunnel: %d sockets, half silent, half dribbling 1 byte / %g s "
              "(TIMEOUTbusy = 30 both, TIMEOUThandshake = 30 Sluice)" % ("protocol = smtp" if smtp else "TLS", n, agents.DRIBBLE),
              rows)


# ---- 2. 10,000 established connections ----------------------------------------------------------------

def conns(ctx, impl):
    n = ctx.a.conns
    bport, sport, cport = free_port(), free_port(), free_port()
    st = os.path.join(ctx.work, "backend-conns-%s.json" % impl)
    backend = agent(ctx, "echo", bport, "--status", st, wait_port=bport)
    server = Tunnel(impl, ctx, "conns-server", [server_section("srv", sport, bport, ctx)])
    client = Tunnel(impl, ctx, "conns-client", [client_section("cli", cport, sport, ctx)])
    r = {}
    try:
        assert probe_plain(cport)
        time.sleep(2)
        for role, t in (("server", server), ("client", client)):
            if impl == "sluice":  # the full GC first: it also shrinks the RSS
                r[role + " heap KiB before"] = heap_kib(t.pid)
                time.sleep(1)
            r[role + " rss KiB before"] = rss_kib(t.pid)
            r[role + " threads before"] = threads(t.pid)
            r[role + " fds before"] = len(os.listdir("/proc/%d/fd" % t.pid))
        status = os.path.join(ctx.work, "hold-%s.json" % impl)
        load = agent(ctx, "hold", cport, n, status, logname="hold-%s.log" % impl)
        t0 = time.time()
        s = {}
        while time.time() - t0 < ctx.a.conns_timeout:
            s = read_status(status) or {}
            if s.get("done") or load.poll() is not None or not (server.alive() and client.alive()):
                break
            time.sleep(1)
        r["held"], r["failed"], r["open s"] = s.get("held"), s.get("failed"), s.get("s")
        r["backend open"] = (read_status(st) or {}).get("open")
        time.sleep(3)
        for role, t in (("server", server), ("client", client)):
            if impl == "sluice":
                r[role + " heap KiB after"] = heap_kib(t.pid)
                time.sleep(1)
            r[role + " rss KiB after"] = rss_kib(t.pid)
            r[role + " threads after"] = threads(t.pid)
            r[role + " fds after"] = len(os.listdir("/proc/%d/fd" % t.pid))
            held = max(r["held"] or 0, 1)
            r[role + " rss KiB/conn"] = (r[role + " rss KiB after"] - r[role + " rss KiB before"]) / held
            if impl == "sluice" and r[role + " heap KiB after"] is not None and r[role + " heap KiB before"] is not None:
                r[role + " heap KiB/conn"] = (r[role + " heap KiB after"] - r[role + " heap KiB before"]) / held
        r["alive"] = "yes" if server.alive() and client.alive() else "NO"
        stop(load, signal.SIGKILL)
    finally:
        client.stop()
        server.stop()
        stop(backend)
    return r


def probe_plain(port, timeout=10):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as c:
            c.sendall(b"hello\n")
            buf = b""
            while b"hello\n" not in buf:
                d = c.recv(100)
                if not d:
                    return False
                buf += d
            return True
    except OSError:
        return False


def run_conns(ctx):
    res = {}
    with machine_lock():
        for impl in IMPLS:
            log("conns %s" % impl)
            res[impl] = conns(ctx, impl)
            log(json.dumps(res[impl]))
            time.sleep(3)
    ctx.report["conns"] = res
    s, t = res["sluice"], res["stunnel4"]
    rows = [("connections established (held) / failed", "%s / %s" % (s["held"], s["failed"]), "%s / %s" % (t["held"], t["failed"]), None, "%s"),
            ("seconds to open them (batches of 200, each echoed)", s["open s"], t["open s"], False, "%.1f")]
    for role in ("client", "server"):
        rows += [("%s tunnel: RSS MiB before / after" % role, "%.0f / %.0f" % (s[role + " rss KiB before"] / 1024, s[role + " rss KiB after"] / 1024),
                  "%.0f / %.0f" % (t[role + " rss KiB before"] / 1024, t[role + " rss KiB after"] / 1024), None, "%s"),
                 ("%s tunnel: RSS KiB per connection" % role, s[role + " rss KiB/conn"], t[role + " rss KiB/conn"], False, "%.1f"),
                 ("%s tunnel: threads before / after" % role, "%s / %s" % (s[role + " threads before"], s[role + " threads after"]),
                  "%s / %s" % (t[role + " threads before"], t[role + " threads after"]), None, "%s"),
                 ("%s tunnel: Java heap KiB per connection (after full GC)" % role, s.get(role + " heap KiB/conn"), None, None, "%.1f"),
                 ("%s tunnel: open descriptors before / after" % role, "%s / %s" % (s[role + " fds before"], s[role + " fds after"]),
                  "%s / %s" % (t[role + " fds before"], t[role + " fds after"]), None, "%s")]
    rows.append(("both processes alive", s["alive"], t["alive"], None, "%s"))
    table(ctx, "2. %d concurrent established connections through a client -> server tunnel pair" % ctx.a.conns, rows)


# ---- 3. handshake flood ---------------------------------------------------------------------------------

def flood(ctx, impl):
    bport, port = free_port(), free_port()
    backend = agent(ctx, "sink", bport, wait_port=bport)
    t = Tunnel(impl, ctx, "flood", [server_section("flood", port, bport, ctx)])
    r = {}
    samples = []
    try:
        streamer = popen([sys.executable, AGENTS, "stream", "127.0.0.1", str(port), ctx.cert], stdout=subprocess.PIPE,
                         text=True)

        def reader():
            for line in streamer.stdout:
                ts, b = line.split()
                samples.append((float(ts), int(b)))
        threading.Thread(target=reader, daemon=True).start()
        # Warm up the handshake path a little (a JVM is slow for its first thousands).
        subprocess.run(["openssl", "s_time", "-connect", "127.0.0.1:%d" % port, "-new", "-time", "5"],
                       capture_output=True, timeout=60)
        time.sleep(1)
        b0 = time.time()
        time.sleep(ctx.a.flood_before)
        b1 = time.time()
        rss0, thr0, cpu0 = rss_kib(t.pid), threads(t.pid), None
        secs = ctx.a.flood_seconds
        procs = [subprocess.Popen(["openssl", "s_time", "-connect", "127.0.0.1:%d" % port, "-new", "-time", str(secs)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) for _ in range(4)]
        STARTED.extend(procs)
        f0 = time.time()
        thr_max = 0
        while any(p.poll() is None for p in procs):
            thr_max = max(thr_max, threads(t.pid))
            time.sleep(1)
        f1 = time.time()
        total = 0
        for p in procs:
            m = re.search(r"(\d+) connections in [\d.]+s", p.stdout.read())
            total += int(m.group(1)) if m else 0
        time.sleep(1)

        def rate(a, b):
            pts = [x for x in samples if a <= x[0] <= b]
            if len(pts) < 2:
                return None
            return (pts[-1][1] - pts[0][1]) / (pts[-1][0] - pts[0][0]) / 1e6
        r["stream MB/s before"] = rate(b0, b1)
        r["stream MB/s during"] = rate(f0 + 1, f1)
        r["stream still running"] = "yes" if streamer.poll() is None and samples and samples[-1][0] > f1 - 2 else "NO"
        r["handshakes"] = total
        r["handshakes/s"] = total / (f1 - f0)
        r["alive"] = "yes" if t.alive() else "NO"
        r["threads before / max"] = "%d / %d" % (thr0, thr_max)
        r["rss MiB before / after"] = "%.0f / %.0f" % (rss0 / 1024, rss_kib(t.pid) / 1024)
        r["probe after s"] = probe(ctx, port)
        stop(streamer)
    finally:
        t.stop()
        stop(backend)
    return r


def run_flood(ctx):
    res = {}
    with machine_lock():
        for impl in IMPLS:
            log("flood %s" % impl)
            res[impl] = flood(ctx, impl)
            log(json.dumps(res[impl]))
    ctx.report["flood"] = res
    s, t = res["sluice"], res["stunnel4"]
    rows = [("process still up", s["alive"], t["alive"], None, "%s"),
            ("full handshakes/s (4 x openssl s_time -new, %d s)" % ctx.a.flood_seconds, s["handshakes/s"], t["handshakes/s"], True, "%.0f"),
            ("streaming connection MB/s before the flood", s["stream MB/s before"], t["stream MB/s before"], True, "%.0f"),
            ("streaming connection MB/s during the flood", s["stream MB/s during"], t["stream MB/s during"], True, "%.0f"),
            ("during / before", (s["stream MB/s during"] or 0) / (s["stream MB/s before"] or 1),
             (t["stream MB/s during"] or 0) / (t["stream MB/s before"] or 1), True, "%.2f"),
            ("streaming connection survived", s["stream still running"], t["stream still running"], None, "%s"),
            ("threads before / max during", s["threads before / max"], t["threads before / max"], None, "%s"),
            ("RSS MiB before / after", s["rss MiB before / after"], t["rss MiB before / after"], None, "%s"),
            ("real client after the flood, s", s["probe after s"], t["probe after s"], False, "%.3f")]
    table(ctx, "3. handshake flood against a TLS server tunnel, one connection streaming (Python ssl, 64 KiB writes) to a sink", rows)


# ---- 4. malformed input ---------------------------------------------------------------------------------

FUZZ_TIMEOUT = 2  # TIMEOUTbusy / TIMEOUThandshake of the fuzzed tunnels (TIMEOUTidle twice that)
FUZZ_DEADLINE = 8  # a case still open this long after its last byte is counted bad


def fuzz(ctx, impl):
    b1, b2, p1, p2 = free_port(), free_port(), free_port(), free_port()
    e1 = agent(ctx, "echo", b1, wait_port=b1)
    e2 = agent(ctx, "echo", b2, "--greeting", "220 backend.example ESMTP", wait_port=b2)
    short = {"TIMEOUTbusy": FUZZ_TIMEOUT, "TIMEOUTidle": 2 * FUZZ_TIMEOUT, "sluice:TIMEOUThandshake": FUZZ_TIMEOUT}
    t = Tunnel(impl, ctx, "fuzz", [server_section("fuzz-tls", p1, b1, ctx, **short),
                                   server_section("fuzz-smtp", p2, b2, ctx, protocol="smtp", **short)])
    r = {}
    try:
        for _ in range(3):
            probe(ctx, p1), probe(ctx, p2, True)
        time.sleep(1)
        r["rss KiB before"], r["threads before"] = rss_kib(t.pid), threads(t.pid)
        status = os.path.join(ctx.work, "fuzz-%s.json" % impl)
        load = agent(ctx, "fuzz", "--seed", ctx.a.seed, "--cases", ctx.a.cases, "--inflight", ctx.a.inflight,
                     "--deadline", FUZZ_DEADLINE, "--max-seconds", ctx.a.fuzz_seconds, "--tls-port", p1, "--smtp-port", p2,
                     "--status", status, *(["--kinds", ctx.a.fuzz_kinds] if ctx.a.fuzz_kinds else []),
                     logname="fuzz-%s.log" % impl)
        checks, failed_checks, thr_max, rss_max = 0, [], 0, 0
        t0 = time.time()
        while load.poll() is None:
            time.sleep(5)
            thr_max, rss_max = max(thr_max, threads(t.pid)), max(rss_max, rss_kib(t.pid))
            a, b = probe(ctx, p1, timeout=15), probe(ctx, p2, True, timeout=15)
            checks += 1
            if a is None or b is None or not t.alive():
                failed_checks.append((round(time.time() - t0), a, b, t.alive()))
            s = read_status(status) or {}
            log("fuzz %s: %s cases, %s open after deadline, threads %d, rss %d MiB" % (
                impl, s.get("cases"), s.get("open_after_deadline"), threads(t.pid), rss_kib(t.pid) // 1024))
        r.update(read_status(status) or {})
        r["periodic checks"] = checks
        r["periodic checks failed"] = failed_checks
        r["threads max during"], r["rss KiB max during"] = thr_max, rss_max
        time.sleep(3)
        r["rss KiB after"], r["threads after"] = rss_kib(t.pid), threads(t.pid)
        r["final check tls s"], r["final check smtp s"] = probe(ctx, p1), probe(ctx, p2, True)
        r["alive"] = "yes" if t.alive() else "NO"
    finally:
        t.stop()
        stop(e1)
        stop(e2)
    return r


def run_fuzz(ctx):
    res = {}
    with machine_lock():
        for impl in IMPLS:
            log("fuzz %s" % impl)
            res[impl] = fuzz(ctx, impl)
            log(json.dumps(res[impl]))
    ctx.report["fuzz"] = res
    s, t = res["sluice"], res["stunnel4"]
    rows = [("cases run (in %s / %s s)" % (fmt(s.get("s"), "%.0f"), fmt(t.get("s"), "%.0f")), s.get("cases"), t.get("cases"), None, "%s"),
            ("closed by the server (good)", s.get("closed"), t.get("closed"), None, "%s"),
            ("still open %d s after the last byte (bad)" % FUZZ_DEADLINE, s.get("open_after_deadline"), t.get("open_after_deadline"), None, "%s"),
            ("connection refused / connect timeout (bad)", s.get("refused"), t.get("refused"), None, "%s")]
    kinds = sorted(set(s.get("kinds", {})) | set(t.get("kinds", {})))
    for k in kinds:
        bs, bt = s.get("bad_by_kind", {}).get(k, {}), t.get("bad_by_kind", {}).get(k, {})
        rows.append(("kind %s: cases / bad" % k, "%s / %s" % (s.get("kinds", {}).get(k, 0), sum(bs.values())),
                     "%s / %s" % (t.get("kinds", {}).get(k, 0), sum(bt.values())), None, "%s"))
    rows += [("cases that cost more than their own connection (failed periodic checks: real client refused or slow >15 s, process dead)",
              "%d of %d checks" % (len(s["periodic checks failed"]), s["periodic checks"]),
              "%d of %d checks" % (len(t["periodic checks failed"]), t["periodic checks"]), None, "%s"),
             ("real client after all cases (TLS / smtp), s", "%s / %s" % (fmt(s["final check tls s"], "%.3f"), fmt(s["final check smtp s"], "%.3f")),
              "%s / %s" % (fmt(t["final check tls s"], "%.3f"), fmt(t["final check smtp s"], "%.3f")), None, "%s"),
             ("process alive", s["alive"], t["alive"], None, "%s"),
             ("RSS MiB before / max during / after", "%.0f / %.0f / %.0f" % (s["rss KiB before"] / 1024, s["rss KiB max during"] / 1024, s["rss KiB after"] / 1024),
              "%.0f / %.0f / %.0f" % (t["rss KiB before"] / 1024, t["rss KiB max during"] / 1024, t["rss KiB after"] / 1024), None, "%s"),
             ("threads before / max during / after", "%s / %s / %s" % (s["threads before"], s["threads max during"], s["threads after"]),
              "%s / %s / %s" % (t["threads before"], t["threads max during"], t["threads after"]), None, "%s")]
    table(ctx, "4. malformed input: seeded cases (seed %d, %d in flight) against a TLS and a protocol = smtp server tunnel "
          "(TIMEOUTbusy %d, TIMEOUTidle %d both; TIMEOUThandshake %d Sluice); 75%% of cases half-close after sending; "
          "at most %d s per implementation" % (ctx.a.seed, ctx.a.inflight, FUZZ_TIMEOUT, 2 * FUZZ_TIMEOUT, FUZZ_TIMEOUT, ctx.a.fuzz_seconds),
          rows)


# ---- 5. integrity ---------------------------------------------------------------------------------------

def integrity(ctx, impl):
    bport, sport, cport = free_port(), free_port(), free_port()
    backend = agent(ctx, "integrity", bport, wait_port=bport)
    server = Tunnel(impl, ctx, "int-server", [server_section("srv", sport, bport, ctx)])
    client = Tunnel(impl, ctx, "int-client", [client_section("cli", cport, sport, ctx)])
    r = {}
    try:
        total = ctx.a.integrity_mb << 20
        # upload + echo: send everything, SHUT_WR, read everything back (concurrently, or the echo stalls)
        seed = ctx.a.seed
        c = socket.create_connection(("127.0.0.1", cport))
        sent_h, recv_h = hashlib.sha256(), hashlib.sha256()
        received = [0]

        def rd():
            buf = bytearray(1 << 18)
            while True:
                n = c.recv_into(buf)
                if not n:
                    break
                recv_h.update(memoryview(buf)[:n])
                received[0] += n
        th = threading.Thread(target=rd)
        t0 = time.time()
        c.sendall(b"E")
        sent_h.update(b"E")
        th.start()
        for chunk in agents.Chunks(seed, total):
            c.sendall(chunk)
            sent_h.update(chunk)
        c.shutdown(socket.SHUT_WR)
        th.join(600)
        dt = time.time() - t0
        c.close()
        r["echo bytes"] = received[0]
        r["echo pass"] = "pass" if sent_h.hexdigest() == recv_h.hexdigest() and received[0] == total + 1 else "FAIL"
        r["echo MB/s (each way)"] = total / dt / 1e6
        # download: the backend sends GEN_BYTES of Chunks(seed + 1), then closes
        c = socket.create_connection(("127.0.0.1", cport))
        c.sendall(b"S%d\n" % (seed + 1))
        c.shutdown(socket.SHUT_WR)
        h, n, buf = hashlib.sha256(), 0, bytearray(1 << 18)
        t0 = time.time()
        while True:
            k = c.recv_into(buf)
            if not k:
                break
            h.update(memoryview(buf)[:k])
            n += k
        dt = time.time() - t0
        c.close()
        r["download bytes"] = n
        r["download pass"] = "pass" if n == agents.GEN_BYTES and h.hexdigest() == ctx.expected_download else "FAIL"
        r["download MB/s"] = n / dt / 1e6
        r["alive"] = "yes" if server.alive() and client.alive() else "NO"
    finally:
        client.stop()
        server.stop()
        stop(backend)
    return r


def run_integrity(ctx):
    ctx.expected_download = agents.expected_sha(ctx.a.seed + 1)
    res = {}
    with machine_lock():
        for impl in IMPLS:
            log("integrity %s" % impl)
            res[impl] = integrity(ctx, impl)
            log(json.dumps(res[impl]))
    ctx.report["integrity"] = res
    s, t = res["sluice"], res["stunnel4"]
    mb = ctx.a.integrity_mb
    rows = [("%d MiB up, echoed back, half-close (SHUT_WR) after sending: SHA-256 equal" % mb, s["echo pass"], t["echo pass"], None, "%s"),
            ("  MB/s (each way, through client + server tunnel)", s["echo MB/s (each way)"], t["echo MB/s (each way)"], True, "%.0f"),
            ("1 GiB down from the backend, then its close: SHA-256 equal", s["download pass"], t["download pass"], None, "%s"),
            ("  MB/s", s["download MB/s"], t["download MB/s"], True, "%.0f"),
            ("processes alive", s["alive"], t["alive"], None, "%s")]
    table(ctx, "5. integrity: chunks of 1 B .. 256 KiB (seed %d) through a client -> server tunnel pair" % ctx.a.seed, rows)


# ---- 6. reconfiguration under load ----------------------------------------------------------------------

class Streams:
    """k long-lived connections, each sending random 1..8 KiB and checking the echo, until stopped."""

    def __init__(self, port, k):
        self.port, self.stop_flag = port, threading.Event()
        self.errors, self.bytes, self.threads = [], [0] * k, []
        for i in range(k):
            th = threading.Thread(target=self.run, args=(i,), daemon=True)
            th.start()
            self.threads.append(th)

    def run(self, i):
        rng = random.Random(i)
        try:
            c = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            while not self.stop_flag.is_set():
                data = rng.randbytes(rng.randint(1, 8192))
                c.sendall(data)
                got = b""
                while len(got) < len(data):
                    d = c.recv(len(data) - len(got))
                    if not d:
                        raise OSError("closed by the tunnel")
                    got += d
                if got != data:
                    raise OSError("corrupted echo")
                self.bytes[i] += len(data)
                time.sleep(0.02)
            c.close()
        except OSError as e:
            self.errors.append((i, time.strftime("%H:%M:%S"), str(e)))

    def finish(self):
        self.stop_flag.set()
        for th in self.threads:
            th.join(60)


def reload_run(ctx, impl, via):
    """via: 'sighup' (bin/sluice FILE / stunnel4 FILE, kill -HUP) or 'cfg' (plain bin/sluice, edit the .cfg)."""
    k, n = ctx.a.reload_conns, ctx.a.reloads
    bport, sport, cport = free_port(), free_port(), free_port()
    backend = agent(ctx, "echo", bport, wait_port=bport)
    plain = None
    r = {}
    ciphers = ["ECDHE+AESGCM:ECDHE+CHACHA20", "HIGH:!aNULL:!MD5"]
    try:
        if via == "sighup":
            server = Tunnel(impl, ctx, "reload-server", [server_section("srv", sport, bport, ctx, TIMEOUTidle=3600,
                                                                        ciphers=ciphers[0])])
            spid = server.pid
        else:
            plain, cfg = start_plain_sluice(ctx, sport, bport)
            spid = plain.pid
        client = Tunnel(impl, ctx, "reload-client", [client_section("cli", cport, sport, ctx)])
        assert probe_plain(cport)
        r["server threads before"], r["server rss KiB before"] = threads(spid), rss_kib(spid)
        streams = Streams(cport, k)
        time.sleep(2)
        new_ok, new_fail = 0, 0
        t0 = time.time()
        for i in range(n):
            if via == "sighup":
                server.write([server_section("srv", sport, bport, ctx, TIMEOUTidle=3600 + i, ciphers=ciphers[i % 2])])
                os.kill(spid, signal.SIGHUP)
            else:
                write_cfg(cfg, sport, bport, ctx, 3600 + i, ciphers[i % 2])
            time.sleep(ctx.a.reload_interval)
            if i % 10 == 9:
                if probe_plain(cport):
                    new_ok += 1
                else:
                    new_fail += 1
        r["reload s"] = time.time() - t0
        time.sleep(3)
        r["new connections after reloads ok/failed"] = "%d / %d" % (new_ok + probe_plain(cport), new_fail)
        r["streams alive before stop"] = sum(1 for th in streams.threads if th.is_alive())
        streams.finish()
        r["dropped"] = len(streams.errors)
        r["errors"] = streams.errors[:10]
        r["MB streamed"] = sum(streams.bytes) / 1e6
        r["server threads after"], r["server rss KiB after"] = threads(spid), rss_kib(spid)
        r["alive"] = "yes" if alive(spid) and client.alive() else "NO"
        client.stop()
        if via == "sighup":
            server.stop()
    finally:
        if plain is not None:
            stop(plain)
        stop(backend)
    return r


def write_cfg(path, sport, bport, ctx, idle, ciphers):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("accept = 127.0.0.1:%d\nconnect = 127.0.0.1:%d\ncert = %s\nkey = %s\nTIMEOUTidle = %d\nciphers = %s\n"
                % (sport, bport, ctx.cert, ctx.key, idle, ciphers))
    os.replace(tmp, path)


def start_plain_sluice(ctx, sport, bport):
    """A plain `bin/sluice` of a private copy of the distribution: the server tunnel is
    etc/io.sluice.tunnel-hostile.cfg; SSH and JMX moved to free ports."""
    home = os.path.join(ctx.work, "plain-sluice")
    if not os.path.isdir(home):
        shutil.copytree(ctx.dist, home, symlinks=True, ignore=shutil.ignore_patterns("stunnel"))
    demo = os.path.join(home, "etc", "io.sluice.tunnel-demo.cfg")
    if os.path.exists(demo):
        os.remove(demo)
    for f, keys in (("org.apache.karaf.shell.cfg", ["sshPort"]),
                    ("org.apache.karaf.management.cfg", ["rmiRegistryPort", "rmiServerPort", "jmxmpPort"])):
        p = os.path.join(home, "etc", f)
        text = open(p).read()
        for key in keys:
            text = re.sub(r"(?m)^%s\s*=.*$" % key, "%s = %d" % (key, free_port()), text)
        open(p, "w").write(text)
    cfg = os.path.join(home, "etc", "io.sluice.tunnel-hostile.cfg")
    write_cfg(cfg, sport, bport, ctx, 3600, "ECDHE+AESGCM:ECDHE+CHACHA20")
    env = dict(ctx.env, SLUICE_HOME=home)
    p = popen([os.path.join(home, "bin", "sluice")], os.path.join(ctx.work, "plain-sluice.log"), env=env)
    wait_listening(sport, timeout=180, proc=p)
    return p, cfg


def run_reload(ctx):
    res = {}
    runs = [("sluice", "sighup"), ("stunnel4", "sighup")] + ([("sluice", "cfg")] if not ctx.a.no_cfg_reload else [])
    with machine_lock():
        for impl, via in runs:
            log("reload %s %s" % (impl, via))
            try:
                res["%s %s" % (impl, via)] = reload_run(ctx, impl, via)
            except Exception as e:  # the cfg path needs a plain installation; report, go on
                res["%s %s" % (impl, via)] = {"error": repr(e)}
            log(json.dumps(res["%s %s" % (impl, via)]))
    ctx.report["reload"] = res
    s, t = res["sluice sighup"], res["stunnel4 sighup"]
    c = res.get("sluice cfg", {})
    rows = []
    for label, key, f in (("established connections dropped (of %d)" % ctx.a.reload_conns, "dropped", "%s"),
                          ("streams still running at the end", "streams alive before stop", "%s"),
                          ("new connections through after reloads ok / failed", "new connections after reloads ok/failed", "%s"),
                          ("MB echoed over the held connections", "MB streamed", "%.1f"),
                          ("seconds for the %d reloads" % ctx.a.reloads, "reload s", "%.1f"),
                          ("server threads before / after", None, "%s"),
                          ("processes alive", "alive", "%s")):
        if key is None:
            vals = ["%s / %s" % (x.get("server threads before"), x.get("server threads after")) for x in (s, t, c)]
        else:
            vals = [x.get(key, x.get("error", "-")) if x else "not run" for x in (s, t, c)]
        rows.append((label + " [Sluice via .cfg edits: %s]" % fmt(vals[2], f) if c else label, vals[0], vals[1], None, f))
    table(ctx, "6. %d reconfigurations of the server tunnel (TIMEOUTidle and ciphers changed each time, every %g s), "
          "%d long-lived echoing connections through the pair; Sluice and stunnel4 via SIGHUP" % (
              ctx.a.reloads, ctx.a.reload_interval, ctx.a.reload_conns), rows)


# ---- main -------------------------------------------------------------------------------------------------

class Ctx:
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dist", default=os.path.join(ROOT, "karaf-assembly", "target", "assembly"))
    ap.add_argument("--only", default=",".join(ALL))
    ap.add_argument("--cases", type=int, default=100000, help="malformed-input cases per implementation")
    ap.add_argument("--json")
    ap.add_argument("--jdk", default=os.environ.get("JAVA_HOME") or "/usr/lib/jvm/java-17-openjdk-amd64")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--slowloris", type=int, default=5000)
    ap.add_argument("--slowloris-seconds", type=int, default=50, help="how long the slowloris sockets are watched")
    ap.add_argument("--conns", type=int, default=10000,
                    help="capped at (hard RLIMIT_NOFILE - 300) / 2: each tunnel process holds 2 descriptors per connection")
    ap.add_argument("--conns-timeout", type=int, default=240)
    ap.add_argument("--flood-seconds", type=int, default=60)
    ap.add_argument("--flood-before", type=int, default=8)
    ap.add_argument("--inflight", type=int, default=1000)
    ap.add_argument("--fuzz-seconds", type=int, default=260, help="cap per implementation")
    ap.add_argument("--fuzz-kinds", help="only these case kinds (comma-separated; see agents.py KINDS_*)")
    ap.add_argument("--integrity-mb", type=int, default=1024)
    ap.add_argument("--reloads", type=int, default=100)
    ap.add_argument("--reload-conns", type=int, default=50)
    ap.add_argument("--reload-interval", type=float, default=0.3)
    ap.add_argument("--no-cfg-reload", action="store_true", help="skip the plain bin/sluice .cfg-edit variant")
    a = ap.parse_args()
    only = a.only.split(",")
    for o in only:
        if o not in ALL:
            sys.exit("unknown scenario %s (of %s)" % (o, ",".join(ALL)))
    for tool in ("stunnel4", "openssl", "ss", "jcmd"):
        if shutil.which(tool) is None:
            sys.exit("missing tool: " + tool)
    if not os.path.isfile(os.path.join(a.dist, "bin", "sluice")):
        sys.exit("no distribution at %s" % a.dist)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    # 10,000 connections through a pair = 20,000 descriptors in the client tunnel: as root, raise the
    # hard limit too (children inherit it); otherwise the soft limit goes to the hard one.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(hard, 65536), max(hard, 65536)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if a.conns > (nofile - 300) // 2:
        log("--conns %d needs %d descriptors per tunnel process; RLIMIT_NOFILE is %d (raising the hard limit needs "
            "CAP_SYS_RESOURCE): %d connections instead" % (a.conns, 2 * a.conns, nofile, (nofile - 300) // 2))
        a.conns = (nofile - 300) // 2
    ctx = Ctx()
    ctx.a, ctx.tables = a, []
    ctx.dist = os.path.abspath(a.dist)
    ctx.cpu = cpu_model()
    java = os.path.join(a.jdk, "bin", "java")
    ctx.jdk = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    ctx.stunnel = re.search(r"stunnel [\d.]+", subprocess.run(["stunnel4", "-version"], capture_output=True,
                                                               text=True).stderr).group(0)
    ctx.work = tempfile.mkdtemp(prefix="sluice-hostile.")
    ctx.env = dict(os.environ, JAVA_HOME=a.jdk)
    ctx.env.pop("JAVA_OPTS", None)
    ctx.report = {"cpu": ctx.cpu, "jdk": ctx.jdk, "stunnel": ctx.stunnel, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "nofile": resource.getrlimit(resource.RLIMIT_NOFILE), "args": vars(a)}
    log("CPU %s; %s; %s; work %s; RLIMIT_NOFILE %s" % (ctx.cpu, ctx.jdk, ctx.stunnel, ctx.work, ctx.report["nofile"]))
    ok = False
    try:
        ctx.cert, ctx.key = os.path.join(ctx.work, "cert.pem"), os.path.join(ctx.work, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout", ctx.key, "-out", ctx.cert], check=True, capture_output=True)
        ctx.client_ctx = ssl.create_default_context(cafile=ctx.cert)
        for name, fn in (("slowloris", run_slowloris), ("conns", run_conns), ("flood", run_flood), ("fuzz", run_fuzz),
                         ("integrity", run_integrity), ("reload", run_reload)):
            if name in only:
                t0 = time.time()
                try:
                    fn(ctx)
                except Exception as e:
                    import traceback
                    traceback.print_exc()
                    ctx.report.setdefault("failed", {})[name] = repr(e)
                    log("scenario %s failed: %r" % (name, e))
                ctx.report.setdefault("seconds", {})[name] = time.time() - t0
                log("%s took %.0f s" % (name, time.time() - t0))
                if a.json:
                    with open(a.json, "w") as f:
                        json.dump(ctx.report, f, indent=1, default=str)
        ctx.report["tables"] = ctx.tables
        ok = True
    finally:
        cleanup()
        if a.json:
            with open(a.json, "w") as f:
                json.dump(ctx.report, f, indent=1, default=str)
        if ok and not os.environ.get("KEEP"):
            shutil.rmtree(ctx.work, ignore_errors=True)
        else:
            log("kept " + ctx.work)


if __name__ == "__main__":
    main()
