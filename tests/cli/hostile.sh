#!/usr/bin/env bash
# Hostile inputs (issue 6 item 5; the table is docs/hostile-inputs.md): each one gets a clear
# message and a documented exit code, and leaves the database as it was — logically (every row,
# through Python's sqlite3) for our database, byte for byte (sha256) for a file that is not ours.
# Usage: bash hostile.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # the read-only checks run as `nobody`
fx=tests/data/cases

# expect CODE "STDERR" sunlit-args…: exit code and exact stderr.
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $(echo "$*" | cut -c1-120): exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $(echo "$*" | cut -c1-120): stderr '$err', expected '$msg'"
}
# refused_file FILE "FIRST LINE OF THE FINDING": `check` and `deploy` both refuse the file (exit 1),
# `deploy` says nothing was deployed; the finding's first line is exact.
refused_file() {
  local file=$1 finding=$2 out rc
  out=$("$sunlit" check "$file" 2>&1); rc=$?
  [ "$rc" -eq 1 ] || fail "check $file: exit $rc, expected 1"
  [ "$(echo "$out" | head -1)" = "$finding" ] || fail "check $file: '$(echo "$out" | head -1 | cut -c1-300)', expected '$finding'"
  expect 1 "sunlit: error: nothing deployed: the files have errors" deploy "$file"
}
# Every row of every table, as SQL text: equal dumps mean the database is logically unchanged.
dump() { /usr/bin/python3 -c 'import sqlite3,sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "${1:-$SUNLIT_DB}"; }
sha() { sha256sum < "$1"; }
# A consistent copy of a database (its WAL included), through SQLite's backup API.
copy_db() { /usr/bin/python3 -c 'import sqlite3,sys; d=sqlite3.connect(sys.argv[2]); sqlite3.connect(sys.argv[1]).backup(d); d.close()' "$1" "$2"; }
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

"$sunlit" deploy "$fx" processes/penalty-summary.yaml >/dev/null || fail "deploy fixtures"
id=$("$sunlit" case open T-1 --party "Shop Ltd" --json | field case)
[ "$id" = "2026-000001" ] || fail "first case is '$id'"
before=$(dump)

# --- Flowchart files: malformed, huge, deeply nested, alias bombs, invalid UTF-8, absurd limits.
mkdir "$tmp/y"
cp "$fx/town.org.yaml" "$tmp/y/"
printf 'sunlit: 1\norganisation: town\npower: {code: [T-9\n' > "$tmp/y/malformed.yaml"
refused_file "$tmp/y/malformed.yaml" \
  "$tmp/y/malformed.yaml:4:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence started at line 3)"
head -c 17000000 /dev/zero | tr '\0' 'a' > "$tmp/y/huge.yaml"
refused_file "$tmp/y/huge.yaml" "$tmp/y/huge.yaml: error: file is too large: 17000000 bytes (the limit is 16 MiB)"
/usr/bin/python3 -c 'print("sunlit: " + "[" * 100000)' > "$tmp/y/deep.yaml"
refused_file "$tmp/y/deep.yaml" "$tmp/y/deep.yaml:1:108: error: the document is nested too deeply"
/usr/bin/python3 - "$fx/shop.yaml" "$tmp/y/bomb.yaml" <<'EOF'
import sys  # a billion laughs: 1000 aliased steps of 1000 aliased actions of 1000 `sets`
sets = "[" + ", ".join(["area"] * 1000) + "]"
acts = "[&x {id: b, to: done, sets: %s}" % sets + ", *x" * 999 + "]"
steps = "steps:\n  - &s {id: bomb, post: intake, actions: %s}\n" % acts + "  - *s\n" * 999
open(sys.argv[2], "w").write(open(sys.argv[1]).read().replace("steps:\n", steps, 1))
EOF
refused_file "$tmp/y/bomb.yaml" "$tmp/y/bomb.yaml: error: document is too large or too deeply aliased"
sed 's/^  name: Shop licence$/  name: Shop \xff licence/' "$fx/shop.yaml" > "$tmp/y/latin1.yaml"
refused_file "$tmp/y/latin1.yaml" "$tmp/y/latin1.yaml:8:14: error: invalid UTF-8: byte 0xff; save the file as UTF-8"
sed 's/window: {amount: 5,/window: {amount: -5,/' "$fx/shop.yaml" > "$tmp/y/negative.yaml"
refused_file "$tmp/y/negative.yaml" "$tmp/y/negative.yaml:54:13: error: time limit must be greater than 0 (is -5)"
sed 's/window: {amount: 5,/window: {amount: 1e12,/' "$fx/shop.yaml" > "$tmp/y/absurd.yaml"
refused_file "$tmp/y/absurd.yaml" \
  "$tmp/y/absurd.yaml:54:13: error: time limit of 1000000000000 workdays is more than 100 years (at most 25000 workdays)"
[ "$(dump)" = "$before" ] || fail "a refused flowchart changed the database"

# --- Quotes and SQL metacharacters: refused as unknown where they name something, stored verbatim
# where they are free text.
expect 1 "sunlit: error: no deployed power 'T-1' OR '1'='1' (deploy its flowchart first)" case open "T-1' OR '1'='1" --party X
expect 1 "sunlit: error: unknown case '2026-000001' OR '1'='1'" case show "2026-000001' OR '1'='1"
expect 1 "sunlit: error: unknown case '2026-000001\"; DROP TABLE events;--'" \
  case advance "2026-000001\"; DROP TABLE events;--" --action accept --as ann --set area=3
expect 1 "sunlit: error: unknown official 'ann' OR 1=1--'" \
  case advance "$id" --action accept --as "ann' OR 1=1--" --set area=3
expect 1 "sunlit: error: field 'area': '1; DROP TABLE cases' is not a number" \
  case advance "$id" --action accept --as ann --set "area=1; DROP TABLE cases"
expect 1 "sunlit: error: unknown field 'area' OR 1'" \
  case advance "$id" --action accept --as ann --set "area' OR 1=1=3"
[ "$(dump)" = "$before" ] || fail "a refused name changed the database"
party="O'Brien \"Ltd\"; DROP TABLE cases;-- 张三"
facts="it's \"50%\" off; DELETE FROM events WHERE '1'='1"
sid=$("$sunlit" case open XC-CG-CF-002 --party "$party" --set "facts=$facts" --json | field case)
[ "$sid" = "2026-000002" ] || fail "open with quotes: case '$sid'"
"$sunlit" case show "$sid" --json | /usr/bin/python3 -c '
import json, sys
c = json.load(sys.stdin)
assert c["party"] == sys.argv[1], c["party"]
assert c["data"]["facts"] == sys.argv[2], c["data"]' "$party" "$facts" \
  || fail "quotes in a party name or a --set value were not stored verbatim"
"$sunlit" case list | grep -qF "$party" || fail "the worklist does not show the quoted party name"
"$sunlit" audit verify >/dev/null 2>&1 || fail "audit verify after quoted names"
# A power code with quotes and SQL is only a name: deployed and opened verbatim (own database).
sed 's/^  code: T-1$/  code: "T-1'"'"'; DROP TABLE cases;--"/' "$fx/shop.yaml" > "$tmp/y/sqlcode.yaml"
"$sunlit" --db "$tmp/code.db" deploy "$tmp/y/sqlcode.yaml" >/dev/null || fail "deploy a quoted power code: exit $?"
out=$("$sunlit" --db "$tmp/code.db" case open "T-1'; DROP TABLE cases;--" --party X) || fail "open a quoted power code: exit $?"
echo "$out" | head -1 | grep -qF "(T-1'; DROP TABLE cases;-- version 1) for X" || fail "quoted power code: '$out'"
[ "$("$sunlit" --db "$tmp/code.db" case list | tail -1)" = "1 item" ] || fail "quoted power code: the cases table is not intact"
before=$(dump)

# --- Text that is not UTF-8 (a GBK terminal, pasted binary): refused before anything is stored.
expect 1 "sunlit: error: the text for 'party' is not valid UTF-8 (byte 0xff at position 5); type it again or save it as UTF-8" \
  case open T-1 --party $'Shop\xff\xfe'
expect 1 "sunlit: error: the text for 'facts' is not valid UTF-8 (byte 0xb2 at position 1); type it again or save it as UTF-8" \
  case open XC-CG-CF-002 --party X --set $'facts=\xb2\xe2\xca\xd4'
expect 1 "sunlit: error: the text for 'note' is not valid UTF-8 (byte 0xc0 at position 3); type it again or save it as UTF-8" \
  case advance "$id" --action accept --as ann --set area=3 --note $'ok\xc0\xaf'
expect 1 $'sunlit: error: unknown official \'ann\xff\'; did you mean \'ann\'?' \
  case advance "$id" --action accept --as $'ann\xff' --set area=3
expect 1 "sunlit: error: the name given with --as is not valid UTF-8; type it again" deploy "$fx" --as $'\xc4\xe3'
expect 1 "sunlit: error: the name given with --as is not valid UTF-8; type it again" audit anchor --as $'\xc4\xe3'
# --json errors quote what was typed: the bytes become U+FFFD, the output stays JSON (was a crash).
for args in "case show 20$'\xff'" "case open T$'\xff' --party X" "versions T$'\xff'"; do
  out=$(eval "\"\$sunlit\" $args --json"); rc=$?
  [ "$rc" -eq 1 ] || fail "$args --json: exit $rc"
  echo "$out" | /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); assert "\ufffd" in j["message"], j' ||
    fail "$args --json: not JSON with U+FFFD: $out"
