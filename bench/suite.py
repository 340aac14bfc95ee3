#!/usr/bin/env python3
"""Sluice against stunnel4 and HAProxy, side by side on this machine: the benchmark set of issues 8
and 21.

usage: bench/suite.py [--jdk JAVA_HOME] [--provider jsse|bc|openssl] [--sluice SPEC,...]
                      [--cert ec|rsa] [--rounds N] [--seconds S] [--warm-up S] [--conns N]
                      [--figures bulk,rr,conn,hs,mem,burst,start,fresh] [--dist DIR]

Topology, for each implementation (stunnel4 and Sluice run the same stunnel-format files, `bin/sluice
FILE` as `stunnel4 FILE`; HAProxy the same tunnel ends in mode tcp):

    load -> client tunnel process (plaintext in, TLS out) -> server tunnel process (TLS in,
    plaintext out) -> backend                                 (and load -> backend: the ceiling)

Same certificate, TLS 1.3, each implementation's default suite. Several Sluice contenders (JDK, TLS
provider, class-data-sharing mode: --sluice jsse@17,jsse@25,bc@17,openssl@17,jsse@25:aot) run in the
same run. Every figure is measured in rounds that alternate the contenders (the order flips every
round); each cell is the median of the rounds with their range, and each Sluice contender gets a
ratio against stunnel4 and one against HAProxy (>1 = Sluice better, for every figure; costs are
inverted). CPU seconds are utime+stime of the two tunnel processes from /proc/PID/stat.

The whole run holds flock /tmp/mvn.lock, so that no Maven build of the machine's other users runs
beside a measurement (keep runs short: --rounds, --seconds, --warm-up). Not part of the tests: machines are noisy.
"""
import argparse
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOOLS = {"iperf3": "apt-get install -y iperf3", "wrk": "apt-get install -y wrk",
         "nginx": "apt-get install -y nginx-light", "stunnel4": "apt-get install -y stunnel4",
         "openssl": "apt-get install -y openssl", "haproxy": "apt-get install -y haproxy"}
TICK = os.sysconf("SC_CLK_TCK")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=120.0, proc=None):
    """Seconds until 127.0.0.1:port accepts a connection."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("process %s ended (status %s) before port %d opened" % (proc.args, proc.returncode, port))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return time.perf_counter() - start
        except OSError:
            time.sleep(0.005)
    raise RuntimeError("port %d never opened" % port)


def wait_listening(port, timeout=30.0, proc=None):
    """Until something listens on 127.0.0.1:port, without connecting to it."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("process %s ended (status %s) before port %d opened" % (proc.args, proc.returncode, port))
        if subprocess.run(["ss", "-Hltn", "sport = :%d" % port], capture_output=True, text=True).stdout.strip():
            return
        time.sleep(0.05)
    raise RuntimeError("nothing listens on port %d" % port)


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / TICK


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


LOCK_HELD = [0]


