import type { Server, Socket } from 'socket.io';
import {
  C2S, CLIENT_SCHEMAS, PROTOCOL_VERSION, S2C, type ClientEventName, type ClientToServerEvents, type Reason, type Reply,
  type ServerToClientEvents, type Role,
} from '../protocol';
import { refuse, type Logger, type Result, type Room, type RoomListener, type RoomRegistry } from '../rooms';
import { AttemptLimiter, TokenBucket } from './limits';

export interface RealtimeLimits {
  /** Messages per second per socket (token bucket rate)... */
  messagesPerSecond: number;
  /** ...and its burst. */
  messageBurst: number;
  /**
   * Create/join/watch/resume attempts per address per window; a failure (unknown
   * code, bad token) counts 5. A class behind one school address fits (300 a
   * minute); guessing codes gets 60 tries a minute against ~10^9 codes.
   */
  joinAttempts: number;
  joinWindowMs: number;
}

export const DEFAULT_LIMITS: RealtimeLimits = { messagesPerSecond: 20, messageBurst: 40, joinAttempts: 300, joinWindowMs: 60_000 };

interface SocketData {
  /** roomId -> seatId held by this socket. */
  seats: Map<string, string>;
  /** roomId -> followed run (race) or '' (watching only). */
  watching: Map<string, string>;
  /** Rooms this socket has proved to be the host of. */
  hosting: Set<string>;
  bucket: TokenBucket;
}

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const roomChannel = (roomId: string) => `room:${roomId}`;
const runChannel = (roomId: string, runId: string) => `run:${roomId}:${runId}`;
const KNOWN_EVENTS = new Set<string>(Object.values(C2S));

/**
 * The transport edge: validates every message, applies the rate limits, turns
 * room Results into acks, and maps room reports onto Socket.IO channels. All
 * decisions are the rooms'; nothing here changes game state by itself.
 */
