#!/usr/bin/env bash
# The scale benchmark of issue 6 (item 6) and the replay/verify throughput of issue 5 (item 9).
#
# Usage: bench/scale.sh            (from anywhere; runs in the repository root)
# Environment (all optional):
#   SUNLIT_BUILD_DIR  build folder (default build-bench, configured Release if absent)
#   CASES             cases in the large database (default 1000000; ~17 events each)
#   TP_CASES          cases in the throughput database (default 60000: ~1,000,000 events)
#   SCRATCH           where the databases go (default /tmp/sunlit-scale; never in the repository)
#   KEEP=1            keep existing databases of the same size instead of generating them again
# Prints the machine, then bench_scale's tables. The large run takes ~15 minutes of CPU on 2 cores
# (most of it generating), and ~8 GB of disk for 1,000,000 cases.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${SUNLIT_BUILD_DIR:-build-bench}
CASES=${CASES:-1000000}
TP_CASES=${TP_CASES:-60000}
SCRATCH=${SCRATCH:-/tmp/sunlit-scale}
mkdir -p "$SCRATCH"

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD" -j"$(nproc)" --target sunlit gen_cases bench_scale >&2

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  nproc: $(nproc)  cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "build: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt")  commit: $(git rev-parse --short HEAD)"

generate() {  # $1 path, $2 cases
  if [ "${KEEP:-0}" = 1 ] && [ -f "$1" ]; then return; fi
  rm -f "$1" "$1-wal" "$1-shm"
  echo "generating $2 cases into $1 (load $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/time -f "generated in %e s (%U s user)" "$BUILD/bench/gen_cases" --db "$1" --cases "$2"
}

generate "$SCRATCH/throughput.db" "$TP_CASES"
"$BUILD/bench/bench_scale" --db "$SCRATCH/throughput.db" --throughput
generate "$SCRATCH/scale.db" "$CASES"
"$BUILD/bench/bench_scale" --db "$SCRATCH/scale.db" --scale --tick-due
