#!/usr/bin/env bash
# Tamper evidence from the command line: raw SQL that changes, deletes, reorders or inserts
# events is caught by `sunlit audit verify`, naming the first bad event; a consistent rewrite
# of a whole chain is caught by a published anchor.
# Usage: bash audit.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
fx=tests/data/cases
sql() { /usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$1" "$2"; }
# verify_is CODE "OUTPUT" [args…]: exit code and exact stdout of `audit verify`.
verify_is() {
  local code=$1 want=$2; shift 2
  local out rc
  out=$("$sunlit" audit verify "$@" 2>&1); rc=$?
  [ "$rc" -eq "$code" ] || fail "audit verify $*: exit $rc, expected $code ($out)"
  [ "$out" = "$want" ] || fail "audit verify $*: got
$out
expected
$want"
}

"$sunlit" deploy "$fx" --as designer >/dev/null || fail "deploy"
"$sunlit" case open T-1 --party "Shop Ltd" >/dev/null || fail "open 1"
"$sunlit" case open T-1 --party "Other Ltd" >/dev/null || fail "open 2"
"$sunlit" case advance 2026-000001 --action accept --as bob --set area=40 >/dev/null 2>&1  # refused: recorded, chained too
"$sunlit" case advance 2026-000001 --action accept --as ann --set area=40 >/dev/null || fail "accept"
n1=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events where case_id=?", ("2026-000001",)).fetchone()[0])' "$SUNLIT_DB")
n=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events").fetchone()[0])' "$SUNLIT_DB")

verify_is 0 "verified 2 cases, $n events: every hash chain is intact"
verify_is 0 "verified 1 case, $n1 events: every hash chain is intact" 2026-000001
out=$("$sunlit" audit verify 2026-999999 2>&1); [ $? -eq 1 ] || fail "unknown case: $out"
[ "$out" = "sunlit: error: unknown case '2026-999999'" ] || fail "unknown case message: $out"

anchor=$("$sunlit" audit anchor --as auditor | head -1)
[ ${#anchor} -eq 64 ] || fail "anchor digest '$anchor'"
again=$("$sunlit" audit anchor --as auditor)
[ "$(echo "$again" | tail -1)" = "anchor over 2 case chain heads, the same as an earlier anchor (nothing changed since); publish or store this digest elsewhere" ] \
  || fail "re-anchor: $again"
verify_is 0 "verified 2 cases, $n events, and against anchor ${anchor:0:12}: every hash chain is intact" --anchor "$anchor"
out=$("$sunlit" audit verify --anchor 0000000000000000000000000000000000000000000000000000000000000000 2>&1)
[ $? -eq 1 ] || fail "unknown anchor exit"
echo "$out" | grep -q "no anchor 0000000000000000000000000000000000000000000000000000000000000000 in .*: the digest is wrong, or the anchor was removed" \
  || fail "unknown anchor message: $out"

# Replay: the case rebuilt from its events alone, its timeline, and the stored snapshot compared.
out=$("$sunlit" audit replay 2026-000001); rc=$?
[ $rc -eq 0 ] || fail "replay exit $rc"
[ "$out" = "case 2026-000001: Shop licence (T-1 version 1), party Shop Ltd; 6 events replayed
steps:
  accept           2026-03-02T09:00:00+08:00 -> 2026-03-02T09:00:00+08:00  accept by ann (intake); 0 working days
  review           2026-03-02T09:00:00+08:00 -> (open)  waiting; 0 working days
clock, cards, refusals, outcome:
  2026-03-02T09:00:00+08:00  REFUSED accept by bob: official 'bob' does not hold post 'intake', which owns step 'accept'
the stored snapshot equals the replay" ] || fail "replay output:
$out"
"$sunlit" audit replay 2026-000001 --as-of 2026-03-01 | head -1 | grep -qx "case 2026-000001: .*; 0 events replayed" \
  || fail "replay before the case opened"
"$sunlit" audit replay 2026-000001 --json | /usr/bin/python3 -c '
import json,sys; r=json.load(sys.stdin)
assert r["ok"] and r["compared"] and r["events"]==6 and r["steps"][0]["how"]=="accept by ann (intake)", r' || fail "replay --json"
out=$("$sunlit" audit replay 2026-000001 --as-of soon 2>&1); [ $? -eq 2 ] || fail "bad --as-of exit"
[ "$out" = "sunlit: error: --as-of 'soon' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" ] || fail "bad --as-of: $out"

# A backup is one consistent copy (the WAL's recent commits included) that verifies on its own.
out=$("$sunlit" admin backup "$tmp/backup.db") || fail "backup: exit $?"
[ "$out" = "backed up $SUNLIT_DB to $tmp/backup.db (one consistent copy, recent commits included)" ] || fail "backup: $out"
out=$(SUNLIT_DB="$tmp/backup.db" "$sunlit" audit verify --anchor "$anchor") || fail "backup does not verify: $out"
[ "$out" = "verified 2 cases, $n events, and against anchor ${anchor:0:12}: every hash chain is intact" ] || fail "backup verify: $out"
out=$("$sunlit" admin backup "$tmp/backup.db" 2>&1); rc=$?
[ $rc -eq 3 ] || fail "backup over an existing file: exit $rc"
[ "$out" = "sunlit: error: cannot back up to $tmp/backup.db: the file already exists (choose a new file)" ] || fail "backup over a file: $out"

# A copy of the database as it stands (the WAL too: sunlit leaves recent commits there).
/usr/bin/python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
  "$SUNLIT_DB" "$tmp/clean.db"
restore() { rm -f "$SUNLIT_DB-wal" "$SUNLIT_DB-shm"; cp "$tmp/clean.db" "$SUNLIT_DB"; }
unlock="DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER events_seq_in_sequence;"

# Changed: an official's data rewritten.
sql "$SUNLIT_DB" "$unlock UPDATE events SET payload = replace(payload, '40', '400') WHERE case_id = '2026-000001' AND kind = 'acted';"
seq=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select seq from events where case_id=? and kind=?", ("2026-000001","acted")).fetchone()[0])' "$SUNLIT_DB")
verify_is 7 "case 2026-000001 event $seq: event $seq was changed, moved or forged after it was written: its hash does not match
checked 2 cases, $n events: 1 case altered"
restore
# Deleted: an event in the middle.
sql "$SUNLIT_DB" "$unlock DELETE FROM events WHERE case_id = '2026-000001' AND seq = 2;"
verify_is 7 "case 2026-000001 event 2: event 2 is missing: the log jumps from 1 to 3
checked 2 cases, $((n - 1)) events: 1 case altered"
restore
# Reordered: two events exchange places.
sql "$SUNLIT_DB" "$unlock UPDATE events SET seq = 1000 WHERE case_id = '2026-000001' AND seq = 2;
  UPDATE events SET seq = 2 WHERE case_id = '2026-000001' AND seq = 3;
  UPDATE events SET seq = 3 WHERE case_id = '2026-000001' AND seq = 1000;"
verify_is 7 "case 2026-000001 event 2: event 2 was changed, moved or forged after it was written: its hash does not match
checked 2 cases, $n events: 1 case altered"
restore
# Inserted: a forged event at the end (its hash copied from the head, the head left alone).
sql "$SUNLIT_DB" "$unlock INSERT INTO events (case_id, seq, version, at, actor, post, kind, payload, hash)
  SELECT case_id, seq + 1, version + 1, at, 'dee', 'head', 'closed', '{\"outcome\":\"granted\"}', hash
  FROM events WHERE case_id = '2026-000002' AND seq = (SELECT max(seq) FROM events WHERE case_id = '2026-000002');"
verify_is 7 "case 2026-000002 event 3: event 3 was changed, moved or forged after it was written: its hash does not match
checked 2 cases, $((n + 1)) events: 1 case altered" 
restore
# Rewritten consistently (hashes and head recomputed by someone who knows the scheme): only the anchor sees it.
"$sunlit" audit verify >/dev/null || fail "restored copy should verify"
/usr/bin/python3 - "$SUNLIT_DB" <<'PY' || fail "rewrite script"
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("DROP TRIGGER events_no_update; DROP TRIGGER chain_heads_forward;")
ns = lambda b: str(len(b)).encode() + b":" + b + b","
prev = ""
rows = c.execute("select case_id, seq, version, at, actor, post, kind, payload from events where case_id='2026-000002' order by seq").fetchall()
for (cid, seq, ver, at, actor, post, kind, payload) in rows:
    if seq == 1: payload = payload.replace("Other Ltd", "Someone Else")
    data = b"".join(ns(str(x).encode()) for x in (prev, cid, seq, ver, at, actor, post, kind, payload))
    prev = hashlib.sha256(data).hexdigest()
    c.execute("update events set payload=?, hash=? where case_id=? and seq=?", (payload, prev, cid, seq))
c.execute("update chain_heads set hash=? where case_id='2026-000002'", (prev,))
c.commit()
PY
verify_is 0 "verified 2 cases, $n events: every hash chain is intact"
verify_is 7 "case 2026-000002 event 2: the chain up to event 2 differs from the one anchored: the history was rewritten
checked 2 cases, $n events, and against anchor ${anchor:0:12}: 1 case altered" --anchor "$anchor"
restore
# A snapshot changed behind the log's back: replay reports it (exit 7).
sql "$SUNLIT_DB" "UPDATE cases SET snapshot = json_set(snapshot, '\$.data.area', 400) WHERE id = '2026-000001';"
out=$("$sunlit" audit replay 2026-000001); rc=$?
[ $rc -eq 7 ] || fail "replay of a changed snapshot: exit $rc"
[ "$(echo "$out" | tail -1)" = "ERROR: the stored snapshot differs from the replay in: data" ] || fail "snapshot difference: $out"
# Every case at once: the changed snapshot is named, exit 7; restored, every case matches.
out=$("$sunlit" audit replay --all --jobs 2); rc=$?
[ $rc -eq 7 ] || fail "replay --all of a changed snapshot: exit $rc"
[ "$out" = "case 2026-000001: the stored snapshot differs from the replay
replayed 2 cases, $n events on 2 connections: 0 cases cannot be replayed, 1 snapshot differs" ] || fail "replay --all: $out"
restore
out=$("$sunlit" audit replay --all --jobs 1) || fail "replay --all: exit $?"
[ "$out" = "replayed 2 cases, $n events on 1 connection: every stored snapshot equals its replay" ] || fail "replay --all: $out"
"$sunlit" audit replay --all --json | /usr/bin/python3 -c '
import json,sys; r=json.load(sys.stdin)
assert r["ok"] and r["cases"]==2 and r["failed"]==[] and r["differed"]==[], r' || fail "replay --all --json"
for bad in "" "2026-000001 --all" "--all --as-of 2026-03-01"; do
  out=$("$sunlit" audit replay $bad 2>&1); rc=$?
  [ $rc -eq 2 ] || fail "audit replay $bad: exit $rc"
  [ "$out" = "sunlit: error: audit replay takes a case number, or --all (without --as-of)" ] || fail "audit replay $bad: $out"
done

exit $status
