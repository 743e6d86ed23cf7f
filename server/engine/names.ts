/**
 * The scenario format's names and limits, apart from its parser (scenario.ts) so that
 * code running a game (replay, stars) does not pull the schema library into the
 * browser's bundle along with them.
 */

export const BOT_NAMES = [
  'none', 'sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global',
  // Candidate balancers from the literature (issue 12; README "Bots").
  'linux-rt-eager', 'proactive-wake', 'shift', 'boost-pinned', 'nr-pinned-aware',
] as const;
export type BotName = (typeof BOT_NAMES)[number];

/**
 * Old names still accepted wherever a bot is named (scenario files, the runner's
 * --bot, stored replays and runs) and normalised to the current name.
 * `global-ideal` was renamed: it is greedy, not an ideal nor an upper bound.
 */
export const BOT_ALIASES = { 'global-ideal': 'greedy-global' } as const satisfies Record<string, BotName>;
export type BotAlias = keyof typeof BOT_ALIASES;

/** Every accepted spelling: the current names, then the aliases. */
export const BOT_NAME_INPUTS = [...BOT_NAMES, ...(Object.keys(BOT_ALIASES) as BotAlias[])] as const;

/** The current name of a bot, given its name or an old alias; undefined for anything else. */
export function normalizeBotName(name: string): BotName | undefined {
  if ((BOT_NAMES as readonly string[]).includes(name)) return name as BotName;
  return Object.hasOwn(BOT_ALIASES, name) ? BOT_ALIASES[name as BotAlias] : undefined;
}

export const SCHED_CLASSES = ['fifo', 'edf'] as const;
export type SchedClass = (typeof SCHED_CLASSES)[number];

export const MD_MODES = ['migrate_disable', 'preempt_disable'] as const;
export type MdMode = (typeof MD_MODES)[number];

export const MAX_CPUS = 64;
export const MAX_TASKS = 256;
export const MAX_DURATION = 1_000_000;

/** The default of `goals.parShare` (stars.ts): 3 stars close at least 90% of the gap from the best Linux bot to par. */
export const DEFAULT_PAR_SHARE = 0.1;
