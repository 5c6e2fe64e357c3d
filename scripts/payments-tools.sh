#!/usr/bin/env bash
# Installs the payments module's pinned Node tools (solc-js, OpenZeppelin Contracts, anvil) into
# payments/node_modules (gitignored) from payments/package-lock.json, once; later calls return at
# once unless the lock file changed. Prints the node_modules path. Needs node and npm on PATH.
set -euo pipefail
dir="$(cd "$(dirname "$0")/../payments" && pwd)"
stamp="$dir/node_modules/.depa-lock.sha256"
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$dir/node_modules"
  exit 0
fi
command -v npm >/dev/null || { echo "payments-tools: npm is not installed (Node.js 18 or later is needed)" >&2; exit 2; }
exec 9>"$dir/.npm-install.lock"
flock 9
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$want" >"$stamp"
fi
echo "$dir/node_modules"
