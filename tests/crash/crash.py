#!/usr/bin/env python3
"""Crash safety (issue 6 item 1, docs/robustness.md).

Runs tests/crash/crash_driver.cpp (a real process advancing cases in a loop) again and again and
kills it with SIGKILL at a random moment each time, until --kills kills (failing if that takes
longer than --seconds). Then checks the database:
  1. every acknowledged change is there: each 'open' and 'advance' line of the driver's log has its
     event (same case, same version, same step and action), each 'refused' line a refusal, each
     'fired' line a timer event of its case;
  2. no half action: `sunlit audit verify` (every hash chain) exits 0, `sunlit audit replay` of every
     case exits 0 (the snapshot equals the replay of the events), `sunlit admin rebuild` reports
     0 differing snapshots and leaves the derived tables (cases, open_steps, timers, warnings)
     exactly as the commits wrote them;
  3. then `sunlit serve` is killed --serve-kills times, each run starting 12 hours of case time
     after the last, and every firing it printed must be in the log;
  4. timers due during the outages fired exactly once: no deadline was warned or elapsed twice,
     and after `timers tick` at a time past every deadline a second tick fires nothing.
Usage: crash.py --sunlit BIN --driver BIN --repo ROOT [--kills N] [--seconds S] [--serve-kills N] [--seed N] [--keep DIR]
"""
import argparse
import collections
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

T0 = 1772413200  # 2026-03-02T09:00:00+08:00, a Monday
ACTION_KINDS = ("acted", "signed")  # an action that moves the case on, or one signature of several
RUN_SPACING = 4 * 3600  # each run of the driver starts 4 hours of case time after the last
STEP_MINUTES = 5
ITERATIONS = 40  # 40 x 5 min < 4 h: case time never runs backwards


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Checker:
    def __init__(self, args, db):
        self.args, self.db, self.failures = args, db, []

    def fail(self, text):
        self.failures.append(text)
        print("FAIL: " + text, flush=True)

    def sunlit(self, *argv, now=None):
        env = dict(os.environ, SUNLIT_DB=self.db)
        if now is not None:
            env["SUNLIT_NOW"] = iso(now)
        return subprocess.run([self.args.sunlit, *argv], env=env, capture_output=True, text=True)


