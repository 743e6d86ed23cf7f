/**
 * kill -9 of the real server (Socket.IO rooms + SQLite) mid-race: after a restart on the
 * same database the finished run is there, the race comes back at most one second of play
 * behind what the players last saw, and players and host get their seats back with their
 * tokens. The resumed race then finishes and its runs are verified. A lobby killed before its
 * start comes back too, in the lobby, and its host starts it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import type { WireFrame } from '../../../server/protocol';
import { openDatabase } from '../../../server/db';
import { roomResults } from '../../../server/db/service';
import { accepted, Processes, type Client } from '../../helpers/processes';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-server-kill-'));
const procs = new Processes();
afterAll(() => {
  procs.stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

const startServer = (file: string) => procs.start('tests/integration/db/fixtures/server-child.ts', [file]);
const connect = (url: string) => procs.connect(url);

async function resumeWhenRestored(socket: Client, code: string, token: string) {
  for (;;) {
    const r = await socket.emitWithAck('room:resume', { code, token });
    if (r.ok || r.reason !== 'room/restoring') return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('kill -9 mid-race: finished run kept, race resumed at most one second behind, seats back by token', async () => {
  const file = path.join(dir, 'game.db');
  const first = await startServer(file);

  // A finished run: a one-player race on a built-in level, ended by its host.
  const soloHost = await connect(first.url);
  const s = accepted(await soloHost.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  const solo = await connect(first.url);
  accepted(await solo.emitWithAck('room:join', { code: s.code, nick: 'Solo' }));
  const soloEnded = new Promise((r) => solo.once('run:ended', r));
  const played = new Promise<void>((resolve) => solo.on('frame', (f) => f.tick >= 3 && resolve()));
  accepted(await soloHost.emitWithAck('room:control', { roomId: s.roomId, hostToken: s.hostToken, command: { op: 'start' } }));
  await played; // a round with no tick played is not kept
  accepted(await soloHost.emitWithAck('room:control', { roomId: s.roomId, hostToken: s.hostToken, command: { op: 'end' } }));
  await soloEnded;

  // A race with two players.
  const host = await connect(first.url);
  const room = accepted(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  const ada = await connect(first.url);
  const bob = await connect(first.url);
  const adaJoin = accepted(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const bobJoin = accepted(await bob.emitWithAck('room:join', { code: room.code, nick: 'Bob' }));
  const ticksPerSecond = room.view.room.ticksPerSecond * room.view.room.speed;
  let lastSeen = -1;
  const killAt = 2 * ticksPerSecond + 5;
  const killed = new Promise<void>((resolve) => {
    const onFrame = (f: WireFrame) => {
      lastSeen = Math.max(lastSeen, f.tick);
      if (f.tick >= killAt && first.child.signalCode === null) {
        first.child.kill('SIGKILL');
        resolve();
      }
    };
    ada.on('frame', onFrame);
    bob.on('frame', onFrame);
  });
  accepted(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  // Ada acts once T2 has woken (the solution's first move); the log then holds a player action.
  await new Promise<void>((resolve) => {
    const h = (f: WireFrame) => {
      if (f.tick < 3) return;
      ada.off('frame', h);
      resolve();
    };
    ada.on('frame', h);
  });
  await ada.emitWithAck('game:action', { roomId: room.roomId, task: 'T3', cpu: 2 });
  await killed;
  await new Promise((r) => first.child.once('exit', r));
  expect(first.child.signalCode).toBe('SIGKILL');
  for (const c of [soloHost, solo, host, ada, bob]) c.disconnect();

  // Restart on the same database.
  const second = await startServer(file);
  const ada2 = await connect(second.url);
  // The room is replayed in the background after the restart: until then its code says so.
  const back = accepted(await resumeWhenRestored(ada2, room.code, adaJoin.playerToken!));
  expect([back.role, back.seatId]).toEqual(['player', adaJoin.seatId]);
  expect(back.view.room.status).toBe('paused');
  const resumedAt = back.view.room.tick;
  expect(resumedAt).toBeLessThanOrEqual(lastSeen);
  expect(lastSeen - resumedAt).toBeLessThanOrEqual(ticksPerSecond);
  expect(back.view.run?.tick).toBe(resumedAt);
  const bob2 = await connect(second.url);
  expect(accepted(await bob2.emitWithAck('room:resume', { code: room.code, token: bobJoin.playerToken! })).seatId).toBe(bobJoin.seatId);
  const host2 = await connect(second.url);
  expect(accepted(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).role).toBe('host');

  // The host carries on and ends the round: both runs are stored and verified by re-simulation.
  const ended = new Promise((r) => ada2.once('run:ended', r));
  accepted(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'resume' } }));
  accepted(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'end' } }));
  await ended;
  // Runs are verified and stored just after the end: the CSV has both once they are.
  let results = '';
  for (let i = 0; i < 200 && results.split('\r\n').filter(Boolean).length < 3; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 50));
    results = await fetch(`${second.url}/api/rooms/${room.code}/results.csv`).then((r) => r.text());
  }
  for (const c of [ada2, bob2, host2]) c.disconnect();
  second.child.kill('SIGTERM');
  await new Promise((r) => second.child.once('exit', r));

  const db = await openDatabase(`file:${file}`);
  try {
    const pile = (await db.scenarios.getBySlug('pile-up'))!;
    const runs = (await db.runs.listRoomRuns((await db.rooms.getByCode(room.code))!.id));
    const rows = (await roomResults(db, room.code))!.rows;
    expect(rows.map((r) => [r.nickname, r.rounds[1]?.status]).sort()).toEqual([['Ada', 'played'], ['Bob', 'played']]);
    expect(runs.every((r) => r.scenarioId === pile.id)).toBe(true);
    expect(results.split('\r\n').filter(Boolean)).toHaveLength(3);
    // The one-player run finished before the kill is there, verified (ended early at tick 3: it ranks in its room only).
    expect((await roomResults(db, s.code))!.rows.map((r) => [r.nickname, r.rounds[1]?.status, r.rounds[1]?.rank])).toEqual([['Solo', 'played', 1]]);
    expect((await db.leaderboards.scenario(pile.id, { limit: 50 })).entries.filter((e) => e.nickname === 'Solo')).toEqual([]);
  } finally {
    await db.close();
  }
}, 120_000); // two server starts and a few seconds of real play: generous for a loaded 2-core CI

/** The seats of a room's stored checkpoint, read beside the running server (WAL: readers do not block it). */
function storedSeats(file: string, code: string): string[] {
  const raw = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = raw.prepare('SELECT c.extra AS extra FROM RoomCheckpoint c JOIN Room r ON r.id = c.roomId WHERE r.code = ?').get(code) as { extra: string } | undefined;
    return row ? (JSON.parse(row.extra) as { seats: { nick: string }[] }).seats.map((s) => s.nick) : [];
  } finally {
    raw.close();
  }
}

