/**
 * Client requests in a cluster. Any process accepts any socket; a request for a room owned by
 * another process is sent to the owner (bus.ts), which decides exactly as a single server would
 * (the same handlers, the same typed refusals) for a stand-in of the socket: the memberships it
 * proves are kept by the owner, the Socket.IO channels they mean are joined here, on the socket.
 * Frames then reach the socket through the Redis adapter.
 *
 * After a takeover the new owner knows nothing of sockets that stayed connected elsewhere: the
 * socket's process remembers each membership's credential (the token, or the run followed) and
 * proves it again to the new owner before the socket's next request for that room, or at its next
 * upkeep (refreshMemberships), whichever comes first.
 *
 * Room affinity: a socket whose room is owned elsewhere is told so (`room:moved`: on entering the
 * room, and once per new owner after a takeover) and the client (at most once per owner) reconnects through the proxy's path to the owner. The owner counts the Socket.IO
 * channels that sockets of other processes are in; a broadcast to a channel no other process is
 * in is emitted locally, without a Redis publish (localOnly).
 */
import { z } from 'zod';
import { C2S, CLIENT_SCHEMAS, S2C, type AckOf, type ClientEventName, type PayloadOf } from '../protocol';
import { refuse, type Logger, type RoomRegistry } from '../rooms';
import type { Connection, IoSocket } from '../realtime/connection';
import { dispatch } from '../realtime/handlers';
import type { RealtimeEdge } from '../realtime/socket';
import { BusTimeout, type NodeBus } from './bus';
import type { RoomLeases } from './leases';

type Ack = { ok: boolean; reason?: string; detail?: string } & Record<string, unknown>;
type Ctx = ReturnType<RealtimeEdge['context']>;
type ChannelOp = { join: string[] } | { leave: string };

const EVENT_NAMES = Object.values(C2S) as [ClientEventName, ...ClientEventName[]];
const requestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('event'), event: z.enum(EVENT_NAMES), msg: z.unknown(), socketId: z.string().min(1), address: z.string() }),
  z.object({ op: z.literal('closed'), socketId: z.string().min(1) }),
]);
const answerSchema = z.union([
  z.object({ notOwner: z.literal(true) }),
  z.object({
    ack: z.object({ ok: z.boolean() }).passthrough(),
    ops: z.array(z.union([z.object({ join: z.array(z.string()) }), z.object({ leave: z.string() })])),
  }),
]);

/** What a socket proved in a room, to prove it again to a new owner. */
interface Membership {
  owner: string;
  code: string;
  cred: { token: string } | { follow: string };
  /** The owner the socket was last told of (room:moved): told once per owner. */
  told?: string;
}

/** A socket held by another process, as its rooms' owner sees it. */
interface RemoteSocket {
  node: string;
  conn: Connection;
  /** Channel changes made while a request is handled, applied by the socket's process before it answers. */
  ops: ChannelOp[] | null;
  /** The channels the socket is in, as far as this owner made it join them. */
  channels: Set<string>;
}

/** The room a channel belongs to (server/realtime/connection.ts: `room:<id>`, `run:<id>:<seat>`). */
export function roomOfChannel(channel: string): string | undefined {
  const m = /^(?:room|run):([^:]+)/.exec(channel);
  return m?.[1];
}

export type Target = { code: string } | { roomId: string } | null;

export function targetOf(event: ClientEventName, msg: unknown): Target {
  const m = msg as { code?: string; roomId?: string };
  if (event === 'room:create') return null;
  if (event === 'room:join' || event === 'room:watch' || event === 'room:resume') return { code: String(m.code).toUpperCase() };
  return { roomId: String(m.roomId) };
}

export interface RouterDeps {
  io: { in(room: string): { socketsJoin(r: string | string[]): void; socketsLeave(r: string): void }; to(room: string): { emit(ev: string, ...a: unknown[]): boolean } };
  registry: RoomRegistry;
  edge: RealtimeEdge;
  leases: RoomLeases;
  bus: () => NodeBus;
  logger: Logger;
  /** A room whose lease lapsed was asked for: take it over now rather than at the next scan. */
  lapsed(roomId: string): void;
  /** Tell sockets where their rooms live (room:moved); off: the router still forwards, as before affinity. */
  affinity?: boolean;
  /** After a takeover, how long the room's broadcasts still go through Redis whatever this owner knows (ms). */
  takeoverPublishMs?: number;
}

