import { isPinned } from '../runqueue';
import type { GameState, TaskIndex } from '../types';
import { asTaskIndex, NONE } from '../types';
import { changes } from './changes';

/**
 * The per-tick figures (figures.ts) when every task may run on every CPU, the common
 * case (generated sets, most levels). Any idle CPU then serves any waiting task, so:
 *
 *  - wasted = min(idle CPUs, waiting tasks), and the tasks matched are the best ones;
 *  - stranded = min(idle CPUs, pinned waiting tasks), the best pinned ones;
 *  - inversion: a set of tasks fits on the machine iff it has at most M tasks and its
 *    pinned ones are on distinct CPUs, so the ideal schedule drops the pinned tasks
 *    with a better pinned task on their CPU (the running one wins equal keys) and takes
 *    the best M of the others, running first at equal keys; inversion counts the
 *    waiting ones among them.
 *
 * All three read the waiting tasks best first, so that list is kept sorted across
 * ticks: a waiting task's key, enqueue order and pinned state cannot change while it
 * waits (it does not run), so only the CPUs whose runqueue, running task or running
 * key changed (changes.ts) are read again. Whether a running task is pinned does
 * change while it runs: it is read each time, on the few CPUs where it matters.
 */

// ---- what is known of the state followed (changes.owner) -----------------------

/** The waiting tasks, best first: task, key, and CPU * 2 (+ 1 if pinned). */
let wTask = new Int32Array(64);
let wKey = new Float64Array(64);
let wTag = new Int32Array(64);
let nWaiting = 0;
let nPinned = 0;
let idle = 0;
/** Per CPU: its running task's key as picked, IDLE_KEY when it ran nothing. */
let runKey = new Float64Array(16);
/** Per CPU: how many pinned tasks wait there. */
let pinnedOn = new Int32Array(16);

// ---- per computation: CPU c is marked when its entry equals `stamp` ------------

/** Its best pinned waiting task was looked at. */
let pinnedSeen = new Int32Array(16);
/** Its (remaining) pinned waiting tasks are not in the ideal set. */
let waitingBlocked = new Int32Array(16);
/** Its running task is not in the ideal set (a better pinned task waits there). */
let runningBlocked = new Int32Array(16);
let stamp = 0;

export function fullMaskFigures(s: GameState): void {
  if (s !== changes.owner) follow(s);
  if (changes.count > 0) refresh(s);
  const cache = s.cache;
  cache.idle = idle;
  const wasted = idle < nWaiting ? idle : nWaiting;
  cache.wasted = wasted;
  writeBest(cache.wastedTasks, wasted, 0);
  const stranded = idle < nPinned ? idle : nPinned;
  cache.stranded = stranded;
  writeBest(cache.strandedTasks, stranded, 1);
  cache.inversion = nWaiting === 0 ? 0 : inversion(s);
}

/**
 * The task running on `cpu` entered or left a pinned section (step 5). With full masks
 * that only matters where a pinned task waits on the same CPU (one of the two is
 * blocked); otherwise the figures are recomputed. Runs with nothing ever pinned
 * (greedy-global's world) skip it.
 */
export function runningPinChanged(s: GameState, cpu: number): void {
  if (s.cfg.ideal) return;
  // Changes not yet read have made the figures dirty already; else the counts are current.
  if (s === changes.owner && changes.count === 0 && pinnedOn[cpu] === 0) return;
  s.cache.dirty = true;
}

/**
 * How many kept waiting tasks are in the best M. The i-th of them (best first) is iff
 * i plus the kept running tasks at least as good is below M, so once one is not, none
 * after is; the first M - (kept running) always are (the free places).
 */
function inversion(s: GameState): number {
  const m = s.cpus.length;
  if (++stamp === 0x7fffffff) {
    pinnedSeen.fill(0);
    waitingBlocked.fill(0);
    runningBlocked.fill(0);
    stamp = 1;
  }
  const nRunning = m - idle - (nPinned > 0 ? blockPinned(s) : 0);
  const free = m - nRunning;
  let lowest = 0;
  let lowestKnown = false;
  let inv = 0;
  for (let i = 0; i < nWaiting; i++) {
    const tag = wTag[i];
    if ((tag & 1) === 1) {
      const c = tag >> 1;
      if (waitingBlocked[c] === stamp) continue;
      // A CPU's best pinned waiting task comes first in the list: it is kept, the others are blocked by it.
      waitingBlocked[c] = stamp;
    }
    if (inv >= free) {
      const key = wKey[i];
      if (!lowestKnown) {
        lowest = lowestRunning(m);
        lowestKnown = true;
      }
      // Every kept running task is at least as good: this one is out, and so is every one after.
      if (key <= lowest) break;
      let ahead = 0;
      for (let c = 0; c < m; c++) if (runKey[c] >= key && runningBlocked[c] !== stamp) ahead++;
      if (inv + ahead >= m) break;
    }
    inv++;
  }
  return inv;
}

