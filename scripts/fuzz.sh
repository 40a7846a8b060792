#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for N seconds
# on its seed corpus in tests/fuzz/corpus/<target>/. New inputs go to build-fuzz/corpus/.
# Usage: scripts/fuzz.sh [--ci] [seconds-per-target] [target...]   (default 60, every target)
#   --ci: the bounded run for CI: 45 s per target unless given, one line per target, and a
#         crash's input printed (base64) so it can become a regression test (tests/test_hostile.cpp).
# Targets: fuzz_loader (YAML flowcharts), fuzz_expr (conditions and field values),
#          fuzz_calendar (calendar files), fuzz_sets (`case open/advance --set field=value`).
set -euo pipefail
cd "$(dirname "$0")/.."
CI=0
if [ "${1:-}" = "--ci" ]; then CI=1; shift; fi
SECONDS_EACH=${1:-$([ "$CI" -eq 1 ] && echo 45 || echo 60)}
TARGETS=("${@:2}")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_loader fuzz_expr fuzz_calendar fuzz_sets)
bash scripts/deps.sh clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DSUNLIT_FUZZ=ON -DBUILD_TESTING=OFF \
  -DSUNLIT_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
cmake --build build-fuzz --target "${TARGETS[@]}" -j"$(nproc)"
status=0
for t in "${TARGETS[@]}"; do
  seeds=tests/fuzz/corpus/${t#fuzz_}
  work=build-fuzz/corpus/${t#fuzz_}
  artifacts=build-fuzz/artifacts/$t/
  mkdir -p "$work" "$artifacts"
  echo "== $t for ${SECONDS_EACH}s (seeds: $seeds)"
  log=build-fuzz/$t.log
  start=$(date +%s)
  if "build-fuzz/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$seeds" > "$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "   ok: $runs runs in $(( $(date +%s) - start ))s, corpus $(ls "$work" | wc -l) inputs"
    [ "$CI" -eq 1 ] || tail -3 "$log"
  else
    status=1
    echo "   FAILED after $(( $(date +%s) - start ))s; log: $log"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -10 || true
    for a in "$artifacts"*; do
      [ -f "$a" ] || continue
      echo "   input $a (base64): $(head -c 4096 "$a" | base64 -w0)"
    done
    echo "   turn the input into a regression test in tests/test_hostile.cpp, then fix the bug"
  fi
done
exit $status
