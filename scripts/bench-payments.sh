#!/usr/bin/env bash
# Settlements through the payment relay against plain ERC-20 transfers on one local anvil node, in
# one run (issue 12): rate and p50 latency ratios, gas per settlement against a transfer.
# Usage: scripts/bench-payments.sh [contracts (2 instructions each, default 60)] [rounds (default 3)]
# Writes var/bench/payments.txt. Needs node/npm on first use (scripts/payments-tools.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p var/bench
# One reactor run: the sibling modules resolve to their target/ directories, never to ~/.m2
# (each module writes the class path file in turn; payments, built last, writes it last).
mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip -pl payments -am \
  test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/var/bench/payments.classpath" >/dev/null
cp="payments/target/test-classes:payments/target/classes:$(cat var/bench/payments.classpath)"
exec java -XX:+UseSerialGC -cp "$cp" org.depa.payments.bench.SettlementThroughput \
  "${1:-60}" "${2:-3}" var/bench/payments.txt
