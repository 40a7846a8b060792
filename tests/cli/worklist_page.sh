#!/usr/bin/env bash
# `case list` a page at a time (issue 6 item 6): the most urgent items first, 50 by default,
# `--limit N` and `--all`, a line saying how many more; --json lists everything unless --limit;
# bad limits refused with an exact message and exit 2.
# Usage: bash worklist_page.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
unset SUNLIT_NOW  # each command gives its own --now
fx=tests/data/cases

# expect CODE "MESSAGE" sunlit-args…: exit code and exact stderr.
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $*: exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $*: stderr '$err', expected '$msg'"
}
count() { /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
cases() { awk 'NR > 1 && $1 ~ /^2026-/ { print $1 }' | tr '\n' ' '; }

"$sunlit" deploy "$fx" --as designer >/dev/null || fail "deploy"
# Intake's accept step: 5 working days (T-2), none (T-1). Opened Mon 03-02, Fri 02-27, Tue 03-03.
"$sunlit" --now 2026-03-02T09:00 case open T-2 --party A >/dev/null || fail "open A"   # 000001: due 03-09
"$sunlit" --now 2026-03-02T09:30 case open T-1 --party B >/dev/null || fail "open B"   # 000002: no deadline
"$sunlit" --now 2026-03-03T09:00 case open T-2 --party C >/dev/null || fail "open C"   # 000003: due 03-10
"$sunlit" --now 2026-02-27T09:00 case open T-2 --party D >/dev/null || fail "open D"   # 000004: due 03-06
export SUNLIT_NOW=2026-03-03T10:00

out=$("$sunlit" case list --as ann --open --limit 2) || fail "--limit 2: exit $?"
[ "$(echo "$out" | cases)" = "2026-000004 2026-000001 " ] || fail "--limit 2 shows the two most urgent: $out"
[ "$(echo "$out" | tail -1)" = "2 items, 2 more (--limit N or --all to list them)" ] || fail "--limit 2 last line: $out"
out=$("$sunlit" case list --as ann --open --all) || fail "--all: exit $?"
[ "$(echo "$out" | cases)" = "2026-000004 2026-000001 2026-000003 2026-000002 " ] || fail "--all: $out"
[ "$(echo "$out" | tail -1)" = "4 items" ] || fail "--all last line: $out"
out=$("$sunlit" case list --post intake) || fail "default page: exit $?"
[ "$(echo "$out" | tail -1)" = "4 items" ] || fail "the default page holds 4 items: $out"
out=$("$sunlit" case list --limit 3) || fail "whole list --limit 3: exit $?"
[ "$(echo "$out" | cases)" = "2026-000004 2026-000001 2026-000003 " ] || fail "whole list --limit 3: $out"
[ "$(echo "$out" | tail -1)" = "3 items, 1 more (--limit N or --all to list them)" ] || fail "whole list: $out"
[ "$("$sunlit" case list --json | count)" = 4 ] || fail "--json lists everything"
[ "$("$sunlit" case list --json --limit 1 | count)" = 1 ] || fail "--json --limit 1"
[ "$("$sunlit" case list --json --limit 1 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["case"])')" = 2026-000004 ] || fail "--json --limit 1: the most urgent"

# 51 open steps: the default page is 50.
for i in $(seq 1 47); do "$sunlit" --now 2026-03-02T10:00 case open T-1 --party "P$i" >/dev/null || fail "open P$i"; done
out=$("$sunlit" case list --as ida --open) || fail "default: exit $?"
[ "$(echo "$out" | tail -1)" = "50 items, 1 more (--limit N or --all to list them)" ] || fail "default page of 50: $(echo "$out" | tail -1)"
[ "$(echo "$out" | head -2 | cases)" = "2026-000004 " ] || fail "the default page starts with the most urgent"

before=$(ls -l "$SUNLIT_DB")
expect 2 "sunlit: error: --limit 0 must be 1 or more (--all lists everything)" case list --limit 0
expect 2 "sunlit: error: --limit -5 must be 1 or more (--all lists everything)" case list --as ann --limit -5
"$sunlit" case list --limit 2 --all >/dev/null 2>&1; [ $? -eq 2 ] || fail "--limit with --all is a usage error"
[ "$(ls -l "$SUNLIT_DB")" = "$before" ] || fail "a refused list changed the database"
"$sunlit" case list --help | grep -q -- "--limit" || fail "--help names --limit"
exit $status
