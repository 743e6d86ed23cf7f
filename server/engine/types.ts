import type { Json, Policy, PolicyRefusal } from './policy/types';
import type { ViewState } from './policy/view';
import type { RngState } from './prng';
import type { RuleName } from './rules';
import type { BotName, Scenario } from './scenario';

/**
 * Units and ids as types. They are plain numbers at run time; the brands stop a tick
 * from being passed where a CPU number is expected, and a bare number from passing as
 * either. Numbers become ids only where they enter: parsing (scenarios, actions,
 * messages) and the constructors below; arithmetic gives plain numbers back.
 */
export type Tick = number & { readonly __brand: 'Tick' };
/** CPU number, 0..cpus-1. */
export type CpuId = number & { readonly __brand: 'CpuId' };
/** A task's index in `scenario.tasks` (its `id` string is for people and files). */
export type TaskIndex = number & { readonly __brand: 'TaskIndex' };
/** Job number, unique within one run, in release order. */
export type JobId = number & { readonly __brand: 'JobId' };

export const asTick = (n: number): Tick => n as Tick;
export const asCpuId = (n: number): CpuId => n as CpuId;
export const asTaskIndex = (n: number): TaskIndex => n as TaskIndex;
export const asJobId = (n: number): JobId => n as JobId;

/**
 * No task, no CPU, no tick: -1, never a real one. Its brand is `never`, so it is
 * accepted as every id and unit above (and nothing else is).
 */
export const NONE = -1 as -1 & { readonly __brand: never };

/**
 * The scheduling key of "no task": below every real key (fifo keys are 1..99, edf keys
 * minus a deadline of at most a few million ticks). A finite number, so states survive JSON.
 */
export const NO_KEY = Number.MIN_SAFE_INTEGER;

export interface JobState {
  id: JobId;
  release: Tick;
  /** Absolute deadline: the job must have executed its last tick before this tick starts. */
  deadline: Tick;
  /** Segment lengths drawn for this job (the `md` flags live in the task's spec). */
  lens: number[];
  /** Index of the segment being executed. */
  seg: number;
  /** Ticks executed of the current segment. */
  done: number;
  missed: boolean;
}

export interface TaskState {
  /** Runqueue the task is on while runnable; its last CPU while asleep. */
  cpu: CpuId;
  runnable: boolean;
  /** Active jobs, oldest first: a release during an overrun queues behind (one thread per task). */
  jobs: JobState[];
  /** Enqueue order, the FIFO tie-break: set on wakeup and migration, kept on preemption. */
  seq: number;
  /** Scheduling key, higher wins: the priority under fifo, minus the absolute deadline under edf. */
  key: number;
  /** Next release tick, or NONE. */
  nextRelease: Tick;
  /** Position in an explicit `at` release list. */
  releaseIdx: number;
  /** Tick of the last wakeup: a `place` action is only valid on that tick, before the task runs. */
  wokeAt: Tick;
  /** Extra work owed for migrations (migrationCost), executed before the body continues. */
  costLeft: number;
  /** How many jobs at the head of `jobs` are already marked missed. */
  missedPrefix: number;
  /**
   * Switched out at least once inside the current migrate-disabled section (the lazy
   * RT patch's migrate_disable_scheduled): pre-5.11 its nr_cpus_allowed stays 1
   * until migrate_enable (C1). Cleared when the section ends.
   */
  mdSwitchedOut: boolean;
}

export interface CpuState {
  /** Task picked in the last executed tick (NONE when idle), the `rq->curr` bots reason about. */
  running: TaskIndex;
  /** Key of `running` when it was picked: a CPU "demotes" when its next pick is lower (R7). */
  runningKey: number;
  /** Runnable tasks on this runqueue, the running one included, in no particular order. */
  queue: TaskIndex[];
  /** Cached best queued task (derived, not hashed): valid while `stale` is false. */
  best: TaskIndex;
  /** Set whenever the queue or a queued task's key changes. */
  stale: boolean;
}

export interface TaskMetrics {
  jobs: number;
  met: number;
  missed: number;
  completed: number;
  /** Sum over completed missed jobs of (completion - deadline); unfinished ones are added by summarize(). */
  tardiness: number;
  responseSum: number;
  responseMax: number;
  migrations: number;
  preemptions: number;
  /** Ticks this task waited pinned and was matched to an idle CPU in the stranded matching (figures.ts). */
  strandedTicks: number;
  /** Ticks this task waited and was matched to an idle CPU in the wasted matching, pinned or not. */
  wastedTicks: number;
  ranTicks: number;
  /** Releases dropped by the backlog cap (limits.ts), each also counted in `jobs` and `missed`. */
  dropped: number;
}

export interface CpuMetrics {
  busyTicks: number;
  idleTicks: number;
  contextSwitches: number;
  preemptions: number;
  migrationsIn: number;
  migrationsOut: number;
}

