import { describe, expect, it } from 'vitest';
import { initialSession, reduceSession, versionRefusalOf, type RoomSession } from '../../../app/lib/room-client';
import { reasonText, storageText } from '../../../app/lib/room-reasons';
import { PROTOCOL_VERSION, type RoomInfo, type RoomView, type RunStats, type RunView, type WireFrame } from '../../../server/protocol';
import { asCpuId } from '../../../server/engine';

const stats: RunStats = { score: 0, met: 0, missed: 0, pending: 0, tardiness: 0, stranded: 0, wasted: 0, migrations: 0, refused: 0 };
const rates = { tardiness: 0, stranded: 0, wasted: 0 };

function room(over: Partial<RoomInfo> = {}): RoomInfo {
  return {
    roomId: 'r1', code: 'ABC234', kind: 'race', status: 'running', locked: false, speed: 1, ticksPerSecond: 10, tick: 3,
    duration: 60, scenarioSlug: 'preemption', seed: 1, bot: 'linux-rt-511', round: 1, maxPlayers: 40, seats: [], spectators: 0, ...over,
  };
}
function run(over: Partial<RunView> = {}): RunView {
  return { runId: 's1', seatId: 's1', tick: 3, version: 3, finished: false, cpus: [], pinned: [], incoming: [], plans: [], progress: {}, stats, rates, ...over };
}
function frame(version: number, over: Partial<WireFrame> = {}): WireFrame {
  return { roomId: 'r1', runId: 's1', tick: version, version, events: [], stats: { ...stats, score: version }, ...over };
}
/** A session that has resumed; `null`: no run yet (race lobby). */
function ready(r: RunView | null = run(), info: RoomInfo = room()): RoomSession {
  const view = { protocol: PROTOCOL_VERSION, room: info, scenario: {} as RoomView['scenario'], you: { role: 'player', seatId: 's1' }, ...(r ? { run: r } : {}) } as RoomView;
  return reduceSession(initialSession, { t: 'view', roomId: 'r1', role: 'player', seatId: 's1', view, resync: false });
}

describe('room session: frames', () => {
  it('applies the next frame and keeps its events, newest first', () => {
    const s = reduceSession(ready(), { t: 'frame', frame: frame(4, { events: [{ type: 'md-enter', task: 'T1', cpu: asCpuId(0), tick: 3 }] }) });
    expect(s.run?.version).toBe(4);
    expect(s.run?.stats.score).toBe(4);
    expect(s.events.map((e) => e.type)).toEqual(['md-enter']);
    expect(s.needResync).toBe(false);
  });

  it('ignores duplicates and frames older than what it has', () => {
    const s0 = ready();
    expect(reduceSession(s0, { t: 'frame', frame: frame(3) })).toBe(s0);
    expect(reduceSession(s0, { t: 'frame', frame: frame(2) })).toBe(s0);
  });

  it('asks for a resync on a gap instead of applying the frame', () => {
    const s = reduceSession(ready(), { t: 'frame', frame: frame(6) });
    expect(s.needResync).toBe(true);
    expect(s.gaps).toBe(1);
    expect(s.run?.version).toBe(3);
    // Further frames while the resync is on its way count as the same gap.
    expect(reduceSession(s, { t: 'frame', frame: frame(7) }).gaps).toBe(1);
  });

  it('ignores frames of other runs and other rooms', () => {
    const s0 = ready();
    expect(reduceSession(s0, { t: 'frame', frame: frame(4, { runId: 'other' }) })).toBe(s0);
    expect(reduceSession(s0, { t: 'frame', frame: frame(4, { roomId: 'r2' }) })).toBe(s0);
  });

  it('a player without a run yet (lobby) resyncs on the first frame to learn it', () => {
    const s = reduceSession(ready(null, room({ status: 'lobby' })), { t: 'frame', frame: frame(1) });
    expect(s.needResync).toBe(true);
  });

  it('a resync answer clears the flag and counts', () => {
    const gap = reduceSession(ready(), { t: 'frame', frame: frame(9) });
    const view = { protocol: 1, room: room(), scenario: {}, you: { role: 'player', seatId: 's1' }, run: run({ version: 9, tick: 9 }) } as unknown as RoomView;
    const s = reduceSession(gap, { t: 'view', roomId: 'r1', role: 'player', seatId: 's1', view, resync: true });
    expect(s.needResync).toBe(false);
    expect(s.resyncs).toBe(1);
    expect(reduceSession(s, { t: 'frame', frame: frame(10) }).run?.version).toBe(10);
  });
});

