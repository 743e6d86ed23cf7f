import type { VersionReason } from './reasons';

/**
 * The wire contract's version. Bump it on any incompatible change to an event
 * name, a payload or an ack shape; the server refuses a connection whose
 * `auth.protocol` differs, saying which side is behind, so an old tab reloads
 * instead of misreading frames, and a new tab on a server not yet updated says so.
 *
 * 2: `solo:create` removed (solo play runs in the browser); a run's view carries
 *    its recent frames (`history`); the two version reasons replace `protocol/version`.
 * 3: `RoomInfo.seed` and the view's `scenario.seed` only once the round is over
 *    (with `RoomInfo.baselines`, the bots' scores, computed by the server);
 *    `room:create` takes an optional `hostToken`; reasons `room/address-limit`
 *    and `room/host-limit`;
 *    rounds (`room:round`, `RoomInfo.round`, `RoomView.rounds`); frames carry task
 *    progress; a standing's rank may be null (a removed player); co-op standings.
 * 4: frames carry only what the client cannot predict (frames.ts: `WireFrame`, made whole
 *    by `FrameAssembler` from the last view or frame); views and whole frames carry `rates`;
 *    a run with nothing new sends a frame only every few ticks.
 *    `room:moved` (cluster only): the room lives on another process, reached at
 *    `/node/<node>/socket.io/` through the proxy; the client moves its socket there.
 */
export const PROTOCOL_VERSION = 4 as const;
export type ProtocolVersion = typeof PROTOCOL_VERSION;


/**
 * Compares the protocol a client announced with the server's. A client that
 * announces nothing (or not an integer) predates versioning: it is the old one.
 */
export function versionRefusal(clientProtocol: unknown, serverProtocol: number = PROTOCOL_VERSION): VersionReason | null {
  if (typeof clientProtocol !== 'number' || !Number.isInteger(clientProtocol)) return 'protocol/client-too-old';
  if (clientProtocol < serverProtocol) return 'protocol/client-too-old';
  if (clientProtocol > serverProtocol) return 'protocol/server-too-old';
  return null;
}

/** The `data` of the handshake error the server sends with a version refusal. */
export interface VersionRefusalData { reason: VersionReason; server: number }
