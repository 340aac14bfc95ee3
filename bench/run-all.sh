#!/usr/bin/env bash
# The whole benchmark set of issue 8, Sluice against stunnel4, on JDK 17 and on Temurin 25:
# every figure with an ECDSA P-256 certificate, the handshake figures again with RSA-2048.
# Prints one markdown table per run (the tables of bench/README.md); raw results go to
# $OUT (default /tmp/sluice-bench-results) as JSON.
#
#   bench/run-all.sh                (after mvn install -DskipTests; about an hour: each warm-up
#                                    runs until Sluice's JIT is done, 1-2 minutes per JVM pair)
#
# Environment: JDKS (space-separated JAVA_HOMEs), ROUNDS, SECONDS_PER_RUN, CONNS, EXTRA_JAVA_OPTS (given
# to Sluice's JVMs). Each figure takes /tmp/mvn.lock while it runs (see suite.py).
set -euo pipefail
cd "$(dirname "$0")"
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
OUT=${OUT:-/tmp/sluice-bench-results}
mkdir -p "$OUT"
for jdk in $JDKS; do
    if [ ! -x "$jdk/bin/java" ]; then
        echo "skipping $jdk: no JDK there" >&2
        continue
    fi
    tag=$(basename "$jdk")
    python3 suite.py --jdk "$jdk" --cert ec --rounds "${ROUNDS:-3}" --seconds "${SECONDS_PER_RUN:-6}" \
        --conns "${CONNS:-9000}" --json "$OUT/$tag-ec.json"
    echo
    python3 suite.py --jdk "$jdk" --cert rsa --rounds "${ROUNDS:-3}" --seconds "${SECONDS_PER_RUN:-6}" \
        --figures conn,hs --json "$OUT/$tag-rsa.json"
    echo
done
