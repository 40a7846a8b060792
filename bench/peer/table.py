#!/usr/bin/env python3
"""Prints the issue-3 table from the JSON files bench/cases.sh wrote into one folder."""
import json
import os
import statistics
import sys

out = sys.argv[1]


def load(name):
    path = os.path.join(out, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path) as f:
        return json.load(f)


def ns_list(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return sorted(int(x) for x in f.read().split())


def pct(xs, p):
    if not xs:
        return None
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * (len(xs) - 1)))))
    return xs[k]


machine = load("machine.json") or {}
full = (load("durable-full.json") or {}).get("durable", [None])[0]
normal = (load("durable-normal.json") or {}).get("durable", [None])[0]
group = (load("durable-group.json") or {}).get("durable", [None])[0]
group_floor = ((load("floor-group.json") or {}).get("floor") or [None])[0]
batch = load("batch.json")
mem_j = load("memory.json") or {}
mem = mem_j.get("memory")
floor_j = load("floor.json") or {}
floors = {f["sync"]: f for f in floor_j.get("floor", [])}
paired = (load("paired.json") or {}).get("paired")
rss = (load("rss.json") or {}).get("rss")
peer = load("peer.json")
cli = ns_list("cli-ns.txt")
cli_version = ns_list("cli-version-ns.txt")
true_ns = ns_list("true-ns.txt")
load_after = load("load-after.json")
cli_label = load("cli-label.json") or "sunlit case advance"

rows = []


def row(measure, sunlit, peer_v="", ratio="", goal="", verdict=""):
    rows.append((measure, sunlit, peer_v, ratio, goal, verdict))


def f0(x):
    return "—" if x is None else f"{x:,.0f}"


def met(ok):
    return "met" if ok else "NOT met"


peer_sps = peer["steps_per_s"] if peer else None
for d, name in ((full, "FULL"), (normal, "NORMAL")):
    if not d:
        continue
    r = d["steps_per_s"] / peer_sps if peer_sps else None
    row(f"durable steps/s ({name})", f0(d["steps_per_s"]), f0(peer_sps) if peer else "—",
        f"{r:,.1f}×" if r else "—", "≥ 20× peer", met(r >= 20) if r else "no peer")
if group:
    r = group["steps_per_s"] / peer_sps if peer_sps else None
    row(f"durable steps/s (group commit, {group['threads']} officials' threads)", f0(group["steps_per_s"]),
        f0(peer_sps) if peer else "—", f"{r:,.1f}×" if r else "—", "≥ 20× peer", met(r >= 20) if r else "no peer")
    row("  commits per fsync (group commit)", f"{group['commits_per_fsync']:.1f}", "", "", "", "")
if batch:
    sps = batch["steps"] / batch["seconds"] if batch["exit"] == 0 else None
    r = sps / peer_sps if sps and peer_sps else None
    row(f"durable steps/s (`sunlit case batch`, CLI, {batch['jobs']} jobs, group commit)",
        f0(sps) if sps else f"failed: exit {batch['exit']}", f0(peer_sps) if peer else "—",
        f"{r:,.1f}×" if r else "—", "≥ 20× peer", met(r >= 20) if r else "no figure")
if mem:
    r = mem["steps_per_s"] / peer_sps if peer_sps else None
    row("in-memory steps/s (decide+apply)", f0(mem["steps_per_s"]), f0(peer_sps) if peer else "—",
        f"{r:,.0f}×" if r else "—", "≥ 1,000× peer", met(r >= 1000) if r else "no peer")
if mem and peer and mem.get("cpu_ns_per_step_with_open") and peer.get("steps_per_cpu_s"):
    sunlit_cpu = 1e9 / mem["cpu_ns_per_step_with_open"]
    r = sunlit_cpu / peer["steps_per_cpu_s"]
    row("  same, per CPU-second (less load noise)", f0(sunlit_cpu), f0(peer["steps_per_cpu_s"]), f"{r:,.0f}×",
        "≥ 1,000× peer", met(r >= 1000))
if paired:
    r = paired["floor_over_sunlit"]
    row(f"SQLite floor commits/s and sunlit steps/s (FULL), taking turns in {paired['rounds']} rounds",
        f"{f0(paired['floor_commits_per_s'])} / {f0(paired['steps_per_s'])}", "",
        f"floor/sunlit {r:,.2f}× (rounds {min(paired['round_ratios']):.2f}–{max(paired['round_ratios']):.2f})",
        "sunlit within 2× of floor", met(r <= 2.0))
for d, name in ((full, "FULL"), (normal, "NORMAL")):
    fl = floors.get(name)
    if not d or not fl:
        continue
    r = fl["commits_per_s"] / d["steps_per_s"]
    goal = "sunlit within 2× of floor"
    if name == "FULL" and paired:  # the turns above measure the goal; these runs are minutes apart
        goal = "(runs minutes apart: the disk's speed moves between them)"
    if name == "NORMAL":  # no fsync per commit: a CPU comparison, not the durable goal
        goal = "(NORMAL: not durable against power loss; not the goal)"
    row(f"SQLite floor commits/s ({name})", f0(fl["commits_per_s"]), "", f"floor/sunlit {r:,.2f}×",
        goal, met(r <= 2.0) if goal.startswith("sunlit") else "")
