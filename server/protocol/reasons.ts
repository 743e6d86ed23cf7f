import { REFUSAL_REASONS, type RefusalReason } from '../engine';

/**
 * Why the server refused a request: data, not prose, so the client can show its
 * own words (and tests can assert the exact reason). `action/<engine reason>` is
 * the engine's RefusalReason passed through.
 */
export const BASE_REASONS = [
  /** The client speaks an older protocol than the server (connection refused): reload the page. */
  'protocol/client-too-old',
  /** The client speaks a newer protocol than the server (connection refused): the server is behind, try later. */
  'protocol/server-too-old',
  /** The event name is not part of the protocol. */
  'bad/event',
  /** The payload failed its schema (the detail names the first bad field). */
  'bad/payload',
  /** Too many messages from this socket; nothing was done. */
  'rate/limited',
  /** Too many create/join/watch attempts (or guessed codes) from this address, or one wrong token tried too often. */
  'join/limited',
  'room/not-found',
  'room/locked',
  'room/full',
  'room/ended',
  /** The request needs a round that has not started yet (or is over). */
  'room/not-running',
  /** Lobby-only request, the round has started. */
  'room/started',
  /** The request does not apply to this kind of room (e.g. assign in a race). */
  'room/wrong-kind',
  /** The server holds as many rooms as it may. */
  'room/too-many',
  /** This network address holds as many live rooms as one address may (a school shares one). */
  'room/address-limit',
  /** This host holds as many live rooms as one host may: end one first. */
  'room/host-limit',
  /** The room comes back from its checkpoint after a server restart and is not replayed yet: try again in a moment. */
  'room/restoring',
  /**
   * Over the room's simulation budget (players x speed x the scenario's size per tick):
   * the detail names the limit and what would fit.
   */
  'room/too-costly',
  'nick/invalid',
  'nick/taken',
  /** The host token is missing or wrong. */
  'auth/not-host',
  /** The player token is unknown (or the seat was kicked). */
  'auth/bad-token',
  /** This socket holds no seat in the room (spectators cannot act). */
  'auth/not-player',
  'seat/not-found',
  /** This socket already holds a seat in the room (resume it instead). */
  'seat/already',
  'scenario/unknown',
  'scenario/invalid',
  /** Single-step needs the run paused. */
  'control/not-paused',
  /** A new round needs the current one to have ended. */
  'round/in-progress',
  /** The room has played as many rounds as one room keeps. */
  'round/too-many',
  /** An unexpected server error; the state was not changed. */
  'internal',
] as const;

export type BaseReason = (typeof BASE_REASONS)[number];
/** Why a handshake was refused: the client's protocol is older, or newer, than the server's. */
export type VersionReason = Extract<BaseReason, `protocol/${string}`>;
export const VERSION_REASONS = BASE_REASONS.filter((r): r is VersionReason => r.startsWith('protocol/'));

export function isVersionReason(x: unknown): x is VersionReason {
  return typeof x === 'string' && (VERSION_REASONS as readonly string[]).includes(x);
}
export type ActionReason = `action/${RefusalReason}`;
export type Reason = BaseReason | ActionReason;

export const ACTION_REASONS = REFUSAL_REASONS.map((r) => `action/${r}` as ActionReason);
export const REASONS: readonly Reason[] = [...BASE_REASONS, ...ACTION_REASONS];

export function actionReason(r: RefusalReason): ActionReason {
  return `action/${r}`;
}

export function isReason(x: unknown): x is Reason {
  return typeof x === 'string' && (REASONS as readonly string[]).includes(x);
}
