/**
 * A lobby through the real checkpoint sink (server/db/sinks.ts) on memory and SQLite: a class
 * joining at once is written as one checkpoint of the newest state, its seats become the room's
 * participants, and what a restart (or another process) loads brings the lobby back with its
 * seats and tokens, ready to start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryRepositories, openDatabase, seedBuiltins, type Db } from '../../../server/db';
import { createCheckpointSink, loadCheckpoints, settleWrites } from '../../../server/db/sinks';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { loadScenario, type Scenario } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import { DEFAULT_ROOM_CONFIG, ManualClock, MemoryRunSink, RoomRegistry, type CheckpointSink } from '../../../server/rooms';
import { replayState } from '../../../server/sim';
import { freshDatabases } from './fresh';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-lobby-'));
let n = 0;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const levels = new Map<string, Scenario>(BUILTIN_SCENARIOS.map((s) => [s.slug, loadScenario(s)]));

const stores: [string, () => Promise<Db>][] = [
  ['memory', async () => {
    const db = createMemoryRepositories();
    await seedBuiltins(db);
    return db;
  }],
  ['SQLite', () => openDatabase(`file:${path.join(dir, `lobby-${++n}.db`)}`)],
];

describe.each(stores)('lobby checkpoints on %s', (_name, open) => {
  const fresh = freshDatabases(open);

  /** A registry writing through the sink, and a count of the checkpoints it was handed. */
  async function setup(db: Db) {
    let writes = 0;
    const sink = createCheckpointSink(db);
    const counted: CheckpointSink = {
      saveCheckpoint: (cp) => {
        writes++;
        return sink.saveCheckpoint(cp);
      },
      dropCheckpoint: (code) => sink.dropCheckpoint!(code),
    };
    const clock = new ManualClock();
    const registry = new RoomRegistry({ clock, runSink: new MemoryRunSink(), checkpoints: counted, scenarios: mapCatalog(levels), config: { spreadPhases: false } });
    return { clock, registry, writes: () => writes };
  }

  it('40 joins are one write; a kick is the next; the loaded lobby comes back with its seats and tokens and plays', async () => {
    const db = await fresh();
    const a = await setup(db);
    const made = a.registry.createRoom({ kind: 'race', scenario: { slug: 'pile-up' } });
    if (!made.ok) throw new Error(made.reason);
    const { room, hostToken } = made.value;
    const tokens: string[] = [];
    for (let i = 0; i < 40; i++) {
      const j = a.registry.join(room.code, `kid${i}`);
      if (!j.ok) throw new Error(j.reason);
      tokens.push(j.value.playerToken);
    }
    a.clock.advance(DEFAULT_ROOM_CONFIG.checkpointDelayMs);
    await settleWrites(db);
    expect(a.writes()).toBe(1);
    expect((await loadCheckpoints(db)).map((c) => [c.status, c.seats.length])).toEqual([['lobby', 40]]);
    expect((await db.rooms.getByCode(room.code))?.state).toBe('lobby');
    expect(await db.rooms.listParticipants(room.code)).toHaveLength(40);

    expect(room.control(hostToken, { op: 'kick', seatId: 's40' }).ok).toBe(true);
    expect(room.control(hostToken, { op: 'lock', locked: true }).ok).toBe(true);
    a.clock.advance(DEFAULT_ROOM_CONFIG.checkpointDelayMs);
    await settleWrites(db);
    expect(a.writes()).toBe(2);
    expect((await db.rooms.listParticipants(room.code)).map((p) => p.seatKey)).not.toContain('s40');
    expect(await db.rooms.listParticipants(room.code)).toHaveLength(39);

    const loaded = await loadCheckpoints(db);
    expect(loaded.map((c) => [c.roomCode, c.status, c.locked, c.seats.length])).toEqual([[room.code, 'lobby', true, 39]]);
    const b = await setup(db);
    const report = await b.registry.restoreInBackground(loaded, { replayer: { replay: (r) => Promise.resolve(replayState(r)) } });
    expect(report.restored).toEqual([room.code]);
    const back = b.registry.byCode(room.code)!;
    expect([back.id, back.status, back.locked]).toEqual([room.id, 'lobby', true]);
    expect(back.seatByToken(tokens[0])?.nick).toBe('kid0');
    expect(back.seatByToken(tokens[39])).toBeUndefined();
    expect(back.control(hostToken, { op: 'start' }).ok).toBe(true);
    b.clock.advance(1000);
    expect([back.status, back.runs.size, back.tick]).toEqual(['running', 39, 10]);
    await settleWrites(db);
    expect((await loadCheckpoints(db))[0]).toMatchObject({ roomCode: room.code, status: 'running' });
  });

  it('the lobby between rounds: the ended room is live again in storage, and comes back with the seats and the first round\'s results', async () => {
    const db = await fresh();
    const a = await setup(db);
    const made = a.registry.createRoom({ kind: 'race', scenario: { slug: 'pile-up' } });
    if (!made.ok) throw new Error(made.reason);
    const { room, hostToken } = made.value;
    const ada = a.registry.join(room.code, 'Ada');
    if (!ada.ok) throw new Error(ada.reason);
    expect(room.control(hostToken, { op: 'start' }).ok).toBe(true);
    a.clock.advance(500);
    expect(room.control(hostToken, { op: 'end' }).ok).toBe(true);
    await settleWrites(db);
    expect((await db.rooms.getByCode(room.code))?.state).toBe('ended');
    expect(await loadCheckpoints(db)).toEqual([]);

    expect(a.registry.nextRound(room, hostToken, {}).ok).toBe(true);
    await settleWrites(db);
    expect((await db.rooms.getByCode(room.code))?.state).toBe('lobby');
    const loaded = await loadCheckpoints(db);
    expect(loaded.map((c) => [c.roomCode, c.status, c.round, c.rounds?.length, c.seats.map((x) => x.nick)])).toEqual([[room.code, 'lobby', 2, 1, ['Ada']]]);
    const b = await setup(db);
    expect((await b.registry.restoreInBackground(loaded, { replayer: { replay: (r) => Promise.resolve(replayState(r)) } })).restored).toEqual([room.code]);
    const back = b.registry.byCode(room.code)!;
    expect([back.status, back.round, back.rounds.map((r) => r.round)]).toEqual(['lobby', 2, [1]]);
    expect(back.seatByToken(ada.value.playerToken)?.nick).toBe('Ada');
    expect(back.control(hostToken, { op: 'start' }).ok).toBe(true);
    b.clock.advance(1000);
    expect([back.status, back.tick]).toEqual(['running', 10]);
  });
});
