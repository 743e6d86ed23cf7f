import type { GameState } from './types';

export interface TaskSummary {
  jobs: number;
  met: number;
  missed: number;
  tardiness: number;
  meanResponse: number;
  maxResponse: number;
  migrations: number;
  preemptions: number;
  /** Ticks it waited pinned and an idle CPU was matched to it (see strandedCpuTicks). */
  strandedTicks: number;
  /** Ticks it waited, pinned or not, and an idle CPU was matched to it (see wastedCpuTicks). */
  wastedTicks: number;
  ranTicks: number;
  /** Releases dropped by the backlog cap (counted in jobs and missed too). */
  dropped: number;
}

export interface CpuSummary {
  cpu: number;
  busyTicks: number;
  idleTicks: number;
  contextSwitches: number;
  preemptions: number;
  migrationsIn: number;
  migrationsOut: number;
}

export interface MetricsSummary {
  jobs: number;
  met: number;
  missed: number;
  /** Released, not finished, deadline not yet passed when the run ended. */
  pending: number;
  tardiness: number;
  meanResponse: number;
  maxResponse: number;
  /** Per tick, a maximum matching between idle CPUs and pinned waiting tasks allowed there. */
  strandedCpuTicks: number;
  /** Per tick, a maximum matching between idle CPUs and any waiting task allowed there (>= stranded). */
  wastedCpuTicks: number;
  idleCpuTicks: number;
  /** Per tick, waiting tasks that the best affinity-respecting schedule, higher priority first, would run. */
  inversionTicks: number;
  migrations: number;
  playerMigrations: number;
  botMigrations: number;
  preemptions: number;
  contextSwitches: number;
  refusedActions: number;
  /** Releases dropped by the backlog cap (limits.ts), counted in jobs and missed too. */
  dropped: number;
  tasks: Record<string, TaskSummary>;
  cpus: CpuSummary[];
}

/**
 * The run's figures as of now. Tardiness of jobs still unfinished past their
 * deadline is counted up to the current tick (the run's end, once finished).
 */
export function summarize(s: GameState): MetricsSummary {
  const m = s.metrics;
  const now = s.tick;
  let pending = 0;
  let extraTardiness = 0;
  const extraPerTask = new Array<number>(s.tasks.length).fill(0);
  s.tasks.forEach((t, i) => {
    for (const job of t.jobs) {
      if (job.missed) {
        extraTardiness += now - job.deadline;
        extraPerTask[i] += now - job.deadline;
      } else pending++;
    }
  });
  const tasks: Record<string, TaskSummary> = {};
  s.scenario.tasks.forEach((spec, i) => {
    const tm = m.tasks[i];
    tasks[spec.id] = {
      jobs: tm.jobs,
      met: tm.met,
      missed: tm.missed,
      tardiness: tm.tardiness + extraPerTask[i],
      meanResponse: tm.completed ? round2(tm.responseSum / tm.completed) : 0,
      maxResponse: tm.responseMax,
      migrations: tm.migrations,
      preemptions: tm.preemptions,
      strandedTicks: tm.strandedTicks,
      wastedTicks: tm.wastedTicks,
      ranTicks: tm.ranTicks,
      dropped: tm.dropped,
    };
  });
  return {
    jobs: m.jobs,
    met: m.met,
    missed: m.missed,
    pending,
    tardiness: m.tardiness + extraTardiness,
    meanResponse: m.completed ? round2(m.responseSum / m.completed) : 0,
    maxResponse: m.responseMax,
    strandedCpuTicks: m.strandedCpuTicks,
    wastedCpuTicks: m.wastedCpuTicks,
    idleCpuTicks: m.idleCpuTicks,
    inversionTicks: m.inversionTicks,
    migrations: m.migrations,
    playerMigrations: m.playerMigrations,
    botMigrations: m.botMigrations,
    preemptions: m.preemptions,
    contextSwitches: m.contextSwitches,
    refusedActions: m.refusedActions,
    dropped: m.dropped,
    tasks,
    cpus: m.cpus.map((c, cpu) => ({ cpu, ...c })),
  };
}

/** The few figures shown while a run is live (the whole MetricsSummary is for its end). */
export interface LiveStats {
  score: number;
  met: number;
  missed: number;
  /** Jobs released and not yet finished whose deadline has not passed. */
  pending: number;
  /** Lateness so far, jobs still running past their deadline included. */
  tardiness: number;
  /** CPU-ticks a pinned task waited beside an idle CPU it may use (a matching: one task per idle CPU). */
  stranded: number;
  /** CPU-ticks a CPU idled while a waiting task allowed there waited, whatever kept it (pinned, non-preemptible section, no balancer move); >= stranded. */
  wasted: number;
  migrations: number;
  refused: number;
}

/** The live figures, the same as summarize() gives for these fields, without the per-task and per-CPU tables. */
export function liveStats(s: GameState): LiveStats {
  const m = s.metrics;
  let pending = 0;
  let lateness = 0;
  for (const t of s.tasks) {
    for (const job of t.jobs) {
      if (job.missed) lateness += s.tick - job.deadline;
      else pending++;
    }
  }
  const tardiness = m.tardiness + lateness;
  return {
    score: scoreOf({ met: m.met, missed: m.missed, tardiness, strandedCpuTicks: m.strandedCpuTicks }),
    met: m.met,
    missed: m.missed,
    pending,
    tardiness,
    stranded: m.strandedCpuTicks,
    wasted: m.wastedCpuTicks,
    migrations: m.migrations,
    refused: m.refusedActions,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Score (higher is better), an integer:
 *
 *   score = 100 * met - 100 * missed - tardiness - strandedCpuTicks
 *
 * Meeting deadlines is what counts; a miss costs as much as a met job earns, then
 * every tick of lateness and every CPU-tick a pinned task waited beside an idle CPU
 * costs one point. Migrations are not penalised here: their price is physical
 * (`migrationCost` ticks of extra work), paid in the same currency as everything else.
 */
export function scoreOf(m: Pick<MetricsSummary, 'met' | 'missed' | 'tardiness' | 'strandedCpuTicks'>): number {
  return 100 * m.met - 100 * m.missed - m.tardiness - m.strandedCpuTicks;
}

/**
 * How much each growing live figure adds per tick while nothing happens: every late job still
 * alive adds a tick of lateness, and the last tick's stranded and wasted CPU-ticks repeat while
 * the machine stays as it is (the state's figures cache). Lets a client run the figures on
 * between two server frames; a tick that breaks the rule is news and gets a frame.
 */
export interface LiveRates {
  tardiness: number;
  stranded: number;
  wasted: number;
}

export function liveRates(s: GameState): LiveRates {
  let late = 0;
  for (const t of s.tasks) for (const job of t.jobs) if (job.missed) late++;
  return { tardiness: late, stranded: s.cache.stranded, wasted: s.cache.wasted };
}
