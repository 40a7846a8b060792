#!/usr/bin/env bash
# An intake window's day from its system's export: three license applications registered in one
# `sunlit case batch` (one JSON object per line), then accepted together, each action its own
# transaction, fsyncs shared (group commit). A malformed file is refused whole.
# Usage: examples/batch.sh [path/to/sunlit]   (default: build/sunlit; database: out/batch.db)
set -euo pipefail
cd "$(dirname "$0")/.."
SUNLIT=${1:-build/sunlit}
mkdir -p out
export SUNLIT_DB=${SUNLIT_DB:-out/batch.db}
rm -f "$SUNLIT_DB" "$SUNLIT_DB-wal" "$SUNLIT_DB-shm"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
at() { local t=$1; shift; printf '$ sunlit --now %s %s\n' "$t" "$*"; "$SUNLIT" --now "$t" "$@"; }

say "Deploy the shipped organisation and flowcharts"
at 2026-03-01T09:00 deploy processes/ --as legal_office

say "The window's export: three applications, opened in the file's order (--jobs 1)"
at 2026-03-02T09:00 case batch examples/intake-day.jsonl --jobs 1

say "The next morning the window accepts all three at once (--jobs 3): one line per case, each printed once on disk"
accepts=out/accepts.jsonl
for n in 1 2 3; do
  printf '{"case": "2026-%06d", "action": "accept", "as": "wang_fang", "set": {"accepted_on": "2026-03-03"}}\n' "$n"
done >"$accepts"
at 2026-03-03T10:00 case batch "$accepts" --jobs 3 | sort

say "A file with a typo is refused whole, naming the line; nothing is done"
printf '{"case": "2026-000001", "acton": "accept", "as": "wang_fang"}\n' >out/typo.jsonl
at 2026-03-03T10:05 case batch out/typo.jsonl || echo "(exit $?)"

say "The worklist after the batches"
at 2026-03-03T10:10 case list --open
