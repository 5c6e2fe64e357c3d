#!/usr/bin/env bash
# Chromium and its WebDriver for the dashboard's browser tests (dashboard-it), in tests and CI:
# installs Debian's `chromium` and `chromium-driver` packages when /usr/bin/chromium or
# /usr/bin/chromedriver is missing (apt-get, as root, as CI is). Nothing is downloaded at test time:
# the tests point Selenium at /usr/bin/chromedriver with Selenium Manager disabled.
# Idempotent.
#   scripts/ensure-chromium.sh              install if needed
#   scripts/ensure-chromium.sh --no-install say whether they are there (exit 0 either way)
set -euo pipefail
browser=/usr/bin/chromium
driver=/usr/bin/chromedriver

if [[ -x "$browser" && -x "$driver" ]]; then
  echo "ensure-chromium.sh: $("$browser" --version 2>/dev/null | head -1), $("$driver" --version 2>/dev/null | head -1 | cut -d' ' -f1-2)"
  exit 0
fi
if [[ "${1:-}" == "--no-install" ]]; then
  echo "ensure-chromium.sh: chromium or chromium-driver is not installed; the browser tests will fail"
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
  echo "ensure-chromium.sh: chromium or chromium-driver missing and cannot install them here (needs root and apt-get)" >&2
  exit 1
fi
echo "ensure-chromium.sh: installing chromium and chromium-driver (Debian packages)"
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
echo "ensure-chromium.sh: $("$browser" --version 2>/dev/null | head -1)"
