/**
 * A transaction that SQLite rolls back by itself (what a full disk does: SQLITE_FULL or an I/O
 * error ends the whole transaction) must fail that one write and leave the database usable.
 * With the stock adapter the next transaction waited forever (see server/db/sqlite-adapter.ts).
 *
 * The full disk is played by a trigger that raises ROLLBACK on every new run row: SQLite then
 * ends the transaction exactly as after SQLITE_FULL. Dropping the trigger is space coming back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { loadScenario, simulate } from '../../../server/engine';
import { hashToken, openDatabase } from '../../../server/db';
import { submitRun } from '../../../server/db/service';
import { guardTransaction, type Connection } from '../../../server/db/sqlite-adapter';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-sqlite-full-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SQLite after a transaction it rolled back itself', () => {
  it('the failing writes fail (none hangs) and writes succeed again once the fault is gone', async () => {
    const file = path.join(dir, 'full.db');
    const db = await openDatabase(`file:${file}`);
    try {
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const player = await db.players.create({ tokenHash: hashToken('ann-token'), nickname: 'ann' });
      const { result } = simulate(loadScenario(s.json), { seed: s.json.seed ?? 1, actions: SOLUTIONS['pile-up'] });
      const claim = () => ({ playerId: player.id, seed: s.json.seed ?? 1, actions: [...SOLUTIONS['pile-up']], finalHash: result.finalHash, score: result.score });

      const other = new Database(file);
      other.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON "Run" BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END`);
      await expect(submitRun(db, s, claim())).rejects.toThrow();
      // The second failing write is the one that used to wait forever on the leaked lock.
      await expect(submitRun(db, s, claim())).rejects.toThrow();
      other.exec('DROP TRIGGER disk_full');
      other.close();

      const after = await submitRun(db, s, claim());
      expect(after.verified).toBe(true);
      expect((await db.runs.getRun(after.run.id))?.score).toBe(result.score);
      // Nothing of the failed attempts was stored.
      expect((await db.leaderboards.scenario(s.id, { limit: 10 })).entries.map((e) => e.runId)).toEqual([after.run.id]);
    } finally {
      await db.close();
    }
  });

  it('a failed COMMIT rolls back what is still open and releases the transaction before the error goes up', async () => {
    let open = true;
    const conn: Connection = { get inTransaction() { return open; }, exec: vi.fn(() => { open = false; }) };
    const rollback = vi.fn(async () => {});
    const busy = new Error('database is locked');
    const tx = guardTransaction({
      options: { usePhantomQuery: false }, provider: 'sqlite', adapterName: 'test',
      commit: async () => {}, rollback, queryRaw: async () => { throw new Error('unused'); },
      executeRaw: async (q: { sql: string }) => { if (q.sql === 'COMMIT') throw busy; return 0; },
    } as never, conn);
    await expect(tx.executeRaw({ sql: 'COMMIT', args: [], argTypes: [] })).rejects.toBe(busy);
    expect(conn.exec).toHaveBeenCalledWith('ROLLBACK');
    expect(open).toBe(false);
    expect(rollback).toHaveBeenCalledTimes(1);
  });
});
