/**
 * Three real server processes over one Redis and one PostgreSQL. The process that owns a race
 * is killed with SIGKILL mid-round: its lease lapses, another process takes the room over from
 * its last checkpoint (at most one second of play behind what the players saw), players whose
 * process died reconnect to another one and resume their seats with their tokens, a player
 * whose own process lived on keeps playing on the same socket, and no finished run is lost.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db';
import { roomResults } from '../../../server/db/service';
import { dailyScenario, scenarioToJson } from '../../../server/engine';
import type { Frame, RoomMoved } from '../../../server/protocol';
import { wholeFrames } from '../../helpers/frames';
import type { PgCluster } from '../../helpers/postgres';
import { connect, resumeWhenRestored, startCluster, killed, ok, stopAll, until, type Client, type Node } from './harness';

let pgc: PgCluster;
let databaseUrl: string;
let a: Node;
let b: Node;
let c: Node;

beforeAll(async () => {
  ({ pgc, databaseUrl, nodes: [a, b, c] } = await startCluster('cluster_failover', ['fo-a', 'fo-b', 'fo-c']));
}, 240_000);

afterAll(async () => {
  await stopAll();
  await pgc?.stop();
}, 60_000);

const scenario = { json: { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'cluster-failover', duration: 3000 } };

function nextFrame(socket: Client, accept: (f: Frame) => boolean): Promise<Frame> {
  return wholeFrames(socket).next(accept);
}

/** A move a player could make on this frame: a queued task that is not pinned, to another CPU. */
function anyMove(f: Frame): { task: string; cpu: number } | null {
  const pinned = new Set(f.pinned.map((p) => p.task));
  for (const from of f.cpus) {
    const task = from.queue.find((t) => !pinned.has(t));
    const to = f.cpus.find((x) => x.cpu !== from.cpu);
    if (task && to) return { task, cpu: to.cpu };
  }
  return null;
}

/** Moves on the next frame that offers one, until one is accepted; resolves with its tick once a frame shows it. */
async function moveAndSee(socket: Client, roomId: string): Promise<number> {
  for (;;) {
    const f = await nextFrame(socket, (x) => anyMove(x) !== null);
    const r = await socket.emitWithAck('game:action', { roomId, ...anyMove(f)! });
    if (!r.ok) continue;
    await nextFrame(socket, (x) => x.tick > r.tick);
    return r.tick;
  }
}

