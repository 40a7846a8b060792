#!/usr/bin/env bash
# Deemed outcomes fired by `timers tick`: the shipped reconsideration process (processes/,
# 行政复议法 art. 30 para. 3) deems an application accepted when the 5-working-day review ends
# without a decision not to accept, and the case goes on in the ordinary procedure (art. 53: the
# simple one needs the body's decision), its 60-day clock counted from that day (art. 62).
# And a timer that cannot fire (tests/data/ticks/tick_fail.yaml: its choice divides by 0) does not
# stop the others: the tick fires them, names the failing case and why, and exits 1.
# Calendar: 2026 State Council notice (no holiday falls in March 2026).
# Usage: bash deemed.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
same() { [ "$2" = "$3" ] || fail "$1:
--- got
$2
--- expected
$3"; }

"$sunlit" deploy processes/ --as designer >/dev/null || fail "deploy processes/"
"$sunlit" case open XC-SF-CJ-001 --party "张三" --as luo_bin >/dev/null || fail "open"
"$sunlit" --now 2026-03-02T09:05 case advance 2026-000001 --action complete --as luo_bin >/dev/null || fail "receive"

# The review's 5 working days end on 9 March at 24:00; nobody decided: deemed accepted.
out=$("$sunlit" --now 2026-03-10T09:00 timers tick); rc=$?
[ "$rc" -eq 0 ] || fail "tick: exit $rc, expected 0: $out"
same "tick" "$out" "2026-000001 acceptance_review: elapsed (due 2026-03-10T00:00:00+08:00)
fired 1 timer; next due 2026-03-19T00:00:00+08:00"
show=$("$sunlit" --now 2026-03-10T09:00 case show 2026-000001)
same "the case goes on in the ordinary procedure" "$(echo "$show" | grep -E '^  [a-z_]+ ' | head -1 | cut -d' ' -f3)" "send_copy"
echo "$show" | grep -qF "clock    ends 2026-05-09 24:00 · 61 days left (60 days, 行政复议法第六十二条第一款)" ||
  fail "the 60 days count from the deemed acceptance: $show"
echo "$show" | grep -qF "choice choose_procedure took otherwise -> send_copy" || fail "no choice in the history: $show"
out=$("$sunlit" --now 2026-03-10T09:00 timers tick); rc=$?
[ "$rc" -eq 0 ] || fail "second tick: exit $rc: $out"

# One case's timer cannot fire; the other case's fires; exit 1 with the reason.
"$sunlit" deploy tests/data/cases/town.org.yaml tests/data/ticks/tick_fail.yaml --as designer >/dev/null || fail "deploy T-3"
for count in 0 2; do
  id=$("$sunlit" case open T-3 --party "Shop $count" --as ann | head -1 | cut -d' ' -f3 | tr -d :)
  "$sunlit" case advance "$id" --action submit --as ann --set count=$count >/dev/null || fail "submit $count"
done
out=$("$sunlit" --now 2026-03-10T09:00 timers tick); rc=$?
[ "$rc" -eq 1 ] || fail "failing tick: exit $rc, expected 1"
same "failing tick" "$out" "2026-000002 accept: elapsed (due 2026-03-10T00:00:00+08:00): not fired: cannot decide at 'route': division by zero in '10 / count'; set aside until the case changes
2026-000003 accept: elapsed (due 2026-03-10T00:00:00+08:00)
fired 1 timer; 1 could not fire; next due 2026-03-19T00:00:00+08:00"
same "the other case moved on" "$("$sunlit" --now 2026-03-10T09:00 case show 2026-000003 | grep -E '^  [a-z_]+ ' | head -1 | cut -d' ' -f3)" "decide"

# The timer that cannot fire is set aside: the next tick does not retry it (exit 0, nothing to
# say), `timers list` shows it with the reason; once the case changes it is tried again.
before=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events").fetchone()[0])' "$SUNLIT_DB")
out=$("$sunlit" --now 2026-03-10T09:00 timers tick); rc=$?
[ "$rc" -eq 0 ] || fail "tick after setting aside: exit $rc: $out"
case "$out" in "fired 0 timers"*) ;; *) fail "tick after setting aside: $out" ;; esac
after=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events").fetchone()[0])' "$SUNLIT_DB")
same "no event from a set-aside timer" "$after" "$before"
"$sunlit" --now 2026-03-10T09:00 timers list | grep -qxF "2026-03-10T00:00:00+08:00  2026-000002  elapse  step:accept:elapse (set aside: cannot decide at 'route': division by zero in '10 / count')" \
  || fail "timers list: $("$sunlit" --now 2026-03-10T09:00 timers list)"
# An official unsticks the case by acting with a usable count: it moves on, the timer is gone.
"$sunlit" --now 2026-03-10T10:00 case advance 2026-000002 --action accept --as ann --set count=5 >/dev/null \
  || fail "accept with a count"
"$sunlit" --now 2026-03-10T10:00 timers list | grep -q "2026-000002  elapse" && fail "the set-aside timer outlived its step"
exit $status
