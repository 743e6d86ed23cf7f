/**
 * Two real server processes whose Redis connections are all cut mid-round (CLIENT KILL, as
 * Redis does to a subscriber that falls behind its output buffer limit). The processes must
 * live on: node-redis reconnects, the room keeps ticking on its owner, and frames reach the
 * players on both processes again.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dailyScenario, scenarioToJson } from '../../../server/engine';
import type { WireFrame } from '../../../server/protocol';
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { connect, ok, startNode, startRedis, stopAll, until, type Client, type Node, type RedisServer } from './harness';

let pgc: PgCluster;
let redis: RedisServer;
let a: Node;
let b: Node;

beforeAll(async () => {
  [pgc, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await pgc.createDatabase('cluster_redis_loss');
  a = await startNode({ redisUrl: redis.url, databaseUrl, nodeId: 'loss-a' });
  b = await startNode({ redisUrl: redis.url, databaseUrl, nodeId: 'loss-b' });
}, 180_000);

afterAll(async () => {
  await stopAll();
  await pgc?.stop();
}, 60_000);

function lastTick(socket: Client): () => number {
  let tick = -1;
  socket.on('frame', (f: WireFrame) => { tick = Math.max(tick, f.tick); });
  return () => tick;
}

it('a process survives losing every Redis connection mid-round; frames flow again on both processes', async () => {
  const host = await connect(a.url);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario: { json: { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'redis-loss', duration: 3000 } } }));
  const onA = await connect(a.url);
  const onB = await connect(b.url);
  ok(await onA.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  ok(await onB.emitWithAck('room:join', { code: room.code, nick: 'Bob' }));
  const tickA = lastTick(onA);
  const tickB = lastTick(onB);
  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  await until(async () => Math.min(tickA(), tickB()), (t) => t >= 5);

  const admin = createClient({ url: redis.url });
  await admin.connect();
  try {
    for (let cut = 0; cut < 3; cut++) {
      await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
      await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await admin.quit();
  }

  // Both processes live on and answer, and the round goes on where both players see it.
  const before = Math.max(tickA(), tickB());
  await until(async () => Math.min(tickA(), tickB()), (t) => t >= before + 10, 200);
  for (const node of [a, b]) {
    expect(node.child.exitCode, node.stderr()).toBeNull();
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
  }
}, 120_000);
