#!/usr/bin/env bash
# `sunlit supervise` and `sunlit supervise points` on a small month of cases
# (tests/cli/lib/supervision_scenario.sh): overdue steps and cases, cards, refused actions
# (wrong post, separation of duty), a refusal without reasons, an extension, a suspension,
# filters by department, period and kind, the supervision records of a point, JSON and CSV,
# and bad input with exact messages leaving the database unchanged (docs/supervision.md).
# Usage: bash supervise.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
unset SUNLIT_NOW  # each command gives its own --now
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $*: exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $*: stderr '$err', expected '$msg'"
}
py() { /usr/bin/python3 "$@"; }
same() { [ "$2" = "$3" ] || fail "$1:
--- got
$2
--- expected
$3"; }
. tests/cli/lib/supervision_scenario.sh
scenario_build

export SUNLIT_NOW=2026-04-01T09:00
march="--from 2026-03-01 --to 2026-04-01"

# Every exception of March, oldest first (ties: case, then kind order).
out=$("$sunlit" supervise $march)
same "kinds in order" "$(echo "$out" | awk 'NR>1 {print $3, $2}' | head -13)" "2026-000002 wrong_post
2026-000002 yellow_card
2026-000002 red_card
2026-000002 suspension
2026-000002 extension
2026-000004 yellow_card
2026-000004 overdue_step
2026-000004 red_card
2026-000003 yellow_card
2026-000003 red_card
2026-000002 separation
2026-000002 refusal_without_reasons
2026-000004 overdue_case"
same "count" "$(echo "$out" | tail -1)" "13 exceptions"
echo "$out" | grep -q "^2026-03-03T09:00:00+08:00  wrong_post  *2026-000002  S-1    review  *reviewer  bureau  *ann    action 'done' refused: official 'ann' does not hold post 'reviewer', which owns step 'review'$" || fail "wrong post line: $out"
echo "$out" | grep -q "separation  *2026-000002  S-1    decide  *head  *bureau  *cy  *action 'refuse' refused: separation of duty: 'cy' handled step 'review' of this case and may not act on step 'decide' (rule 1)$" || fail "separation line: $out"
echo "$out" | grep -q "refusal_without_reasons  2026-000002  S-1    decide  *head  *bureau  *dee  *closed as 'Refused' (refused) by action 'refuse' with no reason recorded$" || fail "unreasoned line: $out"
echo "$out" | grep -q "extension  *2026-000002  S-1    -  *head  *bureau  *dee  *case limit extended by 5 workdays: site inspection, 现场核查; new deadline " || fail "extension line: $out"
echo "$out" | grep -q "suspension  *2026-000002  S-1    expert_review  reviewer  bureau  *-  *case clock suspended at step expert_review (expert_review); resumed 2026-03-11T10:00:00+08:00$" || fail "suspension line: $out"
# Case 3 refused with reasons (a reasons field): not an exception.
echo "$out" | grep -q "refusal_without_reasons  2026-000003" && fail "case 3 stated its reasons"

# Filters: kind, period, department, power.
same "--kind" "$("$sunlit" supervise --kind red_card | sed '1d;$d' | awk '{print $3}')" "2026-000002
2026-000004
2026-000003"
same "period" "$("$sunlit" supervise --from 2026-03-19 --to 2026-03-21 | sed '1d;$d' | awk '{print $2}')" "separation
refusal_without_reasons"
same "other department" "$("$sunlit" supervise --department fire)" "at  kind  case  power  step  post  department  actor  detail
0 exceptions"
same "other power" "$("$sunlit" supervise --power T-9 | tail -1)" "0 exceptions"

# JSON and CSV.
"$sunlit" supervise $march --kind extension --json | py -c '
import json,sys; a=json.load(sys.stdin)
assert len(a)==1 and a[0]["kind"]=="extension" and a[0]["actor"]=="dee" and a[0]["department"]=="bureau", a' || fail "--json"
csv=$("$sunlit" supervise --kind extension --format csv)
same "csv header" "$(echo "$csv" | head -1 | tr -d '\r')" "at,kind,case,power,step,post,department,actor,detail"
echo "$csv" | py -c '
import csv,sys; rows=list(csv.reader(sys.stdin))
assert rows[1][1]=="extension" and rows[1][8].startswith("case limit extended by 5 workdays: site inspection, 现场核查;"), rows' || fail "csv quoting: $csv"

# Supervision records at the review (监察局), with the area field and a record kept outside.
pts=$("$sunlit" supervise points $march)
same "points count" "$(echo "$pts" | tail -1)" "4 supervision records"
echo "$pts" | grep -q "^2026-03-02T10:00:00+08:00  2026-03-04T15:00:00+08:00  2026-000001  S-1    review  bureau  *监察局 Supervision bureau  internal  bob (reviewer)  面积 Area=120; 审查意见 Review opinion (kept outside sunlit)$" || fail "point record: $pts"
echo "$pts" | grep -q "  open  *2026-000004  S-1    review  bureau  .*  -  *面积 Area not set; " || fail "open passage: $pts"
same "points --kind external" "$("$sunlit" supervise points --kind external | tail -1)" "0 supervision records"
"$sunlit" supervise points --json | py -c '
import json,sys; a=json.load(sys.stdin)
assert [r["case"] for r in a]==["2026-000001","2026-000002","2026-000003","2026-000004"], a' || fail "points --json"

# Bad input: exact messages, exit 2, nothing written.
before=$(py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events").fetchone()[0])' "$SUNLIT_DB")
expect 2 "sunlit: error: --kind 'late' is not an exception kind (use overdue_step, overdue_case, yellow_card, red_card, wrong_post, separation, refusal_without_reasons, extension, suspension)" supervise --kind late
expect 2 "sunlit: error: --kind 'late' is not a supervision point kind (use internal or external)" supervise points --kind late
expect 2 "sunlit: error: --from must be before --to" supervise --from 2026-04-01 --to 2026-03-01
expect 2 "sunlit: error: --to 'soon' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" supervise --to soon
after=$(py -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events").fetchone()[0])' "$SUNLIT_DB")
same "nothing written" "$after" "$before"
exit $status
