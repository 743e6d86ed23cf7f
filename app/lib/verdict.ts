import { gapClosed, starsFor, threeStarScore, yardstickOf, type BaselineBot, type Baselines, type BotName, type RunResult, type Scenario, type Stars } from '../../server/engine';
import { describeStretch, strandedStretches, type MoveCount, type StrandSample } from './timeline';

/** Par as the UI shows it: the best log known, the bound no log can beat, and whether par is proven optimal. */
export interface ParInfo {
  score: number;
  bound: number;
  optimal: boolean;
}

/** The yardstick in the UI's terms: par, the best Linux bot, and the score 3 stars need. */
export interface ParView {
  par: ParInfo;
  linux: number;
  /** The lowest score that earns 3 stars. */
  threeStars: number;
}

export function parViewOf(scenario: Scenario, baselines: Baselines, par: ParInfo | null): ParView | null {
  if (!par) return null;
  const y = yardstickOf(scenario, baselines, par.score);
  return { par, linux: y.linux, threeStars: threeStarScore(y) ?? par.score };
}

/** "closes 62% of the gap…", null when there is no gap to close. */
export function gapText(score: number, v: ParView): string | null {
  const closed = gapClosed(score, { linux: v.linux, par: v.par.score });
  if (closed === null) return null;
  return `${Math.round(closed * 100)}% of the way from the best Linux bot (${v.linux}) to par (${v.par.score})`;
}

/**
 * The result screen's content, from a finished run: stars, how the bots did, and
 * what went wrong in words (the worst stranded stretches and the missed tasks).
 */
export interface Verdict {
  stars: Stars;
  score: number;
  /** Par and the 3-star score, where par is known. */
  par: ParView | null;
  /** The score as a share of the gap from the best Linux bot to par, in words. */
  gap: string | null;
  /** Bots that scored strictly better than the player, best first. */
  beatenBy: { bot: BotName; score: number }[];
  wrong: string[];
  good: string[];
}

/**
 * `moves`: the player's moves that took effect (timeline.ts movesOf). A wakeup placement is a
 * decision like a migration and counts as a move; without it only migrations are known.
 */
export function verdictOf(scenario: Scenario, result: RunResult, baselines: Baselines, strands: readonly StrandSample[], par: ParInfo | null, moves?: MoveCount): Verdict {
  const m = result.metrics;
  const stars = starsFor(scenario, { score: result.score, missed: m.missed, strandedCpuTicks: m.strandedCpuTicks }, baselines, par?.score ?? null);
  const parView = parViewOf(scenario, baselines, par);
  const wrong: string[] = [];
  const good: string[] = [];
  for (const s of strandedStretches(strands).slice(0, 3)) wrong.push(describeStretch(s));
  const missedTasks = Object.entries(m.tasks).filter(([, t]) => t.missed > 0);
  for (const [id, t] of missedTasks.slice(0, 4)) {
    wrong.push(`${id} missed ${t.missed} deadline${t.missed === 1 ? '' : 's'}${t.tardiness ? `, ${t.tardiness} ticks late in total` : ''}${t.strandedTicks ? ` (${t.strandedTicks} of those ticks it sat pinned beside an idle CPU)` : ''}.`);
  }
  if (missedTasks.length > 4) wrong.push(`…and ${missedTasks.length - 4} more tasks missed deadlines.`);
  // Without par, 3 stars ask for the goals instead (stars.ts).
  const maxMissed = scenario.goals?.maxMissed ?? 0;
  if (!par && m.missed > maxMissed && missedTasks.length === 0) wrong.push(`${m.missed} deadlines missed (the goal allows ${maxMissed}).`);
  if (m.pending > 0) good.push(`${m.pending} job${m.pending === 1 ? ' was' : 's were'} still within their deadline when the run ended.`);
  if (m.missed === 0) good.push('Every deadline met.');
  if (m.strandedCpuTicks === 0) good.push('No CPU idled while a pinned task waited.');
  const made = moves ?? { placements: 0, migrations: m.playerMigrations, byOrders: 0 };
  const total = made.placements + made.migrations;
  if (total > 0) {
    const parts = [
      made.placements ? `${made.placements} wakeup placement${made.placements === 1 ? '' : 's'}` : '',
      made.migrations ? `${made.migrations} migration${made.migrations === 1 ? '' : 's'}` : '',
    ].filter(Boolean).join(', ');
    const orders = made.byOrders ? `, ${made.byOrders === total ? 'all' : made.byOrders} by your standing orders` : '';
    good.push(`You made ${total} move${total === 1 ? '' : 's'} (${parts}${orders}); the kernel made ${m.botMigrations}.`);
  }
  const beatenBy = (['greedy-global', 'linux-rt-511', 'linux-rt-lazy', 'sticky'] as BaselineBot[])
    .filter((b) => baselines[b] > result.score)
    .map((bot) => ({ bot, score: baselines[bot] }))
    .sort((a, b) => b.score - a.score);
  return { stars, score: result.score, par: parView, gap: parView ? gapText(result.score, parView) : null, beatenBy, wrong, good };
}