export class ClusterRouter {
  private readonly memberships = new Map<string, Map<string, Membership>>();
  /** The local sockets with memberships, and their handler contexts (to prove memberships again). */
  private readonly sockets = new Map<string, { socket: IoSocket; ctx: Ctx }>();
  private readonly remote = new Map<string, RemoteSocket>();
  /** channel -> how many sockets of other processes this owner made join it. */
  private readonly remoteChannels = new Map<string, number>();
  /** roomId -> until when (performance.now()) its broadcasts are published anyway: taken over lately. */
  private readonly publishUntil = new Map<string, number>();
  /** The membership refresh under way (refreshMemberships), if any. */
  private refreshing: Promise<void> | null = null;
  private static readonly REFRESH_CONCURRENCY = 32;
  /** roomId -> owner, for a moment: a move is one Redis round trip less. */
  private readonly owners = new Map<string, { owner: string; at: number }>();
  private static readonly OWNER_CACHE_MS = 500;

  constructor(private readonly d: RouterDeps) {}

  get nodeId(): string {
    return this.d.leases.nodeId;
  }

  /** Whether the room is here (or coming back here from its checkpoint). */
  private isLocal(target: NonNullable<Target>): boolean {
    if ('code' in target) return this.d.registry.byCode(target.code) !== undefined || this.d.registry.isRestoring(target.code);
    return this.d.registry.byId(target.roomId) !== undefined;
  }

  /** The Forwarder of server/realtime/socket.ts. */
  readonly forward = <E extends ClientEventName>(event: E, msg: PayloadOf<E>, ctx: Ctx, socket: IoSocket): Promise<AckOf<E>> => {
    return this.route(event, msg, ctx, socket) as Promise<AckOf<E>>;
  };

  private async route(event: ClientEventName, msg: unknown, ctx: Ctx, socket: IoSocket): Promise<Ack> {
    const target = targetOf(event, msg);
    if (!target) {
      const r = dispatch(event, msg as never, ctx) as Ack;
      if (r.ok && event === 'room:create') {
        const roomId = String(r.roomId);
        const code = String(r.code);
        if (!(await this.d.leases.claim(roomId, code))) this.d.logger.error('new room already leased', { room: code });
        this.note(socket, ctx, event, msg, r, this.nodeId);
      }
      return r;
    }
    for (let attempt = 0; ; attempt++) {
      const owner = this.isLocal(target) ? this.nodeId : await this.ownerOf(target);
      if (owner === undefined) return dispatch(event, msg as never, ctx) as Ack; // unknown here and in the cluster: the usual not-found
      if (owner === null) return refuse('room/restoring');
      const roomId = 'roomId' in target ? target.roomId : undefined;
      if (roomId) await this.reestablish(socket, ctx, roomId, owner);
      const r = owner === this.nodeId ? dispatch(event, msg as never, ctx) as Ack : await this.remoteEvent(owner, event, msg, socket, ctx.address);
      if (r === 'not-owner') {
        this.forgetOwner(target);
        if (attempt < 2) continue;
        return refuse('room/restoring');
      }
      this.note(socket, ctx, event, msg, r, owner);
      // Entering a room (the page that asks may not be the one that heard an earlier hint): told again.
      if (r.ok && (event === 'room:join' || event === 'room:watch' || event === 'room:resume')) this.tell(socket, String(r.roomId), true);
      return r;
    }
  }

  /** The owner's node id; null: lapsed (a takeover is coming); undefined: no such room anywhere. */
  private async ownerOf(target: NonNullable<Target>): Promise<string | null | undefined> {
    if ('roomId' in target) {
      const c = this.owners.get(target.roomId);
      if (c && performance.now() - c.at < ClusterRouter.OWNER_CACHE_MS) return c.owner;
    }
    const found = await this.d.leases.locate(target);
    if (!found) return undefined;
    if (found.owner === null) {
      this.d.lapsed(found.roomId);
      return null;
    }
    this.owners.set(found.roomId, { owner: found.owner, at: performance.now() });
    if (found.owner === this.nodeId && !this.isLocal(target)) return null; // ours, still being restored
    return found.owner;
  }

  private forgetOwner(target: NonNullable<Target>): void {
    if ('roomId' in target) this.owners.delete(target.roomId);
    else this.owners.clear();
  }

  private async remoteEvent(owner: string, event: ClientEventName, msg: unknown, socket: IoSocket, address: string): Promise<Ack | 'not-owner'> {
    let raw: unknown;
    try {
      raw = await this.d.bus().request(owner, { op: 'event', event, msg, socketId: socket.id, address });
    } catch (e) {
      if (e instanceof BusTimeout) return 'not-owner';
      throw e;
    }
    const answer = answerSchema.parse(raw);
    if ('notOwner' in answer) return 'not-owner';
    // The channels first: the frames that follow the answer must find the socket in them.
    for (const op of answer.ops) {
      if ('join' in op) void socket.join(op.join);
      else void socket.leave(op.leave);
    }
    return answer.ack as Ack;
  }

