#!/usr/bin/env bash
# Concurrency, the long run (docs/robustness.md): builds sunlit in BUILD (default build), then
# runs ROUNDS rounds (default 20) of SECONDS seconds (default 15) with WORKERS advancing workers
# (default 4), a ticker and `sunlit serve` on one database, and checks every answer and every
# event (tests/crash/concurrency.py). CTest runs 3 rounds of 6 s.
# Usage: scripts/concurrency.sh [ROUNDS] [SECONDS] [WORKERS] [BUILD]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
SECONDS_EACH=${2:-15}
WORKERS=${3:-4}
BUILD=${4:-build}
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target sunlit
exec /usr/bin/python3 tests/crash/concurrency.py --sunlit "$BUILD/sunlit" --repo . --rounds "$ROUNDS" \
  --seconds "$SECONDS_EACH" --workers "$WORKERS"
