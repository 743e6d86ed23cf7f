import type { Baselines } from './bots';
import { DEFAULT_PAR_SHARE } from './names';
import type { Scenario } from './scenario';
import type { MetricsSummary } from './summary';

export type Stars = 0 | 1 | 2 | 3;

/**
 * What a run is measured against, on the same scenario and seed:
 *  - `nothing`: the scenario's own balancer with an empty action log (the player did nothing);
 *  - `sticky`: never balancing;
 *  - `linux`: the better of the two Linux bots (linux-rt-511, linux-rt-lazy);
 *  - `par`: the best action log known (levels/records/par.json, dailyPar), null when unknown.
 */
export interface Yardstick {
  nothing: number;
  sticky: number;
  linux: number;
  par: number | null;
  /** goals.parShare, or DEFAULT_PAR_SHARE. */
  parShare: number;
}

export function yardstickOf(scenario: Scenario, baselines: Baselines, par: number | null): Yardstick {
  const nothing = baselines[scenario.balancer];
  if (nothing === undefined) throw new Error(`yardstickOf: no baseline for the scenario's balancer ${scenario.balancer} (baselineScores gives it)`);
  return {
    // The empty log under the scenario's balancer is exactly that bot's baseline run.
    nothing,
    sticky: baselines.sticky,
    linux: Math.max(baselines['linux-rt-511'], baselines['linux-rt-lazy']),
    par,
    parShare: scenario.goals?.parShare ?? DEFAULT_PAR_SHARE,
  };
}

/**
 * The lowest score that earns 3 stars where par is known: par minus the allowed share
 * of the gap from the best Linux bot to par, the allowance rounded down to whole points
 * (scores are integers). Null when par is unknown. Where par does not beat the best
 * Linux bot (no gap) it is par itself: a run with 2 stars has beaten the best log known.
 */
export function threeStarScore(y: Yardstick): number | null {
  if (y.par === null) return null;
  const gap = Math.max(0, y.par - y.linux);
  // The epsilon keeps e.g. 0.35 × 180 (62.99999999999999 in floating point) at 63.
  return y.par - Math.floor(y.parShare * gap + 1e-9);
}

/**
 * How much of the gap from the best Linux bot to par a score closes: 0 at the best
 * Linux bot, 1 at par (above 1 beats par, below 0 is worse than the kernel). Null
 * where par is unknown or there is no gap.
 */
export function gapClosed(score: number, y: Pick<Yardstick, 'linux' | 'par'>): number | null {
  if (y.par === null || y.par <= y.linux) return null;
  return (score - y.linux) / (y.par - y.linux);
}

/**
 * Stars. Every step is strict: a tie with a bot earns nothing, so doing nothing (a tie
 * with `nothing`) never earns a star.
 *  1 star:  the score beats both `sticky` and doing nothing;
 *  2 stars: it also beats the better Linux bot;
 *  3 stars: 2 stars, and where par is known, a score of at least threeStarScore()
 *           (it closes at least 1 - parShare of the gap from the best Linux bot to par);
 *           where par is unknown (custom scenarios, other seeds), the goals instead: at
 *           most `goals.maxMissed` missed deadlines (default 0) and at most
 *           `goals.maxStranded` stranded CPU-ticks (default: no limit).
 */
export function starsFor(
  scenario: Scenario,
  m: Pick<MetricsSummary, 'missed' | 'strandedCpuTicks'> & { score: number },
  baselines: Baselines,
  par: number | null,
): Stars {
  const y = yardstickOf(scenario, baselines, par);
  if (!(m.score > y.sticky && m.score > y.nothing)) return 0;
  if (!(m.score > y.linux)) return 1;
  const needed = threeStarScore(y);
  if (needed !== null) return m.score >= needed ? 3 : 2;
  const maxMissed = scenario.goals?.maxMissed ?? 0;
  const maxStranded = scenario.goals?.maxStranded ?? Infinity;
  return m.missed <= maxMissed && m.strandedCpuTicks <= maxStranded ? 3 : 2;
}
