import {
  experimentSchema, USER_POLICY_PREFIX, type Experiment, type ExperimentInput, type LabRow,
} from '../../server/engine/experiment';
import { LAB_CSV_HEADER, labCsvLine } from '../../server/engine/lab-csv';
import { BASELINE_BOTS, CANDIDATE_BOTS } from '../../server/engine/bots';
import { MD_MODES, SCHED_CLASSES, type BotName, type MdMode, type SchedClass } from '../../server/engine/names';

/**
 * The browser lab's model, pure: the experiment description the command-line lab also
 * takes (server/engine/experiment.ts), the form that edits it, the command line that
 * reproduces it, the CSV (byte for byte the CLI's) and the sums the charts draw.
 */
export const LAB_BOTS: readonly BotName[] = [...BASELINE_BOTS, ...CANDIDATE_BOTS];

/** `npm run lab`'s defaults (scripts/lab.ts), so the page's first batch is the CLI's bare one. */
export const DEFAULT_EXPERIMENT: Experiment = experimentSchema.parse({
  cpus: 4, tasks: 12, utilisation: [0.75], mdShares: [0, 0.25, 0.5, 0.75, 1], sets: 8, duration: 2000, bots: [...LAB_BOTS],
} satisfies ExperimentInput);

/**
 * What the browser runs: the largest corner (32 CPUs, 128 tasks, 14,000 ticks) stays within
 * the engine's size budget (MAX_SCENARIO_COST), and a batch stays within what a page can do.
 */
export const LAB_LIMITS = { cpus: [1, 32], tasks: [1, 128], sets: [1, 100], duration: [100, 14_000], cells: [1, 64] } as const;

export type XAxis = 'mdShare' | 'utilisation';

/** The form: text as typed (lists comma-separated), checked only when turned into an experiment. */
export interface LabForm {
  cpus: string;
  tasks: string;
  utilisation: string;
  mdShares: string;
  sets: string;
  firstSeed: string;
  duration: string;
  bots: string[];
  class: SchedClass;
  mdMode: MdMode;
  migrationCost: string;
  affinityShare: string;
  sporadicShare: string;
}

export interface FieldError {
  field: keyof LabForm | 'experiment';
  message: string;
}

export function formOf(e: Experiment): LabForm {
  return {
    cpus: String(e.cpus), tasks: String(e.tasks), utilisation: e.utilisation.join(', '), mdShares: e.mdShares.join(', '), sets: String(e.sets),
    firstSeed: String(e.firstSeed), duration: String(e.duration), bots: [...e.bots], class: e.class, mdMode: e.mdMode,
    migrationCost: String(e.migrationCost), affinityShare: String(e.affinityShare), sporadicShare: String(e.sporadicShare),
  };
}

/** A number where the text is one, else the text itself, so the schema names the field (as the CLI does). */
const num = (v: string): number | string => (v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
const list = (v: string): (number | string)[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '').map(num);

const FORM_KEYS: Record<string, keyof LabForm> = {
  cpus: 'cpus', tasks: 'tasks', utilisation: 'utilisation', mdShares: 'mdShares', sets: 'sets', firstSeed: 'firstSeed', duration: 'duration',
  bots: 'bots', class: 'class', mdMode: 'mdMode', migrationCost: 'migrationCost', affinityShare: 'affinityShare', sporadicShare: 'sporadicShare',
};

/** The form as an experiment, checked by the experiment's own schema and the browser's limits. */
export function experimentOf(f: LabForm): { ok: true; experiment: Experiment } | { ok: false; errors: FieldError[] } {
  const parsed = experimentSchema.safeParse({
    format: 1, cpus: num(f.cpus), tasks: num(f.tasks), utilisation: list(f.utilisation), mdShares: list(f.mdShares), sets: num(f.sets),
    firstSeed: num(f.firstSeed), duration: num(f.duration), bots: f.bots, class: f.class, mdMode: f.mdMode,
    migrationCost: num(f.migrationCost), affinityShare: num(f.affinityShare), sporadicShare: num(f.sporadicShare),
  });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ field: FORM_KEYS[String(i.path[0])] ?? 'experiment', message: i.message })) };
  }
  const errors = browserLimitErrors(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, experiment: parsed.data };
}

export function browserLimitErrors(e: Experiment): FieldError[] {
  const errors: FieldError[] = [];
  const within = (field: keyof LabForm, v: number, [lo, hi]: readonly [number, number], what: string) => {
    if (v < lo || v > hi) errors.push({ field, message: `${what}: ${lo} to ${hi} in the browser lab` });
  };
  within('cpus', e.cpus, LAB_LIMITS.cpus, 'cpus');
  within('tasks', e.tasks, LAB_LIMITS.tasks, 'tasks');
  within('sets', e.sets, LAB_LIMITS.sets, 'sets');
  within('duration', e.duration, LAB_LIMITS.duration, 'duration');
  within('utilisation', e.utilisation.length * e.mdShares.length, LAB_LIMITS.cells, 'utilisations x shares');
  return errors;
}