export function attachRealtime(io: IoServer, registry: RoomRegistry, logger: Logger, limits: RealtimeLimits): void {
  const joins = new AttemptLimiter(registry.clock, limits.joinWindowMs, limits.joinAttempts);
  /** `${roomId}/${seatId}` -> sockets holding the seat (kick must reach them all). */
  const seatSockets = new Map<string, Set<IoSocket>>();
  const dirtyRooms = new Set<Room>();

  const flushRoomStates = () => {
    for (const room of dirtyRooms) io.to(roomChannel(room.id)).emit(S2C.roomState, room.info());
    dirtyRooms.clear();
  };

  const listener: RoomListener = {
    frame(room, frame) {
      io.to(room.kind === 'race' ? runChannel(room.id, frame.runId) : roomChannel(room.id)).emit(S2C.frame, frame);
    },
    roomState(room) {
      // Coalesced: a burst of joins sends one room:state per room.
      if (dirtyRooms.size === 0) setImmediate(flushRoomStates);
      dirtyRooms.add(room);
    },
    standings(room, s) {
      io.to(roomChannel(room.id)).emit(S2C.standings, s);
    },
    runEnded(room, e) {
      io.to(roomChannel(room.id)).emit(S2C.runEnded, e);
    },
    kicked(room, seatId) {
      const key = `${room.id}/${seatId}`;
      for (const s of seatSockets.get(key) ?? []) {
        s.data.seats.delete(room.id);
        s.leave(roomChannel(room.id));
        s.leave(runChannel(room.id, seatId));
        s.emit(S2C.kicked, { roomId: room.id });
      }
      seatSockets.delete(key);
    },
  };
  registry.listener = listener;

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { protocol?: unknown } | undefined;
    if (auth?.protocol !== PROTOCOL_VERSION) {
      const err = new Error('protocol/version') as Error & { data?: unknown };
      err.data = { reason: 'protocol/version', server: PROTOCOL_VERSION };
      return next(err);
    }
    next();
  });

  io.on('connection', (socket: IoSocket) => {
    socket.data = { seats: new Map(), watching: new Map(), hosting: new Set(), bucket: new TokenBucket(registry.clock, limits.messagesPerSecond, limits.messageBurst) };
    const address = socket.handshake.address;

    const bindSeat = (room: Room, seatId: string) => {
      socket.data.seats.set(room.id, seatId);
      socket.join([roomChannel(room.id), runChannel(room.id, seatId)]);
      const key = `${room.id}/${seatId}`;
      let set = seatSockets.get(key);
      if (!set) seatSockets.set(key, (set = new Set()));
      set.add(socket);
      room.setConnected(seatId, 1);
    };
    const unbindSeat = (room: Room | undefined, roomId: string) => {
      const seatId = socket.data.seats.get(roomId);
      if (seatId === undefined) return;
      socket.data.seats.delete(roomId);
      socket.leave(runChannel(roomId, seatId));
      seatSockets.get(`${roomId}/${seatId}`)?.delete(socket);
      room?.setConnected(seatId, -1);
    };
    const watch = (room: Room, follow: string) => {
      const prev = socket.data.watching.get(room.id);
      if (prev) socket.leave(runChannel(room.id, prev));
      if (prev === undefined) room.spectatorDelta(1);
      socket.data.watching.set(room.id, follow);
      socket.join(roomChannel(room.id));
      if (follow) socket.join(runChannel(room.id, follow));
    };
    const unwatch = (room: Room | undefined, roomId: string) => {
      const prev = socket.data.watching.get(roomId);
      if (prev === undefined) return;
      socket.data.watching.delete(roomId);
      if (prev) socket.leave(runChannel(roomId, prev));
      room?.spectatorDelta(-1);
    };
    const host = (room: Room) => {
      if (socket.data.hosting.has(room.id)) return;
      socket.data.hosting.add(room.id);
      socket.join(roomChannel(room.id));
      room.hostDelta(1);
    };
    const unhost = (room: Room | undefined, roomId: string) => {
      if (!socket.data.hosting.delete(roomId)) return;
      room?.hostDelta(-1);
    };
    const roleIn = (room: Room): { role: Role; seatId?: string; follow?: string } | undefined => {
      const seatId = socket.data.seats.get(room.id);
      if (seatId !== undefined && room.seats.has(seatId)) return { role: 'player', seatId };
      if (socket.data.hosting.has(room.id)) return { role: 'host' };
      const follow = socket.data.watching.get(room.id);
      if (follow !== undefined) return { role: 'spectator', ...(follow ? { follow } : {}) };
      return undefined;
    };

    /** validate -> act -> acknowledge; a refusal never changes state. */
    function on<E extends ClientEventName>(event: E, fn: (msg: ParsedOf<E>) => Reply<object>) {
      (socket as unknown as { on(e: string, l: (...args: unknown[]) => void): void }).on(event, (...args: unknown[]) => {
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
        const reply = (r: Reply<object>) => {
          if (ack) ack(r);
          else if (!r.ok) socket.emit(S2C.refused, { event, reason: r.reason, ...(r.detail ? { detail: r.detail } : {}) });
        };
        if (!socket.data.bucket.take()) return reply(no('rate/limited'));
        if (args.length !== 1) return reply(no('bad/payload', 'expected exactly one payload and an ack'));
        const parsed = CLIENT_SCHEMAS[event].safeParse(args[0]);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue ? issue.path.join('.') : '';
          // A nickname that breaks the rules gets its own reason: people can fix it.
          const badNick = where === 'nick' && typeof (args[0] as { nick?: unknown }).nick === 'string';
          return reply(no(badNick ? 'nick/invalid' : 'bad/payload', issue ? `${where || '(payload)'}: ${issue.message}` : undefined));
        }
        let r: Reply<object>;
        try {
          r = fn(parsed.data as ParsedOf<E>);
        } catch (e) {
          logger.error('handler failed', { event, error: e instanceof Error ? e.stack ?? e.message : String(e) });
          r = no('internal');
        }
        reply(r);
      });
    }

    socket.onAny((event: string, ...args: unknown[]) => {
      if (KNOWN_EVENTS.has(event)) return;
      const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (r: unknown) => void) : undefined;
      const reason: Reason = socket.data.bucket.take() ? 'bad/event' : 'rate/limited';
      if (ack) ack(no(reason));
      else socket.emit(S2C.refused, { event: String(event).slice(0, 40), reason });
    });

    on('solo:create', (msg) => {
      if (!joins.allow(address)) return no('join/limited');
      const made = registry.createSolo({ scenario: msg.scenario, ...(msg.seed !== undefined ? { seed: msg.seed } : {}), ...(msg.bot ? { bot: msg.bot } : {}), ...(msg.nick ? { nick: msg.nick } : {}) });
      if (!made.ok) return made;
      const { room, hostToken, playerToken, seat } = made.value;
      host(room);
      bindSeat(room, seat.id);
      return { ok: true, roomId: room.id, code: room.code, hostToken, playerToken, seatId: seat.id, view: room.view('player', seat.id) };
    });

    on('room:create', (msg) => {
      if (!joins.allow(address)) return no('join/limited');
      const made = registry.createRoom({ kind: msg.kind, scenario: msg.scenario, ...(msg.seed !== undefined ? { seed: msg.seed } : {}), ...(msg.bot ? { bot: msg.bot } : {}), ...(msg.maxPlayers ? { maxPlayers: msg.maxPlayers } : {}) });
      if (!made.ok) return made;
      const { room, hostToken } = made.value;
      host(room);
      return { ok: true, roomId: room.id, code: room.code, hostToken, joinPath: `/join/${room.code}`, view: room.view('host') };
    });

    on('room:join', (msg) => {
      if (!joins.allow(address)) return no('join/limited');
      const room = registry.byCode(msg.code);
      if (!room) {
        joins.fail(address);
        return no('room/not-found');
      }
      if (socket.data.seats.has(room.id)) return no('seat/already');
      const joined = registry.join(msg.code, msg.nick);
      if (!joined.ok) {
        if (joined.reason !== 'room/started') return joined;
        // Late joiners watch the round (standings, and co-op's shared machine).
        watch(room, '');
        return { ok: true, roomId: room.id, code: room.code, role: 'spectator', view: room.view('spectator') };
      }
      const { seat, playerToken } = joined.value;
      bindSeat(room, seat.id);
      return { ok: true, roomId: room.id, code: room.code, role: 'player', seatId: seat.id, playerToken, view: room.view('player', seat.id) };
    });

    on('room:watch', (msg) => {
      if (!joins.allow(address)) return no('join/limited');
      const room = registry.byCode(msg.code);
      if (!room) {
        joins.fail(address);
        return no('room/not-found');
      }
      if (msg.follow !== undefined && (room.kind !== 'race' || !room.seats.has(msg.follow))) return no('seat/not-found');
      watch(room, msg.follow ?? '');
      return { ok: true, roomId: room.id, code: room.code, view: room.view('spectator', undefined, msg.follow) };
    });

    on('room:resume', (msg) => {
      if (!joins.allow(address)) return no('join/limited');
      const room = registry.byCode(msg.code);
      if (!room) {
        joins.fail(address);
        return no('room/not-found');
      }
      if (room.isHost(msg.token)) {
        host(room);
        return { ok: true, roomId: room.id, code: room.code, role: 'host', view: room.view('host') };
      }
      const seat = room.seatByToken(msg.token);
      if (!seat) {
        joins.fail(address);
        return no('auth/bad-token', room.wasKicked(msg.token) ? 'kicked' : undefined);
      }
      if (socket.data.seats.get(room.id) !== seat.id) {
        unbindSeat(room, room.id);
        bindSeat(room, seat.id);
      }
      return { ok: true, roomId: room.id, code: room.code, role: 'player', seatId: seat.id, view: room.view('player', seat.id) };
    });

    on('room:resync', (msg) => {
      const room = registry.byId(msg.roomId);
      if (!room) return no('room/not-found');
      const who = roleIn(room);
      if (!who) return no('auth/not-player', 'not in this room');
      return { ok: true, view: room.view(who.role, who.seatId, who.follow) };
    });

    on('room:leave', (msg) => {
      const room = registry.byId(msg.roomId);
      const inRoom = socket.data.seats.has(msg.roomId) || socket.data.watching.has(msg.roomId) || socket.data.hosting.has(msg.roomId);
      if (!inRoom) return no('room/not-found');
      unbindSeat(room, msg.roomId);
      unwatch(room, msg.roomId);
      unhost(room, msg.roomId);
      socket.leave(roomChannel(msg.roomId));
      return { ok: true };
    });

    on('room:control', (msg) => {
      const room = registry.byId(msg.roomId);
      if (!room) return no('room/not-found');
      return toReply(room.control(msg.hostToken, msg.command));
    });

    on('game:action', (msg) => {
      const room = registry.byId(msg.roomId);
      if (!room) return no('room/not-found');
      const seatId = socket.data.seats.get(room.id);
      if (seatId === undefined) return no('auth/not-player');
      const r = room.act(seatId, { task: msg.task, cpu: msg.cpu });
      return r.ok ? { ok: true, tick: r.value.tick } : r;
    });

    socket.on('disconnect', () => {
      for (const roomId of [...socket.data.seats.keys()]) unbindSeat(registry.byId(roomId), roomId);
      for (const roomId of [...socket.data.watching.keys()]) unwatch(registry.byId(roomId), roomId);
      for (const roomId of [...socket.data.hosting]) unhost(registry.byId(roomId), roomId);
    });
  });
}

type ParsedOf<E extends ClientEventName> = (typeof CLIENT_SCHEMAS)[E] extends { _zod: { output: infer O } } ? O : never;

function no(reason: Reason, detail?: string): Reply<object> {
  return refuse(reason, detail);
}

function toReply(r: Result): Reply<object> {
  return r.ok ? { ok: true } : r;
}
