import type { Policy } from '../policy/types';
import type { BotName } from '../scenario';
import { greedyGlobalBot } from './greedy';
import { linuxRt511Bot, linuxRtLazyBot } from './kernel';
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
};

export function getBot(name: BotName): Policy {
  return BOTS[name];
}

/** The bots a player is compared with (none is the player's own seat). */
export const BASELINE_BOTS: readonly BotName[] = ['sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global'];
