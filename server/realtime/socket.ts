import type { IncomingHttpHeaders } from 'node:http';
import type { Server } from 'socket.io';
import { clientAddress } from '../http/address';
import {
  C2S, CLIENT_SCHEMAS, S2C, versionRefusal, type AckOf, type ClientEventName, type ClientToServerEvents, type PayloadOf,
  type Reason, type ScenarioRef, type ServerToClientEvents, type VersionRefusalData, PROTOCOL_VERSION,
} from '../protocol';
import { hashToken, refuse, type Logger, type Room, type RoomListener, type RoomRegistry } from '../rooms';
import { Connection, roomChannel, runChannel, type ChannelSocket, type IoSocket, type SeatHolders, type SocketData } from './connection';
import { dispatch, type Authoriser, type HandlerContext } from './handlers';
import { AddressBudget, AttemptLimiter, TokenBucket } from './limits';
import type { AccountResolver } from '../http/accounts';

export interface RealtimeOptions {
  /**
   * Who is signed in on a socket, asked once at its handshake (which carries the session
   * cookie): rooms a teacher hosts are kept under the account, and hosting a `rooms` or
   * `private` published scenario needs its owner. Default: nobody ever is.
   */
  accounts?: AccountResolver;
}

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
  /**
   * Resumes with the same wrong token in the same room per window (joinWindowMs);
   * then that token is refused unchecked. Never per address: a valid token always
   * resumes, and one pupil's stale token costs the class nothing.
   */
  wrongTokenAttempts: number;
  /** Open sockets per address: one school behind one NAT address is a few classes, two tabs each. */
  socketsPerAddress: number;
  /** Messages per second from all sockets of one address together (token bucket rate)... */
  addressMessagesPerSecond: number;
  /** ...and its burst. */
  addressMessageBurst: number;
  /**
   * Behind a reverse proxy (deploy/nginx.conf) every socket comes from the proxy's address: then
   * the client's is the last X-Forwarded-For entry, the one the proxy appended. Only when nothing
   * but the proxy can reach the server (a client could write the header itself otherwise).
   */
  trustProxy?: boolean;
}

export const DEFAULT_LIMITS: RealtimeLimits = {
  messagesPerSecond: 20, messageBurst: 40, joinAttempts: 300, joinWindowMs: 60_000, wrongTokenAttempts: 10,
  socketsPerAddress: 200, addressMessagesPerSecond: 500, addressMessageBurst: 1000,
};

/** Why a connection was refused at the handshake for its address (the client retries with backoff). */
export const TOO_MANY_SOCKETS = 'too-many-sockets';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Hands a validated event to where its room lives (server/cluster: another process may own it);
 * undefined: handled here, exactly as without it. The single-process server sets none.
 */
export type Forwarder = <E extends ClientEventName>(
  event: E, msg: PayloadOf<E>, ctx: HandlerContext & Authoriser, socket: IoSocket,
) => Promise<AckOf<E>> | undefined;

/** What attachRealtime gives a cluster layer: a hook for events, and contexts for sockets held by other processes. */
export interface RealtimeEdge {
  forward: Forwarder | undefined;
  /** A connection (its memberships kept here) for a socket reached through `socket`. */
  connection(socket: ChannelSocket): Connection;
  /** The handler context of such a connection, under this process's limits for `address`. */
  context(conn: Connection, address: string): HandlerContext & Authoriser;
  /**
   * Whether a broadcast to this channel reaches all its sockets without the adapter publishing it
   * (server/cluster: no other process's socket is in it). Unset: every broadcast goes the usual way.
   */
  localOnly?: (channel: string) => boolean;
}

const KNOWN_EVENTS = new Set<string>(Object.values(C2S));

/**
 * The transport edge: checks the protocol version at the handshake, applies the
 * rate limits, validates every message with its schema, hands it to its handler
 * (handlers.ts: authorise, act, ack) and maps room reports onto Socket.IO
 * channels. All decisions are the rooms'; nothing here changes game state by itself.
 */