def size_of(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


def wait_for_lines(p, path, wanted, offset):
    """Waits until `path` has `wanted` more lines after byte `offset`, or the process ended."""
    seen = 0
    while p.poll() is None and seen < wanted:
        if size_of(path) > offset:
            with open(path, "rb") as f:
                f.seek(offset)
                chunk = f.read()
            seen += chunk.count(b"\n")
            offset += len(chunk)
        else:
            time.sleep(0.001)


def run_driver(args, db, log, run, rng, kill=True):
    """One run, killed after a random number of log lines (1..--max-lines) and a random 0..--max-delay
    seconds more, so the kills fall anywhere in a run whatever the machine's speed. Returns
    'killed' or 'finished' and whether a change was in flight (a 'begin' line last) when killed."""
    start = T0 + run * RUN_SPACING
    before = size_of(log)
    p = subprocess.Popen([args.driver, db, log, iso(start), str(STEP_MINUTES), str(ITERATIONS), str(args.seed + run)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill:
        wait_for_lines(p, log, rng.randint(1, args.max_lines), before)
        time.sleep(rng.uniform(0, args.max_delay))
    if kill and p.poll() is None:
        p.send_signal(signal.SIGKILL)
        p.wait()
        last = []
        if os.path.exists(log):
            with open(log, "rb") as f:
                f.seek(max(0, os.path.getsize(log) - 300))
                last = f.read().decode(errors="replace").splitlines()[-1:]
        return "killed", bool(last) and last[0].startswith("begin")
    p.wait()
    err = p.stderr.read().decode(errors="replace")
    if p.returncode != 0:
        raise SystemExit(f"driver run {run} exited {p.returncode}: {err}")
    return "finished", False


def kill_serve(c, args, end, rng):
    """`sunlit serve` killed with SIGKILL --serve-kills times, each run 12 hours of case time after
    the last, so it starts with the timers that fell due while it was down. Each line it printed
    is an acknowledged firing ('fired CASE')."""
    fired = []
    for k in range(args.serve_kills):
        env = dict(os.environ, SUNLIT_DB=c.db, SUNLIT_NOW=iso(end + (k + 1) * 43200))
        out_path = c.db + ".serve"
        with open(out_path, "w") as out_file:
            p = subprocess.Popen([args.sunlit, "serve", "--poll-ms", "10"], env=env, stdout=out_file,
                                 stderr=subprocess.PIPE, text=True)
            wait_for_lines(p, out_path, 1, 0)  # "serving …": it is open and about to fire
            time.sleep(rng.uniform(0, args.serve_max_delay))  # it prints a batch's lines when the batch is done
            p.send_signal(signal.SIGKILL)
            _, err = p.communicate()
        if err:
            c.fail(f"serve said: {err.strip()}")
        out = open(out_path, encoding="utf-8").read()
        fired += [["fired", l.split()[0]] for l in out.splitlines() if re.match(r"\d{4}-\d{6} ", l)]
    return fired


def read_log(path):
    lines = [l.split("\t") for l in open(path, encoding="utf-8").read().splitlines()]
    return [l for l in lines if l and l[0]]


def events(conn):
    rows = conn.execute("SELECT case_id, seq, version, at, actor, kind, payload FROM events ORDER BY case_id, seq")
    return [dict(case=r[0], seq=r[1], version=r[2], at=r[3], actor=r[4], kind=r[5], payload=json.loads(r[6]))
            for r in rows]


def check_acknowledged(c, log, evs):
    by_case = collections.defaultdict(list)
    for e in evs:
        by_case[e["case"]].append(e)
    fired = collections.Counter()
    refused = collections.Counter()
    counts = collections.Counter(l[0] for l in log)
    for l in log:
        kind = l[0]
        if kind == "open":
            if not any(e["kind"] == "opened" and e["version"] == int(l[2]) for e in by_case[l[1]]):
                c.fail(f"acknowledged open of {l[1]} is missing")
        elif kind == "advance":
            case, version, step, action = l[1], int(l[2]), l[3], l[4]
            if not any(e["kind"] in ACTION_KINDS and e["version"] == version and e["payload"].get("action") == action
                       and e["payload"].get("step") == step for e in by_case[case]):
                c.fail(f"acknowledged action {action} at {step} of {case} (version {version}) is missing")
        elif kind == "refused":
            refused[(l[1], l[3])] += 1
        elif kind == "fired":
            fired[l[1]] += 1
        elif kind == "error" and l[1] != "input":
            c.fail(f"the driver met a {l[1]} error: {l[2]}")
    for (case, action), n in refused.items():
        have = sum(1 for e in by_case[case] if e["kind"] == "refused" and e["payload"].get("action") == action)
        if have < n:
            c.fail(f"{n} acknowledged refusals of {action} on {case}, {have} recorded")
    for case, n in fired.items():
        have = sum(1 for e in by_case[case] if e["kind"] in ("warned", "elapsed"))
        if have < n:
            c.fail(f"{n} acknowledged timer firings on {case}, {have} timer events")
    return counts


def timer_duplicates(evs):
    """Deadlines warned or elapsed more than once (each deadline fires each card once)."""
    seen = collections.Counter()
    for e in evs:
        p = e["payload"]
        if e["kind"] == "warned":
            seen[(e["case"], "warned", p.get("colour"), p.get("scope"), p.get("step"), p.get("due"))] += 1
        elif e["kind"] == "elapsed":
            seen[(e["case"], "elapsed", p.get("step"), p.get("due"))] += 1
    return [k for k, n in seen.items() if n > 1]


DERIVED = {
    "cases": "SELECT id, definition_id, status, outcome, version, snapshot, due_at, warning FROM cases ORDER BY id",
    "open_steps": "SELECT case_id, step, post, department, since, due_at, warning FROM open_steps ORDER BY case_id, step",
    "timers": "SELECT * FROM timers ORDER BY case_id, name",
    "warnings": "SELECT * FROM warnings ORDER BY case_id, seq",
}


def derived(db):
    conn = sqlite3.connect(db)
    try:
        out = {}
        for name, sql in DERIVED.items():
            out[name] = [tuple(json.loads(v) if isinstance(v, str) and v.startswith("{") else v for v in r)
                         for r in conn.execute(sql)]
        return out
    finally:
        conn.close()


def check_consistent(c, now, replay_each=True):
    """Chains, replays and rebuild: no half action anywhere. (`admin rebuild` replays every case
    too; `audit replay` per case, one process each, is the slow part.)"""
    r = c.sunlit("audit", "verify", now=now)
    if r.returncode != 0:
        c.fail(f"audit verify: exit {r.returncode}: {r.stdout}{r.stderr}")
    conn = sqlite3.connect(c.db)
    ids = [r[0] for r in conn.execute("SELECT DISTINCT case_id FROM events ORDER BY case_id")]
    conn.close()
    for case in ids if replay_each else []:
        r = c.sunlit("audit", "replay", case, now=now)
        if r.returncode != 0:
            c.fail(f"audit replay {case}: exit {r.returncode}: {r.stdout[-500:]}{r.stderr}")
    before = derived(c.db)
    r = c.sunlit("admin", "rebuild", now=now)
    if r.returncode != 0 or " 0 snapshots differed" not in r.stdout:
        c.fail(f"admin rebuild: exit {r.returncode}: {r.stdout}{r.stderr}")
    after = derived(c.db)
    for name in DERIVED:
        if before[name] != after[name]:
            diff = [x for x in before[name] if x not in after[name]][:3]
            c.fail(f"rebuild changed table {name} (a half-written change?): e.g. {diff}")
    return len(ids)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sunlit", required=True)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=90)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--serve-kills", type=int, default=50, help="then kill `sunlit serve` this often")
    ap.add_argument("--serve-max-delay", type=float, default=0.5, help="longest life of serve, seconds")
    ap.add_argument("--max-lines", type=int, default=60, help="most driver log lines before a kill")
    ap.add_argument("--max-delay", type=float, default=0.02, help="longest extra wait before a kill, seconds")
    ap.add_argument("--keep", help="work in this directory and keep it")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="sunlit-crash-")
    os.makedirs(work, exist_ok=True)
    db, log = os.path.join(work, "crash.db"), os.path.join(work, "driver.log")
    for f in (db, db + "-wal", db + "-shm", log):
        if os.path.exists(f):
            os.remove(f)
    c = Checker(args, db)
    r = c.sunlit("deploy", os.path.join(args.repo, "tests/data/cases/shop.yaml"),
                 os.path.join(args.repo, "tests/data/cases/clock.yaml"),
                 os.path.join(args.repo, "tests/data/cases/town.org.yaml"), now=T0)
    if r.returncode != 0:
        raise SystemExit(f"deploy: {r.stderr}")

    rng = random.Random(args.seed)
    began = time.monotonic()
    kills = finished = in_flight = run = 0
    while kills < args.kills and time.monotonic() - began < args.seconds:
        outcome, busy = run_driver(args, db, log, run, rng)
        run += 1
        if outcome == "killed":
            kills += 1
            in_flight += busy
        else:
            finished += 1
    crash_seconds = time.monotonic() - began
    if kills < args.kills:
        c.fail(f"only {kills} kills in {args.seconds:.0f} s (wanted {args.kills})")

    # One last clean run: its first tick fires what fell due during the last outage.
    end = T0 + run * RUN_SPACING
    run_driver(args, db, log, run, rng, kill=False)
    lines = read_log(log)
    if lines[-1] != ["done"]:
        c.fail(f"the last driver run did not finish: {lines[-1]}")
    served = kill_serve(c, args, end, rng)
    lines += served
    conn = sqlite3.connect(db)
    evs = events(conn)
    conn.close()
    counts = check_acknowledged(c, lines, evs)
    cases = check_consistent(c, end)
    dups = timer_duplicates(evs)
    if dups:
        c.fail(f"{len(dups)} deadlines fired more than once, e.g. {dups[:3]}")

    # Every deadline is passed: the first tick fires the rest, the second nothing.
    late = end + (args.serve_kills + 1) * 43200 + 120 * 86400
    first = c.sunlit("timers", "tick", now=late)
    second = c.sunlit("timers", "tick", now=late)
    if first.returncode != 0 or second.returncode != 0 or not second.stdout.startswith("fired 0 timers"):
        c.fail(f"late ticks: {first.returncode} {first.stdout[-300:]} {first.stderr} / "
               f"{second.returncode} {second.stdout} {second.stderr}")
    conn = sqlite3.connect(db)
    evs = events(conn)
    pending = conn.execute("SELECT count(*) FROM timers WHERE due_at <= ?", (late,)).fetchone()[0]
    conn.close()
    if pending:
        c.fail(f"{pending} timers still due after two ticks")
    dups = timer_duplicates(evs)
    if dups:
        c.fail(f"after the late ticks {len(dups)} deadlines fired more than once, e.g. {dups[:3]}")
    check_consistent(c, late, replay_each=False)

    timer_events = sum(1 for e in evs if e["kind"] in ("warned", "elapsed"))
    m = re.search(r"^fired (\d+) timers?", first.stdout, re.MULTILINE)
    late_fired = m.group(1) if m else "?"
    print(f"crash: {kills} kills ({in_flight} with a change in flight) and {finished} runs that finished "
          f"in {crash_seconds:.1f} s ({kills / crash_seconds:.1f} kills/s), then {args.serve_kills} kills of serve ({len(served)} firings printed); acknowledged {counts['open']} opens, {counts['advance']} actions, "
          f"{counts['refused']} refusals, {counts['fired']} timer firings; {cases} cases, {len(evs)} events, "
          f"{timer_events} timer events, all present; chains, replays and rebuild agree; "
          f"late tick fired {late_fired}, the second 0"
          + ("" if not c.failures else f"; {len(c.failures)} FAILURES"), flush=True)
    if not args.keep and not c.failures:
        for f in os.listdir(work):
            os.remove(os.path.join(work, f))
        os.rmdir(work)
    elif c.failures:
        print(f"database and log kept in {work}")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
