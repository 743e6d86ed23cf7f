/**
 * A storage failure is contained (issue 10, item 3): real Socket.IO rooms over a real SQLite
 * database that fails on command through the repository interface (tests/helpers/faulty-storage.ts).
 * While it fails, finished runs and the room's end are kept on disk and the host is told; once it
 * works again they are written, exactly once, without anyone doing anything; a write that timed
 * out but committed later, or committed and lost its answer, is not stored twice; a process that
 * stops with entries pending writes them at its next start, and never resumes a room that ended.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../server/engine';
import { hashToken, openDatabase, type Db } from '../../../server/db';
import { openDurableStorage, type DurableStorage } from '../../../server/db/durable';
import type { RoomInfo } from '../../../server/protocol';
import type { Checkpoint, FinishedRun, Logger } from '../../../server/rooms';
import { faultyDb } from '../../helpers/faulty-storage';
import { advanceTicks, DUEL, next, QUAD, startServer, type Client, type TestServer } from '../realtime/harness';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'db-storage-failure-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
const opened: { db: Db; storage?: DurableStorage; server?: TestServer }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    await o.server?.close();
    await o.storage?.close();
    await o.db.close();
  }
});

function capture(): Logger & { errors: { msg: string; data?: object }[] } {
  const errors: { msg: string; data?: object }[] = [];
  return { errors, info() {}, error: (msg, data) => errors.push({ msg, ...(data ? { data } : {}) }) };
}

async function setup() {
  const dir = path.join(root, `case-${++n}`);
  const db = await openDatabase(`file:${path.join(dir, 'game.db')}`);
  const faulty = faultyDb(db);
  const logger = capture();
  const outbox = path.join(dir, 'outbox');
  // Short bounds so the test moves: the guard gives up after 300 ms, retries start at 20 ms.
  const storage = await openDurableStorage(faulty.db, { dir: outbox, logger, timeoutMs: 300, retryMs: 20, maxRetryMs: 200 });
  const server = await startServer({ runSink: storage.runSink, checkpoints: storage.checkpoints });
  opened.push({ db, storage, server });
  return { dir, db, faulty, logger, outbox, storage, server };
}

const entryFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : []);

/** A room with a host and players, started; resolves once its row says running (the start's checkpoint is written). */
async function startedRoom(t: Awaited<ReturnType<typeof setup>>, kind: 'race' | 'coop', nicks: string[]) {
  const host = await t.server.connect();
  const created = await host.emitWithAck('room:create', { kind, scenario: { slug: kind === 'race' ? 'duel' : 'quad' } });
  if (!created.ok) throw new Error(created.reason);
  const players: Client[] = [];
  for (const nick of nicks) {
    const socket = await t.server.connect();
    const joined = await socket.emitWithAck('room:join', { code: created.code, nick });
    if (!joined.ok) throw new Error(joined.reason);
    players.push(socket);
  }
  expect(await host.emitWithAck('room:control', { roomId: created.roomId, hostToken: created.hostToken, command: { op: 'start' } })).toEqual({ ok: true });
  // The start's checkpoint goes through the same per-room queue as everything after it.
  await t.storage.checkpoints.saveCheckpoint(t.server.app.registry.byId(created.roomId)!.checkpoint());
  expect((await t.db.rooms.getByCode(created.code))?.state).toBe('running');
  return { host, players, ...created };
}

const unsaved = (r: RoomInfo) => r.storage?.unsaved ?? 0;

