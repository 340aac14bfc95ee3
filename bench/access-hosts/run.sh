#!/usr/bin/env bash
# Per-connection cost of the libwrap check with 10,000 address-pattern rules versus 1 rule, as a
# ratio. Not part of the tests (timings on a shared machine are noisy).
#
#   bench/access-hosts/run.sh [RULES]     (after: cd bundles/access-hosts && mvn install)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
REPO="${MAVEN_REPO:-$HOME/.m2/repository}"
CLASSES="$ROOT/bundles/access-hosts/target/classes"
API="$ROOT/bundles/api/target/classes"
SLF4J="$REPO/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar"
for f in "$CLASSES" "$API" "$SLF4J"; do
    [ -e "$f" ] || { echo "missing $f: build bundles/api and bundles/access-hosts first" >&2; exit 1; }
done
OUT="$(mktemp -d /tmp/access-hosts-bench.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
CP="$CLASSES:$API:$SLF4J"
javac -d "$OUT" -cp "$CP" "$HERE/AccessHostsBench.java"
# slf4j without a binding prints a warning on stderr; the figures are on stdout.
java -Xms256m -Xmx256m -cp "$OUT:$CP" AccessHostsBench "${1:-10000}" 2>/dev/null
