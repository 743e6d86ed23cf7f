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
export const greedyGlobalBot: Policy<null> = {
  name: 'greedy-global',
  summary: 'Greedy global: the M highest-priority tasks always run, as if nothing were pinned; migration is free. Not an upper bound.',
  init: () => null,
  selectCpu: (v, t) => ({ cpu: v.tasks[t].cpu, rule: 'greedy' }),
  balance(v: PolicyView): readonly Decision[] {
    const tasks = v.tasks;
    const runnable: number[] = [];
    for (let t = 0; t < tasks.length; t++) if (tasks[t].runnable) runnable.push(t);
    const m = v.cpus.length;
    if (runnable.length === 0) return NO_DECISIONS;
    // The engine's order: higher key, then earlier enqueue, then lower index.
    runnable.sort((a, b) => tasks[b].key - tasks[a].key || tasks[a].seq - tasks[b].seq || a - b);
    const top = runnable.slice(0, m);
    const claimed = new Array<boolean>(m).fill(false);
    const homeless: number[] = [];
    for (const t of top) {
      const c = tasks[t].cpu;
      if (!claimed[c]) claimed[c] = true;
      else homeless.push(t);
    }
    let out: Decision[] | null = null;
    for (const t of homeless) {
      const aff = tasks[t].affinity;
      for (let i = 0; i < aff.length; i++) {
        const c = aff[i];
        if (claimed[c]) continue;
        claimed[c] = true;
        (out ??= []).push({ task: t, cpu: c, rule: 'greedy' });
        break;
      }
    }
    return out ?? NO_DECISIONS;
  },
};
