#!/usr/bin/env bash
# Throughput of a client tunnel -> server tunnel pair on loopback, Sluice and stunnel4 side by
# side in one run on this machine, reported as a ratio. Not part of the tests (machines are noisy).
#
#   bench/throughput.sh [MIB]      (after mvn install; needs stunnel4, openssl, python3)
#
# Topology for both: pump.py -> client tunnel (plaintext in, TLS out) -> server tunnel (TLS in,
# plaintext out) -> pump.py sink. Same certificate (EC P-256), TLS 1.3 for both.
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${1:-2048}
ROUNDS=${ROUNDS:-3}
WORK=$(mktemp -d /tmp/sluice-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

# --- Sluice: a private copy of the distribution with the two tunnels --------------------------
cp -r karaf-assembly/target/assembly "$WORK/sluice"
rm -f "$WORK/sluice/etc/io.sluice.tunnel-demo.cfg"
S_CLIENT=$(free_port); S_SERVER=$(free_port); S_SINK=$(free_port)
cat > "$WORK/sluice/etc/io.sluice.tunnel-bench-server.cfg" <<CFG
accept = 127.0.0.1:$S_SERVER
connect = 127.0.0.1:$S_SINK
cert = $WORK/cert.pem
key = $WORK/key.pem
CFG
cat > "$WORK/sluice/etc/io.sluice.tunnel-bench-client.cfg" <<CFG
client = yes
accept = 127.0.0.1:$S_CLIENT
connect = localhost:$S_SERVER
CAfile = $WORK/cert.pem
CFG
sed -i "s/^sshPort = .*/sshPort = $(free_port)/" "$WORK/sluice/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort *=.*/rmiServerPort = $(free_port)/" \
    "$WORK/sluice/etc/org.apache.karaf.management.cfg"
SLUICE_LOG_STDOUT=OFF "$WORK/sluice/bin/sluice" > "$WORK/sluice.log" 2>&1 &
wait_port "$S_CLIENT"; wait_port "$S_SERVER"

# --- stunnel4: the same pair ----------------------------------------------------------------
T_CLIENT=$(free_port); T_SERVER=$(free_port); T_SINK=$(free_port)
cat > "$WORK/stunnel.conf" <<CFG
foreground = yes
pid =
debug = warning
[bench-server]
accept = 127.0.0.1:$T_SERVER
connect = 127.0.0.1:$T_SINK
cert = $WORK/cert.pem
key = $WORK/key.pem
[bench-client]
client = yes
accept = 127.0.0.1:$T_CLIENT
connect = 127.0.0.1:$T_SERVER
CAfile = $WORK/cert.pem
verifyChain = yes
checkHost = localhost
CFG
stunnel4 "$WORK/stunnel.conf" > "$WORK/stunnel.log" 2>&1 &
wait_port "$T_CLIENT"; wait_port "$T_SERVER"

# Warm-up (JIT), then alternate rounds so that both see the same machine state.
python3 bench/pump.py "$S_CLIENT" "$S_SINK" 512 >/dev/null
for round in $(seq 1 "$ROUNDS"); do
    s=$(python3 bench/pump.py "$S_CLIENT" "$S_SINK" "$MIB"); echo "round $round sluice:  $s"
    t=$(python3 bench/pump.py "$T_CLIENT" "$T_SINK" "$MIB"); echo "round $round stunnel: $t"
    echo "$s" >> "$WORK/s"; echo "$t" >> "$WORK/t"
done
best() { awk '{print $1}' "$1" | sort -g | tail -1; }
S=$(best "$WORK/s"); T=$(best "$WORK/t")
echo "best of $ROUNDS: sluice $S MiB/s, stunnel4 $T MiB/s, ratio sluice/stunnel = $(echo "scale=2; $S / $T" | bc)"
