/**
 * The arena repository's behaviour (server/db/arena-types.ts), run on memory, SQLite and
 * PostgreSQL beside the main contract (memory.test.ts, sqlite.test.ts, postgres.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ArenaSetResult, Db, NewArenaSubmission } from '../../../server/db';
import { freshDatabases } from './fresh';

export function arenaContract(name: string, open: () => Promise<Db>): void {
  describe(`arena repository: ${name}`, () => {
    const fresh = freshDatabases(open);
    const sub = (over: Partial<NewArenaSubmission> = {}): NewArenaSubmission => ({
      name: 'mine', description: 'a policy', code: 'export function balance() { return []; }', codeHash: 'h1', bot: null, addressHash: 'a1', suiteVersion: '1', ...over,
    });
    const set = (i: number, over: Partial<ArenaSetResult> = {}): ArenaSetResult => ({ setIndex: i, missed: i, wasted: 10 * i, stranded: 2 * i, migrations: 3, score: 100 + i, finalHash: `f${i}`, fault: null, ...over });

    it('stores a queued submission; the same code on the same suite version is answered with the first row, another version is a new entry', async () => {
      const db = await fresh();
      const a = await db.arena.create(sub());
      expect(a.created).toBe(true);
      expect(a.submission).toMatchObject({ name: 'mine', description: 'a policy', status: 'queued', setsDone: 0, totals: null, fault: null, bot: null, evaluatedAt: null });
      const again = await db.arena.create(sub({ name: 'copy', addressHash: 'a2' }));
      expect(again).toMatchObject({ created: false, submission: { id: a.submission.id, name: 'mine' } });
      const v2 = await db.arena.create(sub({ suiteVersion: '2' }));
      expect(v2.created).toBe(true);
      expect(v2.submission.id).not.toBe(a.submission.id);
      const bot = await db.arena.create(sub({ name: 'sticky', code: '', codeHash: 'bot:sticky', bot: 'sticky', addressHash: 'builtin' }));
      expect(bot.submission.bot).toBe('sticky');
      // Both rows of suite 1 (not v2's); created in the same millisecond they may come in either order.
      expect((await db.arena.list('1')).map((r) => r.name).sort()).toEqual(['mine', 'sticky']);
      expect((await db.arena.list('1'))[0]).not.toHaveProperty('code');
      expect((await db.arena.get(a.submission.id))?.code).toBe(sub().code);
      expect(await db.arena.get('no-such-id')).toBeNull();
    });

    it('two submissions of the same code at once make one entry', async () => {
      const db = await fresh();
      const both = await Promise.all([db.arena.create(sub()), db.arena.create(sub({ name: 'twin' }))]);
      expect(new Set(both.map((b) => b.submission.id)).size).toBe(1);
      expect(both.filter((b) => b.created)).toHaveLength(1);
      expect(await db.arena.list('1')).toHaveLength(1);
    });

    it('an evaluation: set results are stored per set (idempotently) and counted; the end stores totals, status and fault', async () => {
      const db = await fresh();
      const { submission } = await db.arena.create(sub());
      await db.arena.startEvaluation(submission.id);
      expect((await db.arena.get(submission.id))?.status).toBe('evaluating');
      await db.arena.saveResult(submission.id, set(1));
      await db.arena.saveResult(submission.id, set(0, { fault: { kind: 'budget', message: 'ran past its budget', tick: 7 } }));
      await db.arena.saveResult(submission.id, set(1, { score: 999 }));
      expect((await db.arena.get(submission.id))?.setsDone).toBe(2);
      expect(await db.arena.results(submission.id)).toEqual([set(0, { fault: { kind: 'budget', message: 'ran past its budget', tick: 7 } }), set(1, { score: 999 })]);
      const at = new Date('2026-12-01T10:00:00Z');
      await db.arena.finish(submission.id, { status: 'faulted', totals: { missed: 1, wasted: 10, stranded: 2, migrations: 6, score: 1099 }, fault: { kind: 'budget', message: 'ran past its budget' }, at });
      const done = (await db.arena.get(submission.id))!;
      expect(done).toMatchObject({ status: 'faulted', totals: { missed: 1, wasted: 10, stranded: 2, migrations: 6, score: 1099 }, fault: { kind: 'budget', message: 'ran past its budget' } });
      expect(done.evaluatedAt?.getTime()).toBe(at.getTime());
      // A restart evaluates again from scratch.
      await db.arena.startEvaluation(submission.id);
      expect(await db.arena.get(submission.id)).toMatchObject({ status: 'evaluating', setsDone: 0, totals: null, fault: null });
      expect(await db.arena.results(submission.id)).toEqual([]);
      await db.arena.finish(submission.id, { status: 'refused', totals: null, fault: { kind: 'timeout', message: 'too long' }, at });
      expect(await db.arena.get(submission.id)).toMatchObject({ status: 'refused', totals: null });
    });

    it('the suite secret: the first one stored stays', async () => {
      const db = await fresh();
      const [a, b] = await Promise.all([db.arena.secret('first'), db.arena.secret('second')]);
      expect(a).toBe(b);
      expect(await db.arena.secret('third')).toBe(a);
    });
  });
}
