/**
 * The rooms' side of the cost budget: a room's simulation per second is bounded (joins
 * and speeds over it are refused, naming what fits), checkpoints come back in the
 * background (codes answer "restoring" meanwhile, newest first, capped), and a round
 * that ended is ended again after a crash so its runs are stored.
 */
import { describe, expect, it } from 'vitest';
import { hashState, loadScenario, tickCost, type GameState, type ScenarioInput } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import {
  ManualClock, MemoryCheckpointSink, MemoryRunSink, RoomRegistry, type Checkpoint, type ReplayRequest, type RoomConfig,
} from '../../../server/rooms';
import { replayState } from '../../../server/sim';

const SMALL: ScenarioInput = {
  format: 1, slug: 'small', title: 'Small', cpus: 2, duration: 40, balancer: 'linux-rt-511', seed: 5,
  tasks: [
    { id: 'A', priority: 50, cpu: 0, release: { periodic: { period: 10 } }, deadline: 10, body: [{ run: 3 }, { md: 3 }] },
    { id: 'B', priority: 40, cpu: 0, release: { periodic: { period: 8, offset: 1 } }, deadline: 8, body: [{ run: 2 }] },
  ],
};

/** 64 CPUs, 256 tasks: the largest machine, as in the race room. */
const BIG: ScenarioInput = {
  format: 1, slug: 'big', title: 'Big', cpus: 64, duration: 200, balancer: 'sticky',
  tasks: Array.from({ length: 256 }, (_, i) => ({ id: `t${i}`, priority: 1 + (i % 99), cpu: i % 64, release: { periodic: { period: 20 } }, deadline: 20, body: [{ run: 2 }, { md: 2 }] })),
};

function setup(config: Partial<RoomConfig> = {}) {
  const clock = new ManualClock();
  const runs = new MemoryRunSink();
  const checkpoints = new MemoryCheckpointSink();
  const catalog = mapCatalog(new Map([['small', loadScenario(SMALL)], ['big', loadScenario(BIG)]]));
  const registry = new RoomRegistry({ clock, runSink: runs, checkpoints, scenarios: catalog, config: { spreadPhases: false, ...config } });
  return { clock, runs, checkpoints, registry };
}

function raceOf(s: ReturnType<typeof setup>, slug: string) {
  const made = s.registry.createRoom({ kind: 'race', scenario: { slug } });
  if (!made.ok) throw new Error(made.reason);
  return made.value;
}

describe('the room simulation budget', () => {
  it('refuses the issue\'s room: 64 CPUs x 256 tasks for 13 players, and speed 8', () => {
    const s = setup();
    const { room, hostToken } = raceOf(s, 'big');
    const perTick = tickCost(loadScenario(BIG));
    expect(perTick).toBe(256 * 64 + 256);
    // At 1x (10 ticks/s) the default budget of 1,600,000 units/s holds 9 players.
    for (let i = 0; i < 9; i++) expect(s.registry.join(room.code, `p${i}`).ok).toBe(true);
    const tenth = s.registry.join(room.code, 'p9');
    expect(tenth).toMatchObject({ ok: false, reason: 'room/too-costly' });
    if (!tenth.ok) expect(tenth.detail).toContain('over the room budget of 1,600,000: at speed 1 this scenario allows 9 players');
    const fast = room.control(hostToken, { op: 'speed', speed: 8 });
    expect(fast).toMatchObject({ ok: false, reason: 'room/too-costly' });
    if (fast.ok) return;
    expect(fast.detail).toContain('9 runs at speed 8 would simulate 11,980,800 units a second');
    expect(fast.detail).toContain('at speed 8 this scenario allows 1 player;');
    expect(fast.detail).toContain('9 runs allow speed 1.06 at most');
    expect(room.speed).toBe(1);
    expect(room.control(hostToken, { op: 'speed', speed: 0.5 })).toEqual({ ok: true, value: {} });
    expect(room.speed).toBe(0.5);
  });

  it('refuses a join that would take the room over its budget, and nothing changes', () => {
    const s = setup({ loadBudget: 3 * 10 * tickCost(loadScenario(BIG)) });
    const { room } = raceOf(s, 'big');
    for (const nick of ['a', 'b', 'c']) expect(s.registry.join(room.code, nick).ok).toBe(true);
    const fourth = s.registry.join(room.code, 'd');
    expect(fourth).toMatchObject({ ok: false, reason: 'room/too-costly' });
    if (!fourth.ok) expect(fourth.detail).toContain('at speed 1 this scenario allows 3 players');
    expect(room.seats.size).toBe(3);
  });

  it('leaves ordinary rooms alone: a class of 40 on a small scenario at 8x', () => {
    const s = setup();
    const { room, hostToken } = raceOf(s, 'small');
    for (let i = 0; i < 40; i++) expect(s.registry.join(room.code, `p${i}`).ok).toBe(true);
    expect(room.control(hostToken, { op: 'speed', speed: 8 })).toEqual({ ok: true, value: {} });
  });
});

/** A replayer whose answers the test releases one by one (as a worker thread would, later). */
function deferredReplayer() {
  const calls: { request: ReplayRequest; resolve(s: GameState): void; reject(e: Error): void }[] = [];
  return {
    calls,
    replay: (request: ReplayRequest) => new Promise<GameState>((resolve, reject) => calls.push({ request, resolve, reject })),
    /** Answers every pending call the way a worker would: replayState, copied as postMessage copies. */
    answerAll() {
      for (const c of calls.splice(0)) c.resolve(structuredClone(replayState(c.request)));
    },
  };
}

