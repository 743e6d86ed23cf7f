import { z } from 'zod';
import { experimentSchema, type LabRow, type LabRunParams } from './experiment';

/**
 * The lab's CSV: one row per run, carrying every parameter that decides it (so any row
 * can be re-run alone: `npm run lab -- --row '<row>'`) and its figures. Numbers are
 * written in JavaScript's shortest round-trip form, so a row parses back to the very
 * parameters that made it and the same arguments give the same file byte for byte.
 */

const PARAM_COLUMNS = [
  ['cpus', 'cpus'], ['tasks', 'tasks'], ['utilisation', 'utilisation'], ['md_share', 'mdShare'], ['duration', 'duration'],
  ['set_seed', 'setSeed'], ['sim_seed', 'simSeed'], ['bot', 'bot'], ['class', 'class'], ['md_mode', 'mdMode'],
  ['migration_cost', 'migrationCost'], ['affinity_share', 'affinityShare'], ['sporadic_share', 'sporadicShare'],
] as const satisfies readonly (readonly [string, keyof LabRunParams])[];

const FIGURE_COLUMNS = [
  ['score', 'score'], ['jobs', 'jobs'], ['met', 'met'], ['missed', 'missed'], ['miss_pct', 'missPct'], ['pending', 'pending'],
  ['tardiness', 'tardiness'], ['wasted_cpu_ticks', 'wasted'], ['stranded_cpu_ticks', 'stranded'], ['idle_cpu_ticks', 'idle'],
  ['inversion_ticks', 'inversion'], ['migrations', 'migrations'], ['preemptions', 'preemptions'], ['context_switches', 'contextSwitches'],
  ['final_hash', 'finalHash'],
] as const satisfies readonly (readonly [string, Exclude<keyof LabRow, keyof LabRunParams>])[];

export const LAB_CSV_COLUMNS: readonly string[] = [...PARAM_COLUMNS, ...FIGURE_COLUMNS].map(([c]) => c);
export const LAB_CSV_HEADER = LAB_CSV_COLUMNS.join(',');
const PARAM_COUNT = PARAM_COLUMNS.length;

function field(v: string | number, key: string): string {
  // miss_pct is derived (missed / due): a fixed precision reads better than 17 digits.
  const s = typeof v === 'number' ? (key === 'missPct' ? v.toFixed(4) : String(v)) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function labCsvLine(r: LabRow): string {
  return [...PARAM_COLUMNS, ...FIGURE_COLUMNS].map(([, key]) => field(r[key], key)).join(',');
}

/** Splits one CSV line into fields (RFC 4180 quoting; a field never spans lines here). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new LabCsvError('unterminated quoted field');
        s += line.slice(i, q);
        if (line[q + 1] === '"') {
          s += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(s);
      if (i < line.length && line[i] !== ',') throw new LabCsvError('text after a closing quote');
    } else {
      const c = line.indexOf(',', i);
      out.push(line.slice(i, c < 0 ? line.length : c));
      i = c < 0 ? line.length : c;
    }
    if (i >= line.length) return out;
    i++;
  }
}

export class LabCsvError extends Error {}

const num = (v: string): unknown => (v.trim() === '' || Number.isNaN(Number(v)) ? v : Number(v));

/**
 * A row's run parameters, checked as an experiment of that one run would be. Accepts a
 * whole row (figures are ignored: they are what a re-run recomputes), or just its
 * parameter columns; with the header line first, columns go by name, in any order.
 */
export function parseLabRow(text: string): LabRunParams {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0 || lines.length > 2) throw new LabCsvError('give one CSV row, optionally after its header line');
  const values = splitCsvLine(lines[lines.length - 1]);
  const names = lines.length === 2 ? splitCsvLine(lines[0]) : LAB_CSV_COLUMNS.slice(0, Math.max(values.length, PARAM_COUNT));
  if (lines.length === 1 && values.length !== PARAM_COUNT && values.length !== LAB_CSV_COLUMNS.length) {
    throw new LabCsvError(`a row has ${PARAM_COUNT} parameter columns (${PARAM_COLUMNS.map(([c]) => c).join(',')}) or all ${LAB_CSV_COLUMNS.length} columns; got ${values.length}`);
  }
  if (names.length !== values.length) throw new LabCsvError(`the header has ${names.length} columns, the row ${values.length}`);
  const byName = new Map(names.map((n, i) => [n.trim(), values[i]]));
  const get = (col: string): string => {
    const v = byName.get(col);
    if (v === undefined) throw new LabCsvError(`column ${col} is missing`);
    return v;
  };
  const p = Object.fromEntries(PARAM_COLUMNS.map(([col, key]) => [key, key === 'bot' || key === 'class' || key === 'mdMode' ? get(col) : num(get(col))]));
  // The experiment's own checks, so a row is held to what a batch would accept.
  const checked = experimentSchema.safeParse({
    cpus: p.cpus, tasks: p.tasks, utilisation: [p.utilisation], mdShares: [p.mdShare], sets: 1, firstSeed: p.setSeed, duration: p.duration,
    bots: [p.bot], class: p.class, mdMode: p.mdMode, migrationCost: p.migrationCost, affinityShare: p.affinityShare, sporadicShare: p.sporadicShare,
  });
  if (!checked.success) throw new LabCsvError(checked.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '));
  const simSeed = z.number().int().min(0).max(0xffffffff).safeParse(p.simSeed);
  if (!simSeed.success) throw new LabCsvError(`sim_seed: must be an integer 0..4294967295, got "${get('sim_seed')}"`);
  const e = checked.data;
  return {
    cpus: e.cpus, tasks: e.tasks, utilisation: e.utilisation[0], mdShare: e.mdShares[0], duration: e.duration, setSeed: e.firstSeed,
    simSeed: simSeed.data, bot: e.bots[0], class: e.class, mdMode: e.mdMode, migrationCost: e.migrationCost, affinityShare: e.affinityShare,
    sporadicShare: e.sporadicShare,
  };
}
