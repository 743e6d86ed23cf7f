import { NO_DECISIONS, type Decision, type Policy, type PolicyView } from '../policy/types';

/**
 * shift: Strong APA shifting (Cerqueira, Gujarati, Brandenburg, "Linux's Processor
 * Affinity API, Refined: Shifting Real-Time Tasks Towards Higher Schedulability",
 * RTSS 2014; implemented in RTEMS as the Strong APA scheduler, Dubey et al., EMSOFT
 * 2021). Which tasks run is a bipartite matching of tasks to the CPUs of their
 * affinity masks, built with seniority: tasks are offered best first and each is
 * matched if an augmenting path reaches a free CPU, which may shift better tasks to
 * other CPUs of their masks but never unmatches one. A migrate-disabled task is an
 * APA task whose mask has shrunk to its CPU (Gujarati et al., RTS 2015), so pinned
 * tasks only ever match their own CPU and are never moved.
 *
 * The matched set is the best one in the engine's order (a transversal matroid, see
 * metrics/matching.ts), so after the shifts each CPU's best task is the one matched
 * to it: no inversion that affinity and pins allow to avoid. Each task tries its
 * current CPU first, so a task moves only when a path needs it.
 *
 *  - Wakeup: the waking task goes to the CPU the matching gives it (free: it is the
 *    wakeup decision itself); the shifts of others follow in the same tick's balancing.
 *  - Balancing, every tick some task waits: the tasks matched to another CPU than
 *    their own are moved there (rule `shift`, each paying the migration cost).
 *  - Under preempt_disable a running task inside its section keeps its CPU whatever
 *    its priority (it is offered first).
 */

/*
 * Scratch of assign(), reused from call to call (it runs on most ticks; calls never
 * overlap and each result is read before the next call): the candidates in offer
 * order, owner[c] (the task matched to CPU c, or -1), cpuOf[t] (the CPU task t is
 * matched to, or -1), and the augmenting search's visited stamps.
 */
const cand: number[] = [];
let owner = new Int32Array(16);
let cpuOf = new Int32Array(64);
let seen = new Int32Array(16);
let stamp = 0;

/** Seniority: under preempt_disable a running task inside its section keeps its CPU. */
function holds(v: PolicyView, t: number): boolean {
  const task = v.tasks[t];
  return v.nonPreemptible && task.pinned && v.cpus[task.cpu].running === t;
}

/**
 * The offer order: holders first, then higher key, then earlier enqueue (a waking
 * task is queued last: after every task of its key), then lower index.
 */
function offeredBefore(v: PolicyView, waking: number, a: number, b: number): boolean {
  const ha = holds(v, a), hb = holds(v, b);
  if (ha !== hb) return ha;
  const ka = v.tasks[a].key, kb = v.tasks[b].key;
  if (ka !== kb) return ka > kb;
  const sa = a === waking ? Infinity : v.tasks[a].seq;
  const sb = b === waking ? Infinity : v.tasks[b].seq;
  if (sa !== sb) return sa < sb;
  return a < b;
}

/** Tries CPU c for task t in the current search: free, or its owner re-matched elsewhere. */
function take(v: PolicyView, t: number, c: number): boolean {
  if (seen[c] === stamp) return false;
  seen[c] = stamp;
  const o = owner[c];
  if (o === -1 || augment(v, o)) {
    owner[c] = t;
    cpuOf[t] = c;
    return true;
  }
  return false;
}

/** An augmenting path from task t; allowed CPUs in order, the task's own first: it stays unless a path needs it elsewhere. */
function augment(v: PolicyView, t: number): boolean {
  const task = v.tasks[t];
  const own = task.cpu;
  if (task.pinned) return take(v, t, own);
  const aff = task.affinity;
  const ownAllowed = aff.includes(own);
  if (ownAllowed && take(v, t, own)) return true;
  for (let i = 0; i < aff.length; i++) {
    const c = aff[i];
    if (ownAllowed && c === own) continue;
    if (take(v, t, c)) return true;
  }
  return false;
}

/** Matches the runnable tasks (and `waking`) best first; the result is in `owner` and `cpuOf` until the next call. */
function assign(v: PolicyView, waking: number): void {
  const tasks = v.tasks;
  const m = v.cpus.length;
  // The candidates in offer order, by insertion (a dozen or so: no sort, no garbage).
  let n = 0;
  for (let t = 0; t < tasks.length; t++) {
    if (!tasks[t].runnable && t !== waking) continue;
    let j = n++;
    for (; j > 0 && offeredBefore(v, waking, t, cand[j - 1]); j--) cand[j] = cand[j - 1];
    cand[j] = t;
  }
  if (owner.length < m) {
    owner = new Int32Array(m);
    seen = new Int32Array(m);
  }
  if (cpuOf.length < tasks.length) cpuOf = new Int32Array(tasks.length);
  owner.fill(-1, 0, m);
  cpuOf.fill(-1, 0, tasks.length);
  let matched = 0;
  for (let i = 0; i < n; i++) {
    if (matched === m) break;
    if (++stamp === 0x7fffffff) {
      seen.fill(0);
      stamp = 1;
    }
    if (augment(v, cand[i])) matched++;
  }
}

/** Does some CPU have a task waiting? If not, every runnable task runs and there is nothing to shift. */
function someoneWaits(v: PolicyView): boolean {
  for (const c of v.cpus) if (c.queue.length > 1) return true;
  return false;
}

export const shiftBot: Policy<null> = {
  name: 'shift',
  summary: 'Strong APA shifting (Cerqueira et al., RTSS 2014; RTEMS): the best set of tasks runs, found as a bipartite matching; better tasks shift along their masks to make room.',
  init: () => null,
  selectCpu(v, t) {
    assign(v, t);
    const c = cpuOf[t];
    return c === -1 ? { cpu: v.tasks[t].cpu, rule: 'prev-cpu' } : { cpu: c, rule: 'shift' };
  },
  balance(v): readonly Decision[] {
    if (!someoneWaits(v)) return NO_DECISIONS;
    assign(v, -1);
    let out: Decision[] | null = null;
    for (let c = 0; c < v.cpus.length; c++) {
      const t = owner[c];
      if (t !== -1 && v.tasks[t].cpu !== c) (out ??= []).push({ task: t, cpu: c, rule: 'shift' });
    }
    return out ?? NO_DECISIONS;
  },
};
