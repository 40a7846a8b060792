#!/usr/bin/env bash
# Installs the Debian 12 packages sunlit needs, only those missing (apt-get, as root).
# Usage: scripts/deps.sh [extra-package…]
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libyaml-dev libssl-dev libboost-dev libboost-graph-dev libfmt-dev libsqlite3-dev
  catch2 libcli11-dev nlohmann-json3-dev rapidjson-dev
  graphviz python3 python3-yaml python3-jsonschema
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "sunlit: installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=
elif command -v sudo >/dev/null 2>&1; then
  SUDO=sudo
else
  echo "sunlit: these Debian packages are missing and I am not root: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
