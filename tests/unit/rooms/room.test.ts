import { describe, expect, it } from 'vitest';
import { hashState, loadScenario, simulate, type ScenarioInput } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import {
  ManualClock, MemoryCheckpointSink, MemoryRunSink, RoomRegistry, type Room, type RoomListener,
} from '../../../server/rooms';
import { rankStandings } from '../../../server/rooms/standings';

const SCEN: ScenarioInput = {
  format: 1, slug: 'four', title: 'Four', cpus: 2, duration: 50, balancer: 'linux-rt-511', seed: 11,
  tasks: [
    { id: 'A', priority: 50, cpu: 0, release: { periodic: { period: 10 } }, deadline: 10, body: [{ run: 3 }, { md: 3 }] },
    { id: 'B', priority: 40, cpu: 0, release: { periodic: { period: 12, offset: 1 } }, deadline: 12, body: [{ run: [2, 5] }] },
    { id: 'C', priority: 30, cpu: 1, release: { sporadic: { minGap: 5, maxGap: 9 } }, deadline: 9, body: [{ md: 2 }, { run: 2 }] },
  ],
};

function setup(idleRoomTtlMs?: number, sweepEveryMs?: number) {
  const clock = new ManualClock();
  const runs = new MemoryRunSink();
  const checkpoints = new MemoryCheckpointSink();
  const frames: string[] = [];
  const registry = new RoomRegistry({ clock, runSink: runs, checkpoints, scenarios: mapCatalog(new Map([['four', loadScenario(SCEN)]])), caps: { ...(idleRoomTtlMs ? { idleRoomTtlMs } : {}), ...(sweepEveryMs ? { sweepEveryMs } : {}) }, config: { spreadPhases: false } });
  const listener: RoomListener = { frame: (_r, f) => frames.push(`${f.runId}@${f.tick}`), roomState() {}, standings() {}, runEnded() {}, kicked() {} };
  registry.listener = listener;
  return { clock, runs, checkpoints, registry, frames };
}

const tick = (clock: ManualClock, n: number) => clock.advance(n * 100);

