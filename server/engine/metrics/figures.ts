import { beats, isPinned } from '../runqueue';
import type { Scenario } from '../scenario';
import type { GameState, TaskIndex } from '../types';
import { asTaskIndex, NONE } from '../types';
import { fullMaskFigures } from './full-masks';
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
 * Per task, `strandedTasks` and `wastedTasks` name the tasks matched, chosen and listed
 * best first in the engine's order (beats: key, then enqueue order): the waiting task an
 * idle CPU would have rescued first.
 *
 * When every mask is full (most sets) full-masks.ts counts instead of matching, and
 * keeps its list of waiting tasks across ticks; otherwise the matchings are computed.
 */
export function recomputeFigures(s: GameState): void {
  s.cache.dirty = false;
  if (fullAffinity(s.scenario)[s.tasks.length] === 2) fullMaskFigures(s);
  else restrictedFigures(s);
}

/** Some task has a narrower mask: the matchings themselves, from a scan of every runqueue. */
function restrictedFigures(s: GameState): void {
  const cache = s.cache;
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
      runCpu[nRunning] = c;
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
  cache.inversion = nWaiting > 0 && (idle > 0 || maxWaiting > minRunning) ? inversion(s, nRunning, nWaiting, nPinnedWaiting) : 0;
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
let runTask = new Int32Array(16);
let runCpu = new Int32Array(16);
let runBlocked = new Uint8Array(16);
let runKey = new Float64Array(16);
let waitTask = new Int32Array(64);
let waitKey = new Float64Array(64);
let waitPinned = new Uint8Array(64);
let cand = new Int32Array(64);
let candKey = new Float64Array(64);
let slotTask = new Int32Array(80);
let slotPinned = new Uint8Array(80);
let order = new Float64Array(80);
let orderSlot = new Int32Array(80);
let matched = new Uint8Array(80);

function grow(nTasks: number, nCpus: number): void {
  if (idleMask.length < nCpus) {
    idleMask = new Uint8Array(nCpus * 2);
    runTask = new Int32Array(nCpus * 2);
    runCpu = new Int32Array(nCpus * 2);
    runBlocked = new Uint8Array(nCpus * 2);
    runKey = new Float64Array(nCpus * 2);
  }
  if (waitTask.length < nTasks) {
    waitTask = new Int32Array(nTasks * 2);
    waitKey = new Float64Array(nTasks * 2);
    waitPinned = new Uint8Array(nTasks * 2);
    cand = new Int32Array(nTasks * 2);
    candKey = new Float64Array(nTasks * 2);
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

/**
 * Per scenario, derived once: entry t is 1 for a task allowed on every CPU, else 0; one
 * extra last entry is 2 when every task is, else 0.
 */
const fullAffinityOf = new WeakMap<Scenario, Uint8Array>();

let lastScenario: Scenario | null = null;
let lastFull: Uint8Array = new Uint8Array(1);

function fullAffinity(scenario: Scenario): Uint8Array {
  if (scenario === lastScenario) return lastFull;
  let full = fullAffinityOf.get(scenario);
  if (!full) {
    const n = scenario.tasks.length;
    full = new Uint8Array(n + 1);
    let all = true;
    scenario.tasks.forEach((t, i) => {
      full![i] = new Set(t.affinity).size === scenario.cpus ? 1 : 0;
      if (full![i] === 0) all = false;
    });
    full[n] = all ? 2 : 0;
    fullAffinityOf.set(scenario, full);
  }
  lastScenario = scenario;
  lastFull = full;
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
      candKey[n] = waitKey[i];
      cand[n++] = t;
      continue;
    }
    const aff = specs[t].affinity;
    for (let k = 0; k < aff.length; k++) {
      if (idleMask[aff[k]] === 1) {
        candKey[n] = waitKey[i];
        cand[n++] = t;
        allFull = false;
        break;
      }
    }
  }
  if (n === 0) return 0;
  if (allFull) {
    // Any idle CPU serves any candidate: the best `idle` of them are matched.
    const k = bestFirst(s, n, n <= idle ? n : idle);
    for (let i = 0; i < k; i++) out.push(asTaskIndex(cand[i]));
    return k;
  }
  const sorted = cand.subarray(0, n).sort((a, b) => (wins(s, asTaskIndex(a), asTaskIndex(b)) ? -1 : 1));
  rescueProblem.cpus = s.cpus.length;
  rescueProblem.n = n;
  rescueProblem.allowed = (i) => specs[sorted[i]].affinity;
  rescueProblem.usable = idleMask;
  const size = matchBestFirst(rescueProblem, matched);
  for (let i = 0; i < n; i++) if (matched[i] === 1) out.push(asTaskIndex(sorted[i]));
  return size;
}

const rescueProblem: MatchProblem = { cpus: 0, n: 0, allowed: () => [], usable: undefined };

/** Moves the best k of the n candidates (keys in `candKey`), in the engine's order (beats), to the front of `cand`, best first. */
function bestFirst(s: GameState, n: number, k: number): number {
  // Insertion into a sorted prefix of length k (n is a few waiting tasks); keys decide
  // first, beats() only breaks equal keys.
  for (let i = 1; i < n; i++) {
    const t = asTaskIndex(cand[i]);
    const key = candKey[i];
    let j = i < k ? i : k;
    if (j === k) {
      if (!better(s, t, key, asTaskIndex(cand[k - 1]), candKey[k - 1])) continue;
      j = k - 1;
    }
    while (j > 0 && better(s, t, key, asTaskIndex(cand[j - 1]), candKey[j - 1])) {
      cand[j] = cand[j - 1];
      candKey[j] = candKey[j - 1];
      j--;
    }
    cand[j] = t;
    candKey[j] = key;
  }
  return k;
}

function better(s: GameState, a: TaskIndex, keyA: number, b: TaskIndex, keyB: number): boolean {
  return keyA !== keyB ? keyA > keyB : wins(s, a, b);
}

// ---- inversion: waiting tasks the ideal schedule runs -----------------------

let effWait = new Float64Array(64);
let effRun = new Float64Array(16);

/**
 * Counts the waiting tasks in the ideal set (see recomputeFigures).
 *
 * When every unpinned task involved may run on every CPU, a set of tasks fits on the
 * machine iff it has at most M tasks and its pinned ones sit on distinct CPUs. The greedy
 * then rejects exactly the pinned tasks with a better pinned task on the same CPU
 * ("blocked", whatever the free tasks do) and takes the best M of the others: the
 * rt-migrate-test count on the unblocked tasks. Otherwise (restricted masks) the
 * matching itself decides.
 */
function inversion(s: GameState, nRunning: number, nWaiting: number, nPinnedWaiting: number): number {
  if (!freeTasksMayRunAnywhere(s, nRunning, nWaiting)) return inversionByMatching(s, nRunning, nWaiting);
  let wKeys = waitKey;
  let rKeys = runKey;
  let nW = nWaiting;
  let nR = nRunning;
  if (nPinnedWaiting > 0) {
    // Few tasks wait pinned: drop the blocked ones, pairwise.
    if (effWait.length < nWaiting) effWait = new Float64Array(nWaiting * 2);
    if (effRun.length < nRunning) effRun = new Float64Array(nRunning * 2);
    nW = 0;
    for (let i = 0; i < nWaiting; i++) if (waitPinned[i] === 0 || !waiterBlocked(s, i, nWaiting)) effWait[nW++] = waitKey[i];
    // Only a CPU with a pinned waiter above its running task can block that task.
    for (let j = 0; j < nWaiting; j++) {
      if (waitPinned[j] === 0) continue;
      const c = s.tasks[waitTask[j]].cpu;
      const r = s.cpus[c].running;
      if (r !== IDLE && s.cpus[c].runningKey < waitKey[j] && pinnedNow(s, r)) runBlocked[c] = 1;
    }
    nR = 0;
    for (let i = 0; i < nRunning; i++) {
      const c = runCpu[i];
      if (runBlocked[c] === 1) runBlocked[c] = 0;
      else effRun[nR++] = runKey[i];
    }
    wKeys = effWait;
    rKeys = effRun;
  }
  const free = s.cpus.length - nR;
  return s.cfg.edf ? topBySorting(wKeys, nW, rKeys, nR, free) : topByBuckets(wKeys, nW, rKeys, nR, free);
}

function freeTasksMayRunAnywhere(s: GameState, nRunning: number, nWaiting: number): boolean {
  const full = fullAffinity(s.scenario);
  for (let i = 0; i < nWaiting; i++) if (full[waitTask[i]] === 0 && waitPinned[i] === 0) return false;
  for (let i = 0; i < nRunning; i++) if (full[runTask[i]] === 0 && !pinnedNow(s, asTaskIndex(runTask[i]))) return false;
  return true;
}

/** A pinned waiting task with a better pinned task on its CPU (the running one wins equal keys). */
function waiterBlocked(s: GameState, i: number, nWaiting: number): boolean {
  const c = s.tasks[waitTask[i]].cpu;
  const key = waitKey[i];
  const r = s.cpus[c].running;
  if (r !== IDLE && pinnedNow(s, r) && s.cpus[c].runningKey >= key) return true;
  for (let j = 0; j < nWaiting; j++) {
    if (j === i || waitPinned[j] === 0 || s.tasks[waitTask[j]].cpu !== c) continue;
    if (waitKey[j] > key || (waitKey[j] === key && j < i)) return true;
  }
  return false;
}

/**
 * How many waiting keys are among the best M of waiting and running keys together,
 * with `free` = M - running: the best waiting ones take the free places, then each
 * further waiting key displaces the worst running key still in place while strictly
 * higher (ties go to the running task).
 */
const waitingPerKey = new Int32Array(100);
const runningPerKey = new Int32Array(100);

/** fifo keys are priorities 1..99: count them into buckets instead of sorting. */
function topByBuckets(wKeys: Float64Array, nW: number, rKeys: Float64Array, nR: number, free: number): number {
  let maxW = 0;
  let minR = 100;
  for (let i = 0; i < nW; i++) {
    const k = wKeys[i];
    waitingPerKey[k]++;
    if (k > maxW) maxW = k;
  }
  for (let i = 0; i < nR; i++) {
    const k = rKeys[i];
    runningPerKey[k]++;
    if (k < minR) minR = k;
  }
  const filled = free < nW ? free : nW;
  let inv = filled;
  let skip = filled;
  let wk = maxW;
  let rk = minR;
  let rLeft = 0;
  for (;;) {
    while (wk > 0 && waitingPerKey[wk] === 0) wk--;
    if (wk === 0) break;
    if (skip > 0) {
      const take = skip < waitingPerKey[wk] ? skip : waitingPerKey[wk];
      waitingPerKey[wk] -= take;
      skip -= take;
      continue;
    }
    while (rLeft === 0 && rk < 100) rLeft = runningPerKey[rk++];
    if (rLeft === 0 || wk <= rk - 1) break;
    waitingPerKey[wk]--;
    rLeft--;
    inv++;
  }
  // Only the buckets between the extremes were touched.
  waitingPerKey.fill(0, 0, maxW + 1);
  if (minR < 100) runningPerKey.fill(0, minR);
  return inv;
}

/** edf keys are minus a deadline, any integer: sort the few keys involved. */
function topBySorting(wKeys: Float64Array, nW: number, rKeys: Float64Array, nR: number, free: number): number {
  const w = wKeys.subarray(0, nW).sort(); // ascending: best is last
  const r = rKeys.subarray(0, nR).sort(); // ascending: worst is first
  const filled = free < nW ? free : nW;
  let inv = filled;
  let wi = nW - 1 - filled;
  let ri = 0;
  while (wi >= 0 && ri < nR && w[wi] > r[ri]) {
    inv++;
    wi--;
    ri++;
  }
  return inv;
}

/**
 * Restricted masks: the greedy matching itself, best first, until every CPU is taken.
 * Running and waiting tasks are sorted by (key, running first) packed into one number
 * with their slot; ties inside a group change which of the group are matched, not how many.
 */
function inversionByMatching(s: GameState, nRunning: number, nWaiting: number): number {
  const specs = s.scenario.tasks;
  const m = s.cpus.length;
  const n = nRunning + nWaiting;
  for (let i = 0; i < n; i++) {
    const running = i < nRunning;
    const t = running ? runTask[i] : waitTask[i - nRunning];
    const key = running ? runKey[i] : waitKey[i - nRunning];
    slotTask[i] = t;
    slotPinned[i] = (running ? pinnedNow(s, asTaskIndex(t)) : waitPinned[i - nRunning] === 1) ? 1 : 0;
    order[i] = (key * 2 + (running ? 1 : 0)) * n + i;
  }
  const sorted = order.subarray(0, n).sort(); // ascending: best is last
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
