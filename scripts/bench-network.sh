#!/usr/bin/env bash
# Network load benchmark: lifecycle transactions against a trivial one-key write, same chaincode,
# same network, same run. Starts the network if needed (and leaves it running).
# Usage: scripts/bench-network.sh [seconds-per-phase] [clients]     (defaults 30 and 12)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip -pl benchmarks -am package
network-config/network.sh build
network-config/network.sh up
network-config/network.sh deploy
# Right after a fresh deploy, a peer's discovery can find no endorsers for another organisation for a
# few seconds ("no combination of peers can be derived"); the load would fail in its warm-up.
sleep 20
exec java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.depa.bench.NetworkLoad "$root/var/network" "${1:-30}" "${2:-12}"
