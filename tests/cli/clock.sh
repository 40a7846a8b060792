#!/usr/bin/env bash
# The statutory clock from the command line: timers fired by `timers tick` (exactly once, even
# by two processes at once) and by `sunlit serve` (within ~2 s, clean stop on SIGTERM),
# deadlines in `case show`/`case list`, warnings and their filters, extensions, settings, and
# bad input with exact messages leaving the database unchanged.
# Fixture: tests/data/cases/clock.yaml (T-2: 20 working days per case, accept 5 working days
# with a deemed acceptance, review 3 working days). Calendar: 2026 State Council notice (no
# holiday falls in March 2026).
# Usage: bash clock.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
serve_pid=
trap '[ -n "$serve_pid" ] && kill $serve_pid 2>/dev/null; rm -rf "$tmp"' EXIT
fx=tests/data/cases

# expect CODE "MESSAGE" sunlit-args…: exit code and exact stderr.
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $*: exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $*: stderr '$err', expected '$msg'"
}
# same "WHAT" "ACTUAL" "EXPECTED"
same() { [ "$2" = "$3" ] || fail "$1:
--- got
$2
--- expected
$3"; }
dump() { /usr/bin/python3 -c 'import sqlite3,sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "${1:-$SUNLIT_DB}"; }
sql() { /usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$SUNLIT_DB" "$1"; }

"$sunlit" deploy "$fx/town.org.yaml" "$fx/clock.yaml" --as designer >/dev/null || fail "deploy: exit $?"
out=$("$sunlit" case open T-2 --party "Shop Ltd")
same "open shows the step deadline" "$(echo "$out" | tail -1)" "      deadline: ends 2026-03-09 24:00 · 6 working days left"
"$sunlit" case open T-2 --party "Other Ltd" >/dev/null || fail "second open"

same "timers list" "$("$sunlit" timers list)" "2026-03-10T00:00:00+08:00  2026-000001  elapse  step:accept:elapse
2026-03-10T00:00:00+08:00  2026-000002  elapse  step:accept:elapse
2026-03-30T00:00:00+08:00  2026-000001  yellow  case:yellow
2026-03-30T00:00:00+08:00  2026-000002  yellow  case:yellow
2026-03-31T00:00:00+08:00  2026-000001  red     case:red
2026-03-31T00:00:00+08:00  2026-000002  red     case:red
6 pending timers"
same "timers list --due-before" "$("$sunlit" timers list --due-before 2026-03-30T00:00+08:00 | tail -1)" "2 pending timers"

# Nothing due yet; then the deemed acceptance of both cases at 24:00 of 9 March, once.
same "early tick" "$("$sunlit" timers tick)" "fired 0 timers; next due 2026-03-10T00:00:00+08:00"
same "tick" "$("$sunlit" --now 2026-03-10T09:00 timers tick)" "2026-000001 accept: elapsed (due 2026-03-10T00:00:00+08:00)
2026-000002 accept: elapsed (due 2026-03-10T00:00:00+08:00)
fired 2 timers; next due 2026-03-13T00:00:00+08:00"
same "second tick" "$("$sunlit" --now 2026-03-10T09:00 timers tick)" "fired 0 timers; next due 2026-03-13T00:00:00+08:00"
"$sunlit" --now 2026-03-10T09:00 timers tick --json | /usr/bin/python3 -c '
import json,sys; t=json.load(sys.stdin)
assert t["fired"]==0 and t["next_due"]=="2026-03-13T00:00:00+08:00", t' || fail "tick --json"

# Review: 3 working days from 10 March, yellow with 1 working day left (13 March), red after.
same "yellow tick" "$("$sunlit" --now 2026-03-13T09:00 timers tick --limit 1)" "2026-000001 review: yellow card (due 2026-03-13T00:00:00+08:00)
fired 1 timer; next due 2026-03-13T00:00:00+08:00"
"$sunlit" --now 2026-03-13T09:00 timers tick >/dev/null || fail "tick the second yellow"
export SUNLIT_NOW=2026-03-13T09:00
show=$("$sunlit" case show 2026-000001)
echo "$show" | grep -qx "clock    ends 2026-03-30 24:00 · 12 working days left (20 workdays, License Law art. 42)" || fail "case clock: $show"
echo "$show" | grep -qx "      deadline: ends 2026-03-13 24:00 · 1 working day left · yellow card" || fail "step deadline: $show"
echo "$show" | grep -qx "  yellow  review Review  due 2026-03-13 24:00  raised 2026-03-13T00:00:00+08:00" || fail "warning in show: $show"
"$sunlit" case show 2026-000001 --json | /usr/bin/python3 -c '
import json,sys; c=json.load(sys.stdin)
d=c["open_steps"][0]["deadline"]; assert d["ends"]=="2026-03-13 24:00" and d["warning"]=="yellow", d
assert c["clock"]["deadline"]["limit"]["amount"]==20, c["clock"]
assert [w["colour"] for w in c["warnings"]]==["yellow"], c["warnings"]' || fail "show --json"
"$sunlit" case list | grep -q "^2026-000001 .* 2026-03-13 24:00  1 working day left  *yellow  Shop Ltd$" || fail "list: $("$sunlit" case list)"

same "warnings" "$("$sunlit" warnings)" "yellow  2026-000001  T-2  review Review  post reviewer (bureau)  due 2026-03-13 24:00  raised 2026-03-13T00:00:00+08:00
yellow  2026-000002  T-2  review Review  post reviewer (bureau)  due 2026-03-13 24:00  raised 2026-03-13T00:00:00+08:00
2 warnings"
same "warnings --colour red" "$("$sunlit" warnings --colour red)" "0 warnings"
same "warnings --department fire" "$("$sunlit" warnings --department fire)" "0 warnings"
same "warnings --post reviewer" "$("$sunlit" warnings --post reviewer | tail -1)" "2 warnings"
"$sunlit" --now 2026-03-16T09:00 timers tick >/dev/null || fail "tick the reds"
same "warnings --colour red later" "$("$sunlit" warnings --colour red | tail -1)" "2 warnings"
"$sunlit" warnings --json | /usr/bin/python3 -c '
import json,sys; w=json.load(sys.stdin); assert len(w)==4 and w[0]["case"]=="2026-000001", w' || fail "warnings --json"

# Extension by the head; the refused attempt of a reviewer is recorded, the clock unchanged.
expect 4 "sunlit: error: official 'bob' does not hold post 'head', which approves extensions of the case limit (License Law art. 42)
sunlit: the refused attempt was recorded in the case history" case extend 2026-000001 --as bob --reason "more time"
same "version after refused extension" "$(sql "SELECT version FROM cases WHERE id='2026-000001'")" "$(sql "SELECT max(version) FROM events WHERE case_id='2026-000001'")"
out=$("$sunlit" case extend 2026-000001 --as dee --reason "expert opinion needed" --amount 5)
same "extend" "$out" "case 2026-000001: case limit extended by dee (case version 5)
clock    ends 2026-04-07 24:00 · 17 working days left (20 workdays, License Law art. 42)
         extended +5 workdays by dee (head) on 2026-03-13, due 2026-04-08T00:00:00+08:00: expert opinion needed"

# Settings.
same "config set" "$("$sunlit" config set yellow_before "2 workdays" --power T-2 --as dee)" "yellow_before = 2 workdays (power T-2)"
same "config show" "$("$sunlit" config show)" "yellow_before = 1 workdays (every power; default)
yellow_before = 2 workdays (power T-2; set 2026-03-13T09:00:00+08:00 by dee)"

# Bad input: a clear message, a non-zero exit, the database unchanged.
before=$(dump)
expect 2 "sunlit: error: --colour 'blue' is not a card colour (use yellow or red)" warnings --colour blue
expect 2 "sunlit: error: --now 'tomorrow' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" \
  --now tomorrow timers tick
expect 2 "sunlit: error: --due-before 'soon' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" \
  timers list --due-before soon
expect 2 "sunlit: error: --limit -1 must be 0 (all) or more" timers tick --limit -1
expect 1 "sunlit: error: unknown setting 'yelow_before'; did you mean 'yellow_before'?" config set yelow_before "1 workdays"
expect 1 "sunlit: error: setting yellow_before: '2 weeks' must look like AMOUNT UNIT with a positive AMOUNT and UNIT workdays, days or hours (e.g. '1 workdays')" \
  config set yellow_before "2 weeks"
expect 1 "sunlit: error: an extension of 20 workdays is more than the law allows: at most 10 workdays in all (License Law art. 42), 10 workdays left" \
  case extend 2026-000002 --as dee --reason x --amount 20
"$sunlit" case extend 2026-000001 --as dee >/dev/null 2>&1; [ $? -eq 2 ] || fail "extend without --reason is not a usage error"
same "database after bad input" "$(dump)" "$before"

# Two tick processes at once fire each timer exactly once.
export SUNLIT_NOW=2026-03-02T09:00
for i in $(seq 1 20); do "$sunlit" case open T-2 --party "Race $i" >/dev/null || fail "open race $i"; done
/usr/bin/python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))' "$SUNLIT_DB" "$tmp/alone.db"
SUNLIT_DB="$tmp/alone.db" "$sunlit" --now 2026-03-10T09:00 timers tick >/dev/null || fail "single tick"
alone=$(SUNLIT_DB="$tmp/alone.db" sql "SELECT count(*) FROM events WHERE actor='system'")
[ "$alone" -gt "$(sql "SELECT count(*) FROM events WHERE actor='system'")" ] || fail "the single tick fired nothing"
"$sunlit" --now 2026-03-10T09:00 timers tick > "$tmp/a.out" 2>&1 & a=$!
"$sunlit" --now 2026-03-10T09:00 timers tick > "$tmp/b.out" 2>&1 & b=$!
wait $a || fail "racing tick a: $(cat "$tmp/a.out")"
wait $b || fail "racing tick b: $(cat "$tmp/b.out")"
same "system events after racing ticks" "$(sql "SELECT count(*) FROM events WHERE actor='system'")" "$alone"
fired=$(cat "$tmp/a.out" "$tmp/b.out" | sed -n 's/^fired \([0-9]*\) timer.*/\1/p' | paste -sd+ | bc)
same "timers fired by both ticks" "$fired" "20"

# serve: a timer added by another process is fired within ~2 s; SIGTERM stops it cleanly.
export SUNLIT_DB="$tmp/serve.db"
unset SUNLIT_NOW
"$sunlit" deploy "$fx/town.org.yaml" "$fx/clock.yaml" >/dev/null || fail "deploy for serve"
"$sunlit" serve --poll-ms 1000 > "$tmp/serve.log" 2>&1 & serve_pid=$!
sleep 0.5
"$sunlit" --now 2026-03-02T09:00 case open T-2 --party "Late Ltd" >/dev/null || fail "open while serving"
for _ in $(seq 1 25); do grep -q "^2026-000001 accept: elapsed" "$tmp/serve.log" && break; sleep 0.1; done
grep -qx "2026-000001 accept: elapsed (due 2026-03-10T00:00:00+08:00)" "$tmp/serve.log" || fail "serve did not fire within 2.5 s: $(cat "$tmp/serve.log")"
sleep 0.5
kill -TERM $serve_pid; wait $serve_pid; rc=$?; serve_pid=
[ "$rc" -eq 0 ] || fail "serve exit $rc after SIGTERM"
same "serve log" "$(head -1 "$tmp/serve.log"; tail -1 "$tmp/serve.log")" "serving $SUNLIT_DB (looking at the timers at least every 1000 ms)
stopped by SIGTERM: fired 5 timers"
same "nothing pending after serve" "$("$sunlit" timers list)" "0 pending timers"

exit $status