/** A race on SMALL with two players, played `ticks` ticks; returns its latest checkpoint. */
function playedRace(ticks: number, end?: 'end'): { cp: Checkpoint; code: string; tokens: string[]; s: ReturnType<typeof setup> } {
  const s = setup();
  const { room, hostToken } = raceOf(s, 'small');
  const tokens = ['Ada', 'Bob'].map((n) => {
    const j = s.registry.join(room.code, n);
    if (!j.ok) throw new Error(j.reason);
    return j.value.playerToken;
  });
  room.control(hostToken, { op: 'start' });
  const ada = [...room.seats.values()][0];
  for (let t = 0; t < ticks; t++) {
    if (t === 3) room.act(ada.id, { task: 'B', cpu: 1 });
    s.clock.advance(100);
  }
  if (end) {
    // The server dies while the runs are being verified: the drop that follows their save never happens.
    s.checkpoints.dropCheckpoint = async () => {};
    room.control(hostToken, { op: 'end' });
  }
  return { cp: structuredClone(s.checkpoints.latest.get(room.code)!), code: room.code, tokens, s };
}

describe('restoring checkpoints in the background', () => {
  it('takes the codes at once (room/restoring), replays off the caller, then the rooms answer with the same runs', async () => {
    const { cp, code, tokens } = playedRace(25);
    const fresh = setup();
    const replayer = deferredReplayer();
    const done = fresh.registry.restoreInBackground([cp], { replayer });
    // Before any replay has answered, the room is not there yet but its code is taken.
    expect(fresh.registry.byCode(code)).toBeUndefined();
    expect(fresh.registry.isRestoring(code)).toBe(true);
    await Promise.resolve();
    expect(replayer.calls.map((c) => c.request.tick)).toEqual([20, 20]);
    replayer.answerAll();
    expect(await done).toEqual({ restored: [code], skipped: [] });
    expect(fresh.registry.isRestoring(code)).toBe(false);
    const room = fresh.registry.byCode(code)!;
    expect([room.status, room.tick]).toEqual(['paused', 20]);
    expect(room.seatByToken(tokens[0])?.nick).toBe('Ada');
    // Each run equals the same checkpoint replayed on the spot.
    const inline = setup().registry.resumeFromCheckpoint(cp);
    if (!inline.ok) throw new Error(inline.reason);
    for (const [id, run] of room.runs) expect(hashState(run.state)).toBe(hashState(inline.value.runs.get(id)!.state));
    // And they play on alike, with the moves queued at the checkpoint.
    for (const r of [room, inline.value]) for (const run of r.runs.values()) for (let i = 0; i < 10; i++) run.stepOnce();
    for (const [id, run] of room.runs) expect(hashState(run.state)).toBe(hashState(inline.value.runs.get(id)!.state));
  });

  it('brings back at most the cap, the most recently saved first, and ends the others; a failed replay is skipped', async () => {
    const a = playedRace(12);
    const b = playedRace(12);
    const c = playedRace(12);
    const fresh = setup();
    const at = (cp: Checkpoint, ms: number) => ({ ...cp, savedAt: new Date(ms) });
    for (const cp of [a.cp, b.cp, c.cp]) fresh.checkpoints.latest.set(cp.roomCode, cp);
    const replayer = { replay: (request: ReplayRequest) => Promise.resolve(replayState(request)) };
    const failing = { replay: () => Promise.reject(new Error('over the time budget')) };
    const oneCap = await fresh.registry.restoreInBackground([at(a.cp, 1000), at(b.cp, 3000), at(c.cp, 2000)], { replayer, maxRooms: 2 });
    expect(oneCap.restored).toEqual([b.code, c.code]);
    expect(oneCap.skipped).toEqual([{ code: a.code, reason: 'over the restore cap (2 rooms, the most recently saved first)' }]);
    // The room over the cap is ended: its checkpoint is dropped, so it is not tried again at the next boot.
    await Promise.resolve();
    expect([...fresh.checkpoints.latest.keys()].sort()).toEqual([b.code, c.code].sort());

    const other = setup();
    const report = await other.registry.restoreInBackground([a.cp], { replayer: failing });
    expect(report.restored).toEqual([]);
    expect(report.skipped).toEqual([{ code: a.code, reason: 'replay failed: over the time budget' }]);
    expect([other.registry.byCode(a.code), other.registry.isRestoring(a.code)]).toEqual([undefined, false]);
  });

  it('a round that ended but whose runs were not stored yet ends again after the restart: the runs are stored', async () => {
    const { cp, code } = playedRace(15, 'end');
    // The last checkpoint was written by the end, before the runs went to be verified.
    expect(cp.ending).toEqual({ complete: false });
    expect(cp.tick).toBe(15);
    const fresh = setup();
    const report = await fresh.registry.restoreInBackground([cp], { replayer: { replay: (r) => Promise.resolve(replayState(r)) } });
    expect(report.restored).toEqual([code]);
    expect(fresh.registry.byCode(code)?.status).toBe('ended');
    // The same runs the first server would have stored: same ticks, logs and hashes.
    const first = playedRace(15, 'end');
    expect(fresh.runs.runs.map((r) => [r.playerNick, r.ticks, r.complete, r.finalHash]))
      .toEqual(first.s.runs.runs.map((r) => [r.playerNick, r.ticks, r.complete, r.finalHash]));
    expect(fresh.runs.runs).toHaveLength(2);
  });
});
