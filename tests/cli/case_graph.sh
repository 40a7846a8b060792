#!/usr/bin/env bash
# `sunlit case graph CASE --format dot|svg [-o FILE]`: a case drawn on its statutory flowchart,
# the path taken numbered, the current step filled, overdue at --now in red; an unknown case is
# exit 1 with the same message as `case show`; the drawing changes nothing in the database.
# Usage: bash case_graph.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
export SUNLIT_NOW=2025-09-22T09:00
fx=tests/data/cases
dump() { /usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(list(c.iterdump()))' "$SUNLIT_DB"; }

"$sunlit" deploy "$fx" --as designer >/dev/null || fail "deploy"
"$sunlit" case open T-2 --party "Shop Ltd" --as ann >/dev/null || fail "open"
id=2025-000001
# Accept (5 working days, due Sept 28 24:00) is done late; review (3 working days) is then open.
SUNLIT_NOW=2025-09-30T10:00 "$sunlit" case advance "$id" --action accept --as ann >/dev/null || fail "accept"
before=$(dump)

# DOT on stdout: the path, the current step, and nothing overdue yet but the late accept.
out=$(SUNLIT_NOW=2025-10-09T09:00 "$sunlit" case graph "$id"); rc=$?
[ "$rc" -eq 0 ] || fail "dot: exit $rc"
echo "$out" | head -1 | grep -q '^digraph "T-2" {$' || fail "dot: first line $(echo "$out" | head -1)"
echo "$out" | grep -qF '"_start" -> "accept" [label="(1)", style=bold' || fail "dot: start arrow not on the path"
echo "$out" | grep -qF '"accept" -> "review" [label="(2) accept", style="bold", color="#1e8449"' || fail "dot: accept arrow"
echo "$out" | grep -qF 'LATE: done 2025-09-30 10:00, due 2025-09-28 24:00' || fail "dot: late accept"
echo "$out" | grep -qF 'fillcolor="#f9e79f"' || fail "dot: current review not filled"
echo "$out" | grep -qF 'OVERDUE' && fail "dot: review overdue before its deadline"
# --now decides what is overdue: after the review's deadline it is red.
out=$(SUNLIT_NOW=2025-10-20T09:00 "$sunlit" case graph "$id" --format dot)
echo "$out" | grep -qF 'Overdue steps: accept (due 2025-09-28 24:00, done late), review (due 2025-10-11 24:00, still open)' \
  || fail "dot: overdue steps at --now"
echo "$out" | grep -qF 'fillcolor="#f5b7b1"' || fail "dot: overdue review not red"

# -o FILE writes the file and prints nothing.
out=$("$sunlit" case graph "$id" -o "$tmp/case.dot"); rc=$?
[ "$rc" -eq 0 ] && [ -z "$out" ] || fail "-o: exit $rc, output '$out'"
grep -q '^digraph "T-2" {$' "$tmp/case.dot" || fail "-o: no DOT in the file"

# SVG through Graphviz (skipped when dot is absent).
if command -v dot >/dev/null 2>&1; then
  "$sunlit" case graph "$id" --format svg -o "$tmp/case.svg"; rc=$?
  [ "$rc" -eq 0 ] || fail "svg: exit $rc"
  grep -q '<svg' "$tmp/case.svg" || fail "svg: no <svg element"
  grep -q '#1e8449' "$tmp/case.svg" || fail "svg: the path colour is missing"
else
  echo "SKIP: Graphviz dot is not installed; svg rendering not tested"
fi

# Usage and unknown cases.
"$sunlit" case graph "$id" --format png >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "bad format: exit $rc, expected 2"
out=$("$sunlit" case graph 2025-999999 2>&1); rc=$?
[ "$rc" -eq 1 ] || fail "unknown case: exit $rc, expected 1"
[ "$out" = "sunlit: error: unknown case '2025-999999'" ] || fail "unknown case message: $out"
[ "$(dump)" = "$before" ] || fail "drawing changed the database"

[ "$status" -eq 0 ] && echo "case_graph.sh: all passed"
exit "$status"