/**
 * Two pinned tasks on one CPU cannot both run. For each CPU with pinned waiting tasks
 * and a pinned running task, marks the worse side blocked. Returns how many running
 * tasks are.
 */
function blockPinned(s: GameState): number {
  const cpus = s.cpus;
  let blocked = 0;
  for (let i = 0; i < nWaiting; i++) {
    const tag = wTag[i];
    if ((tag & 1) === 0) continue;
    const c = tag >> 1;
    if (pinnedSeen[c] === stamp) continue;
    pinnedSeen[c] = stamp;
    const r = cpus[c].running;
    if (r === IDLE || !pinnedNow(s, r)) continue;
    if (runKey[c] >= wKey[i]) waitingBlocked[c] = stamp;
    else {
      runningBlocked[c] = stamp;
      blocked++;
    }
  }
  return blocked;
}

function lowestRunning(m: number): number {
  let lowest = Infinity;
  for (let c = 0; c < m; c++) {
    const key = runKey[c];
    if (key !== IDLE_KEY && key < lowest && runningBlocked[c] !== stamp) lowest = key;
  }
  return lowest;
}

// Imported bindings are read through getters once compiled to CommonJS: the hot
// paths use module-local copies.
const IDLE = NONE;
const pinnedNow = isPinned;
const taskIndex = asTaskIndex;
const IDLE_KEY = -Infinity;

/** Starts following `s`: every CPU is read afresh. */
function follow(s: GameState): void {
  const m = s.cpus.length;
  const n = s.tasks.length;
  changes.owner = s;
  if (changes.flags.length < m) {
    changes.flags = new Uint8Array(m);
    changes.list = new Int32Array(m);
  }
  for (let c = 0; c < m; c++) {
    changes.flags[c] = 1;
    changes.list[c] = c;
  }
  changes.count = m;
  if (runKey.length < m) {
    runKey = new Float64Array(m);
    pinnedOn = new Int32Array(m);
    pinnedSeen = new Int32Array(m);
    waitingBlocked = new Int32Array(m);
    runningBlocked = new Int32Array(m);
  }
  runKey.fill(IDLE_KEY, 0, m);
  idle = m;
  if (wTask.length < n) {
    wTask = new Int32Array(n);
    wKey = new Float64Array(n);
    wTag = new Int32Array(n);
  }
  nWaiting = 0;
  nPinned = 0;
}

/** Drops the waiting tasks of the CPUs that changed and reads those CPUs again. */
function refresh(s: GameState): void {
  const flags = changes.flags;
  let k = 0;
  for (let i = 0; i < nWaiting; i++) {
    const tag = wTag[i];
    if (flags[tag >> 1] === 1) {
      nPinned -= tag & 1;
      continue;
    }
    if (k !== i) {
      wTask[k] = wTask[i];
      wKey[k] = wKey[i];
      wTag[k] = tag;
    }
    k++;
  }
  nWaiting = k;
  const cpus = s.cpus;
  const tasks = s.tasks;
  const list = changes.list;
  for (let n = 0; n < changes.count; n++) {
    const c = list[n];
    flags[c] = 0;
    const cpu = cpus[c];
    const r = cpu.running;
    if (runKey[c] === IDLE_KEY) idle--;
    if (r === IDLE) {
      idle++;
      runKey[c] = IDLE_KEY;
    } else runKey[c] = cpu.runningKey;
    const q = cpu.queue;
    let pinned = 0;
    for (let i = 0; i < q.length; i++) {
      const t = q[i];
      if (t === r) continue;
      let tag = c * 2;
      if (pinnedNow(s, t)) {
        tag++;
        pinned++;
      }
      insert(s, t, tasks[t].key, tag);
    }
    pinnedOn[c] = pinned;
    nPinned += pinned;
  }
  changes.count = 0;
}

/** Inserts a waiting task at its place in the engine's order (runqueue.beats: key, then enqueue order, then index). */
function insert(s: GameState, t: number, key: number, tag: number): void {
  let j = nWaiting++;
  while (j > 0) {
    const k = wKey[j - 1];
    if (k > key) break;
    if (k === key) {
      const u = wTask[j - 1];
      const a = s.tasks[u].seq;
      const b = s.tasks[t].seq;
      if (a < b || (a === b && u < t)) break;
    }
    wTask[j] = wTask[j - 1];
    wKey[j] = k;
    wTag[j] = wTag[j - 1];
    j--;
  }
  wTask[j] = t;
  wKey[j] = key;
  wTag[j] = tag;
}

/** The best `count` waiting tasks (only pinned ones when `pinnedOnly` is 1), best first, written over `out`. */
function writeBest(out: TaskIndex[], count: number, pinnedOnly: number): void {
  let n = 0;
  for (let i = 0; n < count; i++) {
    if ((wTag[i] & pinnedOnly) !== pinnedOnly) continue;
    const t = taskIndex(wTask[i]);
    if (n < out.length) out[n] = t;
    else out.push(t);
    n++;
  }
  if (out.length > count) out.length = count;
}
