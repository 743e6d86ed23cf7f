/**
 * A claimed run checked against the server's own re-simulation: everything submitRun
 * decides before it touches the database, as a pure function of plain data, so it can
 * run on a worker thread (jobs.ts) and, for a co-op log, once for every teammate.
 */
import {
  BOT_NAMES, loadScenario, normalizeBotName, parseActionLog, ScenarioInvalidError, starsOf, verifyRun,
  type Action, type BotName, type RunResult, type ScenarioInput, type Stars,
} from '../engine';
import { builtinParFor } from '../engine/levels/par';

export interface ClaimInput {
  /** The scenario version the run was played on, in file form. */
  scenario: ScenarioInput;
  /** Campaign levels also get stars. */
  builtin: boolean;
  /** Played in a room (other seeds and balancers are the host's choice there). */
  inRoom: boolean;
  seed: number;
  actions: unknown;
  finalHash: string;
  score: number;
  /** The balancer that played alongside (defaults to the scenario's). */
  bot?: string;
  /** Ticks played, when the round was ended early. */
  ticks?: number;
}

export interface ClaimVerdict {
  /** The log as parsed (empty when it did not parse). */
  actions: Action[];
  /** The claimed bot in its current spelling. */
  bot: string;
  /** The server's own result (null when the log could not be simulated). */
  result: RunResult | null;
  /** Why it is not verified, or does not rank outside its room (see service.ts). */
  reason?: string;
  verified: boolean;
  /** Own seed, own balancer, played to the end. */
  countsGlobally: boolean;
  stars: Stars | null;
}

function isBot(b: string): b is BotName {
  return (BOT_NAMES as readonly string[]).includes(b);
}

export function checkClaim(input: ClaimInput): ClaimVerdict {
  const parsed = parseActionLog(input.actions);
  const actions: Action[] = parsed.ok ? parsed.value : [];
  let spec;
  try {
    spec = loadScenario(input.scenario);
  } catch (e) {
    // A version stored before a rule tightened (e.g. the size budget): kept, never ranked.
    if (!(e instanceof ScenarioInvalidError)) throw e;
    const claimed = input.bot ?? input.scenario.balancer ?? 'none';
    const bot = normalizeBotName(claimed) ?? claimed;
    return { actions, bot, result: null, reason: 'invalid-scenario', verified: false, countsGlobally: false, stars: null };
  }
  // Old aliases such as global-ideal are normalised; unknown names pass through to be refused.
  const bot = input.bot === undefined ? spec.balancer : normalizeBotName(input.bot) ?? input.bot;

  let reason: string | undefined;
  let result: RunResult | null = null;
  if (!parsed.ok) reason = 'invalid-actions';
  else if (!isBot(bot)) reason = 'invalid-bot';
  else if (input.ticks !== undefined && (!Number.isInteger(input.ticks) || input.ticks < 0 || input.ticks > spec.duration)) reason = 'bad-ticks';
  else {
    // A round that ended early is verified over the ticks it ran.
    const v = verifyRun(spec, { seed: input.seed, actions, finalHash: input.finalHash, score: input.score, bot, ...(input.ticks !== undefined ? { ticks: input.ticks } : {}) });
    result = v.result;
    if (!v.ok) reason = v.reason;
  }
  const verified = reason === undefined && result !== null;
  // Outside a room only the scenario's own balancer is comparable: a run with an easier bot
  // (e.g. greedy-global) alongside would be replayable but not a fair score.
  const sameBot = bot === spec.balancer;
  if (verified && !sameBot && !input.inRoom) reason = 'other-bot';
  // Any seed replays, but only the scenario's own is the same challenge for everyone.
  const sameSeed = input.seed === spec.seed;
  if (verified && !sameSeed && !input.inRoom) reason ??= 'other-seed';
  const complete = result !== null && result.ticks === spec.duration;
  const countsGlobally = sameBot && sameSeed && complete;
  const stars = verified && countsGlobally && input.builtin ? starsOf(spec, result!, builtinParFor(spec, result!.seed)?.score ?? null) : null;
  return { actions, bot, result, ...(reason ? { reason } : {}), verified: verified && reason === undefined, countsGlobally, stars };
}
