import { beats, isPinned } from '../runqueue';
import type { Scenario } from '../scenario';
import type { GameState, TaskIndex } from '../types';
import { NONE } from '../types';
import { matchBestFirst, type MatchProblem } from './matching';

/**
 * The per-tick figures (README "The simulation", step 7), measured on the state after
 * the tick: each CPU's running task is the one it picked (with the key it was picked
 * with, even if it completed during the tick), the waiting tasks are the runnable ones
 * queued behind, and "pinned" is isPinned() at the end of the tick.
 *
 *  - idle: CPUs that ran nothing.
 *  - wasted: the size of a maximum matching between idle CPUs and waiting tasks whose
 *    affinity contains them, whatever keeps each waiting (a migrate_disable pin, a
 *    preempt_disable section ahead of it, a balancer that did not move it). An idle
 *    CPU can take at most one task, a task at most one CPU.
 *  - stranded: the same matching restricted to pinned waiting tasks (the email's "CPUs
 *    picking their nose"), so stranded <= wasted.
 *  - inversion: waiting tasks that the ideal schedule runs. The ideal schedule is the
 *    best assignment of the runnable tasks (running and waiting) to CPUs, higher priority
 *    first: a task is in it if it can be added without unmatching a better one (a
 *    maximum matching, lexicographically best by priority). It respects affinity, and a
 *    pinned task may only be on the CPU it is on (a pinned task that waits behind a
 *    higher one on its own CPU is no inversion: no schedule could run it). Priority:
 *    fifo key, edf earliest deadline; at equal key the running task comes first (the
 *    engine never preempts for an equal key, so swapping equals is no inversion).
 *
 * Per task, `strandedTasks` and `wastedTasks` name the tasks matched, chosen best first
 * in the engine's order (beats: key, then enqueue order): the waiting task an idle CPU
 * would have rescued first.
 */
export function recomputeFigures(s: GameState): void {
  const cache = s.cache;
  cache.dirty = false;
  const cpus = s.cpus;
  const tasks = s.tasks;
  grow(tasks.length, cpus.length);
  let idle = 0;
  let nRunning = 0;
  let nWaiting = 0;
  let nPinnedWaiting = 0;
  let maxWaiting = -Infinity;
  let minRunning = Infinity;
  for (let c = 0; c < cpus.length; c++) {
    const cpu = cpus[c];
    const r = cpu.running;
    if (r === IDLE) {
      idle++;
      idleMask[c] = 1;
    } else {
      idleMask[c] = 0;
      runTask[nRunning] = r;
      runKey[nRunning++] = cpu.runningKey;
      if (cpu.runningKey < minRunning) minRunning = cpu.runningKey;
    }
    const q = cpu.queue;
    for (let i = 0; i < q.length; i++) {
      const t = q[i];
      if (t === r) continue;
      const key = tasks[t].key;
      const pinned = pinnedNow(s, t);
      waitTask[nWaiting] = t;
      waitKey[nWaiting] = key;
      waitPinned[nWaiting++] = pinned ? 1 : 0;
      if (pinned) nPinnedWaiting++;
      if (key > maxWaiting) maxWaiting = key;
    }
  }
  cache.idle = idle;
  if (idle > 0 && nWaiting > 0) {
    cache.wasted = rescued(s, nWaiting, idle, false, cache.wastedTasks);
    cache.stranded = nPinnedWaiting > 0 ? rescued(s, nWaiting, idle, true, cache.strandedTasks) : clear(cache.strandedTasks);
  } else {
    cache.wasted = clear(cache.wastedTasks);
    cache.stranded = clear(cache.strandedTasks);
  }
  // With no idle CPU and no waiting task above a running one, the running tasks are
  // already the ideal set (they fill every CPU and come first in the order).
  cache.inversion = nWaiting > 0 && (idle > 0 || maxWaiting > minRunning) ? inversion(s, nRunning, nWaiting) : 0;
}

function clear(list: TaskIndex[]): 0 {
  if (list.length > 0) list.length = 0;
  return 0;
}

// Imported bindings are read through getters once compiled to CommonJS (tsx, the
// benchmark): the hot loops use module-local copies.
const IDLE = NONE;
const pinnedNow = isPinned;
const wins = beats;

// ---- scratch buffers, reused so the hot path allocates nothing ----------------

