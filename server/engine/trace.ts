import { beats, isPinned } from './runqueue';
import type { GameEvent, GameState } from './types';
import { asTaskIndex, NONE } from './types';

export interface CpuView {
  cpu: number;
  running: string | null;
  /** Waiting tasks on this runqueue, best first (the running one excluded). */
  queue: string[];
}

export interface TraceLine {
  tick: number;
  cpus: CpuView[];
  pinned: { task: string; cpu: number }[];
  events: GameEvent[];
}

/** Each CPU's running task and queue (best first), as of the last executed tick. */
export function cpuViews(s: GameState): CpuView[] {
  const ids = s.scenario.tasks;
  return s.cpus.map((c, cpu) => {
    const waiting = c.queue.filter((t) => t !== c.running).sort((a, b) => (beats(s, a, b) ? -1 : 1));
    return { cpu, running: c.running === NONE ? null : ids[c.running].id, queue: waiting.map((t) => ids[t].id) };
  });
}

export function pinnedTasks(s: GameState): { task: string; cpu: number }[] {
  const out: { task: string; cpu: number }[] = [];
  for (let t = asTaskIndex(0); t < s.tasks.length; t++) if (isPinned(s, t)) out.push({ task: s.scenario.tasks[t].id, cpu: s.tasks[t].cpu });
  return out;
}

/** One line of the headless runner's --trace: the tick just executed. */
export function traceLine(s: GameState): TraceLine {
  return { tick: s.tick - 1, cpus: cpuViews(s), pinned: pinnedTasks(s), events: s.events };
}
