# What every command-line test begins with; sourced, not a test itself:
#   . "$(dirname "$0")/lib/common.sh" "$@"
# Takes the test's arguments (the sunlit binary, the repository root, which becomes the working
# folder), defines fail (the test then exits with $status), a temporary folder removed at exit,
# the database in it and a fixed clock (a test may export another SUNLIT_NOW after this), and
# dump, a fingerprint of every table's content.
set -u
sunlit="$1"
cd "$2" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SUNLIT_DB="$tmp/sunlit.db"
export SUNLIT_NOW=2026-03-02T09:00
dump() { /usr/bin/python3 -c 'import sqlite3,sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "$SUNLIT_DB"; }
