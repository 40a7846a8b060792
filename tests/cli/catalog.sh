#!/usr/bin/env bash
# `sunlit catalog`: public output never shows the confidential fixture; csv, json, --confidential.
# Usage: bash catalog.sh <path-to-sunlit> <repo-root>
set -u
sunlit="$1"
cd "$2" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
secret_name="Classified Fixture Power"
secret_code="XC-TEST-SECRET-9"

for format in table csv json; do
  out="$("$sunlit" catalog tests/data/valid --format "$format")"; rc=$?
  [ "$rc" -eq 0 ] || fail "$format: exit $rc"
  if grep -qF -e "$secret_name" -e "$secret_code" -e "涉及国家秘密" <<<"$out"; then
    fail "$format: public catalog shows the confidential power"
  fi
  grep -qF "食品经营许可" <<<"$out" || fail "$format: public power missing"
done

table="$("$sunlit" catalog tests/data/valid)"
grep -qxF "Catalog of powers (职权目录): 2 powers, 2 flowcharts" <<<"$table" || fail "table: heading"
grep -qF "9 internal 内部管理           0           0" <<<"$table" || fail "table: confidential power counted in statistics"
grep -qF "total 合计                    2           2" <<<"$table" || fail "table: total"

csv="$("$sunlit" catalog tests/data/valid --format csv)"
[ "$(head -n1 <<<"$csv" | tr -d '\r')" = "code,name,category,basis,body,office,responsible,initiation,disclosure_form,disclosure_scope,disclosure_time,fee_basis,fee_standard,risk,flowcharts" ] \
  || fail "csv: header"
grep -qF '"执法科, ""一队"""' <<<"$csv" || fail "csv: RFC 4180 quoting"
"$sunlit" catalog tests/data/valid --format csv | /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert len(rows) == 3 and all(len(r) == 15 for r in rows), rows
assert rows[1][5] == "执法科, \"一队\"", rows[1]
' || fail "csv: does not parse as 3 rows of 15 fields"

"$sunlit" catalog tests/data/valid --format json | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
assert [p["code"] for p in j["powers"]] == ["XC-TEST-CF-001", "XC-TEST-XK-001"], j["powers"]
cats = j["statistics"]["categories"]
assert len(cats) == 9 and cats[8]["category"] == "internal" and cats[8]["powers"] == 0, cats
assert j["statistics"]["total"] == {"powers": 2, "flowcharts": 2}, j["statistics"]["total"]
' || fail "json: bad document"

conf="$("$sunlit" catalog tests/data/valid --confidential)"; rc=$?
[ "$rc" -eq 0 ] || fail "--confidential: exit $rc"
grep -qF "$secret_name" <<<"$conf" || fail "--confidential: secret power missing"
grep -qF "涉及国家秘密" <<<"$conf" || fail "--confidential: reason missing"
grep -qF "XC-TEST-XK-001" <<<"$conf" && fail "--confidential: shows a public power"
"$sunlit" catalog tests/data/valid --confidential --format json | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
assert list(j) == ["confidential"] and j["confidential"][0]["code"] == "XC-TEST-SECRET-9", j
' || fail "--confidential json"

"$sunlit" catalog tests/data/broken >/dev/null 2>&1; rc=$?; [ "$rc" -eq 1 ] || fail "broken: exit $rc, expected 1"
"$sunlit" catalog tests/data/valid --format xml >/dev/null 2>&1; rc=$?; [ "$rc" -eq 2 ] || fail "bad format: exit $rc"
"$sunlit" catalog tests/data/nowhere >/dev/null 2>&1; rc=$?; [ "$rc" -eq 3 ] || fail "missing dir: exit $rc, expected 3"

[ "$status" -eq 0 ] && echo "catalog.sh: all passed"
exit "$status"
