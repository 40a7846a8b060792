#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for N seconds
# on its seed corpus in tests/fuzz/corpus/<target>/. New inputs go to build-fuzz/corpus/.
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]   (default 60, every target)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
TARGETS=("${@:2}")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_loader fuzz_expr fuzz_calendar)
bash scripts/deps.sh clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DSUNLIT_FUZZ=ON -DBUILD_TESTING=OFF \
  -DSUNLIT_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
for t in "${TARGETS[@]}"; do
  cmake --build build-fuzz --target "$t" -j"$(nproc)"
done
status=0
for t in "${TARGETS[@]}"; do
  seeds=tests/fuzz/corpus/${t#fuzz_}
  work=build-fuzz/corpus/${t#fuzz_}
  mkdir -p "$work"
  echo "== $t for ${SECONDS_EACH}s (seeds: $seeds)"
  if ! "build-fuzz/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
       -artifact_prefix=build-fuzz/ "$work" "$seeds"; then
    status=1
  fi
done
exit $status
