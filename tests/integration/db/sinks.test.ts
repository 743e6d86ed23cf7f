/** The rooms' ports (CheckpointSink, RunSink) over the repositories, on SQLite. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { loadScenario, simulate, type Action } from '../../../server/engine';
import { hashToken, openDatabase, type Db } from '../../../server/db';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';
import { roomBoard, roomResults } from '../../../server/db/service';
import { createCheckpointSink, createRunSink, loadCheckpoints, settleWrites } from '../../../server/db/sinks';
import type { Checkpoint, FinishedRun } from '../../../server/rooms/ports';
import { inlineSimulator, SimulationPool } from '../../../server/sim';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-sinks-'));
let db: Db;
beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'sinks.db')}`);
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function pileUp() {
  return (await db.scenarios.getBySlug('pile-up'))!;
}

function checkpoint(code: string, json: Checkpoint['scenario'], over: Partial<Checkpoint> = {}): Checkpoint {
  return {
    roomId: `r-${code}`, roomCode: code, kind: 'race', scenarioSlug: 'pile-up', scenario: json, seed: 1, bot: 'linux-rt-511', tick: 0,
    status: 'running', locked: false, speed: 1, maxPlayers: 30, hostTokenHash: hashToken(`host-${code}`),
    seats: [
      { seatId: 's1', nick: 'ann', tokenHash: hashToken(`ann-${code}`), cpus: [], playing: true },
      { seatId: 's2', nick: 'bob', tokenHash: hashToken(`bob-${code}`), cpus: [], playing: true },
    ],
    logs: { s1: [], s2: [] }, savedAt: new Date(), ...over,
  };
}

let runKeys = 0;
function finished(json: FinishedRun['scenario'], actions: Action[], over: Partial<FinishedRun> = {}): FinishedRun {
  const r = simulate(loadScenario(json), { seed: 1, actions }).result;
  return {
    key: `test-room/run-${++runKeys}`, kind: 'race', scenarioSlug: 'pile-up', scenario: json, seed: 1, bot: 'linux-rt-511', actions, ticks: r.ticks, complete: true,
    finalHash: r.finalHash, score: r.score, metrics: r.metrics, endedAt: new Date(), ...over,
  };
}

describe('room sinks', () => {
  it('a race: checkpoints create the room and its seats, runs are verified and credited to the seat, the drop ends it', async () => {
    const s = await pileUp();
    const cps = createCheckpointSink(db);
    const runs = createRunSink(db);
    const log: Action[] = [...SOLUTIONS['pile-up']];
    // Saves issued without waiting, as the rooms do: they land in order.
    const early = cps.saveCheckpoint(checkpoint('RACE34', s.json, { tick: 10, logs: { s1: log.slice(0, 1), s2: [] } }));
    const later = cps.saveCheckpoint(checkpoint('RACE34', s.json, { tick: 20, logs: { s1: log, s2: [] } }));
    await Promise.all([early, later]);
    const room = (await db.rooms.getByCode('RACE34'))!;
    expect([room.kind, room.state, room.scenarioSlug, room.scenarioVersion]).toEqual(['race', 'running', 'pile-up', s.version]);
    expect((await db.rooms.listParticipants('RACE34')).map((p) => [p.seatKey, p.nickname])).toEqual([['s1', 'ann'], ['s2', 'bob']]);
    const [cp] = (await loadCheckpoints(db)).filter((c) => c.roomCode === 'RACE34');
    expect([cp.tick, cp.logs.s1, cp.seats.length, cp.hostTokenHash]).toEqual([20, log, 2, hashToken('host-RACE34')]);

    // Bob leaves: his seat is kicked on the next save.
    await cps.saveCheckpoint(checkpoint('RACE34', s.json, { tick: 30, seats: checkpoint('RACE34', s.json).seats.slice(0, 1) }));
    expect((await db.rooms.listParticipants('RACE34')).map((p) => p.seatKey)).toEqual(['s1']);

    await runs.saveFinishedRun(finished(s.json, log, { roomCode: 'RACE34', playerNick: 'ann', playerId: 's1' }));
    const cheat = finished(s.json, [], { roomCode: 'RACE34', playerNick: 'bob', playerId: 's2' });
    await runs.saveFinishedRun({ ...cheat, score: cheat.score + 50 });
    await cps.dropCheckpoint!('RACE34');

    const annPlayer = (await db.players.getByTokenHash(hashToken('ann-RACE34')))!;
    const board = (await roomBoard(db, 'RACE34', { limit: 10 }))!;
    expect(board.entries.map((e) => [e.playerId, e.nickname, e.rank])).toEqual([[annPlayer.id, 'ann', 1], [expect.any(String), 'bob', null]]);
    const roomRuns = await db.runs.listRoomRuns(room.id);
    expect(roomRuns.map((r) => [r.nickname, r.verified])).toEqual([['ann', true], ['bob', false]]);
    expect((await db.rooms.getByCode('RACE34'))?.state).toBe('ended');
    expect((await loadCheckpoints(db)).some((c) => c.roomCode === 'RACE34')).toBe(false);
  });

  it('a round ended early is verified on the ticks played; co-op credits every player, simulated once', async () => {
    const s = await pileUp();
    const cps = createCheckpointSink(db);
    const simulator = inlineSimulator();
    const runs = createRunSink(db, { simulator });
    await cps.saveCheckpoint(checkpoint('COOP34', s.json, { kind: 'coop', logs: { main: [] } }));
    const actions = SOLUTIONS['pile-up'].filter((a) => a.tick < 25);
    const part = simulate(loadScenario(s.json), { seed: 1, bot: 'linux-rt-511', actions, ticks: 25 }).result;
    await runs.saveFinishedRun({
      key: 'r-COOP34/main', kind: 'coop', scenarioSlug: 'pile-up', scenario: s.json, seed: 1, bot: 'linux-rt-511', actions, ticks: 25, complete: false,
      finalHash: part.finalHash, score: part.score, metrics: part.metrics, roomCode: 'COOP34', round: 1,
      players: [{ nick: 'ann', seatId: 's1', tokenHash: hashToken('ann-COOP34'), removed: false }, { nick: 'bob', seatId: 's2', tokenHash: hashToken('bob-COOP34'), removed: false }],
      endedAt: new Date(),
    });
    const room = (await db.rooms.getByCode('COOP34'))!;
    const saved = await db.runs.listRoomRuns(room.id);
    expect(saved.map((r) => [r.nickname, r.verified, r.score]).sort()).toEqual([['ann', true, part.score], ['bob', true, part.score]]);
    const ids = new Set(saved.map((r) => r.playerId));
    expect(ids).toEqual(new Set((await db.rooms.listParticipants('COOP34')).map((p) => p.playerId)));
    // One log, one re-simulation, however many teammates share it.
    expect(simulator.stats().started).toEqual({ verify: 1, replay: 0, 'arena-check': 0, 'arena-eval': 0, 'arena-replay': 0, 'policy-run': 0, 'lab-policy': 0, baselines: 0 });
  });

  it('co-op with twenty seats verifies its log once, on the worker pool', async () => {
    const s = await pileUp();
    const pool = new SimulationPool({ workers: 1 });
    try {
      const runs = createRunSink(db, { simulator: pool });
      const players = Array.from({ length: 20 }, (_, i) => ({ nick: `seat${i}`, seatId: `s${i}`, tokenHash: hashToken(`seat${i}-COOP20`), removed: false }));
      await createCheckpointSink(db).saveCheckpoint(checkpoint('COOP20', s.json, { kind: 'coop', logs: { main: [] } }));
      const actions = [...SOLUTIONS['pile-up']];
      const full = simulate(loadScenario(s.json), { seed: 1, bot: 'linux-rt-511', actions }).result;
      await runs.saveFinishedRun({
        key: 'r-COOP20/main', kind: 'coop', scenarioSlug: 'pile-up', scenario: s.json, seed: 1, bot: 'linux-rt-511', actions, ticks: full.ticks, complete: true,
        finalHash: full.finalHash, score: full.score, metrics: full.metrics, roomCode: 'COOP20', players, endedAt: new Date(),
      });
      const saved = await db.runs.listRoomRuns((await db.rooms.getByCode('COOP20'))!.id);
      expect(saved.map((r) => r.nickname).sort()).toEqual(players.map((p) => p.nick).sort());
      expect(saved.every((r) => r.verified)).toBe(true);
      expect(pool.stats().started).toEqual({ verify: 1, replay: 0, 'arena-check': 0, 'arena-eval': 0, 'arena-replay': 0, 'policy-run': 0, 'lab-policy': 0, baselines: 0 });
    } finally {
      await pool.close();
    }
  });

  it('a co-op round credits each seat by its token, keeps a removed seat marked, and stores the round', async () => {
    const s = await pileUp();
    const cps = createCheckpointSink(db);
    await cps.saveCheckpoint(checkpoint('TEAM34', s.json, { kind: 'coop', logs: { main: [] }, round: 2 }));
    const r = simulate(loadScenario(s.json), { seed: 1, actions: SOLUTIONS['pile-up'] }).result;
    await createRunSink(db).saveFinishedRun({
      key: 'r-TEAM34/main', kind: 'coop', scenarioSlug: 'pile-up', scenario: s.json, seed: 1, bot: 'linux-rt-511', actions: [...SOLUTIONS['pile-up']], ticks: r.ticks, complete: true,
      finalHash: r.finalHash, score: r.score, metrics: r.metrics, roomCode: 'TEAM34', round: 2,
      players: [{ nick: 'ann', seatId: 's1', tokenHash: hashToken('ann-TEAM34'), removed: false }, { nick: 'bob', seatId: 's2', tokenHash: hashToken('bob-TEAM34'), removed: true }],
      endedAt: new Date(),
    });
    const results = (await roomResults(db, 'TEAM34'))!;
    expect(results.rounds.map((x) => x.round)).toEqual([2]);
    expect(results.rows.map((x) => [x.nickname, x.rounds[2].score, x.rounds[2].rank, x.rounds[2].status])).toEqual([['ann', r.score, 1, 'played'], ['bob', r.score, null, 'removed']]);
    expect(results.rows[0].playerId).toBe((await db.players.getByTokenHash(hashToken('ann-TEAM34')))!.id);
    expect((await db.rooms.listResumable()).find((c) => c.roomCode === 'TEAM34')?.round).toBe(2);
  });

  it('settleWrites waits for every queued write of every room (a planned shutdown loses no run)', async () => {
    const s = await pileUp();
    const cps = createCheckpointSink(db);
    const runs = createRunSink(db);
    for (const code of ['WAIT34', 'WAIT35']) void cps.saveCheckpoint(checkpoint(code, s.json));
    // Not awaited: as the rooms hand them over at a round's end.
    for (const code of ['WAIT34', 'WAIT35']) for (const [nick, seat] of [['ann', 's1'], ['bob', 's2']]) void runs.saveFinishedRun(finished(s.json, [], { roomCode: code, playerNick: nick, playerId: seat, round: 1 }));
    await settleWrites(db);
    for (const code of ['WAIT34', 'WAIT35']) {
      const room = (await db.rooms.getByCode(code))!;
      expect((await db.runs.listRoomRuns(room.id)).map((r) => r.nickname).sort()).toEqual(['ann', 'bob']);
    }
  });

  it("a run carrying the seat's token hash is credited to the player holding that token", async () => {
    const s = await pileUp();
    const me = await db.players.create({ tokenHash: hashToken('my-own-player-token'), nickname: 'me' });
    // Pile-up's solution with a no-op on the last tick: the plain solution already counts for ann (RACE34).
    const log = [...SOLUTIONS['pile-up'], { ...SOLUTIONS['pile-up'].at(-1)!, tick: s.json.duration - 1 }];
    await createRunSink(db).saveFinishedRun(finished(s.json, log, { kind: 'race', playerNick: 'me', playerId: 's1', tokenHash: hashToken('my-own-player-token') }));
    const board = await db.leaderboards.scenario(s.id, { limit: 1, playerId: me.id });
    expect(board.me?.nickname).toBe('me');
    expect((await db.progress.list(me.id)).map((p) => [p.slug, p.stars])).toEqual([['pile-up', 3]]);
  });

  it('a run on a changed copy of a built-in goes to a variant, never to the built-in board', async () => {
    const s = await pileUp();
    const runs = createRunSink(db);
    const changed = { ...s.json, duration: (s.json.duration ?? 60) - 10 };
    await runs.saveFinishedRun(finished(changed, [], { kind: 'race', playerNick: 'zed', playerId: 's1' }));
    const before = (await db.leaderboards.scenario(s.id, { limit: 100 })).entries.length;
    const variant = await db.scenarios.resolve(toScenarioDocOrThrow(changed));
    expect(variant.slug).toMatch(/^pile-up~/);
    const vBoard = await db.leaderboards.scenario(variant.scenarioId, { limit: 10 });
    expect(vBoard.entries.map((e) => e.nickname)).toEqual(['zed']);
    expect((await db.leaderboards.scenario(s.id, { limit: 100 })).entries.length).toBe(before);
  });
});
