/**
 * The deployment as `npm run cluster` starts it: two processes behind nginx (deploy/nginx.conf)
 * with a real Redis and PostgreSQL. Through the proxy alone: both processes answer health
 * checks, the JSON API answers, a WebSocket client and a long-polling client (whose upgrade
 * must reach the process that holds its session) play in one room, wherever the room lives.
 */
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Standings, type WireFrame } from '../../../server/protocol';
import { runCluster, type RunningCluster } from '../../../scripts/cluster';
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { ok, until, type Client } from './harness';

let pgc: PgCluster;
let cluster: RunningCluster;
const clients: Client[] = [];

beforeAll(async () => {
  pgc = await startPostgres();
  const databaseUrl = await pgc.createDatabase('cluster_proxy');
  cluster = await runCluster({ nodes: 2, startRedis: true, databaseUrl, apiOnly: true, log: () => {} });
}, 240_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await cluster?.stop();
  await pgc?.stop();
}, 60_000);

async function client(transports: ('websocket' | 'polling')[]): Promise<Client> {
  const s: Client = connectClient(cluster.url, { auth: { protocol: PROTOCOL_VERSION }, transports, forceNew: true, reconnection: false });
  clients.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

it('serves the API, health checks of both processes and one room to a WebSocket and a polling client through nginx', async () => {
  const nodes = new Set<string>();
  // nginx spreads plain requests over the processes: both show up among a few health checks.
  await until(async () => {
    const r = await fetch(`${cluster.url}/healthz`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { ok: boolean; node?: string };
    if (body.node) nodes.add(body.node);
    return nodes.size;
  }, (n) => n === 2, 0);
  const list = await fetch(`${cluster.url}/api/scenarios`);
  expect(list.status).toBe(200);

  const host = await client(['websocket']);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  // Long-polling first, then the upgrade: both legs must reach the process that holds the session.
  const polling = await client(['polling', 'websocket']);
  const joined = ok(await polling.emitWithAck('room:join', { code: room.code, nick: 'Pat' }));
  const frames: WireFrame[] = [];
  const standings: Standings[] = [];
  polling.on('frame', (f) => frames.push(f));
  host.on('standings', (st) => standings.push(st));
  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  await until(async () => frames.length, (n) => n >= 5);
  // The host, on its own connection, sees the polling player's seat in the standings as it plays.
  await until(async () => standings.length, (n) => n >= 1);
  expect(standings.at(-1)!.rows.map((r) => [r.seatId, r.nick])).toContainEqual([joined.seatId, 'Pat']);
  expect(frames.map((f) => f.tick)).toEqual([...frames.map((f) => f.tick)].sort((x, y) => x - y));
  expect(polling.io.engine.transport.name).toBe('websocket');
}, 240_000);
