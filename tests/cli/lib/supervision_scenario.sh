# A small month of cases for the supervision and report tests (sourced by supervise.sh and
# report.sh; not a test itself). Needs $sunlit, SUNLIT_DB set, the repo root as cwd.
# Fixture: tests/data/cases/supervise.yaml (S-1) on town.org.yaml. March 2026 has no holiday.
#
# 2026-000001 "Shop, Ltd "A"": accept 0 wd; review by bob 2 wd (limit 3, on time); hearing window
#   elapses; decide by dee 1 wd (limit 2), granted.
# 2026-000002 Other Co: accept 0 wd; ann tries the review (wrong post, refused); yellow and red
#   cards on review; cy sends it to expert review after 5 wd (overdue), which suspends the case
#   clock 03-09..03-11 (2 wd); dee extends the case by 5 working days; cy tries to decide
#   (separation of duty, refused); dee refuses without any reason 1 wd later.
# 2026-000003 Third: accept 1 wd; review by bob 3 wd (on time); decide entered 03-14, yellow and
#   red cards; dee refuses with reasons after 6 wd (overdue).
# 2026-000004 四号商店: nobody acts. Deemed accepted when accept's 5 wd elapse (03-10 00:00, 5 wd);
#   review due 03-14 00:00: yellow 03-13, red 03-14 (ticked 03-19); still open on 1 April, when
#   its review and its case clock (20 wd, due 03-31 00:00) are overdue.
scenario_run() { "$sunlit" --now "$1" "${@:2}" >/dev/null 2>&1; }
scenario_ok() { scenario_run "$@" || echo "FAIL: scenario step: $*"; }
scenario_refused() { scenario_run "$@"; [ $? -eq 4 ] || echo "FAIL: scenario step not refused: $*"; }
scenario_build() {
  "$sunlit" deploy tests/data/cases/town.org.yaml tests/data/cases/supervise.yaml --as designer >/dev/null || echo "FAIL: deploy"
  scenario_ok 2026-03-02T09:00 case open S-1 --party 'Shop, Ltd "A"' --as ann
  scenario_ok 2026-03-02T09:00 case open S-1 --party "Other Co" --as ann
  scenario_ok 2026-03-02T09:00 case open S-1 --party "Third" --as ann
  scenario_ok 2026-03-02T09:00 case open S-1 --party "四号商店" --as ann
  scenario_ok 2026-03-02T10:00 case advance 2026-000001 --action accept --as ann --set area=120
  scenario_ok 2026-03-02T11:00 case advance 2026-000002 --action accept --as ida --set area=80
  scenario_refused 2026-03-03T09:00 case advance 2026-000002 --action done --as ann
  scenario_ok 2026-03-03T09:00 case advance 2026-000003 --action accept --as ann --set area=50
  scenario_ok 2026-03-04T15:00 case advance 2026-000001 --action done --as bob
  scenario_ok 2026-03-05T09:00 timers tick
  scenario_ok 2026-03-06T09:00 case advance 2026-000003 --action done --as bob
  scenario_ok 2026-03-06T09:00 timers tick
  scenario_ok 2026-03-09T10:00 case advance 2026-000002 --action expert --as cy
  scenario_ok 2026-03-11T10:00 case advance 2026-000002 --action done --as cy
  scenario_ok 2026-03-11T11:00 case extend 2026-000002 --as dee --amount 5 --reason "site inspection, 现场核查"
  scenario_ok 2026-03-12T09:00 timers tick
  scenario_ok 2026-03-13T10:00 case advance 2026-000001 --action grant --as dee
  scenario_ok 2026-03-19T09:00 timers tick
  scenario_refused 2026-03-19T10:00 case advance 2026-000002 --action refuse --as cy
  scenario_ok 2026-03-20T10:00 case advance 2026-000002 --action refuse --as dee
  scenario_ok 2026-03-23T10:00 case advance 2026-000003 --action refuse_with_reasons --as dee --set "refusal_reasons=no fire exit"
}
