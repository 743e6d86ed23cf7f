/**
 * Rooms not running are checkpointed when they change, not only by the clock of play: a lobby
 * (created, seats joining or kicked, locked, speed), a paused room, a lobby between rounds. The
 * changes of a burst make one write of the newest state, at most one write per room is in
 * flight, and what was written brings the lobby back elsewhere: same code, seats, tokens, host.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { loadScenario, type Scenario } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import {
  DEFAULT_ROOM_CONFIG, ManualClock, MemoryRunSink, RoomRegistry, type Checkpoint, type CheckpointSink, type RoomListener,
} from '../../../server/rooms';
import { replayState } from '../../../server/sim';

const levels = new Map<string, Scenario>(BUILTIN_SCENARIOS.map((s) => [s.slug, loadScenario(s)]));
const DELAY = DEFAULT_ROOM_CONFIG.checkpointDelayMs;

/** A sink whose writes land only when the test says so: every write is recorded as it starts. */
class SlowSink implements CheckpointSink {
  readonly started: Checkpoint[] = [];
  readonly dropped: string[] = [];
  private pending: (() => void)[] = [];
  inFlight = 0;
  maxInFlight = 0;
  saveCheckpoint(cp: Checkpoint): Promise<void> {
    this.started.push(structuredClone(cp));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve) => this.pending.push(() => {
      this.inFlight--;
      resolve();
    }));
  }
  async dropCheckpoint(code: string): Promise<void> {
    this.dropped.push(code);
  }
  /** Lands every write started so far, and lets the rooms see it (their `finally`). */
  async land(): Promise<void> {
    const p = this.pending;
    this.pending = [];
    for (const f of p) f();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
  last(): Checkpoint {
    return this.started.at(-1)!;
  }
}

function setup() {
  const clock = new ManualClock();
  const sink = new SlowSink();
  const frames: number[] = [];
  const registry = new RoomRegistry({ clock, runSink: new MemoryRunSink(), checkpoints: sink, scenarios: mapCatalog(levels), config: { spreadPhases: false } });
  const listener: RoomListener = { frame: (_r, f) => frames.push(f.tick), roomState() {}, standings() {}, runEnded() {}, kicked() {} };
  registry.listener = listener;
  return { clock, sink, registry, frames };
}

function create(s: ReturnType<typeof setup>, kind: 'race' | 'coop' = 'race') {
  const made = s.registry.createRoom({ kind, scenario: { slug: 'pile-up' } });
  if (!made.ok) throw new Error(made.reason);
  return made.value;
}

function join(s: ReturnType<typeof setup>, code: string, nick: string) {
  const j = s.registry.join(code, nick);
  if (!j.ok) throw new Error(j.reason);
  return j.value;
}

const nicks = (cp: Checkpoint) => cp.seats.map((x) => x.nick);

