#!/usr/bin/env bash
# Rights and remedies from the command line (docs/clock.md "Rights and remedies"): rights listed
# by `case show` with their windows, `case right --use` inside the window, refused (exit 4,
# recorded) when used again or too late, the hearing right used through its wait step, the lapse
# timer firing once, remedies on the closed case and the notice (exit 1 on an open case).
# Fixture: tests/data/rights/rights.yaml (T-R). Calendar: 2026 (Labour Day May 1-5 off).
# Usage: bash rights.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
fx=tests/data/cases
same() { [ "$2" = "$3" ] || fail "$1:
--- got
$2
--- expected
$3"; }
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $*: exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $*: stderr '$err', expected '$msg'"
}

"$sunlit" deploy "$fx/town.org.yaml" tests/data/rights/rights.yaml --as designer >/dev/null || fail "deploy"
for c in 1 2; do
  "$sunlit" case open T-R --party "Shop Ltd" >/dev/null || fail "open"
  "$sunlit" --now 2026-03-02T10:00 case advance 2026-00000$c --action accept --as ann --set area=40 >/dev/null || fail "accept"
  "$sunlit" --now 2026-03-03T10:00 case advance 2026-00000$c --action done --as bob >/dev/null || fail "review"
done
same "rights in case show" "$("$sunlit" --now 2026-03-04T10:00 case show 2026-000001 | sed -n '/^rights/,/^data/p')" "rights
  information            at accept (art. 30): no window
  statement_and_defence  at review (art. 36, within 3 workdays (art. 36)): ends 2026-03-06 24:00 · 3 working days left
  hearing                at review (art. 47, within 5 workdays (art. 47)): ends 2026-03-10 24:00 · 5 working days left
data"
"$sunlit" --now 2026-03-05T10:00 case right 2026-000001 --use statement_and_defence --as ann --note "40 m2" >/dev/null || fail "use"
expect 4 "sunlit: error: the right 'statement_and_defence' was already used on 2026-03-05T10:00:00+08:00 (recorded by ann)
sunlit: the refused attempt was recorded in the case history" --now 2026-03-05T11:00 case right 2026-000001 --use statement_and_defence --as ann
expect 1 "sunlit: error: case 2026-000001 is still open: a notice states the decision and its remedies once the case is closed" case notice 2026-000001

# Case 2: the statement window lapses at 24:00 Fri Mar 6, once; then the use is refused.
same "tick" "$("$sunlit" --now 2026-03-07T09:00 timers tick)" "2026-000002 review: right statement_and_defence lapsed (due 2026-03-07T00:00:00+08:00)
fired 1 timer; next due 2026-03-11T00:00:00+08:00"
same "tick again" "$("$sunlit" --now 2026-03-07T09:00 timers tick)" "fired 0 timers; next due 2026-03-11T00:00:00+08:00"
expect 4 "sunlit: error: the window of the right 'statement_and_defence' ended at 2026-03-07T00:00:00+08:00 (3 workdays, art. 36); it can no longer be used
sunlit: the refused attempt was recorded in the case history" --now 2026-03-09T09:00 case right 2026-000002 --use statement_and_defence --as ann

# Case 1: the hearing right used through its wait step; refused; remedies and the notice.
"$sunlit" --now 2026-03-06T09:00 case right 2026-000001 --use hearing --as ann >/dev/null || fail "hearing"
out=$("$sunlit" --now 2026-03-06T15:00 case advance 2026-000001 --action refuse --as dee)
same "remedies on closing" "$out" "case 2026-000001: refuse by dee (case version 6)
case 2026-000001 is closed: refused Refused
remedies
  reconsideration  Town Government (contact: review office) by 2026-05-06 24:00 (60 days, Reconsideration Law art. 20)
  litigation       District Court (contact: filing desk) by 2026-09-07 24:00 (6 months, Litigation Law art. 46)
  hotline          12345 hotline (contact: 12345)"
"$sunlit" case notice 2026-000001 | grep -qx "  - 如不服本决定，可以自收到本决定之日起60日内（Reconsideration Law art. 20，至 2026-05-06 止）向Town Government申请行政复议（review office）。" || fail "notice text"
"$sunlit" case notice 2026-000001 --json | /usr/bin/python3 -c '
import json,sys; n=json.load(sys.stdin)
assert n["outcome"]=="refused" and n["remedies"][1]["due"]=="2026-09-08T00:00:00+08:00", n
assert [r["status"] for r in n["rights"]]==["open","used","used"], n["rights"]' || fail "notice --json"
"$sunlit" audit replay 2026-000001 | grep -q "right hearing used: request_hearing at step hearing_window by ann" || fail "replay timeline"
"$sunlit" audit replay 2026-000002 >/dev/null || fail "replay equals snapshot"
exit $status
