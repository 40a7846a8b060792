#!/usr/bin/env bash
# One clang build with AddressSanitizer + UndefinedBehaviorSanitizer that serves both the
# sanitizer test run (scripts/sanitize.sh) and the fuzzing (scripts/fuzz.sh), so CI compiles the
# engine once: every file is compiled with -fsanitize=address,undefined and libFuzzer's coverage
# (-fsanitize=fuzzer-no-link); the tests and the CLI link normally, the fuzz targets with
# -fsanitize=fuzzer. -O1 and line tables only (reports keep file:line) keep compiling and linking
# short on a 2-core machine; asserts stay on. lld links when installed.
# Usage: scripts/san-build.sh tests|fuzz|all [fuzz-target...]
#   tests: sunlit, the crash driver and every tests/test_*.cpp   fuzz: the fuzz targets   all: both
# The build directory is $SUNLIT_SAN_DIR (default build-ci-san). The benches are not built.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${SUNLIT_SAN_DIR:-build-ci-san}
JOBS=${JOBS:-$(nproc)}
what=${1:-all}
shift || true

bash scripts/deps.sh clang libclang-rt-14-dev lld
linker=()
command -v ld.lld >/dev/null 2>&1 && linker=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=CiSan \
  -DCMAKE_CXX_FLAGS_CISAN="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
  -DSUNLIT_SANITIZE=ON -DSUNLIT_FUZZ=ON -DSUNLIT_WERROR=OFF "${linker[@]}" >/dev/null

names() { for f in "$@"; do [ -e "$f" ] || continue; basename "$f" .cpp; done; }
case "$what" in tests|fuzz|all) ;; *) echo "usage: scripts/san-build.sh tests|fuzz|all [fuzz-target...]" >&2; exit 2 ;; esac
targets=()
if [ "$what" != fuzz ]; then targets+=(sunlit sunlit_crash_driver $(names tests/test_*.cpp)); fi
if [ "$what" != tests ]; then
  if [ $# -gt 0 ]; then targets+=("$@"); else targets+=($(names tests/fuzz/fuzz_*.cpp)); fi
fi
cmake --build "$BUILD" -j"$JOBS" --target "${targets[@]}"
