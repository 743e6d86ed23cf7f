import {
  cpuViews, pinnedTasks, scoreOf, summarize,
  type CpuView, type GameState, type Scenario,
} from '../../server/engine';

/**
 * The game view's input: plain data a local engine (solo, replay) or a server
 * frame (classroom) can both produce. Nothing in it refers to a GameState, so the
 * view never depends on where the simulation runs.
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

export interface LiveStats {
  score: number;
  met: number;
  missed: number;
  /** Released, unfinished, deadline not yet passed. */
  pending: number;
  /** CPU-ticks a pinned task waited beside an idle CPU. */
  stranded: number;
  /** CPU-ticks a CPU idled while any waiting task allowed there waited (>= stranded). */
  wasted: number;
  migrations: number;
  refused: number;
  tardiness: number;
}

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
  /** Per-task progress through the current job (runnable tasks), when known (local engine only). */
  progress?: Record<string, TaskProgress>;
  /** Sleeping tasks and the tick of their next release, soonest first (local engine only): the player may choose where they wake. */
  incoming?: { task: string; at: number }[];
}

export function statsOf(s: GameState): LiveStats {
  const m = summarize(s);
  return {
    score: scoreOf(m),
    met: m.met,
    missed: m.missed,
    pending: m.pending,
    stranded: m.strandedCpuTicks,
    wasted: m.wastedCpuTicks,
    migrations: m.migrations,
    refused: m.refusedActions,
    tardiness: m.tardiness,
  };
}

export function progressOf(s: GameState): Record<string, TaskProgress> {
  const out: Record<string, TaskProgress> = {};
  s.tasks.forEach((t, i) => {
    const job = t.jobs[0];
    if (!t.runnable || !job) return;
    out[s.scenario.tasks[i].id] = {
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

/** The view-model of a local engine state. */
export function viewModelOf(s: GameState): GameViewModel {
  return {
    scenario: s.scenario,
    tick: s.tick,
    cpus: cpuViews(s),
    pinned: pinnedTasks(s),
    stats: statsOf(s),
    progress: progressOf(s),
    incoming: incomingOf(s),
  };
}

/** Sleeping tasks released within `lookahead` ticks, soonest first. */
export function incomingOf(s: GameState, lookahead = 30): { task: string; at: number }[] {
  const out: { task: string; at: number }[] = [];
  s.tasks.forEach((t, i) => {
    if (t.runnable || t.jobs.length > 0 || t.nextRelease < s.tick || t.nextRelease >= s.scenario.duration) return;
    if (t.nextRelease - s.tick <= lookahead) out.push({ task: s.scenario.tasks[i].id, at: t.nextRelease });
  });
  return out.sort((a, b) => a.at - b.at || a.task.localeCompare(b.task));
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
