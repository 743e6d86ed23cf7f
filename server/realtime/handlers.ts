import type { AckOf, ClientEventName, PayloadOf, Reason } from '../protocol';
import { refuse, type Result, type Room, type RoomRegistry } from '../rooms';
import { refuseUnreleasedDaily } from './catalog';
import type { Connection, Membership } from './connection';

/** What a handler may use: the rooms, this socket's memberships, and its address's join budget. */
export interface HandlerContext {
  registry: RoomRegistry;
  conn: Connection;
  /** The socket's network address (the per-address room cap counts it). */
  address: string;
  /** Counts an attempt against this socket's address's join budget; false (nothing counted) when over it. */
  allowAttempt(): boolean;
  /** Charges a failed join attempt (an unknown code) to this socket's address. */
  failedAttempt(): void;
  /**
   * Wrong tokens are limited per room and token, never per address (a school shares
   * one): whether this token has been refused too often in this room lately...
   */
  tokenBlocked(roomId: string, token: string): boolean;
  /** ...and charging one refusal to it. */
  wrongToken(roomId: string, token: string): void;
}

/**
 * Who may send an event. Each check either refuses (no state changed) or hands
 * the handler what it proved:
 * - `anyone`: any connected socket (the rate limit and the schema already passed);
 * - `attempt`: any socket, counted against its address's join budget (create, join, watch);
 * - `member`: a seat, the host or a watcher of `roomId`;
 * - `seat`: a socket holding a seat in `roomId`;
 * - `host`: whoever proves `roomId`'s host token.
 */
export type Access = 'anyone' | 'attempt' | 'member' | 'seat' | 'host';

interface AccessNeeds {
  anyone: unknown;
  attempt: unknown;
  member: { roomId: string };
  seat: { roomId: string };
  host: { roomId: string; hostToken: string };
}

export interface Granted {
  anyone: Record<never, never>;
  attempt: Record<never, never>;
  member: { room: Room; who: Membership };
  seat: { room: Room; seatId: string };
  host: { room: Room };
}

export interface Authoriser {
  /** False when this address is over its join budget (the attempt is not counted then). */
  allowAttempt(): boolean;
}

const AUTHORISE: { [A in Access]: (ctx: HandlerContext & Authoriser, msg: AccessNeeds[A]) => Result<Granted[A]> } = {
  anyone: () => ({ ok: true, value: {} }),
  attempt: (ctx) => (ctx.allowAttempt() ? { ok: true, value: {} } : refuse('join/limited')),
  member(ctx, msg) {
    const room = ctx.registry.byId(msg.roomId);
    if (!room) return refuse('room/not-found');
    const who = ctx.conn.membership(room);
    return who ? { ok: true, value: { room, who } } : refuse('auth/not-player', 'not in this room');
  },
  seat(ctx, msg) {
    const room = ctx.registry.byId(msg.roomId);
    if (!room) return refuse('room/not-found');
    const seatId = ctx.conn.seatIn(room.id);
    return seatId === undefined ? refuse('auth/not-player') : { ok: true, value: { room, seatId } };
  },
  host(ctx, msg) {
    const room = ctx.registry.byId(msg.roomId);
    if (!room) return refuse('room/not-found');
    return room.isHost(msg.hostToken) ? { ok: true, value: { room } } : refuse('auth/not-host');
  },
};

/** One client event: who may send it, and what it does (hands it to the rooms) and answers. */
export interface Handler<E extends ClientEventName, A extends Access> {
  access: A;
  act(msg: PayloadOf<E>, ctx: HandlerContext, granted: Granted[A]): AckOf<E>;
}

/** The handlers an event may have: only accesses whose needs its payload meets (a `host` event carries roomId and hostToken). */
type HandlerFor<E extends ClientEventName> = {
  [A in Access]: PayloadOf<E> extends AccessNeeds[A] ? Handler<E, A> : never;
}[Access];

/** Rooms answer with Results; acks flatten the value into `{ ok: true, ... }`. */
function answer<T extends object>(r: Result<T>): { ok: true } & T | { ok: false; reason: Reason; detail?: string } {
  return r.ok ? { ok: true, ...r.value } : r;
}

/** An unknown code or a bad token is charged extra against the address: guessing is slow. */
function lookup(ctx: HandlerContext, code: string): Result<Room> {
  const room = ctx.registry.byCode(code);
  if (room) return { ok: true, value: room };
  // Not a guess: the room exists and comes back in a moment (checkpoint replay after a restart).
  if (ctx.registry.isRestoring(code)) return refuse('room/restoring');
  ctx.failedAttempt();
  return refuse('room/not-found');
}