let idleMask = new Uint8Array(16);
let seenCpu = new Uint8Array(16);
let runTask = new Int32Array(16);
let runKey = new Float64Array(16);
let waitTask = new Int32Array(64);
let waitKey = new Float64Array(64);
let waitPinned = new Uint8Array(64);
let cand = new Int32Array(64);
let slotTask = new Int32Array(80);
let slotPinned = new Uint8Array(80);
let order = new Float64Array(80);
let orderSlot = new Int32Array(80);
let matched = new Uint8Array(80);

function grow(nTasks: number, nCpus: number): void {
  if (idleMask.length < nCpus) {
    idleMask = new Uint8Array(nCpus * 2);
    seenCpu = new Uint8Array(nCpus * 2);
    runTask = new Int32Array(nCpus * 2);
    runKey = new Float64Array(nCpus * 2);
  }
  if (waitTask.length < nTasks) {
    waitTask = new Int32Array(nTasks * 2);
    waitKey = new Float64Array(nTasks * 2);
    waitPinned = new Uint8Array(nTasks * 2);
    cand = new Int32Array(nTasks * 2);
  }
  const slots = nTasks + nCpus;
  if (slotTask.length < slots) {
    slotTask = new Int32Array(slots * 2);
    slotPinned = new Uint8Array(slots * 2);
    order = new Float64Array(slots * 2);
    orderSlot = new Int32Array(slots * 2);
    matched = new Uint8Array(slots * 2);
  }
}

/** Per scenario, derived once: 1 for a task allowed on every CPU. */
const fullAffinityOf = new WeakMap<Scenario, Uint8Array>();

function fullAffinity(scenario: Scenario): Uint8Array {
  let full = fullAffinityOf.get(scenario);
  if (!full) {
    full = Uint8Array.from(scenario.tasks, (t) => (new Set(t.affinity).size === scenario.cpus ? 1 : 0));
    fullAffinityOf.set(scenario, full);
  }
  return full;
}

/** [c] for each CPU c: where a pinned task may be, as an affinity list. */
const ownCpu: number[][] = [];

function ownCpuList(c: number): number[] {
  while (ownCpu.length <= c) ownCpu.push([ownCpu.length]);
  return ownCpu[c];
}

// ---- wasted and stranded: idle CPUs matched to waiting tasks ----------------

/**
 * Size of a maximum matching between idle CPUs and the waiting tasks (only the pinned
 * ones when `pinnedOnly`) whose affinity contains them; the matched tasks, chosen best
 * first, are written to `out`.
 */
function rescued(s: GameState, nWaiting: number, idle: number, pinnedOnly: boolean, out: TaskIndex[]): number {
  if (out.length > 0) out.length = 0;
  const specs = s.scenario.tasks;
  const full = fullAffinity(s.scenario);
  let n = 0;
  let allFull = true;
  for (let i = 0; i < nWaiting; i++) {
    if (pinnedOnly && waitPinned[i] === 0) continue;
    const t = waitTask[i];
    if (full[t] === 1) {
      cand[n++] = t;
      continue;
    }
    const aff = specs[t].affinity;
    for (let k = 0; k < aff.length; k++) {
      if (idleMask[aff[k]] === 1) {
        cand[n++] = t;
        allFull = false;
        break;
      }
    }
  }
  if (n === 0) return 0;
  if (allFull) {
    // Any idle CPU serves any candidate: the best `idle` of them are matched.
    const k = n <= idle ? n : bestFirst(s, n, idle);
    for (let i = 0; i < k; i++) out.push(cand[i]);
    return k;
  }
  const sorted = cand.subarray(0, n).sort((a, b) => (wins(s, a, b) ? -1 : 1));
  rescueProblem.cpus = s.cpus.length;
  rescueProblem.n = n;
  rescueProblem.allowed = (i) => specs[sorted[i]].affinity;
  rescueProblem.usable = idleMask;
  const size = matchBestFirst(rescueProblem, matched);
  for (let i = 0; i < n; i++) if (matched[i] === 1) out.push(sorted[i]);
  return size;
}

const rescueProblem: MatchProblem = { cpus: 0, n: 0, allowed: () => [], usable: undefined };

