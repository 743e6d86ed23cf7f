/**
 * The real server process with a database that stops answering (issue 10, item 3): a race ends,
 * its run cannot be written, the host is told; SIGTERM then ends the process by itself (the
 * shutdown is cut off at its deadline instead of waiting on the database forever), the run and
 * the room's end stay in the outbox on disk, and the next start writes them: the run is on the
 * room's board and the room, being over, is not resumed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { RoomInfo } from '../../../server/protocol';
import { accepted, Processes, type ServerChild } from '../../helpers/processes';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-storage-shutdown-'));
const procs = new Processes();
afterAll(() => {
  procs.stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

const start = (file: string, outbox: string) => procs.start('tests/integration/db/fixtures/storage-child.ts', [file, outbox]);
const connect = (url: string) => procs.connect(url);

/** Sets the child's database fault and waits until it has taken effect. */
function setMode(c: ServerChild, mode: 'ok' | 'fail' | 'hang'): Promise<void> {
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
  const room = accepted(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } }));
  const ada = await connect(first.url);
  accepted(await ada.emitWithAck('room:join', { code: room.code, nick: 'Ada' }));
  const played = new Promise<void>((resolve) => ada.on('frame', (f) => f.tick >= 3 && resolve()));
  accepted(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  await played;

  // The database stops answering; the host ends the round.
  await setMode(first, 'hang');
  const told = new Promise<RoomInfo>((resolve) => host.on('room:state', (r) => r.storage && resolve(r)));
  accepted(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'end' } }));
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
