#!/usr/bin/env bash
# Crash safety, the long run (docs/robustness.md): builds sunlit and the crash driver in BUILD
# (default build), then kills the driver with SIGKILL KILLS times (default 2000) within SECONDS
# (default 1800) and checks the database (tests/crash/crash.py). CTest runs 200 kills.
# Usage: scripts/crash.sh [KILLS] [SECONDS] [BUILD]   (SUNLIT_CRASH_KEEP=DIR keeps the database)
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-2000}
LIMIT=${2:-1800}
BUILD=${3:-build}
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target sunlit sunlit_crash_driver
exec /usr/bin/python3 tests/crash/crash.py --sunlit "$BUILD/sunlit" --driver "$BUILD/tests/sunlit_crash_driver" \
  --repo . --kills "$KILLS" --seconds "$LIMIT" ${SUNLIT_CRASH_KEEP:+--keep "$SUNLIT_CRASH_KEEP"}