describe('room session: history', () => {
  const history = { since: 2, frames: [{ tick: 3, events: [], cpus: [], pinned: [] }] };

  it('keeps the history of every view, which the timeline is caught up from', () => {
    const gap = reduceSession(ready(), { t: 'frame', frame: frame(9) });
    const view = { protocol: PROTOCOL_VERSION, room: room(), scenario: {}, you: { role: 'player', seatId: 's1' }, run: run({ version: 9, tick: 9 }), history } as unknown as RoomView;
    const s = reduceSession(gap, { t: 'view', roomId: 'r1', role: 'player', seatId: 's1', view, resync: true });
    expect(s.history).toBe(history);
    // Every frame applied after it joins it (two frames between renders are both kept); the view's own is not changed.
    const s2 = reduceSession(reduceSession(s, { t: 'frame', frame: frame(10) }), { t: 'frame', frame: frame(11) });
    expect(s2.history?.since).toBe(2);
    expect(s2.history?.frames.map((f) => f.tick)).toEqual([3, 10, 11]);
    expect(history.frames).toHaveLength(1);
    // A frame after a gap is not applied, so it is not in the history either (the resync's view brings it).
    expect(reduceSession(s2, { t: 'frame', frame: frame(13) }).history).toBe(s2.history);
  });

  it("a host's followed run brings its history; the host's own view keeps it; stopping drops it", () => {
    const hostView = (over: Partial<RoomView> = {}) => ({ protocol: PROTOCOL_VERSION, room: room(), scenario: {}, you: { role: 'host' }, ...over }) as unknown as RoomView;
    const s0 = reduceSession(initialSession, { t: 'view', roomId: 'r1', role: 'host', view: hostView(), resync: false });
    expect(s0.history).toBeUndefined();
    const s1 = reduceSession(s0, { t: 'follow', seatId: 's1', view: hostView({ run: run(), history }) });
    expect(s1.history).toBe(history);
    expect(reduceSession(s1, { t: 'view', roomId: 'r1', role: 'host', view: hostView(), resync: true }).history).toBe(history);
    expect(reduceSession(s1, { t: 'follow' }).history).toBeUndefined();
  });
});

describe('room session: a server of another protocol version', () => {
  it('tells an old page from a page newer than the server, each in its own words', () => {
    expect(versionRefusalOf(new Error('protocol/client-too-old'))).toBe('protocol/client-too-old');
    expect(versionRefusalOf(new Error('protocol/server-too-old'))).toBe('protocol/server-too-old');
    // Any other connection failure is not a version refusal: Socket.IO keeps retrying those.
    expect(versionRefusalOf(new Error('xhr poll error'))).toBeNull();
    expect(versionRefusalOf(new Error('websocket error'))).toBeNull();
    const oldPage = reasonText('protocol/client-too-old');
    const oldServer = reasonText('protocol/server-too-old');
    expect(oldPage).toMatch(/reload/i);
    expect(oldServer).toMatch(/server/i);
    expect(oldPage).not.toBe(oldServer);
  });
});

