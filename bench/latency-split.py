#!/usr/bin/env python3
"""Where the keep-alive tail latency comes from: wrk through each tunnel end alone and through
both pairs, on the same machine in one run (issue 8, p99 row). Uses suite.py's files and helpers.

usage: bench/latency-split.py [--rounds 5] [--seconds 8] [--jdk JAVA_HOME]

Cases (nginx backend, wrk -t1 -c16 --latency on a 101-byte file):
  sluice pair, stunnel pair                  plain -> client tunnel -> server tunnel -> nginx
  sluice / stunnel server only               wrk https -> server tunnel -> nginx
  sluice client -> stunnel server            plain -> Sluice client tunnel -> stunnel's server
Prints requests/s and the 50/75/90/99th percentiles per case and round.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import suite  # noqa: E402


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t1", "-c16", "-d%ds" % seconds, "--latency", url],
                         capture_output=True, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    pct = {m.group(1): m.group(2) for m in re.finditer(r"\s(50|75|90|99)%\s+(\S+)", out)}
    return rate, pct


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--jdk", default=os.environ.get("JAVA_HOME") or "/usr/lib/jvm/java-17-openjdk-amd64")
    ap.add_argument("--dist", default=os.path.join(suite.ROOT, "karaf-assembly", "target", "assembly"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="latency-split.")
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    dist = os.path.join(work, "sluice")
    shutil.copytree(a.dist, dist, symlinks=True)
    demo = os.path.join(dist, "etc", "io.sluice.tunnel-demo.cfg")
    if os.path.exists(demo):
        os.remove(demo)
    env = dict(os.environ, SLUICE_HOME=dist, JAVA_HOME=a.jdk)
    env.pop("JAVA_OPTS", None)
    backend_port = suite.free_port()
    started = []
    try:
        sluice = suite.start_pair("sluice", work, cert, key, backend_port, env)
        started.append(sluice)
        stunnel = suite.start_pair("stunnel4", work, cert, key, backend_port, env)
        started.append(stunnel)
        cross = suite.Tunnels("cross", work, stunnel.server_port, suite.free_port(), backend_port)
        started.append(cross)
        conf = os.path.join(work, "cross-client.conf")
        with open(conf, "w") as f:
            f.write(suite.conf_text("client", cross.client_port, stunnel.server_port, cert, key))
        cross.procs.append(suite.launch("sluice", conf, os.path.join(work, "cross.log"), env))
        suite.wait_listening(cross.client_port, timeout=120, proc=cross.procs[0])
        nginx = suite.nginx_backend(work, backend_port)
        started.append(nginx)
        cases = {
            "sluice pair": "http://127.0.0.1:%d/small.txt" % sluice.client_port,
            "sluice server only (wrk https)": "https://127.0.0.1:%d/small.txt" % sluice.server_port,
            "stunnel server only (wrk https)": "https://127.0.0.1:%d/small.txt" % stunnel.server_port,
            "sluice client -> stunnel server": "http://127.0.0.1:%d/small.txt" % cross.client_port,
            "stunnel pair": "http://127.0.0.1:%d/small.txt" % stunnel.client_port,
        }
        for url in cases.values():  # warm-up
            wrk(url, 4)
        with suite.machine_lock():
            for _ in range(a.rounds):
                for name, url in cases.items():
                    rate, pct = wrk(url, a.seconds)
                    print("%-34s %9s req/s  p50 %-9s p75 %-9s p90 %-9s p99 %s" % (
                        name, rate, pct["50"], pct["75"], pct["90"], pct["99"]), flush=True)
    finally:
        for t in reversed(started):
            t.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
