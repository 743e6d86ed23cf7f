import { z } from 'zod';
import { actionSchema } from '../actions';
import { loadScenario, type Scenario } from '../scenario';
import type { Action } from '../types';
import { BUILTIN_SCENARIOS } from './index';
import stored from './records/par.json';

/**
 * Par of the built-in levels, recorded offline by `npm run par:record` (scripts/par-record.ts)
 * and re-checked by tests/unit/engine/par.test.ts: the best action log the solver found
 * against each level's own balancer, its replayed score, and the relaxation's bound.
 */
export const storedParSchema = z.strictObject({
  score: z.number().int(),
  bound: z.number().int(),
  optimal: z.boolean(),
  proof: z.enum(['bound', 'exhaustive']).nullable(),
  method: z.string(),
  /** The work budget it was recorded with (see PAR_BUDGETS). */
  work: z.number().int().positive(),
  actions: z.array(actionSchema),
});

export type StoredPar = Omit<z.infer<typeof storedParSchema>, 'actions'> & { actions: Action[] };

/** Work budgets for the record: the open problem is the only level that needs a long search. */
export const DEFAULT_PAR_BUDGET = 300_000;
export const PAR_BUDGETS: Readonly<Record<string, number>> = { 'open-problem': 2_500_000 };

const table = z.record(z.string(), storedParSchema).parse(stored) as Record<string, StoredPar>;

export const BUILTIN_PAR: Readonly<Record<string, StoredPar>> = table;

export function builtinPar(slug: string): StoredPar | undefined {
  return table[slug];
}

/** What decides a run's score: a level whose lesson text or goals changed keeps its par. */
export function physicsOf(s: Scenario): string {
  const { cpus, duration, class: cls, mdMode, migrationCost, balancer, seed, stopperDelay, tasks } = s;
  return JSON.stringify({ cpus, duration, cls, mdMode, migrationCost, balancer, seed, stopperDelay, tasks });
}

let builtinPhysics: Map<string, string> | null = null;

/**
 * The stored par of a run on `scenario` with `seed`, when that is a built-in level as
 * recorded (same slug, same tasks and machine, the level's own seed); else undefined
 * (a custom scenario reusing a slug, another seed: par was not searched for it).
 */
export function builtinParFor(scenario: Scenario, seed: number = scenario.seed): StoredPar | undefined {
  const stored = table[scenario.slug];
  if (!stored || seed !== scenario.seed) return undefined;
  builtinPhysics ??= new Map(BUILTIN_SCENARIOS.map((input) => {
    const s = loadScenario(input);
    return [s.slug, physicsOf(s)];
  }));
  return builtinPhysics.get(scenario.slug) === physicsOf(scenario) ? stored : undefined;
}
