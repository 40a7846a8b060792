#!/usr/bin/env bash
# Runs each libFuzzer target for N seconds on its seed corpus in tests/fuzz/corpus/<target>/, two
# targets at a time (one per core). The targets are built by scripts/san-build.sh in the clang
# ASan+UBSan build the sanitizer suite shares (build-ci-san/). New inputs go to build-ci-san/corpus/.
# Usage: scripts/fuzz.sh [--ci] [seconds-per-target] [target...]   (default 60, every target)
#   --ci: one line per target; a crash's input is printed (base64, and the command that
#         reproduces it) so it can become a regression test (tests/test_hostile.cpp).
# Targets: fuzz_loader (YAML flowcharts), fuzz_expr (conditions and field values),
#          fuzz_calendar (calendar files), fuzz_sets (`case open/advance --set field=value`),
#          fuzz_batch (`case batch` files).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${SUNLIT_SAN_DIR:-build-ci-san}
CI=0
if [ "${1:-}" = "--ci" ]; then CI=1; shift; fi
SECONDS_EACH=${1:-60}
TARGETS=("${@:2}")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_loader fuzz_expr fuzz_calendar fuzz_sets fuzz_batch)
SUNLIT_SAN_DIR=$BUILD bash scripts/san-build.sh fuzz "${TARGETS[@]}"
PARALLEL=${FUZZ_JOBS:-$(nproc)}
# The fuzzers' own options: a leak or any UBSan report is a crash too.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

# Runs one target; writes its log and a one-line verdict to $BUILD/<target>.{log,verdict}.
run_one() {
  local t=$1 seeds=tests/fuzz/corpus/${1#fuzz_} work=$BUILD/corpus/${1#fuzz_}
  local artifacts=$BUILD/artifacts/$t/ log=$BUILD/$t.log start
  mkdir -p "$work" "$artifacts"
  rm -f "$artifacts"*
  start=$(date +%s)
  if "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$seeds" > "$log" 2>&1; then
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "   $t ok: $runs runs in $(( $(date +%s) - start ))s, corpus $(ls "$work" | wc -l) inputs" > "$BUILD/$t.verdict"
  else
    {
      echo "   $t FAILED after $(( $(date +%s) - start ))s; log: $log"
      grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -10 || true
      for a in "$artifacts"*; do
        [ -f "$a" ] || continue
        echo "   input $a (base64): $(head -c 4096 "$a" | base64 -w0)"
        echo "   reproduce: $BUILD/tests/fuzz/$t $a"
      done
      echo "   turn the input into a regression test in tests/test_hostile.cpp, then fix the bug"
    } > "$BUILD/$t.verdict"
    return 1
  fi
}

echo "== fuzzing ${TARGETS[*]} for ${SECONDS_EACH}s each, $PARALLEL at a time"
status=0
pids=()
for t in "${TARGETS[@]}"; do
  run_one "$t" & pids+=($!)
  if [ ${#pids[@]} -ge "$PARALLEL" ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
for t in "${TARGETS[@]}"; do
  cat "$BUILD/$t.verdict"
  [ "$CI" -eq 1 ] || [ ! -f "$BUILD/$t.log" ] || tail -3 "$BUILD/$t.log"
done
exit $status
