/**
 * The cost budget end to end, on a real port with real Socket.IO clients and the real
 * clock: a scenario over the size budget is refused with the limit named, and a heavy but
 * legal run submitted over HTTP is verified on the worker pool while a normal room keeps
 * ticking (it sends frames for ticks played during the verification). The same
 * verification on the event loop (inline) stops the room for its whole length: the
 * measure can tell.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../../server/app';
import { createMemoryRepositories, seedBuiltins, type Db } from '../../../server/db';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';
import { loadScenario, scenarioCost, MAX_SCENARIO_COST, simulate, type ScenarioInput } from '../../../server/engine';
import { createApiHandler } from '../../../server/http/api';
import { PROTOCOL_VERSION, type WireFrame } from '../../../server/protocol';
import { MemoryRunSink } from '../../../server/rooms';
import { inlineSimulator, SimulationPool, type Simulator } from '../../../server/sim';
import type { Client } from './harness';

/** Legal, and heavy: 64 CPUs, 256 tasks waking together every 20 ticks, the kernel balancer. */
const HEAVY: ScenarioInput = {
  format: 1, slug: 'heavy-legal', title: 'Heavy but legal', cpus: 64, duration: 1500, balancer: 'linux-rt-511', seed: 3,
  tasks: Array.from({ length: 256 }, (_, i) => ({
    id: `t${i}`, priority: 1 + (i % 99), cpu: i % 64, release: { periodic: { period: 20 } }, deadline: 5, body: [{ run: 1 }, { md: 3 }, { run: 1 }],
  })),
};

/** A normal classroom scenario, long enough to tick through the whole test. */
const NORMAL: ScenarioInput = {
  format: 1, slug: 'normal', title: 'Normal', cpus: 2, duration: 100_000, balancer: 'linux-rt-511', seed: 7,
  tasks: [
    { id: 'L', priority: 10, cpu: 0, release: { periodic: { period: 30 } }, deadline: 30, body: [{ run: 2 }, { md: 10 }, { run: 2 }] },
    { id: 'H', priority: 90, cpu: 0, release: { periodic: { period: 25, offset: 5 } }, deadline: 20, body: [{ run: 8 }] },
  ],
};

/** Wraps a simulator: the room's tick when each verification starts and when its answer is back. */
function probe(inner: Simulator, roomTick: () => number) {
  const spans: { startTick: number; endTick: number }[] = [];
  const sim: Simulator = {
    run(job, options) {
      const span = { startTick: roomTick(), endTick: -1 };
      spans.push(span);
      const out = inner.run(job, options);
      // Inline, the job has already run by now (on this thread); on the pool it runs meanwhile.
      return out.finally(() => (span.endTick = roomTick()));
    },
    stats: () => inner.stats(),
    close: () => inner.close(),
  } as Simulator;
  return { sim, spans };
}

let db: Db;
let http: HttpServer;
let app: Application;
let url = '';
const clients: Client[] = [];
const pool = new SimulationPool({ workers: 1 });
let roomId = '';
let roomTick = () => -1;
const frames: { tick: number }[] = [];
const pooled = probe(pool, () => roomTick());
const inline = probe(inlineSimulator(), () => roomTick());
let playerToken = '';
let heavyClaim: { seed: number; actions: []; finalHash: string; score: number };
let otherSeedClaim: typeof heavyClaim;