it('kill -9 before the start: the lobby comes back with its seats, tokens and host, and the host starts it', async () => {
  const file = path.join(dir, 'lobby.db');
  const first = await startServer(file);
  const host = await connect(first.url);
  const room = accepted(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  const ada = await connect(first.url);
  const bob = await connect(first.url);
  const adaJoin = accepted(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const bobJoin = accepted(await bob.emitWithAck('room:join', { code: room.code, nick: 'Bob' }));
  // Written when they joined (no round has started: no clock of play writes it).
  while (storedSeats(file, room.code).length < 2) await new Promise((r) => setTimeout(r, 50));
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  for (const c of [host, ada, bob]) c.disconnect();

  const second = await startServer(file);
  const ada2 = await connect(second.url);
  const back = accepted(await resumeWhenRestored(ada2, room.code, adaJoin.playerToken!));
  expect([back.role, back.seatId, back.view.room.status]).toEqual(['player', adaJoin.seatId, 'lobby']);
  expect(back.view.room.seats.map((s) => s.nick)).toEqual(['Ada', 'Bob']);
  const bob2 = await connect(second.url);
  expect(accepted(await bob2.emitWithAck('room:resume', { code: room.code, token: bobJoin.playerToken! })).seatId).toBe(bobJoin.seatId);
  const host2 = await connect(second.url);
  expect(accepted(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).role).toBe('host');
  const played = new Promise<WireFrame>((resolve) => bob2.on('frame', (f) => f.tick >= 3 && resolve(f)));
  accepted(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  expect((await played).runId).toBe(bobJoin.seatId);
  for (const c of [ada2, bob2, host2]) c.disconnect();
  second.child.kill('SIGTERM');
  await new Promise((r) => second.child.once('exit', r));
}, 120_000);