export interface RunMetrics {
  jobs: number;
  met: number;
  missed: number;
  completed: number;
  tardiness: number;
  responseSum: number;
  responseMax: number;
  strandedCpuTicks: number;
  /** Idle CPU-ticks a waiting task allowed there could have used, whatever kept it waiting. */
  wastedCpuTicks: number;
  idleCpuTicks: number;
  inversionTicks: number;
  migrations: number;
  playerMigrations: number;
  botMigrations: number;
  preemptions: number;
  contextSwitches: number;
  refusedActions: number;
  /** Releases dropped by the backlog cap (limits.ts), each also counted in `jobs` and `missed`. */
  dropped: number;
  tasks: TaskMetrics[];
  cpus: CpuMetrics[];
}

export interface PhysicsConfig {
  bot: BotName;
  /** greedy-global's world: MD segments neither pin nor block preemption, migrations are free. */
  ideal: boolean;
  /** mdMode preempt_disable: an entered MD segment is non-preemptible. */
  nonPreemptible: boolean;
  edf: boolean;
  migrationCost: number;
  stopperDelay: number;
}

export interface GameState {
  /** State layout version, part of the hash. */
  v: 1;
  scenario: Scenario;
  seed: number;
  cfg: PhysicsConfig;
  /** The next tick to execute; the run is over when tick === scenario.duration. */
  tick: Tick;
  rng: RngState;
  /** Enqueue counter for TaskState.seq. */
  seq: number;
  /** Last JobId handed out. */
  jobSeq: number;
  tasks: TaskState[];
  cpus: CpuState[];
  /**
   * The balancing policy's private state (policy/types.ts): plain JSON that only the
   * policy reads and changes, cloned and hashed with the rest of the state.
   */
  policy: Json;
  /**
   * A balancer given as an object (GameOptions.policy), called instead of cfg.bot's.
   * Code, not data: shared by copies of the state, lost by a JSON copy (give it again).
   */
  userPolicy?: Policy;
  /** What the policy sees (policy/view.ts): derived, kept up to date as the state changes, not hashed. */
  view: ViewState;
  metrics: RunMetrics;
  /** Per-tick topology figures cached while nothing moved (a speed-up, derived, not hashed). */
  cache: {
    dirty: boolean;
    idle: number;
    stranded: number;
    inversion: number;
    strandedTasks: TaskIndex[];
    wasted: number;
    wastedTasks: TaskIndex[];
    /** No release happens before this tick (a lower bound: scanning early is harmless). */
    releaseBound: number;
    /** No unmissed active job has a deadline before this tick (a lower bound). */
    deadlineBound: number;
  };
  /** What happened during the last executed tick. */
  events: GameEvent[];
}

/** Who moved a task: a player (and which), or a bot (and which kernel rule). */
export type Mover =
  | { by: 'player'; player?: string }
  | { by: 'bot'; bot: BotName; rule: RuleName };

export type GameEvent =
  /**
   * `work`: the job's total length in ticks, as drawn. `backlog`: released while an earlier job still ran.
   * `dropped`: the task already had MAX_LIVE_JOBS live jobs; this one never runs (a `miss` follows at once).
   */
  | { type: 'release'; task: string; job: JobId; cpu: CpuId; deadline: Tick; work: number; backlog: boolean; rule?: RuleName; dropped?: true }
  | { type: 'switch'; cpu: CpuId; from: string | null; to: string | null; preempted: boolean }
  | { type: 'migrate'; task: string; from: CpuId; to: CpuId; running: boolean; cost: number } & Mover
  | { type: 'place'; task: string; from: CpuId; to: CpuId; player?: string }
  | { type: 'md-enter'; task: string; cpu: CpuId }
  | { type: 'md-exit'; task: string; cpu: CpuId }
  | { type: 'complete'; task: string; job: JobId; cpu: CpuId; response: number; met: boolean }
  /** `dropped`: missed because the backlog cap dropped it at release (its deadline is still ahead). */
  | { type: 'miss'; task: string; job: JobId; deadline: Tick; dropped?: true }
  | { type: 'refused'; action: Action; reason: RefusalReason }
  /** A kernel decision that moved nothing but explains why (stopper queued, push blocked, MDF_PUSH set...). */
  | { type: 'kernel'; bot: BotName; rule: RuleName; cpu: CpuId; task?: string; note: string }
  /** Something the balancing policy answered that the engine refused (nothing changed); task and cpu when they were numbers. */
  | { type: 'policy-refused'; bot: BotName; reason: PolicyRefusal; task?: string; cpu?: number };

export const REFUSAL_REASONS = [
  'unknown-task',
  'unknown-cpu',
  'not-runnable',
  'pinned',
  'affinity',
  'same-cpu',
  'not-owner',
  'not-waking',
  'wrong-tick',
  'finished',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Player actions. `owned`, when given, limits the actor to tasks on those CPUs (co-op seats). */
export type Action =
  | { tick: number; type: 'migrate'; task: string; cpu: number; player?: string; owned?: number[] }
  | { tick: number; type: 'place'; task: string; cpu: number; player?: string; owned?: number[] };
