/**
 * The real server process with a database that stops answering (issue 10, item 3): a race ends,
 * its run cannot be written, the host is told; SIGTERM then ends the process by itself (the
 * shutdown is cut off at its deadline instead of waiting on the database forever), the run and
 * the room's end stay in the outbox on disk, and the next start writes them: the run is on the
 * room's board and the room, being over, is not resumed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/db';
import { PROTOCOL_VERSION, type ClientToServerEvents, type RoomInfo, type ServerToClientEvents } from '../../../server/protocol';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-storage-shutdown-'));
const children: ChildProcess[] = [];
const clients: Client[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Child { child: ChildProcess; url: string; lines: Interface; out: () => string; err: () => string; exited: Promise<number | null> }

async function start(file: string, outbox: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/integration/db/fixtures/storage-child.ts'), file, outbox], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (l) => (out += `${l}\n`));
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (l) => l.startsWith('URL ') && resolve(l.slice(4)));
    void exited.then(() => reject(new Error(`server did not start: ${err}`)));
  });
  return { child, url, lines, out: () => out, err: () => err, exited };
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

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

/** Sets the child's database fault and waits until it has taken effect. */
function setMode(c: Child, mode: 'ok' | 'fail' | 'hang'): Promise<void> {
  return new Promise((resolve) => {
    const onLine = (l: string) => {
      if (l !== `MODE ${mode}`) return;
      c.lines.off('line', onLine);
      resolve();
    };
    c.lines.on('line', onLine);
    c.child.stdin!.write(`${mode}\n`);
  });
}

const entries = (outbox: string) => (fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.json')) : []);

it('SIGTERM with the database hanging: the process exits by itself, the finished run waits on disk, the next start writes it', { timeout: 120_000 }, async () => {
  const file = path.join(dir, 'game.db');
  const outbox = path.join(dir, 'outbox');
  const first = await start(file, outbox);

  const host = await connect(first.url);
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  const ada = await connect(first.url);
  ok(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const played = new Promise<void>((resolve) => ada.on('frame', (f) => f.tick >= 3 && resolve()));
  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  await played;

  // The database stops answering; the host ends the round.
  await setMode(first, 'hang');
  const told = new Promise<RoomInfo>((resolve) => host.on('room:state', (r) => r.storage && resolve(r)));
  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'end' } }));
  expect((await told).storage).toEqual({ unsaved: 1, reason: 'storage/timeout' });
  expect(first.err()).toContain('finished run not written to the database; kept and retried');
  // Kept on disk: the run and the room's end.
  expect(entries(outbox)).toHaveLength(2);

  // SIGTERM: the shutdown waits on the database at most its deadline, then the process exits by itself.
  for (const c of [host, ada]) c.disconnect();
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(1);
  expect(first.err()).toContain('shutdown deadline reached');
  expect(entries(outbox)).toHaveLength(2);

  // The next start, the database working: the outbox is written before anything resumes.
  const second = await start(file, outbox);
  expect(second.out()).toContain('outbox: entries of an earlier run written at start');
  expect(entries(outbox)).toEqual([]);
  const board = (await (await fetch(`${second.url}/api/leaderboard/room/${room.code}`)).json()) as { entries: { nickname: string }[] };
  expect(board.entries.map((e) => e.nickname)).toEqual(['Ada']);
  const host2 = await connect(second.url);
  expect(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken })).toMatchObject({ ok: false, reason: 'room/not-found' });
  expect(second.out()).not.toContain('room resumed from checkpoint');
  host2.disconnect();

  // With nothing pending and the database answering, the shutdown is orderly.
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
