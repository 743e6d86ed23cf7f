/**
 * The lab on the command line (issue 12, item 4; README "Lab on the command line"):
 *   npm run lab -- --cpus 4 --tasks 12 --util 0.6,0.75,0.9 --md-share 0,0.25,0.5,0.75,1 \
 *                  --sets 100 --duration 10000 --bots sticky,linux-rt-511,shift --jobs 2 --csv out.csv
 *   npm run lab -- --experiment exp.json [flags override the file's fields]
 *   npm run lab -- --row '<a CSV row, or its parameter columns>'     (re-runs one row alone)
 * Writes one CSV row per run; the same arguments give the same bytes whatever --jobs.
 * Bad arguments exit 2 with a message naming the field.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { BASELINE_BOTS, CANDIDATE_BOTS } from '../server/engine';
import { experimentSchema, runLabRow, USER_POLICY_PREFIX, type Experiment, type ExperimentInput } from '../server/engine/experiment';
import { LAB_CSV_HEADER, labCsvLine, LabCsvError, parseLabRow } from '../server/engine/lab-csv';
import { finish, parseArgs, UsageError } from './cli';
import { runExperiment, runnersFor } from './lab/run';
import { UserPolicyUnavailable } from './lab/user-policy';


/** The browser lab's defaults (app/lib/lab.ts), so a bare `npm run lab` is the same batch. */
const DEFAULTS: ExperimentInput = {
  cpus: 4, tasks: 12, utilisation: [0.75], mdShares: [0, 0.25, 0.5, 0.75, 1], sets: 8, duration: 2000, bots: [...BASELINE_BOTS, ...CANDIDATE_BOTS],
};

