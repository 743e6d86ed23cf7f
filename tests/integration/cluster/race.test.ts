/**
 * Two real server processes, one Redis, one PostgreSQL: a race room owned by one process,
 * players connected to both. Requests made on the other process are forwarded to the owner and
 * answered the same way (typed refusals included); each player's frames show its own moves; both
 * processes' sockets hear the same standings; the stored runs hold exactly the accepted moves.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db';
import { dailyScenario, scenarioToJson } from '../../../server/engine';
import type { Frame, Standings } from '../../../server/protocol';
import { wholeFrames } from '../../helpers/frames';
import type { PgCluster } from '../../helpers/postgres';
import { connect, startCluster, ok, stopAll, until, type Client, type Node } from './harness';

let pgc: PgCluster;
let databaseUrl: string;
let a: Node;
let b: Node;

beforeAll(async () => {
  ({ pgc, databaseUrl, nodes: [a, b] } = await startCluster('cluster_race', ['race-a', 'race-b']));
}, 180_000);

afterAll(async () => {
  await stopAll();
  await pgc?.stop();
}, 60_000);

/** Moves a waiting task to the calmest CPU, as the load benchmark's players do. */
function move(f: Frame): { task: string; cpu: number } | null {
  const busiest = [...f.cpus].sort((x, y) => y.queue.length - x.queue.length)[0];
  const calmest = [...f.cpus].sort((x, y) => x.queue.length + (x.running ? 1 : 0) - (y.queue.length + (y.running ? 1 : 0)))[0];
  if (!busiest || !calmest || busiest.cpu === calmest.cpu) return null;
  const pinned = new Set(f.pinned.map((p) => p.task));
  const task = busiest.queue.find((t) => !pinned.has(t));
  return task ? { task, cpu: calmest.cpu } : null;
}

/** A player that moves whenever its frame offers one, and records what it was told. */
function player(socket: Client, roomId: string) {
  const accepted: { tick: number; type: 'migrate' | 'place' }[] = [];
  const standings: Standings[] = [];
  let last: Frame | null = null;
  let busy = false;
  socket.on('standings', (s) => standings.push(s));
  wholeFrames(socket).on((f) => {
    last = f;
    if (busy || accepted.length >= 3) return;
    const m = move(f);
    if (!m) return;
    busy = true;
    void socket.emitWithAck('game:action', { roomId, ...m }).then((r) => {
      if (r.ok) accepted.push({ tick: r.tick, type: r.type });
      busy = false;
    });
  });
  return {
    accepted, standings, last: () => last,
    /** Accepted moves a frame of this run has shown (its tick is past theirs). */
    shown: () => accepted.filter((a) => last !== null && a.tick < last.tick).length,
  };
}

it('players on two processes in one race: forwarded requests, same refusals, own frames, same standings, runs stored', async () => {
  const host = await connect(a.url);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario: { json: { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'cluster-race', duration: 3000 } } }));
  const onA = await connect(a.url);
  const onB = await connect(b.url);
  const ada = ok(await onA.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const bob = ok(await onB.emitWithAck('room:join', { code: room.code.toLowerCase(), nick: 'Bob' }));
  expect([ada.role, bob.role]).toEqual(['player', 'player']);
  expect(bob.roomId).toBe(room.roomId);

  // The owner's refusals, through the other process: the same typed reasons.
  const stranger = await connect(b.url);
  expect(await stranger.emitWithAck('room:join', { code: room.code, nick: 'ada' })).toMatchObject({ ok: false, reason: 'nick/taken' });
  expect(await stranger.emitWithAck('room:control', { roomId: room.roomId, hostToken: 'x'.repeat(32), command: { op: 'start' } })).toMatchObject({ ok: false, reason: 'auth/not-host' });
  expect(await stranger.emitWithAck('game:action', { roomId: room.roomId, task: 'T1', cpu: 0 })).toMatchObject({ ok: false, reason: 'auth/not-player' });
  expect(await stranger.emitWithAck('room:join', { code: 'ZZZZZZ', nick: 'Eve' })).toMatchObject({ ok: false, reason: 'room/not-found' });
  expect(await onB.emitWithAck('game:action', { roomId: room.roomId, task: 'T1', cpu: 0 })).toMatchObject({ ok: false, reason: 'room/not-running' });
  // The host, connected to the other process, proves its token there.
  const host2 = await connect(b.url);
  expect(ok(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).role).toBe('host');

  const pa = player(onA, room.roomId);
  const pb = player(onB, room.roomId);
  const ended = Promise.all([onA, onB].map((s) => new Promise((r) => s.once('run:ended', r))));
  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  // Both players made moves and saw them in their own run's frames.
  await until(async () => [pa, pb], (ps) => ps.every((p) => p.accepted.length === 3 && p.shown() === 3));
  // A run is private: each socket gets only its own seat's frames.
  expect(pa.last()!.runId).not.toBe(pb.last()!.runId);
  // Standings are sent once by the owner and reach both processes' sockets alike.
  const common = await until(async () => pb.standings.filter((s) => pa.standings.some((x) => x.tick === s.tick)), (c) => c.length >= 1);
  for (const s of common) expect(pa.standings.find((x) => x.tick === s.tick)).toEqual(s);
  const ticks = pb.standings.map((s) => s.tick);
  expect(new Set(ticks).size).toBe(ticks.length); // no duplicated broadcast

  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'end' } }));
  await ended;
  const db = await openDatabase(databaseUrl);
  try {
    const stored = await until(async () => {
      const r = await db.rooms.getByCode(room.code);
      return r ? db.runs.listRoomRuns(r.id) : [];
    }, (runs) => runs.length >= 2);
    expect(stored).toHaveLength(2);
    // Every accepted move is in the stored log of that player's run (a migration at the tick its ack named).
    const bySeat = new Map(stored.map((r) => [r.playerId, r]));
    expect(bySeat.size).toBe(2);
    const counts = stored.map((r) => r.actions.length).sort();
    expect(counts).toEqual([pa.accepted.length, pb.accepted.length].sort());
    for (const p of [pa, pb]) {
      const run = stored.find((r) => p.accepted.filter((a) => a.type === 'migrate').every((a) => r.actions.some((x) => x.tick === a.tick)));
      expect(run).toBeDefined();
    }
  } finally {
    await db.close();
  }
}, 120_000);
