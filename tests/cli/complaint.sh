#!/usr/bin/env bash
# Complaints from the command line (issue 5 item 6): `complaint file` opens a petition case
# routed by the case's channel and linked both ways; exact messages for bad input, which stores
# nothing; `complaint list`; the link survives `admin rebuild`.
# Usage: bash complaint.sh <path-to-sunlit> <repo-root>
. "$(dirname "$0")/lib/common.sh" "$@"
# expect CODE "STDERR" sunlit-args…: exit code and exact stderr.
expect() {
  local code=$1 msg=$2; shift 2
  local err rc
  err=$("$sunlit" "$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq "$code" ] || fail "sunlit $*: exit $rc, expected $code ($err)"
  [ "$err" = "$msg" ] || fail "sunlit $*: stderr '$err', expected '$msg'"
}

"$sunlit" deploy tests/data/cases/town.org.yaml tests/data/publish/permit.yaml --as designer >/dev/null || fail "deploy"
"$sunlit" case open T-PUB --party 张三 >/dev/null || fail "open"

# The petition process not deployed yet: said plainly, nothing stored.
before=$(dump)
expect 1 "sunlit: error: the complaint process XC-XF-QT-001 is not deployed (deploy processes/petition.yaml first)" \
  complaint file 2026-000001 --channel hotline --text 没有答复
"$sunlit" deploy processes/xicheng.org.yaml processes/petition.yaml --as designer >/dev/null || fail "deploy petition"
before=$(dump)
expect 1 "sunlit: error: case 2026-000001 (T-PUB) has no complaint channel 'hotlin'; did you mean 'hotline'?; its channels: court, hotline" \
  complaint file 2026-000001 --channel hotlin --text 没有答复
expect 1 "sunlit: error: case 2026-000001 (T-PUB) has no complaint channel 'mayor'; its channels: court, hotline" \
  complaint file 2026-000001 --channel mayor --text 没有答复
expect 1 "sunlit: error: unknown case '2026-999999'" complaint file 2026-999999 --channel hotline --text 没有答复
expect 1 "sunlit: error: a complaint needs its text (--text TEXT)" complaint file 2026-000001 --channel hotline --text ""
expect 1 "sunlit: error: unknown official 'nobody'" complaint file 2026-000001 --channel hotline --text x --as nobody
expect 1 "sunlit: error: the complaint process NO-SUCH is not deployed (deploy its flowchart first)" \
  complaint file 2026-000001 --channel hotline --text x --process NO-SUCH
[ "$(dump)" = "$before" ] || fail "refused complaints changed the database"

out=$("$sunlit" --now 2026-03-02T10:00 complaint file 2026-000001 --channel hotline --text 等了一个月没有答复 --as tang_yu); rc=$?
[ $rc -eq 0 ] || fail "file: exit $rc"
[ "$out" = "filed complaint 2026-000002 about case 2026-000001: 信访事项的受理和办理 (XC-XF-QT-001 version 1) for 张三
  channel hotline (hotline): Town hotline — 12345
  register 登记与分流 Register and route — post pt_intake 信访登记岗 Registration
      deadline: ends 2026-03-17 24:00 · 16 days left (信访工作条例第二十二条、第二十三条)" ] || fail "file output:
$out"

# The opened event carries the link (the convention reports count by).
payload=$(/usr/bin/python3 -c 'import sqlite3,sys,json; p=json.loads(sqlite3.connect(sys.argv[1]).execute("select payload from events where case_id=? and seq=1",("2026-000002",)).fetchone()[0]); print(p["complaint_of"], p["channel"], p["text"], p["body"], p["data"]["related_case"])' "$SUNLIT_DB")
[ "$payload" = "2026-000001 hotline 等了一个月没有答复 Town hotline 2026-000001" ] || fail "opened payload: $payload"

out=$("$sunlit" complaint list 2026-000001)
[ "$out" = "2026-000002  about 2026-000001  channel hotline  XC-XF-QT-001  opened 2026-03-02T10:00:00+08:00  open
1 complaint" ] || fail "list: $out"
out=$("$sunlit" complaint list 2026-000001 --json | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(len(r), r[0]["complaint"], r[0]["complaint_of"], r[0]["status"])')
[ "$out" = "1 2026-000002 2026-000001 open" ] || fail "list --json: $out"
out=$("$sunlit" complaint list 2026-000002)
[ "$out" = "0 complaints" ] || fail "list of the complaint itself: $out"
expect 1 "sunlit: error: unknown case '2026-000009'" complaint list 2026-000009

# `case show` of the original case names its complaints (text and JSON).
out=$("$sunlit" case show 2026-000001 | sed -n '/^complaints$/,/^data$/p')
[ "$out" = "complaints
  2026-000002
data" ] || fail "case show complaints: $out"
out=$("$sunlit" case show 2026-000001 --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["complaints"])')
[ "$out" = "['2026-000002']" ] || fail "case show --json complaints: $out"

# The complaint runs as a petition case; the link survives a rebuild.
"$sunlit" case advance 2026-000002 --action accept --as tang_yu --set petition_kind=complaint_request >/dev/null || fail "accept"
"$sunlit" admin rebuild >/dev/null || fail "rebuild"
out=$("$sunlit" complaint list)
[ "$out" = "2026-000002  about 2026-000001  channel hotline  XC-XF-QT-001  opened 2026-03-02T10:00:00+08:00  open
1 complaint" ] || fail "list after rebuild: $out"
"$sunlit" audit verify >/dev/null || fail "verify"

# Usage errors.
"$sunlit" complaint file 2026-000001 --text x >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --channel: not exit 2"
"$sunlit" complaint >/dev/null 2>&1; [ $? -eq 2 ] || fail "no subcommand: not exit 2"
exit $status