/** Every client event, keyed by name: validated by CLIENT_SCHEMAS first (see socket.ts), then authorised, then acted on. */
export const HANDLERS: { [E in ClientEventName]: HandlerFor<E> } = {
  'room:create': {
    access: 'attempt',
    act(msg, ctx) {
      const released = refuseUnreleasedDaily(msg.scenario);
      if (!released.ok) return released;
      // One connection is one host: without a token of its own, a socket's later rooms share its first one's.
      const hostToken = msg.hostToken ?? ctx.conn.hostToken;
      const made = ctx.registry.createRoom({
        kind: msg.kind, scenario: msg.scenario,
        ...(msg.seed !== undefined ? { seed: msg.seed } : {}), ...(msg.bot ? { bot: msg.bot } : {}), ...(msg.maxPlayers ? { maxPlayers: msg.maxPlayers } : {}),
      }, { address: ctx.address, accountId: ctx.conn.accountId, ...(hostToken !== undefined ? { hostToken } : {}) });
      if (!made.ok) return made;
      const { room } = made.value;
      ctx.conn.hostToken = made.value.hostToken;
      ctx.conn.host(room);
      return { ok: true, roomId: room.id, code: room.code, hostToken: made.value.hostToken, joinPath: `/join/${room.code}`, view: room.view('host') };
    },
  },

  'room:join': {
    access: 'attempt',
    act(msg, ctx) {
      const found = lookup(ctx, msg.code);
      if (!found.ok) return found;
      const room = found.value;
      if (ctx.conn.seatIn(room.id) !== undefined) return refuse('seat/already');
      const joined = ctx.registry.join(msg.code, msg.nick);
      if (!joined.ok) {
        if (joined.reason !== 'room/started') return joined;
        // Late joiners watch the round (standings, and co-op's shared machine).
        ctx.conn.watch(room, '');
        return { ok: true, roomId: room.id, code: room.code, role: 'spectator', view: room.view('spectator') };
      }
      const { seat, playerToken } = joined.value;
      ctx.conn.bindSeat(room, seat.id);
      return { ok: true, roomId: room.id, code: room.code, role: 'player', seatId: seat.id, playerToken, view: room.view('player', seat.id) };
    },
  },

  'room:watch': {
    access: 'attempt',
    act(msg, ctx) {
      const found = lookup(ctx, msg.code);
      if (!found.ok) return found;
      const room = found.value;
      if (msg.follow !== undefined && (room.kind !== 'race' || !room.seats.has(msg.follow))) return refuse('seat/not-found');
      // A race is private: following a run (its frames and plans) is for the host and spectators, never a rival.
      if (msg.follow !== undefined && ctx.conn.seatIn(room.id) !== undefined) return refuse('auth/not-host', 'a player cannot follow another run');
      ctx.conn.watch(room, msg.follow ?? '');
      return { ok: true, roomId: room.id, code: room.code, view: room.view('spectator', undefined, msg.follow) };
    },
  },

  'room:resume': {
    // Not `attempt`: a valid token always gets back in, whatever its address spent on
    // joins. Unknown codes are charged to the address (guessing); wrong tokens to the token.
    access: 'anyone',
    act(msg, ctx) {
      const room = ctx.registry.byCode(msg.code);
      if (!room) {
        if (ctx.registry.isRestoring(msg.code)) return refuse('room/restoring');
        if (!ctx.allowAttempt()) return refuse('join/limited');
        ctx.failedAttempt();
        return refuse('room/not-found');
      }
      if (ctx.tokenBlocked(room.id, msg.token)) return refuse('join/limited', 'this token was refused too often');
      if (room.isHost(msg.token)) {
        room.markActive();
        ctx.conn.host(room);
        return { ok: true, roomId: room.id, code: room.code, role: 'host', view: room.view('host') };
      }
      const seat = room.seatByToken(msg.token);
      if (!seat) {
        ctx.wrongToken(room.id, msg.token);
        return refuse('auth/bad-token', room.wasKicked(msg.token) ? 'kicked' : undefined);
      }
      room.markActive();
      ctx.conn.bindSeat(room, seat.id);
      return { ok: true, roomId: room.id, code: room.code, role: 'player', seatId: seat.id, view: room.view('player', seat.id) };
    },
  },

  'room:resync': {
    access: 'member',
    act(_msg, _ctx, { room, who }) {
      return { ok: true, view: room.view(who.role, who.seatId, who.follow) };
    },
  },

  'room:leave': {
    // Leaving needs no proof beyond having joined; it works on a room already gone too.
    access: 'anyone',
    act(msg, ctx) {
      if (!ctx.conn.inRoom(msg.roomId)) return refuse('room/not-found');
      ctx.conn.leave(ctx.registry.byId(msg.roomId), msg.roomId);
      return { ok: true };
    },
  },

  'room:control': {
    access: 'host',
    act(msg, _ctx, { room }) {
      return answer(room.control(msg.hostToken, msg.command));
    },
  },

  'room:round': {
    access: 'host',
    act(msg, ctx, { room }) {
      if (msg.scenario) {
        const released = refuseUnreleasedDaily(msg.scenario);
        if (!released.ok) return released;
      }
      return answer(ctx.registry.nextRound(room, msg.hostToken, {
        ...(msg.scenario ? { scenario: msg.scenario } : {}), ...(msg.seed !== undefined ? { seed: msg.seed } : {}), ...(msg.bot ? { bot: msg.bot } : {}),
      }));
    },
  },

  'game:action': {
    access: 'seat',
    act(msg, _ctx, { room, seatId }) {
      return answer(room.act(seatId, { task: msg.task, cpu: msg.cpu }));
    },
  },
};

/**
 * Authorises then acts, for an event whose payload already passed its schema.
 * The one place the table's per-event types meet a runtime event name.
 */
export function dispatch<E extends ClientEventName>(event: E, msg: PayloadOf<E>, ctx: HandlerContext & Authoriser): AckOf<E> {
  const handler = HANDLERS[event] as unknown as Handler<E, Access>;
  const granted = (AUTHORISE[handler.access] as (c: HandlerContext & Authoriser, m: unknown) => Result<Granted[Access]>)(ctx, msg);
  if (!granted.ok) return granted;
  return handler.act(msg, ctx, granted.value);
}
