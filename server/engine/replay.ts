import type { GameOptions } from './game';
import { hashState } from './hash';
import { BASELINE_BOTS, type Baselines } from './bots';
import type { BotName, Scenario } from './scenario';
import { Session } from './session';
import { starsFor, type Stars } from './stars';
import { scoreOf, summarize, type MetricsSummary } from './summary';
import type { Action, GameState } from './types';

export interface RunOptions extends GameOptions {
  actions?: readonly Action[];
  /** Stop after this many ticks (a round ended early); default: the whole scenario. */
  ticks?: number;
  /** Called after every tick with the state (read it, do not keep or change it). */
  onTick?: (s: GameState) => void;
}

export interface RunResult {
  scenario: string;
  bot: BotName;
  /** The name of the balancer given as an object (GameOptions.policy), if one ran. */
  policy?: string;
  seed: number;
  ticks: number;
  score: number;
  finalHash: string;
  metrics: MetricsSummary;
}

/**
 * Runs a scenario to its end (or `ticks`): a Session replaying the action log. This
 * is how the server verifies a submitted run and how the headless runner and the lab work.
 */
export function simulate(scenario: Scenario, options: RunOptions = {}): { state: GameState; result: RunResult } {
  const session = Session.replay(scenario, options, options.actions ?? []);
  const until = options.ticks ?? scenario.duration;
  const onTick = options.onTick;
  while (session.tick < until && session.step()) onTick?.(session.state);
  return { state: session.state, result: resultOf(session.state) };
}

export function resultOf(s: GameState): RunResult {
  const metrics = summarize(s);
  return {
    scenario: s.scenario.slug,
    bot: s.cfg.bot,
    ...(s.userPolicy ? { policy: s.userPolicy.name } : {}),
    seed: s.seed,
    ticks: s.tick,
    score: scoreOf(metrics),
    finalHash: hashState(s),
    metrics,
  };
}

/**
 * Every baseline bot's score on this scenario and seed, and the scenario's own
 * balancer's where it is another bot (what stars are measured against); over the
 * first `ticks` ticks only when given (a round ended early).
 */
export function baselineScores(scenario: Scenario, seed: number = scenario.seed, mdMode?: Scenario['mdMode'], ticks?: number): Baselines {
  const score = (bot: BotName) => simulate(scenario, { seed, bot, ...(mdMode ? { mdMode } : {}), ...(ticks !== undefined ? { ticks } : {}) }).result.score;
  const out: Partial<Record<BotName, number>> = {};
  for (const bot of BASELINE_BOTS) out[bot] = score(bot);
  out.none = out.sticky;
  if (out[scenario.balancer] === undefined) out[scenario.balancer] = score(scenario.balancer);
  return out as Baselines;
}

/**
 * A finished run's stars (stars.ts) given par where known: a built-in level's stored par
 * (levels/par.ts builtinParFor, kept out of the engine's entry so it loads no JSON) or a
 * daily challenge's (dailyPar); null where unknown.
 */
export function starsOf(
  scenario: Scenario,
  result: RunResult,
  par: number | null,
  baselines: Baselines = baselineScores(scenario, result.seed),
): Stars {
  return starsFor(scenario, { score: result.score, missed: result.metrics.missed, strandedCpuTicks: result.metrics.strandedCpuTicks }, baselines, par);
}

export interface Verification {
  ok: boolean;
  result: RunResult;
  reason?: 'hash-mismatch' | 'score-mismatch';
}

/**
 * Re-simulates a claimed run (its first `ticks` ticks when a round ended early); it
 * is trustworthy only if hash and score both match.
 */
export function verifyRun(scenario: Scenario, claim: { seed: number; actions: readonly Action[]; finalHash: string; score: number; bot?: BotName; ticks?: number }): Verification {
  const { result } = simulate(scenario, { seed: claim.seed, actions: claim.actions, bot: claim.bot ?? scenario.balancer, ...(claim.ticks !== undefined ? { ticks: claim.ticks } : {}) });
  if (result.finalHash !== claim.finalHash) return { ok: false, result, reason: 'hash-mismatch' };
  if (result.score !== claim.score) return { ok: false, result, reason: 'score-mismatch' };
  return { ok: true, result };
}

