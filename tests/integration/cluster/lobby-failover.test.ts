/**
 * A lobby survives its owner's death: two real server processes over one Redis and one
 * PostgreSQL, a race room created on A with two players joined (one through B), and A killed
 * with SIGKILL before the host starts. B takes the room over from the lobby's checkpoint (written
 * when the seats joined, not by a clock of play): same code, still in the lobby; the host and the
 * players resume with their tokens, the host starts, and the round plays on B.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db';
import { loadCheckpoints } from '../../../server/db/sinks';
import { dailyScenario, scenarioToJson } from '../../../server/engine';
import type { Frame } from '../../../server/protocol';
import { wholeFrames } from '../../helpers/frames';
import type { PgCluster } from '../../helpers/postgres';
import { connect, resumeWhenRestored, startCluster, killed, ok, stopAll, until, type Client, type Node } from './harness';

let pgc: PgCluster;
let databaseUrl: string;
let a: Node;
let b: Node;

beforeAll(async () => {
  ({ pgc, databaseUrl, nodes: [a, b] } = await startCluster('cluster_lobby_failover', ['lobby-a', 'lobby-b']));
}, 240_000);

afterAll(async () => {
  await stopAll();
  await pgc?.stop();
}, 60_000);

const scenario = { json: { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'cluster-lobby-failover', duration: 3000 } };

function nextFrame(socket: Client, accept: (f: Frame) => boolean): Promise<Frame> {
  return wholeFrames(socket).next(accept);
}

it('kill -9 of the owner of a lobby: taken over still in the lobby, seats and host resumed by token, the host starts, the round plays', async () => {
  const host = await connect(a.url);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario }));
  const ada = await connect(a.url);
  const bob = await connect(b.url);
  const adaJoin = ok(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const bobJoin = ok(await bob.emitWithAck('room:join', { code: room.code, nick: 'Bob' }));
  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'lock', locked: true } }));

  // The lobby's checkpoint holds both seats and the lock (written when they changed): then A dies.
  const db = await openDatabase(databaseUrl);
  try {
    const cp = await until(async () => (await loadCheckpoints(db)).find((c) => c.roomCode === room.code), (c) => c?.seats.length === 2 && c.locked, 200);
    expect(cp?.status).toBe('lobby');
  } finally {
    await db.close();
  }
  a.child.kill('SIGKILL');
  await killed(a.child);
  expect(a.child.signalCode).toBe('SIGKILL');

  // Ada's and the host's process died: they reconnect to B and resume with their tokens.
  const ada2 = await connect(b.url);
  const back = ok(await resumeWhenRestored(ada2, room.code, adaJoin.playerToken!));
  expect([back.role, back.seatId]).toEqual(['player', adaJoin.seatId]);
  expect([back.view.room.roomId, back.view.room.status, back.view.room.locked, back.view.room.tick]).toEqual([room.roomId, 'lobby', true, 0]);
  expect(back.view.room.seats.map((s) => [s.seatId, s.nick])).toEqual([[adaJoin.seatId, 'Ada'], [bobJoin.seatId, 'Bob']]);
  const host2 = await connect(b.url);
  expect(ok(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).role).toBe('host');
  // The lock came back too: a newcomer is refused as before the kill.
  const late = await connect(b.url);
  expect(await late.emitWithAck('room:join', { code: room.code, nick: 'Cy' })).toMatchObject({ ok: false, reason: 'room/locked' });

  // Bob's process lived: same socket, his seat proved again to the new owner behind the scenes.
  const again = ok(await bob.emitWithAck('room:resync', { roomId: room.roomId }));
  expect(again.view.you).toMatchObject({ role: 'player', seatId: bobJoin.seatId });

  const adaFrame = nextFrame(ada2, (f) => f.tick >= 3);
  const bobFrame = nextFrame(bob, (f) => f.tick >= 3);
  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  const [fa, fb] = await Promise.all([adaFrame, bobFrame]);
  expect([fa.runId, fb.runId]).toEqual([adaJoin.seatId, bobJoin.seatId]);
  const info = ok(await host2.emitWithAck('room:resync', { roomId: room.roomId }));
  expect(info.view.room.status).toBe('running');
}, 180_000);