describe('checkpoints of rooms not running', () => {
  it('a new lobby is checkpointed; a class of 40 joining at once is one write of all 40 seats', async () => {
    const s = setup();
    const { room } = create(s);
    expect(s.sink.started).toHaveLength(0);
    s.clock.advance(DELAY);
    expect(s.sink.started.map((c) => [c.roomCode, c.status, c.seats.length])).toEqual([[room.code, 'lobby', 0]]);
    await s.sink.land();
    for (let i = 0; i < 40; i++) join(s, room.code, `kid${i}`);
    s.clock.advance(DELAY);
    expect(s.sink.started).toHaveLength(2);
    expect(s.sink.last().seats).toHaveLength(40);
    expect(s.sink.last().seats.map((x) => x.playing)).toEqual(Array(40).fill(false));
    // Nothing changed since: no more writes.
    await s.sink.land();
    s.clock.advance(10 * DELAY);
    expect(s.sink.started).toHaveLength(2);
  });

  it('changes made while a write is in flight wait for it, then go as one write of the newest state', async () => {
    const s = setup();
    const { room } = create(s);
    join(s, room.code, 'Ada');
    s.clock.advance(DELAY);
    expect(s.sink.started.map(nicks)).toEqual([['Ada']]);
    // The database is slow: the first write has not landed while three more players join.
    for (const n of ['Bob', 'Cy', 'Di']) {
      join(s, room.code, n);
      s.clock.advance(DELAY);
    }
    expect(s.sink.started).toHaveLength(1);
    await s.sink.land();
    s.clock.advance(DELAY);
    expect(s.sink.started.map(nicks)).toEqual([['Ada'], ['Ada', 'Bob', 'Cy', 'Di']]);
    expect(s.sink.maxInFlight).toBe(1);
    // Each write holds a newer state than the one before it: never an older one after a newer one.
    const savedAt = s.sink.started.map((c) => c.savedAt.getTime());
    expect([...savedAt].sort((a, b) => a - b)).toEqual(savedAt);
  });

  it('lock, speed and kicks in the lobby, and kicks in a paused round, are checkpointed; running rounds keep their clock', async () => {
    const s = setup();
    const { room, hostToken } = create(s);
    const ada = join(s, room.code, 'Ada');
    join(s, room.code, 'Bob');
    s.clock.advance(DELAY);
    await s.sink.land();
    expect(room.control(hostToken, { op: 'lock', locked: true }).ok).toBe(true);
    expect(room.control(hostToken, { op: 'speed', speed: 2 }).ok).toBe(true);
    s.clock.advance(DELAY);
    expect([s.sink.last().locked, s.sink.last().speed]).toEqual([true, 2]);
    await s.sink.land();
    expect(room.control(hostToken, { op: 'lock', locked: false }).ok).toBe(true);
    expect(room.control(hostToken, { op: 'kick', seatId: ada.seat.id }).ok).toBe(true);
    s.clock.advance(DELAY);
    expect([s.sink.last().locked, nicks(s.sink.last())]).toEqual([false, ['Bob']]);
    await s.sink.land();

    // Started: the start writes at once, then the clock every checkpointEveryMs; a change does not add writes.
    join(s, room.code, 'Cy');
    expect(room.control(hostToken, { op: 'start' }).ok).toBe(true);
    const atStart = s.sink.started.length;
    expect(s.sink.last().status).toBe('running');
    expect(nicks(s.sink.last())).toEqual(['Bob', 'Cy']);
    await s.sink.land();
    expect(room.control(hostToken, { op: 'lock', locked: true }).ok).toBe(true);
    s.clock.advance(DELAY);
    expect(s.sink.started).toHaveLength(atStart);

    // Paused: a kick is written (the round's result of the removed seat kept, marked).
    expect(room.control(hostToken, { op: 'pause' }).ok).toBe(true);
    await s.sink.land();
    const paused = s.sink.started.length;
    const cy = [...room.seats.values()].find((x) => x.nick === 'Cy')!;
    expect(room.control(hostToken, { op: 'kick', seatId: cy.id }).ok).toBe(true);
    s.clock.advance(DELAY);
    expect(s.sink.started).toHaveLength(paused + 1);
    expect([s.sink.last().status, s.sink.last().seats.map((x) => [x.nick, x.removed === true])]).toEqual(['paused', [['Bob', false], ['Cy', true]]]);
  });

  it('the lobby written is the lobby brought back: same code, seats, tokens and host, still in the lobby; the host starts and it plays', async () => {
    const a = setup();
    const { room, hostToken } = create(a);
    const ada = join(a, room.code, 'Ada');
    const bob = join(a, room.code, 'Bob');
    expect(room.control(hostToken, { op: 'speed', speed: 2 }).ok).toBe(true);
    a.clock.advance(DELAY);
    await a.sink.land();

    // The process dies; another one (or this one, restarted) brings the room back from that write.
    const b = setup();
    const report = await b.registry.restoreInBackground([a.sink.last()], { replayer: { replay: (r) => Promise.resolve(replayState(r)) } });
    expect(report).toEqual({ restored: [room.code], skipped: [] });
    const back = b.registry.byCode(room.code)!;
    expect([back.id, back.status, back.speed, back.round]).toEqual([room.id, 'lobby', 2, 1]);
    expect(back.isHost(hostToken)).toBe(true);
    expect(back.seatByToken(ada.playerToken)?.id).toBe(ada.seat.id);
    expect(back.seatByToken(bob.playerToken)?.id).toBe(bob.seat.id);
    // Newcomers still join the lobby, after the seats already there.
    expect(join(b, room.code, 'Cy').seat.id).toBe('s3');
    expect(back.control(hostToken, { op: 'start' }).ok).toBe(true);
    b.clock.advance(1000);
    expect(back.status).toBe('running');
    expect(back.runs.size).toBe(3);
    expect(Math.max(...b.frames)).toBeGreaterThanOrEqual(10);
  });

  it('a planned shutdown writes a lobby at once; an idle lobby swept drops its checkpoint', async () => {
    const s = setup();
    const { room } = create(s);
    join(s, room.code, 'Ada');
    const flushed = s.registry.flushCheckpoints();
    expect(s.sink.started.map((c) => [c.status, nicks(c)])).toEqual([['lobby', ['Ada']]]);
    await s.sink.land();
    await flushed;
    // The write that was waiting for its timer is covered by the flush.
    s.clock.advance(DELAY);
    expect(s.sink.started).toHaveLength(1);

    s.clock.advance(s.registry.caps.idleRoomTtlMs + s.registry.caps.sweepEveryMs);
    expect(s.registry.byCode(room.code)).toBeUndefined();
    expect(s.sink.dropped).toEqual([room.code]);
  });
});