export function attachRealtime(io: IoServer, registry: RoomRegistry, logger: Logger, limits: RealtimeLimits, options: RealtimeOptions = {}): RealtimeEdge {
  /** Sockets' signed-in teachers, from the handshake's session cookie (socket.request); only the id goes on. */
  const accountOf = new WeakMap<object, string>();
  const joins = new AttemptLimiter(registry.clock, limits.joinWindowMs, limits.joinAttempts);
  const wrongTokens = new AttemptLimiter(registry.clock, limits.joinWindowMs, limits.wrongTokenAttempts);
  const addresses = new AddressBudget(registry.clock, limits.socketsPerAddress, limits.addressMessagesPerSecond, limits.addressMessageBurst);
  const tokenKey = (roomId: string, token: string) => `${roomId}/${hashToken(token)}`;
  const holders: SeatHolders = new Map();
  const dirtyRooms = new Set<Room>();

  /** A channel's broadcast; local only when the cluster knows no other process has a socket in it. */
  const to = (channel: string) => (edge.localOnly?.(channel) ? io.local : io).to(channel);
  const flushRoomStates = () => {
    for (const room of dirtyRooms) to(roomChannel(room.id)).emit(S2C.roomState, room.info());
    dirtyRooms.clear();
  };

  const listener: RoomListener = {
    frame(room, frame) {
      // A race run's channel is its seat's (players and watchers join it by seat, whatever the round).
      const seatId = room.runs.get(frame.runId)?.seatId ?? frame.runId;
      to(room.kind === 'race' ? runChannel(room.id, seatId) : roomChannel(room.id)).emit(S2C.frame, frame);
    },
    roomState(room) {
      // Coalesced: a burst of joins sends one room:state per room.
      if (dirtyRooms.size === 0) setImmediate(flushRoomStates);
      dirtyRooms.add(room);
    },
    standings(room, s) {
      to(roomChannel(room.id)).emit(S2C.standings, s);
    },
    runEnded(room, e) {
      // A race run's end goes where its frames go (its player, and a host following it), not to the
      // whole room: 40 players ending together were 40 x 40 messages in one burst.
      // Through the adapter even when the owner believes the channel local: an end is sent once,
      // and right after a takeover the owner may not know every socket of the channel yet.
      io.to(room.kind === 'race' && e.seatId !== undefined ? runChannel(room.id, e.seatId) : roomChannel(room.id)).emit(S2C.runEnded, e);
    },
    kicked(room, seatId) {
      const key = `${room.id}/${seatId}`;
      for (const conn of holders.get(key) ?? []) conn.kicked(room.id, seatId);
      holders.delete(key);
    },
  };
  registry.listener = listener;

  // Which side is behind decides what the person should do: reload the page, or wait for the server.
  io.use((socket, next) => {
    const auth = socket.handshake.auth as { protocol?: unknown } | undefined;
    const reason = versionRefusal(auth?.protocol);
    if (!reason) return next();
    const err = new Error(reason) as Error & { data?: VersionRefusalData };
    err.data = { reason, server: PROTOCOL_VERSION };
    next(err);
  });

  const addressOf = (socket: { handshake: { address: string; headers: IncomingHttpHeaders } }): string =>
    clientAddress(socket.handshake.address, socket.handshake.headers, limits.trustProxy === true);

  // The per-address socket cap, counted from the handshake; the count drops when the socket closes.
  io.use((socket, next) => {
    const address = addressOf(socket);
    if (addresses.connect(address)) {
      socket.once('disconnect', () => addresses.disconnect(address));
      return next();
    }
    logger.info('socket refused: address at its cap', { sockets: limits.socketsPerAddress });
    next(new Error(TOO_MANY_SOCKETS));
  });

  // The handshake carries the page's cookies: a teacher signed in on the site hosts as their account.
  const { accounts } = options;
  if (accounts) {
    io.use((socket, next) => {
      accounts.current(socket.request).then((a) => {
        if (a) accountOf.set(socket, a.id);
      }, (e: unknown) => logger.error('session lookup failed; hosting anonymously', { error: String(e) })).finally(() => next());
    });
  }

  const context = (conn: Connection, address: string): HandlerContext & Authoriser => ({
    registry,
    conn,
    address,
    failedAttempt: () => joins.fail(address),
    allowAttempt: () => joins.allow(address),
    tokenBlocked: (roomId, token) => wrongTokens.blocked(tokenKey(roomId, token)),
    wrongToken: (roomId, token) => wrongTokens.charge(tokenKey(roomId, token)),
  });
  const edge: RealtimeEdge = { forward: undefined, connection: (socket) => new Connection(socket, holders), context };

  io.on('connection', (socket: IoSocket) => {
    const address = addressOf(socket);
    const conn = new Connection(socket, holders);
    conn.accountId = accountOf.get(socket) ?? null;
    socket.data = { conn, bucket: new TokenBucket(registry.clock, limits.messagesPerSecond, limits.messageBurst) };
    const ctx = context(conn, address);

    /** Rate limit, then schema, then the handler; a throwing handler answers `internal` and the socket lives on. */
    const handle = <E extends ClientEventName>(event: E, args: unknown[]): AckOf<E> | Promise<AckOf<E>> => {
      if (!socket.data.bucket.take() || !addresses.take(address)) return refuse('rate/limited');
      if (args.length !== 1) return refuse('bad/payload', 'expected exactly one payload and an ack');
      const parsed = CLIENT_SCHEMAS[event].safeParse(args[0]);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue ? issue.path.join('.') : '';
        // A nickname that breaks the rules gets its own reason: people can fix it.
        const badNick = where === 'nick' && typeof (args[0] as { nick?: unknown }).nick === 'string';
        return refuse(badNick ? 'nick/invalid' : 'bad/payload', issue ? `${where || '(payload)'}: ${issue.message}` : undefined);
      }
      const msg = parsed.data as PayloadOf<E>;
      const scenario = (msg as { scenario?: ScenarioRef }).scenario;
      if (scenario && 'published' in scenario) {
        // Resolved here, once, for the account the handshake's session named: a forwarded
        // event (cluster) carries the file, not the session.
        return (async () => {
          const ref = await registry.resolvePublished(scenario, conn.accountId);
          return ref.ok ? act(event, { ...msg, scenario: ref.value }) : ref;
        })().catch((e: unknown) => {
          logger.error('handler failed', { event, error: e instanceof Error ? e.stack ?? e.message : String(e) });
          return refuse('internal');
        });
      }
      return act(event, msg);
    };

    const act = <E extends ClientEventName>(event: E, msg: PayloadOf<E>): AckOf<E> | Promise<AckOf<E>> => {
      try {
        const forwarded = edge.forward?.(event, msg, ctx, socket);
        if (forwarded) {
          return forwarded.catch((e: unknown) => {
            logger.error('forwarded handler failed', { event, error: e instanceof Error ? e.stack ?? e.message : String(e) });
            return refuse('internal');
          });
        }
        return dispatch(event, msg, ctx);
      } catch (e) {
        logger.error('handler failed', { event, error: e instanceof Error ? e.stack ?? e.message : String(e) });
        return refuse('internal');
      }
    };

    /** An ack when the client asked for one; otherwise only a refusal is worth a message. */
    type Answer = { ok: boolean; reason?: Reason; detail?: string };
    const reply = (event: string, ack: ((r: unknown) => void) | undefined, r: Answer | Promise<Answer>) => {
      if (r instanceof Promise) {
        void r.then((settled) => reply(event, ack, settled));
        return;
      }
      if (ack) ack(r);
      else if (!r.ok && r.reason) socket.emit(S2C.refused, { event: event.slice(0, 40), reason: r.reason, ...(r.detail ? { detail: r.detail } : {}) });
    };

    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
      const name = String(event);
      if (KNOWN_EVENTS.has(name)) return reply(name, ack, handle(name as ClientEventName, args));
      reply(name, ack, refuse(socket.data.bucket.take() && addresses.take(address) ? 'bad/event' : 'rate/limited'));
    });

    socket.on('disconnect', () => conn.closed((id) => registry.byId(id)));
  });
  return edge;
}
