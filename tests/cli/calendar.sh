#!/usr/bin/env bash
# `sunlit calendar`: periods on the real 2025/2026 calendar, exact output and messages, years
# outside the data refused (exit 1), imports and --calendar files, no database created by reads.
# Usage: bash calendar.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
export SUNLIT_NOW=2026-11-22T09:00

# same "EXPECTED" sunlit-args…: exit 0 and exact stdout.
same() {
  local want=$1; shift
  local out rc
  out=$("$sunlit" "$@" 2>&1); rc=$?
  [ "$rc" -eq 0 ] || fail "sunlit $*: exit $rc ($out)"
  [ "$out" = "$want" ] || fail "sunlit $*: output
$out
expected
$want"
}
# expect CODE "MESSAGE" sunlit-args…: exit code and exact stderr.
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $*: exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $*: stderr
$err
expected
$msg"
}

# 2025 National Day (State Council notice https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm):
# Oct 1-8 off, Sun Sep 28 and Sat Oct 11 working days. From Fri Sep 26: Sep 28 1, 29 2, 30 3, Oct 9 4,
# 10 5, 11 6, 13-17 7-11, 20-24 12-16, 27-30 17-20.
same "2025-10-30  (the period ends at 24:00 of 2025-10-30, i.e. 2025-10-31T00:00:00+08:00; 20 workdays after 2025-09-26, which is not counted)" \
  calendar add 2025-09-26 20 workdays
same '{
  "start": "2025-09-26T09:00:00+08:00",
  "amount": 20,
  "unit": "workdays",
  "last_day": "2025-10-30",
  "ends_at": "2025-10-31T00:00:00+08:00",
  "ends_at_utc": "2025-10-30T16:00:00Z"
}' calendar add 2025-09-26T09:00 20 workdays --json
# 60 calendar days from Mon 2025-08-04 = Fri Oct 3, a holiday: the next working day, Thu Oct 9.
same "2025-10-09  (the period ends at 24:00 of 2025-10-09, i.e. 2025-10-10T00:00:00+08:00; 60 days after 2025-08-04, which is not counted)" \
  calendar add 2025-08-04 60 days
same "2025-10-01T18:30:00+08:00  (24 hours after 2025-09-30T18:30:00+08:00)" calendar add 2025-09-30T18:30 24 hours
same "2026-02-28  (the period ends at 24:00 of 2026-02-28, i.e. 2026-03-01T00:00:00+08:00; 6 months after 2025-08-31, which is not counted)" \
  calendar add 2025-08-31 6 months

same "2025-09-28 is a working day (adjusted working day, 国庆节、中秋节)" calendar is-workday 2025-09-28
same "2025-10-03 is not a working day (holiday, 国庆节、中秋节)" calendar is-workday 2025-10-03
same "2025-10-12 is not a working day (Sunday)" calendar is-workday 2025-10-12
same "2025-10-09 is a working day (Thursday)" calendar is-workday 2025-10-09T23:00
same '{
  "date": "2025-10-11",
  "workday": true,
  "weekday": "Saturday",
  "reason": "adjusted working day",
  "name": "国庆节、中秋节"
}' calendar is-workday 2025-10-11 --json
same "21  (working days after 2025-09-26 up to and including 2025-10-31)" calendar between 2025-09-26 2025-10-31
same '{
  "from": "2025-10-31",
  "to": "2025-09-26",
  "workdays": -21
}' calendar between 2025-10-31 2025-09-26 --json

# Reading commands never create a database.
[ -e "$SUNLIT_DB" ] && fail "a read created the database"

# Outside the covered years: refused with the year and how to add it; bad arguments: usage errors.
expect 1 "sunlit: error: the calendar has no holiday data for 2027 (it covers 2020-2026), so the answer would be a guess.
sunlit: add the State Council's notice for 2027 as a calendar file (docs/calendar.md): sunlit calendar import 2027.json" \
  calendar add 2026-12-18 20 workdays
expect 1 "sunlit: error: the calendar has no holiday data for 2019 and 2027 (it covers 2020-2026), so the answer would be a guess.
sunlit: add the State Council's notice for 2019 and 2027 as a calendar file (docs/calendar.md): sunlit calendar import 2019.json" \
  calendar between 2019-12-01 2027-01-10
