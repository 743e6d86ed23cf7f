/**
 * The teaching repositories' behaviour (server/db/teach-types.ts: assignments and their
 * attempts, classes, teachers' rooms), run on memory, SQLite and PostgreSQL beside the main
 * contract (memory.test.ts, sqlite.test.ts, postgres.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { AssignmentCodeTakenError, hashToken, newPlayerToken, type Db, type NewAssignment } from '../../../server/db';
import { freshDatabases } from './fresh';

export function teachContract(name: string, open: () => Promise<Db>): void {
  describe(`teaching repositories: ${name}`, () => {
    const fresh = freshDatabases(open);
    async function assignment(db: Db, over: Partial<NewAssignment> = {}): Promise<NewAssignment> {
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      return {
        code: 'ABC234', ownerAccountId: 'teacher-a', classId: null, title: 'Homework 1', scenarioId: s.id, scenarioSlug: s.slug,
        scenarioVersion: s.version, opensAt: new Date('2026-12-01T08:00:00Z'), closesAt: new Date('2026-12-08T08:00:00Z'),
        attemptsAllowed: 2, showScoresBeforeClose: false, ...over,
      };
    }
    let clock = Date.parse('2026-12-02T10:00:00Z');
    // Each outcome a second after the last: the listing order is submission order.
    const outcome = (runId: string, score: number, verified = true) => ({
      runId, verified, verifyNote: verified ? null : 'score-mismatch', score, met: 3, missed: 1, stranded: 2, submittedAt: new Date((clock += 1000)),
    });

    it('assignments: stored with the pinned scenario version, found by id and by code in any case; a taken code is refused', async () => {
      const db = await fresh();
      const a = await db.assignments.create(await assignment(db, { code: 'abc234' }));
      expect(a).toMatchObject({ code: 'ABC234', title: 'Homework 1', scenarioSlug: 'pile-up', scenarioVersion: 1, attemptsAllowed: 2, showScoresBeforeClose: false, classId: null });
      expect(a.opensAt.toISOString()).toBe('2026-12-01T08:00:00.000Z');
      expect((await db.assignments.get(a.id))?.code).toBe('ABC234');
      expect((await db.assignments.getByCode('abc234'))?.id).toBe(a.id);
      expect(await db.assignments.getByCode('ZZZ999')).toBeNull();
      expect(await db.assignments.get('no-such-id')).toBeNull();
      await expect(db.assignments.create(await assignment(db))).rejects.toBeInstanceOf(AssignmentCodeTakenError);
      const b = await db.assignments.create(await assignment(db, { code: 'XYZ789', ownerAccountId: 'teacher-b' }));
      expect((await db.assignments.listByOwner('teacher-a')).map((x) => x.id)).toEqual([a.id]);
      expect((await db.assignments.listByOwner('teacher-b')).map((x) => x.id)).toEqual([b.id]);
    });

    it('attempts: numbered per player, at most the limit (also when submitted at once), a released reservation frees its number; only completed ones are listed', async () => {
      const db = await fresh();
      const a = await db.assignments.create(await assignment(db, { attemptsAllowed: 2 }));
      const ann = await db.players.create({ tokenHash: hashToken(newPlayerToken()), nickname: 'ann' });
      const bob = await db.players.create({ tokenHash: hashToken(newPlayerToken()), nickname: 'bob' });
      const reserve = (playerId: string, nickname: string) => db.assignments.reserveAttempt({ assignmentId: a.id, playerId, nickname, limit: a.attemptsAllowed });

      const first = (await reserve(ann.id, 'ann'))!;
      expect(first).toMatchObject({ number: 1, runId: null, verified: false, score: null });
      // Still being verified: not listed, but it holds its number.
      expect(await db.assignments.listAttempts(a.id)).toEqual([]);
      await db.assignments.releaseAttempt(first.id);
      const again = (await reserve(ann.id, 'ann'))!;
      expect(again.number).toBe(1);
      const done = await db.assignments.completeAttempt(again.id, outcome('run-1', 40));
      expect(done).toMatchObject({ number: 1, runId: 'run-1', verified: true, score: 40, met: 3, missed: 1, stranded: 2 });
      expect(await db.assignments.completeAttempt('no-such-id', outcome('run-x', 1))).toBeNull();

      // Three at once for two places (one taken): exactly one more gets through.
      const raced = await Promise.all([reserve(ann.id, 'ann'), reserve(ann.id, 'ann'), reserve(ann.id, 'ann')]);
      const won = raced.filter((r) => r !== null);
      expect(won.map((r) => r!.number)).toEqual([2]);
      expect(await reserve(ann.id, 'ann')).toBeNull();
      await db.assignments.completeAttempt(won[0]!.id, outcome('run-2', 10, false));

      // Another player has their own count.
      const b1 = (await reserve(bob.id, 'Bob'))!;
      expect(b1.number).toBe(1);
      await db.assignments.completeAttempt(b1.id, outcome('run-3', 55));
      const all = await db.assignments.listAttempts(a.id);
      expect(all.map((x) => [x.nickname, x.number, x.verified, x.score])).toEqual([['ann', 1, true, 40], ['ann', 2, false, 10], ['Bob', 1, true, 55]]);
      expect((await db.assignments.listAttempts(a.id, { playerId: bob.id })).map((x) => x.runId)).toEqual(['run-3']);
    });

    it('classes: per owner; assignments and the owner\'s rooms are tagged and untagged; another account\'s room cannot be tagged', async () => {
      const db = await fresh();
      const c1 = await db.classes.create({ ownerAccountId: 'teacher-a', name: 'Period 1' });
      const c2 = await db.classes.create({ ownerAccountId: 'teacher-b', name: 'Theirs' });
      expect((await db.classes.get(c1.id))?.name).toBe('Period 1');
      expect(await db.classes.get('no-such-class')).toBeNull();
      expect((await db.classes.listByOwner('teacher-a')).map((c) => c.id)).toEqual([c1.id]);
      expect((await db.classes.listByOwner('teacher-b')).map((c) => c.id)).toEqual([c2.id]);

      const a = await db.assignments.create(await assignment(db, { classId: c1.id }));
      expect((await db.assignments.listByClass(c1.id)).map((x) => x.id)).toEqual([a.id]);
      expect(await db.assignments.setClass(a.id, null)).toBe(true);
      expect(await db.assignments.listByClass(c1.id)).toEqual([]);
      expect(await db.assignments.setClass('no-such-id', c1.id)).toBe(false);

      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const room = (code: string, ownerAccountId: string | null) => db.rooms.create({ code, kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: s.version, seed: 1, ownerAccountId });
      const mine = await room('ROOMA1', 'teacher-a');
      expect(mine).toMatchObject({ ownerAccountId: 'teacher-a', classId: null });
      await room('ROOMB1', 'teacher-b');
      await room('ANON01', null);
      expect((await db.classes.listRooms('teacher-a')).map((r) => [r.code, r.scenarioSlug, r.kind, r.classId])).toEqual([['ROOMA1', 'pile-up', 'race', null]]);
      expect(await db.classes.tagRoom('rooma1', 'teacher-a', c1.id)).toBe(true);
      expect((await db.rooms.getByCode('ROOMA1'))?.classId).toBe(c1.id);
      expect(await db.classes.tagRoom('ROOMB1', 'teacher-a', c1.id)).toBe(false);
      expect(await db.classes.tagRoom('ANON01', 'teacher-a', c1.id)).toBe(false);
      expect(await db.classes.tagRoom('NOROOM', 'teacher-a', c1.id)).toBe(false);
      expect((await db.classes.listClassRooms(c1.id)).map((r) => r.code)).toEqual(['ROOMA1']);
      expect((await db.rooms.getByCode('ROOMB1'))?.classId).toBeNull();
    });
  });
}
