import type { GameState, TaskState } from '../types';
import type { PolicyView, TaskView } from './types';

/**
 * The policy view, kept by the engine as it goes: every place that changes a task's
 * runqueue, key, job or section updates the view in the same breath (runqueue.ts,
 * step.ts), so handing it to a policy costs nothing per tick. It is derived (not
 * hashed) and plain data: `viewOf` rebuilds it from the state, and the property tests
 * check after every tick that the kept view equals the rebuilt one.
 */

/** The engine's writable side of a PolicyView (policies get it read-only). */
export interface ViewState {
  tick: number;
  class: 'fifo' | 'edf';
  nonPreemptible: boolean;
  migrationCost: number;
  stopperDelay: number;
  cpus: CpuSlot[];
  tasks: TaskView[];
  woken: number[];
}

export interface CpuSlot {
  running: number;
  runningKey: number;
  queue: number[];
  best: number;
}

/** What the view is made of. */
export type ViewSource = Pick<GameState, 'scenario' | 'cfg' | 'tick' | 'tasks' | 'cpus'>;

/** Work left in a task's current job: migration overhead, then the body from where it is. */
export function remainingOf(task: TaskState): number {
  const job = task.jobs[0];
  if (job === undefined) return 0;
  let n = task.costLeft - job.done;
  for (let i = job.seg; i < job.lens.length; i++) n += job.lens[i];
  return n;
}

/** Inside an entered migrate-disabled section (whatever the world: in greedy-global's nothing pins). */
export function inSectionOf(s: ViewSource, t: number): boolean {
  const task = s.tasks[t];
  if (!task.runnable || task.costLeft > 0) return false;
  const job = task.jobs[0];
  return job !== undefined && job.done > 0 && s.scenario.tasks[t].body[job.seg].md;
}

/** The view of a state, built from scratch (a new run, a state read back from JSON, the tests). */
export function viewOf(s: ViewSource): ViewState {
  const specs = s.scenario.tasks;
  return {
    tick: s.tick,
    class: s.cfg.edf ? 'edf' : 'fifo',
    nonPreemptible: s.cfg.nonPreemptible,
    migrationCost: s.cfg.ideal ? 0 : s.cfg.migrationCost,
    stopperDelay: s.cfg.stopperDelay,
    cpus: s.cpus.map((c) => ({ running: c.running, runningKey: c.runningKey, queue: c.queue.slice(), best: bestOf(s, c.queue) })),
    tasks: s.tasks.map((task, t) => {
      const inSection = inSectionOf(s, t);
      const job = task.jobs[0];
      return {
        id: specs[t].id,
        priority: specs[t].priority,
        affinity: specs[t].affinity,
        relativeDeadline: specs[t].deadline,
        key: task.key,
        seq: task.seq,
        cpu: task.cpu,
        runnable: task.runnable,
        inSection,
        pinned: inSection && !s.cfg.ideal,
        switchedOut: task.mdSwitchedOut,
        remaining: remainingOf(task),
        deadline: job === undefined ? -1 : job.deadline,
      };
    }),
    // Wakeups happen in task order, and only a wakeup sets wokeAt.
    woken: s.tasks.flatMap((task, t) => (task.runnable && task.wokeAt === s.tick ? [t] : [])),
  };
}

function bestOf(s: ViewSource, queue: readonly number[]): number {
  let best = -1;
  for (const t of queue) {
    if (best === -1) best = t;
    else {
      const a = s.tasks[t], b = s.tasks[best];
      if (a.key > b.key || (a.key === b.key && (a.seq < b.seq || (a.seq === b.seq && t < best)))) best = t;
    }
  }
  return best;
}

/** A deep copy (cloneState); the static parts (ids, affinities) are shared. */
export function cloneView(v: ViewState): ViewState {
  return {
    ...v,
    cpus: v.cpus.map((c) => ({ ...c, queue: c.queue.slice() })),
    tasks: v.tasks.map((t) => ({ ...t })),
    woken: v.woken.slice(),
  };
}

/** The view as policies take it. */
export function asPolicyView(v: ViewState): PolicyView {
  return v;
}