@contextlib.contextmanager
def machine_lock():
    """The machine's build lock: no Maven build runs beside a measurement. Held once for the whole
    run (main), so that the figures do not each queue behind the builds waiting for it; nested
    uses only count (a second flock of the same file from this process would wait for itself)."""
    if LOCK_HELD[0]:
        LOCK_HELD[0] += 1
        try:
            yield
        finally:
            LOCK_HELD[0] -= 1
        return
    with open("/tmp/mvn.lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        LOCK_HELD[0] = 1
        try:
            yield
        finally:
            LOCK_HELD[0] = 0
            fcntl.flock(f, fcntl.LOCK_UN)


class Tunnels:
    """One implementation's client and server tunnel processes."""

    def __init__(self, name, work, server_port, client_port, backend_port):
        self.name, self.work = name, work
        self.server_port, self.client_port, self.backend_port = server_port, client_port, backend_port
        self.procs = []

    def pids(self):
        return [p.pid for p in self.procs]

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []


JDKS = {"17": "/usr/lib/jvm/java-17-openjdk-amd64", "25": "/usr/lib/jvm/temurin-25-jdk-amd64"}


class Contender:
    """One implementation as measured: stunnel4, HAProxy, or Sluice with its JDK, TLS provider and
    class-data-sharing mode (cds: the archive bin/sluice makes on its own, as shipped; nocds: none
    but the JDK's; aot: Java 25's AOT cache from a training run, given in JAVA_OPTS)."""

    def __init__(self, impl, spec=None, jdk=None, provider="jsse", cds="cds", own_dist=None, lines=()):
        self.impl, self.jdk, self.provider, self.cds = impl, jdk, provider, cds
        self.own_dist, self.lines = own_dist, list(lines)
        self.name = {"stunnel4": "stunnel4", "haproxy": "HAProxy"}.get(impl) or "Sluice " + spec
        self.dist = self.java_opts = None
        self.own_opts = ""

    @staticmethod
    def parse(spec):
        """PROVIDER[@JDK][:cds|nocds|aot][=DIST][+KEY=VALUE...][~JVM-OPTION...], JDK a JAVA_HOME or 17
        or 25: jsse@17, bc@17, jsse@25:aot. =DIST: a distribution of its own instead of --dist
        (before/after comparisons of two trees in one run); +KEY=VALUE: a global line added to its
        files (e.g. +socket=l:SO_KEEPALIVE=no); ~OPTION: a JVM option in EXTRA_JAVA_OPTS, after
        bin/setenv's own, so it wins (e.g. ~-XX:TieredStopAtLevel=4: the full JIT where bin/sluice FILE
        chose C1 alone)."""
        m = re.fullmatch(r"(jsse|bc|openssl|accp)(?:@([^:=+~]+))?(?::(cds|nocds|aot))?(?:=([^+~]+))?((?:\+[^+~]+)*)"
                         r"((?:~[^~]+)*)", spec)
        if not m:
            sys.exit("--sluice %s: not PROVIDER[@JDK][:cds|nocds|aot][=DIST][+KEY=VALUE...][~JVM-OPTION...]" % spec)
        jdk = JDKS.get(m.group(2) or "17", m.group(2))
        lines = [kv.replace("=", " = ", 1) for kv in m.group(5).split("+") if kv]
        c = Contender("sluice", spec, jdk, m.group(1), m.group(3) or "cds", m.group(4), lines)
        c.own_opts = " ".join(o for o in m.group(6).split("~") if o)
        return c

    def is_jvm(self):
        return self.impl == "sluice"

    def env(self):
        env = dict(os.environ)
        env.pop("JAVA_OPTS", None)
        env.pop("EXTRA_JAVA_OPTS", None)
        if self.is_jvm():
            env.update(JAVA_HOME=self.jdk, SLUICE_HOME=self.dist)
            if self.java_opts:
                env["JAVA_OPTS"] = self.java_opts
            if self.own_opts:
                env["EXTRA_JAVA_OPTS"] = self.own_opts
        return env

    def prepare(self, base_dist, work, accp_jar):
        """A copy of the distribution of its own, so that no contender maps another's archive."""
        if not self.is_jvm():
            return
        if self.provider == "accp":
            self.java_opts = accp_options(accp_jar, work)
        if not os.access(os.path.join(self.jdk, "bin", "java"), os.X_OK):
            sys.exit("no JDK at %s (%s)" % (self.jdk, self.name))
        self.dist = os.path.join(work, re.sub(r"\W+", "-", self.name))
        shutil.copytree(self.own_dist or base_dist, self.dist, symlinks=True)
        demo = os.path.join(self.dist, "etc", "io.sluice.tunnel-demo.cfg")
        if os.path.exists(demo):
            os.remove(demo)
        features = os.path.join(self.dist, "etc", "org.apache.karaf.features.cfg")
        with open(features) as f:
            text = f.read()
        if self.provider == "openssl" and "sluice-tls-openssl" not in text:
            # A distribution from before issue 21 made it the default did not boot it: its tunnels would wait.
            with open(features, "w") as f:
                f.write(text.replace("featuresBoot = \\\n", "featuresBoot = \\\n    sluice-tls-openssl, \\\n", 1))
        if self.cds in ("nocds", "aot"):
            # A file where the preflight makes its archive directory: it starts without one (and
            # says so on standard error), so only the JDK's own archive or the AOT cache is mapped.
            os.makedirs(os.path.join(self.dist, "data", "stunnel"), exist_ok=True)
            open(os.path.join(self.dist, "data", "stunnel", "cds"), "w").close()


def accp_options(jar, work):
    """SunJSSE with Amazon Corretto Crypto Provider first in the JDK's list (JDK 17's list). On the
    module path: the JDK ignores it on the boot class path, and bin/sluice sets the class path."""
    if not jar or not os.path.isfile(jar):
        sys.exit("accp: --accp-jar names no file (mvn dependency:get "
                 "-Dartifact=software.amazon.cryptools:AmazonCorrettoCryptoProvider:2.4.1:jar:linux-x86_64)")
    providers = ["com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider", "SUN", "SunRsaSign", "SunEC",
                 "SunJSSE", "SunJCE", "SunJGSS", "SunSASL", "XMLDSig", "SunPCSC", "JdkLDAP", "JdkSASL", "SunPKCS11"]
    security = os.path.join(work, "accp.security")
    with open(security, "w") as f:
        f.writelines("security.provider.%d=%s\n" % (i + 1, p) for i, p in enumerate(providers))
    return "--module-path %s --add-modules ALL-MODULE-PATH -Djava.security.properties=%s" % (jar, security)


def conf_text(c, kind, accept, connect, cert, key):
    if c.impl == "haproxy":
        return haproxy_conf(kind, accept, connect, cert, key)
    common = "foreground = yes\npid =\ndebug = warning\n"
    if c.impl == "sluice":
        # Always said (stunnel4 refuses the key): the default depends on the platform and the tunnel.
        common += "tlsProvider = %s\n" % ("jsse" if c.provider == "accp" else c.provider)
        common += "".join(line + "\n" for line in c.lines)
    if kind == "server":
        return common + "[bench-server]\naccept = 127.0.0.1:%d\nconnect = 127.0.0.1:%d\ncert = %s\nkey = %s\n" % (
            accept, connect, cert, key)
    return common + ("[bench-client]\nclient = yes\naccept = 127.0.0.1:%d\nconnect = 127.0.0.1:%d\nCAfile = %s\n"
                     "verifyChain = yes\ncheckHost = localhost\n") % (accept, connect, cert)


def haproxy_conf(kind, accept, connect, cert, key):
    """The same tunnel end in HAProxy's words: mode tcp, TLS on the bind line (server) or on the
    server line (client, verifying the chain and the name as the others do). maxconn: each
    connection takes two descriptors, and the hard limit here is 20,000."""
    head = ("global\n  maxconn 9500\n  ssl-server-verify required\ndefaults\n  mode tcp\n  maxconn 9500\n"
            "  timeout connect 10s\n  timeout client 1h\n  timeout server 1h\n")
    if kind == "server":
        with open(cert) as c, open(key) as k, open(cert + ".haproxy.pem", "w") as both:
            both.write(c.read() + k.read())
        return head + ("frontend bench-server\n  bind 127.0.0.1:%d ssl crt %s\n  default_backend b\n"
                       "backend b\n  server s 127.0.0.1:%d\n") % (accept, cert + ".haproxy.pem", connect)
    return head + ("frontend bench-client\n  bind 127.0.0.1:%d\n  default_backend b\n"
                   "backend b\n  server s 127.0.0.1:%d ssl verify required ca-file %s verifyhost localhost\n") % (
        accept, connect, cert)


def launch(c, conf, logfile, java_opts=None):
    out = open(logfile, "w")
    env = c.env()
    if java_opts:
        env["JAVA_OPTS"] = java_opts
    args = {"stunnel4": ["stunnel4", conf], "haproxy": ["haproxy", "-db", "-f", conf]}.get(c.impl) or [
        os.path.join(c.dist, "bin", "sluice"), conf]
    return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)


