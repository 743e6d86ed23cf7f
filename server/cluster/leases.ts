/**
 * Who owns which room, in Redis. A room is owned by the process holding its lease
 * (`lease:<roomId>` = the owner's node id, set NX with an expiry, renewed by the owner every
 * second); `rooms` (id -> code) and `codes` (code -> id) remember every room of the cluster, so a
 * room whose lease lapsed (its owner died) is found and taken over by another process. Every
 * process also keeps a heartbeat key, so owners can forget sockets held by a process that died.
 */
import type { Redis } from './redis';

export interface LeaseTimes {
  /**
   * A lease not renewed for this long lapses (default 5 s: a loaded machine can starve a process
   * of CPU for seconds, and a live room must not be taken over for that).
   */
  leaseMs: number;
  /** How often an owner renews its leases and looks for lapsed ones (default 1 s). */
  renewEveryMs: number;
}

export const DEFAULT_LEASE_TIMES: LeaseTimes = { leaseMs: 5000, renewEveryMs: 1000 };

/**
 * Renews the leases still ours, and takes back one that lapsed while nobody took it (this process
 * stalled past the lease: its room is still live here); answers the ids another process owns now.
 */
const RENEW = `
local lost = {}
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2])
  elseif not owner then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
    -- Another process may have found no checkpoint meanwhile and forgotten the room: remembered again.
    local id, code = ARGV[3 + 2 * i], ARGV[4 + 2 * i]
    redis.call('HSET', ARGV[3], id, code)
    redis.call('HSET', ARGV[4], code, id)
  else table.insert(lost, i) end
end
return lost`;

/** Deletes the lease only when it is ours (never another owner's after a takeover). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
if ARGV[2] == '1' then redis.call('HDEL', KEYS[2], ARGV[3]); redis.call('HDEL', KEYS[3], ARGV[4]) end
return 1`;

/** A room's id (by code) and its owner (false when its lease lapsed). */
const LOCATE = `
local id = ARGV[1]
if id == '' then id = redis.call('HGET', KEYS[1], ARGV[2]) end
if not id then return false end
return {id, redis.call('GET', ARGV[3] .. id) or ''}`;

export interface Located {
  roomId: string;
  /** The owner's node id; null: the lease lapsed (the owner died), a takeover is due. */
  owner: string | null;
}

export class RoomLeases {
  readonly times: LeaseTimes;

  constructor(private readonly redis: Redis, private readonly prefix: string, readonly nodeId: string, times: Partial<LeaseTimes> = {}) {
    this.times = { ...DEFAULT_LEASE_TIMES, ...times };
  }

  private lease(roomId: string): string {
    return `${this.prefix}lease:${roomId}`;
  }

  private get roomsKey(): string {
    return `${this.prefix}rooms`;
  }

  private get codesKey(): string {
    return `${this.prefix}codes`;
  }

  /** Takes the room's lease when nobody holds it, and records the room; false: someone else holds it. */
  async claim(roomId: string, code: string): Promise<boolean> {
    const r = await this.redis.set(this.lease(roomId), this.nodeId, { condition: 'NX', expiration: { type: 'PX', value: this.times.leaseMs } });
    if (r !== 'OK') return false;
    await this.redis.multi().hSet(this.roomsKey, roomId, code).hSet(this.codesKey, code.toUpperCase(), roomId).exec();
    return true;
  }

  /** Renews these leases (room id -> join code); returns the ids no longer ours. */
  async renew(rooms: ReadonlyMap<string, string>): Promise<string[]> {
    const ids = [...rooms.keys()];
    if (ids.length === 0) return [];
    const pairs = ids.flatMap((id) => [id, rooms.get(id)!.toUpperCase()]);
    const lost = await this.redis.eval(RENEW, { keys: ids.map((id) => this.lease(id)), arguments: [this.nodeId, String(this.times.leaseMs), this.roomsKey, this.codesKey, ...pairs] }) as number[];
    return lost.map((i) => ids[i - 1]);
  }

  /** Gives the lease up; `forget`: the room is over, the cluster forgets it too. */
  async release(roomId: string, code: string, forget: boolean): Promise<void> {
    await this.redis.eval(RELEASE, { keys: [this.lease(roomId), this.roomsKey, this.codesKey], arguments: [this.nodeId, forget ? '1' : '0', roomId, code.toUpperCase()] });
  }

  /** Where a room is, by id or by join code; null: the cluster knows no such room. */
  async locate(target: { roomId: string } | { code: string }): Promise<Located | null> {
    const roomId = 'roomId' in target ? target.roomId : '';
    const code = 'code' in target ? target.code.toUpperCase() : '';
    const r = await this.redis.eval(LOCATE, { keys: [this.codesKey], arguments: [roomId, code, `${this.prefix}lease:`] }) as [string, string] | null;
    if (!r) return null;
    if ('roomId' in target && !r[1]) {
      // A room id the cluster never recorded is unknown, not lapsed.
      const known = await this.redis.hExists(this.roomsKey, roomId);
      if (!known) return null;
    }
    return { roomId: r[0], owner: r[1] || null };
  }

  /** Rooms the cluster knows whose lease lapsed: their owner died (or stalled past the lease). */
  async lapsed(): Promise<{ roomId: string; code: string }[]> {
    const all = await this.redis.hGetAll(this.roomsKey);
    const ids = Object.keys(all);
    if (ids.length === 0) return [];
    const owners = await this.redis.mGet(ids.map((id) => this.lease(id)));
    return ids.filter((_, i) => owners[i] === null).map((roomId) => ({ roomId, code: all[roomId] }));
  }

  /** This process is alive (renewed with the leases). */
  async heartbeat(): Promise<void> {
    await this.redis.set(`${this.prefix}node:${this.nodeId}`, String(Date.now()), { expiration: { type: 'PX', value: this.times.leaseMs } });
  }

  /** Which of these processes are alive. */
  async alive(nodeIds: readonly string[]): Promise<Set<string>> {
    if (nodeIds.length === 0) return new Set();
    const beats = await this.redis.mGet(nodeIds.map((id) => `${this.prefix}node:${id}`));
    return new Set(nodeIds.filter((_, i) => beats[i] !== null));
  }
}
