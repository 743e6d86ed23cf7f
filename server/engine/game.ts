import { getBot } from './bots';
import type { Policy } from './policy/types';
import { cloneJson } from './policy/json';
import { cloneView, viewOf } from './policy/view';
import { cloneRng, intInRange, seedRng } from './prng';
import type { BotName, Scenario } from './scenario';
import type { CpuMetrics, CpuState, GameState, PhysicsConfig, RunMetrics, TaskMetrics, TaskState } from './types';
import { asTick, NO_KEY, NONE } from './types';

export interface GameOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's balancer. */
  bot?: BotName;
  /**
   * A balancer given as an object instead of a built-in bot (user code run through
   * the sandbox, server/sandbox): it replaces `bot`, and the run's `cfg.bot` is `none`
   * (no built-in balancer; the physics of a non-ideal world).
   */
  policy?: Policy;
  /** Overrides the scenario's mdMode (the preempt_disable side of the lesson). */
  mdMode?: Scenario['mdMode'];
}

function emptyTaskMetrics(): TaskMetrics {
  return { jobs: 0, met: 0, missed: 0, completed: 0, tardiness: 0, responseSum: 0, responseMax: 0, migrations: 0, preemptions: 0, strandedTicks: 0, wastedTicks: 0, ranTicks: 0, dropped: 0 };
}

function emptyCpuMetrics(): CpuMetrics {
  return { busyTicks: 0, idleTicks: 0, contextSwitches: 0, preemptions: 0, migrationsIn: 0, migrationsOut: 0 };
}

function emptyMetrics(s: Scenario): RunMetrics {
  return {
    jobs: 0, met: 0, missed: 0, completed: 0, tardiness: 0, responseSum: 0, responseMax: 0,
    strandedCpuTicks: 0, wastedCpuTicks: 0, idleCpuTicks: 0, inversionTicks: 0,
    migrations: 0, playerMigrations: 0, botMigrations: 0, preemptions: 0, contextSwitches: 0, refusedActions: 0, dropped: 0,
    tasks: s.tasks.map(emptyTaskMetrics),
    cpus: Array.from({ length: s.cpus }, emptyCpuMetrics),
  };
}

/** The initial state of a run: nothing released yet, tick 0 next. */
export function createGame(scenario: Scenario, options: GameOptions = {}): GameState {
  const seed = options.seed ?? scenario.seed;
  const userPolicy = options.policy;
  const bot = userPolicy ? 'none' : options.bot ?? scenario.balancer;
  const mdMode = options.mdMode ?? scenario.mdMode;
  const rng = seedRng(seed);
  const tasks: TaskState[] = scenario.tasks.map((spec) => ({
    cpu: spec.cpu,
    runnable: false,
    jobs: [],
    seq: 0,
    key: spec.priority,
    nextRelease: NONE,
    releaseIdx: 0,
    wokeAt: NONE,
    costLeft: 0,
    missedPrefix: 0,
    mdSwitchedOut: false,
  }));
  // First releases, in task order, so sporadic offsets draw nothing and the PRNG
  // stream stays independent of how many ticks have run.
  scenario.tasks.forEach((spec, i) => {
    const r = spec.release;
    tasks[i].nextRelease = r.kind === 'at' ? asTick(r.times[0] ?? NONE) : asTick(r.offset);
  });
  const ideal = bot === 'greedy-global';
  const cfg: PhysicsConfig = {
    bot,
    ideal,
    nonPreemptible: mdMode === 'preempt_disable' && !ideal,
    edf: scenario.class === 'edf',
    migrationCost: scenario.migrationCost,
    stopperDelay: scenario.stopperDelay,
  };
  const cpus: CpuState[] = Array.from({ length: scenario.cpus }, () => ({ running: NONE, runningKey: NO_KEY, queue: [], best: NONE, stale: true }));
  const view = viewOf({ scenario, cfg, tick: asTick(0), tasks, cpus });
  return {
    v: 1,
    scenario,
    seed,
    cfg,
    tick: asTick(0),
    rng,
    seq: 0,
    jobSeq: 0,
    tasks,
    cpus,
    policy: (userPolicy ?? getBot(bot)).init(view),
    ...(userPolicy ? { userPolicy } : {}),
    view,
    metrics: emptyMetrics(scenario),
    cache: { dirty: true, idle: 0, stranded: 0, inversion: 0, strandedTasks: [], wasted: 0, wastedTasks: [], releaseBound: 0, deadlineBound: 0 },
    events: [],
  };
}

/**
 * A deep copy of everything step() mutates. The scenario is immutable and shared;
 * events are replaced every tick, so they are shared too.
 */
export function cloneState(s: GameState): GameState {
  return {
    ...s,
    rng: cloneRng(s.rng),
    tasks: s.tasks.map((t) => ({ ...t, jobs: t.jobs.map((j) => ({ ...j, lens: j.lens.slice() })) })),
    cpus: s.cpus.map((c) => ({ ...c, queue: c.queue.slice() })),
    policy: cloneJson(s.policy),
    view: cloneView(s.view),
    metrics: { ...s.metrics, tasks: s.metrics.tasks.map((t) => ({ ...t })), cpus: s.metrics.cpus.map((c) => ({ ...c })) },
    cache: { ...s.cache, strandedTasks: s.cache.strandedTasks.slice(), wastedTasks: s.cache.wastedTasks.slice() },
  };
}

export function isFinished(s: GameState): boolean {
  return s.tick >= s.scenario.duration;
}

/** Draws a job's segment lengths, in segment order. */
export function drawLengths(s: GameState, taskIndex: number): number[] {
  const body = s.scenario.tasks[taskIndex].body;
  const lens = new Array<number>(body.length);
  for (let i = 0; i < body.length; i++) {
    const len = body[i].length;
    lens[i] = typeof len === 'number' ? len : intInRange(s.rng, len[0], len[1]);
  }
  return lens;
}
