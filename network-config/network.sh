#!/usr/bin/env bash
# network.sh: a real Hyperledger Fabric 2.5 network for depa-ledger, run as plain processes on
# this machine (no Docker): a Raft orderer and a peer for each of three organisations (SRO
# regulator, data provider, data consumer), our chaincode running as a service; `add-org` joins
# a further member at run time.
#
#   network-config/network.sh build     build the Fabric binaries into .tools/ (cached)
#   network-config/network.sh up        crypto + genesis block (first time), start orderer and
#                                       peers, create and join channel "depa"
#   network-config/network.sh deploy    package, install, run, approve and commit the chaincode
#                                       (again after a chaincode change: next sequence)
#   network-config/network.sh smoke     publish and read back the common agreement
#   network-config/network.sh status    processes, health, Raft leader, channel heights, chaincode
#   network-config/network.sh leader    the organisation whose orderer is the Raft leader now
#   network-config/network.sh add-org NAME   a new member joins the running network: crypto,
#                                       channel config update signed by a majority of the
#                                       members' admins, its peer, the chaincode approved anew
#   network-config/network.sh describe  (re)write and print var/network/network.json, the
#                                       network description clients read (orgs, endpoints, CAs)
#   network-config/network.sh down      stop what we started (data kept)
#   network-config/network.sh stop NODE stop orderers (all), orderer-ORG, peer-ORG or chaincode-ORG;
#                                       'up' restarts it
#   network-config/network.sh env [ORG [Admin|User1]]   exports for using the peer CLI by hand
#   network-config/network.sh clean     down, then delete var/network
#
# Everything is idempotent. All state lives in var/network (git-ignored); the binaries in
# .tools/fabric/<version>/bin. See docs/network.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CFG=$ROOT/network-config
VAR=$ROOT/var/network

# ---- Fabric version and where its binaries are built -----------------------------------------
FABRIC_VERSION=2.5.9
FABRIC_COMMIT=7c38762
FABRIC_MODULE=github.com/hyperledger/fabric
# v2.5.9 as the Go module proxy serves it (the v2.5.x tags are not Go-module versions).
FABRIC_MODULE_VERSION=v1.4.0-rc1.0.20240618194258-7c3876255bf0
TOOLS=$ROOT/.tools/fabric/$FABRIC_VERSION
BIN=$TOOLS/bin
FABRIC_COMMANDS=(peer orderer configtxgen cryptogen osnadmin configtxlator)

# ---- Topology --------------------------------------------------------------------------------
CHANNEL=depa
CC_NAME=depa                 # chaincode name; the chaincode gets it as DEPA_CHAINCODE_NAME
SRO_MSP=SROMSP               # the chaincode gets it as DEPA_SRO_MSP_ID (bootstrap only: the ledger's governance record rules after the SRO's first write)
# The chaincode's development switch (DEPA_ATTESTATION_DEVELOPMENT_ROOTS): attestation roots runs:start
# trusts besides AMD's. This network runs on machines without SEV-SNP, so its clean rooms are the
# emulator and the default is "any" self-signed development root; set it empty for AMD's roots only,
# or to SHA-256 pins of roots' SubjectPublicKeyInfo. The ledger's governance record shows it
# (participants:governance, developmentRoots) from the SRO's first write, and audits flag it.
DEV_ROOTS=${DEPA_ATTESTATION_DEVELOPMENT_ROOTS-any}
# How far a proposal's timestamp may be from each chaincode process's clock (DEPA_TX_TIME_WINDOW:
# 300s, 5m, 1h or PT5M; 1 s to 1 h): the chaincode refuses proposals outside it
# (TIMESTAMP_OUTSIDE_WINDOW), since Fabric checks the client's time nowhere (chaincode/README.md).
TX_TIME_WINDOW=${DEPA_TX_TIME_WINDOW:-5m}
ENDORSEMENT_POLICY=/Channel/Application/Endorsement   # MAJORITY Endorsement (configtx.yaml)
LOG_SPEC=${DEPA_FABRIC_LOGGING_SPEC:-warning}
# Plain log lines (no terminal colours) in var/network/logs.
LOG_FORMAT='%{time:2006-01-02 15:04:05.000 MST} [%{module}] %{shortfunc} -> %{level:.4s} %{id:03x} %{message}'
CC_LOG_LEVEL=${DEPA_CHAINCODE_LOG_LEVEL:-WARNING}
# Each chaincode JVM under 200 MiB resident under load (docs/performance.md): a small heap (the
# chaincode keeps no state between transactions but a bounded key cache), the serial collector
# (no parallel GC threads and their memory on 2 cores), bounded metaspace, code cache and stacks.
# Netty (inside grpc-netty-shaded) keeps one pooled arena instead of one per core, and glibc two
# malloc arenas instead of up to eight per core (MALLOC_ARENA_MAX, in start_chaincode). C1 only
# (TieredStopAtLevel=1): no C2 compiler memory, half the start-up CPU; 185-187 MiB under the
# 32-client benchmark, and no lower throughput in that run (docs/performance.md).
CC_JAVA_OPTS=${DEPA_CHAINCODE_JAVA_OPTS:--Xms16m -Xmx96m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=40m -XX:MaxDirectMemorySize=32m -Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1 -Dio.grpc.netty.shaded.io.netty.allocator.numHeapArenas=1 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}

ORGS=(sro provider consumer)
declare -A MSP=([sro]=SROMSP [provider]=ProviderMSP [consumer]=ConsumerMSP)
declare -A DOMAIN=([sro]=sro.depa.local [provider]=provider.depa.local [consumer]=consumer.depa.local)
declare -A PEER_PORT=([sro]=7051 [provider]=8051 [consumer]=9051)
declare -A PEER_CC_PORT=([sro]=7052 [provider]=8052 [consumer]=9052)
declare -A PEER_OPS_PORT=([sro]=9444 [provider]=9445 [consumer]=9446)
declare -A CC_PORT=([sro]=9991 [provider]=9992 [consumer]=9993)
# One Raft orderer per founding organisation, each in an orderer organisation of its own (its own
# CA, MSP and admins): three consenters, so ordering survives the loss of any one.
ORDERER_ORGS=(sro provider consumer)
declare -A ORDERER_MSP=([sro]=SROOrdererMSP [provider]=ProviderOrdererMSP [consumer]=ConsumerOrdererMSP)
declare -A ORDERER_PORT=([sro]=7050 [provider]=8050 [consumer]=9050)
declare -A ORDERER_ADMIN_PORT=([sro]=7053 [provider]=8053 [consumer]=9053)
declare -A ORDERER_OPS_PORT=([sro]=9443 [provider]=9447 [consumer]=9448)

CRYPTO=$VAR/crypto
GENESIS_BLOCK=$VAR/channel-artifacts/$CHANNEL.block
CC_DIR=$VAR/chaincode
DEPLOYED=$CC_DIR/deployed.env
DESCRIPTION=$VAR/network.json

# Members added at run time (add-org), after the founders.
# shellcheck source=add-org.sh
. "$CFG/add-org.sh"
load_added_orgs

