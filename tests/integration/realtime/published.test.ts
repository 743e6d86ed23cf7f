/**
 * Hosting a published scenario over real sockets (README "Publishing scenarios"): the host's
 * socket carries its session (here a test header standing in for the cookie lookup,
 * tests/helpers/test-accounts.ts); the realtime edge resolves the account and hands the rooms
 * only its id; the rooms' catalog port (server/db/published-catalog.ts) decides. A room plays
 * the exact version it was started on, and storage records that version, whatever the author
 * edits meanwhile.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { createMemoryRepositories, seedBuiltins, type Db } from '../../../server/db';
import { createPublishedCatalog } from '../../../server/db/published-catalog';
import { createCheckpointSink, createRunSink } from '../../../server/db/sinks';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';
import { PROTOCOL_VERSION } from '../../../server/protocol';
import { as, headerAccounts } from '../../helpers/test-accounts';
import { advanceTicks, DUEL, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
let db: Db;
let sink: ReturnType<typeof createRunSink>;
afterEach(async () => {
  await server?.close();
});

const ANN = { id: 'ann', role: 'teacher' } as const;
const BOB = { id: 'bob', role: 'teacher' } as const;
const fileOf = (slug: string, over: Record<string, unknown> = {}) => toScenarioDocOrThrow({ ...DUEL, slug, title: `Level ${slug}`, ...over });

async function setUp(): Promise<void> {
  db = createMemoryRepositories();
  await seedBuiltins(db);
  await db.authored.create(fileOf('by-link'), { ownerAccountId: BOB.id, visibility: 'link' });
  await db.authored.create(fileOf('in-rooms'), { ownerAccountId: ANN.id, visibility: 'rooms' });
  await db.authored.create(fileOf('draft'), { ownerAccountId: ANN.id, visibility: 'private' });
  sink = createRunSink(db);
  server = await startServer({ published: createPublishedCatalog(db), accounts: headerAccounts, runSink: sink, checkpoints: createCheckpointSink(db) });
}

/** A socket signed in as `who` (null: anonymous), as a browser with its session cookie would be. */
async function connectAs(who: typeof ANN | typeof BOB | null): Promise<Client> {
  const socket: Client = connectClient(server.url, {
    auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: as(who),
  });
  server.clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('hosting a published scenario', () => {
  it('link: anyone hosts it; rooms and private: their owner only, anyone else is told it is unknown', async () => {
    await setUp();
    const create = (c: Client, slug: string) => c.emitWithAck('room:create', { kind: 'race', scenario: { published: slug } });
    const anon = await connectAs(null);
    const bob = await connectAs(BOB);
    const ann = await connectAs(ANN);
    const byLink = await create(anon, 'by-link');
    expect(byLink).toMatchObject({ ok: true });
    for (const [who, slug] of [[anon, 'in-rooms'], [bob, 'in-rooms'], [anon, 'draft'], [bob, 'draft'], [ann, 'no-such-level'], [ann, 'pile-up']] as const) {
      expect(await create(who, slug), slug).toMatchObject({ ok: false, reason: 'scenario/unknown' });
    }
    const own = await create(ann, 'in-rooms');
    expect(own).toMatchObject({ ok: true });
    expect(await create(ann, 'draft')).toMatchObject({ ok: true });
    // A next round on a published scenario follows the same rule.
    if (!byLink.ok) throw new Error('no room');
    expect(await anon.emitWithAck('room:round', { roomId: byLink.roomId, hostToken: byLink.hostToken, scenario: { published: 'in-rooms' } })).toMatchObject({ ok: false, reason: 'scenario/unknown' });
    // Hidden by an admin: not even its owner's link hosts it for others.
    const s = (await db.scenarios.getBySlug('by-link'))!;
    await db.authored.setHidden(s.id, { reason: 'spam', at: new Date() });
    expect(await create(anon, 'by-link')).toMatchObject({ ok: false, reason: 'scenario/unknown' });
  });

  it('the room plays the version it was started on and storage records it, though the author edits meanwhile', async () => {
    await setUp();
    const ann = await connectAs(ANN);
    const made = await ann.emitWithAck('room:create', { kind: 'race', scenario: { published: 'in-rooms' } });
    if (!made.ok) throw new Error(made.reason);
    const { roomId, code, hostToken } = made;
    const kid = await connectAs(null);
    const joined = await kid.emitWithAck('room:join', { code, nick: 'Kid' });
    expect(joined).toMatchObject({ ok: true });
    await ann.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } });
    const s = (await db.scenarios.getBySlug('in-rooms'))!;
    // The author publishes version 2 (a longer level) during the round.
    expect((await db.authored.update(s.id, fileOf('in-rooms', { duration: 90 })))?.version).toBe(2);
    const ended = new Promise<void>((resolve) => kid.on('run:ended', () => resolve()));
    advanceTicks(server, roomId, DUEL.duration + 1);
    await ended;
    // The round's end hands the run to storage; wait until it is stored.
    await vi.waitFor(async () => {
      await sink.flush();
      expect(await db.rooms.getByCode(code)).not.toBeNull();
      expect(await db.runs.listRoomRuns((await db.rooms.getByCode(code))!.id)).toHaveLength(1);
    });
    const room = (await db.rooms.getByCode(code))!;
    expect([room.scenarioSlug, room.scenarioVersion]).toEqual(['in-rooms', 1]);
    const runs = await db.runs.listRoomRuns(room.id);
    expect(runs.map((r) => [r.nickname, r.scenarioVersion, r.verified])).toEqual([['Kid', 1, true]]);
    const replay = await db.runs.replay(runs[0].id);
    expect((replay?.scenario as { duration: number }).duration).toBe(DUEL.duration);
  });
});
