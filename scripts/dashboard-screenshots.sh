#!/usr/bin/env bash
# Screenshots of the dashboard's pages for README.md, from the browser tests' own setup: the COVID
# scenario through a gateway process, each page as the participant it is for, in headless Chromium
# (Debian's; scripts/ensure-chromium.sh). Writes docs/screenshots/*.png: each page taken 1024 CSS pixels
# wide and stored at that size (the whole page, at most 4,000 pixels high, 16 indexed colours), the job
# page also at 390, and the audit page's verification result (AuditPageTest).
#   scripts/dashboard-screenshots.sh [DIR]    default DIR: docs/screenshots
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$(realpath -m "${1:-docs/screenshots}")"
mvn_opts=(-B -q -Dstyle.color=never --no-transfer-progress)
scripts/ensure-chromium.sh
echo "dashboard-screenshots.sh: building the gateway's runnable jar"
mvn "${mvn_opts[@]}" -DskipTests -Dspotless.check.skip -pl gateway-api -am package
echo "dashboard-screenshots.sh: the COVID scenario, a gateway on its ledger, each page in Chromium (a few minutes)"
mvn "${mvn_opts[@]}" -Dspotless.check.skip -pl dashboard-it -am verify -Dtest='PageQualityTest,AuditPageTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Ddepa.dashboard.screenshots="$out"
ls -l "$out"/*.png
echo "dashboard-screenshots.sh: $(du -ch "$out"/*.png | tail -1 | cut -f1) in $out"