orderer_org_dir() { echo "$CRYPTO/ordererOrganizations/orderer.${DOMAIN[$1]}"; }
orderer_node_dir() { echo "$(orderer_org_dir "$1")/orderers/orderer0.orderer.${DOMAIN[$1]}"; }
orderer_tls_ca() { echo "$(orderer_org_dir "$1")/tlsca/tlsca.orderer.${DOMAIN[$1]}-cert.pem"; }
orderer_admin_tls() { echo "$(orderer_org_dir "$1")/users/Admin@orderer.${DOMAIN[$1]}/tls"; }
orderer_addr() { echo "127.0.0.1:${ORDERER_PORT[$1]}"; }

org_dir() { echo "$CRYPTO/peerOrganizations/${DOMAIN[$1]}"; }
peer_dir() { echo "$(org_dir "$1")/peers/peer0.${DOMAIN[$1]}"; }
peer_tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.${DOMAIN[$1]}-cert.pem"; }
peer_addr() { echo "127.0.0.1:${PEER_PORT[$1]}"; }

info() { printf '==> [%3ss] %s\n' "$SECONDS" "$*" >&2; }
warn() { printf 'network.sh: warning: %s\n' "$*" >&2; }
die() { printf 'network.sh: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }

# ---- Fabric binaries ---------------------------------------------------------------------------

fabric_binaries_ok() {
  [ -f "$TOOLS/build.stamp" ] || return 1
  [ "$(cat "$TOOLS/build.stamp")" = "$FABRIC_VERSION $FABRIC_COMMIT" ] || return 1
  local c
  for c in "${FABRIC_COMMANDS[@]}"; do [ -x "$BIN/$c" ] || return 1; done
  local flag
  for c in peer orderer configtxgen cryptogen configtxlator; do
    flag=version; [ "$c" = configtxgen ] && flag=-version
    # (no grep -q in a pipe: with pipefail, the writer's SIGPIPE would fail the check)
    [[ "$("$BIN/$c" "$flag" 2>/dev/null)" == *"Version: $FABRIC_VERSION"$'\n'* ]] || return 1
  done
}

cmd_build() {
  local t0; t0=$(now)
  if [ "${1:-}" != "--force" ] && fabric_binaries_ok; then
    info "Fabric $FABRIC_VERSION binaries already in $BIN"
    return 0
  fi
  command -v go >/dev/null || die "Go is needed to build Fabric (go build); none on PATH"
  info "downloading $FABRIC_MODULE@$FABRIC_MODULE_VERSION (Fabric $FABRIC_VERSION) from the Go module proxy"
  local tmp dl dir
  tmp=$(mktemp -d)
  dl=$(cd "$tmp" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "$FABRIC_MODULE@$FABRIC_MODULE_VERSION") || {
    rm -rf "$tmp"; die "go mod download failed: $dl"; }
  rm -rf "$tmp"
  dir=$(printf '%s\n' "$dl" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  if [ -z "$dir" ] || [ ! -f "$dir/go.mod" ]; then die "go mod download gave no module directory: $dl"; fi
  # The module cache is read-only; build from a writable copy without the vendor directory.
  rm -rf "$TOOLS/src" "$TOOLS/build.stamp"
  mkdir -p "$TOOLS" "$BIN"
  cp -R "$dir" "$TOOLS/src"
  chmod -R u+w "$TOOLS/src"
  rm -rf "$TOOLS/src/vendor"
  info "building ${FABRIC_COMMANDS[*]} (CGO off) into $BIN; this takes minutes on 2 cores"
  local pkgs=() c
  for c in "${FABRIC_COMMANDS[@]}"; do pkgs+=("./cmd/$c"); done
  (cd "$TOOLS/src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" go build -trimpath -o "$BIN/" \
    -ldflags "-X $FABRIC_MODULE/common/metadata.Version=$FABRIC_VERSION -X $FABRIC_MODULE/common/metadata.CommitSHA=$FABRIC_COMMIT" \
    "${pkgs[@]}")
  echo "$FABRIC_VERSION $FABRIC_COMMIT" >"$TOOLS/build.stamp"
  fabric_binaries_ok || die "the built binaries do not report version $FABRIC_VERSION"
  info "build: Fabric $FABRIC_VERSION built in $(($(now) - t0))s"
}

ensure_binaries() {
  fabric_binaries_ok || cmd_build
}

# ---- Processes we start ------------------------------------------------------------------------
# Each process gets DEPA_NODE=<name> and DEPA_NETWORK_DIR=<var dir> in its environment and its PID
# in var/network/run/<name>.pid. We only ever signal a PID whose environment carries both, so a
# stale PID file never makes us stop someone else's process.

our_pid() {
  local name=$1 f="$VAR/run/$1.pid" pid envs
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  envs=$(tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ") || return 1
  grep -qxF "DEPA_NODE=$name" <<<"$envs" || return 1
  grep -qxF "DEPA_NETWORK_DIR=$VAR" <<<"$envs" || return 1
  echo "$pid"
}

process_gone() {
  local state
  state=$(sed 's/^.*) //' 2>/dev/null <"/proc/$1/stat" | cut -d' ' -f1) || return 0
  [ -z "$state" ] || [ "$state" = Z ]
}

# write_env FILE NAME=VALUE...: an environment file that `set -a; . FILE` can read.
write_env() {
  local file=$1 kv; shift
  mkdir -p "$(dirname "$file")"
  : >"$file"
  for kv in "$@"; do printf '%s=%q\n' "${kv%%=*}" "${kv#*=}" >>"$file"; done
}

# rotate_log FILE: a log over $DEPA_LOG_MAX_BYTES (10 MB) moves to FILE.1 when its process starts; 3 kept.
rotate_log() {
  local f=$1 i
  [ -f "$f" ] && [ "$(stat -c %s "$f")" -gt "${DEPA_LOG_MAX_BYTES:-10485760}" ] || return 0
  for i in 2 1; do if [ -f "$f.$i" ]; then mv -f "$f.$i" "$f.$((i + 1))"; fi; done
  mv -f "$f" "$f.1"
}

# start_process NAME ENVFILE LOGFILE COMMAND...: start in its own session, in the background.
start_process() {
  local name=$1 envfile=$2 log=$3; shift 3
  mkdir -p "$VAR/run" "$(dirname "$log")"
  rotate_log "$log"
  printf '\n===== %s: network.sh starts %s\n' "$(date -u +%FT%TZ)" "$name" >>"$log"
  # The inner shell records its own PID, then becomes the process (exec keeps the PID).
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; set -a; . "$1"; set +a; exec "${@:2}"' \
    "$VAR/run/$name.pid" "$envfile" "$@" >>"$log" 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    our_pid "$name" >/dev/null && return 0
    sleep 0.1
  done
  tail -n 20 "$log" >&2 || true
  die "$name did not start; see $log"
}

stop_process() {
  local name=$1 pid
  if pid=$(our_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      process_gone "$pid" && break
      sleep 0.1
    done
    if ! process_gone "$pid"; then
      warn "$name (pid $pid) ignored SIGTERM for 15s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    info "stopped $name (pid $pid)"
  elif [ -f "$VAR/run/$name.pid" ]; then
    info "$name: removing stale PID file (process $(cat "$VAR/run/$name.pid") is not ours or not running)"
  fi
  rm -f "$VAR/run/$name.pid"
}

# Refuse to start when a port we need is taken by a process that is not ours.
require_port_free() {
  local port=$1 who=$2
  if [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
    die "port $port (for $who) is already in use: $(ss -Hltnp "sport = :$port" | head -n 1)"
  fi
}

port_listening() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

# (Output is captured before matching: `cmd | grep -q` can fail under pipefail via SIGPIPE.)
healthz() {
  local out
  out=$(curl -sf --max-time 3 --cacert "$2" "https://127.0.0.1:$1/healthz" 2>/dev/null) || return 1
  [[ $out == *'"status":"OK"'* ]]
}

# An orderer's Prometheus metrics; /metrics needs a client certificate from its org's TLS CA.
orderer_metrics() {
  local org=$1 tls; tls=$(orderer_admin_tls "$1")
  curl -sf --max-time 3 --cacert "$(orderer_tls_ca "$org")" --cert "$tls/client.crt" \
    --key "$tls/client.key" "https://127.0.0.1:${ORDERER_OPS_PORT[$org]}/metrics"
}

# Whether ORG's orderer reports itself the Raft leader of the channel (consensus_etcdraft_is_leader).
orderer_is_leader() {
  local out
  out=$(orderer_metrics "$1") || return 1
  grep -q "^consensus_etcdraft_is_leader{channel=\"$CHANNEL\"} 1\$" <<<"$out"
}

wait_healthy() {
  local name=$1 port=$2 ca=$3 log=$4 deadline=$(($(now) + ${5:-90}))
  until healthz "$port" "$ca"; do
    if ! our_pid "$name" >/dev/null; then
      tail -n 30 "$log" >&2 || true
      die "$name exited during start-up; see $log"
    fi
    [ "$(now)" -lt "$deadline" ] || die "$name not healthy on https://127.0.0.1:$port/healthz after ${5:-90}s; see $log"
    sleep 0.5
  done
}

# ---- Crypto material and genesis block ---------------------------------------------------------

ensure_crypto() {
  if [ -f "$CRYPTO/.complete" ] && [ ! -d "$(orderer_org_dir sro)" ]; then
    die "$VAR was made by an older network.sh (one orderer, organisation OrdererMSP); the channel cannot be
  moved to three consenters in place: run '$0 clean' (deletes the ledger data), then '$0 up'"
  fi
  if [ ! -f "$CRYPTO/.complete" ]; then
    if [ -d "$VAR/orderer/data" ] || compgen -G "$VAR/orderers/*/data" >/dev/null || compgen -G "$VAR/peers/*/data" >/dev/null; then
      die "ledger data exists in $VAR but no crypto material: run '$0 clean' first"
    fi
    info "generating crypto material (cryptogen) into $CRYPTO"
    rm -rf "$CRYPTO" "$VAR/channel-artifacts"
    mkdir -p "$VAR"
    "$BIN/cryptogen" generate --config="$CFG/crypto-config.yaml" --output="$CRYPTO" >/dev/null
    touch "$CRYPTO/.complete"
  fi
  if [ ! -f "$GENESIS_BLOCK" ]; then
    info "generating the genesis block of channel '$CHANNEL' (configtxgen)"
    mkdir -p "$VAR/channel-artifacts"
    FABRIC_LOGGING_SPEC=warning "$BIN/configtxgen" -configPath "$CFG" -profile DepaChannel \
      -channelID "$CHANNEL" -outputBlock "$GENESIS_BLOCK.tmp"
    mv "$GENESIS_BLOCK.tmp" "$GENESIS_BLOCK"
  fi
}

# ---- Orderer and peers -------------------------------------------------------------------------

start_orderer() {
  local org=$1 name=orderer-$1 dir=$VAR/orderers/$1 log=$VAR/logs/orderer-$1.log
  if our_pid "$name" >/dev/null; then return 0; fi
  require_port_free "${ORDERER_PORT[$org]}" "$name"
  require_port_free "${ORDERER_ADMIN_PORT[$org]}" "$name admin"
  require_port_free "${ORDERER_OPS_PORT[$org]}" "$name operations"
  mkdir -p "$dir/data"
  local node tls ca all_cas="" o
  node=$(orderer_node_dir "$org")
  tls=$node/tls
  ca=$(orderer_tls_ca "$org")
  # Cluster (Raft) traffic shares the client listener; the consenters authenticate each other
  # with their TLS certificates, issued by three different CAs.
  for o in "${ORDERER_ORGS[@]}"; do all_cas+="${all_cas:+,}$(orderer_tls_ca "$o")"; done
  write_env "$dir/orderer.env" \
    "DEPA_NODE=$name" "DEPA_NETWORK_DIR=$VAR" \
    "FABRIC_CFG_PATH=$CFG" "FABRIC_LOGGING_SPEC=$LOG_SPEC" "FABRIC_LOGGING_FORMAT=$LOG_FORMAT" \
    "ORDERER_GENERAL_LISTENPORT=${ORDERER_PORT[$org]}" \
    "ORDERER_GENERAL_LOCALMSPID=${ORDERER_MSP[$org]}" \
    "ORDERER_GENERAL_LOCALMSPDIR=$node/msp" \
    "ORDERER_GENERAL_TLS_CERTIFICATE=$tls/server.crt" \
    "ORDERER_GENERAL_TLS_PRIVATEKEY=$tls/server.key" \
    "ORDERER_GENERAL_TLS_ROOTCAS=[$all_cas]" \
    "ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=$tls/server.crt" \
    "ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=$tls/server.key" \
    "ORDERER_GENERAL_CLUSTER_ROOTCAS=[$all_cas]" \
    "ORDERER_FILELEDGER_LOCATION=$dir/data" \
    "ORDERER_CONSENSUS_WALDIR=$dir/data/etcdraft/wal" \
    "ORDERER_CONSENSUS_SNAPDIR=$dir/data/etcdraft/snapshot" \
    "ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:${ORDERER_OPS_PORT[$org]}" \
    "ORDERER_OPERATIONS_TLS_CERTIFICATE=$tls/server.crt" \
    "ORDERER_OPERATIONS_TLS_PRIVATEKEY=$tls/server.key" \
    "ORDERER_OPERATIONS_TLS_CLIENTROOTCAS=[$ca]" \
    "ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:${ORDERER_ADMIN_PORT[$org]}" \
    "ORDERER_ADMIN_TLS_CERTIFICATE=$tls/server.crt" \
    "ORDERER_ADMIN_TLS_PRIVATEKEY=$tls/server.key" \
    "ORDERER_ADMIN_TLS_ROOTCAS=[$tls/ca.crt]" \
    "ORDERER_ADMIN_TLS_CLIENTROOTCAS=[$ca]"
  info "starting $name (${ORDERER_MSP[$org]}, $(orderer_addr "$org"), admin :${ORDERER_ADMIN_PORT[$org]}, operations :${ORDERER_OPS_PORT[$org]})"
  start_process "$name" "$dir/orderer.env" "$log" "$BIN/orderer"
}

start_peer() {
  local org=$1 name=peer-$1 dir=$VAR/peers/$1 log=$VAR/logs/peer-$1.log
  if our_pid "$name" >/dev/null; then return 0; fi
  require_port_free "${PEER_PORT[$org]}" "$name"
  require_port_free "${PEER_CC_PORT[$org]}" "$name chaincode listener"
  require_port_free "${PEER_OPS_PORT[$org]}" "$name operations"
  mkdir -p "$dir/data"
  local node; node=$(peer_dir "$org")
  local addr; addr=$(peer_addr "$org")
  write_env "$dir/peer.env" \
    "DEPA_NODE=$name" "DEPA_NETWORK_DIR=$VAR" \
    "FABRIC_CFG_PATH=$dir" "FABRIC_LOGGING_SPEC=$LOG_SPEC" "FABRIC_LOGGING_FORMAT=$LOG_FORMAT" \
    "CORE_PEER_ID=peer0.${DOMAIN[$org]}" \
    "CORE_PEER_LISTENADDRESS=$addr" "CORE_PEER_ADDRESS=$addr" \
    "CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:${PEER_CC_PORT[$org]}" \
    "CORE_PEER_CHAINCODEADDRESS=127.0.0.1:${PEER_CC_PORT[$org]}" \
    "CORE_PEER_GOSSIP_BOOTSTRAP=$addr" "CORE_PEER_GOSSIP_EXTERNALENDPOINT=$addr" \
    "CORE_PEER_LOCALMSPID=${MSP[$org]}" \
    "CORE_PEER_MSPCONFIGPATH=$node/msp" \
    "CORE_PEER_TLS_CERT_FILE=$node/tls/server.crt" \
    "CORE_PEER_TLS_KEY_FILE=$node/tls/server.key" \
    "CORE_PEER_TLS_ROOTCERT_FILE=$node/tls/ca.crt" \
    "CORE_PEER_TLS_CLIENTROOTCAS_FILES=$node/tls/ca.crt" \
    "CORE_PEER_FILESYSTEMPATH=$dir/data" \
    "CORE_LEDGER_SNAPSHOTS_ROOTDIR=$dir/data/snapshots" \
    "CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:${PEER_OPS_PORT[$org]}" \
    "CORE_OPERATIONS_TLS_CERT_FILE=$node/tls/server.crt" \
    "CORE_OPERATIONS_TLS_KEY_FILE=$node/tls/server.key" \
    "CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES=$(peer_tls_ca "$org")" \
    "DEPA_CCAAS_ADDRESS=127.0.0.1:${CC_PORT[$org]}"
  info "starting $name (${MSP[$org]}, $addr, operations :${PEER_OPS_PORT[$org]})"
  start_process "$name" "$dir/peer.env" "$log" "$BIN/peer" node start
}

# core.yaml with the absolute path of our external builder filled in (Fabric requires one).
render_core_yaml() {
  local org=$1 dir=$VAR/peers/$1
  mkdir -p "$dir"
  sed "s|@NETWORK_CONFIG_DIR@|$CFG|g" "$CFG/core.yaml" >"$dir/core.yaml.tmp"
  mv "$dir/core.yaml.tmp" "$dir/core.yaml"
}

# as_org ORG IDENTITY COMMAND...: run a peer CLI command as ORG's Admin or User1, against its peer.
as_org() {
  local org=$1 who=$2; shift 2
  local dom=${DOMAIN[$org]}
  FABRIC_CFG_PATH="$VAR/peers/$org" \
  FABRIC_LOGGING_SPEC="${CLI_LOGGING_SPEC:-warning}" FABRIC_LOGGING_FORMAT="$LOG_FORMAT" \
  CORE_PEER_LOCALMSPID="${MSP[$org]}" \
  CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/$who@$dom/msp" \
  CORE_PEER_ADDRESS="$(peer_addr "$org")" \
  CORE_PEER_TLS_ENABLED=true \
  CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org")" \
  "$@"
}

# osnadmin ORG ARGS...: the channel participation API of ORG's orderer, as its orderer admin.
osnadmin() {
  local org=$1 tls; shift
  tls=$(orderer_admin_tls "$org")
  "$BIN/osnadmin" "$@" -o "127.0.0.1:${ORDERER_ADMIN_PORT[$org]}" --ca-file "$(orderer_tls_ca "$org")" \
    --client-cert "$tls/client.crt" --client-key "$tls/client.key"
}

# The Raft leader's organisation (the orderer whose metrics say so), or nothing.
raft_leader() {
  local org
  for org in "${ORDERER_ORGS[@]}"; do
    our_pid "orderer-$org" >/dev/null || continue
    if orderer_is_leader "$org"; then echo "$org"; return 0; fi
  done
  return 1
}

ensure_channel() {
  local out deadline org
  for org in "${ORDERER_ORGS[@]}"; do
    out=$(osnadmin "$org" channel list --channelID "$CHANNEL" 2>&1 || true)
    if ! grep -q '"name": *"'"$CHANNEL"'"' <<<"$out"; then
      info "orderer-$org joins channel '$CHANNEL' (channel participation API)"
      osnadmin "$org" channel join --channelID "$CHANNEL" --config-block "$GENESIS_BLOCK" >/dev/null
    fi
  done
  # Every orderer an active consenter, and Raft has a leader (after an election timeout, about
  # 5 s), so the network accepts transactions as soon as `up` returns.
  deadline=$(($(now) + 90))
  for org in "${ORDERER_ORGS[@]}"; do
    until out=$(osnadmin "$org" channel list --channelID "$CHANNEL" 2>/dev/null) &&
        grep -q '"status": *"active"' <<<"$out" && grep -q '"consensusRelation": *"consenter"' <<<"$out"; do
      [ "$(now)" -lt "$deadline" ] || die "orderer-$org: channel '$CHANNEL' not active as a consenter after 90s: $out"
      sleep 0.5
    done
  done
  until raft_leader >/dev/null; do
    [ "$(now)" -lt "$deadline" ] || die "channel '$CHANNEL' has no Raft leader after 90s; see $VAR/logs/orderer-*.log"
    sleep 0.5
  done
  for org in "${ORGS[@]}"; do
    out=$(as_org "$org" Admin "$BIN/peer" channel list 2>/dev/null || true)
    if ! grep -qx "$CHANNEL" <<<"$out"; then
      info "peer-$org joins channel '$CHANNEL'"
      if ! out=$(as_org "$org" Admin "$BIN/peer" channel join -b "$GENESIS_BLOCK" 2>&1) &&
          ! grep -q "already exists" <<<"$out"; then
        die "peer-$org could not join channel '$CHANNEL': $out"
      fi
    fi
  done
}

# The chaincode processes of the last deployment, if any (so that `up` after `down` serves again).
restart_deployed_chaincode() {
  [ -f "$DEPLOYED" ] || return 0
  local PACKAGE_ID="" RELEASE_DIR=""
  # shellcheck disable=SC1090
  . "$DEPLOYED"
  if [ -z "$PACKAGE_ID" ] || [ ! -f "$RELEASE_DIR/chaincode.jar" ]; then
    warn "last deployment record $DEPLOYED is incomplete; run '$0 deploy'"
    return 0
  fi
  local org
  for org in "${ORGS[@]}"; do start_chaincode "$org" "$PACKAGE_ID" "$RELEASE_DIR"; done
  for org in "${ORGS[@]}"; do wait_chaincode "$org"; done
}

# Check every port of every process `up` will start before starting any of them.
preflight_ports() {
  local org
  for org in "${ORDERER_ORGS[@]}"; do
    if ! our_pid "orderer-$org" >/dev/null; then
      require_port_free "${ORDERER_PORT[$org]}" "orderer-$org"
      require_port_free "${ORDERER_ADMIN_PORT[$org]}" "orderer-$org admin"
      require_port_free "${ORDERER_OPS_PORT[$org]}" "orderer-$org operations"
    fi
  done
  for org in "${ORGS[@]}"; do
    if ! our_pid "peer-$org" >/dev/null; then
      require_port_free "${PEER_PORT[$org]}" "peer-$org"
      require_port_free "${PEER_CC_PORT[$org]}" "peer-$org chaincode listener"
      require_port_free "${PEER_OPS_PORT[$org]}" "peer-$org operations"
    fi
    if [ -f "$DEPLOYED" ] && ! our_pid "chaincode-$org" >/dev/null; then
      require_port_free "${CC_PORT[$org]}" "chaincode-$org"
    fi
  done
}

cmd_up() {
  local t0; t0=$(now)
  ensure_binaries
  preflight_ports
  mkdir -p "$VAR/logs" "$VAR/run"
  ensure_crypto
  local org
  for org in "${ORGS[@]}"; do render_core_yaml "$org"; done
  for org in "${ORDERER_ORGS[@]}"; do start_orderer "$org"; done
  for org in "${ORGS[@]}"; do start_peer "$org"; done
  for org in "${ORDERER_ORGS[@]}"; do
    wait_healthy "orderer-$org" "${ORDERER_OPS_PORT[$org]}" "$(orderer_tls_ca "$org")" "$VAR/logs/orderer-$org.log"
  done
  for org in "${ORGS[@]}"; do
    wait_healthy "peer-$org" "${PEER_OPS_PORT[$org]}" "$(peer_tls_ca "$org")" "$VAR/logs/peer-$org.log"
  done
  ensure_channel
  restart_deployed_chaincode
  write_description
  info "up: network running, channel '$CHANNEL' joined by ${#ORDERER_ORGS[@]} orderers (Raft leader: orderer-$(raft_leader)) and ${#ORGS[@]} peers ($(($(now) - t0))s)"
}

require_up() {
  local n
  local org
  for org in "${ORGS[@]}"; do
    our_pid "peer-$org" >/dev/null || die "peer-$org is not running: run '$0 up' first"
  done
  # Raft orders with a majority of the consenters; deploy and smoke need no more than that.
  [ -n "$(running_orderer)" ] || die "no orderer is running: run '$0 up' first"
}

# ---- Chaincode ---------------------------------------------------------------------------------

# DEPA_CHAINCODE_JAR deploys a chaincode jar built elsewhere (its Class-Path jars beside it);
# by default the Maven build output, rebuilt when needed.
CC_JAR=${DEPA_CHAINCODE_JAR:-$ROOT/chaincode/target/chaincode.jar}

# Builds the chaincode when its jar is missing or its sources changed since the jar (or since
# our last Maven run: Maven leaves an up-to-date jar untouched, so the stamp records the run).
ensure_chaincode_jar() {
  local why="" ref=$CC_JAR stamp=$CC_DIR/maven-build.stamp
  if [ -n "${DEPA_CHAINCODE_JAR:-}" ]; then
    [ -f "$CC_JAR" ] || die "DEPA_CHAINCODE_JAR=$CC_JAR does not exist"
    return 0
  fi
  [ -f "$stamp" ] && [ "$stamp" -nt "$CC_JAR" ] && ref=$stamp
  if [ ! -f "$CC_JAR" ] || [ ! -d "$ROOT/chaincode/target/lib" ]; then
    why="$CC_JAR is missing"
  elif [ -n "$(find "$ROOT/chaincode/src/main" "$ROOT/ledger-model/src/main" "$ROOT/chaincode/pom.xml" \
      "$ROOT/ledger-model/pom.xml" "$ROOT/pom.xml" -type f -newer "$ref" -print -quit 2>/dev/null)" ]; then
    why="chaincode or ledger-model sources changed since the last build"
  fi
  if [ -n "$why" ]; then
    info "building the chaincode with Maven ($why)"
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl ledger-model,chaincode package -DskipTests -Dspotless.check.skip)
    [ -f "$CC_JAR" ] || die "Maven did not produce $CC_JAR"
    mkdir -p "$CC_DIR"
    touch "$stamp"
  fi
}

# Prints the code digest, then the jars the chaincode runs with (chaincode.jar, then its manifest
# Class-Path). The digest covers file names and contents, not the timestamps inside jars, so an
# unchanged rebuild keeps its digest (and the package ID), and any code change moves it.
chaincode_digest_and_files() {
  python3 - "$CC_JAR" <<'PY'
import hashlib, os, sys, zipfile
jar = sys.argv[1]
base = os.path.dirname(jar)
with zipfile.ZipFile(jar) as z:
    manifest = z.read("META-INF/MANIFEST.MF").decode("utf-8")
lines = []
for raw in manifest.splitlines():
    if raw.startswith(" ") and lines:
        lines[-1] += raw[1:]
    else:
        lines.append(raw)
classpath = []
for line in lines:
    if line.startswith("Class-Path:"):
        classpath = line[len("Class-Path:"):].split()
files = ["chaincode.jar"] + classpath
total = hashlib.sha256()
for rel in files:
    path = os.path.join(base, rel)
    if not os.path.isfile(path):
        sys.exit("chaincode class path entry missing: " + path)
    total.update(rel.encode() + b"\0")
    if rel == "chaincode.jar" or "SNAPSHOT" in rel:
        # Jars built here: hash entry names and contents (their timestamps change every build).
        with zipfile.ZipFile(path) as z:
            for entry in sorted(z.infolist(), key=lambda e: e.filename):
                if not entry.is_dir():
                    total.update(entry.filename.encode() + b"\0" + hashlib.sha256(z.read(entry)).digest())
    else:
        with open(path, "rb") as f:
            total.update(hashlib.sha256(f.read()).digest())
print(total.hexdigest())
for rel in files:
    print(rel)
PY
}

# Deterministic tar.gz of the named files in DIR: same inputs, same bytes, same package ID.
det_tgz() {
  local dir=$1; shift
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=u=rw,go=r \
    --format=gnu -C "$dir" -cf - "$@" | gzip -n
}

# make_package DIGEST LABEL OUT.tgz: a chaincode-as-a-service package for our builder.
make_package() {
  local digest=$1 label=$2 out=$3 work
  work=$(mktemp -d "$CC_DIR/pkg.XXXXXX")
  mkdir -p "$work/code"
  # Each peer's builder replaces the placeholder by its own organisation's chaincode address.
  printf '%s\n' '{"address":"{{DEPA_CCAAS_ADDRESS}}","dial_timeout":"10s","tls_required":false}' >"$work/code/connection.json"
  printf '%s\n' "$digest" >"$work/code/chaincode.digest"
  det_tgz "$work/code" chaincode.digest connection.json >"$work/code.tar.gz"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
  det_tgz "$work" code.tar.gz metadata.json >"$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

installed_on() {
  as_org "$1" Admin "$BIN/peer" lifecycle chaincode queryinstalled -O json 2>/dev/null |
    jq -e --arg id "$2" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null
}

start_chaincode() {
  local org=$1 pkgid=$2 release=$3 name=chaincode-$1 envfile=$CC_DIR/chaincode-$1.env
  if our_pid "$name" >/dev/null; then
    if grep -qxF "CORE_CHAINCODE_ID_NAME=$(printf '%q' "$pkgid")" "$envfile" 2>/dev/null; then
      return 0
    fi
    info "$name runs another package; restarting it"
    stop_process "$name"
  fi
  require_port_free "${CC_PORT[$org]}" "$name"
  write_env "$envfile" \
    "DEPA_NODE=$name" "DEPA_NETWORK_DIR=$VAR" \
    "CHAINCODE_SERVER_ADDRESS=127.0.0.1:${CC_PORT[$org]}" \
    "CORE_CHAINCODE_ID_NAME=$pkgid" \
    "CORE_PEER_TLS_ENABLED=false" \
    "CORE_PEER_LOCALMSPID=${MSP[$org]}" \
    "CORE_CHAINCODE_LOGGING_LEVEL=$CC_LOG_LEVEL" \
    "CORE_CHAINCODE_LOGGING_SHIM=$CC_LOG_LEVEL" \
    "DEPA_SRO_MSP_ID=$SRO_MSP" \
    "DEPA_MEMBER_MSP_IDS=ConsumerMSP,ProviderMSP,SROMSP" \
    "DEPA_CHAINCODE_NAME=$CC_NAME" \
    "DEPA_ATTESTATION_DEVELOPMENT_ROOTS=$DEV_ROOTS" \
    "DEPA_TX_TIME_WINDOW=$TX_TIME_WINDOW" \
    "MALLOC_ARENA_MAX=2"
  info "starting $name (127.0.0.1:${CC_PORT[$org]}, $pkgid)"
  # shellcheck disable=SC2086
  start_process "$name" "$envfile" "$VAR/logs/$name.log" java $CC_JAVA_OPTS -jar "$release/chaincode.jar"
}

wait_chaincode() {
  local org=$1 name=chaincode-$1 deadline=$(($(now) + 120))
  until port_listening "${CC_PORT[$org]}"; do
    our_pid "$name" >/dev/null || { tail -n 30 "$VAR/logs/$name.log" >&2; die "$name exited; see $VAR/logs/$name.log"; }
    [ "$(now)" -lt "$deadline" ] || die "$name not listening on 127.0.0.1:${CC_PORT[$org]} after 120s"
    sleep 0.5
  done
}

# The approved definition of ORG at SEQUENCE as "version package-id", or nothing.
approved_at() {
  as_org "$1" Admin "$BIN/peer" lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CC_NAME" \
    --sequence "$2" -O json 2>/dev/null |
    jq -r '"\(.version) \(.source.Type.LocalPackage.package_id // .source.local_package.package_id // "")"' 2>/dev/null || true
}

# The first running orderer (the peer CLI sends to one; Raft forwards to the leader).
running_orderer() {
  local org
  for org in "${ORDERER_ORGS[@]}"; do
    if our_pid "orderer-$org" >/dev/null; then echo "$org"; return 0; fi
  done
}

orderer_tls_args() {
  local org; org=$(running_orderer)
  [ -n "$org" ] || die "no orderer is running"
  echo "-o $(orderer_addr "$org") --tls --cafile $(orderer_tls_ca "$org")"
}

cmd_deploy() {
  local t0; t0=$(now)
  require_up
  ensure_chaincode_jar
  mkdir -p "$CC_DIR/releases"

  local listing digest version label pkg pkgid calc release org
  listing=$(chaincode_digest_and_files)
  digest=$(head -n 1 <<<"$listing")
  version=${digest:0:12}
  label=${CC_NAME}_$version

  # A private copy of the code that this package stands for: later Maven builds do not change
  # what the running chaincode processes execute.
  release=$CC_DIR/releases/$version
  if [ ! -f "$release/.complete" ]; then
    rm -rf "$release"
    mkdir -p "$release/lib"
    local rel
    while IFS= read -r rel; do
      cp "$(dirname "$CC_JAR")/$rel" "$release/$rel"
    done < <(tail -n +2 <<<"$listing")
    touch "$release/.complete"
  fi

  pkg=$CC_DIR/$label.tgz
  make_package "$digest" "$label" "$pkg"
  pkgid=$label:$(sha256sum "$pkg" | cut -d' ' -f1)
  calc=$(as_org sro Admin "$BIN/peer" lifecycle chaincode calculatepackageid "$pkg") || die "peer could not read $pkg"
  [ "$calc" = "$pkgid" ] || die "package ID mismatch: computed $pkgid, peer says $calc"
  info "chaincode code digest $digest; package $pkgid"

  for org in "${ORGS[@]}"; do
    if installed_on "$org" "$pkgid"; then
      info "peer-$org: package already installed"
    else
      info "peer-$org: installing the package"
      as_org "$org" Admin "$BIN/peer" lifecycle chaincode install "$pkg" >/dev/null
    fi
  done

  for org in "${ORGS[@]}"; do start_chaincode "$org" "$pkgid" "$release"; done
  for org in "${ORGS[@]}"; do wait_chaincode "$org"; done

  # Which sequence: the committed one when every organisation's approval there is for this
  # package (nothing to do), else the next one (first deployment or changed chaincode).
  local committed seq current=1
  committed=$(as_org sro Admin "$BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" -O json 2>/dev/null || true)
  seq=0
  if [ -n "$committed" ]; then seq=$(jq -r '.sequence // 0' <<<"$committed"); fi
  if [ "$seq" -gt 0 ]; then
    for org in "${ORGS[@]}"; do
      [ "$(approved_at "$org" "$seq")" = "$version $pkgid" ] || current=0
    done
  else
    current=0
  fi

  if [ "$current" = 1 ]; then
    info "chaincode '$CC_NAME' sequence $seq already defines this package; nothing to approve"
  else
    seq=$((seq + 1))
    for org in "${ORGS[@]}"; do
      if [ "$(approved_at "$org" "$seq")" = "$version $pkgid" ]; then
        info "${MSP[$org]} already approved sequence $seq"
        continue
      fi
      info "${MSP[$org]} approves '$CC_NAME' version $version sequence $seq"
      # shellcheck disable=SC2046
      as_org "$org" Admin "$BIN/peer" lifecycle chaincode approveformyorg $(orderer_tls_args) \
        -C "$CHANNEL" -n "$CC_NAME" -v "$version" --sequence "$seq" --package-id "$pkgid" \
        --channel-config-policy "$ENDORSEMENT_POLICY"
    done
    as_org sro Admin "$BIN/peer" lifecycle chaincode checkcommitreadiness -C "$CHANNEL" -n "$CC_NAME" \
      -v "$version" --sequence "$seq" --channel-config-policy "$ENDORSEMENT_POLICY" -O json >"$CC_DIR/commit-readiness.json"
    info "commit readiness: $(jq -c .approvals "$CC_DIR/commit-readiness.json")"
    info "committing '$CC_NAME' sequence $seq (endorsed by all ${#ORGS[@]} peers)"
    local peer_args=()
    for org in "${ORGS[@]}"; do peer_args+=(--peerAddresses "$(peer_addr "$org")" --tlsRootCertFiles "$(peer_tls_ca "$org")"); done
    # shellcheck disable=SC2046
    as_org sro Admin "$BIN/peer" lifecycle chaincode commit $(orderer_tls_args) -C "$CHANNEL" -n "$CC_NAME" \
      -v "$version" --sequence "$seq" --channel-config-policy "$ENDORSEMENT_POLICY" "${peer_args[@]}"
  fi

  # Every peer has the definition before we call it deployed.
  local deadline=$(($(now) + 60)) s
  for org in "${ORGS[@]}"; do
    until s=$(as_org "$org" Admin "$BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" -O json 2>/dev/null | jq -r .sequence) && [ "$s" = "$seq" ]; do
      [ "$(now)" -lt "$deadline" ] || die "peer-$org does not show sequence $seq after 60s"
      sleep 0.5
    done
  done

  write_env "$DEPLOYED" "PACKAGE_ID=$pkgid" "VERSION=$version" "SEQUENCE=$seq" "DIGEST=$digest" "RELEASE_DIR=$release"
  # Keep only the release that runs now.
  local old
  for old in "$CC_DIR"/releases/*; do
    [ "$old" = "$release" ] || rm -rf "$old"
  done
  find "$CC_DIR" -maxdepth 1 -name "${CC_NAME}_*.tgz" ! -name "$label.tgz" -delete
  info "deploy: '$CC_NAME' version $version sequence $seq, package $pkgid ($(($(now) - t0))s)"
}

# ---- Smoke test --------------------------------------------------------------------------------

cmd_smoke() {
  require_up
  [ -f "$DEPLOYED" ] || die "no chaincode deployed: run '$0 deploy' first"
  local t0 passed=0 failed=0 out org
  t0=$(now)
  pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
  fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

  local version sha arg ctor query
  version="smoke-$(date +%s)-$$"
  sha=$(printf 'DEPA common agreement, smoke test %s' "$version" | sha256sum | cut -c1-64)
  arg=$(jq -cn --arg v "$version" --arg h "$sha" '{version: $v, textSha256: $h}')
  ctor=$(jq -cn --arg a "$arg" '{function: "participants:publishAgreement", Args: [$a]}')
  query='{"function":"participants:getAgreement","Args":[]}'

  local two_orgs=(--peerAddresses "$(peer_addr sro)" --tlsRootCertFiles "$(peer_tls_ca sro)"
                  --peerAddresses "$(peer_addr provider)" --tlsRootCertFiles "$(peer_tls_ca provider)")

  echo "--- current agreement (SRO peer) before publishing"
  as_org sro User1 "$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC_NAME" -c "$query" 2>&1 || true

  echo "--- SRO User1 publishes agreement $version, endorsed by the SRO and Provider peers"
  # shellcheck disable=SC2046
  if out=$(CLI_LOGGING_SPEC=info as_org sro User1 "$BIN/peer" chaincode invoke $(orderer_tls_args) \
      -C "$CHANNEL" -n "$CC_NAME" "${two_orgs[@]}" --waitForEvent -c "$ctor" 2>&1); then
    grep -E 'invoke successful|committed with status' <<<"$out" | sed 's/^.*\] //'
    pass "publishAgreement by SROMSP with 2 of 3 endorsements committed"
  else
    printf '%s\n' "$out"
    fail "publishAgreement by SROMSP with 2 of 3 endorsements"
  fi

  echo "--- getAgreement on each organisation's peer"
  for org in "${ORGS[@]}"; do
    local deadline=$(($(now) + 15)) got=""
    until got=$(as_org "$org" User1 "$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC_NAME" -c "$query" 2>&1) &&
        [ "$(jq -r .version <<<"$got" 2>/dev/null)" = "$version" ]; do
      [ "$(now)" -lt "$deadline" ] || break
      sleep 0.5
    done
    printf '%s: %s\n' "peer-$org" "$got"
    if [ "$(jq -r .version <<<"$got" 2>/dev/null)" = "$version" ] && [ "$(jq -r .textSha256 <<<"$got")" = "$sha" ]; then
      pass "peer-$org returns agreement $version"
    else
      fail "peer-$org returns agreement $version"
    fi
  done

  echo "--- the same write endorsed by the SRO peer alone must be rejected (MAJORITY policy)"
  ctor=$(jq -cn --arg a "$(jq -cn --arg v "$version-solo" --arg h "$sha" '{version: $v, textSha256: $h}')" \
    '{function: "participants:publishAgreement", Args: [$a]}')
  # shellcheck disable=SC2046
  out=$(as_org sro User1 "$BIN/peer" chaincode invoke $(orderer_tls_args) -C "$CHANNEL" -n "$CC_NAME" \
    --peerAddresses "$(peer_addr sro)" --tlsRootCertFiles "$(peer_tls_ca sro)" --waitForEvent -c "$ctor" 2>&1) || true
  printf '%s\n' "$out" | tail -n 1
  if grep -q ENDORSEMENT_POLICY_FAILURE <<<"$out"; then
    pass "single-organisation endorsement invalidated (ENDORSEMENT_POLICY_FAILURE)"
  else
    fail "single-organisation endorsement was not invalidated"
  fi

  echo "--- a Provider client may not publish the agreement (chaincode rule)"
  ctor=$(jq -cn --arg a "$(jq -cn --arg v "$version-provider" --arg h "$sha" '{version: $v, textSha256: $h}')" \
    '{function: "participants:publishAgreement", Args: [$a]}')
  local endorsers=(--peerAddresses "$(peer_addr provider)" --tlsRootCertFiles "$(peer_tls_ca provider)"
                   --peerAddresses "$(peer_addr consumer)" --tlsRootCertFiles "$(peer_tls_ca consumer)")
  # shellcheck disable=SC2046
  out=$(as_org provider User1 "$BIN/peer" chaincode invoke $(orderer_tls_args) -C "$CHANNEL" -n "$CC_NAME" \
    "${endorsers[@]}" --waitForEvent -c "$ctor" 2>&1) || true
  printf '%s\n' "$out" | tail -n 1
  if grep -q NOT_SRO <<<"$out"; then
    pass "publishAgreement by ProviderMSP refused (NOT_SRO)"
  else
    fail "publishAgreement by ProviderMSP was not refused with NOT_SRO"
  fi

  echo "smoke: $passed passed, $failed failed ($(($(now) - t0))s)"
  [ "$failed" -eq 0 ]
}

# ---- The network description -------------------------------------------------------------------
# var/network/network.json: what a client needs to reach the network (ledger-client's
# LocalNetwork reads it), so new organisations and ports need no client change. Paths are
# relative to var/network.

rel() { echo "${1#"$VAR"/}"; }

write_description() {
  local org orgs="[]" orderers="[]" users
  for org in "${ORGS[@]}"; do
    users=$(org_dir "$org")/users
    orgs=$(jq -c --arg name "$org" --arg msp "${MSP[$org]}" --arg domain "${DOMAIN[$org]}" \
      --arg ep "$(peer_addr "$org")" --arg host "peer0.${DOMAIN[$org]}" --arg ca "$(rel "$(peer_tls_ca "$org")")" \
      --arg ops "127.0.0.1:${PEER_OPS_PORT[$org]}" --arg users "$(rel "$users")" \
      '. + [{name: $name, mspId: $msp, domain: $domain, usersDir: $users,
             peer: {endpoint: $ep, hostOverride: $host, tlsCaFile: $ca, operationsEndpoint: $ops}}]' <<<"$orgs")
  done
  for org in "${ORDERER_ORGS[@]}"; do
    orderers=$(jq -c --arg name "orderer-$org" --arg org "$org" --arg msp "${ORDERER_MSP[$org]}" \
      --arg ep "$(orderer_addr "$org")" --arg host "orderer0.orderer.${DOMAIN[$org]}" \
      --arg ca "$(rel "$(orderer_tls_ca "$org")")" --arg admin "127.0.0.1:${ORDERER_ADMIN_PORT[$org]}" \
      --arg ops "127.0.0.1:${ORDERER_OPS_PORT[$org]}" --arg pid "$(rel "$VAR/run/orderer-$org.pid")" \
      '. + [{name: $name, organisation: $org, mspId: $msp, endpoint: $ep, hostOverride: $host, tlsCaFile: $ca,
             adminEndpoint: $admin, operationsEndpoint: $ops, pidFile: $pid}]' <<<"$orderers")
  done
  jq -n --arg channel "$CHANNEL" --arg cc "$CC_NAME" --arg script "$CFG/network.sh" \
    --argjson orgs "$orgs" --argjson orderers "$orderers" \
    '{version: 1, channel: $channel, chaincode: $cc, script: $script, organisations: $orgs, orderers: $orderers}' \
    >"$DESCRIPTION.tmp"
  mv "$DESCRIPTION.tmp" "$DESCRIPTION"
}

cmd_leader() {
  local org
  org=$(raft_leader) || die "no running orderer reports itself the Raft leader of '$CHANNEL' (election under way?)"
  printf '%s orderer-%s %s\n' "$org" "$org" "$(orderer_addr "$org")"
}

# ---- Status, down, clean -----------------------------------------------------------------------

cmd_status() {
  local n pid health org names=()
  printf '%-20s %-8s %-10s %s\n' PROCESS PID HEALTH LOG
  for org in "${ORDERER_ORGS[@]}"; do names+=("orderer-$org"); done
  for org in "${ORGS[@]}"; do names+=("peer-$org"); done
  for org in "${ORGS[@]}"; do names+=("chaincode-$org"); done
  for n in "${names[@]}"; do
    health=-
    if pid=$(our_pid "$n"); then
      case $n in
        orderer-*) org=${n#orderer-}; healthz "${ORDERER_OPS_PORT[$org]}" "$(orderer_tls_ca "$org")" && health=OK || health=FAILING
          orderer_is_leader "$org" && health+=",leader" ;;
        peer-*) org=${n#peer-}; healthz "${PEER_OPS_PORT[$org]}" "$(peer_tls_ca "$org")" && health=OK || health=FAILING ;;
        chaincode-*) org=${n#chaincode-}; port_listening "${CC_PORT[$org]}" && health=listening || health=starting ;;
      esac
    else
      pid=stopped
    fi
    printf '%-20s %-8s %-10s %s\n' "$n" "$pid" "$health" "$VAR/logs/$n.log"
  done
  echo
  for org in "${ORDERER_ORGS[@]}"; do
    our_pid "orderer-$org" >/dev/null || continue
    printf 'orderer-%-9s channel: %s\n' "$org" "$(osnadmin "$org" channel list --channelID "$CHANNEL" 2>/dev/null | sed -n '/^{/,$p' | jq -c '{name, status, consensusRelation, height}' 2>/dev/null || echo "not joined")"
  done
  for org in "${ORGS[@]}"; do
    our_pid "peer-$org" >/dev/null || continue
    printf 'peer-%-9s height: %s\n' "$org" "$(as_org "$org" Admin "$BIN/peer" channel getinfo -c "$CHANNEL" 2>/dev/null |
      sed -n 's/^Blockchain info: //p' | jq -r .height 2>/dev/null || echo "not joined")"
  done
  if our_pid peer-sro >/dev/null; then
    echo
    echo "committed chaincode definition (channel $CHANNEL):"
    as_org sro Admin "$BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" 2>&1 | sed 's/^/  /' || true
  fi
  if [ -f "$DEPLOYED" ]; then
    echo "last deployment ($DEPLOYED):"
    sed 's/^/  /' "$DEPLOYED"
  fi
}

# Shell exports for using the peer CLI by hand as an organisation, e.g.
#   eval "$(network-config/network.sh env provider User1)"; peer channel getinfo -c depa
cmd_env() {
  local org=${1:-sro} who=${2:-Admin}
  [ -n "${MSP[$org]:-}" ] || die "unknown organisation '$org' (one of: ${ORGS[*]})"
  [[ $who =~ ^(Admin|User1)$ ]] || die "identity must be Admin or User1"
  local dom=${DOMAIN[$org]}
  printf 'export %s=%q\n' \
    PATH "$BIN:$PATH" \
    FABRIC_CFG_PATH "$VAR/peers/$org" \
    CORE_PEER_LOCALMSPID "${MSP[$org]}" \
    CORE_PEER_MSPCONFIGPATH "$(org_dir "$org")/users/$who@$dom/msp" \
    CORE_PEER_ADDRESS "$(peer_addr "$org")" \
    CORE_PEER_TLS_ENABLED true \
    CORE_PEER_TLS_ROOTCERT_FILE "$(peer_tls_ca "$org")" \
    ORDERER_ADDRESS "$(orderer_addr "$(running_orderer || echo sro)")" \
    ORDERER_CA "$(orderer_tls_ca "$(running_orderer || echo sro)")"
}

cmd_down() {
  local n
  local org
  for org in "${ORGS[@]}"; do stop_process "chaincode-$org"; done
  for org in "${ORGS[@]}"; do stop_process "peer-$org"; done
  for org in "${ORDERER_ORGS[@]}"; do stop_process "orderer-$org"; done
  # (the single orderer of network.sh before three consenters)
  stop_process orderer
  info "down: stopped (data kept in $VAR)"
}

cmd_stop() {
  local n=${1:-} org
  case $n in
    orderers) for org in "${ORDERER_ORGS[@]}"; do stop_process "orderer-$org"; done; return 0 ;;
  esac
  for org in "${ORDERER_ORGS[@]}"; do [ "$n" = "orderer-$org" ] && { stop_process "$n"; return 0; }; done
  for org in "${ORGS[@]}"; do
    if [ "$n" = "peer-$org" ] || [ "$n" = "chaincode-$org" ]; then stop_process "$n"; return 0; fi
  done
  die "usage: $0 stop orderers|orderer-ORG|peer-ORG|chaincode-ORG (ORG: ${ORGS[*]})"
}

cmd_clean() {
  cmd_down
  case $VAR in
    */var/network) rm -rf "$VAR"; info "clean: removed $VAR" ;;
    *) die "refusing to delete unexpected directory $VAR" ;;
  esac
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-help}
  [ $# -gt 0 ] && shift
  case $cmd in
    build) cmd_build "$@" ;;
    up) cmd_up ;;
    deploy) cmd_deploy ;;
    smoke) cmd_smoke ;;
    status) cmd_status ;;
    leader) cmd_leader ;;
    add-org) cmd_add_org "$@" ;;
    describe) require_up; write_description; cat "$DESCRIPTION" ;;
    env) cmd_env "$@" ;;
    down) cmd_down ;;
    stop) cmd_stop "$@" ;;
    clean) cmd_clean ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

# Read to the end before running, so editing this file never affects a running invocation.
{ main "$@"; exit $?; }
