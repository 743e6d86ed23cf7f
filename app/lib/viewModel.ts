import {
  cpuViews, pinnedTasks, taskProgress,
  type CpuView, type GameState, type LiveStats, type Scenario, type Session, type TaskProgress,
} from '../../server/engine';

export type { LiveStats, TaskProgress };

/**
 * The game view's input: plain data a local engine (solo, replay) or a server
 * frame (classroom) can both produce. Nothing in it refers to a GameState, so the
 * view never depends on where the simulation runs.
 */
export interface GameViewModel {
  /** The parsed scenario: task specs (priority, affinity, body), CPU count, duration. */
  scenario: Scenario;
  /** Ticks run so far (the next tick to run). */
  tick: number;
  /** Each CPU's running task and its queue, best first, after the last tick. */
  cpus: CpuView[];
  /** Tasks inside a migrate_disable() section, with the CPU they are pinned to. */
  pinned: { task: string; cpu: number }[];
  stats: LiveStats;
  /** Per-task progress through the current job (runnable tasks): the local engine's, or a server frame's. */
  progress?: Record<string, TaskProgress>;
  /** Sleeping tasks waking within the announced horizon, soonest first: the player may choose where they wake. */
  incoming?: { task: string; at: number }[];
}

/** Per-task progress of a state here (the engine computes it the same way for server frames). */
export function progressOf(s: GameState): Record<string, TaskProgress> {
  return taskProgress(s);
}

/** The view-model of a session running here (solo play, a replay cursor). */
export function viewModelOf(session: Session): GameViewModel {
  const s = session.state;
  return {
    scenario: s.scenario,
    tick: s.tick,
    cpus: cpuViews(s),
    pinned: pinnedTasks(s),
    stats: session.stats(),
    progress: progressOf(s),
    incoming: session.incoming(),
  };
}

/** How far the head job is through its body, and where its segments (MD or not) sit along it, as fractions. */
export function bodyBar(p: TaskProgress, mdFlags: readonly boolean[]): { done: number; total: number; segments: { from: number; to: number; md: boolean }[] } {
  const total = Math.max(1, p.lens.reduce((a, b) => a + b, 0));
  const segments: { from: number; to: number; md: boolean }[] = [];
  let acc = 0;
  p.lens.forEach((len, i) => {
    segments.push({ from: acc / total, to: (acc + len) / total, md: mdFlags[i] ?? false });
    acc += len;
  });
  const done = p.lens.slice(0, p.seg).reduce((a, b) => a + b, 0) + p.done;
  return { done, total, segments };
}

/**
 * Idle CPUs that some pinned, waiting task could use (one in its affinity): the
 * CPUs "picking their nose" right now. From the view-model alone, so server frames
 * get it too.
 */
export function strandedIdleCpus(model: Pick<GameViewModel, 'scenario' | 'cpus' | 'pinned'>): Set<number> {
  const out = new Set<number>();
  const idle = new Set(model.cpus.filter((c) => c.running === null).map((c) => c.cpu));
  if (idle.size === 0) return out;
  const affinity = new Map(model.scenario.tasks.map((t) => [t.id, t.affinity]));
  for (const pin of model.pinned) {
    if (model.cpus[pin.cpu]?.running === pin.task) continue;
    for (const c of affinity.get(pin.task) ?? []) if (idle.has(c)) out.add(c);
  }
  return out;
}
