import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { hashState, loadScenario, simulate, type Scenario } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import {
  ManualClock, MemoryCheckpointSink, MemoryRunSink, RoomRegistry, runIdFor, type Room, type RoomListener,
} from '../../../server/rooms';
import type { Standings } from '../../../server/protocol';

const levels = new Map<string, Scenario>(BUILTIN_SCENARIOS.map((s) => [s.slug, loadScenario(s)]));

function setup() {
  const clock = new ManualClock();
  const runs = new MemoryRunSink();
  const checkpoints = new MemoryCheckpointSink();
  const standings: Standings[] = [];
  const registry = new RoomRegistry({ clock, runSink: runs, checkpoints, scenarios: mapCatalog(levels), config: { spreadPhases: false } });
  const listener: RoomListener = { frame() {}, roomState() {}, standings: (_r, s) => standings.push(s), runEnded() {}, kicked() {} };
  registry.listener = listener;
  return { clock, runs, checkpoints, registry, standings };
}

function make(a: ReturnType<typeof setup>, kind: 'race' | 'coop', slug: string, nicks: string[]) {
  const made = a.registry.createRoom({ kind, scenario: { slug } });
  if (!made.ok) throw new Error(made.reason);
  const tokens = new Map<string, string>();
  for (const nick of nicks) {
    const j = a.registry.join(made.value.room.code, nick);
    if (!j.ok) throw new Error(j.reason);
    tokens.set(nick, j.value.playerToken);
  }
  return { room: made.value.room, host: made.value.hostToken, tokens };
}

/** Runs the room's clock until its round is over. */
function playOut(a: ReturnType<typeof setup>, room: Room): void {
  for (let i = 0; i < 10_000 && room.status !== 'ended'; i++) a.clock.advance(100);
  expect(room.status).toBe('ended');
}

const ranks = (rows: { nick: string; rank: number | null; removed?: boolean }[]) => rows.map((r) => [r.nick, r.rank, r.removed === true]);

describe('a player removed during a round', () => {
  it('race: keeps their result in the standings and the saved runs, marked removed and unranked; their token is refused', () => {
    const a = setup();
    const { room, host, tokens } = make(a, 'race', 'pile-up', ['Ada', 'Bob', 'Cy', 'Dee']);
    room.control(host, { op: 'start' });
    // Ada and Cy plan T4's wakeup on the idle CPU 3 (the same play); Bob and Dee do nothing.
    for (const seat of ['s1', 's3']) expect(room.act(seat, { task: 'T4', cpu: 3 })).toMatchObject({ ok: true, value: { type: 'place', tick: 9 } });
    a.clock.advance(500);
    expect(room.control(host, { op: 'kick', seatId: 's4' })).toEqual({ ok: true, value: {} });
    expect(room.seatByToken(tokens.get('Dee')!)).toBeUndefined();
    expect(room.wasKicked(tokens.get('Dee')!)).toBe(true);
    expect(room.act('s4', { task: 'T3', cpu: 1 })).toMatchObject({ ok: false, reason: 'auth/not-player' });
    playOut(a, room);
    const final = room.rounds[0];
    // Ada and Cy tie at 1; Bob is 3rd (not 2nd: competition ranking); Dee is listed, removed, with no rank.
    expect(ranks(final.rows)).toEqual([['Ada', 1, false], ['Cy', 1, false], ['Bob', 3, false], ['Dee', null, true]]);
    expect(final.rows[0].score).toBeGreaterThan(final.rows[2].score);
    // Dee's run played on with the balancer alone: the same result as Bob's.
    expect(final.rows[3].score).toBe(final.rows[2].score);
    expect(room.standings().rows).toEqual(final.rows);
    expect(a.runs.runs.map((r) => [r.playerNick, r.removed, r.round]).sort()).toEqual([['Ada', false, 1], ['Bob', false, 1], ['Cy', false, 1], ['Dee', true, 1]]);
  });

  it('a kick in the lobby simply removes the seat (nobody has a result yet)', () => {
    const a = setup();
    const { room, host } = make(a, 'race', 'pile-up', ['Ada', 'Bob']);
    room.control(host, { op: 'kick', seatId: 's2' });
    room.control(host, { op: 'start' });
    playOut(a, room);
    expect(ranks(room.rounds[0].rows)).toEqual([['Ada', 1, false]]);
    expect(a.runs.runs.map((r) => r.playerNick)).toEqual(['Ada']);
  });
});