done
[ "$(dump)" = "$before" ] || fail "text that is not UTF-8 changed the database"

# --- Dates outside the calendar and absurd amounts on the command line.
expect 1 "sunlit: error: the calendar has no holiday data for 2099 (it covers 2020-2026), so the answer would be a guess.
sunlit: add the State Council's notice for 2099 as a calendar file (docs/calendar.md): sunlit calendar import 2099.json" \
  calendar add 2099-01-01 5 workdays
expect 1 "sunlit: error: the calendar has no holiday data for 1969 (it covers 2020-2026), so the answer would be a guess.
sunlit: add the State Council's notice for 1969 as a calendar file (docs/calendar.md): sunlit calendar import 1969.json" \
  calendar is-workday 1969-12-31
expect 2 "sunlit: error: AMOUNT '-5' must be a number from 0 to 100000, e.g. 20 or 1.5" calendar add 2026-03-02 -5 workdays
expect 2 "sunlit: error: AMOUNT '1e12' must be a number from 0 to 100000, e.g. 20 or 1.5" calendar add 2026-03-02 1e12 days
expect 2 "sunlit: error: --now '10000-01-01' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" \
  --now 10000-01-01 case list
expect 2 "sunlit: error: --now '1969-02-30' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])" \
  --now 1969-02-30 case list