  /** Proves the socket's membership in `roomId` again when the room changed owner since. */
  private async reestablish(socket: IoSocket, ctx: Ctx, roomId: string, owner: string): Promise<void> {
    const m = this.memberships.get(socket.id)?.get(roomId);
    if (!m || m.owner === owner) return;
    const before = m.owner;
    m.owner = owner;
    const [event, msg] = 'token' in m.cred
      ? ['room:resume' as const, { code: m.code, token: m.cred.token }]
      : ['room:watch' as const, { code: m.code, ...(m.cred.follow ? { follow: m.cred.follow } : {}) }];
    const r = owner === this.nodeId ? dispatch(event, msg as never, ctx) as Ack : await this.remoteEvent(owner, event, msg, socket, ctx.address);
    if (r === 'not-owner' || !r.ok) {
      // Not proved (the new owner still restoring the room, say): the membership stays with the
      // owner it had, so the next upkeep or request tries again instead of taking it as done.
      if (m.owner === owner) m.owner = before;
      this.d.logger.info('membership not re-established after a takeover', { room: m.code, reason: r === 'not-owner' ? 'moving' : r.reason });
    } else this.tell(socket, roomId);
  }

  /**
   * Tells the socket that its room lives on another process (once per owner: no loop, whatever
   * the client does). After the answer: Socket.IO sends the ack first, the client knows the room.
   */
  private tell(socket: IoSocket, roomId: string, again = false): void {
    if (!this.d.affinity) return;
    const m = this.memberships.get(socket.id)?.get(roomId);
    if (!m || m.owner === this.nodeId || (m.told === m.owner && !again) || !m.code) return;
    m.told = m.owner;
    const hint = { roomId, code: m.code, node: m.owner };
    setImmediate(() => {
      if (socket.connected) socket.emit(S2C.roomMoved, hint);
    });
  }

  /**
   * Proves again, without waiting for the socket's next request, the memberships of local sockets
   * in rooms whose owner died or that this process lost: the new owner then knows them (their
   * frames keep coming) and they are told where the room went. Called from the upkeep loop.
   */
  refreshMemberships(): Promise<void> {
    // Never two at once: one that takes longer than an upkeep period is not started again.
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    const owners = new Set<string>();
    for (const mine of this.memberships.values()) for (const m of mine.values()) if (m.owner !== this.nodeId) owners.add(m.owner);
    const alive = await this.d.leases.alive([...owners]);
    const stale: { socketId: string; roomId: string }[] = [];
    for (const [socketId, mine] of this.memberships) {
      for (const [roomId, m] of mine) {
        const gone = m.owner === this.nodeId ? !this.isLocal({ roomId }) && !this.d.registry.isRestoring(m.code) : !alive.has(m.owner);
        if (gone) stale.push({ socketId, roomId });
      }
    }
    // A few at a time: a survivor may hold many sockets of a room whose owner died.
    for (let i = 0; i < stale.length; i += ClusterRouter.REFRESH_CONCURRENCY) {
      await Promise.all(stale.slice(i, i + ClusterRouter.REFRESH_CONCURRENCY).map(async ({ socketId, roomId }) => {
        const held = this.sockets.get(socketId);
        if (!held?.socket.connected) return;
        const owner = await this.ownerOf({ roomId });
        if (typeof owner === 'string') await this.reestablish(held.socket, held.ctx, roomId, owner);
      }));
    }
  }

  get remoteSockets(): number {
    return this.remote.size;
  }

  /** The room was taken over here: sockets of other processes may still be in its channels, unknown to this owner. */
  adopted(roomId: string): void {
    this.publishUntil.set(roomId, performance.now() + (this.d.takeoverPublishMs ?? 10_000));
  }

  /**
   * Whether a broadcast to `channel` reaches every socket in it without Redis: no socket of another
   * process is in it as far as this owner knows, and the room was not taken over a moment ago.
   */
  readonly localOnly = (channel: string): boolean => {
    if (this.remoteChannels.has(channel)) return false;
    const roomId = roomOfChannel(channel);
    if (roomId === undefined) return false;
    const until = this.publishUntil.get(roomId);
    if (until === undefined) return true;
    if (performance.now() < until) return false;
    this.publishUntil.delete(roomId);
    return true;
  };

  private channelJoined(rs: RemoteSocket, channel: string): void {
    if (rs.channels.has(channel)) return;
    rs.channels.add(channel);
    this.remoteChannels.set(channel, (this.remoteChannels.get(channel) ?? 0) + 1);
  }

  private channelLeft(rs: RemoteSocket, channel: string): void {
    if (!rs.channels.delete(channel)) return;
    const n = (this.remoteChannels.get(channel) ?? 1) - 1;
    if (n <= 0) this.remoteChannels.delete(channel);
    else this.remoteChannels.set(channel, n);
  }

