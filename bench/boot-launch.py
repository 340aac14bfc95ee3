#!/usr/bin/env python3
"""Launch bin/sluice FILE (one server section) N times: exec -> first bound port, idle RSS, classes.
usage: launch.py DIST ROUNDS [--java JAVA_HOME] [--nmt] [--opts 'JAVA_OPTS'] [--idle S]"""
import os, sys, socket, subprocess, time, signal, argparse, re, glob, statistics
a = argparse.ArgumentParser()
a.add_argument("dist"); a.add_argument("rounds", type=int)
a.add_argument("--java"); a.add_argument("--nmt", action="store_true"); a.add_argument("--opts")
a.add_argument("--idle", type=float, default=5); a.add_argument("--warm", type=int, default=1)
a.add_argument("--bin", default="bin/sluice"); a.add_argument("--cert", required=True); a.add_argument("--key", required=True)
a = a.parse_args()
def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
work = os.environ.get("BOOT_WORK", "/tmp/boot-launch"); os.makedirs(work, exist_ok=True)
port = free_port(); backend = free_port()
conf = os.path.join(work, "server-%d.conf" % os.getpid())
open(conf, "w").write("foreground = yes\npid =\ndebug = warning\n[boot-server]\naccept = 127.0.0.1:%d\n"
    "connect = 127.0.0.1:%d\ncert = %s\nkey = %s\n" % (port, backend, a.cert, a.key))
env = dict(os.environ)
if a.java: env["JAVA_HOME"] = a.java
opts = a.opts or ""
if a.nmt: opts += " -XX:NativeMemoryTracking=summary"
if opts.strip(): env["JAVA_OPTS"] = opts.strip()
jh = env.get("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")
def one(measure):
    log = open(conf + ".log", "w")
    t0 = time.perf_counter()
    p = subprocess.Popen([os.path.join(a.dist, a.bin), conf], stdout=log, stderr=subprocess.STDOUT, env=env)
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
        except OSError:
            if p.poll() is not None: sys.exit("died: " + open(conf + ".log").read())
            time.sleep(0.005)
    t = time.perf_counter() - t0
    r = {"s": t}
    if measure:
        time.sleep(a.idle)
        st = open("/proc/%d/status" % p.pid).read()
        r["rss"] = int(re.search(r"VmRSS:\s+(\d+)", st).group(1))
        pc = subprocess.run([jh + "/bin/jcmd", str(p.pid), "PerfCounter.print"], capture_output=True, text=True).stdout
        g = lambda k: int(re.search(re.escape(k) + r"=(\d+)", pc).group(1)) if re.search(re.escape(k) + "=", pc) else -1
        r["classes"] = g("java.cls.loadedClasses") - g("java.cls.unloadedClasses")
        r["shared"] = g("java.cls.sharedLoadedClasses")
        r["threads"] = g("java.threads.live")
        if a.nmt:
            nm = subprocess.run([jh + "/bin/jcmd", str(p.pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
            open(os.path.join(work, "nmt-%d.txt" % p.pid), "w").write(nm)
            r["nmt"] = os.path.join(work, "nmt-%d.txt" % p.pid)
    p.send_signal(signal.SIGTERM); p.wait(timeout=120)
    return r
for i in range(a.warm): one(False)
res = [one(True) for i in range(a.rounds)]
for r in res: print(r)
print("launch s median %.3f (%.3f-%.3f); rss KiB median %d (%d-%d); classes %s; threads %s" % (
    statistics.median(r["s"] for r in res), min(r["s"] for r in res), max(r["s"] for r in res),
    statistics.median(r["rss"] for r in res), min(r["rss"] for r in res), max(r["rss"] for r in res),
    [r["classes"] for r in res], [r["threads"] for r in res]))