if group and group_floor:
    r = group_floor["commits_per_s"] / group["steps_per_s"]
    row(f"SQLite floor commits/s (group commit, {group_floor['threads']} threads)", f0(group_floor["commits_per_s"]), "",
        f"floor/sunlit {r:,.2f}×", "(not a goal: same fsyncs, floor CPU only)", "")
if rss:
    ph = peer.get("heap_bytes_per_live_case") if peer else None
    r = ph / rss["bytes_per_open_case"] if ph else None
    row("memory per open case (bytes)", f0(rss["bytes_per_open_case"]), f0(ph) if ph else "—",
        f"{r:,.0f}× less" if r else "—", "≥ 100× less", met(r >= 100) if r else "no peer")
for d, name in ((full, "FULL"), (normal, "NORMAL")):
    if d:
        row(f"bytes on disk per event ({name})", f0(d["bytes_per_event"]), "", "", "", "")
        row(f"bytes on disk per step ({name})", f0(d["bytes_per_step"]),
            f0(peer["state_bytes_per_step"]) + " (state JSON written)" if peer else "—", "", "", "")
for d, name in ((full, "FULL"), (normal, "NORMAL")):
    if d:
        row(f"case opens/s ({name}, not in steps)", f0(d["opens_per_s"]),
            f0(peer["opens_per_s"]) if peer else "—", "", "", "")
if full:
    row("peak RSS, durable run (MB)", f"{(load('durable-full.json')['peak_rss_bytes']) / 1e6:,.1f}",
        f"{peer['peak_rss_bytes'] / 1e6:,.1f}" if peer else "—", "", "", "")
if cli:
    med = statistics.median(cli) / 1e6
    p90 = pct(cli, 90) / 1e6
    base = statistics.median(cli_version) / 1e6 if cli_version else None
    row("one advance as a whole process (ms)" + ("" if cli_label == "sunlit case advance" else " ²"),
        f"median {med:.2f}, p90 {p90:.2f}", "", "",
        "median < 5 ms", met(med < 5.0) + ("" if cli_label == "sunlit case advance" else " (proxy)"))
    if base is not None:
        row("  bare process: sunlit --version (ms)", f"median {base:.2f}", "", "", "", "")
    if true_ns:
        row("  any process: /bin/true (ms)", f"median {statistics.median(true_ns) / 1e6:.2f}", "", "", "", "")
else:
    row("`sunlit case advance` process (ms)", "not timed (no `case` command in this build)", "", "",
        "median < 5 ms", "not measured")

headers = ("measure", "sunlit", "bpmn-engine", "ratio", "goal", "verdict")
widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |"
print(line)
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows:
    print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
print()
print(f"machine: {machine.get('nproc')} cores, {machine.get('cpu')}, {int(machine.get('mem_kb', 0)) // 1024} MiB; "
      f"build {machine.get('build_type')}; load before {machine.get('load_before')}, after {load_after}")
for d, name in ((full, "FULL"), (normal, "NORMAL")):
    if d:
        print(f"sunlit {name}: {d['cases']} cases × 10 steps in {d['step_seconds']:.1f} s of steps "
              f"(+ {d['open_seconds']:.1f} s opening); {d['events_per_step']:.2f} events per transaction (opens included)")
if cli and cli_label != "sunlit case advance":
    print(f"² {cli_label}: {len(cli)} runs")
if mem:
    print(f"sunlit in memory: {mem['ns_per_step'] / 1000:.2f} µs/step wall (advance() alone {mem['ns_per_step_decide'] / 1000:.2f} µs; "
          f"CPU time incl. opening {mem.get('cpu_ns_per_step_with_open', 0) / 1000:.2f} µs/step; "
          f"deriving the stored row + event JSON would add {mem['ns_per_step_derive_row'] / 1000:.2f} µs)")
if rss:
    print(f"sunlit open case: {rss['bytes_per_open_case']:.0f} bytes RSS in memory, snapshot {rss['snapshot_bytes']:.0f} bytes")
if peer:
    print(f"peer: bpmn-engine {peer['bpmn_engine']} on Node {peer['node']}, {peer['cases']} cases one at a time, "
          f"{peer['steps_per_case']:.0f} signals per case, getState() written after every signal WITHOUT fsync; "
          f"heap per live case over {peer['live_cases']} cases waiting at their first task "
          f"(RSS per case {f0(peer['rss_bytes_per_live_case'])})")
else:
    print("peer: not run (see the messages above)")
json.dump({"machine": machine, "full": full, "normal": normal, "memory": mem, "floor": floors, "paired": paired, "rss": rss,
           "peer": peer, "cli_ms": {"median": statistics.median(cli) / 1e6 if cli else None,
                                    "p90": pct(cli, 90) / 1e6 if cli else None, "runs": len(cli)}},
          open(os.path.join(out, "summary.json"), "w"), indent=1)
