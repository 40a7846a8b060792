#!/usr/bin/env bash
# Builds sunlit and runs every test through CTest. This is the README's test command and CI's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
