#!/usr/bin/env python3
"""Per-connection costs of Sluice tunnel pairs, counted rather than timed: CPU ms, context switches
and system calls of both tunnel processes per new connection (wrk, Connection: close, 8 at once),
from `perf stat` over each measuring window. The counts of the kernel's work barely move between
identical runs on a noisy machine, where the rates move by 10-15%: use this to compare two trees.

usage: bench/conncount.py SPEC[,SPEC...] [--warm-up S] [--seconds S] [--rounds N] [--dist DIR]

SPEC as bench/suite.py's --sluice (PROVIDER[@JDK][:cds|nocds|aot][=DIST][+KEY=VALUE...]), e.g.
jsse@17=/tmp/before-dist,jsse@17. Each pair is warmed up with that load first; then the rounds
alternate the contenders (the order flips every round). Holds /tmp/mvn.lock for the whole run."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import suite  # noqa: E402

EVENTS = {"task-clock": "cpu ms/conn", "context-switches": "cs/conn", "raw_syscalls:sys_enter": "syscalls/conn"}


def counted(pair, seconds):
    """One window of load on a pair, with perf counting both tunnel processes meanwhile."""
    pids = ",".join(str(p.pid) for p in pair.procs)
    perf = subprocess.Popen(["perf", "stat", "-x,", "-e", ",".join(EVENTS), "-p", pids, "--", "sleep", str(seconds)],
                            stderr=subprocess.PIPE, text=True)
    load = suite.wrk(pair.client_port, seconds, 8, True)
    counts = {}
    for line in perf.communicate()[1].splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[2] in EVENTS and fields[0].replace(".", "").isdigit():
            counts[EVENTS[fields[2]]] = float(fields[0]) / load["requests"]
    if len(counts) != len(EVENTS):
        sys.exit("perf stat counted %s (perf installed? raw_syscalls needs tracefs): %s" % (counts, line))
    return dict(counts, **{"conn/s": load["req/s"]})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("specs")
    ap.add_argument("--warm-up", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--dist", default=os.path.join(suite.ROOT, "karaf-assembly", "target", "assembly"))
    a = ap.parse_args()
    contenders = [suite.Contender.parse(spec) for spec in a.specs.split(",")]
    work = tempfile.mkdtemp(prefix="sluice-conncount.")
    for c in contenders:
        c.prepare(a.dist, work, None)
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    print("%s; %s" % (suite.cpu_model(), ", ".join(c.name for c in contenders)), flush=True)
    with suite.machine_lock():
        backend_port = suite.free_port()
        backend = suite.nginx_backend(work, backend_port)
        pairs = {}
        try:
            for c in contenders:
                pairs[c.name] = suite.start_pair(c, work, cert, key, backend_port)
                suite.wrk(pairs[c.name].client_port, a.warm_up, 8, True)
            rows = {c.name: [] for c in contenders}
            for r in range(a.rounds):
                for c in contenders if r % 2 == 0 else reversed(contenders):
                    rows[c.name].append(counted(pairs[c.name], a.seconds))
                    print(r, c.name, {k: round(v, 2) for k, v in rows[c.name][-1].items()}, flush=True)
        finally:
            for pair in pairs.values():
                pair.stop()
            backend.stop()
    print("| contender | %s |" % " | ".join(rows[contenders[0].name][0]))
    print("|---|%s" % ("---|" * len(rows[contenders[0].name][0])))
    for name, rs in rows.items():
        print("| %s | %s |" % (name, " | ".join("%.2f (%.2f-%.2f)" % (statistics.median(x), min(x), max(x))
                                                 for x in zip(*(r.values() for r in rs)))))


if __name__ == "__main__":
    main()
