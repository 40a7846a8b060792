#!/usr/bin/env bash
# The case benchmark of issue 3: sunlit (bench_cases) and the Node.js bpmn-engine peer, side by side.
#
# Usage: bench/cases.sh            (from anywhere; runs in the repository root)
# Environment (all optional):
#   SUNLIT_BUILD_DIR  build folder (default build, configured as scripts/build.sh does if absent)
#   CASES             sunlit durable cases per durability (default 10000; 10 steps each)
#   MAX_SECONDS       bound of each sunlit durable run and each floor run (default 90: FULL is
#                     fsync-bound, ~11 fsyncs per case, so it may stop before CASES; the count is reported)
#   PEER_MAX_SECONDS  bound of the peer's throughput run (default 120; the case count done is reported)
#   REPS              sunlit in-memory cases (default 100000)
#   FLOOR_COMMITS     SQLite floor transactions per durability (default 20000)
#   LIVE              sunlit open cases kept in memory for bytes per case (default 10000)
#   PEER_CASES        bpmn-engine cases (default 1000; 10 user-task signals each)
#   PEER_LIVE         bpmn-engine cases left waiting for heap per case (default 200)
#   CLI_RUNS          `sunlit case advance` processes timed (default 200)
#   GROUP             threads of the group-commit run (default 16: officials acting at once)
#   PAIRED_ROUNDS     rounds of the floor and sunlit FULL taking turns (default 10; CASES cases and
#                     FLOOR_COMMITS commits split over them), the floor goal's measure
#   BPMN_ENGINE       npm spec of the peer (default bpmn-engine, i.e. the registry's latest)
#   SCRATCH           scratch folder (default $SUNLIT_BUILD_DIR/bench-cases; never committed)
# Needs: cmake, a C++ compiler, python3 (the table); node + npm for the peer (skipped if absent).
# On 2 cores the defaults take about 5 minutes, most of it the synchronous=FULL run and the peer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${SUNLIT_BUILD_DIR:-build}
CASES=${CASES:-10000}
MAX_SECONDS=${MAX_SECONDS:-90}
PEER_MAX_SECONDS=${PEER_MAX_SECONDS:-120}
REPS=${REPS:-100000}
FLOOR_COMMITS=${FLOOR_COMMITS:-20000}
LIVE=${LIVE:-10000}
PEER_CASES=${PEER_CASES:-1000}
PEER_LIVE=${PEER_LIVE:-200}
CLI_RUNS=${CLI_RUNS:-200}
GROUP=${GROUP:-16}
PAIRED_ROUNDS=${PAIRED_ROUNDS:-10}
BPMN_ENGINE=${BPMN_ENGINE:-bpmn-engine}
SCRATCH=${SCRATCH:-$BUILD/bench-cases}

say() { printf '%s\n' "$*" >&2; }

mkdir -p "$SCRATCH"
SCRATCH=$(cd "$SCRATCH" && pwd)
OUT="$SCRATCH/results"
rm -rf "$OUT"
mkdir -p "$OUT"

# ---- build ---------------------------------------------------------------------------------------
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  say "configuring $BUILD (as scripts/build.sh does)"
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
say "building bench_cases and sunlit in $BUILD"
cmake --build "$BUILD" --target bench_cases bench_spawn -j"$(nproc)" >&2
cmake --build "$BUILD" --target sunlit -j"$(nproc)" >&2 || say "warning: the sunlit CLI did not build; its timing is skipped"
BENCH="$BUILD/bench/bench_cases"
[ -x "$BENCH" ] || BENCH="$BUILD/bench_cases"
SUNLIT="$BUILD/sunlit"
SPAWN="$BUILD/bench/bench_spawn"

# ---- machine -------------------------------------------------------------------------------------
{
  echo "{"
  echo "\"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "\"nproc\": $(nproc),"
  echo "\"cpu\": \"$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)\","
  echo "\"mem_kb\": $(awk '/MemTotal/ {print $2}' /proc/meminfo),"
  echo "\"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "\"build_type\": \"$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt")\""
  echo "}"
} >"$OUT/machine.json"

# ---- sunlit: one process per measure, so each peak RSS is its own ---------------------------------
DBDIR="$SCRATCH/db"
mkdir -p "$DBDIR"
say "sunlit durable, synchronous=FULL: $CASES cases"
"$BENCH" --durable --sync full --cases "$CASES" --max-seconds "$MAX_SECONDS" --dir "$DBDIR" --json >"$OUT/durable-full.json"
say "SQLite floor and sunlit durable FULL taking turns: $PAIRED_ROUNDS rounds"
"$BENCH" --paired "$PAIRED_ROUNDS" --cases "$CASES" --floor-commits "$FLOOR_COMMITS" --max-seconds "$MAX_SECONDS" \
  --dir "$DBDIR" --json >"$OUT/paired.json"
