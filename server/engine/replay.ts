import { createGame, isFinished, type GameOptions } from './game';
import { hashState } from './hash';
import type { BotName, Scenario } from './scenario';
import { BOT_NAMES } from './scenario';
import { stepInPlace } from './step';
import { scoreOf, starsFor, summarize, type MetricsSummary, type Stars } from './summary';
import type { Action, GameState } from './types';

export interface RunOptions extends GameOptions {
  actions?: readonly Action[];
  /** Called after every tick with the state (read it, do not keep or change it). */
  onTick?: (s: GameState) => void;
}

export interface RunResult {
  scenario: string;
  bot: BotName;
  seed: number;
  ticks: number;
  score: number;
  finalHash: string;
  metrics: MetricsSummary;
}

/**
 * Runs a scenario to its end: the fold of step() over the action log. This is how
 * the server verifies a submitted run and how the headless runner and the lab work.
 */
export function simulate(scenario: Scenario, options: RunOptions = {}): { state: GameState; result: RunResult } {
  const s = createGame(scenario, options);
  const actions = options.actions ?? [];
  let k = 0;
  const batch: Action[] = [];
  while (!isFinished(s)) {
    // Truncating an array is a runtime call in V8: skip it when already empty (the common case).
    if (batch.length > 0) batch.length = 0;
    // Actions stamped before the current tick are late: they reach step() and are refused as wrong-tick.
    while (k < actions.length && actions[k].tick <= s.tick) batch.push(actions[k++]);
    stepInPlace(s, batch);
    options.onTick?.(s);
  }
  return { state: s, result: resultOf(s) };
}

export function resultOf(s: GameState): RunResult {
  const metrics = summarize(s);
  return {
    scenario: s.scenario.slug,
    bot: s.cfg.bot,
    seed: s.seed,
    ticks: s.tick,
    score: scoreOf(metrics),
    finalHash: hashState(s),
    metrics,
  };
}

/** Every baseline bot's score on this scenario and seed (what stars are measured against). */
export function baselineScores(scenario: Scenario, seed: number = scenario.seed, mdMode?: Scenario['mdMode']): Record<BotName, number> {
  const out = {} as Record<BotName, number>;
  for (const bot of BOT_NAMES) {
    if (bot === 'none') continue;
    out[bot] = simulate(scenario, { seed, bot, ...(mdMode ? { mdMode } : {}) }).result.score;
  }
  out.none = out.sticky;
  return out;
}

export function starsOf(scenario: Scenario, result: RunResult, baselines = baselineScores(scenario, result.seed)): Stars {
  return starsFor(scenario, { score: result.score, missed: result.metrics.missed, strandedCpuTicks: result.metrics.strandedCpuTicks }, baselines);
}

export interface Verification {
  ok: boolean;
  result: RunResult;
  reason?: 'hash-mismatch' | 'score-mismatch';
}

/** Re-simulates a claimed run; it is trustworthy only if hash and score both match. */
export function verifyRun(scenario: Scenario, claim: { seed: number; actions: readonly Action[]; finalHash: string; score: number; bot?: BotName }): Verification {
  const { result } = simulate(scenario, { seed: claim.seed, actions: claim.actions, bot: claim.bot ?? scenario.balancer });
  if (result.finalHash !== claim.finalHash) return { ok: false, result, reason: 'hash-mismatch' };
  if (result.score !== claim.score) return { ok: false, result, reason: 'score-mismatch' };
  return { ok: true, result };
}