describe('race rooms', () => {
  it('checkpoints every second of play and resumes from a checkpoint with the same runs', () => {
    const a = setup();
    const made = a.registry.createRoom({ kind: 'race', scenario: { slug: 'four' } });
    if (!made.ok) throw new Error(made.reason);
    const room = made.value.room;
    const ada = a.registry.join(room.code, 'Ada');
    const bob = a.registry.join(room.code, 'Bob');
    if (!ada.ok || !bob.ok) throw new Error('join');
    expect(room.control(made.value.hostToken, { op: 'start' })).toEqual({ ok: true, value: {} });
    const saves0 = a.checkpoints.saves;
    // Play 25 ticks; each player moves a task of theirs to the other CPU a few times while it is runnable.
    const accepted = new Map<string, [number, string, number][]>([[ada.value.seat.id, []], [bob.value.seat.id, []]]);
    const move = (seatId: string, task: string) => {
      for (const cpu of [1, 0]) {
        const r = room.act(seatId, { task, cpu });
        if (r.ok) return accepted.get(seatId)!.push([r.value.tick, task, cpu]);
        // Only "it is already there" sends it the other way; any other refusal means this schedule is wrong.
        expect(r).toMatchObject({ ok: false, reason: 'action/same-cpu' });
      }
    };
    for (let t = 0; t < 25; t++) {
      if (t === 2 || t === 14) move(ada.value.seat.id, 'B');
      if (t === 2 || t === 11) move(bob.value.seat.id, 'A');
      tick(a.clock, 1);
    }
    expect([...accepted.values()].map((moves) => moves.length)).toEqual([2, 2]);
    expect(room.tick).toBe(25);
    // At least one per second of play (2.5 s here), plus the one at the start.
    expect(a.checkpoints.saves - saves0).toBeGreaterThanOrEqual(2);
    const cp = a.checkpoints.latest.get(room.code)!;
    expect(cp.tick).toBe(20);
    // The checkpoint holds exactly the accepted moves of each run up to its tick.
    for (const [seatId, moves] of accepted) expect(cp.logs[seatId].map((x) => [x.tick, x.task, x.cpu])).toEqual(moves.filter(([t]) => t < 20));
    expect(JSON.stringify(cp)).not.toContain(made.value.hostToken);
    expect(JSON.stringify(cp)).not.toContain(ada.value.playerToken);

    // "Restart": a new registry brings the room back from the checkpoint.
    const b = setup();
    const restored = b.registry.resumeFromCheckpoint(cp);
    if (!restored.ok) throw new Error(restored.reason);
    const again: Room = restored.value;
    expect(again.status).toBe('paused');
    expect(again.tick).toBe(20);
    expect(again.code).toBe(room.code);
    // Same tokens still prove the same seats and host.
    expect(again.seatByToken(ada.value.playerToken)?.nick).toBe('Ada');
    expect(again.isHost(made.value.hostToken)).toBe(true);
    // The runs replayed to tick 20 equal a fresh simulation of the logged actions up to there.
    for (const [id, run] of again.runs) {
      const log = cp.logs[id];
      let at20 = '';
      simulate(loadScenario(SCEN), { seed: cp.seed, bot: cp.bot, actions: log, onTick: (s) => { if (s.tick === 20) at20 = hashState(s); } });
      expect(hashState(run.state)).toBe(at20);
    }
    // Resume and finish; both runs end and are saved with their full logs.
    expect(again.control(made.value.hostToken, { op: 'resume' })).toEqual({ ok: true, value: {} });
    tick(b.clock, 40);
    expect(again.status).toBe('ended');
    expect(b.runs.runs.map((r) => r.playerNick).sort()).toEqual(['Ada', 'Bob']);
    // Every accepted move, before and after the restart, is in the saved run.
    for (const r of b.runs.runs) expect(r.actions.map((x) => [x.tick, x.task, x.cpu])).toEqual(accepted.get(r.playerId!));
    for (const r of b.runs.runs) {
      expect(simulate(loadScenario(r.scenario), { seed: r.seed, bot: r.bot, actions: r.actions }).result.finalHash).toBe(r.finalHash);
    }
    expect(b.checkpoints.latest.has(room.code)).toBe(false);
  });

  it('ranks standings by score, then fewer misses, then less stranding, ties sharing a rank', () => {
    const row = (nick: string, score: number, missed: number, stranded: number) => ({ seatId: nick, nick, connected: true, score, met: 0, missed, stranded });
    const ranked = rankStandings([
      row('Ann', 100, 1, 0), // same score as Bea, one more miss: after her
      row('Bea', 100, 0, 5), // same score and misses as Cid, more stranding: after him
      row('Cid', 100, 0, 2),
      row('Dan', 100, 0, 2), // equal to Cid on all three: same rank, listed after him (join order)
      row('Eve', 150, 3, 9), // the best score comes first, whatever the rest
      row('Fay', -20, 0, 0),
    ]);
    expect(ranked.map((r) => [r.nick, r.rank])).toEqual([['Eve', 1], ['Cid', 2], ['Dan', 2], ['Bea', 4], ['Ann', 5], ['Fay', 6]]);
  });

  it("a room's standings rank its runs: identical play shares a rank, a different run is placed by its own figures", () => {
    const a = setup();
    const made = a.registry.createRoom({ kind: 'race', scenario: { slug: 'four' } });
    if (!made.ok) throw new Error(made.reason);
    const room = made.value.room;
    for (const nick of ['Ada', 'Bob', 'Cy']) a.registry.join(room.code, nick);
    room.control(made.value.hostToken, { op: 'start' });
    // Bob moves A off CPU 0 once it is runnable; Ada and Cy play identically (no moves).
    tick(a.clock, 2);
    expect(room.act('s2', { task: 'A', cpu: 1 })).toEqual({ ok: true, value: { tick: 2, type: 'migrate' } });
    tick(a.clock, 30);
    const st = room.standings();
    const by = (nick: string) => st.rows.find((r) => r.nick === nick)!;
    expect(by('Ada').rank).toBe(by('Cy').rank);
    expect([by('Ada').score, by('Ada').missed, by('Ada').stranded]).toEqual([by('Cy').score, by('Cy').missed, by('Cy').stranded]);
    // Bob's move really played: his machine differs from theirs, which are the same.
    const hash = (seatId: string) => hashState(room.runs.get(seatId)!.state);
    expect(hash('s1')).toBe(hash('s3'));
    expect(hash('s2')).not.toBe(hash('s1'));
    // The rows are the ranking of the runs' own figures.
    expect(st.rows).toEqual(rankStandings(['Ada', 'Bob', 'Cy'].map((nick) => {
      const seatId = `s${['Ada', 'Bob', 'Cy'].indexOf(nick) + 1}`;
      const f = room.runs.get(seatId)!.stats();
      return { seatId, nick, connected: false, score: f.score, met: f.met, missed: f.missed, stranded: f.stranded };
    })));
  });
});

