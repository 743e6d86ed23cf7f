/**
 * Scenario slugs over the socket path, with the real database adapters (sinks) and the HTTP
 * API on one memory database: a room's file never takes a daily's (or anyone's) slug, a
 * daily not out yet is refused, and today's daily first played in a room is the daily.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRepositories, seedBuiltins, type Db } from '../../../server/db';
import { createCheckpointSink, createRunSink } from '../../../server/db/sinks';
import { createApiHandler } from '../../../server/http/api';
import { serveApi } from '../../helpers/http';
import { advanceTicks, DUEL, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
let db: Db;
let api: { base: string; close: () => Promise<void> };
beforeEach(async () => {
  db = createMemoryRepositories();
  await seedBuiltins(db);
  server = await startServer({ runSink: createRunSink(db), checkpoints: createCheckpointSink(db) });
  api = await serveApi(createApiHandler(db));
});
afterEach(async () => {
  await server?.close();
  await api?.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const FUTURE = 'daily-2099-01-01';

/** Creates a race room from `scenario`, seats a player, starts it and waits until its row is stored. */
async function playBriefly(host: Client, scenario: { slug: string } | { json: unknown }) {
  const created = await host.emitWithAck('room:create', { kind: 'race', scenario });
  if (!created.ok) throw new Error(`${created.reason} ${created.detail ?? ''}`);
  const player = await server.connect();
  expect(await player.emitWithAck('room:join', { code: created.code, nick: 'ann' })).toMatchObject({ ok: true });
  expect(await host.emitWithAck('room:control', { roomId: created.roomId, hostToken: created.hostToken, command: { op: 'start' } })).toEqual({ ok: true });
  advanceTicks(server, created.roomId, 15);
  // Checkpoints are written in the background: wait for the room's row (the test timeout is the limit).
  while (!(await db.rooms.getByCode(created.code))) await new Promise((r) => setTimeout(r, 5));
  return (await db.rooms.getByCode(created.code))!;
}

describe('scenario namespaces over the socket', () => {
  it('a daily not out yet is refused, by slug and as inline JSON', async () => {
    const host = await server.connect();
    expect(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: FUTURE } })).toMatchObject({ ok: false, reason: 'scenario/unknown' });
    const inline = await host.emitWithAck('room:create', { kind: 'coop', scenario: { json: { ...DUEL, slug: FUTURE } } });
    expect(inline).toMatchObject({ ok: false, reason: 'scenario/unknown', detail: expect.stringMatching(/2099-01-01 is not out yet/) });
    // The HTTP API says the same.
    expect((await fetch(`${api.base}/api/scenarios/${FUTURE}`)).status).toBe(404);
    expect(await db.scenarios.getBySlug(FUTURE)).toBeNull();
  });

  it('inline JSON carrying today\'s daily slug is stored apart: the daily\'s board, scenario and submissions keep working', async () => {
    const slug = `daily-${today()}`;
    const room = await playBriefly(await server.connect(), { json: { ...DUEL, slug } });
    expect(room.scenarioSlug).toMatch(new RegExp(`^${slug}~[0-9a-f]{8}$`));
    const board = await fetch(`${api.base}/api/leaderboard/daily/${today()}`);
    expect(board.status).toBe(200);
    const scenario = (await (await fetch(`${api.base}/api/scenarios/${slug}`)).json()) as { scenario: { kind: string; title: string } };
    expect(scenario.scenario.kind).toBe('daily');
    expect(scenario.scenario.title).not.toBe(DUEL.title);
  });

  it('today\'s daily first played in a room is the daily itself (one board), with no HTTP fetch before', async () => {
    const slug = `daily-${today()}`;
    const room = await playBriefly(await server.connect(), { slug });
    expect(room.scenarioSlug).toBe(slug);
    const daily = (await db.scenarios.getBySlug(slug))!;
    expect([daily.kind, daily.id]).toEqual(['daily', room.scenarioId]);
    expect((await fetch(`${api.base}/api/leaderboard/daily/${today()}`)).status).toBe(200);
  });
});
