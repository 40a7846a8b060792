#!/usr/bin/env bash
# `sunlit case batch`: actions from a file through group commit. Exact output and messages,
# exit codes, malformed files refused whole with the database unchanged, standard input.
# Usage: bash batch.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"

"$sunlit" deploy tests/data/cases --as designer >/dev/null || fail "deploy: exit $?"

cat >"$tmp/day.jsonl" <<'JSON'
{"open": "T-1", "party": "Shop Ltd", "as": "ann"}

{"case": "2026-000001", "action": "accept", "as": "ann", "set": {"area": 40}}
{"case": "2026-000001", "action": "done", "as": "bob"}
{"case": "2026-000001", "action": "done", "as": "cy"}
{"case": "2026-000009", "action": "accept", "as": "ann"}
{"case": "2026-000001", "action": "grant", "as": "bob"}
JSON
out=$("$sunlit" case batch "$tmp/day.jsonl" --jobs 1 2>"$tmp/err"); rc=$?
[ "$rc" -eq 1 ] || fail "batch with an unknown case: exit $rc, expected 1 (the first failed line's)"
[ "$out" = "line 1: opened case 2026-000001 (T-1 version 1) for Shop Ltd; open steps: accept
line 3: case 2026-000001: accept by ann (case version 2); open steps: review
line 4: case 2026-000001: done by bob (case version 3); open steps: review
line 5: case 2026-000001: done by cy (case version 4); open steps: hearing_window
4 done, 2 failed" ] || fail "batch output: $out"
[ "$(cat "$tmp/err")" = "$tmp/day.jsonl:6: error: unknown case '2026-000009'
$tmp/day.jsonl:7: error: no open step offers action 'grant'; possible actions: request_hearing, withdraw" ] || fail "batch errors: $(cat "$tmp/err")"

# --json: one object per line; a refusal is recorded and says so; its exit code is the first failed line's.
printf '%s\n' '{"case": "2026-000001", "action": "request_hearing", "as": "ann"}' \
  '{"case": "2026-000001", "action": "grant", "as": "bob"}' >"$tmp/json.jsonl"
out=$("$sunlit" case batch "$tmp/json.jsonl" --jobs 1 --json); rc=$?
[ "$rc" -eq 4 ] || fail "batch with a refusal: exit $rc, expected 4"
[ "$out" = '{"case":"2026-000001","closed":false,"line":1,"ok":true,"open":["decide"],"outcome":"","version":5}
{"error":"wrong_post","exit":4,"line":2,"message":"official '"'"'bob'"'"' does not hold post '"'"'head'"'"', which owns step '"'"'decide'"'"'","ok":false,"recorded":true}' ] \
  || fail "batch --json output: $out"

# Standard input, several jobs: the rest of the case, then a second case opened and granted.
out=$(printf '%s\n' '{"case": "2026-000001", "action": "grant", "as": "dee"}' | "$sunlit" case batch - --jobs 4); rc=$?
[ "$rc" -eq 0 ] || fail "batch from stdin: exit $rc"
[ "$out" = "line 1: case 2026-000001: grant by dee (case version 6); closed: granted
1 done, 0 failed" ] || fail "batch from stdin: $out"

# A malformed file is refused whole: every bad line named, exit 2, the database unchanged.
before=$(dump)
printf '%s\n' '{"open": "T-1", "party": "New Ltd"}' '{"case": "2026-000001"}' 'not json' >"$tmp/bad.jsonl"
err=$("$sunlit" case batch "$tmp/bad.jsonl" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 2 ] || fail "malformed batch: exit $rc, expected 2"
[ "$err" = "$tmp/bad.jsonl:2: \"action\" is missing
$tmp/bad.jsonl:3: not a JSON object (malformed JSON)
sunlit: 2 malformed lines; nothing was done" ] || fail "malformed batch: $err"
[ "$(dump)" = "$before" ] || fail "a malformed batch changed the database"
err=$("$sunlit" case batch "$tmp/missing.jsonl" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 2 ] || fail "missing batch file: exit $rc, expected 2"
[ "$err" = "sunlit: error: cannot read '$tmp/missing.jsonl'" ] || fail "missing batch file: $err"

# Every acknowledged action is in the log, once, and the chain verifies.
"$sunlit" audit verify >/dev/null || fail "audit verify after batches: exit $?"
n=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events where case_id=?", ("2026-000001",)).fetchone()[0])' "$SUNLIT_DB")
[ "$n" -ge 7 ] || fail "case 2026-000001 has $n events"

# The runnable scenario in examples/ (its own database).
SUNLIT_DB="$tmp/example.db" bash examples/batch.sh "$sunlit" >"$tmp/example.log" 2>&1 || fail "examples/batch.sh: $(tail -3 "$tmp/example.log")"
grep -q "^6 items$" "$tmp/example.log" || fail "examples/batch.sh: the worklist should have 6 items: $(tail -3 "$tmp/example.log")"

exit $status
