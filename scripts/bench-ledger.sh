#!/usr/bin/env bash
# Lifecycle throughput on the embedded ledger, with its signature baselines, in one JMH run.
# Usage: scripts/bench-ledger.sh [extra JMH options]   (defaults: 2 threads, 1 fork, 3x5s warm-up, 5x5s measure)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip -pl benchmarks -am package
mkdir -p var/bench
exec java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main LifecycleBenchmark \
  -t 2 -f 1 -wi 3 -w 5s -i 5 -r 5s -rf json -rff var/bench/lifecycle.json "$@"
