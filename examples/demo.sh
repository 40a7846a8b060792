#!/usr/bin/env bash
# A tour of sunlit on the statutory flowcharts it ships (processes/).
# Usage: examples/demo.sh [path/to/sunlit]    (default: build/sunlit)
set -euo pipefail
cd "$(dirname "$0")/.."
SUNLIT=${1:-build/sunlit}
OUT=${OUT:-out}
mkdir -p "$OUT"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

step "1. Check every shipped flowchart like a compiler (exit 0: no errors)" \
  "$SUNLIT" check processes/

step "2. A broken flowchart: every finding at once, with file:line:col and a caret" \
  bash -c "\"$SUNLIT\" check processes/xicheng.org.yaml examples/broken-license.yaml || echo \"(exit code \$?: the file has errors)\""

step "3. The catalog of powers (职权目录) with statistics per category" \
  "$SUNLIT" catalog processes/ --format table

for p in license-general penalty-ordinary information-disclosure; do
  "$SUNLIT" graph "processes/$p.yaml" --format dot > "$OUT/$p.dot"
  if command -v dot >/dev/null 2>&1; then
    "$SUNLIT" graph "processes/$p.yaml" --format svg -o "$OUT/$p.svg"
  fi
done
step "4. The statutory flowcharts a citizen can read, drawn with Graphviz" ls -1 "$OUT"
echo "Open $OUT/license-general.svg in a browser to see the license procedure."

step "5. Run a license case and a penalty case end to end on SQLite" bash examples/cases.sh "$SUNLIT"

step "6. An intake window's day in one batch: many actions, each its own transaction, fsyncs shared" \
  bash examples/batch.sh "$SUNLIT"