  /** A socket of another process is gone (closed, or its process died): its memberships and channels go. */
  private dropRemote(socketId: string): void {
    const rs = this.remote.get(socketId);
    if (!rs) return;
    this.remote.delete(socketId);
    for (const ch of [...rs.channels]) this.channelLeft(rs, ch);
    rs.conn.closed((id) => this.d.registry.byId(id));
  }

  /** Remembers what the socket proved, and at which owner. */
  private note(socket: IoSocket, ctx: Ctx, event: ClientEventName, msg: unknown, r: Ack, owner: string): void {
    if (!r.ok) return;
    let mine = this.memberships.get(socket.id);
    if (!mine) {
      mine = new Map();
      this.memberships.set(socket.id, mine);
      this.sockets.set(socket.id, { socket, ctx });
      socket.once('disconnect', () => this.closed(socket.id));
    }
    const m = msg as { token?: string; follow?: string; roomId?: string };
    const roomId = String(r.roomId ?? m.roomId);
    const code = String(r.code ?? '');
    switch (event) {
      case 'room:create': mine.set(roomId, { owner, code, cred: { token: String(r.hostToken) } }); break;
      case 'room:join': mine.set(roomId, { owner, code, cred: r.playerToken ? { token: String(r.playerToken) } : { follow: '' } }); break;
      case 'room:watch': if (!mine.get(roomId) || !('token' in mine.get(roomId)!.cred)) mine.set(roomId, { owner, code, cred: { follow: m.follow ?? '' } }); break;
      case 'room:resume': mine.set(roomId, { owner, code, cred: { token: String(m.token) } }); break;
      case 'room:leave': mine.delete(roomId); break;
      default: break;
    }
  }

  /** The socket closed: owners elsewhere drop its memberships. */
  private closed(socketId: string): void {
    const mine = this.memberships.get(socketId);
    this.memberships.delete(socketId);
    this.sockets.delete(socketId);
    const owners = new Set([...(mine?.values() ?? [])].map((m) => m.owner));
    owners.delete(this.nodeId);
    for (const owner of owners) this.d.bus().notify(owner, { op: 'closed', socketId });
  }

  // ---- the owner's side ---------------------------------------------------

  /** A request from another process (bus.ts handler). */
  async handle(from: string, body: unknown): Promise<unknown> {
    const req = requestSchema.parse(body);
    if (req.op === 'closed') {
      this.dropRemote(req.socketId);
      return null;
    }
    const target = targetOf(req.event, req.msg);
    if (!target || !this.isLocal(target)) return { notOwner: true };
    // The socket's process checked it already; checked again here, where it is acted on.
    const parsed = CLIENT_SCHEMAS[req.event].safeParse(req.msg);
    if (!parsed.success) return { ack: refuse('bad/payload'), ops: [] };
    const rs = this.remoteSocket(from, req.socketId);
    rs.ops = [];
    try {
      const ack = dispatch(req.event, parsed.data as never, this.d.edge.context(rs.conn, req.address));
      for (const op of rs.ops) {
        if ('join' in op) for (const ch of op.join) this.channelJoined(rs, ch);
        else this.channelLeft(rs, op.leave);
      }
      return { ack, ops: rs.ops };
    } finally {
      rs.ops = null;
    }
  }

  private remoteSocket(node: string, socketId: string): RemoteSocket {
    const known = this.remote.get(socketId);
    if (known) return known;
    const io = this.d.io;
    const stub: RemoteSocket = { node, ops: null, channels: new Set(), conn: undefined as unknown as Connection };
    stub.conn = this.d.edge.connection({
      // While its request is handled the socket's process applies the change; later (a kick), through the adapter.
      join: (rooms) => {
        const list = typeof rooms === 'string' ? [rooms] : rooms;
        if (stub.ops) stub.ops.push({ join: list });
        else {
          for (const ch of list) this.channelJoined(stub, ch);
          io.in(socketId).socketsJoin(list);
        }
      },
      leave: (room) => {
        if (stub.ops) stub.ops.push({ leave: room });
        else {
          this.channelLeft(stub, room);
          io.in(socketId).socketsLeave(room);
        }
      },
      emit: (event, data) => io.to(socketId).emit(event, data),
    });
    this.remote.set(socketId, stub);
    return stub;
  }

  /** Forgets the sockets held by processes that died (their seats are no longer connected). */
  async dropDeadNodes(): Promise<void> {
    const nodes = [...new Set([...this.remote.values()].map((r) => r.node))];
    if (nodes.length === 0) return;
    const alive = await this.d.leases.alive(nodes);
    for (const [socketId, rs] of [...this.remote]) {
      if (!alive.has(rs.node)) this.dropRemote(socketId);
    }
  }
}