def start_pair(c, work, cert, key, backend_port):
    t = Tunnels(c.name, work, free_port(), free_port(), backend_port)
    tag = re.sub(r"\W+", "-", c.name)
    for kind, accept, connect in (("server", t.server_port, backend_port), ("client", t.client_port, t.server_port)):
        conf = os.path.join(work, "%s-%s.conf" % (tag, kind))
        with open(conf, "w") as f:
            f.write(conf_text(c, kind, accept, connect, cert, key))
        t.procs.append(launch(c, conf, os.path.join(work, "%s-%s.log" % (tag, kind))))
    # Not probed with connections: a probe's connection goes on through both tunnels once their
    # handshake is done, and arrived at the backend of the first test (iperf3 -s took it for a
    # test's control connection and reset the real one).
    try:
        for port, proc in ((t.server_port, t.procs[0]), (t.client_port, t.procs[1])):
            wait_listening(port, timeout=120, proc=proc)
    except BaseException:
        t.stop()  # not yet in the caller's hands: no one else would stop it
        raise
    return t


def train_aot_cache(c, work, cert, key, backend_port):
    """Java 25's AOT cache (JEP 483/514) for this contender: one training run of a server tunnel
    that does a few seconds of handshakes; the JVM writes the cache at its exit."""
    cache = os.path.join(c.dist, "data", "karaf.aot")
    port = free_port()
    conf = os.path.join(work, "aot-train.conf")
    with open(conf, "w") as f:
        f.write(conf_text(c, "server", port, backend_port, cert, key))
    p = launch(c, conf, os.path.join(work, "aot-train.log"),
               "-XX:+UnlockDiagnosticVMOptions -XX:AOTCacheOutput=" + cache)
    wait_listening(port, timeout=120, proc=p)
    s_time(port, 3)
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=300)
    if not os.path.isfile(cache):
        sys.exit("%s: no AOT cache after the training run; see %s" % (c.name, os.path.join(work, "aot-train.log")))
    c.java_opts = "-XX:+UnlockDiagnosticVMOptions -XX:AOTCache=" + cache


# ---- backends ---------------------------------------------------------------------------------

class Backend:
    def __init__(self, args, port, probe=True):
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe:
            wait_port(port, proc=self.proc)
        else:
            wait_listening(port)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def nginx_backend(work, port):
    root = os.path.join(work, "www")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "small.txt"), "w") as f:
        f.write("x" * 100 + "\n")
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""daemon off; master_process off; user root; worker_processes 1; pid %(w)s/nginx.pid;
error_log %(w)s/nginx-error.log; worker_rlimit_nofile 4096;
events { worker_connections 2048; }
http { access_log off; keepalive_requests 100000000; keepalive_timeout 60s;
  client_body_temp_path %(w)s/t1; proxy_temp_path %(w)s/t2; fastcgi_temp_path %(w)s/t3;
  uwsgi_temp_path %(w)s/t4; scgi_temp_path %(w)s/t5;
  server { listen 127.0.0.1:%(p)d; root %(r)s; } }
