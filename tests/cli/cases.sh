#!/usr/bin/env bash
# Cases from the command line: exit codes, exact messages, bad input leaving the database
# unchanged, a database file that is not ours, and two processes racing on one case.
# Usage: bash cases.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
fx=tests/data/cases

# expect CODE "MESSAGE" sunlit-args…: exit code and exact stderr.
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $*: exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $*: stderr '$err', expected '$msg'"
}
case_id() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["case"])'; }

out=$("$sunlit" deploy "$fx" --as designer) || fail "deploy: exit $?"
[ "$(echo "$out" | LC_ALL=C sort)" = "deployed S-1 version 1 ($fx/supervise.yaml)
deployed T-1 version 1 ($fx/shop.yaml)
deployed T-2 version 1 ($fx/clock.yaml)
deployed organisation town ($fx/town.org.yaml)" ] || fail "deploy output: $out"
out=$("$sunlit" deploy "$fx") || fail "redeploy: exit $?"
echo "$out" | grep -q "unchanged T-1 version 1" || fail "redeploy is not idempotent: $out"

id=$("$sunlit" case open T-1 --party "Shop Ltd" --json | case_id)
[ "$id" = "2026-000001" ] || fail "case number '$id'"
out=$("$sunlit" case open T-1 --party "Other Ltd")
echo "$out" | head -1 | grep -qx "opened case 2026-000002: Shop licence (T-1 version 1) for Other Ltd" || fail "open output: $out"

# Bad input: a clear message, a non-zero exit, the database unchanged.
before=$(dump)
expect 1 "sunlit: error: unknown case '2026-999999'" case advance 2026-999999 --action accept --as ann
expect 1 "sunlit: error: unknown official 'anne'; did you mean 'ann'?" case advance "$id" --action accept --as anne
expect 1 "sunlit: error: no open step offers action 'acept'; did you mean 'accept'?; possible actions: accept, withdraw" \
  case advance "$id" --action acept --as ann
expect 1 "sunlit: error: unknown step 'reveiw'; did you mean 'review'?" case advance "$id" --action accept --as ann --step reveiw
expect 1 "sunlit: error: unknown field 'aera'; did you mean 'area'?" case advance "$id" --action accept --as ann --set aera=5
expect 1 "sunlit: error: field 'area': 'big' is not a number" case advance "$id" --action accept --as ann --set area=big
expect 1 "sunlit: error: action 'accept' needs a value for: area (use --set field=value)" case advance "$id" --action accept --as ann
expect 2 "sunlit: error: --set 'area' must look like field=value" case advance "$id" --action accept --as ann --set area
expect 1 "sunlit: error: no deployed power 'T-9' (deploy its flowchart first)" case open T-9 --party X
expect 2 "sunlit: error: --now 'yesterday' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" \
  --now yesterday case show "$id"
"$sunlit" case advance "$id" --action accept >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --as is not a usage error"
[ "$(dump)" = "$before" ] || fail "bad input changed the database"

# Wrong post: refused (exit 4), recorded as an event, the case itself unchanged.
expect 4 "sunlit: error: official 'bob' does not hold post 'intake', which owns step 'accept'
sunlit: the refused attempt was recorded in the case history" case advance "$id" --action accept --as bob --set area=40
"$sunlit" case show "$id" | grep -q "REFUSED accept: official 'bob' does not hold post 'intake'" || fail "refusal not in history"
"$sunlit" case show "$id" --json | /usr/bin/python3 -c '
import json,sys; c=json.load(sys.stdin)
assert c["version"]==1, c["version"]; assert [s["step"] for s in c["open_steps"]]==["accept"]' || fail "refusal changed the case"

# The normal path, then an action on a closed case.
"$sunlit" case advance "$id" --action accept --as ann --set area=40 >/dev/null || fail "accept"
"$sunlit" case advance "$id" --action done --as bob >/dev/null || fail "first signature"
"$sunlit" case advance "$id" --action done --as cy >/dev/null || fail "second signature"
"$sunlit" case advance "$id" --action request_hearing --as ann >/dev/null || fail "hearing"
expect 4 "sunlit: error: separation of duty: 'cy' handled step 'review' of this case and may not act on step 'decide' (rule 1)
sunlit: the refused attempt was recorded in the case history" case advance "$id" --action grant --as cy
"$sunlit" case advance "$id" --action grant --as dee >/dev/null || fail "grant"
expect 1 "sunlit: error: case 2026-000001 is closed (outcome: granted); no action is possible" case advance "$id" --action grant --as dee
"$sunlit" case list --closed | grep -q "^2026-000001  *T-1  *closed: granted" || fail "closed list"
"$sunlit" case list --as ann --open | grep -q "^2026-000002 .* accept Accept" || fail "worklist of ann"
[ "$("$sunlit" case list --post head --open | tail -1)" = "0 items" ] || fail "worklist of head should be empty"
"$sunlit" case list --json >/dev/null || fail "list --json"
"$sunlit" admin rebuild | grep -q "rebuilt 2 cases from .* events; 0 snapshots differed" || fail "rebuild"

# A file that is not a sunlit database: exit 3, named, left untouched.
echo "these are not the minutes you are looking for" > "$tmp/garbage.db"
sum=$(md5sum < "$tmp/garbage.db")
err=$("$sunlit" --db "$tmp/garbage.db" case list 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "garbage db: exit $rc"
echo "$err" | grep -q "garbage.db" || fail "garbage db message does not name the file: $err"
[ "$(md5sum < "$tmp/garbage.db")" = "$sum" ] || fail "garbage db was modified"

# Two officials advance the same case at the same moment from two processes: exactly one wins;
# the other is told the case changed (exit 5) or, if it loaded after the commit, that the step is gone.
conflicts=0
for round in $(seq 1 12); do
  c=$("$sunlit" case open T-1 --party "Race $round" --json | case_id)
  "$sunlit" case advance "$c" --action accept --as ann --set area=40 > "$tmp/a.out" 2> "$tmp/a.err" & pa=$!
  "$sunlit" case advance "$c" --action accept --as ida --set area=50 > "$tmp/b.out" 2> "$tmp/b.err" & pb=$!
  wait $pa; ra=$?; wait $pb; rb=$?
  wins=$(( (ra == 0) + (rb == 0) ))
  [ "$wins" -eq 1 ] || fail "round $round: $wins winners (exits $ra, $rb): $(cat "$tmp/a.err" "$tmp/b.err")"
  for r in a b; do
    if [ -s "$tmp/$r.err" ]; then
      if grep -q "changed since you loaded it" "$tmp/$r.err"; then conflicts=$((conflicts + 1));
      elif ! grep -q "no open step offers action 'accept'" "$tmp/$r.err"; then fail "round $round: unexpected error $(cat "$tmp/$r.err")"; fi
    fi
  done
  n=$("$sunlit" case show "$c" --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["history"]))')
  # opened+entered, then one accept (acted, chose, entered review): 5 events, never 8.
  [ "$n" -eq 5 ] || fail "round $round: $n events (lost or duplicated)"
done
echo "races: 12 rounds, one winner each, $conflicts conflict errors"

exit $status
