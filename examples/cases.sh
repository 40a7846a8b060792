#!/usr/bin/env bash
# Two real cases end to end from the command line, on the shipped flowcharts and organisation:
# a food business license (License Law) and an ordinary administrative penalty (Penalty Law);
# then the statutory clock (a deemed acceptance and yellow/red cards by timer) and the audit.
# Every command below is what an official would type; the clock is fixed per step (--now).
# Usage: examples/cases.sh [path/to/sunlit]   (default: build/sunlit; database: out/demo.db)
set -euo pipefail
cd "$(dirname "$0")/.."
SUNLIT=${1:-build/sunlit}
mkdir -p out
export SUNLIT_DB=${SUNLIT_DB:-out/demo.db}
rm -f "$SUNLIT_DB" "$SUNLIT_DB-wal" "$SUNLIT_DB-shm"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ sunlit %s\n' "$*"; "$SUNLIT" "$@"; }
# at TIME sunlit ARGS…: one command at a fixed local time (Asia/Shanghai)
at() { local t=$1; shift; printf '$ sunlit --now %s %s\n' "$t" "$*"; "$SUNLIT" --now "$t" "$@"; }

say "Deploy the organisation and the flowcharts as immutable versions"
at 2026-03-01T09:00 deploy processes/ --as legal_office

say "License: 北京某某餐饮有限公司 applies for a food business license"
L=$("$SUNLIT" --now 2026-03-02T09:00 case open XC-SJ-XK-001 --party 北京某某餐饮有限公司 --as wang_fang \
      --set applicant_type=organisation --set major_interest=false --set 'materials=申请书,营业执照,经营场所证明' --json |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["case"])')
echo "opened case $L"
run case show "$L"

say "The intake window accepts; joint review starts in parallel (document review + on-site check)"
at 2026-03-03T10:00 case advance "$L" --action accept --as wang_fang --set accepted_on=2026-03-03

say "A reviewer tries the on-site check, which her post does not own: refused and recorded (exit 4)"
set +e
at 2026-03-03T11:00 case advance "$L" --action complete --step onsite_check --as li_na --set onsite_record=未到现场
echo "(exit code $?)"
set -e

say "On-site check needs two officials (License Law art. 34); document review in parallel"
at 2026-03-05T09:30 case advance "$L" --action complete --step onsite_check --as liu_yang --set onsite_record=场所布局符合要求
at 2026-03-05T09:35 case advance "$L" --action complete --step onsite_check --as chen_jing --set onsite_record=场所布局符合要求
at 2026-03-06T15:00 case advance "$L" --action complete --step document_review --as zhang_wei --set review_opinion=材料齐全，符合法定条件

say "The section chief proposes, the bureau head decides, the window delivers"
at 2026-03-10T10:00 case advance "$L" --action propose_grant --as zhao_lei
run case list --as zhang_ming --open
at 2026-03-11T16:00 case advance "$L" --action grant --as zhang_ming --set license_no=JY11102260001234
at 2026-03-12T09:00 case advance "$L" --action complete --as wang_fang --note 已当面送达
run case show "$L"

say "Penalty: an ordinary procedure against 张三 for occupying a road to do business"
P=$("$SUNLIT" --now 2026-04-01T09:00 case open XC-CG-CF-001 --party 张三 --as guo_tao --set party_kind=person --json |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["case"])')
echo "opened case $P"
at 2026-04-01T10:00 case advance "$P" --action file --as guo_tao --set filed_on=2026-04-01
say "Investigation by two law-enforcement officers (Penalty Law art. 42)"
at 2026-04-02T09:00 case advance "$P" --action complete --as zhou_qiang --set 'evidence=现场照片,询问笔录' --set party_kind=person
at 2026-04-02T09:10 case advance "$P" --action complete --as wu_gang --set 'evidence=现场照片,询问笔录' --set party_kind=person
say "Case review proposes a 5,000 yuan fine; the party is told the facts, reasons and rights (art. 44)"
at 2026-04-03T14:00 case advance "$P" --action propose_penalty --as ma_jun \
  --set penalty_kind=fine --set fine=5000 --set serious=false --set legal_review_required=true
at 2026-04-07T09:00 case advance "$P" --action complete --as zheng_hao --note 已送达行政处罚事先告知书
say "The party states and defends within the window the notice gave (art. 45), recorded as the right's use"
at 2026-04-08T10:00 case right "$P" --use statement_and_defence --as zheng_hao --note 当事人提交书面陈述
say "Statement and defence heard (art. 45); legal review (art. 58); the head decides"
at 2026-04-09T10:00 case advance "$P" --action complete --as zheng_hao --set statement=当事人承认违法事实，请求从轻处罚
at 2026-04-13T11:00 case advance "$P" --action pass --as hu_min
at 2026-04-14T15:00 case advance "$P" --action penalise --as guo_tao --set decision_no=西城城管罚字〔2026〕第001号
at 2026-04-15T09:00 case advance "$P" --action complete --as zheng_hao --note 直接送达
at 2026-04-20T10:00 case advance "$P" --action paid --as zheng_hao
run case show "$P"
say "The notice of the decision: reconsideration within 60 days and litigation within 6 months of delivery"
run case notice "$P"

say "The statutory clock: periods counted on the State Council's holiday notices"
run calendar add 2025-09-26 20 workdays
run calendar is-workday 2025-09-28
run calendar add 2026-04-28 5 workdays

say "A second license application is left unanswered over the 2026 Labour Day holiday"
C=$("$SUNLIT" --now 2026-04-28T09:00 case open XC-SJ-XK-001 --party 北京某某超市有限公司 --as wang_fang \
      --set applicant_type=organisation --set major_interest=false --set 'materials=申请书' --json |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["case"])')
echo "opened case $C"
at 2026-04-28T09:00 case list --open
say "No one-time notice within 5 working days: deemed accepted by timer (License Law art. 32)"
at 2026-05-09T09:00 timers tick
at 2026-05-09T09:00 case list --open
say "Nobody reviews it: yellow cards one working day before the step deadlines, red cards after"
at 2026-05-22T09:00 timers tick
at 2026-05-22T09:00 warnings
at 2026-05-22T09:00 case show "$C"

say "The applicant complains about the late case: a linked case of the petition process (信访)"
at 2026-05-22T10:00 complaint file "$C" --channel hotline --text '申请已超过法定期限仍未审查 The review is overdue'
at 2026-05-22T10:00 complaint list "$C"

say "The supervision bureau: exceptions, the performance report, the registration form"
at 2026-05-22T11:00 supervise --from 2026-03-01 --to 2026-05-31
at 2026-05-22T11:00 report performance --from 2026-03-01 --to 2026-05-31 --by department
at 2026-05-22T11:00 report register --case "$L"

say "What the public sees: the disclosure rules applied, personal data masked"
at 2026-05-22T11:00 publish --format csv

say "Auditors: every hash chain verifies; an anchor to publish; a case replayed from its events alone"
run audit verify
run audit anchor --as supervision_bureau
at 2026-05-22T09:00 audit replay "$L"
at 2026-05-22T09:00 audit replay "$C"
if command -v dot >/dev/null 2>&1; then  # the license case on its flowchart: path, current and overdue steps
  at 2026-05-22T09:00 case graph "$L" --format svg -o out/license-case.svg && echo "wrote out/license-case.svg"
fi
run admin rebuild
run case list --closed