expect 1 "sunlit: error: field 'fine': '1e12' is not an amount of money (yuan, at most 2 decimals)" \
  case open XC-CG-CF-002 --party X --set fine=1e12
expect 1 "sunlit: error: field 'fine': '99999999999999999999' is too large an amount of money" \
  case open XC-CG-CF-002 --party X --set fine=99999999999999999999
expect 1 "sunlit: error: field 'area': '1e308' is not a number" case advance "$id" --action accept --as ann --set area=1e308
[ "$(dump)" = "$before" ] || fail "a date or amount out of range changed the database"

# --- A database file that is not ours: refused, named, byte-identical afterwards.
head -c 8192 /dev/urandom > "$tmp/random.db"
/usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE notes(x)"); c.commit()' "$tmp/other.db"
/usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA application_id=1234"); c.commit()' "$tmp/marked.db"
sum_random=$(sha "$tmp/random.db"); sum_other=$(sha "$tmp/other.db"); sum_marked=$(sha "$tmp/marked.db")
expect 3 "sunlit: error: $tmp/random.db is not a sunlit database (not an SQLite file); it was left untouched" \
  --db "$tmp/random.db" case list
expect 3 "sunlit: error: $tmp/other.db is an SQLite database of another application (it has 1 schema objects and no sunlit mark); it was left untouched" \
  --db "$tmp/other.db" case open T-1 --party X
expect 3 "sunlit: error: $tmp/marked.db belongs to another application (application_id 0x000004d2), not to sunlit; it was left untouched" \
  --db "$tmp/marked.db" deploy "$fx"
[ "$(sha "$tmp/random.db")" = "$sum_random" ] || fail "random bytes were modified"
[ "$(sha "$tmp/other.db")" = "$sum_other" ] || fail "another application's database was modified"
[ "$(sha "$tmp/marked.db")" = "$sum_marked" ] || fail "a marked database of another application was modified"
for f in random other marked; do [ -e "$tmp/$f.db-wal" ] && fail "a WAL file was left next to $f.db"; done
mkdir "$tmp/folder.db"
expect 3 "sunlit: error: cannot open the sunlit database: $tmp/folder.db or its journal files cannot be opened for writing (does the folder exist, and may this user write there?)" \
  --db "$tmp/folder.db" case list
[ -z "$(ls -A "$tmp/folder.db")" ] || fail "files were created inside a folder given as the database"
# An empty file holds nothing to protect: it becomes a new database, as a missing file does.
: > "$tmp/empty.db"
out=$("$sunlit" --db "$tmp/empty.db" case list) || fail "empty file: exit $?"
[ "$(echo "$out" | tail -1)" = "0 items" ] || fail "empty file: '$out'"

# --- A read-only database or folder (as an unprivileged user: root may write anyway).
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    as_user=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
  else
    echo "SKIP: read-only checks (root without setpriv)"; as_user=(skip)
  fi
