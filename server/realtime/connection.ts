import type { Socket } from 'socket.io';
import type { ClientToServerEvents, Role, ServerToClientEvents } from '../protocol';
import type { Room } from '../rooms';
import type { TokenBucket } from './limits';

export const roomChannel = (roomId: string) => `room:${roomId}`;
export const runChannel = (roomId: string, runId: string) => `run:${roomId}:${runId}`;

export interface SocketData {
  conn: Connection;
  bucket: TokenBucket;
}
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * What a Connection needs of its socket: channels and the kick notice. A real socket, or, when
 * the socket is held by another server process (server/cluster), a stand-in that reaches it there.
 */
export interface ChannelSocket {
  join(rooms: string | string[]): unknown;
  leave(room: string): unknown;
  emit(event: 'room:kicked', data: { roomId: string }): unknown;
}

/** What one socket is in a room: the authorisation a handler checks. */
export interface Membership {
  role: Role;
  seatId?: string;
  /** Race: the seat whose run a watcher follows. */
  follow?: string;
}

/** `${roomId}/${seatId}` -> the connections holding that seat (a kick must reach them all; a player may have two tabs). */
export type SeatHolders = Map<string, Set<Connection>>;

/**
 * One socket's memberships (seats, watched rooms, hosted rooms) and the Socket.IO
 * channels that follow from them. Each change is mirrored in the room's counts
 * (connected seats, spectators, hosts), so an idle room can be told from a used one.
 */
export class Connection {
  /** roomId -> seatId held by this socket. */
  private readonly seats = new Map<string, string>();
  /** roomId -> followed run (race) or '' (watching only). */
  private readonly watching = new Map<string, string>();
  /** Rooms this socket has proved to be the host of. */
  private readonly hosting = new Set<string>();
  /** The host token of the rooms this socket created: its later rooms are the same host's (registry.ts caps hosts). */
  hostToken: string | undefined;
  /** The signed-in teacher's account id, resolved from the session cookie at the handshake (null: anonymous). */
  accountId: string | null = null;

  constructor(private readonly socket: ChannelSocket, private readonly holders: SeatHolders) {}

  seatIn(roomId: string): string | undefined {
    return this.seats.get(roomId);
  }

  inRoom(roomId: string): boolean {
    return this.seats.has(roomId) || this.watching.has(roomId) || this.hosting.has(roomId);
  }

  /** The role this socket holds in the room, best first (a seat, then host, then watcher). */
  membership(room: Room): Membership | undefined {
    const seatId = this.seats.get(room.id);
    if (seatId !== undefined && room.seats.has(seatId)) return { role: 'player', seatId };
    if (this.hosting.has(room.id)) return { role: 'host' };
    const follow = this.watching.get(room.id);
    if (follow !== undefined) return { role: 'spectator', ...(follow ? { follow } : {}) };
    return undefined;
  }

  bindSeat(room: Room, seatId: string): void {
    if (this.seats.get(room.id) === seatId) return;
    this.unbindSeat(room, room.id);
    // A seat supersedes watching: a player hears their own run, never one they followed before joining.
    this.unwatch(room, room.id);
    this.seats.set(room.id, seatId);
    void this.socket.join([roomChannel(room.id), runChannel(room.id, seatId)]);
    const key = `${room.id}/${seatId}`;
    let set = this.holders.get(key);
    if (!set) this.holders.set(key, (set = new Set()));
    set.add(this);
    room.setConnected(seatId, 1);
  }

  unbindSeat(room: Room | undefined, roomId: string): void {
    const seatId = this.seats.get(roomId);
    if (seatId === undefined) return;
    this.seats.delete(roomId);
    void this.socket.leave(runChannel(roomId, seatId));
    this.holders.get(`${roomId}/${seatId}`)?.delete(this);
    room?.setConnected(seatId, -1);
  }

  watch(room: Room, follow: string): void {
    const prev = this.watching.get(room.id);
    if (prev) void this.socket.leave(runChannel(room.id, prev));
    if (prev === undefined) room.spectatorDelta(1);
    this.watching.set(room.id, follow);
    void this.socket.join(roomChannel(room.id));
    if (follow) void this.socket.join(runChannel(room.id, follow));
  }

  private unwatch(room: Room | undefined, roomId: string): void {
    const prev = this.watching.get(roomId);
    if (prev === undefined) return;
    this.watching.delete(roomId);
    if (prev) void this.socket.leave(runChannel(roomId, prev));
    room?.spectatorDelta(-1);
  }

  host(room: Room): void {
    if (this.hosting.has(room.id)) return;
    this.hosting.add(room.id);
    void this.socket.join(roomChannel(room.id));
    room.hostDelta(1);
  }

  private unhost(room: Room | undefined, roomId: string): void {
    if (!this.hosting.delete(roomId)) return;
    room?.hostDelta(-1);
  }

  /** Leaves every role in the room (the room may be gone already). */
  leave(room: Room | undefined, roomId: string): void {
    this.unbindSeat(room, roomId);
    this.unwatch(room, roomId);
    this.unhost(room, roomId);
    void this.socket.leave(roomChannel(roomId));
  }

  /** The host removed this socket's seat: it is told, and hears nothing more of the room. */
  kicked(roomId: string, seatId: string): void {
    if (this.seats.get(roomId) !== seatId) return;
    this.seats.delete(roomId);
    void this.socket.leave(roomChannel(roomId));
    void this.socket.leave(runChannel(roomId, seatId));
    this.socket.emit('room:kicked', { roomId });
  }

  /** The socket closed: every role it held ends. */
  closed(byId: (roomId: string) => Room | undefined): void {
    const rooms = new Set([...this.seats.keys(), ...this.watching.keys(), ...this.hosting]);
    for (const roomId of rooms) {
      const room = byId(roomId);
      this.unbindSeat(room, roomId);
      this.unwatch(room, roomId);
      this.unhost(room, roomId);
    }
  }
}
