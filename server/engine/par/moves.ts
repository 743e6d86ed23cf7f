import { currentOn, isPinned } from '../runqueue';
import type { Action, CpuId, GameState, TaskIndex } from '../types';
import { asCpuId, asTaskIndex, NO_KEY, NONE } from '../types';

/**
 * The runqueues as the player sees them at step 2 of tick `s.tick` (after this tick's
 * releases, before the balancer): `s` (the state before the tick) plus each waking
 * task on the CPU its wakeup placement chose (`landed`, read off a dry run of the tick).
 */
export interface View {
  s: GameState;
  /** Tasks waking this tick and where the balancer's placement put them. */
  landed: ReadonlyMap<TaskIndex, CpuId>;
  queues: TaskIndex[][];
  keys: number[];
  seqs: number[];
  /** Tasks already moved this tick, and where (a chain of moves is planned on one view). */
  moved: ReadonlyMap<TaskIndex, CpuId>;
}

export function viewOf(s: GameState, landed: ReadonlyMap<TaskIndex, CpuId>): View {
  const queues = s.cpus.map((c) => c.queue.slice());
  const keys = s.tasks.map((t) => t.key);
  const seqs = s.tasks.map((t) => t.seq);
  let seq = s.seq;
  for (const [t, cpu] of landed) {
    queues[cpu].push(t);
    if (s.cfg.edf) keys[t] = -(s.tick + s.scenario.tasks[t].deadline);
    seqs[t] = ++seq;
  }
  return { s, landed, queues, keys, seqs, moved: new Map() };
}

function beatsIn(v: View, a: TaskIndex, b: TaskIndex): boolean {
  if (v.keys[a] !== v.keys[b]) return v.keys[a] > v.keys[b];
  if (v.seqs[a] !== v.seqs[b]) return v.seqs[a] < v.seqs[b];
  return a < b;
}

/** What CPU `c` would run if nobody moved anything: the best queued task, or a non-preemptible current one. */
export function runnerIn(v: View, c: CpuId): TaskIndex {
  const s = v.s;
  if (s.cfg.nonPreemptible) {
    const cur = currentOn(s, c);
    if (cur !== NONE && isPinned(s, cur)) return cur;
  }
  let best: TaskIndex = NONE;
  for (const t of v.queues[c]) if (best === NONE || beatsIn(v, t, best)) best = t;
  return best;
}

/** Would task `t` run on CPU `d` if it moved there (a newcomer loses priority ties)? */
function wouldRunOn(v: View, t: TaskIndex, d: CpuId, runner: TaskIndex): boolean {
  const s = v.s;
  if (runner === NONE) return true;
  if (s.cfg.nonPreemptible && runner === currentOn(s, d) && isPinned(s, runner)) return false;
  return v.keys[t] > v.keys[runner];
}

/** The task's CPU in the view (a waker's is where it landed). */
export function cpuIn(v: View, t: TaskIndex): CpuId {
  return v.moved.get(t) ?? v.landed.get(t) ?? v.s.tasks[t].cpu;
}

export function runnableIn(v: View, t: TaskIndex): boolean {
  return v.landed.has(t) || v.s.tasks[t].runnable;
}

function actionFor(v: View, t: TaskIndex, cpu: CpuId): Action {
  return { tick: v.s.tick, type: v.landed.has(t) ? 'place' : 'migrate', task: v.s.scenario.tasks[t].id, cpu };
}

/**
 * The moves worth trying at a decision point. A task may move when it waits (something
 * else runs on its CPU) or when it runs but others wait behind it (moving it frees its
 * CPU); it moves only where it would run at once: to every idle CPU of its affinity,
 * and to the busy CPUs whose runner is the lowest it would preempt. A waking task is
 * placed (its wakeup decision, free of migration cost) rather than migrated.
 */
