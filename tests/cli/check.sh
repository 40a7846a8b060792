#!/usr/bin/env bash
# `sunlit check`: exact output on a broken file, summary, --json, exit codes 0/1/2/3.
# Usage: bash check.sh <path-to-sunlit> <repo-root>
set -u
sunlit="$1"
cd "$2" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

# Exact output on a small broken file (errors with did-you-mean, two warnings).
out="$("$sunlit" check tests/data/broken)"; rc=$?
expected="tests/data/broken/broken.yaml:6:13: error: unknown value 'licence' for 'category' in power; did you mean 'license'?
  category: licence
            ^
tests/data/broken/broken.yaml:15:8: warning: the step limits on accept → done add up to 10 workdays, more than the case limit of 5 workdays
limit: {amount: 5, unit: workdays, article: 第四十二条}
       ^
tests/data/broken/broken.yaml:20:12: warning: time limit has no article
    limit: {amount: 10, unit: workdays}
           ^
tests/data/broken/broken.yaml:28:11: error: unknown step 'acept'; did you mean 'accept'?
    step: acept
          ^
2 files checked: 2 errors, 2 warnings"
[ "$rc" -eq 1 ] || fail "broken: exit $rc, expected 1"
if [ "$out" != "$expected" ]; then
  fail "broken: output differs"
  diff <(echo "$expected") <(echo "$out")
fi

# Valid files: exit 0 and a clean summary with singular/plural right.
out="$("$sunlit" check tests/data/valid)"; rc=$?
[ "$rc" -eq 0 ] || fail "valid: exit $rc, expected 0: $out"
[ "$out" = "4 files checked: 0 errors, 0 warnings" ] || fail "valid: summary '$out'"
out="$("$sunlit" check tests/data/valid/license.yaml)"; rc=$?
[ "$rc" -eq 0 ] || fail "one file: exit $rc"
[ "$out" = "2 files checked: 0 errors, 0 warnings" ] || fail "one file (+ its organisation): summary '$out'"

# --json parses and has the documented keys.
json="$("$sunlit" check --json tests/data/broken)"; rc=$?
[ "$rc" -eq 1 ] || fail "--json: exit $rc, expected 1"
echo "$json" | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
assert set(j) == {"files", "errors", "warnings", "diagnostics"}, j.keys()
assert j["errors"] == 2 and j["warnings"] == 2, j
assert j["files"] == ["tests/data/broken/broken.yaml", "tests/data/broken/xicheng.org.yaml"], j["files"]
d = j["diagnostics"][0]
assert (d["line"], d["col"], d["severity"]) == (6, 13, "error"), d
assert all(k in d for k in ("file", "code", "message")), d
' || fail "--json: bad document"

# Usage errors exit 2; an unreadable path exits 3 with the io finding.
"$sunlit" >/dev/null 2>&1; rc=$?; [ "$rc" -eq 2 ] || fail "no subcommand: exit $rc, expected 2"
"$sunlit" check >/dev/null 2>&1; rc=$?; [ "$rc" -eq 2 ] || fail "check without paths: exit $rc, expected 2"
"$sunlit" check --bogus tests/data/valid >/dev/null 2>&1; rc=$?; [ "$rc" -eq 2 ] || fail "unknown option: exit $rc"
"$sunlit" frobnicate >/dev/null 2>&1; rc=$?; [ "$rc" -eq 2 ] || fail "unknown command: exit $rc"
out="$("$sunlit" check tests/data/no-such-file.yaml)"; rc=$?
[ "$rc" -eq 3 ] || fail "missing file: exit $rc, expected 3"
[ "$out" = "tests/data/no-such-file.yaml: error: cannot read file: No such file or directory
1 file checked: 1 error, 0 warnings" ] || fail "missing file: output '$out'"

# --help and --version exit 0.
"$sunlit" --help >/dev/null; rc=$?; [ "$rc" -eq 0 ] || fail "--help: exit $rc"
out="$("$sunlit" --version)"; rc=$?
[ "$rc" -eq 0 ] || fail "--version: exit $rc"
case "$out" in "sunlit "[0-9]*) ;; *) fail "--version printed '$out'" ;; esac

[ "$status" -eq 0 ] && echo "check.sh: all passed"
exit "$status"