""" % {"w": work, "p": port, "r": root})
    return Backend(["nginx", "-c", conf], port)


def iperf_backend(port):
    # Not probed with a connection: iperf3 -s takes any connection for a test's control
    # connection, and the probe's left it resetting the first real test now and then.
    return Backend(["iperf3", "-s", "-p", str(port), "-B", "127.0.0.1"], port, probe=False)


# ---- figures ----------------------------------------------------------------------------------

def iperf(port, streams, seconds):
    for attempt in range(5):
        out = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-P", str(streams), "-t", str(seconds),
                              "-J"], capture_output=True, text=True, timeout=seconds + 60)
        data = json.loads(out.stdout)
        # iperf3 -s serves one test at a time and may still be closing the previous one (seen
        # once on a loaded machine): ask again rather than lose the whole run.
        if "server is busy" not in data.get("error", ""):
            break
        time.sleep(2)
    if "error" in data:
        raise RuntimeError("iperf3: " + data["error"])
    end = data["end"]["sum_received"]
    return {"MiB/s": end["bits_per_second"] / 8 / 2**20, "bytes": end["bytes"]}


def wrk(port, seconds, conns, close):
    args = ["wrk", "-t1", "-c%d" % conns, "-d%ds" % seconds, "--latency"]
    if close:
        args += ["-H", "Connection: close"]
    out = subprocess.run(args + ["http://127.0.0.1:%d/small.txt" % port], capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))

    def pct(p):
        m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)\b" % p, out)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    return {"req/s": rate, "p50 ms": pct(50), "p99 ms": pct(99), "requests": requests,
            "errors": (errors.group(1) if errors else "") + (" non2xx=" + non2xx.group(1) if non2xx else "")}


def s_time(port, seconds):
    start = time.perf_counter()
    out = subprocess.run(["openssl", "s_time", "-connect", "127.0.0.1:%d" % port, "-new", "-time", str(seconds)],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    wall = time.perf_counter() - start
    n = int(re.search(r"(\d+) connections in [\d.]+s", out).group(1))
    return {"handshakes/s": n / wall, "handshakes": n}


def measure(tunnels, fn):
    """fn(port) through the tunnels (CPU of both tunnel processes added) or, tunnels None, direct."""
    if tunnels is None:
        return fn(None)
    before = cpu_seconds(tunnels.pids())
    r = fn(tunnels)
    r["cpu s"] = cpu_seconds(tunnels.pids()) - before
    return r


def rounds(impls, n, fn):
    """{impl: [result, ...]}, alternating the order every round."""
    results = {name: [] for name in impls}
    with machine_lock():
        for i in range(n):
            order = list(impls) if i % 2 == 0 else list(reversed(impls))
            for name in order:
                results[name].append(fn(name, impls[name]))
    return results


def compile_seconds(jdk, pids):
    """Seconds the JVMs' JIT compilers have spent so far (jstat -compiler: the Time column)."""
    total = 0.0
    for pid in pids:
        out = subprocess.run([os.path.join(jdk, "bin", "jstat"), "-compiler", str(pid)], capture_output=True, text=True).stdout
        total += float(out.splitlines()[1].split()[3])
    return total


def warm_up(fn, key, jvms=None, window=4, limit=240):
    """Runs fn(window) until the path is warm, up to `limit` seconds. For JVMs (jvms: (jdk, pids))
    warm means the JIT compilers are done with it: under 5% of a window spent compiling, two
    windows in a row (the rate alone misleads: it stalls for a while between compilations). For a
    native process, two windows in a row without a new best rate by more than 3%. Returns the first
    window's rate (cold), the seconds it took and every window's rate."""
    start = time.perf_counter()
    rates, quiet, best = [], 0, 0.0
    while quiet < 2 and time.perf_counter() - start < limit:
        compiled = compile_seconds(*jvms) if jvms else 0.0
        rates.append(fn(window)[key])
        if jvms:
            quiet = quiet + 1 if compile_seconds(*jvms) - compiled < 0.05 * window else 0
        else:
            quiet = quiet + 1 if len(rates) > 1 and rates[-1] <= best * 1.03 else 0
        best = max(best, rates[-1])
    return {"cold": rates[0], "steady after s": time.perf_counter() - start, "rates": rates}


def median(results, key):
    return statistics.median(r[key] for r in results)


# ---- idle connections -------------------------------------------------------------------------

HOLDER = r"""
import socket, sys
mode, port = sys.argv[1], int(sys.argv[2])
held = []
if mode == "backend":
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", port)); l.listen(4096)
    print("ready", flush=True)
    while True:
        try:
            c, _ = l.accept()
        except OSError as e:  # a connection reset before it was accepted
            print(e, file=sys.stderr, flush=True)
            continue
        held.append(c)
        print(len(held), flush=True)
else:
    for line in sys.stdin:  # a batch size: open that many more connections
        for i in range(int(line)):
            held.append(socket.create_connection(("127.0.0.1", port)))
"""
BATCH = 100


def heap_used_kib(jdk, pid):
    """Java heap in use after a full GC, from jcmd GC.heap_info."""
    jcmd = os.path.join(jdk, "bin", "jcmd")
    subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=120)
    out = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=120).stdout
    m = re.search(r"used (\d+)K", out)
    return int(m.group(1)) if m else 0


