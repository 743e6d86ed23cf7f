/**
 * Published scenarios' repository (server/db/authored-types.ts), run on memory, SQLite and
 * PostgreSQL beside the main contract (memory.test.ts, sqlite.test.ts, postgres.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { loadScenario, simulate } from '../../../server/engine';
import { hashToken, newPlayerToken, ScenarioConflictError, type Db, type ScenarioRecord } from '../../../server/db';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';
import { resolveRoomScenario, submitRun } from '../../../server/db/service';
import { freshDatabases } from './fresh';

const PILE_UP = BUILTIN_SCENARIOS.find((s) => s.slug === 'pile-up')!;
/** A teacher's file: pile-up's machine and tasks under another slug, title and summary. */
const file = (slug: string, over: Record<string, unknown> = {}) => toScenarioDocOrThrow({ ...PILE_UP, slug, title: `Level ${slug}`, summary: `About ${slug}`, ...over });

export function authoredContract(name: string, open: () => Promise<Db>): void {
  describe(`published scenarios repository: ${name}`, () => {
    const fresh = freshDatabases(open);
    /** A verified run by a new player on the scenario as it is now. */
    async function verifiedRun(db: Db, s: ScenarioRecord, actions = SOLUTIONS['pile-up']) {
      const p = await db.players.create({ tokenHash: hashToken(newPlayerToken()), nickname: `p${Math.random().toString(36).slice(2, 7)}` });
      const seed = s.json.seed ?? 1;
      const { result } = simulate(loadScenario(s.json), { seed, actions });
      const r = await submitRun(db, s, { playerId: p.id, seed, actions: [...actions], finalHash: result.finalHash, score: result.score });
      expect(r.verified).toBe(true);
      return { player: p, run: r.run };
    }

    it('create: version 1 under its owner; a taken or reserved slug is refused and nothing is stored', async () => {
      const db = await fresh();
      const s = await db.authored.create(file('my-level'), { ownerAccountId: 'acc-1', visibility: 'private' });
      expect(s).toMatchObject({ slug: 'my-level', kind: 'authored', visibility: 'private', version: 1, ownerAccountId: 'acc-1', hiddenAt: null, deletedAt: null, authorId: null });
      expect((await db.scenarios.getBySlug('my-level'))?.id).toBe(s.id);
      await expect(db.authored.create(file('my-level'), { ownerAccountId: 'acc-2', visibility: 'public' })).rejects.toBeInstanceOf(ScenarioConflictError);
      await expect(db.authored.create(file('pile-up'), { ownerAccountId: 'acc-1', visibility: 'public' })).rejects.toBeInstanceOf(ScenarioConflictError);
      await expect(db.authored.create(file('daily-2026-01-01'), { ownerAccountId: 'acc-1', visibility: 'public' })).rejects.toBeInstanceOf(ScenarioConflictError);
      expect((await db.authored.listByOwner('acc-2'))).toEqual([]);
      expect((await db.scenarios.getBySlug('pile-up'))?.kind).toBe('builtin');
    });

    it('update: a new version only when the content changed; every version kept, newest first; the slug never changes', async () => {
      const db = await fresh();
      const s = await db.authored.create(file('versions'), { ownerAccountId: 'acc-1', visibility: 'link' });
      expect((await db.authored.update(s.id, file('versions')))?.version).toBe(1);
      const v2 = await db.authored.update(s.id, file('versions', { duration: 90, title: 'Renamed' }));
      expect(v2).toMatchObject({ version: 2, title: 'Renamed', visibility: 'link' });
      expect(v2?.json.duration).toBe(90);
      expect((await db.authored.versions(s.id)).map((v) => v.version)).toEqual([2, 1]);
      expect((await db.scenarios.getVersion(s.id, 1))?.duration).toBe(PILE_UP.duration);
      await expect(db.authored.update(s.id, file('other-slug'))).rejects.toThrow(/cannot change/);
      const builtin = (await db.scenarios.getBySlug('pile-up'))!;
      expect(await db.authored.update(builtin.id, file('pile-up', { duration: 10 }))).toBeNull();
      expect((await db.scenarios.getBySlug('pile-up'))?.version).toBe(1);
    });

    it('boards are per version: an edit never reshuffles the board runs were played on; replays keep their version', async () => {
      const db = await fresh();
      const v1 = await db.authored.create(file('boarded'), { ownerAccountId: 'acc-1', visibility: 'public' });
      const best = await verifiedRun(db, v1);
      const worse = await verifiedRun(db, v1, SOLUTIONS['pile-up'].slice(0, 1));
      const before = await db.leaderboards.scenario(v1.id, { limit: 10 });
      expect(before.entries.map((e) => e.runId)).toEqual([best.run.id, worse.run.id]);
      const v2 = (await db.authored.update(v1.id, file('boarded', { duration: 80 })))!;
      expect(v2.version).toBe(2);
      // The current version starts an empty board; version 1's stays exactly as it was.
      expect((await db.leaderboards.scenario(v1.id, { limit: 10 })).entries).toEqual([]);
      expect(await db.leaderboards.scenario(v1.id, { limit: 10, version: 1 })).toEqual(before);
      const onV2 = await verifiedRun(db, v2);
      expect((await db.leaderboards.scenario(v1.id, { limit: 10 })).entries.map((e) => e.runId)).toEqual([onV2.run.id]);
      expect((await db.leaderboards.scenario(v1.id, { limit: 10, version: 1 })).entries.map((e) => e.runId)).toEqual([best.run.id, worse.run.id]);
      const replay = await db.runs.replay(best.run.id);
      expect([replay?.scenarioVersion, (replay?.scenario as { duration: number }).duration]).toEqual([1, PILE_UP.duration]);
    });

    it('a room on a published scenario records the exact version it was played on, across a later edit', async () => {
      const db = await fresh();
      const s = await db.authored.create(file('roomed'), { ownerAccountId: 'acc-1', visibility: 'rooms' });
      const ref = await resolveRoomScenario(db, toScenarioDocOrThrow(s.json));
      expect(ref).toEqual({ scenarioId: s.id, slug: 'roomed', version: 1 });
      await db.rooms.create({ code: 'ROOM42', kind: 'race', hostTokenHash: 'h', scenarioId: ref.scenarioId, scenarioVersion: ref.version, seed: 1 });
      await db.authored.update(s.id, file('roomed', { duration: 70 }));
      // The old file still resolves to version 1 (a room started before the edit), the new one to 2.
      expect((await resolveRoomScenario(db, toScenarioDocOrThrow(s.json))).version).toBe(1);
      expect((await resolveRoomScenario(db, file('roomed', { duration: 70 }))).version).toBe(2);
      expect((await db.rooms.getByCode('ROOM42'))?.scenarioVersion).toBe(1);
    });

    it('visibility, admin hide with a reason, unhide; the gallery lists public, not hidden ones, searched and paged', async () => {
      const db = await fresh();
      const a = await db.authored.create(file('alpha', { title: 'Alpha pile', summary: 'Deadlines on FOUR cpus' }), { ownerAccountId: 'acc-1', visibility: 'public' });
      const b = await db.authored.create(file('beta', { title: 'Beta', summary: 'Pinned tasks' }), { ownerAccountId: 'acc-2', visibility: 'public' });
      const c = await db.authored.create(file('gamma', { title: 'Gamma', summary: 'four cpus again' }), { ownerAccountId: 'acc-1', visibility: 'link' });
      await db.authored.create(file('delta', { title: 'Delta' }), { ownerAccountId: 'acc-1', visibility: 'private' });
      const slugs = async (opts: { q?: string; offset?: number; limit?: number; hidden?: boolean } = {}) => {
        const page = await db.authored.gallery({ offset: 0, limit: 10, ...opts });
        return [page.items.map((s) => s.slug), page.total];
      };
      expect(await slugs()).toEqual([['alpha', 'beta'], 2]);
      expect(await slugs({ q: 'four' })).toEqual([['alpha'], 1]);
      expect(await slugs({ q: 'PINNED' })).toEqual([['beta'], 1]);
      expect(await slugs({ q: 'nothing like it' })).toEqual([[], 0]);
      expect(await slugs({ limit: 1, offset: 1 })).toEqual([['beta'], 2]);
      expect((await db.authored.setVisibility(c.id, 'public'))?.visibility).toBe('public');
      expect(await slugs({ q: 'four' })).toEqual([['alpha', 'gamma'], 2]);

      const at = new Date('2026-12-01T10:00:00Z');
      const hidden = await db.authored.setHidden(b.id, { reason: 'spam', at });
      expect([hidden?.hiddenAt?.toISOString(), hidden?.hiddenReason]).toEqual([at.toISOString(), 'spam']);
      expect(await slugs()).toEqual([['alpha', 'gamma'], 2]);
      expect(await slugs({ hidden: true })).toEqual([['beta'], 1]);
      expect((await db.scenarios.listPublic()).some((s) => s.slug === 'beta')).toBe(false);
      expect((await db.scenarios.listPublic()).some((s) => s.slug === 'alpha')).toBe(true);
      await db.authored.setHidden(b.id, null);
      expect(await slugs()).toEqual([['alpha', 'beta', 'gamma'], 3]);
      expect((await db.authored.setVisibility(a.id, 'rooms'))?.visibility).toBe('rooms');
      expect(await slugs()).toEqual([['beta', 'gamma'], 2]);
      // Built-ins are never published scenarios.
      expect(await db.authored.setHidden((await db.scenarios.getBySlug('pile-up'))!.id, { reason: 'x', at })).toBeNull();
    });

    it('my scenarios: the owner\'s only, most recently changed first', async () => {
      const db = await fresh();
      const one = await db.authored.create(file('one'), { ownerAccountId: 'acc-1', visibility: 'private' });
      await db.authored.create(file('two'), { ownerAccountId: 'acc-1', visibility: 'public' });
      await db.authored.create(file('theirs'), { ownerAccountId: 'acc-2', visibility: 'public' });
      await db.authored.update(one.id, file('one', { duration: 60 }));
      expect((await db.authored.listByOwner('acc-1')).map((s) => s.slug)).toEqual(['one', 'two']);
      expect((await db.authored.listByOwner('acc-2')).map((s) => s.slug)).toEqual(['theirs']);
    });

    it('delete: removed with its versions when nothing points at it; kept (marked deleted) for the replays of its runs', async () => {
      const db = await fresh();
      const unused = await db.authored.create(file('unused'), { ownerAccountId: 'acc-1', visibility: 'public' });
      await db.authored.report({ scenarioId: unused.id, version: 1, reason: 'dup' });
      expect(await db.authored.remove(unused.id, new Date())).toBe('removed');
      expect(await db.scenarios.getBySlug('unused')).toBeNull();
      expect(await db.scenarios.getVersion(unused.id, 1)).toBeNull();
      expect(await db.authored.remove(unused.id, new Date())).toBeNull();

      const played = await db.authored.create(file('played'), { ownerAccountId: 'acc-1', visibility: 'public' });
      const { run } = await verifiedRun(db, played);
      const at = new Date('2026-12-01T11:00:00Z');
      expect(await db.authored.remove(played.id, at)).toBe('kept');
      expect((await db.scenarios.getBySlug('played'))?.deletedAt?.toISOString()).toBe(at.toISOString());
      expect((await db.runs.replay(run.id))?.scenarioVersion).toBe(1);
      expect((await db.authored.gallery({ offset: 0, limit: 10 })).items).toEqual([]);
      expect(await db.authored.listByOwner('acc-1')).toEqual([]);
      expect((await db.scenarios.listPublic()).some((s) => s.slug === 'played')).toBe(false);
      // Its slug stays taken: the runs still name it.
      await expect(db.authored.create(file('played'), { ownerAccountId: 'acc-2', visibility: 'public' })).rejects.toBeInstanceOf(ScenarioConflictError);
    });

    it('reports: stored with the version on show and the reason, newest first', async () => {
      const db = await fresh();
      const s = await db.authored.create(file('reported'), { ownerAccountId: 'acc-1', visibility: 'public' });
      await db.authored.report({ scenarioId: s.id, version: 1, reason: 'rude words', at: new Date('2026-12-01T09:00:00Z') });
      await db.authored.update(s.id, file('reported', { duration: 50 }));
      await db.authored.report({ scenarioId: s.id, version: 2, reason: 'still rude', at: new Date('2026-12-01T09:05:00Z') });
      expect((await db.authored.reports(s.id)).map((r) => [r.version, r.reason])).toEqual([[2, 'still rude'], [1, 'rude words']]);
    });
  });
}