say "sunlit durable, synchronous=NORMAL: $CASES cases"
"$BENCH" --durable --sync normal --cases "$CASES" --max-seconds "$MAX_SECONDS" --dir "$DBDIR" --json >"$OUT/durable-normal.json"
say "sunlit durable, group commit over $GROUP threads: $CASES cases"
"$BENCH" --durable --sync none --group "$GROUP" --cases "$CASES" --max-seconds "$MAX_SECONDS" --dir "$DBDIR" --json >"$OUT/durable-group.json"
say "sunlit in memory: $REPS cases"
"$BENCH" --memory --reps "$REPS" --json >"$OUT/memory.json"
say "SQLite floor: $FLOOR_COMMITS commits per durability"
"$BENCH" --floor --floor-commits "$FLOOR_COMMITS" --max-seconds 30 --dir "$DBDIR" --json >"$OUT/floor.json"
"$BENCH" --floor --sync none --group "$GROUP" --floor-commits "$FLOOR_COMMITS" --max-seconds 30 --dir "$DBDIR" --json >"$OUT/floor-group.json"
say "sunlit memory per open case: $LIVE cases"
"$BENCH" --rss --live "$LIVE" --json >"$OUT/rss.json"
rm -f "$DBDIR"/*.db "$DBDIR"/*.db-wal "$DBDIR"/*.db-shm

# ---- the peer ------------------------------------------------------------------------------------
PEERDIR="$SCRATCH/peer"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  say "installing $BPMN_ENGINE into $PEERDIR (npm registry)"
  mkdir -p "$PEERDIR"
  if npm install --prefix "$PEERDIR" --no-audit --no-fund --loglevel=error "$BPMN_ENGINE" >&2; then
    say "peer: $PEER_CASES cases, $PEER_LIVE live"
    rm -rf "$PEERDIR/state"
    node --expose-gc bench/peer/run.js --modules "$PEERDIR" --cases "$PEER_CASES" --live "$PEER_LIVE" --max-seconds "$PEER_MAX_SECONDS" \
      --scratch "$PEERDIR/state" >"$OUT/peer.json"
    rm -rf "$PEERDIR/state"
  else
    say "peer: npm install of $BPMN_ENGINE failed; sunlit's side only"
  fi
else
  say "peer: node and npm are needed for the bpmn-engine peer (not found); sunlit's side only"
fi

# ---- `sunlit case advance` as a whole process ----------------------------------------------------
# Each run advances another case at its first step (accept, by ann) on a prepared FULL database.
# If this build's CLI has no `case` command, the proxy `bench_cases --advance-one` (the same store
# open + CaseService::advance + one printed line, without CLI11) is timed instead and labelled so.
time_advance() {  # $1: "cli" or "proxy"; each process timed by bench_spawn (posix_spawn + waitpid)
  local clidb="$SCRATCH/cli.db"
  "$BENCH" --prepare "$clidb" --cases $((CLI_RUNS + 1)) >"$OUT/cli-ids.txt"
  if [ "$1" = cli ]; then  # the first run warms the page cache and is not counted
    "$SPAWN" --ids "$OUT/cli-ids.txt" -- "$SUNLIT" --db "$clidb" --now 2026-03-02T09:00 case advance {} --action done --as ann >"$OUT/cli-ns.txt"
  else
    "$SPAWN" --ids "$OUT/cli-ids.txt" -- "$BENCH" --advance-one "$clidb" {} >"$OUT/cli-ns.txt"
  fi
  rm -f "$clidb" "$clidb-wal" "$clidb-shm"
}
if [ -x "$SUNLIT" ] && "$SUNLIT" case advance --help 2>&1 | grep -q -- "--action"; then
  say "timing $CLI_RUNS runs of 'sunlit case advance'"
  echo '"sunlit case advance"' >"$OUT/cli-label.json"
  time_advance cli
else
  say "this build of sunlit has no 'case advance' command: timing the proxy 'bench_cases --advance-one' instead"
  echo '"proxy: bench_cases --advance-one (this CLI has no case command)"' >"$OUT/cli-label.json"
  time_advance proxy
fi
# ---- `sunlit case batch`: the same steps from a file through the CLI, with group commit --------
# Openings first (one job: numbered 2026-000001… in file order), then the ten steps of every case,
# step by step across the cases, with $GROUP jobs; every line is answered once it is on disk.
if [ -x "$SUNLIT" ] && "$SUNLIT" case batch --help >/dev/null 2>&1; then
  say "timing 'sunlit case batch' over $CASES cases x 10 steps (--jobs $GROUP)"
  "$BENCH" --write-batch "$SCRATCH/batch" --cases "$CASES"
  bdb="$SCRATCH/batch.db"
  rm -f "$bdb" "$bdb-wal" "$bdb-shm"
  "$SUNLIT" --db "$bdb" deploy "$ROOT/bench/data" --as bench >/dev/null
  "$SUNLIT" --db "$bdb" --now 2026-03-02T09:00 case batch "$SCRATCH/batch/opens.jsonl" --jobs 1 >/dev/null
  t0=$(date +%s%N)
  "$SUNLIT" --db "$bdb" --now 2026-03-02T09:00 case batch "$SCRATCH/batch/steps.jsonl" --jobs "$GROUP" >"$SCRATCH/batch/out.txt"
  rc=$?
  t1=$(date +%s%N)
  done_line=$(tail -1 "$SCRATCH/batch/out.txt")
  steps=$(wc -l <"$SCRATCH/batch/steps.jsonl")
  echo "{\"steps\": $steps, \"jobs\": $GROUP, \"exit\": $rc, \"seconds\": $(( (t1 - t0) / 1000 ))e-6, \"summary\": \"$done_line\"}" >"$OUT/batch.json"
  rm -f "$bdb" "$bdb-wal" "$bdb-shm"
fi
# The floor of any process: `sunlit --version` starting and exiting, and /bin/true, timed the same way.
if [ -x "$SUNLIT" ]; then "$SPAWN" --runs 100 -- "$SUNLIT" --version >"$OUT/cli-version-ns.txt"; fi
"$SPAWN" --runs 100 -- /bin/true >"$OUT/true-ns.txt"
echo "\"$(cut -d' ' -f1-3 /proc/loadavg)\"" >"$OUT/load-after.json"

# ---- the table -----------------------------------------------------------------------------------
python3 "$ROOT/bench/peer/table.py" "$OUT"
