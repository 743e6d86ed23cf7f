import { z } from 'zod';
import { generateScenario } from './generate';
import { simulate } from './replay';
import { BOT_NAMES, MAX_CPUS, MAX_DURATION, MAX_TASKS, MD_MODES, normalizeBotName, SCHED_CLASSES, type MdMode, type SchedClass, type Scenario } from './scenario';
import type { MetricsSummary } from './summary';

/**
 * A lab experiment (issue 12): generated task sets swept over utilisation and the share
 * of jobs with a migrate_disable() section, every balancer on the same sets. One
 * description for the command-line lab (`npm run lab -- --experiment file.json`) and the
 * browser lab, so both generate the same sets (generate.ts) and give the same figures.
 */

/** A balancer in an experiment: a built-in bot's name, or `policy:<file>` for user code. */
export const USER_POLICY_PREFIX = 'policy:';

const share = (what: string) => z.number({ error: `${what} must be a number` }).min(0, `${what} must be >= 0`).max(1, `${what} must be <= 1`);
const int = (what: string, lo: number, hi: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(lo, `${what} must be >= ${lo}`).max(hi, `${what} must be <= ${hi}`);

const botSchema = z.string().transform((b, ctx): string => {
  if (b.startsWith(USER_POLICY_PREFIX) && b.length > USER_POLICY_PREFIX.length) return b;
  const name = normalizeBotName(b);
  if (name) return name;
  ctx.addIssue({ code: 'custom', message: `unknown bot "${b}" (one of ${BOT_NAMES.join(', ')}, or policy:<file>)` });
  return z.NEVER;
});

export const experimentSchema = z.strictObject({
  format: z.literal(1).default(1),
  cpus: int('cpus', 1, MAX_CPUS),
  tasks: int('tasks', 1, MAX_TASKS),
  /** Target utilisations of the machine to sweep (each a fraction, e.g. 0.75). */
  utilisation: z.array(z.number({ error: 'utilisation must be a number' }).gt(0, 'utilisation must be > 0').max(1.5, 'utilisation must be <= 1.5')).min(1, 'utilisation: at least one value'),
  /** Shares of jobs with a migrate-disabled section to sweep, each 0..1. */
  mdShares: z.array(share('mdShares')).min(1, 'mdShares: at least one value'),
  /** Task sets per (utilisation, share) cell: set seeds firstSeed .. firstSeed + sets - 1. */
  sets: int('sets', 1, 1_000_000),
  firstSeed: int('firstSeed', 0, 0xffffffff).default(1),
  /** Ticks per run. */
  duration: int('duration', 1, MAX_DURATION),
  bots: z.array(botSchema).min(1, 'bots: at least one').refine((b) => new Set(b).size === b.length, 'bots: each at most once'),
  class: z.enum(SCHED_CLASSES, { error: 'class must be "fifo" or "edf"' }).default('fifo'),
  mdMode: z.enum(MD_MODES, { error: 'mdMode must be "migrate_disable" or "preempt_disable"' }).default('migrate_disable'),
  migrationCost: int('migrationCost', 0, 1000).default(0),
  affinityShare: share('affinityShare').default(0),
  sporadicShare: share('sporadicShare').default(0.25),
}).refine((e) => e.firstSeed + e.sets - 1 <= 0xffffffff, { message: 'firstSeed + sets - 1 must be <= 4294967295', path: ['sets'] });

export type ExperimentInput = z.input<typeof experimentSchema>;
export type Experiment = z.output<typeof experimentSchema>;

/** Everything that decides one task set: the generator's parameters. */
export interface LabSet {
  cpus: number;
  tasks: number;
  utilisation: number;
  mdShare: number;
  duration: number;
  setSeed: number;
  class: SchedClass;
  mdMode: MdMode;
  migrationCost: number;
  affinityShare: number;
  sporadicShare: number;
}

/** Everything that decides one run: its set, the simulation's seed and the balancer. */
export interface LabRunParams extends LabSet {
  /** The run's PRNG seed (sporadic gaps, ranged lengths); the lab uses the set's seed. */
  simSeed: number;
  bot: string;
}

export interface LabFigures {
  score: number;
  jobs: number;
  met: number;
  missed: number;
  /** Missed as a percentage of the deadlines that came due (met + missed). */
  missPct: number;
  pending: number;
  tardiness: number;
  stranded: number;
  wasted: number;
  idle: number;
  inversion: number;
  migrations: number;
  preemptions: number;
  contextSwitches: number;
  finalHash: string;
}

export type LabRow = LabRunParams & LabFigures;

/** The task sets of an experiment, in the order rows are written: utilisation, share, seed. */
export function experimentSets(e: Experiment): LabSet[] {
  const out: LabSet[] = [];
  for (const utilisation of e.utilisation) {
    for (const mdShare of e.mdShares) {
      for (let k = 0; k < e.sets; k++) {
        out.push({
          cpus: e.cpus, tasks: e.tasks, utilisation, mdShare, duration: e.duration, setSeed: e.firstSeed + k,
          class: e.class, mdMode: e.mdMode, migrationCost: e.migrationCost, affinityShare: e.affinityShare, sporadicShare: e.sporadicShare,
        });
      }
    }
  }
  return out;
}

/** The generated scenario of a set: the same generator, and the same slug and title, as the browser lab. */
export function labScenario(set: LabSet): Scenario {
  return generateScenario({
    seed: set.setSeed, cpus: set.cpus, tasks: set.tasks, duration: set.duration, utilisation: set.utilisation, mdShare: set.mdShare,
    affinityShare: set.affinityShare, sporadicShare: set.sporadicShare, class: set.class, mdMode: set.mdMode, migrationCost: set.migrationCost,
    slug: 'lab', title: 'Lab',
  });
}

/** What one run reports, whoever ran it (a built-in bot here, a sandboxed user policy elsewhere). */
export interface LabRunResult {
  score: number;
  finalHash: string;
  metrics: MetricsSummary;
}

/**
 * Runs a scenario under one balancer of an experiment. Built-in bots run here; a
 * `policy:<file>` balancer needs a runner from outside the engine (the user-policy sandbox).
 */
export type LabRunner = (scenario: Scenario, simSeed: number) => LabRunResult;

export function builtinRunner(bot: string): LabRunner | null {
  const name = normalizeBotName(bot);
  if (!name) return null;
  return (scenario, simSeed) => simulate(scenario, { bot: name, seed: simSeed }).result;
}

export function figuresOf(r: LabRunResult): LabFigures {
  const m = r.metrics;
  const due = m.met + m.missed;
  return {
    score: r.score, jobs: m.jobs, met: m.met, missed: m.missed, missPct: due > 0 ? (100 * m.missed) / due : 0, pending: m.pending,
    tardiness: m.tardiness, stranded: m.strandedCpuTicks, wasted: m.wastedCpuTicks, idle: m.idleCpuTicks, inversion: m.inversionTicks,
    migrations: m.migrations, preemptions: m.preemptions, contextSwitches: m.contextSwitches, finalHash: r.finalHash,
  };
}

/** Every balancer on one set, in the experiment's bot order; the sim seed is the set's seed. */
export function runLabSet(set: LabSet, bots: readonly string[], runnerOf: (bot: string) => LabRunner): LabRow[] {
  const scenario = labScenario(set);
  return bots.map((bot) => ({ ...set, simSeed: set.setSeed, bot, ...figuresOf(runnerOf(bot)(scenario, set.setSeed)) }));
}

/** One run alone, from its parameters (a CSV row's): how any row of a batch is re-run. */
export function runLabRow(p: LabRunParams, runner: LabRunner): LabRow {
  return { ...p, ...figuresOf(runner(labScenario(p), p.simSeed)) };
}