/** The experiment as the JSON file `npm run lab -- --experiment file.json` reads: every field explicit. */
export function experimentJson(e: Experiment): string {
  const out: Required<ExperimentInput> = {
    format: 1, cpus: e.cpus, tasks: e.tasks, utilisation: e.utilisation, mdShares: e.mdShares, sets: e.sets, firstSeed: e.firstSeed,
    duration: e.duration, bots: e.bots, class: e.class, mdMode: e.mdMode, migrationCost: e.migrationCost, affinityShare: e.affinityShare,
    sporadicShare: e.sporadicShare,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** A pasted or uploaded experiment JSON, checked as the CLI checks it. */
export function parseExperimentJson(text: string): { ok: true; experiment: Experiment } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, message: 'an experiment is a JSON object' };
  const r = experimentSchema.safeParse(json);
  if (!r.success) return { ok: false, message: r.error.issues.map((i) => `${i.path.join('.') || 'experiment'}: ${i.message}`).join('; ') };
  const limits = browserLimitErrors(r.data);
  if (limits.length > 0) return { ok: false, message: limits.map((l) => l.message).join('; ') };
  return { ok: true, experiment: r.data };
}

/** The flags of `npm run lab` that give this experiment, in the CLI's spelling (`policy:<file>` bots read that file). */
export function cliArgs(e: Experiment, csv = 'lab.csv'): string[] {
  return [
    '--cpus', String(e.cpus), '--tasks', String(e.tasks), '--util', e.utilisation.join(','), '--md-share', e.mdShares.join(','),
    '--sets', String(e.sets), '--first-seed', String(e.firstSeed), '--duration', String(e.duration), '--bots', e.bots.join(','),
    '--class', e.class, '--md-mode', e.mdMode, '--migration-cost', String(e.migrationCost), '--affinity-share', String(e.affinityShare),
    '--sporadic-share', String(e.sporadicShare), '--csv', csv,
  ];
}

/** POSIX shell quoting, only where a word needs it. */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_./:,=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The "reproduce on the command line" line. */
export function cliCommand(e: Experiment, csv = 'lab.csv'): string {
  return `npm run lab -- ${cliArgs(e, csv).map(shellWord).join(' ')}`;
}

/** The file names of the experiment's user policies (bots `policy:<file>`). */
export function policyFiles(e: Experiment): string[] {
  return e.bots.filter((b) => b.startsWith(USER_POLICY_PREFIX)).map((b) => b.slice(USER_POLICY_PREFIX.length));
}

/** The CLI's CSV, byte for byte: its header, then one line per row in experimentSets() order. */
export function labCsvText(rows: readonly LabRow[]): string {
  return `${LAB_CSV_HEADER}\n${rows.map(labCsvLine).join('\n')}\n`;
}

/** Sums over the task sets of one (utilisation, share, bot) cell. */
export interface LabCell {
  utilisation: number;
  mdShare: number;
  bot: string;
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

/** The cells of a list of rows (in the order cells first appear). */
export function cellsOf(rows: readonly LabRow[]): LabCell[] {
  const out = new Map<string, LabCell>();
  for (const r of rows) {
    const key = `${r.utilisation}|${r.mdShare}|${r.bot}`;
    let c = out.get(key);
    if (!c) {
      c = { utilisation: r.utilisation, mdShare: r.mdShare, bot: r.bot, sets: 0, jobs: 0, met: 0, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 0, cpuTicks: 0 };
      out.set(key, c);
    }
    c.sets++;
    c.jobs += r.jobs;
    c.met += r.met;
    c.missed += r.missed;
    c.stranded += r.stranded;
    c.wasted += r.wasted;
    c.inversion += r.inversion;
    c.migrations += r.migrations;
    c.cpuTicks += r.cpus * r.duration;
  }
  return [...out.values()];
}

export interface CellFigures {
  /** Missed deadlines as a percentage of the deadlines that came due. */
  missPct: number;
  strandedPerK: number;
  /** Idle CPU-ticks some waiting task allowed there could have used, pinned or not (>= stranded). */
  wastedPerK: number;
  inversionPerK: number;
  migrationsPerK: number;
}

export function figures(c: LabCell): CellFigures {
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

/** A user policy's bot name from its file name: `policy:<file>`, with a name the CLI can read back. */
export function policyBotName(filename: string): string {
  // The server's file-name rule (labPolicyRequestSchema): a letter, digit or _ first, at most 64 characters before the extension.
  const base = filename.trim().replace(/^.*[\\/]/, '').replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[.-]+/, '');
  const ext = /\.(ts|js|mts|mjs)$/.exec(base)?.[0] ?? '.ts';
  const stem = (base.endsWith(ext) ? base.slice(0, -ext.length) : base).slice(0, 60) || 'my-policy';
  return `${USER_POLICY_PREFIX}${stem}${ext}`;
}

export const SCHED_CLASS_OPTIONS = SCHED_CLASSES;
export const MD_MODE_OPTIONS = MD_MODES;