describe('storage failure', () => {
  it('a race ends while every write fails: both runs and the end are kept on disk, the host is told, and all is written once when storage returns', async () => {
    const t = await setup();
    const room = await startedRoom(t, 'race', ['Ada', 'Bob']);
    expect(await room.players[0].emitWithAck('game:action', { roomId: room.roomId, task: 'L', cpu: 1 })).toMatchObject({ ok: true });

    t.faulty.set('fail');
    const told = next(room.host, 'room:state', (r) => unsaved(r) === 2);
    advanceTicks(t.server, room.roomId, DUEL.duration);
    expect((await told).storage).toEqual({ unsaved: 2, reason: 'storage/failed' });
    // Kept on disk: one file per finished run, one for the room's end. Nothing reached the database.
    expect(entryFiles(t.outbox)).toHaveLength(3);
    const stored = await t.db.rooms.getByCode(room.code);
    expect(stored?.state).toBe('running');
    expect(await t.db.runs.listRoomRuns(stored!.id)).toEqual([]);
    // The error is logged, once per run, with its room.
    const logged = t.logger.errors.filter((e) => e.msg === 'finished run not written to the database; kept and retried');
    expect(logged.map((e) => (e.data as { room?: string }).room)).toEqual([room.code, room.code]);
    expect(JSON.stringify(logged)).toContain('SQLITE_FULL');

    // Space comes back: the outbox's own retries write everything; nobody calls anything.
    const cleared = next(room.host, 'room:state', (r) => r.storage === undefined);
    t.faulty.set('ok');
    expect((await cleared).status).toBe('ended');
    expect(await t.storage.outbox.flush()).toBe(0);
    expect(entryFiles(t.outbox)).toEqual([]);
    const runs = await t.db.runs.listRoomRuns(stored!.id);
    expect(runs.map((r) => [r.nickname, r.verified]).sort()).toEqual([['Ada', true], ['Bob', true]]);
    expect((await t.db.rooms.getByCode(room.code))?.state).toBe('ended');
    expect((await t.storage.resumable()).map((c) => c.roomCode)).not.toContain(room.code);
  });

  it('writes that time out and commit later, or commit and lose their answer, are not stored twice', async () => {
    const t = await setup();
    const race = await startedRoom(t, 'race', ['Ada', 'Bob']);
    // The database stops answering run writes: each attempt hangs, the guard gives up, the run is kept.
    t.faulty.set('hang', /^runs\.saveRun$/);
    const told = next(race.host, 'room:state', (r) => r.storage?.reason === 'storage/timeout' && unsaved(r) === 2);
    advanceTicks(t.server, race.roomId, DUEL.duration);
    await told;
    await new Promise<void>((resolve) => {
      // Several attempts are hanging by now; each will commit when released.
      const check = () => (t.faulty.calls.filter((c) => c === 'runs.saveRun').length >= 2 ? resolve() : setTimeout(check, 20));
      check();
    });
    const raceCleared = next(race.host, 'room:state', (r) => r.storage === undefined);
    t.faulty.set('ok');
    await raceCleared;
    expect(await t.storage.outbox.flush()).toBe(0);
    const raceRow = (await t.db.rooms.getByCode(race.code))!;
    expect((await t.db.runs.listRoomRuns(raceRow.id)).map((r) => r.nickname).sort()).toEqual(['Ada', 'Bob']);

    // Co-op: one finished run, one row per teammate. The first row commits, then the answer is lost.
    const coop = await startedRoom(t, 'coop', ['Cy', 'Dee']);
    t.faulty.set('commit-then-fail', /^runs\.saveRun$/);
    const kept = next(coop.host, 'room:state', (r) => unsaved(r) === 1);
    advanceTicks(t.server, coop.roomId, QUAD.duration);
    expect((await kept).storage?.reason).toBe('storage/failed');
    const coopRow = (await t.db.rooms.getByCode(coop.code))!;
    expect((await t.db.runs.listRoomRuns(coopRow.id)).map((r) => r.nickname)).toEqual(['Cy']);
    const coopCleared = next(coop.host, 'room:state', (r) => r.storage === undefined);
    t.faulty.set('ok');
    await coopCleared;
    expect((await t.db.runs.listRoomRuns(coopRow.id)).map((r) => r.nickname).sort()).toEqual(['Cy', 'Dee']);
  });

  it('a process that stops with entries pending writes them at its next start, and does not resume the room that ended', async () => {
    const dir = path.join(root, `case-${++n}`);
    const file = `file:${path.join(dir, 'game.db')}`;
    const outbox = path.join(dir, 'outbox');
    const db = await openDatabase(file);
    const faulty = faultyDb(db);
    const first = await openDurableStorage(faulty.db, { dir: outbox, logger: capture(), timeoutMs: 300, retryMs: 20 });
    const pile = (await db.scenarios.getBySlug('pile-up'))!;
    const cp: Checkpoint = {
      roomId: 'r-STOP22', roomCode: 'STOP22', kind: 'race', scenarioSlug: 'pile-up', scenario: pile.json, seed: 1, bot: 'linux-rt-511', tick: 40,
      status: 'running', locked: false, speed: 1, maxPlayers: 30, hostTokenHash: hashToken('host-STOP22'),
      seats: [{ seatId: 's1', nick: 'ann', tokenHash: hashToken('ann-STOP22'), cpus: [], playing: true }], logs: { s1: [] }, savedAt: new Date(),
    };
    await first.checkpoints.saveCheckpoint(cp);
    const r = simulate(loadScenario(pile.json), { seed: 1, actions: [] }).result;
    const run: FinishedRun = {
      key: 'r-STOP22/s1', kind: 'race', scenarioSlug: 'pile-up', scenario: pile.json, seed: 1, bot: 'linux-rt-511', actions: [], ticks: r.ticks, complete: true,
      finalHash: r.finalHash, score: r.score, metrics: r.metrics, roomCode: 'STOP22', playerNick: 'ann', playerId: 's1', tokenHash: hashToken('ann-STOP22'), endedAt: new Date(),
    };
    faulty.set('fail');
    let kept!: () => void;
    const told = new Promise<void>((resolve) => (kept = resolve));
    const saving = first.runSink.saveFinishedRun(run, (w) => w.state === 'kept' && kept());
    const ending = first.checkpoints.dropCheckpoint!('STOP22');
    const outcomes = Promise.allSettled([saving, ending]);
    await told;
    await first.close();
    for (const o of await outcomes) expect(o).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/kept on disk for the next start/) } });
    expect(entryFiles(outbox)).toHaveLength(2);

    // A next start while the database still refuses writes: the room's end is pending, so it is not resumed.
    const second = await openDurableStorage(faulty.db, { dir: outbox, logger: capture(), timeoutMs: 300, retryMs: 20 });
    expect(second.outbox.size).toBe(2);
    expect((await db.rooms.listResumable()).map((c) => c.roomCode)).toEqual(['STOP22']);
    expect(await second.resumable()).toEqual([]);
    await second.close();

    // And one with the database back: written at start, before anything resumes.
    faulty.set('ok');
    const third = await openDurableStorage(faulty.db, { dir: outbox, logger: capture(), timeoutMs: 300, retryMs: 20 });
    opened.push({ db, storage: third });
    expect(third.outbox.size).toBe(0);
    expect(entryFiles(outbox)).toEqual([]);
    const room = (await db.rooms.getByCode('STOP22'))!;
    expect(room.state).toBe('ended');
    expect((await db.runs.listRoomRuns(room.id)).map((x) => [x.nickname, x.score])).toEqual([['ann', r.score]]);
    expect(await third.resumable()).toEqual([]);
  });
});
