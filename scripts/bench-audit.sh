#!/usr/bin/env bash
# The auditor's figures (docs/performance.md, "Audit"): CPU-time throughput against bare signature
# verification and the heap kept at two ledger sizes (AuditCpu), then the same ratio in one JMH run.
# Usage: scripts/bench-audit.sh [BUNDLE] [extra JMH options]
#   BUNDLE: an exported bundle (depa audit export; default: the auditor's fixture)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bundle="${1:-auditor/src/test/resources/bundle-honest}"
shift || true
mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip -pl benchmarks -am package
mkdir -p var/bench
cp="benchmarks/target/classes:benchmarks/target/lib/*"
java -Xmx256m -cp "$cp" org.depa.bench.AuditCpu "$bundle" 10000 | tee var/bench/audit-cpu.txt
exec java -cp "$cp" org.openjdk.jmh.Main AuditBenchmark -p bundle="$bundle" \
  -t 1 -f 1 -wi 3 -w 5s -i 5 -r 5s -rf json -rff var/bench/audit.json "$@"
