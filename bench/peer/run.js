#!/usr/bin/env node
// The peer of bench_cases (issue 3): the same ten-task process in bpmn-engine (npm), on Node.js.
//
// Usage: node --expose-gc bench/peer/run.js --modules DIR [--cases K] [--live M] [--scratch DIR]
//   --modules DIR   folder holding node_modules/bpmn-engine (bench/cases.sh installs it there)
//   --cases K       cases run one after another, each to its end (default 1000)
//   --live M        cases opened and left waiting at their first user task, for heap per case (default 200)
//   --max-seconds S stop after the case under way once S seconds have passed (default: no bound)
//   --scratch DIR   where the state files are written (default: a fresh folder under the OS temp dir)
//
// A step is one external action: signalling one waiting user task. After every signal the runner
// takes engine.getState() and writes it (JSON) to the case's file with fs.writeFileSync — the
// peer's persistence. The file is NOT fsynced: nothing the peer does is durable against power loss.
// Cases run one at a time (no concurrency), as sunlit's bench does. The BPMN is parsed once and
// the parsed moddle context is shared by every engine, so per-case XML parsing is not counted.
// Opening a case (new Engine + execute up to the first user task) is timed separately from steps.
// Prints one JSON object on stdout.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const { EventEmitter } = require('node:events');

function parseArgs(argv) {
  const o = { modules: '', cases: 1000, live: 200, scratch: '', maxSeconds: 0, bpmn: path.join(__dirname, 'bench-process.bpmn') };
  for (let i = 2; i < argv.length; ++i) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--modules') o.modules = v();
    else if (a === '--cases') o.cases = Number(v());
    else if (a === '--live') o.live = Number(v());
    else if (a === '--scratch') o.scratch = v();
    else if (a === '--max-seconds') o.maxSeconds = Number(v());
    else if (a === '--bpmn') o.bpmn = v();
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.modules) throw new Error('--modules DIR is required (the folder with node_modules/bpmn-engine)');
  return o;
}

const opts = parseArgs(process.argv);
const req = createRequire(path.join(path.resolve(opts.modules), 'bench-peer.js'));
const { Engine } = req('bpmn-engine');
const BpmnModdle = req('bpmn-moddle');
const engineVersion = JSON.parse(
  fs.readFileSync(path.join(path.resolve(opts.modules), 'node_modules', 'bpmn-engine', 'package.json'), 'utf8')
).version;

// A silent logger: the default `debug` logger is off unless DEBUG is set, but skip even its checks.
const noop = () => {};
const Logger = () => ({ debug: noop, error: noop, warn: noop });

// One case: an engine executing the process, a queue of waiting user tasks, and its end.
function startCase(moddleContext, name, amount) {
  const engine = new Engine({ name, moddleContext, Logger });
  const listener = new EventEmitter();
  const c = { engine, waiting: [], ended: false, failed: null, wake: null };
  const poke = () => {
    if (c.wake) {
      const w = c.wake;
      c.wake = null;
      w();
    }
  };
  listener.on('wait', (api) => {
    c.waiting.push(api);
    poke();
  });
  engine.once('end', () => {
    c.ended = true;
    poke();
  });
  engine.once('error', (err) => {
    c.failed = err;
    poke();
  });
  c.started = engine.execute({ listener, variables: { amount } });
  return c;
}

// Resolves once the case has a waiting task, has ended, or failed.
function settle(c) {
  if (c.waiting.length || c.ended || c.failed) return Promise.resolve();
  return new Promise((resolve) => {
    c.wake = resolve;
  });
}

function ns() {
  return process.hrtime.bigint();
}

async function main() {
  const scratch = opts.scratch || fs.mkdtempSync(path.join(os.tmpdir(), 'sunlit-peer-state-'));
  fs.mkdirSync(scratch, { recursive: true });
  const xml = fs.readFileSync(opts.bpmn, 'utf8');
  const moddleContext = await new BpmnModdle().fromXML(xml);

  // Throughput: K cases, one after another, every user task signalled, state written after each.
  let steps = 0;
  let stateBytes = 0;
  let openNs = 0n;
  let stepNs = 0n;
  let stepCpuUs = 0; // user + system CPU of the process (all threads) while stepping
  const byTask = {};
  const t0 = ns();
  let done = 0;
  for (let i = 0; i < opts.cases; ++i) {
    if (opts.maxSeconds > 0 && Number(ns() - t0) / 1e9 > opts.maxSeconds) break;
    const file = path.join(scratch, `case-${i}.json`);
    const o0 = ns();
    const c = startCase(moddleContext, `case-${i}`, i % 2 ? 5000 : 500);
    await c.started;
    await settle(c);
    // The opened case is written once too (as sunlit commits the opened case).
    fs.writeFileSync(file, JSON.stringify(await c.engine.getState()));
    openNs += ns() - o0;
    const s0 = ns();
    const c0 = process.cpuUsage();
    for (;;) {
      if (c.failed) throw c.failed;
      if (!c.waiting.length) {
        if (c.ended) break;
        await settle(c);
        continue;
      }
      const api = c.waiting.shift();
      byTask[api.id] = (byTask[api.id] || 0) + 1;
      api.signal();
      ++steps;
      const text = JSON.stringify(await c.engine.getState());
      fs.writeFileSync(file, text);
      stateBytes += text.length;
    }
    stepNs += ns() - s0;
    const cd = process.cpuUsage(c0);
    stepCpuUs += cd.user + cd.system;
    ++done;
  }
  const totalNs = ns() - t0;

  // Heap per live case: M cases opened and left waiting at their first user task.
  const gc = global.gc;
  let heapPerCase = null;
  let rssPerCase = null;
  if (gc && opts.live > 0) {
    gc();
    gc();
    const h0 = process.memoryUsage();
    const live = [];
    for (let i = 0; i < opts.live; ++i) {
      const c = startCase(moddleContext, `live-${i}`, i % 2 ? 5000 : 500);
      await c.started;
      await settle(c);
      if (!c.waiting.length) throw new Error('a live case is not waiting at a user task');
      live.push(c);
    }
    gc();
    gc();
    const h1 = process.memoryUsage();
    heapPerCase = (h1.heapUsed - h0.heapUsed) / opts.live;
    rssPerCase = (h1.rss - h0.rss) / opts.live;
    if (live.length !== opts.live) throw new Error('unreachable');
  }

  const stepSeconds = Number(stepNs) / 1e9;
  const out = {
    peer: 'bpmn-engine',
    bpmn_engine: engineVersion,
    node: process.version,
    cases: done,
    cases_asked: opts.cases,
    steps,
    steps_per_case: done ? steps / done : 0,
    step_seconds: stepSeconds,
    steps_per_s: steps / stepSeconds,
    cpu_us_per_step: steps ? stepCpuUs / steps : 0,
    steps_per_cpu_s: stepCpuUs ? steps / (stepCpuUs / 1e6) : 0,
    open_seconds: Number(openNs) / 1e9,
    opens_per_s: done / (Number(openNs) / 1e9),
    total_seconds: Number(totalNs) / 1e9,
    state_bytes_per_step: steps ? stateBytes / steps : 0,
    live_cases: opts.live,
    heap_bytes_per_live_case: heapPerCase,
    rss_bytes_per_live_case: rssPerCase,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    signals_by_task: byTask,
    fsync: false,
    concurrency: 1,
    scratch,
    note: 'state written with fs.writeFileSync after every signal, never fsynced; cases run one at a time',
  };
  if (!opts.scratch) fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench peer: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
