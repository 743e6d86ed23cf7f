import { BASELINE_BOTS, CANDIDATE_BOTS, labScenario, simulate, type BotName } from '../../server/engine';

/**
 * The lab's batch experiment, pure: generated task sets at several shares of
 * migrate_disable() sections, every bot on the same sets, figures normalised per
 * 1,000 CPU-ticks so machines of different sizes compare. The email's question,
 * "is there a balancing scheme that mitigates this?", answered with data.
 */
export const LAB_BOTS: readonly BotName[] = [...BASELINE_BOTS, ...CANDIDATE_BOTS];

export interface LabParams {
  cpus: number;
  tasks: number;
  /** Target utilisation of the machine, 0..1. */
  utilisation: number;
  /** Shares of jobs with an MD section to sweep, each 0..1. */
  mdShares: number[];
  /** Task sets per share (seeds 1..n). */
  sets: number;
  /** Ticks per run. */
  duration: number;
}

export const DEFAULT_LAB: LabParams = { cpus: 4, tasks: 12, utilisation: 0.75, mdShares: [0, 0.25, 0.5, 0.75, 1], sets: 8, duration: 2000 };

/** The largest corner (32 CPUs, 128 tasks, 14,000 ticks) stays within the engine's size budget (MAX_SCENARIO_COST). */
export const LAB_LIMITS = { cpus: [1, 32], tasks: [1, 128], sets: [1, 100], duration: [100, 14_000] } as const;

/** One task set: a share and a seed. The batch is the list of them, run one by one. */
export interface LabJob {
  mdShare: number;
  seed: number;
}

export function labJobs(p: LabParams): LabJob[] {
  const jobs: LabJob[] = [];
  for (const mdShare of p.mdShares) for (let seed = 1; seed <= p.sets; seed++) jobs.push({ mdShare, seed });
  return jobs;
}

/** Sums over the task sets of one (share, bot) cell. */
export interface LabCell {
  mdShare: number;
  bot: BotName;
  sets: number;
  jobs: number;
  met: number;
  missed: number;
  stranded: number;
  wasted: number;
  inversion: number;
  migrations: number;
  cpuTicks: number;
}

/** Runs every bot on one generated task set. */
export function runLabJob(p: LabParams, job: LabJob): LabCell[] {
  // The command-line lab's generator call (server/engine/experiment.ts), so a set's figures match `npm run lab`'s.
  const scenario = labScenario({
    cpus: p.cpus, tasks: p.tasks, utilisation: p.utilisation, mdShare: job.mdShare, duration: p.duration, setSeed: job.seed,
    class: 'fifo', mdMode: 'migrate_disable', migrationCost: 0, affinityShare: 0, sporadicShare: 0.25,
  });
  return LAB_BOTS.map((bot) => {
    const m = simulate(scenario, { bot }).result.metrics;
    return {
      mdShare: job.mdShare, bot, sets: 1, jobs: m.jobs, met: m.met, missed: m.missed,
      stranded: m.strandedCpuTicks, wasted: m.wastedCpuTicks, inversion: m.inversionTicks, migrations: m.migrations, cpuTicks: p.cpus * p.duration,
    };
  });
}

/** Adds a job's cells into the running totals (a new array; the inputs are left as they were). */
export function accumulateCells(totals: readonly LabCell[], add: readonly LabCell[]): LabCell[] {
  const out = totals.map((c) => ({ ...c }));
  for (const a of add) {
    const t = out.find((c) => c.mdShare === a.mdShare && c.bot === a.bot);
    if (!t) {
      out.push({ ...a });
      continue;
    }
    t.sets += a.sets;
    t.jobs += a.jobs;
    t.met += a.met;
    t.missed += a.missed;
    t.stranded += a.stranded;
    t.wasted += a.wasted;
    t.inversion += a.inversion;
    t.migrations += a.migrations;
    t.cpuTicks += a.cpuTicks;
  }
  return out;
}

export interface LabFigures {
  /** Missed deadlines as a percentage of the deadlines that came due. */
  missPct: number;
  strandedPerK: number;
  /** Idle CPU-ticks some waiting task allowed there could have used, pinned or not (>= stranded). */
  wastedPerK: number;
  inversionPerK: number;
  migrationsPerK: number;
}

export function figures(c: LabCell): LabFigures {
  const due = c.met + c.missed;
  const perK = (x: number) => (c.cpuTicks > 0 ? (1000 * x) / c.cpuTicks : 0);
  return {
    missPct: due > 0 ? (100 * c.missed) / due : 0,
    strandedPerK: perK(c.stranded),
    wastedPerK: perK(c.wasted),
    inversionPerK: perK(c.inversion),
    migrationsPerK: perK(c.migrations),
  };
}

export function labCsv(cells: readonly LabCell[]): string {
  const rows = [['md_share', 'bot', 'sets', 'jobs', 'met', 'missed', 'miss_pct', 'stranded_cpu_ticks', 'stranded_per_1000', 'wasted_cpu_ticks', 'wasted_per_1000', 'inversion_per_1000', 'migrations_per_1000']];
  for (const c of cells) {
    const f = figures(c);
    rows.push([String(c.mdShare), c.bot, String(c.sets), String(c.jobs), String(c.met), String(c.missed), f.missPct.toFixed(2), String(c.stranded), f.strandedPerK.toFixed(3), String(c.wasted), f.wastedPerK.toFixed(3), f.inversionPerK.toFixed(3), f.migrationsPerK.toFixed(3)]);
  }
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}
