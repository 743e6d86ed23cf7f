import { simulate } from './replay';
import type { BotName, Scenario } from './scenario';

/**
 * Headroom: room between the kernel and par, so that "beat the Linux balancer" and
 * "come close to par" are distinct goals (2 and 3 stars).
 *
 * - **Best Linux**: the better of `linux-rt-511` and `linux-rt-lazy`, each run as the
 *   scenario's balancer with an empty action log (the scores the stars are measured
 *   against, `baselineScores`).
 * - **Score range**: 200 points per job the run releases, the distance from every job
 *   missed (-100 each) to every job met (+100 each). Releases are the same in every run
 *   of a scenario and seed (no action or balancer draws from the PRNG, par/timeline.ts),
 *   so the range belongs to the scenario: no player, bot or search can move it. It uses
 *   no bot's score either, so a weak bot cannot widen it; a level can only widen it by
 *   adding jobs, which makes the margin harder to reach, not easier.
 * - **Headroom** holds when par is at least 3% of the range above the best Linux bot.
 *   Par here may be any replayed log's score: a lower bound on par that clears the
 *   margin proves the real par does too.
 */
export const HEADROOM_PERCENT = 3;

export const LINUX_BOTS = ['linux-rt-511', 'linux-rt-lazy'] as const satisfies readonly BotName[];

export interface Headroom {
  bestLinux: number;
  par: number;
  jobs: number;
  /** 200 x jobs. */
  range: number;
  /** par - bestLinux (negative when the search found less than a kernel bot). */
  gap: number;
  /** The least gap that counts: HEADROOM_PERCENT of the range, rounded up. */
  margin: number;
  /** gap as a percentage of the range, 2 decimals (for reports). */
  percent: number;
  ok: boolean;
}

export function scoreRange(jobs: number): number {
  return 200 * jobs;
}

/** The better Linux bot's score from a table of bot scores (e.g. baselineScores). */
export function bestLinuxOf(scores: Partial<Record<BotName, number>>): number {
  return Math.max(...LINUX_BOTS.map((bot) => scores[bot] ?? -Infinity));
}

/** Pure: headroom from the best Linux score, par (or a lower bound on it) and the jobs released. */
export function headroomOf(bestLinux: number, par: number, jobs: number): Headroom {
  const range = scoreRange(jobs);
  const gap = par - bestLinux;
  // Integer arithmetic: ceil(range * 3 / 100) without floating-point surprises.
  const margin = Math.ceil((range * HEADROOM_PERCENT) / 100);
  const percent = range > 0 ? Math.round((gap * 10000) / range) / 100 : 0;
  return { bestLinux, par, jobs, range, gap, margin, percent, ok: range > 0 && gap >= margin };
}

/** Runs the two Linux bots on `scenario` and measures the headroom to `par`. */
export function measureHeadroom(scenario: Scenario, par: number, seed: number = scenario.seed): Headroom {
  const runs = LINUX_BOTS.map((bot) => simulate(scenario, { seed, bot }).result);
  // Every run releases the same jobs; the first run's count is everyone's.
  return headroomOf(Math.max(...runs.map((r) => r.score)), par, runs[0].metrics.jobs);
}
