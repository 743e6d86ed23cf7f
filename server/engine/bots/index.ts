import type { Policy } from '../policy/types';
import type { BotName } from '../scenario';
import { greedyGlobalBot } from './greedy';
import { boostPinnedBot, linuxRt511Bot, linuxRtEagerBot, linuxRtLazyBot, nrPinnedAwareBot, proactiveWakeBot } from './kernel';
import { shiftBot } from './shift';
import { noneBot, stickyBot } from './simple';

/**
 * The built-in balancers, each a Policy (policy/types.ts): the engine calls every one
 * of them the same way, through the view and its private state.
 */
const BOTS: Record<BotName, Policy> = {
  none: noneBot,
  sticky: stickyBot,
  'linux-rt-lazy': linuxRtLazyBot,
  'linux-rt-511': linuxRt511Bot,
  'greedy-global': greedyGlobalBot,
  'linux-rt-eager': linuxRtEagerBot,
  'proactive-wake': proactiveWakeBot,
  shift: shiftBot,
  'boost-pinned': boostPinnedBot,
  'nr-pinned-aware': nrPinnedAwareBot,
};

export function getBot(name: BotName): Policy {
  return BOTS[name];
}

/**
 * The bots a player is compared with (none is the player's own seat). The candidate
 * balancers are not baselines: stars measure a run against partitioning and Linux.
 */
export const BASELINE_BOTS = ['sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global'] as const satisfies readonly BotName[];
export type BaselineBot = (typeof BASELINE_BOTS)[number];

/**
 * Scores that stars are measured against (stars.ts): every baseline bot, `none` (the
 * player's seat with nothing played: sticky's score), and the scenario's own balancer
 * wherever it is another bot.
 */
export type Baselines = Readonly<Record<BaselineBot | 'none', number>> & Readonly<Partial<Record<BotName, number>>>;

/** The candidate balancers from the literature (issue 12), each a flavour of a kernel model or its own policy. */
export const CANDIDATE_BOTS: readonly BotName[] = ['linux-rt-eager', 'proactive-wake', 'shift', 'boost-pinned', 'nr-pinned-aware'];