/** Moves the best k of the n candidates, in the engine's order (beats), to the front of `cand`, best first. */
function bestFirst(s: GameState, n: number, k: number): number {
  // Insertion into a sorted prefix of length k: n is a CPU's worth of waiting tasks at most.
  for (let i = 1; i < n; i++) {
    const t = cand[i];
    let j = i < k ? i : k;
    if (j === k && !wins(s, t, cand[k - 1])) continue;
    if (j === k) j = k - 1;
    while (j > 0 && wins(s, t, cand[j - 1])) {
      cand[j] = cand[j - 1];
      j--;
    }
    cand[j] = t;
  }
  return k;
}

// ---- inversion: waiting tasks the ideal schedule runs -----------------------

/**
 * Counts the waiting tasks in the ideal set (see recomputeFigures). Slots 0..nRunning-1
 * are the running tasks, the rest the waiting ones; they are sorted best first by
 * (key, running first) packed into one number, so the sort is numeric and allocation-free.
 * Ties inside a (key, running) group do not change how many of the group are matched
 * (the matched count of a group is the matroid's rank increase), only which.
 */
function inversion(s: GameState, nRunning: number, nWaiting: number): number {
  const full = fullAffinity(s.scenario);
  const n = nRunning + nWaiting;
  let fast = true;
  for (let i = 0; i < n; i++) {
    const running = i < nRunning;
    const t = running ? runTask[i] : waitTask[i - nRunning];
    const key = running ? runKey[i] : waitKey[i - nRunning];
    const pinned = running ? pinnedNow(s, t) : waitPinned[i - nRunning] === 1;
    slotTask[i] = t;
    slotPinned[i] = pinned ? 1 : 0;
    if (!pinned && full[t] === 0) fast = false;
    order[i] = (key * 2 + (running ? 1 : 0)) * n + i;
  }
  const sorted = order.subarray(0, n).sort(); // ascending: best is last
  const m = s.cpus.length;
  return fast ? inversionByRank(s, sorted, n, m) : inversionByMatching(s, sorted, n, nRunning, m);
}

/**
 * Every free task may run anywhere and each pinned task only on its CPU: a set of tasks
 * fits on the machine iff its pinned tasks sit on distinct CPUs and it has at most M
 * tasks, so the ideal set after a prefix of the order has min(M, free + distinct pinned
 * CPUs) tasks. Each waiting group adds what it raises that rank by.
 */
function inversionByRank(s: GameState, sorted: Float64Array, n: number, m: number): number {
  seenCpu.fill(0, 0, m);
  let rankBase = 0;
  let rank = 0;
  let inv = 0;
  let i = n - 1;
  while (i >= 0 && rank < m) {
    const group = Math.floor(sorted[i] / n);
    const before = rank;
    while (i >= 0 && Math.floor(sorted[i] / n) === group) {
      const slot = sorted[i] - group * n;
      if (slotPinned[slot] === 1) {
        const c = s.tasks[slotTask[slot]].cpu;
        if (seenCpu[c] === 0) {
          seenCpu[c] = 1;
          rankBase++;
        }
      } else rankBase++;
      i--;
    }
    rank = rankBase < m ? rankBase : m;
    if (group - 2 * Math.floor(group / 2) === 0) inv += rank - before; // a waiting group (running sets the low bit)
  }
  return inv;
}

/** Restricted affinities: the greedy matching itself, best first, until every CPU is taken. */
function inversionByMatching(s: GameState, sorted: Float64Array, n: number, nRunning: number, m: number): number {
  const specs = s.scenario.tasks;
  for (let k = 0; k < n; k++) {
    const v = sorted[n - 1 - k];
    orderSlot[k] = v - Math.floor(v / n) * n;
  }
  inversionProblem.cpus = m;
  inversionProblem.n = n;
  inversionProblem.limit = m;
  inversionProblem.allowed = (k) => {
    const slot = orderSlot[k];
    const t = slotTask[slot];
    return slotPinned[slot] === 1 ? ownCpuList(s.tasks[t].cpu) : specs[t].affinity;
  };
  matchBestFirst(inversionProblem, matched);
  let inv = 0;
  for (let k = 0; k < n; k++) if (matched[k] === 1 && orderSlot[k] >= nRunning) inv++;
  return inv;
}

const inversionProblem: MatchProblem = { cpus: 0, n: 0, allowed: () => [], limit: 0 };
