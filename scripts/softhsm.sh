#!/usr/bin/env bash
# SoftHSM2 for the kms-bridge's PKCS#11 key custody (kms-bridge-core's Pkcs11DatasetKeyStore), in tests and CI:
#   1. installs the Debian package softhsm2 when its PKCS#11 library is missing (needs root, as CI is);
#   2. initialises one token, label depa-kms, under var/softhsm/ (project-local config and token directory);
#   3. writes var/softhsm/sunpkcs11.cfg, the JDK SunPKCS11 provider configuration the bridge and tests use.
# Idempotent. Test-only PINs (override with DEPA_SOFTHSM_PIN / DEPA_SOFTHSM_SO_PIN); never a real HSM's.
#   scripts/softhsm.sh            install if needed, initialise
#   scripts/softhsm.sh --no-install   initialise only if the library is already there (else say so, exit 0)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/var/softhsm"
pin="${DEPA_SOFTHSM_PIN:-depa-test-pin}"
so_pin="${DEPA_SOFTHSM_SO_PIN:-depa-test-so-pin}"
label="depa-kms"

find_library() {
  for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
      /usr/local/lib/softhsm/libsofthsm2.so; do
    [[ -f "$candidate" ]] && { echo "$candidate"; return 0; }
  done
  return 1
}

if ! lib="$(find_library)"; then
  if [[ "${1:-}" == "--no-install" ]]; then
    echo "softhsm.sh: SoftHSM2 is not installed; PKCS#11 tests will be skipped"
    exit 0
  fi
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "softhsm.sh: SoftHSM2 missing and cannot install it here (needs root and apt-get); PKCS#11 tests will be skipped"
    exit 0
  fi
  echo "softhsm.sh: installing softhsm2"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2 >/dev/null
  lib="$(find_library)"
fi

mkdir -p "$dir/tokens"
cat > "$dir/softhsm2.conf" <<CONF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
export SOFTHSM2_CONF="$dir/softhsm2.conf"

if ! softhsm2-util --show-slots 2>/dev/null | grep -Eq "Label:[[:space:]]+$label[[:space:]]*$"; then
  softhsm2-util --init-token --free --label "$label" --so-pin "$so_pin" --pin "$pin" >/dev/null
  echo "softhsm.sh: token $label initialised in $dir/tokens"
fi
slot="$(softhsm2-util --show-slots | awk -v l="$label" '/^Slot [0-9]+/{s=$2} $1=="Label:" && $2==l {print s; exit}')"

# Two SunPKCS11 configurations of the same token:
#  sunpkcs11.cfg            dataset keys imported non-sensitive (CKA_SENSITIVE=false): the bridge reads a key for each
#                           seal and wraps it in software. Needed on JDK 17, whose SunPKCS11 has no AES/KW cipher.
#  sunpkcs11-sensitive.cfg  dataset keys sensitive, leaving the token only wrapped (CKA_EXTRACTABLE): for a JDK whose
#                           SunPKCS11 offers AES/KW on the token; elsewhere the bridge refuses to seal such keys.
write_cfg() {
  cat > "$1" <<CFG
name = $2
library = $lib
slot = $slot
attributes(import, CKO_SECRET_KEY, CKK_AES) = {
  CKA_SENSITIVE = $3
  CKA_EXTRACTABLE = true
  CKA_ENCRYPT = true
  CKA_DECRYPT = true
  CKA_WRAP = true
}
CFG
}
write_cfg "$dir/sunpkcs11.cfg" DepaSoftHSM false
write_cfg "$dir/sunpkcs11-sensitive.cfg" DepaSoftHSMSensitive true
printf '%s' "$pin" > "$dir/pin"
chmod 600 "$dir/pin"
echo "softhsm.sh: SunPKCS11 configuration $dir/sunpkcs11.cfg (slot $slot); SOFTHSM2_CONF=$dir/softhsm2.conf"
