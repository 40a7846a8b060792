#!/usr/bin/env bash
# `sunlit report performance` and `sunlit report register` on a small month of cases
# (tests/cli/lib/supervision_scenario.sh): visits, on-time rate, median and p90 working days
# with known numbers by department and post, cards; the registration form of a case and the
# month's summary; table, CSV (escaping) and JSON; SVG charts parsed as XML (CJK text and
# escaping); bad input with exact messages (docs/supervision.md).
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

# Performance by department: 11 visits of official steps finished in March (accept 0 0 1 5,
# review 2 5 3, expert review 2 (no limit), decide 1 1 6): 8 of 10 with a deadline on time;
# working days sorted 0 0 1 1 1 2 2 3 5 5 6: median 2, p90 (rank 10 of 11) 5; 6 cards.
same "by department" "$("$sunlit" report performance $march)" "group   name    cases  steps  with limit  on time  on-time rate  median wd  p90 wd  warnings  complaints
bureau  Bureau  4      11     10          8        80.0%         2          5       6         0
all     all     4      11     10          8        80.0%         2          5       6         0"
# By post: intake 0 0 1 5 (median 0.5, p90 5), reviewer 2 2 3 5 (2.5, 5), head 1 1 6 (1, 6).
same "by post" "$("$sunlit" report performance $march --by post)" "group     name      cases  steps  with limit  on time  on-time rate  median wd  p90 wd  warnings  complaints
head      Head      3      3      3           2        66.7%         1          6       2         0
intake    Intake    4      4      4           4        100.0%        0.5        5       0         0
reviewer  Reviewer  3      4      3           2        66.7%         2.5        5       4         0
all       all       4      11     10          8        80.0%         2          5       6         0"
# A period with only case 3's decision (23 March).
same "one day" "$("$sunlit" report performance --from 2026-03-23 --to 2026-03-24 --by step | sed -n 2p)" "S-1/decide  Decide  1      1      1           0        0.0%          6          6       0         0"
"$sunlit" report performance $march --json | py -c '
import json,sys; a=json.load(sys.stdin)
assert a[-1]["group"]=="all" and a[-1]["median_days"]=="2" and a[-1]["p90_days"]=="5" and a[-1]["on_time_rate"]=="80.0%", a' || fail "performance --json"
same "csv" "$("$sunlit" report performance $march --format csv | tr -d '\r')" "group,name,cases,steps,with limit,on time,on-time rate,median wd,p90 wd,warnings,complaints
bureau,Bureau,4,11,10,8,80.0%,2,5,6,0
all,all,4,11,10,8,80.0%,2,5,6,0"

# The on-time chart: well-formed SVG with one bar per group.
"$sunlit" report performance $march --by post --chart "$tmp/rate.svg" >/dev/null || fail "chart"
py - "$tmp/rate.svg" <<'PY' || fail "rate.svg"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg", root.tag
texts = [t.text for t in root.iter(ns + "text")]
assert "reviewer Reviewer" in texts and "66.7% (2 of 3)" in texts, texts
PY

# The registration form of case 2 (a refusal without reasons, overdue review).
form=$("$sunlit" report register --case 2026-000002)
same "form title" "$(echo "$form" | head -1)" "行政权力动态运行情况登记表 Dynamic-operation registration form"
for line in "职权名称 Power  *S-1 商铺许可 Shop licence" "行政相对人 Party  *Other Co" \
  "办结时间 Concluded  *2026-03-20T10:00:00+08:00" "办理结果 Result  *Refused (refused)" \
  "法定时限 Statutory limit  *20 working days (License Law art. 42)" \
  "是否按时 On time  *no: step review overdue" "预警 Warnings  *1 yellow, 1 red" \
  "越权或违反分离的操作 Refused actions  *2" "报送期限 Report by (within a week)  *2026-03-27"; do
  echo "$form" | grep -q "^$line$" || fail "form line '$line': $form"
done
echo "$form" | grep -q "^办理环节 Step 2  *review 审查 Review · post reviewer · 2026-03-02T11:00:00+08:00 → 2026-03-09T10:00:00+08:00 · 5 working days (limit 3 working days): overdue · expert by cy (reviewer)$" || fail "form step: $form"
"$sunlit" report register --case 2026-000002 --json | py -c '
import json,sys; f=json.load(sys.stdin)
assert f["case"]=="2026-000002" and f["on_time"].startswith("no") and len(f["steps"])==5, f' || fail "form --json"
"$sunlit" report register --case 2026-000001 --format csv | py -c '
import csv,sys; rows=list(csv.reader(sys.stdin))
assert rows[0]==["item","label","value"], rows[0]
party=[r for r in rows if r[0]=="party"][0]
assert party[2]=="Shop, Ltd \"A\"", party' || fail "form csv escaping"
"$sunlit" report register --case 2026-000002 --chart "$tmp/case.svg" >/dev/null || fail "case chart"
py - "$tmp/case.svg" <<'PY' || fail "case.svg"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
texts = [t.text for t in root.iter(ns + "text")]
assert "review 审查 Review" in texts, texts
assert any(r.get("fill") == "#c0392b" for r in root.iter(ns + "rect")), "overdue bar in red"
PY

# The month's summary: 4 opened, 3 concluded (1 on time), 3 yellow, 3 red, 2 refused.
same "month" "$("$sunlit" report register --month 2026-03)" "power  name                   opened  concluded  on time  late  on-time rate  yellow  red  refused  extensions  suspensions  complaints
S-1    商铺许可 Shop licence  4       3          1        2     33.3%         3       3    2        1           1            0
all    all                    4       3          1        2     33.3%         3       3    2        1           1            0"
same "empty month" "$("$sunlit" report register --month 2026-05 --format csv | tr -d '\r')" "power,name,opened,concluded,on time,late,on-time rate,yellow,red,refused,extensions,suspensions,complaints
all,all,0,0,0,0,—,0,0,0,0,0,0"

# Bad input.
expect 2 "sunlit: error: report register needs either --case ID or --month YYYY-MM" report register
expect 2 "sunlit: error: --month '2026-4' is not a month (use YYYY-MM, e.g. 2026-04)" report register --month 2026-4
expect 2 "sunlit: error: --month '2026-13' is not a month (use YYYY-MM, e.g. 2026-04)" report register --month 2026-13
expect 2 "sunlit: error: --chart draws one case's time use: use it with --case" report register --month 2026-03 --chart "$tmp/x.svg"
expect 1 "sunlit: error: unknown case '2026-999999'" report register --case 2026-999999
expect 2 "sunlit: error: --from must be before --to" report performance --from 2026-04-01 --to 2026-03-01
[ -e "$tmp/x.svg" ] && fail "no chart on bad input"
exit $status
