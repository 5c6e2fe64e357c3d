#!/usr/bin/env bash
# A local Ethereum node (anvil, from the pinned npm package) on loopback, for the payments tests,
# the payment relay and the demo. Everything about one node lives in its directory (default
# var/anvil): pid, rpc-url, chain-id, accounts.json (anvil's accounts and their development keys),
# anvil.log.
#
#   scripts/anvil.sh start [--dir DIR] [--port N] [--chain-id N] [--block-time S]   (port 0: a free one)
#   scripts/anvil.sh stop  [--dir DIR]
#   scripts/anvil.sh url   [--dir DIR]
#   scripts/anvil.sh run   --port N [--dir DIR] [--chain-id N] [--block-time S]
#     in the foreground, for a supervisor (depa deployment): the node's state is kept in
#     DIR/state.json (dumped every 5 s and on exit, loaded at start), so a restarted node keeps its
#     chain, contracts and balances; SIGTERM stops it. Quiet: the development keys anvil prints at
#     start would land in the supervisor's log (they are in DIR/accounts.json, DIR owner-only).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cmd="${1:-}"; shift || true
dir="$root/var/anvil"; port="${DEPA_ANVIL_PORT:-0}"; chain_id="${DEPA_CHAIN_ID:-31337}"; block_time=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --chain-id) chain_id="$2"; shift 2 ;;
    --block-time) block_time="$2"; shift 2 ;;
    *) echo "anvil.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
running() { [[ -f "$dir/pid" ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; }
case "$cmd" in
  start)
    if running; then cat "$dir/rpc-url"; exit 0; fi
    modules="$("$root/scripts/payments-tools.sh")"
    mkdir -p "$dir"
    rm -f "$dir/rpc-url" "$dir/accounts.json" "$dir/pid"
    args=(--host 127.0.0.1 --port "$port" --chain-id "$chain_id" --hardfork cancun
      --config-out "$dir/accounts.json")
    [[ -n "$block_time" ]] && args+=(--block-time "$block_time")
    setsid "$modules/@foundry-rs/anvil-linux-amd64/bin/anvil" "${args[@]}" >"$dir/anvil.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    for _ in $(seq 1 100); do
      if ! running; then echo "anvil.sh: anvil exited; see $dir/anvil.log" >&2; tail -5 "$dir/anvil.log" >&2; exit 1; fi
      listen="$(grep -o 'Listening on 127.0.0.1:[0-9]*' "$dir/anvil.log" || true)"
      if [[ -n "$listen" && -s "$dir/accounts.json" ]]; then
        echo "http://127.0.0.1:${listen##*:}" >"$dir/rpc-url"
        echo "$chain_id" >"$dir/chain-id"
        cat "$dir/rpc-url"
        exit 0
      fi
      sleep 0.1
    done
    echo "anvil.sh: anvil did not listen within 10 s; see $dir/anvil.log" >&2
    kill "$(cat "$dir/pid")" 2>/dev/null || true
    exit 1 ;;
  run)
    [[ "$port" =~ ^[1-9][0-9]*$ ]] || { echo "anvil.sh run: needs a fixed --port" >&2; exit 2; }
    modules="$("$root/scripts/payments-tools.sh")"
    mkdir -p "$dir"
    echo "http://127.0.0.1:$port" >"$dir/rpc-url"
    echo "$chain_id" >"$dir/chain-id"
    args=(--host 127.0.0.1 --port "$port" --chain-id "$chain_id" --hardfork cancun
      --config-out "$dir/accounts.json" --state "$dir/state.json" --state-interval 5 --quiet)
    [[ -n "$block_time" ]] && args+=(--block-time "$block_time")
    exec "$modules/@foundry-rs/anvil-linux-amd64/bin/anvil" "${args[@]}" ;;
  stop)
    if running; then
      pid="$(cat "$dir/pid")"; kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid" "$dir/rpc-url" ;;
  url)
    running || { echo "anvil.sh: no node running in $dir" >&2; exit 1; }
    cat "$dir/rpc-url" ;;
  *) echo "usage: scripts/anvil.sh start|stop|url|run [--dir DIR] [--port N] [--chain-id N] [--block-time S]" >&2; exit 2 ;;
esac