class IdleBackend:
    """One accepting backend for the whole figure: a listener restarted on the same port right after
    thousands of connections to it were dropped did not always come up (seen once)."""

    def __init__(self, work, port):
        self.holder = os.path.join(work, "holder.py")
        with open(self.holder, "w") as f:
            f.write(HOLDER)
        self.errors = open(os.path.join(work, "holder.log"), "w")
        self.proc = subprocess.Popen([sys.executable, self.holder, "backend", str(port)], stdout=subprocess.PIPE,
                                     stderr=self.errors)
        self.accepted = 0
        self.pending = b""
        if self.read_line(30) != b"ready":
            raise RuntimeError("the idle-connection backend did not start; see " + self.errors.name)

    def read_line(self, timeout):
        """The backend's next line (print may write a line in two pieces), or None."""
        deadline = time.time() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return None
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                return None  # the backend ended
            self.pending += data
        line, self.pending = self.pending.split(b"\n", 1)
        return line

    def wait_for(self, total, timeout):
        """Until total connections were accepted (True) or timeout seconds passed without (False).
        A connection that fails in the tunnels is simply not counted."""
        deadline = time.time() + timeout
        while self.accepted < total:
            line = self.read_line(deadline - time.time())
            if line is None:
                return False
            self.accepted = int(line)
        return True

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def idle_connections(c, tunnels, n, backend, batch=BATCH):
    """n connections opened batch at a time, each batch through to the backend before the next."""
    java, jdk, name = c.is_jvm(), c.jdk, c.name
    heap0 = [heap_used_kib(jdk, p) for p in tunnels.pids()] if java else [0, 0]
    time.sleep(1)
    rss0 = [rss_kib(p) for p in tunnels.pids()]
    base = backend.accepted
    start = time.perf_counter()
    cpu0 = cpu_seconds(tunnels.pids())
    client = subprocess.Popen([sys.executable, backend.holder, "client", str(tunnels.client_port)],
                              stdin=subprocess.PIPE, stderr=backend.errors, text=True)
    try:
        # In batches, each through the tunnels to the backend before the next: a burst of
        # thousands of simultaneous handshakes measures the handshake queue, not idle memory.
        count, sent = 0, 0
        while sent < n:
            client.stdin.write("%d\n" % batch)
            client.stdin.flush()
            sent += batch
            done = backend.wait_for(base + sent, 60)
            count = backend.accepted - base
            if not done:
                log("%s: %d of %d connections reached the backend within 60 s of the last batch; stopped (see %s)"
                    % (name, count, sent, backend.errors.name))
                os.environ["KEEP"] = "1"
                break
        opened = time.perf_counter() - start
        cpu = cpu_seconds(tunnels.pids()) - cpu0
        time.sleep(2)
        heap1 = [heap_used_kib(jdk, p) for p in tunnels.pids()] if java else [0, 0]
        time.sleep(1)
        rss1 = [rss_kib(p) for p in tunnels.pids()]
    finally:
        client.kill()
        client.wait()
    time.sleep(5)  # the tunnels close the dropped connections before the next implementation
    return {"connections": count, "open s": opened, "cpu s": cpu,
            "rss KiB before": sum(rss0), "rss KiB after": sum(rss1),
            "rss KiB/conn": (sum(rss1) - sum(rss0)) / max(count, 1),
            "heap KiB/conn": (sum(heap1) - sum(heap0)) / max(count, 1) if java else None}


# ---- main -------------------------------------------------------------------------------------

