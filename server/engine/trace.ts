import { beats, isPinned } from './runqueue';
import type { GameEvent, GameState } from './types';
import { asTaskIndex, NONE } from './types';

export interface CpuView {
  cpu: number;
  running: string | null;
  /** Waiting tasks on this runqueue, best first (the running one excluded). */
  queue: string[];
}

/**
 * The tick's figures, as metrics/figures.ts defines them: what this tick added to the
 * run's idle, stranded, wasted CPU-ticks and inversion ticks, and which tasks the idle
 * CPUs were matched to.
 */
export interface TickFigures {
  idle: number;
  stranded: number;
  wasted: number;
  inversion: number;
  strandedTasks: string[];
  wastedTasks: string[];
}

/**
 * Where a runnable task's head job stands: what a board draws on its chip (the body's
 * segments with the migrate-disabled ones hatched, how far it got, time to its deadline).
 * The same for a run in the browser and a server frame.
 */
export interface TaskProgress {
  /** The head job's segment lengths (drawn for this job), which segment runs, ticks done in it. */
  lens: number[];
  seg: number;
  done: number;
  /** Absolute deadline of the head job. */
  deadline: number;
  missed: boolean;
  /** Extra ticks owed for migrations (migrationCost) before the body continues. */
  costLeft: number;
  /** Jobs queued behind the head one (overruns). */
  backlog: number;
}

export interface TraceLine {
  tick: number;
  cpus: CpuView[];
  pinned: { task: string; cpu: number }[];
  figures: TickFigures;
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

/** Every runnable task's head-job progress, by task id. */
export function taskProgress(s: GameState): Record<string, TaskProgress> {
  const out: Record<string, TaskProgress> = {};
  s.tasks.forEach((t, i) => {
    const job = t.jobs[0];
    if (!t.runnable || !job) return;
    out[s.scenario.tasks[i].id] = {
      // Shared, not copied: a job's segment lengths are drawn once and never change.
      lens: job.lens,
      seg: job.seg,
      done: job.done,
      deadline: job.deadline,
      missed: job.missed,
      costLeft: t.costLeft,
      backlog: t.jobs.length - 1,
    };
  });
  return out;
}

export function pinnedTasks(s: GameState): { task: string; cpu: number }[] {
  const out: { task: string; cpu: number }[] = [];
  for (let t = asTaskIndex(0); t < s.tasks.length; t++) if (isPinned(s, t)) out.push({ task: s.scenario.tasks[t].id, cpu: s.tasks[t].cpu });
  return out;
}

/** The figures of the tick just executed (the state's cache is up to date after every step). */
export function tickFigures(s: GameState): TickFigures {
  const c = s.cache;
  const ids = s.scenario.tasks;
  return {
    idle: c.idle,
    stranded: c.stranded,
    wasted: c.wasted,
    inversion: c.inversion,
    strandedTasks: c.strandedTasks.map((t) => ids[t].id),
    wastedTasks: c.wastedTasks.map((t) => ids[t].id),
  };
}

/** One line of the headless runner's --trace: the tick just executed. */
export function traceLine(s: GameState): TraceLine {
  return { tick: s.tick - 1, cpus: cpuViews(s), pinned: pinnedTasks(s), figures: tickFigures(s), events: s.events };
}
