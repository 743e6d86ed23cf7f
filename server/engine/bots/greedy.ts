import { NO_DECISIONS, type Decision, type Policy, type PolicyView } from '../policy/types';

/**
 * greedy-global (formerly global-ideal): a greedy global fixed-priority policy, a
 * comparison bot and NOT an upper bound. In its world MD segments neither pin nor
 * block preemption and migrations are free (GameState.cfg.ideal), and after every
 * wakeup and action the M highest-priority runnable tasks are placed one per CPU.
 *
 * Assignment, in priority order: a top task keeps its CPU if no better top task
 * holds it (fewest migrations); the others take the lowest-numbered free CPU in
 * their affinity. Greedy, so with restrictive affinities it can miss a perfect
 * matching; with full affinity every top task runs (zero inversion ticks). Running
 * the M highest at every tick is not optimal for deadlines either: a player (or a
 * naive rule) who runs a lower task earlier can beat it.
 */
/*
 * Scratch buffers of balance(), reused from call to call (it runs every tick; calls
 * never overlap): the top tasks in the engine's order, the CPUs they claim, and the
 * top tasks whose CPU a better one holds.
 */
const top: number[] = [];
const claimed: boolean[] = [];
const homeless: number[] = [];

/** The engine's order: higher key, then earlier enqueue, then lower index. */
function before(v: PolicyView, a: number, b: number): boolean {
  const ta = v.tasks[a], tb = v.tasks[b];
  if (ta.key !== tb.key) return ta.key > tb.key;
  if (ta.seq !== tb.seq) return ta.seq < tb.seq;
  return a < b;
}

export const greedyGlobalBot: Policy<null> = {
  name: 'greedy-global',
  summary: 'Greedy global: the M highest-priority tasks always run, as if nothing were pinned; migration is free. Not an upper bound.',
  init: () => null,
  selectCpu: (v, t) => ({ cpu: v.tasks[t].cpu, rule: 'greedy' }),
  balance(v: PolicyView): readonly Decision[] {
    const tasks = v.tasks;
    const m = v.cpus.length;
    // The M first runnable tasks in the engine's order, by insertion (M is small; no sort, no garbage).
    let n = 0;
    for (let t = 0; t < tasks.length; t++) {
      if (!tasks[t].runnable) continue;
      if (n === m && !before(v, t, top[n - 1])) continue;
      let j = n < m ? n++ : m - 1;
      for (; j > 0 && before(v, t, top[j - 1]); j--) top[j] = top[j - 1];
      top[j] = t;
    }
    if (n === 0) return NO_DECISIONS;
    for (let c = 0; c < m; c++) claimed[c] = false;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const t = top[i];
      const c = tasks[t].cpu;
      if (!claimed[c]) claimed[c] = true;
      else homeless[h++] = t;
    }
    let out: Decision[] | null = null;
    for (let i = 0; i < h; i++) {
      const t = homeless[i];
      const aff = tasks[t].affinity;
      for (let a = 0; a < aff.length; a++) {
        const c = aff[a];
        if (claimed[c]) continue;
        claimed[c] = true;
        (out ??= []).push({ task: t, cpu: c, rule: 'greedy' });
        break;
      }
    }
    return out ?? NO_DECISIONS;
  },
};
