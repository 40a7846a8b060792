#!/usr/bin/env bash
# Runs the whole test suite (every CTest test: Catch2, CLI scripts, schema, crash and concurrency)
# under AddressSanitizer + UndefinedBehaviorSanitizer, leaks included, in the clang build that the
# fuzzing shares (scripts/san-build.sh; build-ci-san/, -O1). Fails if a test fails or if any
# sanitizer wrote a report, even one a test's exit code hid: every report of every process (tests,
# the sunlit processes they start) goes to build-ci-san/sanitizer-logs/, which must stay empty.
# Usage: scripts/sanitize.sh [ctest-args...]   e.g. scripts/sanitize.sh -R cli_   (default: every test)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${SUNLIT_SAN_DIR:-build-ci-san}
JOBS=${JOBS:-$(nproc)}
start=$(date +%s)
SUNLIT_SAN_DIR=$BUILD bash scripts/san-build.sh tests
built=$(date +%s)

logs="$PWD/$BUILD/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
# exitcode 99: a report must not pass for one of sunlit's own exit codes (1 is "bad input").
export ASAN_OPTIONS="detect_leaks=1:exitcode=99:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99:log_path=$logs/ubsan"
export LSAN_OPTIONS="exitcode=99"
status=0
(cd "$BUILD" && ctest --output-on-failure -j"$JOBS" "$@") || status=1
done_at=$(date +%s)

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
  echo "== sanitizer reports:"
  for r in $reports; do echo "--- $r"; head -60 "$r"; done
  status=1
fi
echo "sanitize: build $((built - start))s, tests $((done_at - built))s, $(echo "$reports" | grep -c . || true) report files; load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
