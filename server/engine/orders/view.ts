import { beats, currentOn, isPinned } from '../runqueue';
import type { GameState, TaskIndex } from '../types';
import { asCpuId, NONE } from '../types';

/**
 * Read-only questions about a state before its next tick runs, as a player sees it:
 * which task each CPU would run, who waits, who wakes now. Nothing here writes to the
 * state (not even the runqueue caches), so orders and decision points can be asked
 * at any time without changing a run.
 */

/** The task a CPU would pick if nothing moved (step 4's rule, computed without touching the cache). */
export function runnerOn(s: GameState, cpu: number): number {
  if (s.cfg.nonPreemptible) {
    const cur = currentOn(s, asCpuId(cpu));
    if (cur !== NONE && isPinned(s, cur)) return cur;
  }
  const q = s.cpus[cpu].queue;
  let best: number = NONE;
  for (let i = 0; i < q.length; i++) {
    if (best === NONE || beats(s, q[i], best as TaskIndex)) best = q[i];
  }
  return best;
}

/** Tasks asleep now that wake on the next tick to run, in task order. */
export function wakersNow(s: GameState): number[] {
  const out: number[] = [];
  if (s.tick >= s.scenario.duration) return out;
  for (let t = 0; t < s.tasks.length; t++) {
    const task = s.tasks[t];
    if (!task.runnable && task.nextRelease === s.tick) out.push(t);
  }
  return out;
}

/** How urgent a task is, higher first: its scheduling key, or the key it will wake with. */
export function urgency(s: GameState, t: number): number {
  const task = s.tasks[t];
  if (task.runnable) return task.key;
  const spec = s.scenario.tasks[t];
  return s.cfg.edf ? -(s.tick + spec.deadline) : spec.priority;
}

/** Most urgent first; equal urgency by task order (the scenario's), so the order is total. */
export function byUrgency(s: GameState, tasks: number[]): number[] {
  return tasks.sort((a, b) => urgency(s, b) - urgency(s, a) || a - b);
}

export function pinned(s: GameState, t: number): boolean {
  return isPinned(s, t as TaskIndex);
}

export function allowed(s: GameState, t: number, cpu: number): boolean {
  return s.scenario.tasks[t].affinity.includes(cpu);
}