export function candidateMoves(v: View): Action[] {
  const s = v.s;
  const m = s.cpus.length;
  const runners = Array.from({ length: m }, (_, c) => runnerIn(v, asCpuId(c)));
  const out: Action[] = [];
  for (let i = 0; i < s.tasks.length; i++) {
    const t = asTaskIndex(i);
    if (!runnableIn(v, t) || isPinned(s, t) || v.moved.has(t)) continue;
    const c = cpuIn(v, t);
    // A task running alone may still move out of the way of a chain of shifts, but only
    // to an idle CPU (anywhere else it would preempt, and gain nothing by itself).
    const alone = runners[c] === t && v.queues[c].length < 2;
    let lowest = Infinity;
    const idle: CpuId[] = [];
    const low: CpuId[] = [];
    for (const x of s.scenario.tasks[t].affinity) {
      const d = asCpuId(x);
      if (d === c || !wouldRunOn(v, t, d, runners[d])) continue;
      if (runners[d] === NONE) {
        idle.push(d);
        continue;
      }
      const k = v.keys[runners[d]];
      if (k < lowest) {
        lowest = k;
        low.length = 0;
      }
      if (k === lowest) low.push(d);
    }
    for (const d of idle) out.push(actionFor(v, t, d));
    if (!alone) for (const d of low) out.push(actionFor(v, t, d));
  }
  return out;
}

/** The view after a move (a copy: `v` is left as it was). */
export function afterMove(v: View, a: Action, t: TaskIndex): View {
  const queues = v.queues.map((q) => q.slice());
  const from = cpuIn(v, t);
  queues[from].splice(queues[from].indexOf(t), 1);
  queues[a.cpu].push(t);
  const landed = new Map(v.landed);
  if (landed.has(t)) landed.set(t, asCpuId(a.cpu));
  const seqs = v.seqs.slice();
  seqs[t] = Math.max(...seqs) + 1;
  return { ...v, landed, queues, seqs, moved: new Map(v.moved).set(t, asCpuId(a.cpu)) };
}

/**
 * The naive rule a player might follow (issue 9's "greedy rule"): a waking task goes to
 * an idle CPU of its affinity, else to the CPU running the lowest unpinned task below
 * it; a waiting, unpinned task goes to an idle CPU. Each move updates the view.
 */
export function greedyMoves(v: View): Action[] {
  const s = v.s;
  const m = s.cpus.length;
  const runners = Array.from({ length: m }, (_, c) => runnerIn(v, asCpuId(c)));
  const cpuOf = new Map<TaskIndex, CpuId>();
  const out: Action[] = [];
  const move = (t: TaskIndex, from: CpuId, to: CpuId): void => {
    out.push(actionFor(v, t, to));
    cpuOf.set(t, to);
    v.queues[from].splice(v.queues[from].indexOf(t), 1);
    v.queues[to].push(t);
    runners[from] = runnerIn(v, from);
    runners[to] = runnerIn(v, to);
  };
  const queuesBefore = v.queues.map((q) => q.slice());
  for (const [t] of v.landed) {
    const c = cpuIn(v, t);
    if (runners[c] === t && v.queues[c].length === 1) continue;
    const aff = s.scenario.tasks[t].affinity;
    const idle = aff.find((d) => d !== c && runners[d] === NONE);
    if (idle !== undefined) {
      move(t, c, asCpuId(idle));
      continue;
    }
    if (runners[c] === t) continue;
    let target: CpuId = NONE;
    let key = NO_KEY;
    for (const x of aff) {
      const d = asCpuId(x);
      const r = runners[d];
      if (d === c || r === NONE || isPinned(s, r) || !wouldRunOn(v, t, d, r)) continue;
      if (target === NONE || v.keys[r] < key) {
        target = d;
        key = v.keys[r];
      }
    }
    if (target !== NONE) move(t, c, target);
  }
  for (let i = 0; i < s.tasks.length; i++) {
    const t = asTaskIndex(i);
    if (!runnableIn(v, t) || isPinned(s, t)) continue;
    const c = cpuOf.get(t) ?? cpuIn(v, t);
    if (runners[c] === t) continue;
    const idle = s.scenario.tasks[t].affinity.find((d) => d !== c && runners[d] === NONE);
    if (idle !== undefined) move(t, c, asCpuId(idle));
  }
  v.queues = queuesBefore;
  return out;
}
