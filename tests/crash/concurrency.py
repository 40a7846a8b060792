#!/usr/bin/env python3
"""Concurrency (issue 6 item 2, docs/robustness.md).

Several processes on one database at once, for --rounds rounds of --seconds each: --workers
threads each running `sunlit case show` then `sunlit case advance` on random cases of the round
(half of the time two advance processes fire the same action on the same case at the same
moment, as two officials would), a thread running `sunlit timers tick` in a loop, and
`sunlit serve` firing the same timers (stopped with SIGTERM and started again every second).
Each round opens --cases cases, then its case time (each process's --now) runs through 21 days
while the round lasts, so deadlines fall due while officials act: actions race the timers.
Then checks:
  - every process's exit code is documented and its message is the documented text for it:
    0; 1 (the step moved on: 'no open step offers action', 'step … is not open', 'is closed');
    4 (refused, recorded); 5 (conflict: 'changed since you loaded it … reload and try again');
    6 (busy: 'is busy (another sunlit is writing to it); try again'); no output mentions 'locked'
    or SQLite;
  - every attempt committed exactly once or not at all: per case, the 'acted' events equal the
    advances that exited 0 (each at the version it printed), the 'refused' events equal the exits
    4, the 'opened' events the opens, and the timer events what tick and serve said they fired;
  - no deadline fired twice; chains verify; every replay equals its snapshot; rebuild finds 0;
  - while another connection holds the write lock for 7 s, every writing command (open, advance,
    tick, anchor, rebuild, deploy) answers busy (exit 6, the documented text) after the bounded
    wait, not later, and the database is unchanged.
Usage: concurrency.py --sunlit BIN --repo ROOT [--rounds N] [--seconds S] [--workers N] [--cases N]
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
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash import ACTION_KINDS, Checker, check_consistent, events, iso, timer_duplicates  # noqa: E402

T0 = 1772413200  # 2026-03-02T09:00:00+08:00
ROUND_SPACING = 40 * 86400
SPAN = 21 * 86400  # case time covered by one round: the first deadlines of its cases pass meanwhile

DOCUMENTED = {
    1: re.compile(r"sunlit: error: (no open step offers action '[a-z_]+'.*|step '[a-z_]+' is not open; open steps: .*"
                  r"|case \S+ is closed \(outcome: [a-z_]+\); no action is possible)"),
    4: re.compile(r"sunlit: error: (official '[a-z]+' does not hold post '[a-z_]+', which owns step '[a-z_]+'"
                  r"|separation of duty: .*|step '[a-z_]+' needs two different officials; '[a-z]+' has already signed it \(.*\))\nsunlit: the refused attempt was recorded in the case history"),
    5: re.compile(r"sunlit: error: case \S+ changed since you loaded it \(version \d+, now \d+\); reload and try again"),
    6: re.compile(r"sunlit: error: the database \S+ is busy \(another sunlit is writing to it\); try again"),
}


class Race:
    """What every process did, gathered from several threads."""

    def __init__(self, c):
        self.c, self.lock = c, threading.Lock()
        self.attempts = []  # (case, step, action, official, returncode, stdout, stderr)
        self.ticks = []  # (fired, raced, failed)
        self.served = 0
        self.serves = 0
        self.outputs = []  # (what, returncode, stdout, stderr): every process, for the message checks

    def record(self, what, r):
        with self.lock:
            self.outputs.append((what, r.returncode, r.stdout, r.stderr))


def choose(view, rng):
    """An open step, an action on it and who takes it (as the crash driver does)."""
    steps = [s for s in view["open_steps"] if [a for a in s["actions"] if a != "withdraw"]]
    if view["status"] != "open" or not steps:
        return None
    s = rng.choice(steps)
    action = rng.choice([a for a in s["actions"] if a != "withdraw"])
    post = s["post"]
    if post == "intake":
        who = ["ann", "ida"]
    elif post == "reviewer":
        who = ["cy", "cy"] if "bob" in s.get("signatures", []) else ["bob", "cy"]
    else:
        who = {"head": ["dee", "dee"], "fire_officer": ["fay", "fay"]}.get(post, ["ann", "ida"])
    sets = ["--set", "area=" + rng.choice(["40", "150"])] if view["power"] == "T-1" and action == "accept" else []
    return s["step"], action, who, sets


def worker(race, cases, clock, stop, seed):
    rng, c = random.Random(seed), race.c
    while not stop.is_set():
        case = rng.choice(cases)
        now = clock()
        shown = c.sunlit("case", "show", case, "--json", now=now)
        race.record("case show", shown)
        if shown.returncode != 0:
            continue
        pick = choose(json.loads(shown.stdout), rng)
        if not pick:
            continue
        step, action, who, sets = pick
        pair = rng.random() < 0.5
        officials = [who[0], who[1]] if pair else [rng.choice(who)]
        env = dict(os.environ, SUNLIT_DB=c.db, SUNLIT_NOW=iso(now))
        procs = [(o, subprocess.Popen([c.args.sunlit, "case", "advance", case, "--action", action, "--as", o, "--step",
                                       step, *sets], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
                 for o in officials]
        for o, p in procs:
            out, err = p.communicate()
            r = subprocess.CompletedProcess(p.args, p.returncode, out, err)
            race.record("case advance", r)
            with race.lock:
                race.attempts.append((case, step, action, o, p.returncode, out, err))


def ticker(race, clock, stop):
    while not stop.is_set():
        r = race.c.sunlit("timers", "tick", "--json", now=clock())
        race.record("timers tick", r)
        if r.returncode == 0:
            j = json.loads(r.stdout)
            with race.lock:
                race.ticks.append((j["fired"], j["raced"], j["failed"]))


def server(race, clock, stop):
    """`sunlit serve` on the round's clock, stopped with SIGTERM and started again every second."""
    c = race.c
    while not stop.is_set():
        env = dict(os.environ, SUNLIT_DB=c.db, SUNLIT_NOW=iso(clock()))
        serve = subprocess.Popen([c.args.sunlit, "serve", "--poll-ms", "20"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        stop.wait(1.0)
        serve.send_signal(signal.SIGTERM)
        out, err = serve.communicate(timeout=60)
        race.record("serve", subprocess.CompletedProcess(serve.args, serve.returncode, out, err))
        m = re.search(r"stopped by SIGTERM: fired (\d+) timers", out)
        if serve.returncode != 0 or not m:
            c.fail(f"serve: exit {serve.returncode}: {out[-300:]} {err}")
        else:
            with race.lock:
                race.served += int(m.group(1))
                race.serves += 1


def run_round(race, args, rnd, rng):
    c = race.c
    opened_at = T0 + rnd * ROUND_SPACING
    cases = []
    for i in range(args.cases):
        r = c.sunlit("case", "open", "T-1" if i % 2 else "T-2", "--party", f"Round {rnd} party {i}", "--json",
                     now=opened_at)
        race.record("case open", r)
        if r.returncode != 0:
            c.fail(f"case open: exit {r.returncode}: {r.stderr}")
            continue
        cases.append(json.loads(r.stdout)["case"])
    began = time.monotonic()

    def clock():  # case time runs through the round's first SPAN while the round lasts
        return opened_at + int(min(1.0, (time.monotonic() - began) / args.seconds) * SPAN)

    stop = threading.Event()
    threads = [threading.Thread(target=worker, args=(race, cases, clock, stop, rng.random())) for _ in range(args.workers)]
    threads.append(threading.Thread(target=ticker, args=(race, clock, stop)))
    threads.append(threading.Thread(target=server, args=(race, clock, stop)))
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join()
    return len(cases)


def dump(db):
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


HELD = 7.0  # seconds: longer than the store's bounded wait (5 s)


def held_lock(race, now):
    """A writer that keeps the database locked past the bounded wait: every writing command
    answers busy (exit 6, the documented message), in about 5 s, and writes nothing."""
    c = race.c
    cases = [r[0] for r in sqlite3.connect(c.db).execute("SELECT id FROM cases WHERE status = 'open' LIMIT 1")]
    # With no timer due, `timers tick` only reads (WAL readers are not blocked) and rightly
    # answers 0 fired; it must answer busy only when it has something to write.
    due = sqlite3.connect(c.db).execute("SELECT count(*) FROM timers WHERE due_at <= ?", (now,)).fetchone()[0]
    before = dump(c.db)
    holder = sqlite3.connect(c.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    commands = [["case", "open", "T-2", "--party", "Busy Ltd"], ["timers", "tick"], ["audit", "anchor"],
                ["admin", "rebuild"], ["deploy", os.path.join(c.args.repo, "tests/data/cases/shop.yaml")]]
    if cases:
        commands.append(["case", "advance", cases[0], "--action", "withdraw", "--as", "ann"])
    env = dict(os.environ, SUNLIT_DB=c.db, SUNLIT_NOW=iso(now))
    began = time.monotonic()
    procs = [(argv, subprocess.Popen([c.args.sunlit, *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)) for argv in commands]
    answers = []
    for argv, p in procs:
        out, err = p.communicate()
        answers.append((" ".join(argv[:2]), p.returncode, out, err, time.monotonic() - began))
    holder.execute("ROLLBACK")
    holder.close()
    slowest = max(a[4] for a in answers)
    for what, rc, out, err, took in answers:
        race.record(what, subprocess.CompletedProcess(what, rc, out, err))
        if what == "timers tick" and due == 0 and rc == 0 and not err.strip():
            continue
        if rc != 6 or not DOCUMENTED[6].fullmatch(err.strip()):
            c.fail(f"{what} under a held lock: exit {rc}: {err.strip()} (expected busy, exit 6)")
    if slowest >= HELD:
        c.fail(f"busy answers took {slowest:.1f} s: they waited for the lock instead of giving up")
    if dump(c.db) != before:
        c.fail("a command answered busy but the database changed")
    return len(answers), slowest


def check_outputs(race):
    c = race.c
    codes = collections.Counter()
    for what, rc, out, err in race.outputs:
        codes[rc] += 1
        text = out + err
        if re.search(r"locked|sqlite", text, re.IGNORECASE):
            c.fail(f"{what}: the database's own words reached the user: {text.strip()[:300]}")
        if rc == 0:
            if what != "serve" and err:
                c.fail(f"{what}: exit 0 with a message: {err.strip()}")
            continue
        pattern = DOCUMENTED.get(rc) if what == "case advance" or rc == 6 else None
        if not pattern or not pattern.fullmatch(err.strip()):
            c.fail(f"{what}: exit {rc} is not a documented answer: {err.strip()[:300]}")
    return codes


def check_counts(race, evs, opens):
    c = race.c
    by_case = collections.defaultdict(list)
    for e in evs:
        by_case[e["case"]].append(e)
    won = collections.defaultdict(list)
    refused = collections.Counter()
    for case, step, action, who, rc, out, err in race.attempts:
        if rc == 0:
            m = re.match(r"case (\S+): (\S+) by (\S+) \(case version (\d+)\)", out)
            if not m or m.group(1) != case or m.group(2) != action:
                c.fail(f"advance {case} {action}: unexpected output {out[:200]}")
                continue
            won[case].append((int(m.group(4)), step, action, who))
        elif rc == 4:
            refused[case] += 1
    for case, evlist in by_case.items():
        acted = [(e["version"], e["payload"].get("step"), e["payload"].get("action"), e["actor"])
                 for e in evlist if e["kind"] in ACTION_KINDS]
        if sorted(acted) != sorted(won.get(case, [])):
            c.fail(f"{case}: committed actions {sorted(acted)} but exits 0 for {sorted(won.get(case, []))}")
        n = sum(1 for e in evlist if e["kind"] == "refused")
        if n != refused[case]:
            c.fail(f"{case}: {n} refusals recorded, {refused[case]} exits 4")
    n_open = sum(1 for e in evs if e["kind"] == "opened")
    if n_open != opens:
        c.fail(f"{n_open} cases in the log, {opens} opened")
    timer_events = sum(1 for e in evs if e["kind"] in ("warned", "elapsed"))
    said = sum(t[0] for t in race.ticks) + race.served
    if timer_events != said:
        c.fail(f"{timer_events} timer events, but tick and serve said they fired {said}")
    if any(t[2] for t in race.ticks):
        c.fail(f"ticks reported failed timers: {[t for t in race.ticks if t[2]]}")
    return sum(len(v) for v in won.values()), timer_events


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sunlit", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=6)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--cases", type=int, default=30)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--keep", help="work in this directory and keep it")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="sunlit-concurrency-")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "concurrency.db")
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    c = Checker(args, db)
    r = c.sunlit("deploy", os.path.join(args.repo, "tests/data/cases/shop.yaml"),
                 os.path.join(args.repo, "tests/data/cases/clock.yaml"),
                 os.path.join(args.repo, "tests/data/cases/town.org.yaml"), now=T0)
    if r.returncode != 0:
        raise SystemExit(f"deploy: {r.stderr}")
    race, rng, began, opens = Race(c), random.Random(args.seed), time.monotonic(), 0
    for rnd in range(args.rounds):
        opens += run_round(race, args, rnd, rng)
    seconds = time.monotonic() - began
    busy_commands, busy_wait = held_lock(race, T0 + args.rounds * ROUND_SPACING)
    codes = check_outputs(race)
    conn = sqlite3.connect(db)
    evs = events(conn)
    conn.close()
    committed, timer_events = check_counts(race, evs, opens)
    dups = timer_duplicates(evs)
    if dups:
        c.fail(f"{len(dups)} deadlines fired more than once, e.g. {dups[:3]}")
    end = T0 + args.rounds * ROUND_SPACING
    cases = check_consistent(c, end)
    attempts = collections.Counter(a[4] for a in race.attempts)
    print(f"concurrency: {args.rounds} rounds of {args.seconds:g} s with {args.workers} workers, tick and serve "
          f"({seconds:.1f} s); {len(race.outputs)} processes; {len(race.attempts)} advance attempts: "
          f"{attempts[0]} committed, {attempts[5]} conflicts, {attempts[1]} stale (step moved on), "
          f"{attempts[4]} refused, {attempts[6]} busy; {committed} acted events for {attempts[0]} exits 0; "
          f"{timer_events} timer events = {sum(t[0] for t in race.ticks)} by {len(race.ticks)} ticks + "
          f"{race.served} by {race.serves} serve runs ({sum(t[1] for t in race.ticks)} raced); {cases} cases; "
          f"under a lock held {HELD:g} s, {busy_commands} writing commands answered busy within {busy_wait:.1f} s; "
          f"exit codes {dict(codes)}"
          + ("" if not c.failures else f"; {len(c.failures)} FAILURES"), flush=True)
    if not args.keep and not c.failures:
        for f in os.listdir(work):
            os.remove(os.path.join(work, f))
        os.rmdir(work)
    elif c.failures:
        print(f"database kept in {work}")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
