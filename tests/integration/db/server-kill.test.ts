/**
 * kill -9 of the real server (Socket.IO rooms + SQLite) mid-race: after a restart on the
 * same database the finished run is there, the race comes back at most one second of play
 * behind what the players last saw, and players and host get their seats back with their
 * tokens. The resumed race then finishes and its runs are verified.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ClientToServerEvents, type Frame, type ServerToClientEvents } from '../../../server/protocol';
import { openDatabase, PROJECT_ROOT } from '../../../server/db';
import { roomResults } from '../../../server/db/service';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-server-kill-'));
const children: ChildProcess[] = [];
const clients: Client[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

async function startServer(file: string): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/integration/db/fixtures/server-child.ts'), file], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) if (line.startsWith('URL ')) return { url: line.slice(4), child, stderr: () => err };
  throw new Error(`server did not start: ${err}`);
}

async function connect(url: string): Promise<Client> {
  const s: Client = connectClient(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

async function resumeWhenRestored(socket: Client, code: string, token: string) {
  for (;;) {
    const r = await socket.emitWithAck('room:resume', { code, token });
    if (r.ok || r.reason !== 'room/restoring') return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

it('kill -9 mid-race: finished run kept, race resumed at most one second behind, seats back by token', async () => {
  const file = path.join(dir, 'game.db');
  const first = await startServer(file);

  // A finished run: a one-player race on a built-in level, ended by its host.
  const soloHost = await connect(first.url);
  const s = ok(await soloHost.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  const solo = await connect(first.url);
  ok(await solo.emitWithAck('room:join', { code: s.code, nick: 'Solo' }));
  const soloEnded = new Promise((r) => solo.once('run:ended', r));
  const played = new Promise<void>((resolve) => solo.on('frame', (f) => f.tick >= 3 && resolve()));
  ok(await soloHost.emitWithAck('room:control', { roomId: s.roomId, hostToken: s.hostToken, command: { op: 'start' } }));
  await played; // a round with no tick played is not kept
  ok(await soloHost.emitWithAck('room:control', { roomId: s.roomId, hostToken: s.hostToken, command: { op: 'end' } }));
  await soloEnded;

  // A race with two players.
  const host = await connect(first.url);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  const ada = await connect(first.url);
  const bob = await connect(first.url);
  const adaJoin = ok(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const bobJoin = ok(await bob.emitWithAck('room:join', { code: room.code, nick: 'Bob' }));
  const ticksPerSecond = room.view.room.ticksPerSecond * room.view.room.speed;
  let lastSeen = -1;
  const killAt = 2 * ticksPerSecond + 5;
  const killed = new Promise<void>((resolve) => {
    const onFrame = (f: Frame) => {
      lastSeen = Math.max(lastSeen, f.tick);
      if (f.tick >= killAt && first.child.signalCode === null) {
        first.child.kill('SIGKILL');
        resolve();
      }
    };
    ada.on('frame', onFrame);
    bob.on('frame', onFrame);
  });
  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  // Ada acts once T2 has woken (the solution's first move); the log then holds a player action.
  await new Promise<void>((resolve) => {
    const h = (f: Frame) => {
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
  const back = ok(await resumeWhenRestored(ada2, room.code, adaJoin.playerToken!));
  expect([back.role, back.seatId]).toEqual(['player', adaJoin.seatId]);
  expect(back.view.room.status).toBe('paused');
  const resumedAt = back.view.room.tick;
  expect(resumedAt).toBeLessThanOrEqual(lastSeen);
  expect(lastSeen - resumedAt).toBeLessThanOrEqual(ticksPerSecond);
  expect(back.view.run?.tick).toBe(resumedAt);
  const bob2 = await connect(second.url);
  expect(ok(await bob2.emitWithAck('room:resume', { code: room.code, token: bobJoin.playerToken! })).seatId).toBe(bobJoin.seatId);
  const host2 = await connect(second.url);
  expect(ok(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).role).toBe('host');

  // The host carries on and ends the round: both runs are stored and verified by re-simulation.
  const ended = new Promise((r) => ada2.once('run:ended', r));
  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'resume' } }));
  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'end' } }));
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
