/**
 * Room affinity, as deployed: two processes behind the real nginx (deploy/nginx.conf), a real
 * Redis and PostgreSQL. A player who reaches the process that does not own her room is told where
 * it lives (room:moved), reconnects through the proxy's /node/<owner>/ path with the browser's
 * own logic (app/lib/affinity.ts), resumes her seat, and her frames then reach her without a
 * Redis publish (the owner's adapter counters, CLUSTER_STATS=1), while a player left on the other
 * process still gets his through Redis. After kill -9 of the owner she falls back to the default
 * path and resumes through the survivor.
 */
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RoomAffinity } from '../../../app/lib/affinity';
import { dailyScenario, scenarioToJson } from '../../../server/engine';
import { DEFAULT_SOCKET_PATH, nodePath, PROTOCOL_VERSION, type RoomMoved, type WireFrame } from '../../../server/protocol';
import { runCluster, type RunningCluster } from '../../../scripts/cluster';
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { killed, ok, until, type Client } from './harness';

let pgc: PgCluster;
let cluster: RunningCluster;
const clients: Client[] = [];

beforeAll(async () => {
  pgc = await startPostgres();
  const databaseUrl = await pgc.createDatabase('cluster_affinity');
  cluster = await runCluster({ nodes: 2, startRedis: true, databaseUrl, apiOnly: true, env: { CLUSTER_STATS: '1' }, log: () => {} });
}, 240_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await cluster?.stop();
  await pgc?.stop();
}, 60_000);

const scenario = { json: { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'cluster-affinity', duration: 3000 } };

interface Stats { adapterPublishes: number; remoteSockets: number; byChannel: Record<string, number> }

async function stats(port: number): Promise<Stats> {
  const r = await fetch(`http://127.0.0.1:${port}/healthz`);
  return ((await r.json()) as { stats: Stats }).stats;
}

/** A client through the proxy on `path`, reconnecting by itself like the browser's. */
function client(path: string): Client {
  const s: Client = connectClient(cluster.url, {
    path, auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true,
    reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0,
  });
  clients.push(s);
  return s;
}

function connected(s: Client): Promise<void> {
  return s.connected ? Promise.resolve() : new Promise((resolve) => s.once('connect', () => resolve()));
}

function frames(s: Client, n: number, accept: (f: WireFrame) => boolean = () => true): Promise<WireFrame[]> {
  const got: WireFrame[] = [];
  return new Promise((resolve) => {
    const h = (f: WireFrame) => {
      if (!accept(f)) return;
      got.push(f);
      if (got.length < n) return;
      s.off('frame', h);
      resolve(got);
    };
    s.on('frame', h);
  });
}

it('a player on the non-owner is moved to the owner, whose frames then skip Redis; after kill -9 of the owner she resumes through the survivor', async () => {
  const [a, b] = cluster.nodes;
  // The host reaches A through its own path: A owns the room.
  const host = client(nodePath(a.nodeId));
  await connected(host);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario }));

  // Ada reaches B. She follows hints as the browser does, and resumes her seat on every (re)connect.
  const ada = client(nodePath(b.nodeId));
  const affinity = new RoomAffinity(ada);
  const hints: RoomMoved[] = [];
  let adaToken = '';
  const resumes: { ok: boolean; reason?: string }[] = [];
  const resume = async (): Promise<void> => {
    const r = await ada.emitWithAck('room:resume', { code: room.code, token: adaToken });
    resumes.push(r);
    if (!r.ok && r.reason === 'room/restoring') setTimeout(() => void resume(), 200);
  };
  ada.on('room:moved', (h) => {
    hints.push(h);
    affinity.follow(h, (code) => code === room.code);
  });
  await connected(ada);
  ada.on('connect', () => void resume());
  const adaJoin = ok(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  adaToken = adaJoin.playerToken!;

  // Told where the room lives, she moved there and resumed her seat.
  await until(async () => resumes.filter((r) => r.ok).length, (n) => n >= 1);
  expect(hints).toEqual([{ roomId: room.roomId, code: room.code, node: a.nodeId }]);
  expect(affinity.path).toBe(nodePath(a.nodeId));
  expect(affinity.moves).toBe(1);
  expect(resumes[0]).toMatchObject({ ok: true, role: 'player', seatId: adaJoin.seatId });

  // Bob stays on B (a client that ignores hints): his frames must still reach him, through Redis.
  const bob = client(nodePath(b.nodeId));
  await connected(bob);
  const bobJoin = ok(await bob.emitWithAck('room:join', { code: room.code, nick: 'Bob' }));
  // A forgot Ada's socket on B (B tells it when the socket closes): Bob's is the one left.
  await until(() => stats(a.port), (s) => s.remoteSockets === 1);

  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  const [adaFrames, bobFrames] = await Promise.all([frames(ada, 20), frames(bob, 20)]);
  expect(adaFrames.every((f) => f.runId === adaJoin.seatId)).toBe(true);
  const onA = await stats(a.port);
  const adaChannel = `run:${room.roomId}:${adaJoin.seatId}`;
  const bobChannel = `run:${room.roomId}:${bobJoin.seatId}`;
  // Each of Bob's frames crossed Redis; none of Ada's did.
  expect(onA.byChannel[bobChannel]).toBeGreaterThanOrEqual(bobFrames.length);
  expect(onA.byChannel[adaChannel]).toBeUndefined();
  expect((await stats(b.port)).byChannel[adaChannel]).toBeUndefined();
  expect(bobFrames.map((f) => f.version)).toEqual(bobFrames.map((_, i) => bobFrames[0].version + i));

  // The owner dies: her connection on /node/A/ fails, she goes back to /socket.io/, reaches B,
  // which takes the room over, and resumes her seat there (no second move: B is the owner).
  const before = resumes.length;
  a.child.kill('SIGKILL');
  await killed(a.child);
  await until(async () => resumes.slice(before).some((r) => r.ok), (x) => x, 200);
  expect(affinity.path).toBe(DEFAULT_SOCKET_PATH);
  expect(affinity.fallbacks).toBeGreaterThanOrEqual(1);
  expect(resumes.slice(before).find((r) => r.ok)).toMatchObject({ role: 'player', seatId: adaJoin.seatId });
  expect(affinity.moves).toBe(1);
  expect((await (await fetch(`${cluster.url}/healthz`)).json())).toMatchObject({ node: b.nodeId });

  // The host comes back through the proxy too, and play goes on: Ada's frames come from B.
  const host2 = client(DEFAULT_SOCKET_PATH);
  await connected(host2);
  expect(ok(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).role).toBe('host');
  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'resume' } }));
  const after = await frames(ada, 5);
  expect(after.every((f) => f.runId === adaJoin.seatId)).toBe(true);
  // Never told again: the room's new owner is the process she is on.
  expect(hints).toHaveLength(1);
}, 240_000);