it('kill -9 of the owner: room taken over from its checkpoint, seats resumed anywhere by token, no finished run lost', async () => {
  // A finished run on the process about to die: a one-player race ended by its host.
  const soloHost = await connect(a.url);
  const s = ok(await soloHost.emitWithAck('room:create', { kind: 'race', scenario }));
  const solo = await connect(b.url);
  ok(await solo.emitWithAck('room:join', { code: s.code, nick: 'Solo' }));
  const soloEnded = new Promise((r) => solo.once('run:ended', r));
  ok(await soloHost.emitWithAck('room:control', { roomId: s.roomId, hostToken: s.hostToken, command: { op: 'start' } }));
  await nextFrame(solo, (f) => f.tick >= 3);
  ok(await soloHost.emitWithAck('room:control', { roomId: s.roomId, hostToken: s.hostToken, command: { op: 'end' } }));
  await soloEnded;

  // A race owned by A: Ada on A, Bob on B.
  const host = await connect(a.url);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario }));
  const ada = await connect(a.url);
  const bob = await connect(b.url);
  const adaJoin = ok(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const bobJoin = ok(await bob.emitWithAck('room:join', { code: room.code, nick: 'Bob' }));
  // Cid watches from C. Neither he nor Bob follows room:moved hints: they only note them.
  const cid = await connect(c.url);
  const hints = { bob: [] as RoomMoved[], cid: [] as RoomMoved[] };
  bob.on('room:moved', (h) => hints.bob.push(h));
  cid.on('room:moved', (h) => hints.cid.push(h));
  ok(await cid.emitWithAck('room:watch', { code: room.code }));
  const tps = room.view.room.ticksPerSecond * room.view.room.speed;
  let lastSeen = -1;
  for (const p of [ada, bob]) p.on('frame', (f) => (lastSeen = Math.max(lastSeen, f.tick)));
  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  const bobFirst = await moveAndSee(bob, room.roomId);
  // Two checkpoints at least after Bob's move, then the owner dies.
  await nextFrame(bob, (f) => f.tick >= bobFirst + 2 * tps + 5);
  a.child.kill('SIGKILL');
  await killed(a.child);
  expect(a.child.signalCode).toBe('SIGKILL');
  const seenAtKill = lastSeen;

  // Ada's and the host's process died: they reconnect to C and resume with their tokens.
  const ada2 = await connect(c.url);
  const back = ok(await resumeWhenRestored(ada2, room.code, adaJoin.playerToken!));
  expect([back.role, back.seatId]).toEqual(['player', adaJoin.seatId]);
  expect(back.view.room.status).toBe('paused');
  const resumedAt = back.view.room.tick;
  expect(resumedAt).toBeLessThanOrEqual(seenAtKill);
  expect(seenAtKill - resumedAt).toBeLessThanOrEqual(tps);
  const host2 = await connect(c.url);
  expect(ok(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).role).toBe('host');

  // Neither Bob nor Cid has asked anything since the kill: the survivor that did not take the
  // room over proves its socket's membership to the new owner at its next upkeep, and tells it
  // where the room went (room affinity); the socket on the new owner is told nothing.
  const told = await until(async () => [...hints.bob, ...hints.cid].filter((h) => h.node !== a.nodeId), (h) => h.length >= 1);
  const newOwner = told[0].node;
  expect([b.nodeId, c.nodeId]).toContain(newOwner);
  const [elsewhere, onOwner] = newOwner === b.nodeId ? [hints.cid, hints.bob] : [hints.bob, hints.cid];
  expect(elsewhere.filter((h) => h.node !== a.nodeId)).toEqual([{ roomId: room.roomId, code: room.code, node: newOwner }]);
  expect(onOwner.filter((h) => h.node !== a.nodeId)).toEqual([]);

  // Bob's process lived: same socket, his seat proved again to the new owner behind the scenes.
  const again = ok(await bob.emitWithAck('room:resync', { roomId: room.roomId }));
  expect(again.view.you).toMatchObject({ seatId: bobJoin.seatId });
  expect(again.view.room.tick).toBe(resumedAt);

  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'resume' } }));
  const adaFrame = nextFrame(ada2, (f) => f.tick > resumedAt);
  const bobSecond = await moveAndSee(bob, room.roomId);
  expect(bobSecond).toBeGreaterThanOrEqual(resumedAt);
  expect((await adaFrame).runId).not.toBe(bobJoin.seatId);

  const ended = Promise.all([ada2, bob].map((p) => new Promise((r) => p.once('run:ended', r))));
  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'end' } }));
  await ended;

  const db = await openDatabase(databaseUrl);
  try {
    const rows = await until(async () => (await roomResults(db, room.code))?.rows ?? [], (r) => r.length >= 2);
    expect(rows.map((r) => [r.nickname, r.rounds[1]?.status]).sort()).toEqual([['Ada', 'played'], ['Bob', 'played']]);
    const stored = await db.runs.listRoomRuns((await db.rooms.getByCode(room.code))!.id);
    const bobRun = stored.find((r) => r.actions.some((x) => x.tick === bobFirst));
    expect(bobRun).toBeDefined();
    // Bob's move before the kill survived in the checkpoint; his move after it is there too.
    expect(bobRun!.actions.map((x) => x.tick)).toEqual(expect.arrayContaining([bobFirst, bobSecond]));
    // The run finished before the kill is stored.
    expect((await roomResults(db, s.code))!.rows.map((r) => [r.nickname, r.rounds[1]?.status])).toEqual([['Solo', 'played']]);
  } finally {
    await db.close();
  }
}, 180_000);
