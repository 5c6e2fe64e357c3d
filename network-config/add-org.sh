# add-org.sh: `network.sh add-org NAME`, a consortium member joining the running network.
# Sourced by network.sh (uses its topology, helpers and state); not run on its own.
#
#   1. crypto material for NAME (cryptogen: CA, TLS CA, peer0, Admin, User1) under var/network/crypto;
#   2. the organisation's channel definition (configtxgen -printOrg) added to the channel config:
#      fetch the config block, edit it, compute the update (configtxlator), sign it by as many of
#      the existing members' admins as the channel's Application Admins policy needs (MAJORITY:
#      2 of 3), submit it;
#   3. start its peer, join it to the channel, wait until it has caught up;
#   4. `deploy`: install the chaincode on the new peer, start its chaincode process, approve the
#      definition at the next sequence by every member and commit it (MAJORITY now counts 4).
# Every step is idempotent: run it again after a failure.

# Added members live in var/network/orgs/NN-NAME.env (network.sh reads them at start-up).
ADDED_ORGS_DIR=$VAR/orgs

load_added_orgs() {
  local f ORG_NAME ORG_MSP ORG_DOMAIN ORG_PEER_PORT ORG_PEER_OPS_PORT ORG_CC_PORT
  for f in "$ADDED_ORGS_DIR"/*.env; do
    [ -f "$f" ] || continue
    # shellcheck disable=SC1090
    . "$f"
    ORGS+=("$ORG_NAME")
    MSP[$ORG_NAME]=$ORG_MSP
    DOMAIN[$ORG_NAME]=$ORG_DOMAIN
    PEER_PORT[$ORG_NAME]=$ORG_PEER_PORT
    PEER_CC_PORT[$ORG_NAME]=$((ORG_PEER_PORT + 1))
    PEER_OPS_PORT[$ORG_NAME]=$ORG_PEER_OPS_PORT
    CC_PORT[$ORG_NAME]=$ORG_CC_PORT
  done
}

# The number of signatures an ImplicitMeta rule (ANY, ALL, MAJORITY) needs among N organisations.
implicit_meta_needs() {
  case $1 in
    ANY) echo 1 ;;
    ALL) echo "$2" ;;
    MAJORITY) echo $(($2 / 2 + 1)) ;;
    *) die "unknown ImplicitMeta rule '$1'" ;;
  esac
}

register_org() {
  local name=$1 n existing=()
  compgen -G "$ADDED_ORGS_DIR/*-$name.env" >/dev/null && return 0
  mkdir -p "$ADDED_ORGS_DIR"
  mapfile -t existing < <(compgen -G "$ADDED_ORGS_DIR/*.env" || true)
  n=$((${#existing[@]} + 1))
  # Founders use 7xxx, 8xxx, 9xxx; added member k gets peer (10+k-1)051, its chaincode listener
  # one above, operations 9448+k, chaincode process 9993+k.
  local peer=$((10051 + (n - 1) * 1000)) ops=$((9448 + n)) cc=$((9993 + n))
  local cap; cap="$(tr '[:lower:]' '[:upper:]' <<<"${name:0:1}")${name:1}"
  require_port_free "$peer" "peer-$name"
  require_port_free "$((peer + 1))" "peer-$name chaincode listener"
  require_port_free "$ops" "peer-$name operations"
  require_port_free "$cc" "chaincode-$name"
  write_env "$ADDED_ORGS_DIR/$(printf '%02d' "$n")-$name.env" \
    "ORG_NAME=$name" "ORG_MSP=${cap}MSP" "ORG_DOMAIN=$name.depa.local" \
    "ORG_PEER_PORT=$peer" "ORG_PEER_OPS_PORT=$ops" "ORG_CC_PORT=$cc"
}

# Forgets a member whose channel update was refused (nothing of it runs yet).
unregister_org() {
  local name=$1 f
  for f in "$ADDED_ORGS_DIR"/*-"$name".env; do [ -f "$f" ] && rm -f "$f"; done
  case $(org_dir "$name") in
    "$CRYPTO"/peerOrganizations/*) rm -rf "$(org_dir "$name")" ;;
  esac
}

add_org_crypto() {
  local name=$1 tmp=$2 dom=${DOMAIN[$1]}
  [ -f "$(org_dir "$name")/.complete" ] && return 0
  info "generating crypto material for ${MSP[$name]} (cryptogen)"
  cat >"$tmp/crypto-config.yaml" <<YAML
PeerOrgs:
  - Name: ${MSP[$name]%MSP}
    Domain: $dom
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: [localhost, 127.0.0.1]
    Users:
      Count: 1
YAML
  rm -rf "$tmp/crypto" "$(org_dir "$name")"
  "$BIN/cryptogen" generate --config="$tmp/crypto-config.yaml" --output="$tmp/crypto" >/dev/null
  mv "$tmp/crypto/peerOrganizations/$dom" "$(org_dir "$name")"
  touch "$(org_dir "$name")/.complete"
}

# The organisation's channel group (policies as the founders', its anchor peer), as JSON.
add_org_definition() {
  local name=$1 tmp=$2 m=${MSP[$1]}
  mkdir -p "$tmp/configtx"
  cat >"$tmp/configtx/configtx.yaml" <<YAML
Organizations:
  - Name: $m
    ID: $m
    MSPDir: $(org_dir "$name")/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('$m.admin', '$m.peer', '$m.client')"}
      Writers: {Type: Signature, Rule: "OR('$m.admin', '$m.client')"}
      Admins: {Type: Signature, Rule: "OR('$m.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('$m.peer')"}
    AnchorPeers:
      - Host: 127.0.0.1
        Port: ${PEER_PORT[$name]}
YAML
  FABRIC_CFG_PATH=$tmp/configtx FABRIC_LOGGING_SPEC=warning "$BIN/configtxgen" -printOrg "$m" >"$tmp/org.json"
}

fetch_channel_config() {
  local tmp=$1
  # shellcheck disable=SC2046
  as_org sro Admin "$BIN/peer" channel fetch config "$tmp/config_block.pb" -c "$CHANNEL" $(orderer_tls_args) >/dev/null 2>&1 ||
    die "could not fetch the config block of channel '$CHANNEL'"
  "$BIN/configtxlator" proto_decode --input "$tmp/config_block.pb" --type common.Block --output "$tmp/config_block.json"
  jq '.data.data[0].payload.data.config' "$tmp/config_block.json" >"$tmp/config.json"
}

add_org_channel_update() {
  local name=$1 tmp=$2 signatures=$3 m=${MSP[$1]}
  fetch_channel_config "$tmp"
  if jq -e --arg m "$m" '.channel_group.groups.Application.groups | has($m)' "$tmp/config.json" >/dev/null; then
    info "$m is already a member of channel '$CHANNEL'"
    return 0
  fi
  jq --arg m "$m" --slurpfile org "$tmp/org.json" '.channel_group.groups.Application.groups[$m] = $org[0]' \
    "$tmp/config.json" >"$tmp/modified.json"
  local t
  for t in config modified; do
    "$BIN/configtxlator" proto_encode --input "$tmp/$t.json" --type common.Config --output "$tmp/$t.pb"
  done
  "$BIN/configtxlator" compute_update --channel_id "$CHANNEL" --original "$tmp/config.pb" --updated "$tmp/modified.pb" \
    --output "$tmp/update.pb"
  "$BIN/configtxlator" proto_decode --input "$tmp/update.pb" --type common.ConfigUpdate --output "$tmp/update.json"
  jq -n --arg c "$CHANNEL" --slurpfile u "$tmp/update.json" \
    '{payload: {header: {channel_header: {channel_id: $c, type: 2}}, data: {config_update: $u[0]}}}' >"$tmp/envelope.json"
  "$BIN/configtxlator" proto_encode --input "$tmp/envelope.json" --type common.Envelope --output "$tmp/update.tx"

  # Who must sign: the Application group's mod_policy (Admins), an ImplicitMeta rule over the
  # current members' Admins policies.
  local members rule sub needed signers=() org
  members=$(jq -r '.channel_group.groups.Application.groups | keys[]' "$tmp/config.json")
  rule=$(jq -r '.channel_group.groups.Application.policies.Admins.policy.value.rule' "$tmp/config.json")
  sub=$(jq -r '.channel_group.groups.Application.policies.Admins.policy.value.sub_policy' "$tmp/config.json")
  [ "$sub" = Admins ] || die "the channel's Application Admins policy is not over the members' Admins ($sub)"
  needed=$(implicit_meta_needs "$rule" "$(wc -l <<<"$members")")
  for org in "${ORGS[@]}"; do
    [ "$org" = "$name" ] && continue
    grep -qxF "${MSP[$org]}" <<<"$members" || continue
    [ "${#signers[@]}" -lt "$needed" ] && signers+=("$org")
  done
  [ "${#signers[@]}" -eq "$needed" ] || die "the update needs $needed admin signatures ($rule of $(wc -l <<<"$members") members); only ${#signers[@]} members' admins are on this machine"
  info "channel config update adds $m; the Application Admins policy ($rule Admins of $(wc -l <<<"$members") members) needs $needed signatures"
  if [ -n "$signatures" ] && [ "$signatures" -lt "$needed" ]; then
    # Only to show that the channel refuses it: fewer signatures than the policy needs.
    info "  --signatures $signatures: collecting fewer signatures than the policy needs"
    signers=("${signers[@]:0:$signatures}")
  fi
  local last=${signers[-1]}
  for org in "${signers[@]}"; do
    [ "$org" = "$last" ] && break
    info "  signed by the ${MSP[$org]} admin"
    as_org "$org" Admin "$BIN/peer" channel signconfigtx -f "$tmp/update.tx" >/dev/null 2>&1 ||
      die "${MSP[$org]} admin could not sign the update"
  done
  info "  signed and submitted by the ${MSP[$last]} admin"
  local out
  # shellcheck disable=SC2046
  out=$(as_org "$last" Admin "$BIN/peer" channel update -f "$tmp/update.tx" -c "$CHANNEL" $(orderer_tls_args) 2>&1) ||
    { unregister_org "$name"; die "the channel refused the config update adding $m: $(tail -n 1 <<<"$out")"; }
  local deadline=$(($(now) + 60))
  until fetch_channel_config "$tmp" &&
      jq -e --arg m "$m" '.channel_group.groups.Application.groups | has($m)' "$tmp/config.json" >/dev/null; do
    [ "$(now)" -lt "$deadline" ] || die "the update adding $m is not in the channel config after 60s"
    sleep 1
  done
}

peer_height() {
  as_org "$1" Admin "$BIN/peer" channel getinfo -c "$CHANNEL" 2>/dev/null | sed -n 's/^Blockchain info: //p' | jq -r .height 2>/dev/null
}

add_org_peer() {
  local name=$1 out
  render_core_yaml "$name"
  start_peer "$name"
  wait_healthy "peer-$name" "${PEER_OPS_PORT[$name]}" "$(peer_tls_ca "$name")" "$VAR/logs/peer-$name.log"
  out=$(as_org "$name" Admin "$BIN/peer" channel list 2>/dev/null || true)
  if ! grep -qx "$CHANNEL" <<<"$out"; then
    info "peer-$name joins channel '$CHANNEL'"
    if ! out=$(as_org "$name" Admin "$BIN/peer" channel join -b "$GENESIS_BLOCK" 2>&1) &&
        ! grep -q "already exists" <<<"$out"; then
      die "peer-$name could not join channel '$CHANNEL': $out"
    fi
  fi
  local deadline=$(($(now) + 120)) h target
  target=$(peer_height sro)
  until h=$(peer_height "$name") && [ -n "$h" ] && [ "$h" -ge "$target" ]; do
    [ "$(now)" -lt "$deadline" ] || die "peer-$name at height ${h:-?} after 120s, the channel is at $target"
    sleep 1
  done
  info "peer-$name has caught up (height $h)"
}

cmd_add_org() {
  local name=${1:-} signatures="" t0 tmp
  t0=$(now)
  if [ "${2:-}" = --signatures ]; then
    [[ ${3:-} =~ ^[1-9][0-9]*$ ]] || die "--signatures N: a positive number (got '${3:-}')"
    signatures=$3
  elif [ -n "${2:-}" ]; then
    die "add-org NAME [--signatures N]: unexpected '${2}'"
  fi
  [[ $name =~ ^[a-z][a-z0-9]{1,15}$ ]] || die "add-org NAME: a lower-case name of 2 to 16 letters and digits, e.g. 'hospital' (got '${name}')"
  local org
  for org in "${ORDERER_ORGS[@]}"; do
    [ "$org" != "$name" ] || die "'$name' is a founding member already"
  done
  require_up
  [ -f "$DEPLOYED" ] || die "no chaincode deployed: run '$0 deploy' first"
  if [ -z "${MSP[$name]:-}" ]; then
    register_org "$name"
    ORGS=("${ORDERER_ORGS[@]}")
    load_added_orgs
  fi
  tmp=$(mktemp -d "$VAR/add-org.XXXXXX")
  add_org_crypto "$name" "$tmp"
  add_org_definition "$name" "$tmp"
  add_org_channel_update "$name" "$tmp" "$signatures"
  add_org_peer "$name"
  rm -rf "$tmp"
  info "chaincode definition at the next sequence, approved under the new membership"
  cmd_deploy
  write_description
  info "add-org: ${MSP[$name]} joined channel '$CHANNEL' (peer 127.0.0.1:${PEER_PORT[$name]}, chaincode 127.0.0.1:${CC_PORT[$name]}) in $(($(now) - t0))s"
}
