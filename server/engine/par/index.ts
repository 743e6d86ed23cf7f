import { createGame } from '../game';
import { simulate } from '../replay';
import type { Scenario } from '../scenario';
import type { Action, TaskIndex } from '../types';
import { futureGain } from './bound';
import { type Budget, DEFAULT_WORK, Meter } from './meter';
import { beamSearch, exactSearch, greedyRun, improve, type Found, type SearchContext } from './search';
import { timelineOf } from './timeline';

export { futureGain, scoreBound } from './bound';
export { type Budget, DEFAULT_WORK } from './meter';
export { timelineOf, type KnownJob, type Timeline } from './timeline';

/**
 * Par: the best action log the solver finds for a scenario, played against the
 * scenario's own balancer (what a player faces), and an upper bound on any log's score.
 */
export interface ParResult {
  scenario: string;
  seed: number;
  /** The score of `actions`, replayed with simulate() like a player's run. */
  score: number;
  /** No action log scores more (bound.ts: every task on a CPU of its own). */
  bound: number;
  /** Proven: the score reaches the bound, or the exact search covered its whole space. */
  optimal: boolean;
  /** How it was proven: 'bound' (score === bound), 'exhaustive' (branch and bound completed), or null. */
  proof: 'bound' | 'exhaustive' | null;
  actions: Action[];
  /** Which search found the log: empty (the balancer alone), greedy, exact, or beam:<width>. */
  method: string;
  /** Work units spent (simulated ticks and state copies). */
  work: number;
  /** The seeds: the balancer alone and the greedy rule. */
  baseline: { empty: number; greedy: number };
}

export interface ParOptions {
  seed?: number;
  budget?: Budget;
  /** Share of the budget for the exact search before falling back to the beam (default 0.25). */
  exactShare?: number;
  /** Share of what is left after it for beam searches, the rest goes to local search (default 0.5). */
  beamShare?: number;
  /** Moves combined at one decision point by the exact search (default 2). */
  maxCombo?: number;
}

export class ParReplayError extends Error {}

/**
 * Searches the best action log for `scenario` under its own balancer. Seeds: the empty
 * log and the greedy rule; then branch and bound (exact when it completes within its
 * share of the budget); if it does not, beam searches of growing width while the
 * budget lasts. The log found is replayed; the reported score is the replay's.
 */
export function solvePar(scenario: Scenario, options: ParOptions = {}): ParResult {
  const seed = options.seed ?? scenario.seed;
  const budget = options.budget ?? {};
  const meter = new Meter(budget);
  const timeline = timelineOf(scenario, seed);
  const root = createGame(scenario, { seed });
  const bound = futureGain(root, timeline);
  const ctx: SearchContext = {
    timeline,
    meter,
    taskIndex: new Map(scenario.tasks.map((t, i) => [t.id, i as TaskIndex] as const)),
    maxCombo: options.maxCombo ?? 2,
  };
  meter.spend(2 * scenario.duration);

  const empty = simulate(scenario, { seed }).result.score;
  const greedy = greedyRun(root, ctx);
  let best: Found & { method: string } = greedy.score > empty ? { ...greedy, method: 'greedy' } : { score: empty, actions: [], method: 'empty' };
  let proof: ParResult['proof'] = best.score >= bound ? 'bound' : null;

  const total = budget.work ?? DEFAULT_WORK;
  if (!proof) {
    const cap = meter.used + Math.floor((total - meter.used) * (options.exactShare ?? 0.25));
    const exact = exactSearch(root, ctx, best, cap);
    if (exact.score > best.score) best = { score: exact.score, actions: exact.actions, method: 'exact' };
    if (exact.complete) proof = 'exhaustive';
  }
  if (!proof && best.score < bound) {
    const beamCap = meter.used + Math.floor((total - meter.used) * (options.beamShare ?? 0.5));
    let width = 2;
    for (;;) {
      const before = meter.used;
      const found = beamSearch(root, { ...ctx, maxCombo: 1 }, width);
      const lastCost = meter.used - before;
      if (found.score > best.score) best = { ...found, method: `beam:${width}` };
      if (best.score >= bound) break;
      // The next pass is twice as wide: about twice the work.
      if (meter.exhausted || meter.used + 2.2 * lastCost > beamCap || !meter.fits(2.2 * lastCost)) break;
      width *= 2;
    }
  }
  if (!proof && best.score < bound && !meter.exhausted) {
    const better = improve(root, ctx, best, total);
    if (better.score > best.score) best = { ...better, method: `${best.method}+local` };
  }
  const replay = simulate(scenario, { seed, actions: best.actions }).result;
  if (replay.metrics.refusedActions > 0) throw new ParReplayError(`par log for ${scenario.slug}: ${replay.metrics.refusedActions} refused action(s)`);
  if (replay.score !== best.score) throw new ParReplayError(`par log for ${scenario.slug} replays to ${replay.score}, the search said ${best.score}`);
  if (replay.score >= bound) proof = 'bound';
  return {
    scenario: scenario.slug,
    seed,
    score: replay.score,
    bound,
    optimal: proof !== null,
    proof,
    actions: best.actions,
    method: best.method,
    work: meter.used,
    baseline: { empty, greedy: greedy.score },
  };
}