expect 2 "sunlit: error: DATE '2025-02-30' is not a date or time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" \
  calendar add 2025-02-30 5 workdays
expect 2 "sunlit: error: AMOUNT 'five' must be a number from 0 to 100000, e.g. 20 or 1.5" calendar add 2025-09-26 five days
expect 2 "sunlit: error: AMOUNT '-1' must be a number from 0 to 100000, e.g. 20 or 1.5" calendar add 2025-09-26 -- -1 days
expect 2 "sunlit: error: UNIT 'weeks' must be workdays, days, hours or months" calendar add 2025-09-26 2 weeks

# A bad calendar file: positioned diagnostics, exit 1, nothing imported (no database either).
printf '{"year": 2027,\n "days": [{"name": "元旦", "date": "2027-02-30", "isOffDay": true}]}\n' > "$tmp/bad.json"
err=$("$sunlit" calendar import "$tmp/bad.json" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 1 ] || fail "import of a bad file: exit $rc"
echo "$err" | head -1 | grep -qxF "$tmp/bad.json:2:38: error: day 1: \"2027-02-30\" is not a real date YYYY-MM-DD" ||
  fail "bad file message: $err"
[ -e "$SUNLIT_DB" ] && fail "a refused import created the database"
expect 3 "sunlit: error: cannot read calendar file $tmp/missing.json" calendar import "$tmp/missing.json"

# --calendar: try a file without importing it. A hypothetical 2027 file (Jan 1 off, Sat Jan 2 working).
cat > "$tmp/2027.json" <<'JSON'
{"year": 2027, "papers": ["https://example.gov.cn/2027"], "days": [
  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
  {"name": "元旦", "date": "2027-01-02", "isOffDay": false}]}
JSON
# 3 working days from Thu 2026-12-31: Jan 1 off, Sat Jan 2 1, Mon Jan 4 2, Tue Jan 5 3.
same "2027-01-05  (the period ends at 24:00 of 2027-01-05, i.e. 2027-01-06T00:00:00+08:00; 3 workdays after 2026-12-31, which is not counted)" \
  calendar add 2026-12-31 3 workdays --calendar "$tmp/2027.json"
[ -e "$SUNLIT_DB" ] && fail "--calendar created the database"

# Import it and a local closure; later commands use the database's files.
cat > "$tmp/district.json" <<'JSON'
{"local": true, "papers": ["区政府通知"], "days": [{"name": "台风停工", "date": "2025-10-09", "isOffDay": true}]}
JSON
same "imported $tmp/2027.json: national calendar for 2027, 2 days listed
imported $tmp/district.json: local override, 1 days listed" calendar import "$tmp/2027.json" "$tmp/district.json" --as ann
same "2027-01-01 is not a working day (holiday, 元旦)" calendar is-workday 2027-01-01
same "2025-10-09 is not a working day (local closure, 台风停工)" calendar is-workday 2025-10-09
# The closure moves the 20 working days from 2025-09-26 one working day later: Fri Oct 31.
same "2025-10-31  (the period ends at 24:00 of 2025-10-31, i.e. 2025-11-01T00:00:00+08:00; 20 workdays after 2025-09-26, which is not counted)" \
  calendar add 2025-09-26 20 workdays
out=$("$sunlit" calendar years) || fail "years: exit $?"
echo "$out" | grep -qxF "2025   built in: 2025.json, 33 days; notice https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm" ||
  fail "years lacks 2025: $out"
echo "$out" | grep -qxF "2027   $tmp/2027.json (imported 2026-11-22T09:00:00+08:00 by ann), 2 days; notice https://example.gov.cn/2027" ||
  fail "years lacks the imported 2027: $out"
echo "$out" | grep -qxF "local  $tmp/district.json (imported 2026-11-22T09:00:00+08:00 by ann), 1 days; notice 区政府通知" ||
  fail "years lacks the local file: $out"
[ "$(echo "$out" | tail -1)" = "covered: 2020-2027" ] || fail "covered years: $out"
"$sunlit" calendar years --json | /usr/bin/python3 -c '
import json,sys; a=json.load(sys.stdin)
assert [f["year"] for f in a if not f["local"]]==list(range(2020,2028)), a
assert a[-1]["local"] and a[-1]["days"]==1, a[-1]' || fail "years --json"
exit $status