describe('room session: room state', () => {
  it('re-reads the whole view when the status changes (fresh standings on pause)', () => {
    const s = reduceSession(ready(), { t: 'room', room: room({ status: 'paused' }) });
    expect(s.room?.status).toBe('paused');
    expect(s.needResync).toBe(true);
  });

  it('does not resync on other room changes', () => {
    const s = reduceSession(ready(), { t: 'room', room: room({ locked: true }) });
    expect(s.needResync).toBe(false);
  });

  it('keeps its own run end only', () => {
    const end = { roomId: 'r1', runId: 's1', seatId: 's1', complete: true, ticks: 60, score: 42, finalHash: 'h', stats: { ...stats, score: 42 } };
    expect(reduceSession(ready(), { t: 'run-ended', end: { ...end, runId: 's2', seatId: 's2' } }).runEnd).toBeUndefined();
    const s = reduceSession(ready(), { t: 'run-ended', end });
    expect(s.runEnd?.score).toBe(42);
    expect(s.run?.finished).toBe(true);
  });

  it('a new round: the lobby view drops the last round\'s end and standings, keeps the rounds table; late standings of the old round are ignored', () => {
    const end = { roomId: 'r1', runId: 's1', seatId: 's1', complete: true, ticks: 60, score: 42, finalHash: 'h', stats: { ...stats, score: 42 } };
    const row = { rank: 1, seatId: 's1', nick: 'Ada', connected: true, score: 42, met: 1, missed: 0, stranded: 0 };
    let s = reduceSession(ready(), { t: 'run-ended', end });
    s = reduceSession(s, { t: 'standings', standings: { roomId: 'r1', tick: 60, round: 1, rows: [row] } });
    expect(s.standings?.rows).toHaveLength(1);
    const round1 = { round: 1, kind: 'race' as const, scenarioSlug: 'preemption', title: 'Preemption', seed: 1, bot: 'linux-rt-511' as const, ticks: 60, duration: 60, rows: [row] };
    const lobby = { protocol: PROTOCOL_VERSION, room: room({ status: 'lobby', round: 2, tick: 0 }), scenario: {} as RoomView['scenario'], you: { role: 'player', seatId: 's1' }, rounds: [round1] } as RoomView;
    s = reduceSession(s, { t: 'view', roomId: 'r1', role: 'player', seatId: 's1', view: lobby, resync: true });
    expect([s.runEnd, s.run, s.standings]).toEqual([undefined, undefined, undefined]);
    expect(s.rounds).toEqual([round1]);
    // A standings message of round 1 arriving late changes nothing.
    expect(reduceSession(s, { t: 'standings', standings: { roomId: 'r1', tick: 60, round: 1, rows: [row] } })).toBe(s);
    expect(reduceSession(s, { t: 'standings', standings: { roomId: 'r1', tick: 0, round: 2, rows: [] } }).standings?.round).toBe(2);
  });
});

describe('room session: a host following a player', () => {
  const hostView = (over: Partial<RoomView> = {}) =>
    ({ protocol: 1, room: room(), scenario: {}, you: { role: 'host' }, ...over }) as unknown as RoomView;
  const asHost = () => reduceSession(initialSession, { t: 'view', roomId: 'r1', role: 'host', view: hostView(), resync: false });

  it('a race host ignores frames until it follows someone, then applies that run only', () => {
    const s0 = asHost();
    expect(reduceSession(s0, { t: 'frame', frame: frame(4) })).toBe(s0);
    const s1 = reduceSession(s0, { t: 'follow', seatId: 's1', view: hostView({ run: run() }) });
    expect(s1.followSeat).toBe('s1');
    expect(reduceSession(s1, { t: 'frame', frame: frame(4) }).run?.version).toBe(4);
    expect(reduceSession(s1, { t: 'frame', frame: frame(4, { runId: 's2' }) })).toBe(s1);
  });

  it("the host's own view (no run) keeps the followed run; stopping drops it", () => {
    const s1 = reduceSession(asHost(), { t: 'follow', seatId: 's1', view: hostView({ run: run() }) });
    const s2 = reduceSession(s1, { t: 'view', roomId: 'r1', role: 'host', view: hostView(), resync: true });
    expect(s2.run?.runId).toBe('s1');
    const s3 = reduceSession(s2, { t: 'follow' });
    expect(s3.followSeat).toBeUndefined();
    expect(s3.run).toBeUndefined();
  });
});

describe('room session: runs not saved yet (a storage failure on the server)', () => {
  it('the room state carries the count to the host, and its clearing too; the words say how many and why', () => {
    const s0 = ready(null, room({ status: 'ended' }));
    const kept = reduceSession(s0, { t: 'room', room: room({ status: 'ended', storage: { unsaved: 2, reason: 'storage/timeout' } }) });
    expect(kept.room?.storage).toEqual({ unsaved: 2, reason: 'storage/timeout' });
    expect(storageText(kept.room!.storage!)).toMatch(/^2 finished runs are not saved yet: the database is not answering\./);
    expect(storageText({ unsaved: 1, reason: 'storage/failed' })).toMatch(/^1 finished run is not saved yet: the database refused to write/);
    const saved = reduceSession(kept, { t: 'room', room: room({ status: 'ended' }) });
    expect(saved.room?.storage).toBeUndefined();
  });
});
