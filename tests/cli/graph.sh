#!/usr/bin/env bash
# `sunlit graph`: DOT nodes and edges, SVG via Graphviz, invalid input, missing dot.
# Usage: bash graph.sh <path-to-sunlit> <repo-root>
set -u
sunlit="$1"
cd "$2" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
has() { grep -qF -- "$2" <<<"$1" || fail "dot output lacks: $2"; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

dot_text="$("$sunlit" graph tests/data/valid/license.yaml --format dot)"; rc=$?
[ "$rc" -eq 0 ] || fail "graph dot: exit $rc"
has "$dot_text" 'digraph "XC-TEST-XK-001" {'
for node in accept route joint review_fire review_market joint_done review hearing_window hearing decide granted refused not_accepted; do
  has "$dot_text" "\"$node\" ["
done
has "$dot_text" '"accept" -> "route" [label="受理"];'
has "$dot_text" '"route" -> "review" [label="otherwise"];'
has "$dot_text" '"joint" -> "review_fire";'
has "$dot_text" '"hearing_window" -> "decide" [label="timeout: 未申请听证"'
has "$dot_text" 'Limit: 5 working days (行政许可法第三十二条)'
has "$dot_text" 'clock suspended: hearing'
# Default format is dot, and -o writes the same text to a file.
[ "$("$sunlit" graph tests/data/valid/license.yaml)" = "$dot_text" ] || fail "default format is not dot"
"$sunlit" graph tests/data/valid/license.yaml -o "$tmp/out.dot"; rc=$?
[ "$rc" -eq 0 ] || fail "-o: exit $rc"
[ "$(cat "$tmp/out.dot")" = "$dot_text" ] || fail "-o: file differs from stdout"

# An invalid definition: findings on stderr, exit 1, nothing on stdout.
out="$("$sunlit" graph tests/data/broken/broken.yaml 2>"$tmp/err")"; rc=$?
[ "$rc" -eq 1 ] || fail "broken graph: exit $rc, expected 1"
[ -z "$out" ] || fail "broken graph printed to stdout"
grep -qF "unknown step 'acept'" "$tmp/err" || fail "broken graph: finding not shown"
"$sunlit" graph tests/data/missing.yaml 2>/dev/null; rc=$?
[ "$rc" -eq 3 ] || fail "missing file: exit $rc, expected 3"
"$sunlit" graph tests/data/valid/license.yaml --format png 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "bad format: exit $rc, expected 2"

# SVG through Graphviz (skipped when dot is absent), and a missing dot is exit 3.
if command -v dot >/dev/null 2>&1; then
  "$sunlit" graph tests/data/valid/license.yaml --format svg >"$tmp/out.svg"; rc=$?
  [ "$rc" -eq 0 ] || fail "svg: exit $rc"
  grep -q '<svg' "$tmp/out.svg" || fail "svg: no <svg element"
else
  echo "SKIP: Graphviz dot is not installed; svg rendering not tested"
fi
mkdir "$tmp/empty-path"
PATH="$tmp/empty-path" "$sunlit" graph tests/data/valid/license.yaml --format svg >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 3 ] || fail "dot missing: exit $rc, expected 3"
grep -q "not found on PATH" "$tmp/err" || fail "dot missing: message '$(cat "$tmp/err")'"

[ "$status" -eq 0 ] && echo "graph.sh: all passed"
exit "$status"
