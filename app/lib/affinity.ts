/**
 * Room affinity, the client's side (README "Scaling out"): which Socket.IO path the shared socket
 * uses, and whether a `room:moved` hint moves it. Pure, so the browser (socket.ts), the load
 * benchmark and the unit tests decide alike.
 *
 * - A hint moves the socket to `/node/<node>/socket.io` only for a room this client is in, only
 *   when it is not there already, and at most once per (room, owner): a room that changes owner
 *   (a takeover) may move it again, the same hint twice never does, so no loop whatever the
 *   servers say.
 * - A connection that fails on a node's path goes back to the default path (that process may
 *   have died): there any process takes the socket, forwards, and may tell it again.
 */
import { DEFAULT_SOCKET_PATH, nodePath, roomMovedSchema, type RoomMoved } from '../../server/protocol';

export interface AffinityState {
  /** The Socket.IO path the socket connects on. */
  path: string;
  /** `${roomId}@${node}` of the moves made (the last few). */
  moves: readonly string[];
}

export const initialAffinity: AffinityState = { path: DEFAULT_SOCKET_PATH, moves: [] };

/** How many past moves are remembered: far more than the rooms one tab is in. */
const REMEMBERED_MOVES = 32;

export type MoveDecision =
  | { move: true; path: string; hint: RoomMoved; state: AffinityState }
  | { move: false; why: 'bad-hint' | 'not-in-room' | 'already-there' | 'moved-before' };

/** A `room:moved` arrived; `inRoom(code)`: whether this client is in that room (holds a seat, hosts or watches it). */
export function decideMove(state: AffinityState, raw: unknown, inRoom: (code: string) => boolean): MoveDecision {
  const parsed = roomMovedSchema.safeParse(raw);
  if (!parsed.success) return { move: false, why: 'bad-hint' };
  const hint = parsed.data;
  if (!inRoom(hint.code)) return { move: false, why: 'not-in-room' };
  const path = nodePath(hint.node);
  if (state.path === path) return { move: false, why: 'already-there' };
  const key = `${hint.roomId}@${hint.node}`;
  if (state.moves.includes(key)) return { move: false, why: 'moved-before' };
  return { move: true, path, hint, state: { path, moves: [...state.moves, key].slice(-REMEMBERED_MOVES) } };
}

/** A connection attempt failed: on a node's path, the next attempt goes to the default path. */
export function decideFallback(state: AffinityState): { fallback: boolean; state: AffinityState } {
  if (state.path === DEFAULT_SOCKET_PATH) return { fallback: false, state };
  return { fallback: true, state: { ...state, path: DEFAULT_SOCKET_PATH } };
}

/** What RoomAffinity needs of a Socket.IO client socket (the browser's, or a benchmark's). */
export interface MovableSocket {
  io: { opts: { path?: string } };
  on(event: 'connect_error', listener: (err: Error) => void): unknown;
  disconnect(): { connect(): unknown };
}

/**
 * One socket kept on its room's process: `follow` a hint (reconnects on the owner's path; the
 * socket's connect handlers resume the seat there), and back to the default path when a
 * connection on a node's path fails (the manager reads its path at every attempt).
 */
export class RoomAffinity {
  private state: AffinityState;
  /** How many times the socket moved (the load benchmark prints it). */
  moves = 0;
  fallbacks = 0;

  constructor(private readonly socket: MovableSocket) {
    this.state = { ...initialAffinity, path: socket.io.opts.path ?? DEFAULT_SOCKET_PATH };
    socket.on('connect_error', () => {
      const d = decideFallback(this.state);
      if (!d.fallback) return;
      this.state = d.state;
      this.fallbacks++;
      socket.io.opts.path = d.state.path;
    });
  }

  get path(): string {
    return this.state.path;
  }

  /** A `room:moved` hint; `inRoom(code)`: whether this client is in that room. Returns whether it moved. */
  follow(hint: unknown, inRoom: (code: string) => boolean): boolean {
    const d = decideMove(this.state, hint, inRoom);
    if (!d.move) return false;
    this.state = d.state;
    this.moves++;
    this.socket.io.opts.path = d.path;
    this.socket.disconnect().connect();
    return true;
  }
}