/** A number where the text is one, else the text itself, for zod to name the field. */
const num = (v: string): number | string => (v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
const list = (v: string): string[] => v.split(',').map((s) => s.trim());

function program(): Command {
  return new Command('lab')
    .description('Runs generated task sets under several balancers and writes one CSV row per run.')
    .option('--experiment <file>', 'an experiment JSON (server/engine/experiment.ts); flags override its fields')
    .option('--cpus <n>', 'CPUs')
    .option('--tasks <n>', 'tasks per set')
    .option('--util <list>', 'target utilisations to sweep, e.g. 0.6,0.75,0.9')
    .option('--md-share <list>', 'shares of jobs with a migrate_disable() section, e.g. 0,0.5,1')
    .option('--sets <n>', 'task sets per (utilisation, share) cell')
    .option('--first-seed <n>', 'seed of the first set (sets use first-seed .. first-seed + sets - 1)')
    .option('--duration <n>', 'ticks per run')
    .option('--bots <list>', `balancers, comma-separated (default: ${DEFAULTS.bots.join(',')})`)
    .option('--policy <file...>', 'user policy files, run beside the bots (bot column policy:<file>)')
    .addOption(new Option('--class <class>', 'scheduling class').choices(['fifo', 'edf']))
    .addOption(new Option('--md-mode <mode>', 'what an MD section does').choices(['migrate_disable', 'preempt_disable']))
    .option('--migration-cost <n>', 'extra ticks a migration costs')
    .option('--affinity-share <x>', 'share of tasks with a restricted affinity')
    .option('--sporadic-share <x>', 'share of sporadic tasks')
    .option('--jobs <n>', 'worker threads', String(availableParallelism()))
    .option('--csv <file>', 'write the CSV here (default: stdout)')
    .option('--row <csv>', 're-run one row alone: a CSV row (or its parameter columns, or header line + row)')
    .option('--no-progress', 'no progress bar (it shows only on a terminal anyway)')
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .showHelpAfterError(false);
}

interface Opts {
  experiment?: string;
  cpus?: string;
  tasks?: string;
  util?: string;
  mdShare?: string;
  sets?: string;
  firstSeed?: string;
  duration?: string;
  bots?: string;
  policy?: string[];
  class?: string;
  mdMode?: string;
  migrationCost?: string;
  affinityShare?: string;
  sporadicShare?: string;
  jobs: string;
  csv?: string;
  row?: string;
  progress: boolean;
}

function readExperimentFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--experiment: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
    return json as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--experiment: ${file} is not a JSON object: ${(e as Error).message}`);
  }
}

/** The experiment: the file's (or the defaults), with every flag given on top, checked by the schema. */
function experimentOf(o: Opts): Experiment {
  const base: Record<string, unknown> = o.experiment ? readExperimentFile(o.experiment) : { ...DEFAULTS };
  const flags: Record<string, unknown> = {
    ...(o.cpus !== undefined && { cpus: num(o.cpus) }),
    ...(o.tasks !== undefined && { tasks: num(o.tasks) }),
    ...(o.util !== undefined && { utilisation: list(o.util).map(num) }),
    ...(o.mdShare !== undefined && { mdShares: list(o.mdShare).map(num) }),
    ...(o.sets !== undefined && { sets: num(o.sets) }),
    ...(o.firstSeed !== undefined && { firstSeed: num(o.firstSeed) }),
    ...(o.duration !== undefined && { duration: num(o.duration) }),
    ...(o.bots !== undefined && { bots: list(o.bots) }),
    ...(o.class !== undefined && { class: o.class }),
    ...(o.mdMode !== undefined && { mdMode: o.mdMode }),
    ...(o.migrationCost !== undefined && { migrationCost: num(o.migrationCost) }),
    ...(o.affinityShare !== undefined && { affinityShare: num(o.affinityShare) }),
    ...(o.sporadicShare !== undefined && { sporadicShare: num(o.sporadicShare) }),
  };
  const input = { ...base, ...flags };
  if (o.policy?.length) {
    const bots = Array.isArray(input.bots) ? (input.bots as unknown[]) : [];
    input.bots = [...bots, ...o.policy.map((f) => `${USER_POLICY_PREFIX}${f}`)];
  }
  const parsed = experimentSchema.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(`invalid experiment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(experiment)'}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

function jobsOf(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new UsageError(`--jobs: a whole number 1..256, got "${v}"`);
  return Number(v);
}

function openOut(file: string | undefined): { write: (s: string) => void; close: () => void } {
  if (file === undefined) return { write: (s) => process.stdout.write(s), close: () => {} };
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (e) {
    throw new UsageError(`--csv: cannot write ${file}: ${(e as Error).message}`);
  }
  return { write: (s) => writeSync(fd, s), close: () => closeSync(fd) };
}

async function main(argv: string[]): Promise<number> {
  const cmd = program();
  if (!parseArgs(cmd, argv, '(npm run lab -- --help lists the options)')) return 0;
  if (cmd.args.length > 0) throw new UsageError(`unexpected argument "${cmd.args[0]}" (options start with --)`);
  const o = cmd.opts<Opts>();

  if (o.row !== undefined) {
    const batchOnly = (['experiment', 'cpus', 'tasks', 'util', 'mdShare', 'sets', 'firstSeed', 'duration', 'bots', 'policy', 'class', 'mdMode', 'migrationCost', 'affinityShare', 'sporadicShare'] as const)
      .filter((k) => o[k] !== undefined);
    if (batchOnly.length > 0) throw new UsageError(`--row carries every parameter of its run: drop --${batchOnly[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    let params;
    try {
      params = parseLabRow(o.row);
    } catch (e) {
      if (e instanceof LabCsvError) throw new UsageError(`--row: ${e.message}`);
      throw e;
    }
    const runner = (await runnersFor([params.bot])).get(params.bot)!;
    const out = openOut(o.csv);
    out.write(`${LAB_CSV_HEADER}\n${labCsvLine(runLabRow(params, runner))}\n`);
    out.close();
    return 0;
  }

  const experiment = experimentOf(o);
  const jobs = jobsOf(o.jobs);
  // A user policy that cannot load fails here, before any worker starts.
  await runnersFor(experiment.bots.filter((b) => b.startsWith(USER_POLICY_PREFIX)));
  const out = openOut(o.csv);
  const total = experiment.utilisation.length * experiment.mdShares.length * experiment.sets;
  const bar = o.progress && process.stderr.isTTY
    ? new SingleBar({ format: 'lab [{bar}] {percentage}% | {value}/{total} sets | {duration_formatted} elapsed, ETA {eta_formatted}', stream: process.stderr, hideCursor: true })
    : null;
  bar?.start(total, 0);
  try {
    const lines = await runExperiment(experiment, { jobs, onProgress: (done) => bar?.update(done) });
    out.write(`${LAB_CSV_HEADER}\n${lines.join('\n')}\n`);
  } finally {
    bar?.stop();
    out.close();
  }
  return 0;
}

finish('lab', main(process.argv.slice(2)), (e) => e instanceof UsageError || e instanceof UserPolicyUnavailable);