describe('co-op rooms', () => {
  it('deals CPUs round-robin and gives a kicked seat\'s CPUs to the others', () => {
    const a = setup();
    const made = a.registry.createRoom({ kind: 'coop', scenario: { slug: 'four' } });
    if (!made.ok) throw new Error(made.reason);
    const room = made.value.room;
    const host = made.value.hostToken;
    a.registry.join(room.code, 'Ada');
    a.registry.join(room.code, 'Bob');
    a.registry.join(room.code, 'Cy');
    room.control(host, { op: 'start' });
    expect(room.info().seats.map((s) => s.cpus)).toEqual([[0], [1], []]);
    room.control(host, { op: 'kick', seatId: 's2' });
    expect(room.info().seats.map((s) => [s.nick, s.cpus])).toEqual([['Ada', [0, 1]], ['Cy', []]]);
    // The token of a kicked seat no longer works.
    expect(room.seats.has('s2')).toBe(false);
  });
});

describe('the registry', () => {
  it('sweeps rooms nobody uses, open sockets or not; a running round counts as use only while a player is connected', () => {
    // Swept on the registry's own timer: nothing calls sweepIdle here.
    const a = setup(5000, 1000);
    const create = (kind: 'race' | 'coop') => {
      const made = a.registry.createRoom({ kind, scenario: { slug: 'four' } });
      if (!made.ok) throw new Error(made.reason);
      return made.value;
    };
    const abandoned = create('race');
    // The host's dashboard stays open, and nothing else happens: that is not use.
    const attended = create('coop');
    attended.room.hostDelta(1);
    attended.room.spectatorDelta(1);
    // Slow rounds (duration 50 at 2.5 ticks/s: 20 s), one watched by a connected player, one by nobody.
    const start = (made: ReturnType<typeof create>) => {
      const seat = a.registry.join(made.room.code, 'Ada');
      if (!seat.ok) throw new Error(seat.reason);
      made.room.control(made.hostToken, { op: 'speed', speed: 0.25 });
      made.room.control(made.hostToken, { op: 'start' });
      return seat.value.seat.id;
    };
    const watched = create('race');
    watched.room.setConnected(start(watched), 1);
    const deserted = create('race');
    start(deserted);
    const joinedLate = create('race');

    a.clock.advance(4000);
    // A join is use: this lobby's idle time starts again.
    expect(a.registry.join(joinedLate.room.code, 'Bob').ok).toBe(true);
    a.clock.advance(2000);
    // Lobbies idle for 5 s are gone, whoever holds a socket on them.
    expect(a.registry.byCode(abandoned.room.code)).toBeUndefined();
    expect(a.registry.byCode(attended.room.code)).toBeUndefined();
    expect(a.registry.byCode(joinedLate.room.code)?.status).toBe('lobby');
    // The round nobody is connected to was ended like a host's "end": its run saved, incomplete.
    expect(deserted.room.status).toBe('ended');
    expect(a.runs.runs.filter((r) => r.roomCode === deserted.room.code).map((r) => r.complete)).toEqual([false]);
    expect(watched.room.status).toBe('running');

    // The player leaves: from then on the round is idle too.
    watched.room.setConnected('s1', -1);
    a.clock.advance(4000);
    expect(watched.room.status).toBe('running');
    a.clock.advance(2000);
    expect(watched.room.status).toBe('ended');
  });
});