fi
if [ "${as_user[0]:-}" != skip ]; then
  ro="$tmp/ro"; mkdir "$ro"; copy_db "$SUNLIT_DB" "$ro/sunlit.db"
  "$sunlit" --db "$ro/sunlit.db" case list >/dev/null || fail "copy of the database does not open"
  ro_before=$(dump "$ro/sunlit.db")
  chmod 444 "$ro/sunlit.db"; chmod 755 "$ro"; chmod 644 "$ro"/sunlit.db-* 2>/dev/null
  err=$("${as_user[@]}" "$sunlit" --db "$ro/sunlit.db" case open T-1 --party X 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq 3 ] || fail "read-only file: exit $rc ($err)"
  [ "$err" = "sunlit: error: cannot open the sunlit database: $ro/sunlit.db is read-only for this user" ] ||
    fail "read-only file: '$err'"
  [ "$(dump "$ro/sunlit.db")" = "$ro_before" ] || fail "a read-only database changed"
  # A writable file in a folder the user may not write: the WAL cannot be made, so it is refused.
  [ "$(id -u)" -eq 0 ] && chown "$(id -u nobody)" "$ro/sunlit.db"
  chmod 644 "$ro/sunlit.db"; chmod 555 "$ro"
  err=$("${as_user[@]}" "$sunlit" --db "$ro/sunlit.db" case open T-1 --party X 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq 3 ] || fail "read-only folder: exit $rc ($err)"
  [ "$err" = "sunlit: error: cannot open the sunlit database: the database $ro/sunlit.db is read-only" ] ||
    fail "read-only folder: '$err'"
  chmod 755 "$ro"
  [ "$(dump "$ro/sunlit.db")" = "$ro_before" ] || fail "a database in a read-only folder changed"
fi

# --- A full disk, simulated by a file size limit (ulimit -f, in KiB): the database, its WAL and its
# shared-memory file may not grow. SIGXFSZ is ignored so that the write fails instead of killing us.
full="$tmp/full"; mkdir "$full"; copy_db "$SUNLIT_DB" "$full/sunlit.db"
"$sunlit" --db "$full/sunlit.db" case list >/dev/null || fail "copy of the database does not open"
full_before=$(dump "$full/sunlit.db")
big=$(head -c 60000 /dev/zero | tr '\0' x)  # a 60 KB party name: the commit must grow the WAL past 40 KiB
for limit in 40; do  # at 0 KiB even the shared-memory file cannot be made: "disk I/O error" (see the table)
  err=$( (trap '' XFSZ; ulimit -f "$limit"; "$sunlit" --db "$full/sunlit.db" case open T-1 --party "$big") 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq 3 ] || fail "file size limit $limit KiB: exit $rc ($err)"
  case "$limit:$err" in
    "40:sunlit: error: cannot record the change of case (new): $full/sunlit.db cannot grow: the disk is full or the file system refused the write (disk I/O error); free some space and try again") ;;
    *) fail "file size limit $limit KiB: '$err'" ;;
  esac
  [ "$(dump "$full/sunlit.db")" = "$full_before" ] || fail "a failed write on a full disk changed the database"
done
"$sunlit" --db "$full/sunlit.db" case open T-1 --party X >/dev/null || fail "after the disk has room again: exit $?"

# --- A case whose definition is missing (a row edited by hand): a clear message, nothing changed;
# `admin rebuild` restores the row from the event log.
bad="$tmp/bad"; mkdir "$bad"; copy_db "$SUNLIT_DB" "$bad/sunlit.db"
/usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE cases SET definition_id = 999 WHERE id = ?", (sys.argv[2],)); c.commit()' "$bad/sunlit.db" "$id"
bad_before=$(dump "$bad/sunlit.db")
expect 1 "sunlit: error: no deployed definition has id 999" --db "$bad/sunlit.db" case show "$id"
expect 1 "sunlit: error: no deployed definition has id 999" --db "$bad/sunlit.db" case advance "$id" --action accept --as ann --set area=3
[ "$(dump "$bad/sunlit.db")" = "$bad_before" ] || fail "a case with a missing definition changed"
"$sunlit" --db "$bad/sunlit.db" admin rebuild >/dev/null || fail "rebuild with a missing definition: exit $?"
"$sunlit" --db "$bad/sunlit.db" case show "$id" >/dev/null || fail "rebuild did not restore the case's definition"
expect 1 "sunlit: error: power 'T-1' has no version 99" diff T-1 1 99
expect 1 "sunlit: error: no version of power T-9 is deployed" versions T-9

[ "$(dump)" = "$before" ] || fail "the hostile inputs changed the database"
[ "$status" -eq 0 ] && echo "hostile.sh: all passed"
exit "$status"
