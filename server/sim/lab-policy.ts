/**
 * The `lab-policy` job: a user policy's rows of a slice of an experiment's sets, run in
 * the sandbox (server/sandbox) with the command-line lab's runner, so they equal the rows
 * `npm run lab -- --policy <file>` writes for the same experiment. A source that cannot
 * load is answered with its typed LoadError (not thrown: the kind must cross the thread).
 */
import { experimentSchema, experimentSets, runLabSet, type ExperimentInput, type LabRow } from '../engine/experiment';
import type { PolicyFault, PolicyLoadFailure } from '../sandbox/errors';

export interface LabPolicyInput {
  source: string;
  /** The file name the policy is known by (its bot is `policy:<filename>`). */
  filename: string;
  experiment: ExperimentInput;
  /** Sets [from, to) in experimentSets() order. */
  from: number;
  to: number;
}

export type LabPolicyOutput =
  | { ok: true; rows: LabRow[]; faults: (PolicyFault | null)[] }
  | { ok: false; loadError: PolicyLoadFailure };

type Factory = Awaited<ReturnType<typeof import('../sandbox').loadPolicy>>;

/** Loaded policies by source: a browser sends one experiment in many slices. */
const loaded = new Map<string, Promise<Factory>>();
const MAX_LOADED = 8;

export async function runLabPolicy(input: LabPolicyInput): Promise<LabPolicyOutput> {
  // The sandbox (TypeScript and QuickJS) loads only where this job runs.
  const { loadPolicy, LoadError, loadFailureOf, policyRunner } = await import('../sandbox');
  const e = experimentSchema.parse(input.experiment);
  const bot = `policy:${input.filename}`;
  const key = `${input.filename}\u0000${input.source}`;
  let factory = loaded.get(key);
  if (!factory) {
    if (loaded.size >= MAX_LOADED) loaded.delete(loaded.keys().next().value!);
    factory = loadPolicy(input.source, input.filename);
    loaded.set(key, factory);
  }
  let f: Factory;
  try {
    f = await factory;
  } catch (err) {
    loaded.delete(key);
    if (err instanceof LoadError) return { ok: false, loadError: loadFailureOf(err) };
    throw err;
  }
  const rows: LabRow[] = [];
  const faults: (PolicyFault | null)[] = [];
  const runner = policyRunner(f, (fault) => faults.push(fault));
  const sets = experimentSets(e).slice(input.from, input.to);
  for (const set of sets) rows.push(...runLabSet(set, [bot], () => runner));
  return { ok: true, rows, faults };
}
