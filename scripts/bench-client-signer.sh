#!/usr/bin/env bash
# A Fabric client's signature: the Gateway SDK's signer (baseline) against FabricSigners, one JMH run.
# Usage: scripts/bench-client-signer.sh [extra JMH options]   (defaults: 1 thread, 1 fork, 2x3s warm-up, 5x3s measure)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip -pl benchmarks -am package
exec java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main ClientSignerBenchmark \
  -t 1 -f 1 -wi 2 -w 3s -i 5 -r 3s "$@"
