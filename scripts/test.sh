#!/usr/bin/env bash
# Every test of the project, as CI runs it:
#   1. build the chaincode jar;
#   2. build Fabric from source (cached in .tools/), start the network (from a clean one when the
#      last run added a member), deploy the chaincode;
#   3. `mvn verify` over every module: formatting, Error Prone, unit tests, the chaincode's
#      transaction tests on the embedded ledger, and the integration tests on the network;
#   4. stop the network (also on failure).
# Needs a JDK 17, Maven 3.8+ and Go (1.22 or later) on the machine; they download the rest.
#   scripts/test.sh --no-network   skips steps 2 and 4 and the integration tests (quick loop)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$(date +%s)
mvn_opts=(-B -Dstyle.color=never --no-transfer-progress)
network=1
if [[ "${1:-}" == "--no-network" ]]; then
  network=0
  shift
fi

# kms-bridge-core's PKCS#11 custody tests: SoftHSM2 installed (apt-get, as root) and a token initialised under var/softhsm/.
echo "== test.sh: SoftHSM2 token for the kms-bridge"
scripts/softhsm.sh

# dashboard-it's browser tests: Debian's chromium and chromium-driver (apt-get, as root) when missing.
echo "== test.sh: Chromium and chromedriver for the dashboard's browser tests"
scripts/ensure-chromium.sh

# The demo's gateway test and dashboard-it start the gateway as its own process from its runnable jar;
# the reactor builds gateway-api after demo, so the jar is built first. -DskipTests, not -Dmaven.test.skip:
# gateway-api's tests use cli, whose tests use payments' test jar, which must be packaged.
echo "== test.sh: building the gateway's runnable jar (for the demo through the gateway)"
mvn "${mvn_opts[@]}" -q -DskipTests -Dspotless.check.skip -pl gateway-api -am package

if (( network )); then
  echo "== test.sh: building the chaincode"
  mvn "${mvn_opts[@]}" -q -Dmaven.test.skip=true -Dspotless.check.skip -pl chaincode -am package
  echo "== test.sh: Fabric network (build from source on first use, then start and deploy)"
  trap 'network-config/network.sh down || true' EXIT
  network-config/network.sh build
  # The last run's AddOrgIT left a fourth member in the network (or var/network was laid out by
  # the one-orderer network.sh): start from a fresh network. The tests tag their ids per run.
  if compgen -G "var/network/orgs/*.env" >/dev/null ||
      { [ -f var/network/crypto/.complete ] && [ ! -d var/network/crypto/ordererOrganizations/orderer.sro.depa.local ]; }; then
    echo "== test.sh: var/network has an added member or the old one-orderer layout: network.sh clean"
    network-config/network.sh clean
  fi
  network-config/network.sh up
  network-config/network.sh deploy
  echo "== test.sh: network ready after $(( $(date +%s) - started )) s"
  # fabric-it, the last module, runs the orderer kill tests (OrdererFailoverIT) with the others,
  # then AddOrgIT alone (a fourth member joins for good).
  mvn "${mvn_opts[@]}" verify -Ddepa.fabric.network="$root/var/network" -Ddepa.fabric.add-org=true "$@"
else
  mvn "${mvn_opts[@]}" verify "$@"
fi
echo "scripts/test.sh: all tests passed in $(( $(date +%s) - started )) s"