describe('co-op standings', () => {
  it('carry the team score once, every seat tied with it; a removed seat stays listed, unranked', () => {
    const a = setup();
    const { room, host } = make(a, 'coop', 'pile-up', ['Ada', 'Bob', 'Cy']);
    room.control(host, { op: 'start' });
    a.clock.advance(300);
    room.control(host, { op: 'kick', seatId: 's3' });
    playOut(a, room);
    const s = room.rounds[0];
    const team = room.runs.get('main')!.stats();
    expect(s.team).toEqual({ score: team.score, met: team.met, missed: team.missed, stranded: team.stranded });
    expect(ranks(s.rows)).toEqual([['Ada', 1, false], ['Bob', 1, false], ['Cy', null, true]]);
    expect(s.rows.every((r) => r.score === team.score)).toBe(true);
    // Live standings are sent for co-op too (they were race-only).
    expect(a.standings.some((x) => x.team !== undefined && x.rows.length === 3)).toBe(true);
    // The saved team run names every seat of the round, the removed one marked.
    expect(a.runs.runs).toHaveLength(1);
    expect(a.runs.runs[0].players?.map((p) => [p.nick, p.removed])).toEqual([['Ada', false], ['Bob', false], ['Cy', true]]);
  });
});

describe('rounds', () => {
  it('another round keeps the seats and tokens, plays a new scenario on fresh runs, and keeps every round\'s results', () => {
    const a = setup();
    const { room, host, tokens } = make(a, 'race', 'pile-up', ['Ada', 'Bob', 'Cy']);
    room.control(host, { op: 'start' });
    room.act('s1', { task: 'T4', cpu: 3 });
    a.clock.advance(400);
    room.control(host, { op: 'kick', seatId: 's3' });
    playOut(a, room);
    expect(room.round).toBe(1);

    // Only the host, only after the end.
    expect(a.registry.nextRound(room, 'x'.repeat(22), {})).toMatchObject({ ok: false, reason: 'auth/not-host' });
    expect(a.registry.nextRound(room, host, { scenario: { slug: 'nope' } })).toMatchObject({ ok: false, reason: 'scenario/unknown' });
    expect(a.registry.nextRound(room, host, { scenario: { slug: 'idle-cpus' } })).toEqual({ ok: true, value: { round: 2 } });
    expect(a.registry.nextRound(room, host, {})).toMatchObject({ ok: false, reason: 'round/in-progress' });
    expect([room.status, room.round, room.tick, room.scenario.slug, room.seed]).toEqual(['lobby', 2, 0, 'idle-cpus', levels.get('idle-cpus')!.seed]);
    // Same seats, same tokens, nobody rejoined; the removed player stays out.
    expect(room.seatByToken(tokens.get('Ada')!)?.id).toBe('s1');
    expect(room.seatByToken(tokens.get('Bob')!)?.id).toBe('s2');
    expect(room.seatByToken(tokens.get('Cy')!)).toBeUndefined();
    expect(room.runs.size).toBe(0);
    expect(room.standings().rows).toEqual([]);
    // A newcomer may join the new round's lobby.
    expect(a.registry.join(room.code, 'Dan').ok).toBe(true);

    room.control(host, { op: 'start' });
    // Round 2's runs are new ones, named for their round (a client never takes them for round 1's).
    expect([...room.runs.keys()].sort()).toEqual([runIdFor('s1', 2), runIdFor('s2', 2), runIdFor('s4', 2)].sort());
    expect(runIdFor('s1', 2)).not.toBe('s1');
    expect(room.act('s1', { task: 'B', cpu: 1 }).ok).toBe(true);
    playOut(a, room);
    expect(room.rounds.map((r) => [r.round, r.scenarioSlug, r.rows.map((x) => x.nick).sort()])).toEqual([
      [1, 'pile-up', ['Ada', 'Bob', 'Cy']],
      [2, 'idle-cpus', ['Ada', 'Bob', 'Dan']],
    ]);
    // Every run saved says its round; round 2's replay on idle-cpus with the logged actions.
    const second = a.runs.runs.filter((r) => r.round === 2);
    expect(second.map((r) => r.playerNick).sort()).toEqual(['Ada', 'Bob', 'Dan']);
    for (const r of second) {
      expect(r.scenarioSlug).toBe('idle-cpus');
      expect(simulate(loadScenario(r.scenario), { seed: r.seed, bot: r.bot, actions: r.actions }).result.finalHash).toBe(r.finalHash);
    }
    // The view carries both rounds for the room's results table.
    expect(room.view('host').rounds.map((r) => r.round)).toEqual([1, 2]);
  });

  it('a room that ended in its lobby gets the same round number again; a co-op round gets a fresh shared run', () => {
    const a = setup();
    const { room, host } = make(a, 'coop', 'pile-up', ['Ada']);
    room.control(host, { op: 'end' });
    expect(a.registry.nextRound(room, host, {})).toEqual({ ok: true, value: { round: 1 } });
    expect([...room.runs.keys()]).toEqual(['main']);
    room.control(host, { op: 'start' });
    playOut(a, room);
    expect(a.registry.nextRound(room, host, {})).toEqual({ ok: true, value: { round: 2 } });
    expect([...room.runs.keys()]).toEqual([runIdFor('main', 2)]);
    expect(room.view('host').run?.runId).toBe(runIdFor('main', 2));
    expect(room.view('host').run?.tick).toBe(0);
  });

  it('a restart between rounds and during round 2 brings back the seats, the earlier results and the round', async () => {
    const a = setup();
    const { room, host, tokens } = make(a, 'race', 'pile-up', ['Ada', 'Bob']);
    room.control(host, { op: 'start' });
    playOut(a, room);
    a.registry.nextRound(room, host, {});
    // The lobby between rounds is checkpointed.
    const lobby = a.checkpoints.latest.get(room.code)!;
    expect([lobby.status, lobby.round, lobby.rounds?.length]).toEqual(['lobby', 2, 1]);
    room.control(host, { op: 'start' });
    expect(room.act('s2', { task: 'T2', cpu: 1 }).ok).toBe(true);
    a.clock.advance(2000);
    room.control(host, { op: 'kick', seatId: 's1' });
    a.clock.advance(1500);
    // A pause writes a checkpoint at the tick it stopped: the restored runs must equal these.
    room.control(host, { op: 'pause' });
    await Promise.resolve();
    const cp = a.checkpoints.latest.get(room.code)!;
    expect(cp.tick).toBe(room.tick);
    expect(cp.round).toBe(2);

    const b = setup();
    const back = b.registry.resumeFromCheckpoint(cp);
    if (!back.ok) throw new Error(back.reason);
    const again = back.value;
    expect([again.round, again.rounds.length, again.status]).toEqual([2, 1, 'paused']);
    expect(again.seatByToken(tokens.get('Bob')!)?.id).toBe('s2');
    // Ada was removed in round 2: still out after the restart, her round-2 result still kept.
    expect(again.seatByToken(tokens.get('Ada')!)).toBeUndefined();
    expect(again.wasKicked(tokens.get('Ada')!)).toBe(true);
    expect(ranks(again.standings().rows)).toEqual([['Bob', 1, false], ['Ada', null, true]]);
    for (const [id, run] of again.runs) expect(hashState(run.state)).toBe(hashState(room.runs.get(id)!.state));
    expect([...again.runs.keys()].sort()).toEqual([runIdFor('s1', 2), runIdFor('s2', 2)]);
  });
});
