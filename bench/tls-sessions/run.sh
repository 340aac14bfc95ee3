#!/usr/bin/env bash
# Handshakes per second with and without session resumption, and the per-engine cost of
# sessionResume = no, for both TLS providers, in memory. Not part of the tests (noisy).
#
#   bench/tls-sessions/run.sh [HANDSHAKES [psk]]     (psk: PSK tunnels only; after: mvn install -DskipTests -pl bundles/tls-bc -am)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
REPO="${MAVEN_REPO:-$HOME/.m2/repository}"
V=0.1.0-SNAPSHOT
CP="$ROOT/bundles/api/target/io.sluice.api-$V.jar:$ROOT/bundles/tls-common/target/io.sluice.tls.common-$V.jar"
CP="$CP:$ROOT/bundles/tls-jsse/target/io.sluice.tls.jsse-$V.jar"
CP="$CP:$ROOT/bundles/tls-jsse/target/io.sluice.tls.jsse-$V-tests.jar:$ROOT/bundles/tls-bc/target/io.sluice.tls.bc-$V.jar"
CP="$CP:$ROOT/bundles/pki/target/io.sluice.pki-$V.jar:$REPO/junit/junit/4.13.2/junit-4.13.2.jar"
CP="$CP:$REPO/org/hamcrest/hamcrest-core/1.3/hamcrest-core-1.3.jar"
for lib in bcprov bcutil bcpkix bctls; do
    CP="$CP:$REPO/org/bouncycastle/$lib-jdk18on/1.84/$lib-jdk18on-1.84.jar"
done
for f in ${CP//:/ }; do
    [ -e "$f" ] || { echo "missing $f: build first" >&2; exit 1; }
done
OUT="$(mktemp -d /tmp/tls-sessions-bench.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" -cp "$CP" "$HERE/SessionsBench.java"
# BCJSSE logs its property lookups on stderr; the figures are on stdout.
java -cp "$OUT:$CP" SessionsBench "${1:-1000}" ${2:-} 2>/dev/null
