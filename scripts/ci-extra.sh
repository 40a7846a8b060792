#!/usr/bin/env bash
# The sanitizer and fuzzing checks .ci/run runs after scripts/test.sh (issue 6 items 3 and 4):
# the whole test suite under ASan+UBSan (scripts/sanitize.sh), then a bounded libFuzzer run of
# every fuzz target (scripts/fuzz.sh --ci, 60 s per target, two at a time). Both use one clang
# build in build-ci-san/ (scripts/san-build.sh), so the engine is compiled once; the normal
# build/ is untouched. Prints each part's time; fails if either fails (a sanitizer report, a
# failing test, a fuzz crash).
# Usage: scripts/ci-extra.sh [fuzz-seconds-per-target]
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
t0=$(date +%s)
bash scripts/sanitize.sh || status=1
t1=$(date +%s)
bash scripts/fuzz.sh --ci ${1:+"$1"} || status=1
t2=$(date +%s)
echo "ci-extra: sanitize $((t1 - t0))s, fuzz $((t2 - t1))s, total $((t2 - t0))s on $(nproc) cores" \
     "(load $(cut -d' ' -f1-3 /proc/loadavg)): $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status
