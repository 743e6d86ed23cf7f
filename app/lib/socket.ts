/**
 * The browser's one Socket.IO connection (same origin and port as the pages).
 *
 * One socket per tab, kept across client-side navigations, so joining on /join and
 * then opening /room/CODE does not drop the seat in between. Socket.IO reconnects
 * by itself; the room hook (room-client.ts) resumes its seat on every (re)connect,
 * because a new connection belongs to no room on the server.
 *
 * In a cluster the server may say the room lives on another process (`room:moved`): the room
 * hook hands the hint to followRoomHint, which moves this socket to that process's path behind
 * the same proxy; the (re)connect then resumes the seat as after any drop. If that path fails,
 * the next attempt goes back to the default path (affinity.ts decides both).
 */
import { io, type Socket } from 'socket.io-client';
import {
  DEFAULT_SOCKET_PATH,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type HandshakeAuth,
  type ServerToClientEvents,
} from '../../server/protocol';
import { RoomAffinity } from './affinity';

export type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: GameSocket | null = null;
let affinity: RoomAffinity | null = null;

export function getSocket(): GameSocket {
  if (shared) return shared;
  const auth: HandshakeAuth = { protocol: PROTOCOL_VERSION };
  shared = io({
    auth,
    path: DEFAULT_SOCKET_PATH,
    // Polling first then upgrade (the default) survives proxies; reconnection
    // backs off from 0.5 s to 5 s and never gives up while the tab is open.
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    randomizationFactor: 0.3,
  }) as GameSocket;
  affinity = new RoomAffinity(shared);
  return shared;
}

/**
 * A `room:moved` hint: reconnects the shared socket on the room owner's path when affinity.ts says
 * so (`inRoom`: whether this page is in that room). Returns whether it moved.
 */
export function followRoomHint(socket: GameSocket, hint: unknown, inRoom: (code: string) => boolean): boolean {
  if (socket !== shared || !affinity) return false;
  // A new connection on the new path; the room hook's connect handler resumes the seat there.
  return affinity.follow(hint, inRoom);
}

/** Why a request failed without a server answer (not part of the protocol's reasons). */
export const CLIENT_REASONS = { timeout: 'client/timeout', offline: 'client/offline' } as const;

type EventName = keyof ClientToServerEvents;
type Payload<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type AckArg<E extends EventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/**
 * Emits a request and resolves with the server's ack, or with a refusal of
 * reason client/timeout when no answer came in time (never rejects).
 */
export async function request<E extends EventName>(
  socket: GameSocket,
  event: E,
  payload: Payload<E>,
  timeoutMs = 8_000,
): Promise<AckArg<E> | { ok: false; reason: string; detail?: string }> {
  try {
    // Socket.IO's typed emitWithAck cannot follow a generic event name; the
    // event map above is what keeps payload and answer paired.
    const timed = socket.timeout(timeoutMs);
    const emit = timed.emitWithAck.bind(timed) as unknown as (e: E, p: Payload<E>) => Promise<AckArg<E>>;
    return await emit(event, payload);
  } catch {
    return { ok: false, reason: socket.connected ? CLIENT_REASONS.timeout : CLIENT_REASONS.offline };
  }
}
