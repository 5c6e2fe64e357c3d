#!/usr/bin/env bash
# Every test of the project: formatting, static checks (Error Prone), unit and ledger tests, all
# hanging off `mvn verify`. Needs only a JDK 17 and Maven 3.8+ on the machine; Maven downloads the
# rest on the first run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$(date +%s)
mvn -B -Dstyle.color=never --no-transfer-progress verify "$@"
echo "scripts/test.sh: all tests passed in $(( $(date +%s) - started )) s"
