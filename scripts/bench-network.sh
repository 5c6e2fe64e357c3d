#!/usr/bin/env bash
# Network load benchmark: lifecycle transactions against a trivial one-key write, same chaincode,
# same network, same run, the two kinds taking turns in rounds. Starts the network if needed (and
# leaves it running).
# Usage: scripts/bench-network.sh [seconds-of-each-kind] [clients] [rounds]     (defaults 30, 12 and 3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip -pl benchmarks -am package
network-config/network.sh build
network-config/network.sh up
network-config/network.sh deploy
# Right after a fresh deploy, a peer's discovery can find no endorsers for another organisation for a
# few seconds ("no combination of peers can be derived"); the load would fail in its set-up. Wait,
# and if its set-up still meets that, start it again (each run onboards its own participants).
sleep 20
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2 3; do
  set +e
  java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.depa.bench.NetworkLoad "$root/var/network" "${1:-30}" "${2:-12}" "${3:-3}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -eq 0 ] || grep -q '^load:' "$log" || ! grep -q 'no combination of peers can be derived' "$log"; then
    exit "$status"
  fi
  [ "$attempt" -lt 3 ] || break
  echo "bench-network: discovery found no endorsers yet (attempt $attempt of 3); starting again in 15 s" >&2
  sleep 15
done
echo "bench-network: discovery still found no endorsers after 3 attempts; see network-config/network.sh status" >&2
exit "$status"
