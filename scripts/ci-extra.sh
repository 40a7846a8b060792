#!/usr/bin/env bash
# The slow checks CI may add after scripts/test.sh (issue 6 items 3 and 4): the whole test suite
# under ASan+UBSan (scripts/sanitize.sh), then the bounded fuzz run (scripts/fuzz.sh --ci, 45 s per
# target). Prints each part's time; fails if either fails. Both build in their own directories
# (build-asan/, build-fuzz/), so the normal build/ is untouched.
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
