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
 * waits (it does not run), so only the CPUs whose runqueue or running task changed
 * (changes.ts) are read again. The running tasks (at most M) are read every time.
 */

// ---- the waiting tasks of the state followed (changes.owner), best first --------

let wTask = new Int32Array(64);
let wKey = new Float64Array(64);
/** CPU * 2 + 1 if pinned. */
let wTag = new Int32Array(64);
let nWaiting = 0;
let nPinned = 0;

/** Per CPU: the best key among its pinned waiting tasks, NO_PINNED if none. */
let bestPinnedKey = new Float64Array(16);
/** Per CPU, set by each computation: its running task is pinned and blocks every pinned waiting task there. */
let blockedAll = new Uint8Array(16);
/** Per CPU: the computation (stamp) that kept a pinned waiting task there. */
let keptStamp = new Int32Array(16);
let stamp = 0;
/** The keys of the running tasks in the ideal set's running candidates (not blocked), in CPU order. */
let runKeys = new Float64Array(16);

export function fullMaskFigures(s: GameState): void {
  if (s !== changes.owner) follow(s);
  if (changes.count > 0) refresh(s);
  const cpus = s.cpus;
  const m = cpus.length;
  const cache = s.cache;

  let idle = 0;
  let nRunning = 0;
  if (nWaiting === 0) {
    for (let c = 0; c < m; c++) if (cpus[c].running === IDLE) idle++;
  } else {
    for (let c = 0; c < m; c++) {
      const cpu = cpus[c];
      const r = cpu.running;
      blockedAll[c] = 0;
      if (r === IDLE) {
        idle++;
        continue;
      }
      const key = cpu.runningKey;
      const pinnedKey = bestPinnedKey[c];
      if (pinnedKey !== NO_PINNED && pinnedNow(s, r)) {
        // Two pinned tasks on one CPU: the better one blocks the other.
        if (key >= pinnedKey) blockedAll[c] = 1;
        else continue;
      }
      runKeys[nRunning++] = key;
    }
  }
  cache.idle = idle;
  const wasted = idle < nWaiting ? idle : nWaiting;
  cache.wasted = wasted;
  writeBest(cache.wastedTasks, wasted, 0);
  const stranded = idle < nPinned ? idle : nPinned;
  cache.stranded = stranded;
  writeBest(cache.strandedTasks, stranded, 1);
  cache.inversion = nWaiting === 0 ? 0 : inversion(m, nRunning);
}

/**
 * How many kept waiting tasks are in the best M. The i-th of them (best first) is iff
 * i plus the kept running tasks at least as good is below M; once one is not, none
 * after is. The first M - running ones always are (free places).
 */
function inversion(m: number, nRunning: number): number {
  if (++stamp === 0x7fffffff) {
    keptStamp.fill(0);
    stamp = 1;
  }
  const free = m - nRunning;
  let inv = 0;
  for (let i = 0; i < nWaiting; i++) {
    const tag = wTag[i];
    if ((tag & 1) === 1) {
      const c = tag >> 1;
      // A CPU's best pinned waiting task comes first in the list: kept unless its running task blocks it.
      if (blockedAll[c] === 1 || keptStamp[c] === stamp) continue;
      keptStamp[c] = stamp;
    }
    if (inv >= free) {
      const key = wKey[i];
      let ahead = 0;
      for (let j = 0; j < nRunning; j++) if (runKeys[j] >= key) ahead++;
      if (inv + ahead >= m) break;
    }
    inv++;
  }
  return inv;
}

// Imported bindings are read through getters once compiled to CommonJS: the hot
// paths use module-local copies.
const IDLE = NONE;
const pinnedNow = isPinned;
const taskIndex = asTaskIndex;
const NO_PINNED = -Infinity;

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
  if (bestPinnedKey.length < m) {
    bestPinnedKey = new Float64Array(m);
    blockedAll = new Uint8Array(m);
    keptStamp = new Int32Array(m);
    runKeys = new Float64Array(m);
  }
  if (wTask.length < n) {
    wTask = new Int32Array(n);
    wKey = new Float64Array(n);
    wTag = new Int32Array(n);
  }
  nWaiting = 0;
  nPinned = 0;
}

/** Drops the waiting tasks of the CPUs that changed and reads their queues again. */
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
    const q = cpu.queue;
    let pinnedKey = NO_PINNED;
    for (let i = 0; i < q.length; i++) {
      const t = q[i];
      if (t === r) continue;
      const key = tasks[t].key;
      let tag = c * 2;
      if (pinnedNow(s, t)) {
        tag++;
        nPinned++;
        if (key > pinnedKey) pinnedKey = key;
      }
      insert(s, t, key, tag);
    }
    bestPinnedKey[c] = pinnedKey;
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