def cpu_model():
    out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    m = re.search(r"^Model name:\s*(.+)$", out, re.M)
    return "%s, %d CPUs" % (m.group(1).strip() if m else "unknown", os.cpu_count())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jdk", default=os.environ.get("JAVA_HOME") or JDKS["17"],
                    help="Sluice's JDK when --sluice is not given")
    ap.add_argument("--provider", choices=["jsse", "bc", "openssl"], default="openssl",
                    help="Sluice's TLS provider (tlsProvider) when --sluice is not given (default: openssl, "
                         "a tunnel's own default on Linux amd64)")
    ap.add_argument("--sluice", help="Sluice contenders, comma-separated PROVIDER[@JDK][:cds|nocds|aot] "
                                     "(JDK: a JAVA_HOME, 17 or 25; accp: jsse on Amazon Corretto Crypto Provider, JDK 17), e.g. jsse@17,jsse@25,bc@17,openssl@17; "
                                     "each runs side by side with stunnel4 and HAProxy")
    ap.add_argument("--accp-jar", default=os.path.expanduser(
        "~/.m2/repository/software/amazon/cryptools/AmazonCorrettoCryptoProvider/2.4.1/"
        "AmazonCorrettoCryptoProvider-2.4.1-linux-x86_64.jar"),
        help="Amazon Corretto Crypto Provider's jar for contenders accp@17 (SunJSSE on ACCP's primitives)")
    ap.add_argument("--cert", choices=["ec", "rsa"], default="ec")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=6)
    ap.add_argument("--warm-up", type=int, default=240, help="at most this many seconds of warm-up per figure "
                                                              "and contender")
    ap.add_argument("--fresh-seconds", type=int, default=5, help="load right after a fresh start (figure fresh)")
    ap.add_argument("--conns", type=int, default=9000,
                    help="idle connections for the memory figure (each tunnel process holds 2 fds per "
                         "connection; the hard limit of open files here is %d)" % __import__("resource").getrlimit(
                             __import__("resource").RLIMIT_NOFILE)[1])
    ap.add_argument("--burst", type=int, default=2000,
                    help="connections opened all at once for the burst figure")
    ap.add_argument("--figures", default="bulk,rr,conn,hs,mem,start",
                    help="any of bulk,rr,conn,hs,mem,burst,start,fresh")
    ap.add_argument("--dist", default=os.path.join(ROOT, "karaf-assembly", "target", "assembly"))
    ap.add_argument("--json", help="write the raw results here")
    a = ap.parse_args()
    # kill PID: still stop the tunnels and backends (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    figures = a.figures.split(",")
    sluices = [Contender.parse(spec) for spec in (
        a.sluice or "%s@%s" % (a.provider, {v: k for k, v in JDKS.items()}.get(a.jdk.rstrip("/"), a.jdk))).split(",")]
    contenders = sluices + [Contender("stunnel4"), Contender("haproxy")]
    if len({c.name for c in contenders}) != len(contenders):
        sys.exit("--sluice names a contender twice")

    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        sys.exit("missing tools: %s\ninstall: %s" % (", ".join(missing), "; ".join(TOOLS[t] for t in missing)))
    if not os.path.isfile(os.path.join(a.dist, "bin", "sluice")):
        sys.exit("no distribution at %s: run mvn install -DskipTests first" % a.dist)
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    work = tempfile.mkdtemp(prefix="sluice-suite.")
    for c in sluices:
        c.prepare(a.dist, work, a.accp_jar)
    jdks = {c.jdk: subprocess.run([os.path.join(c.jdk, "bin", "java"), "-version"], capture_output=True,
                                  text=True).stderr.splitlines()[0] for c in sluices}
    stunnel_version = subprocess.run(["stunnel4", "-version"], capture_output=True, text=True).stderr
    report = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu_model(), "jdks": jdks,
              "stunnel": re.search(r"stunnel [\d.]+", stunnel_version).group(0),
              "haproxy": subprocess.run(["haproxy", "-v"], capture_output=True, text=True).stdout.split(" - ")[0].strip(),
              "cert": a.cert, "rounds": a.rounds, "contenders": [c.name for c in contenders], "figures": {}}
    log("%s; %s; %s; %s; cert %s; %d rounds; contenders %s" % (
        report["cpu"], "; ".join(jdks.values()), report["stunnel"], report["haproxy"], a.cert, a.rounds,
        ", ".join(report["contenders"])))

    pairs = {}
    backend = None
    lock = machine_lock()
    lock.__enter__()
    log("%s: /tmp/mvn.lock taken for the run" % time.strftime("%H:%M:%S"))
    try:
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] if a.cert == "ec" else ["-newkey", "rsa:2048"]
        subprocess.run(["openssl", "req", "-x509", *newkey, "-nodes", "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        backend_port = free_port()
        every = {c.name: c for c in contenders}

        def start_server(c):
            port = free_port()
            conf = os.path.join(work, "start-%s.conf" % re.sub(r"\W+", "-", c.name))
            with open(conf, "w") as f:
                f.write(conf_text(c, "server", port, backend_port, cert, key))
            t0 = time.perf_counter()
            p = launch(c, conf, conf + ".log")
            try:
                wait_port(port, proc=p)
                return {"s": time.perf_counter() - t0}
            finally:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=120)

        if any(f in figures for f in ("start", "fresh")):
            # As on an installation: its first start (not measured) leaves the CDS archive for the
            # next ones, and brings the files into the page cache; Java 25's AOT cache needs a
            # training run of its own.
            for c in sluices:
                if c.cds == "aot":
                    train_aot_cache(c, work, cert, key, backend_port)
                start_server(c)
        if "start" in figures:
            # Launch to first port bound, one service (server mode), fresh process each round.
            res = rounds(every, a.rounds + 1, lambda name, c: start_server(c))
            report["figures"]["start"] = res
            log("start, s: %s" % ", ".join("%s %.3f" % (n, median(r, "s")) for n, r in res.items()))
        if "fresh" in figures:
            # The first seconds of a fresh pair: launched, both ports bound, then new connections.
            backend = nginx_backend(work, backend_port)

            def fresh(name, c):
                t0 = time.perf_counter()
                t = start_pair(c, work, cert, key, backend_port)
                up = time.perf_counter() - t0
                try:
                    r = measure(t, lambda tt: wrk(tt.client_port, a.fresh_seconds, 8, True))
                finally:
                    t.stop()
                r["pair up s"] = up
                return r
            res = rounds(every, a.rounds, fresh)
            report["figures"]["fresh"] = res
            log("fresh: %s" % ", ".join("%s %.0f conn/s" % (n, median(r, "req/s")) for n, r in res.items()))
            backend.stop()
            backend = None

        if not any(f in figures for f in ("bulk", "rr", "conn", "hs", "mem", "burst")):
            return
        for c in contenders:
            pairs[c.name] = (c, start_pair(c, work, cert, key, backend_port))
        # Resident memory of each pair: idle once both processes listen (after 3 s, the start
        # settled), and again after all the load figures (below).
        time.sleep(3)
        report["figures"]["rss"] = {name: [{"idle KiB": [rss_kib(p) for p in t.pids()]}] for name, (c, t) in pairs.items()}
        impls = dict(pairs, none=(None, None))

        def jvms(c, t):
            return (c.jdk, t.pids()) if c.is_jvm() else None

        def port_of(t):
            return t.client_port if t is not None else backend_port

        def load(fn):
            return lambda name, ct: measure(ct[1], lambda tt: fn(port_of(tt)))

        def warm_all(fn, key, label, window=4):
            with machine_lock():
                for name, (c, t) in pairs.items():  # until the JIT is done with this path
                    w = warm_up(lambda s: fn(t.client_port, s), key, jvms(c, t), window=window, limit=a.warm_up)
                    log("warm-up %s %s: %s" % (label, name, w))
                    yield name, w

        if "bulk" in figures:
            backend = iperf_backend(backend_port)
            list(warm_all(lambda port, s: iperf(port, 1, s), "MiB/s", "bulk", window=3))
            for streams in (1, 4):
                res = rounds(impls, a.rounds, load(lambda port: iperf(port, streams, a.seconds)))
                for name in pairs:
                    for r in res[name]:
                        r["cpu s/GB"] = r["cpu s"] / (r["bytes"] / 1e9)
                report["figures"]["bulk P%d" % streams] = res
                log("bulk -P%d MiB/s: %s" % (streams, ", ".join("%s %.0f" % (n, median(r, "MiB/s")) for n, r in res.items())))
            backend.stop()
            backend = None

        if any(f in figures for f in ("rr", "conn", "hs")):
            backend = nginx_backend(work, backend_port)
            # New connections first: their rate over the first window is the cold figure (the JIT
            # has compiled little of the handshake yet; a JVM takes tens of seconds on 2 cores).
            report["figures"]["warm-up"] = {name: [w] for name, w in warm_all(
                lambda port, s: wrk(port, s, 8, True), "req/s", "new connections")}
            list(warm_all(lambda port, s: wrk(port, s, 16, False), "req/s", "keep-alive"))
        if "rr" in figures:
            res = rounds(impls, a.rounds, load(lambda port: wrk(port, a.seconds, 16, False)))
            report["figures"]["rr"] = res
            log("keep-alive req/s: %s" % ", ".join("%s %.0f" % (n, median(r, "req/s")) for n, r in res.items()))
        if "conn" in figures:
            res = rounds(impls, a.rounds, load(lambda port: wrk(port, a.seconds, 8, True)))
            for name in pairs:
                for r in res[name]:
                    r["cpu s/1000 conns"] = r["cpu s"] / (r["requests"] / 1000)
            report["figures"]["conn"] = res
            log("new connections/s: %s" % ", ".join("%s %.0f" % (n, median(r, "req/s")) for n, r in res.items()))
        if "hs" in figures:
            def hs(name, ct):
                server = ct[1].procs[0].pid
                before = cpu_seconds([server])
                r = s_time(ct[1].server_port, a.seconds)
                r["cpu s/1000 handshakes"] = (cpu_seconds([server]) - before) / (r["handshakes"] / 1000)
                return r
            res = rounds(pairs, a.rounds, hs)
            report["figures"]["hs"] = res
            log("handshakes/s (server tunnel, openssl s_time -new): %s" % ", ".join(
                "%s %.0f" % (n, median(r, "handshakes/s")) for n, r in res.items()))
        if backend is not None:
            backend.stop()
            backend = None

        for name, (c, t) in pairs.items():
            report["figures"]["rss"][name][0]["after load KiB"] = [rss_kib(p) for p in t.pids()]
            log("rss %s (server, client process) KiB: %s" % (name, report["figures"]["rss"][name][0]))

        for figure, n, batch in (("mem", a.conns, BATCH), ("burst", a.burst, a.burst)):
            if figure not in figures:
                continue
            # burst: all at once, how long until every one of them has its two handshakes done and
            # reached the backend (one round: each leaves thousands to close).
            backend = IdleBackend(work, backend_port)
            res = rounds(pairs, 1, lambda name, ct: idle_connections(ct[0], ct[1], n, backend, batch=batch))
            backend.stop()
            backend = None
            report["figures"][figure] = res
            for name in pairs:
                log("%s %s: %s" % (figure, name, res[name][0]))
    finally:
        if backend is not None:
            backend.stop()
        for c, t in pairs.values():
            t.stop()
        lock.__exit__(None, None, None)
        if os.environ.get("KEEP"):
            log("kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
        if report["figures"]:
            summary(report)
            if a.json:
                with open(a.json, "w") as f:
                    json.dump(report, f, indent=1)


def summary(report):
    """Markdown rows: figure | each contender | each Sluice against stunnel4 / HAProxy (>1: that
    Sluice is better) | no tunnel. A cell is the median of the rounds, with their range."""
    f = report["figures"]
    names = report["contenders"]
    sluices = [n for n in names if n.startswith("Sluice")]
    others = [n for n in names if not n.startswith("Sluice")]
    rows = []

    def values(res, name, key):
        return [r[key] for r in res.get(name, []) if r.get(key) is not None]

    def cell(vals, fmt):
        if not vals:
            return ""
        text = fmt % statistics.median(vals)
        return text + (" (%s-%s)" % (fmt % min(vals), fmt % max(vals)) if len(vals) > 1 else "")

    def ratio(res, s, o, key, higher_better):
        sv, ov = values(res, s, key), values(res, o, key)
        if not sv or not ov or not statistics.median(sv) or not statistics.median(ov):
            return "-"
        sm, om = statistics.median(sv), statistics.median(ov)
        return "%.2f" % (sm / om if higher_better else om / sm)

    def row(label, res, key, higher_better=True, fmt="%.0f", ceiling=True):
        cells = [cell(values(res, n, key), fmt) for n in names]
        ratios = [" / ".join(ratio(res, s, o, key, higher_better) for o in others) for s in sluices]
        none = cell(values(res, "none", key), fmt) if ceiling else ""
        rows.append("| " + " | ".join([label] + cells + ratios + [none]) + " |")
    for p in (1, 4):
        if "bulk P%d" % p in f:
            row("iperf3 -P%d, MiB/s" % p, f["bulk P%d" % p], "MiB/s")
            row("iperf3 -P%d, CPU s per GB (both tunnels)" % p, f["bulk P%d" % p], "cpu s/GB", False, "%.2f", False)
    if "rr" in f:
        row("wrk keep-alive 16 conns, req/s", f["rr"], "req/s")
        row("wrk keep-alive, p50 ms", f["rr"], "p50 ms", False, "%.3f")
        row("wrk keep-alive, p99 ms", f["rr"], "p99 ms", False, "%.3f")
    if "conn" in f:
        row("wrk Connection: close 8 conns, new conn/s", f["conn"], "req/s")
        row("new conns: CPU s per 1000 (both tunnels)", f["conn"], "cpu s/1000 conns", False, "%.2f", False)
        row("new conns: p99 ms", f["conn"], "p99 ms", False, "%.2f")
    if "warm-up" in f:
        row("new conn/s in the first 4 s of load (cold JIT)", f["warm-up"], "cold")
        row("new conns: seconds of load until warm (JIT done; native: rate flat)", f["warm-up"], "steady after s",
            False, "%.0f", False)
    if "hs" in f:
        row("full handshakes/s, server tunnel (s_time -new)", f["hs"], "handshakes/s")
        row("handshakes: server CPU s per 1000", f["hs"], "cpu s/1000 handshakes", False, "%.2f", False)
    if "mem" in f:
        for results in f["mem"].values():
            for r in results:
                r["rss MiB after"] = r["rss KiB after"] / 1024
        conns = max(r["connections"] for results in f["mem"].values() for r in results)
        row("RSS per idle connection, KiB (%d conns, both processes)" % conns, f["mem"], "rss KiB/conn", False, "%.1f")
        row("Java heap per idle connection after GC, KiB", f["mem"], "heap KiB/conn", False, "%.1f")
        row("RSS with the connections open, MiB (both processes)", f["mem"], "rss MiB after", False)
    if "rss" in f:
        for key, label in (("idle KiB", "idle, after start"), ("after load KiB", "after the load above")):
            res = {n: [{"MiB": sum(r[key]) / 1024, "split": r[key]} for r in f["rss"][n] if key in r] for n in f["rss"]}
            if not any(res.values()):
                continue
            row("RSS %s, MiB (server + client process)" % label, res, "MiB", False)
    if "burst" in f:
        row("burst of %s new connections at once: all through, s" % "/".join(
            str(r[0]["connections"]) for r in f["burst"].values()), f["burst"], "open s", False, "%.1f", False)
    if "start" in f:
        row("launch to first port bound (one server), s", f["start"], "s", False, "%.3f", False)
    if "fresh" in f:
        row("fresh pair: launch until both ports bound, s", f["fresh"], "pair up s", False, "%.2f", False)
        row("fresh pair: new conn/s in its first seconds of load", f["fresh"], "req/s")
        row("fresh pair: CPU s of both tunnels in those seconds", f["fresh"], "cpu s", False, "%.1f", False)
    print("%s; %s; CPU %s; %s; %s; %s certificate; median (min-max) of %d rounds" % (
        report["date"], "; ".join("%s (%s)" % (v, k) for k, v in report["jdks"].items()), report["cpu"],
        report["stunnel"], report["haproxy"], report["cert"].upper(), report["rounds"]))
    print("| " + " | ".join(["figure"] + names + ["%s vs %s" % (s, " / ".join(others)) for s in sluices] + ["no tunnel"]) + " |")
    print("|" + "---|" * (len(names) + len(sluices) + 2))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
