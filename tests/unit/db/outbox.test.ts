/**
 * The outbox on its own (server/db/outbox.ts): a real directory or a disk that refuses files,
 * a database writer that fails on command, a manual clock for the retries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryFiles, entryFileName, Outbox, type OutboxEntry, type OutboxFiles } from '../../../server/db/outbox';
import { StorageError, StorageTimeoutError } from '../../../server/db/types';
import { ManualClock, type FinishedRun, type Logger, type RunWrite } from '../../../server/rooms';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `d${++n}`);

function run(key: string): FinishedRun {
  return {
    key, kind: 'race', scenarioSlug: 'pile-up', scenario: { format: 1, slug: 'pile-up', title: 'x', cpus: 1, duration: 10, tasks: [] }, seed: 1, bot: 'linux-rt-511',
    actions: [{ tick: 3, type: 'migrate', task: 'T1', cpu: 0 }], ticks: 10, complete: true, finalHash: 'h', score: 7, metrics: {} as FinishedRun['metrics'],
    roomCode: 'ROOM22', playerNick: 'ann', playerId: 's1', endedAt: new Date('2026-03-04T05:06:07.089Z'),
  };
}
const entry = (key: string): OutboxEntry => ({ kind: 'run', key, run: run(key) });

/** A database writer: `down` makes every write fail as the store does; `written` lists what went through. */
function database() {
  const db = { down: false as false | 'failed' | 'timeout', attempts: 0, written: [] as string[], poison: new Set<string>() };
  const write = async (e: OutboxEntry) => {
    db.attempts++;
    if (db.down === 'timeout') throw new StorageTimeoutError('runs.saveRun', 300);
    if (db.down) throw new StorageError('runs.saveRun', 'runs.saveRun failed: SQLITE_FULL');
    if (db.poison.has(e.key)) throw new Error('scenario does not validate');
    db.written.push(e.key);
  };
  return { db, write };
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), error: (m, d) => lines.push(`error ${m} ${JSON.stringify(d ?? {})}`) };
}

const jsonFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('outbox', () => {
  it('keeps each entry on disk until the database has it; retries on its own, backing off; the room hears kept, then stored', async () => {
    const dir = freshDir();
    const clock = new ManualClock();
    const { db, write } = database();
    const log = logger();
    const box = new Outbox({ files: directoryFiles(dir), write, logger: log, clock, retryMs: 100, maxRetryMs: 400 });
    db.down = 'timeout';
    const heard: RunWrite[] = [];
    let kept!: () => void;
    const told = new Promise<void>((resolve) => (kept = resolve));
    const a = box.put(entry('r1/s1'), (w) => {
      heard.push(w);
      if (w.state === 'kept') kept();
    });
    await told;
    await box.idle();
    expect(db.attempts).toBe(1);
    expect(heard).toEqual([{ state: 'kept', reason: 'storage/timeout', error: 'runs.saveRun did not answer within 300 ms' }]);
    // While the storage fails, a new entry waits for the next retry; its room hears at once.
    const heardB: RunWrite[] = [];
    let keptB!: () => void;
    const toldB = new Promise<void>((resolve) => (keptB = resolve));
    const b = box.put(entry('r1/s2'), (w) => {
      heardB.push(w);
      if (w.state === 'kept') keptB();
    });
    await toldB;
    expect(db.attempts).toBe(1);
    expect(heardB).toEqual([{ state: 'kept', reason: 'storage/timeout', error: 'runs.saveRun did not answer within 300 ms' }]);
    expect(jsonFiles(dir).sort()).toEqual([entryFileName('r1/s1'), entryFileName('r1/s2')].sort());
    expect(log.lines.filter((l) => l.startsWith('error finished run not written'))).toHaveLength(2);
    // The delay doubles while the storage fails, up to the cap; nothing is tried in between.
    for (const [wait, attempts] of [[100, 2], [200, 3], [400, 4], [400, 5]]) {
      clock.advance(wait - 1);
      await box.idle();
      expect(db.attempts).toBe(attempts - 1);
      clock.advance(1);
      await box.idle();
      expect(db.attempts).toBe(attempts);
    }
    db.down = false;
    clock.advance(400);
    await Promise.all([a, b]);
    expect(db.written).toEqual(['r1/s1', 'r1/s2']);
    expect(heard.at(-1)).toEqual({ state: 'stored' });
    expect(heardB.at(-1)).toEqual({ state: 'stored' });
    expect(jsonFiles(dir)).toEqual([]);
    expect(log.lines).toContain('info outbox: written after retry');
  });

  it('a disk that refuses the file too: the entry is kept in memory, still written, and put on disk if the process stops first', async () => {
    const dir = freshDir();
    const real = directoryFiles(dir);
    let diskFull = true;
    const files: OutboxFiles = { ...real, write: (name, text) => (diskFull ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : real.write(name, text)) };
    const { db, write } = database();
    const log = logger();
    const box = new Outbox({ files, write, logger: log, clock: new ManualClock() });
    await box.put(entry('r2/s1'));
    expect(db.written).toEqual(['r2/s1']);
    expect(log.lines.some((l) => l.startsWith('error outbox: cannot keep on disk') && l.includes('ENOSPC'))).toBe(true);

    // Both full: kept in memory; at shutdown the disk has room again, so it is put there for the next start.
    db.down = 'failed';
    const pending = box.put(entry('r2/s2')).catch((e: unknown) => e);
    expect(await box.flush()).toBe(1);
    diskFull = false;
    await box.close();
    expect(String(await pending)).toMatch(/kept on disk for the next start/);
    expect(jsonFiles(dir)).toEqual([entryFileName('r2/s2')]);

    const next = new Outbox({ files: directoryFiles(dir), write, logger: logger(), clock: new ManualClock() });
    expect(await next.load()).toBe(1);
    db.down = false;
    expect(await next.flush()).toBe(0);
    expect(db.written).toEqual(['r2/s1', 'r2/s2']);
    expect(jsonFiles(dir)).toEqual([]);
  });

  it('an entry that cannot be written for its own sake is set aside after a few tries; the others are not held back', async () => {
    const dir = freshDir();
    const { db, write } = database();
    db.poison.add('bad/s1');
    const log = logger();
    const box = new Outbox({ files: directoryFiles(dir), write, logger: log, clock: new ManualClock(), maxEntryFailures: 3 });
    const bad = box.put(entry('bad/s1')).catch((e: unknown) => e);
    const good = box.put(entry('good/s1'));
    await good;
    expect(db.written).toEqual(['good/s1']);
    await box.flush();
    await box.flush();
    expect(String(await bad)).toMatch(/scenario does not validate/);
    expect(box.size).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([`${entryFileName('bad/s1')}.failed`]);
    expect(log.lines.some((l) => l.startsWith('error outbox: entry cannot be written; set aside'))).toBe(true);
  });

  it('at load, a file that is not an entry is set aside (never deleted), a half-written temporary one is removed, dates come back as dates', async () => {
    const dir = freshDir();
    const files = directoryFiles(dir);
    await files.write(entryFileName('r3/s1'), JSON.stringify({ format: 1, ...entry('r3/s1') }));
    fs.writeFileSync(path.join(dir, 'garbage.json'), '{"format":1,"kind":"run"');
    fs.writeFileSync(path.join(dir, '.abc.json.1234.tmp'), '{"form');
    const seen: OutboxEntry[] = [];
    const log = logger();
    const box = new Outbox({ files, write: async (e) => void seen.push(e), logger: log, clock: new ManualClock() });
    expect(await box.load()).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual([entryFileName('r3/s1'), 'garbage.json.failed'].sort());
    expect(await box.flush()).toBe(0);
    expect(seen).toEqual([entry('r3/s1')]);
    expect(seen[0].kind === 'run' && seen[0].run.endedAt).toBeInstanceOf(Date);
    expect(log.lines.some((l) => l.startsWith('error outbox: unreadable entry set aside') && l.includes('garbage.json'))).toBe(true);
  });

  it('knows which rooms have an end pending (they must not be resumed)', async () => {
    const { db, write } = database();
    db.down = 'failed';
    const box = new Outbox({ files: directoryFiles(freshDir()), write, logger: logger(), clock: new ManualClock() });
    const ended = box.put({ kind: 'room-ended', key: 'room-ended/ENDS22', roomCode: 'ENDS22' }).catch(() => undefined);
    await box.flush();
    expect([...box.endedRooms()]).toEqual(['ENDS22']);
    await box.close();
    await ended;
  });
});
