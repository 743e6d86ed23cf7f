import { beats, migrate } from '../runqueue';
import type { GameState, TaskIndex } from '../types';
import { asCpuId, asTaskIndex } from '../types';
import type { Bot } from './types';

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
export const greedyGlobalBot: Bot = {
  name: 'greedy-global',
  summary: 'Greedy global: the M highest-priority tasks always run, as if nothing were pinned; migration is free. Not an upper bound.',
  selectCpu: (s, t) => ({ cpu: s.tasks[t].cpu, rule: 'greedy' }),
  balance(s: GameState) {
    const runnable: TaskIndex[] = [];
    for (let t = asTaskIndex(0); t < s.tasks.length; t++) if (s.tasks[t].runnable) runnable.push(t);
    const m = s.cpus.length;
    if (runnable.length === 0) return;
    runnable.sort((a, b) => (beats(s, a, b) ? -1 : 1));
    const top = runnable.slice(0, m);
    const claimed = new Array<boolean>(m).fill(false);
    const homeless: TaskIndex[] = [];
    for (const t of top) {
      const c = s.tasks[t].cpu;
      if (!claimed[c]) claimed[c] = true;
      else homeless.push(t);
    }
    for (const t of homeless) {
      const aff = s.scenario.tasks[t].affinity;
      for (let i = 0; i < aff.length; i++) {
        const c = asCpuId(aff[i]);
        if (claimed[c]) continue;
        claimed[c] = true;
        migrate(s, t, c, { by: 'bot', bot: 'greedy-global', rule: 'greedy' });
        break;
      }
    }
  },
};
