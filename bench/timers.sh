#!/usr/bin/env bash
# The timer benchmark of issue 4: 1,000,000 pending timers in one database (bench_timers).
#
# Usage: bench/timers.sh            (from anywhere; runs in the repository root)
# Environment (all optional):
#   SUNLIT_BUILD_DIR  build folder (default build; must hold sunlit and bench/bench_timers)
#   TIMERS            pending timers to generate (default 1000000; 3 per case)
#   FIRE              due timers fired per run (default 100000)
#   FIRE_FULL         due timers fired by the synchronous=FULL run (default FIRE; FULL is fsync-bound)
#   SYNCS             durabilities of the firing run (default "normal full")
#   REPS              in-process idle ticks (default 1000)
#   CLI_RUNS          `sunlit timers tick` processes timed (default 20)
#   IDLE_SECONDS      how long `sunlit serve` is watched idle (default 10)
#   SCRATCH           scratch folder (default $SUNLIT_BUILD_DIR/bench-timers; never committed)
# The generated database is kept in SCRATCH and reused by later runs; each firing run works
# on a copy, so every run starts from the same 1,000,000 pending timers.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${SUNLIT_BUILD_DIR:-build}
TIMERS=${TIMERS:-1000000}
FIRE=${FIRE:-100000}
FIRE_FULL=${FIRE_FULL:-$FIRE}
SYNCS=${SYNCS:-normal full}
REPS=${REPS:-1000}
CLI_RUNS=${CLI_RUNS:-20}
IDLE_SECONDS=${IDLE_SECONDS:-10}
SCRATCH=${SCRATCH:-$BUILD/bench-timers}
SUNLIT=$BUILD/sunlit
BENCH=$BUILD/bench/bench_timers
say() { printf '%s\n' "$*" >&2; }
mkdir -p "$SCRATCH"
BASE=$SCRATCH/base-$TIMERS.db
START=2026-01-05T09:00

if [ ! -f "$BASE" ]; then
  say "generating $TIMERS pending timers in $BASE ..."
  "$BENCH" --prepare "$BASE.tmp" --timers "$TIMERS" --json > "$SCRATCH/prepare.json"
  mv "$BASE.tmp" "$BASE"
fi
say "idle tick in process ($REPS reps) ..."
"$BENCH" --idle "$BASE" --reps "$REPS" --json > "$SCRATCH/idle.json"

say "idle tick as a process ($CLI_RUNS runs) ..."
/usr/bin/python3 - "$SUNLIT" "$BASE" "$START" "$CLI_RUNS" > "$SCRATCH/cli.json" <<'PY'
import json, statistics, subprocess, sys, time
sunlit, db, start, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def timed(args):
    t0 = time.perf_counter(); subprocess.run(args, check=True, stdout=subprocess.DEVNULL); return (time.perf_counter() - t0) * 1000
tick = [timed([sunlit, "--db", db, "--now", start, "timers", "tick"]) for _ in range(runs)]
bare = [timed([sunlit, "--version"]) for _ in range(runs)]
print(json.dumps({"tick_median_ms": statistics.median(tick), "version_median_ms": statistics.median(bare)}))
PY

say "serve idle for ${IDLE_SECONDS}s ..."
"$SUNLIT" --db "$BASE" --now "$START" serve > "$SCRATCH/serve.log" &
pid=$!
sleep 2
read -r u0 s0 < <(awk '{print $14, $15}' /proc/$pid/stat)
sleep "$IDLE_SECONDS"
read -r u1 s1 < <(awk '{print $14, $15}' /proc/$pid/stat)
kill -TERM $pid; wait $pid
hz=$(getconf CLK_TCK)
echo "{\"seconds\": $IDLE_SECONDS, \"cpu_ticks\": $(( (u1 + s1) - (u0 + s0) )), \"hz\": $hz}" > "$SCRATCH/serve.json"

for sync in $SYNCS; do
  n=$FIRE; [ "$sync" = full ] && n=$FIRE_FULL
  say "firing $n timers ($sync) ..."
  cp "$BASE" "$SCRATCH/fire-$sync.db"
  rm -f "$SCRATCH/fire-$sync.db-wal" "$SCRATCH/fire-$sync.db-shm"
  "$BENCH" --fire "$SCRATCH/fire-$sync.db" --count "$n" --sync "$sync" --json > "$SCRATCH/fire-$sync.json"
  rm -f "$SCRATCH/fire-$sync.db"*
done

/usr/bin/python3 - "$SCRATCH" "$SYNCS" "$BASE" <<'PY'
import json, os, sys
d, syncs, base = sys.argv[1], sys.argv[2].split(), sys.argv[3]
load = lambda n: json.load(open(os.path.join(d, n)))
idle, cli, serve = load("idle.json"), load("cli.json"), load("serve.json")
prep = load("prepare.json") if os.path.exists(os.path.join(d, "prepare.json")) else {}
timers = prep.get("timers", 0)
rows = []
rows.append(("pending timers in the database", f"{timers:,}" if timers else "?", "1,000,000"))
if prep: rows.append(("generation (real cases via CaseService::open, NORMAL)", f"{prep['cases']:,} cases in {prep['seconds']:.0f} s ({prep['opens_per_s']:,.0f} opens/s)", ""))
rows.append(("file size / bytes per pending timer", f"{os.path.getsize(base)/1e6:,.0f} MB / {os.path.getsize(base)/max(timers,1):,.0f}", ""))
rows.append(("idle tick in process, median (p90)", f"{idle['tick_median_ms']:.3f} ms ({idle['tick_p90_ms']:.3f})", "< 5 ms"))
rows.append(("  Store::next_due alone, median", f"{idle['next_due_median_ms']:.3f} ms", ""))
rows.append(("idle `sunlit timers tick` process, median", f"{cli['tick_median_ms']:.2f} ms", "< 5 ms"))
rows.append(("  bare `sunlit --version`, median", f"{cli['version_median_ms']:.2f} ms", ""))
for s in syncs:
    f = load(f"fire-{s}.json")
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(f["first_due_kinds"].items()))
    rows.append((f"fire {f['fired']:,} due timers ({s.upper()})", f"{f['timers_per_s']:,.0f} timers/s ({f['seconds']:.1f} s)", ">= half the advance rate"))
    rows.append(("  kinds fired / events / warnings raised", f"{kinds} / {f['events_written']:,} / {f['warnings_raised']:,}", ""))
cpu = serve["cpu_ticks"] / serve["hz"]
rows.append((f"`sunlit serve` idle CPU over {serve['seconds']} s", f"{cpu:.2f} s CPU ({100*cpu/serve['seconds']:.2f}%)", "near zero"))
w = max(len(r[0]) for r in rows); v = max(len(r[1]) for r in rows)
print(f"| {'measure'.ljust(w)} | {'result'.ljust(v)} | goal |")
print(f"|{'-'*(w+2)}|{'-'*(v+2)}|------|")
for r in rows: print(f"| {r[0].ljust(w)} | {r[1].ljust(v)} | {r[2]} |")
PY