/** 0.025, 0.075, ...: the phases a perfectly fair draw of 20 would give, shuffled. */
const draws = Array.from({ length: 20 }, (_, i) => (((i * 7) % 20) + 0.5) / 20);
let drawIndex = 0;
const evenly = () => draws[drawIndex++ % draws.length];

describe('phase spreading', () => {
  it('rooms started at the same instant tick at different moments within one period', () => {
    const clock = new ManualClock();
    const registry = new RoomRegistry({ clock, runSink: new MemoryRunSink(), scenarios: mapCatalog(new Map([['four', loadScenario(SCEN)]])), config: { spreadPhases: true }, random: evenly });
    const rooms = Array.from({ length: 20 }, () => {
      const made = registry.createRoom({ kind: 'coop', scenario: { slug: 'four' } });
      if (!made.ok) throw new Error(made.reason);
      made.value.room.control(made.value.hostToken, { op: 'start' });
      return made.value.room;
    });
    const firstTickAt = new Map<Room, number>();
    for (let ms = 1; ms <= 200; ms++) {
      clock.advance(1);
      for (const r of rooms) if (r.tick > 0 && !firstTickAt.has(r)) firstTickAt.set(r, ms);
    }
    const times = [...firstTickAt.values()];
    expect(times).toHaveLength(20);
    // Every first tick falls within one to two periods after the start (seen at 1 ms resolution)...
    expect(times.every((t) => t >= 100 && t <= 200)).toBe(true);
    // ...and follow the drawn phases: spread over the period, not all at once.
    expect(new Set(times.map((t) => Math.floor(t / 10))).size).toBe(10);
    // After that, each keeps exactly 10 ticks per second.
    clock.advance(1000);
    for (const r of rooms) expect(r.tick).toBe(11);
  });
});

describe('quiet frames', () => {
  it('sends a run\'s frame on every tick with events and at least every quietFrameEvery ticks otherwise', () => {
    const clock = new ManualClock();
    const frames: { tick: number; events: number; version: number }[] = [];
    const registry = new RoomRegistry({ clock, runSink: new MemoryRunSink(), scenarios: mapCatalog(new Map([['four', loadScenario(SCEN)]])), config: { spreadPhases: false, quietFrameEvery: 4 } });
    registry.listener = { frame: (_r, f) => frames.push({ tick: f.tick, events: f.events.length, version: f.version }), roomState() {}, standings() {}, runEnded() {}, kicked() {} };
    const made = registry.createRoom({ kind: 'coop', scenario: { slug: 'four' } });
    if (!made.ok) throw new Error(made.reason);
    const room = made.value.room;
    registry.join(room.code, 'Ada');
    room.control(made.value.hostToken, { op: 'start' });
    clock.advance(2000);
    const ticks = frames.map((f) => f.tick);
    expect(frames.length).toBeLessThan(20);
    // Versions still count frames one by one (no false gaps); no silence longer than 4 ticks.
    expect(frames.map((f) => f.version)).toEqual(frames.map((_, i) => i + 1));
    ticks.forEach((t, i) => expect(t - (ticks[i - 1] ?? 0)).toBeLessThanOrEqual(4));
    // A frame that is not a heartbeat carries events; a move always shows at the next tick.
    // Find a moment when some task can move (tasks sleep between jobs), then move it.
    const tryMove = (): number | undefined => {
      for (const task of ['A', 'B', 'C']) {
        for (const cpu of [0, 1]) {
          const r = room.act('s1', { task, cpu });
          if (r.ok) return r.value.tick;
        }
      }
      return undefined;
    };
    let movedAt = tryMove();
    for (let i = 0; i < 50 && movedAt === undefined; i++) {
      clock.advance(100);
      movedAt = tryMove();
    }
    if (movedAt === undefined) throw new Error('no movable task in 50 ticks');
    const before = frames.length;
    clock.advance(100);
    expect(frames.slice(before).map((f) => f.tick)).toEqual([movedAt + 1]);
  });
});
