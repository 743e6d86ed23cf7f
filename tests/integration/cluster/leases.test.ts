/**
 * Room leases against a real Redis: one owner at a time, renewals only by the owner, a lapsed
 * lease found and taken by another process, a release never deleting another owner's lease.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RoomLeases } from '../../../server/cluster/leases';
import { connectRedis, type Redis } from '../../../server/cluster/redis';
import { silentLogger } from '../../../server/rooms';
import { startRedis, stopAll, until, type RedisServer } from './harness';

let redis: RedisServer;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = await connectRedis(redis.url, silentLogger, 'test');
}, 60_000);

afterAll(async () => {
  await client?.quit().catch(() => undefined);
  await stopAll();
});

it('one owner per room; only the owner renews; a lapsed lease is found and taken over; release spares the new owner', async () => {
  const a = new RoomLeases(client, 't1:', 'A', { leaseMs: 2000 });
  const b = new RoomLeases(client, 't1:', 'B', { leaseMs: 2000 });
  expect(await a.claim('r1', 'abcdef')).toBe(true);
  expect(await b.claim('r1', 'ABCDEF')).toBe(false);
  expect(await b.locate({ code: 'abcdef' })).toEqual({ roomId: 'r1', owner: 'A' });
  expect(await b.locate({ roomId: 'r1' })).toEqual({ roomId: 'r1', owner: 'A' });
  expect(await b.locate({ code: 'ZZZZZZ' })).toBeNull();
  expect(await b.locate({ roomId: 'r-unknown' })).toBeNull();
  expect(await a.renew(new Map([['r1', 'abcdef']]))).toEqual([]);
  expect(await b.renew(new Map([['r1', 'abcdef']]))).toEqual(['r1']);

  // A stops renewing (it died): the lease lapses, the room is still known.
  await until(() => b.lapsed(), (l) => l.length === 1, 50);
  expect(await b.lapsed()).toEqual([{ roomId: 'r1', code: 'abcdef' }]);
  expect(await b.locate({ roomId: 'r1' })).toEqual({ roomId: 'r1', owner: null });
  expect(await b.claim('r1', 'abcdef')).toBe(true);
  // A comes back late: it cannot renew, and its release leaves B's lease alone.
  expect(await a.renew(new Map([['r1', 'abcdef']]))).toEqual(['r1']);
  expect(await b.locate({ roomId: 'r1' })).toEqual({ roomId: 'r1', owner: 'B' });
  await a.release('r1', 'abcdef', false);
  expect(await a.locate({ roomId: 'r1' })).toEqual({ roomId: 'r1', owner: 'B' });
  // The owner ends the room: the cluster forgets it.
  await b.release('r1', 'abcdef', true);
  expect(await a.locate({ code: 'ABCDEF' })).toBeNull();
  expect(await a.lapsed()).toEqual([]);
});

it('an owner that stalled past its lease takes it back (and the room is known again) when nobody else holds it', async () => {
  const a = new RoomLeases(client, 't3:', 'A', { leaseMs: 200 });
  expect(await a.claim('r2', 'QWERTY')).toBe(true);
  await until(() => a.lapsed(), (l) => l.length === 1, 50);
  // Meanwhile another process found it lapsed, found no checkpoint, and let the cluster forget it.
  const b = new RoomLeases(client, 't3:', 'B', { leaseMs: 200 });
  expect(await b.claim('r2', 'QWERTY')).toBe(true);
  await b.release('r2', 'QWERTY', true);
  expect(await a.renew(new Map([['r2', 'QWERTY']]))).toEqual([]);
  expect(await b.locate({ code: 'qwerty' })).toEqual({ roomId: 'r2', owner: 'A' });
});

it('heartbeats tell live processes from dead ones', async () => {
  const a = new RoomLeases(client, 't2:', 'A', { leaseMs: 2000 });
  const b = new RoomLeases(client, 't2:', 'B', { leaseMs: 2000 });
  await a.heartbeat();
  await b.heartbeat();
  expect([...await a.alive(['A', 'B', 'C'])].sort()).toEqual(['A', 'B']);
  await until(async () => {
    await a.heartbeat();
    return a.alive(['A', 'B']);
  }, (s) => !s.has('B'), 50);
  expect([...await a.alive(['A', 'B'])]).toEqual(['A']);
});
