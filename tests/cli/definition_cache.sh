#!/usr/bin/env bash
# The definition cache from the command line (docs/operations.md "The definition cache"): deploy
# writes a row per version; a process with a damaged row still runs the case and rewrites it;
# `admin rebuild` clears it and it fills again as versions are used.
# Usage: bash definition_cache.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
fx=tests/data/cases
# sql QUERY: runs a query on the database and prints its rows.
sql() { /usr/bin/python3 -c 'import sqlite3,sys
for row in sqlite3.connect(sys.argv[1], isolation_level=None).execute(sys.argv[2]): print(*row)' "$SUNLIT_DB" "$1"; }
case_id() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["case"])'; }

"$sunlit" deploy "$fx" --as designer >/dev/null || fail "deploy: exit $?"
[ "$(sql 'SELECT count(*) FROM definition_cache')" = "3" ] || fail "deploy cached $(sql 'SELECT count(*) FROM definition_cache') versions, expected 3"
good=$(sql "SELECT hex(body) FROM definition_cache JOIN definitions ON id = definition_id WHERE power_code = 'T-1'")
[ -n "$good" ] || fail "no cached body for T-1"

id=$("$sunlit" case open T-1 --party "Shop Ltd" --json | case_id)
sql "UPDATE definition_cache SET body = x'534C444301' || randomblob(40)" >/dev/null
"$sunlit" case advance "$id" --action accept --as ann --set area=40 | grep -q "review" || fail "advance on a damaged cache row"
now=$(sql "SELECT hex(body) FROM definition_cache JOIN definitions ON id = definition_id WHERE power_code = 'T-1'")
[ "$now" = "$good" ] || fail "the damaged row was not rewritten"

"$sunlit" admin rebuild | grep -q "rebuilt 1 cases from .* events; 0 snapshots differed" || fail "rebuild"
[ "$(sql 'SELECT count(*) FROM definition_cache')" = "1" ] || fail "rebuild should leave only the versions its cases use"
"$sunlit" case show "$id" | grep -q "review" || fail "show after rebuild"
"$sunlit" case open T-2 --party "Other Ltd" >/dev/null || fail "open T-2 after rebuild"
[ "$(sql 'SELECT count(*) FROM definition_cache')" = "2" ] || fail "the used version was not cached again"
exit $status