async function connect(): Promise<Client> {
  const socket: Client = connectClient(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  await pool.warm();
  db = createMemoryRepositories();
  await seedBuiltins(db);
  const author = await db.players.create({ tokenHash: 'author-hash', nickname: 'teacher' });
  await db.scenarios.upsertAuthored(toScenarioDocOrThrow(HEAVY), { authorId: author.id, visibility: 'public' });
  // The honest claims, simulated here before any room or connection exists (they take a while on this
  // thread, and an idle keep-alive connection would be closed under a request sent after such a pause).
  const { result } = simulate(loadScenario(HEAVY));
  heavyClaim = { seed: HEAVY.seed!, actions: [], finalHash: result.finalHash, score: result.score };
  const other = simulate(loadScenario(HEAVY), { seed: 4 }).result;
  otherSeedClaim = { seed: 4, actions: [], finalHash: other.finalHash, score: other.score };

  // Two API handlers on the same database: the server's (the pool) and an inline one, the control.
  const viaPool = createApiHandler(db, { simulator: pooled.sim });
  const viaInline = createApiHandler(db, { simulator: inline.sim });
  http = createServer((req, res) => {
    const inlinePath = req.url?.startsWith('/inline/');
    if (inlinePath) req.url = req.url!.slice('/inline'.length);
    void (inlinePath ? viaInline : viaPool)(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  // The real clock: the room ticks on timers, as in production.
  app = createApplication(http, { runSink: new MemoryRunSink(), rooms: { spreadPhases: false } });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  playerToken = ((await (await post('/api/players', { nickname: 'submitter' })).json()) as { token: string }).token;

  // The normal room: a race with one player, at 8x (80 ticks a second).
  const host = await connect();
  const made = await host.emitWithAck('room:create', { kind: 'race', scenario: { json: NORMAL } });
  if (!made.ok) throw new Error(made.reason);
  roomId = made.roomId;
  roomTick = () => app.registry.byId(roomId)?.tick ?? -1;
  const player = await connect();
  const joined = await player.emitWithAck('room:join', { code: made.code, nick: 'Ada' });
  if (!joined.ok) throw new Error(joined.reason);
  player.on('frame', (f: WireFrame) => frames.push({ tick: f.tick }));
  const control = (command: { op: 'speed'; speed: number } | { op: 'start' }) =>
    host.emitWithAck('room:control', { roomId, hostToken: made.hostToken, command });
  expect(await control({ op: 'speed', speed: 8 })).toEqual({ ok: true });
  expect(await control({ op: 'start' })).toEqual({ ok: true });
  // The room is under way before anything else happens.
  await new Promise<void>((resolve) => {
    const h = (f: WireFrame) => f.tick >= 20 && (player.off('frame', h), resolve());
    player.on('frame', h);
  });
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await app?.close();
  await pool.close();
});

describe('the cost budget, end to end', () => {
  it('refuses a scenario over the size budget at room creation, naming the limit', async () => {
    const host = await connect();
    const costly = { ...HEAVY, slug: 'too-costly', duration: 1_000_000 };
    expect(scenarioCost(loadScenario(HEAVY))).toBeLessThanOrEqual(MAX_SCENARIO_COST);
    const r = await host.emitWithAck('room:create', { kind: 'race', scenario: { json: costly } });
    expect(r).toMatchObject({ ok: false, reason: 'scenario/invalid' });
    if (!r.ok) expect(r.detail).toMatch(/duration: too costly to simulate: .* over the limit of 64,000,000 \(MAX_SCENARIO_COST\); .* at most 3,846 ticks/);
  });

  it('verifies a heavy but legal run on the worker pool while a normal room keeps sending frames', async () => {
    const res = await post('/api/runs', { playerToken, scenario: 'heavy-legal', ...heavyClaim });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { run: { verified: boolean }; server: { finalHash: string } };
    expect(body.run.verified).toBe(true);
    expect(body.server.finalHash).toBe(heavyClaim.finalHash);

    const [span] = pooled.spans;
    // The room played on during the verification, and its player got frames for those ticks.
    expect(span.endTick).toBeGreaterThan(span.startTick);
    const during = frames.filter((f) => f.tick > span.startTick && f.tick <= span.endTick);
    expect(during.length).toBeGreaterThan(0);
    expect(pool.stats().started.verify).toBe(1);
  });

  it('the same verification on the event loop stops the room for its whole length (the control)', async () => {
    const player2 = ((await (await post('/api/players', { nickname: 'inline' })).json()) as { token: string }).token;
    // Another seed: a different run (stored unverified as other-seed, but simulated all the same).
    const res = await post('/inline/api/runs', { playerToken: player2, scenario: 'heavy-legal', ...otherSeedClaim });
    expect(res.status).toBe(201);
    const [span] = inline.spans;
    expect(span.endTick).toBe(span.startTick);
  });
});
