import type { BotName } from '../scenario';
import { greedyGlobalBot } from './greedy';
import { linuxRt511Bot, linuxRtLazyBot } from './kernel';
import { noneBot, stickyBot } from './simple';
import type { Bot } from './types';

export type { Bot, Placement } from './types';

const BOTS: Record<BotName, Bot> = {
  none: noneBot,
  sticky: stickyBot,
  'linux-rt-lazy': linuxRtLazyBot,
  'linux-rt-511': linuxRt511Bot,
  'greedy-global': greedyGlobalBot,
};

export function getBot(name: BotName): Bot {
  return BOTS[name];
}

/** The bots a player is compared with (none is the player's own seat). */
export const BASELINE_BOTS: readonly BotName[] = ['sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global'];
