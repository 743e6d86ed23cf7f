/**
 * The repositories' behaviour suite: one contract, run against the in-memory
 * implementation, SQLite and PostgreSQL (memory.test.ts, sqlite.test.ts, postgres.test.ts).
 * `open` must return a fresh, empty, migrated database with the built-ins loaded.
 */
import { describe, expect, it } from 'vitest';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { dailyScenario, loadScenario, scenarioToJson, simulate, type Action } from '../../../server/engine';
import { hashToken, newPlayerToken, type Db, type ScenarioRecord } from '../../../server/db';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';
import { dailyScenarioRecord, resolveRoomScenario, roomBoard, roomResults, submitRun } from '../../../server/db/service';
import { DuplicateRunError, ScenarioConflictError } from '../../../server/db/types';
import { freshDatabases } from './fresh';

export function repositoryContract(name: string, open: () => Promise<Db>): void {
  describe(`repositories: ${name}`, () => {
    const fresh = freshDatabases(open);
    const newPlayer = (db: Db, nickname: string) => db.players.create({ tokenHash: hashToken(newPlayerToken()), nickname });

    /** A verified claim: the server's own result for this log. */
    function honest(s: ScenarioRecord, actions: readonly Action[], seed = s.json.seed ?? 1) {
      const { result } = simulate(loadScenario(s.json), { seed, actions });
      return { seed, actions: [...actions], finalHash: result.finalHash, score: result.score };
    }

    /**
     * Another log with the same score as `log` (its solution's last move repeated on the last
     * tick, a no-op): one log counts once, so two players tying need two logs.
     */
    function twin(s: ScenarioRecord, log: { actions: Action[]; score: number }) {
      const last = SOLUTIONS[s.slug as keyof typeof SOLUTIONS].at(-1)!;
      const out = honest(s, [...log.actions, { ...last, tick: s.json.duration - 1 }]);
      expect(out.score).toBe(log.score);
      return out;
    }

    /** Three pile-up logs with three different scores, best first. */
    function pileUpLogs(s: ScenarioRecord) {
      const sol = SOLUTIONS['pile-up'];
      const logs = [[...sol], sol.slice(0, 1), []].map((a) => honest(s, a));
      logs.sort((a, b) => b.score - a.score);
      expect(new Set(logs.map((l) => l.score)).size).toBe(3);
      return logs;
    }

    it('players: create, find by token hash, ensure is idempotent, rename; a token is unique', async () => {
      const db = await fresh();
      const h = hashToken('token-of-ann-123');
      const ann = await db.players.create({ tokenHash: h, nickname: 'ann' });
      expect((await db.players.getByTokenHash(h))?.id).toBe(ann.id);
      expect(await db.players.getByTokenHash(hashToken('someone-else'))).toBeNull();
      expect((await db.players.ensure({ tokenHash: h, nickname: 'other' })).id).toBe(ann.id);
      const bob = await db.players.ensure({ tokenHash: hashToken('token-of-bob-456'), nickname: 'bob' });
      expect(bob.id).not.toBe(ann.id);
      expect((await db.players.rename(ann.id, 'Ann B.'))?.nickname).toBe('Ann B.');
      expect((await db.players.getById(ann.id))?.nickname).toBe('Ann B.');
      expect(await db.players.rename('no-such-id', 'x')).toBeNull();
      await expect(db.players.create({ tokenHash: h, nickname: 'dup' })).rejects.toThrow();
    });

    it('built-in scenarios: loaded in campaign order, reseeding writes nothing, a changed file is a new version and the old one is kept', async () => {
      const db = await fresh();
      const list = await db.scenarios.listPublic();
      expect(list.map((s) => s.slug)).toEqual(BUILTIN_SCENARIOS.map((s) => s.slug));
      expect(list.map((s) => s.campaignOrder)).toEqual(BUILTIN_SCENARIOS.map((_, i) => i + 1));
      expect(list.every((s) => s.kind === 'builtin' && s.version === 1)).toBe(true);
      const again = await db.scenarios.seedBuiltins(BUILTIN_SCENARIOS.map(toScenarioDocOrThrow));
      expect(again).toEqual({ created: 0, updated: 0, unchanged: BUILTIN_SCENARIOS.length });

      const first = (await db.scenarios.getBySlug('pile-up'))!;
      const changed = BUILTIN_SCENARIOS.map((s) => (s.slug === 'pile-up' ? { ...s, title: 'The pile-up, revised', duration: (first.json.duration ?? 60) + 10 } : s));
      expect(await db.scenarios.seedBuiltins(changed.map(toScenarioDocOrThrow))).toEqual({ created: 0, updated: 1, unchanged: BUILTIN_SCENARIOS.length - 1 });
      const second = (await db.scenarios.getBySlug('pile-up'))!;
      expect(second.version).toBe(2);
      expect(second.title).toBe('The pile-up, revised');
      expect((await db.scenarios.getVersion(second.id, 1))?.duration).toBe(first.json.duration);
      expect((await db.scenarios.getVersion(second.id, 2))?.duration).toBe((first.json.duration ?? 60) + 10);
      expect(await db.scenarios.getVersion(second.id, 3)).toBeNull();
    });

    it('authored scenarios: versions only on change, visibility, slug conflicts, listing', async () => {
      const db = await fresh();
      const ann = await newPlayer(db, 'ann');
      const bob = await newPlayer(db, 'bob');
      const base = { ...BUILTIN_SCENARIOS[0], slug: 'anns-level', title: 'Zed level' };
      const doc = toScenarioDocOrThrow(base);
      const s1 = await db.scenarios.upsertAuthored(doc, { authorId: ann.id, visibility: 'private' });
      expect([s1.kind, s1.version, s1.visibility, s1.authorId]).toEqual(['authored', 1, 'private', ann.id]);
      expect((await db.scenarios.upsertAuthored(doc, { authorId: ann.id, visibility: 'private' })).version).toBe(1);
      expect((await db.scenarios.listPublic()).some((s) => s.slug === 'anns-level')).toBe(false);
      const s2 = await db.scenarios.upsertAuthored(doc, { authorId: ann.id, visibility: 'public' });
      expect([s2.version, s2.visibility]).toEqual([1, 'public']);
      const s3 = await db.scenarios.upsertAuthored(toScenarioDocOrThrow({ ...base, duration: 77 }), { authorId: ann.id, visibility: 'public' });
      expect(s3.version).toBe(2);
      await db.scenarios.upsertAuthored(toScenarioDocOrThrow({ ...base, slug: 'another', title: 'Alpha level' }), { authorId: ann.id, visibility: 'public' });
      const pub = (await db.scenarios.listPublic()).map((s) => s.slug);
      // Built-ins first in campaign order, then public authored ones by title.
      expect(pub.slice(-2)).toEqual(['another', 'anns-level']);
      expect(pub.slice(0, BUILTIN_SCENARIOS.length)).toEqual(BUILTIN_SCENARIOS.map((s) => s.slug));
      await expect(db.scenarios.upsertAuthored(doc, { authorId: bob.id, visibility: 'public' })).rejects.toBeInstanceOf(ScenarioConflictError);
      await expect(db.scenarios.upsertAuthored(toScenarioDocOrThrow(BUILTIN_SCENARIOS[0]), { authorId: bob.id, visibility: 'public' })).rejects.toBeInstanceOf(ScenarioConflictError);
    });

    it('resolve: the same file maps to its version, a changed copy of a known slug becomes an unlisted variant', async () => {
      const db = await fresh();
      const builtin = (await db.scenarios.getBySlug('pile-up'))!;
      expect(await db.scenarios.resolve(toScenarioDocOrThrow(builtin.json))).toEqual({ scenarioId: builtin.id, slug: 'pile-up', version: 1 });
      const edited = toScenarioDocOrThrow({ ...builtin.json, duration: 99 });
      const v = await db.scenarios.resolve(edited);
      expect(v.slug).toMatch(/^pile-up~[0-9a-f]{8}$/);
      expect(await db.scenarios.resolve(edited)).toEqual(v);
      expect((await db.scenarios.getBySlug(v.slug))?.visibility).toBe('unlisted');
      expect((await db.scenarios.getBySlug('pile-up'))?.version).toBe(1);
      // A file nobody stored takes no slug: it is stored content-addressed (see the namespace test).
      const fresh1 = await db.scenarios.resolve(toScenarioDocOrThrow({ ...builtin.json, slug: 'brand-new' }));
      expect(fresh1.slug).toMatch(/^brand-new~[0-9a-f]{8}$/);
      expect(await db.scenarios.getBySlug('brand-new')).toBeNull();
      expect((await db.scenarios.getBySlug(fresh1.slug))?.kind).toBe('variant');
    });

    it('rooms: create, state timestamps, participants idempotent per seat, kick', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pinning'))!;
      const room = await db.rooms.create({ code: 'ABC234', kind: 'race', hostTokenHash: hashToken('host'), scenarioId: s.id, scenarioVersion: 1, seed: 7, settings: { speed: 2 } });
      expect([room.state, room.scenarioSlug, room.seed, room.settings]).toEqual(['lobby', 'pinning', 7, { speed: 2 }]);
      await expect(db.rooms.create({ code: 'ABC234', kind: 'race', hostTokenHash: 'x', scenarioId: s.id, scenarioVersion: 1, seed: 1 })).rejects.toThrow();
      const at = new Date('2026-01-02T03:04:05.678Z');
      const started = await db.rooms.updateState('ABC234', 'running', { startedAt: at });
      expect(started?.state).toBe('running');
      expect(started?.startedAt?.toISOString()).toBe(at.toISOString());
      expect(await db.rooms.updateState('NOPE22', 'running')).toBeNull();
      const ann = await newPlayer(db, 'ann');
      const bob = await newPlayer(db, 'bob');
      const pa = await db.rooms.addParticipant('ABC234', { playerId: ann.id, nickname: 'ann', seatKey: 's1' });
      const pb = await db.rooms.addParticipant('ABC234', { playerId: bob.id, nickname: 'bob', seatKey: 's2' });
      const pa2 = await db.rooms.addParticipant('ABC234', { playerId: ann.id, nickname: 'ann2', seatKey: 's1' });
      expect([pa.seat, pb.seat, pa2.id, pa2.seat, pa2.nickname]).toEqual([0, 1, pa.id, 0, 'ann2']);
      expect(await db.rooms.kick('ABC234', 's2')).toBe(true);
      expect(await db.rooms.kick('ABC234', 'nobody')).toBe(false);
      expect((await db.rooms.listParticipants('ABC234')).map((p) => p.nickname)).toEqual(['ann2']);
      expect((await db.rooms.listParticipants('ABC234', { includeKicked: true })).map((p) => [p.nickname, p.kicked])).toEqual([['ann2', false], ['bob', true]]);
    });

    it('checkpoints: latest wins, an older tick never overwrites a newer one, resumable excludes ended rooms, drop', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pinning'))!;
      for (const code of ['RUN234', 'END234']) await db.rooms.create({ code, kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 3, state: 'running' });
      const log: Action[] = [{ tick: 5, type: 'migrate', task: 'H', cpu: 1 }];
      await db.rooms.saveCheckpoint({ roomCode: 'RUN234', round: 0, tick: 10, seed: 3, logs: { s1: log, s2: [] }, extra: { speed: 1 } });
      await db.rooms.saveCheckpoint({ roomCode: 'RUN234', round: 0, tick: 20, seed: 3, logs: { s1: log, s2: [{ tick: 15, type: 'migrate', task: 'L', cpu: 0 }] }, extra: { speed: 2 } });
      await db.rooms.saveCheckpoint({ roomCode: 'RUN234', round: 0, tick: 15, seed: 3, logs: {}, extra: {} });
      const resumable = async (code: string) => (await db.rooms.listResumable()).find((c) => c.roomCode === code) ?? null;
      const cp = (await resumable('RUN234'))!;
      expect([cp.tick, cp.seed, cp.extra]).toEqual([20, 3, { speed: 2 }]);
      expect(cp.logs.s1).toEqual(log);
      expect(cp.logs.s2).toHaveLength(1);
      await db.rooms.saveCheckpoint({ roomCode: 'END234', round: 0, tick: 4, seed: 3, logs: {}, extra: {} });
      expect((await db.rooms.listResumable()).map((c) => c.roomCode)).toEqual(['END234', 'RUN234']);
      await db.rooms.updateState('END234', 'ended', { finishedAt: new Date() });
      expect((await db.rooms.listResumable()).map((c) => c.roomCode)).toEqual(['RUN234']);
      // A late write of an earlier state (abandoned after a timeout, landing afterwards) leaves the room ended.
      expect((await db.rooms.updateState('END234', 'running'))?.state).toBe('ended');
      expect((await db.rooms.getByCode('END234'))?.state).toBe('ended');
      expect((await db.rooms.listResumable()).map((c) => c.roomCode)).toEqual(['RUN234']);
      await db.rooms.dropCheckpoint('RUN234');
      expect(await resumable('RUN234')).toBeNull();
      await expect(db.rooms.saveCheckpoint({ roomCode: 'NOPE22', round: 0, tick: 1, seed: 1, logs: {}, extra: {} })).rejects.toThrow();
    });

    it('checkpoints at the same tick (a lobby changing): the state taken last wins, whatever order the writes land in', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pinning'))!;
      await db.rooms.create({ code: 'LOB234', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 3, state: 'lobby' });
      const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, 0, ms));
      const lobby = (seats: number, savedAt: Date) => ({ roomCode: 'LOB234', round: 1, tick: 0, seed: 3, logs: {}, extra: { seats }, savedAt });
      const stored = async () => (await db.rooms.listResumable()).find((c) => c.roomCode === 'LOB234')!;
      await db.rooms.saveCheckpoint(lobby(1, at(100)));
      await db.rooms.saveCheckpoint(lobby(2, at(200)));
      expect((await stored()).extra).toEqual({ seats: 2 });
      // Taken before the stored one, landing after it (a write abandoned after a timeout): ignored.
      await db.rooms.saveCheckpoint(lobby(1, at(150)));
      expect([(await stored()).extra, (await stored()).savedAt.getTime()]).toEqual([{ seats: 2 }, at(200).getTime()]);
      // Taken later: it wins, and a later tick wins over any lobby state.
      await db.rooms.saveCheckpoint(lobby(3, at(300)));
      expect((await stored()).extra).toEqual({ seats: 3 });
      await db.rooms.saveCheckpoint({ ...lobby(3, at(50)), tick: 1, extra: { running: true } });
      expect((await stored()).extra).toEqual({ running: true });
    });

    it('reopen: an ended room is live again (its next round\'s checkpoint resumable); finished, closed and live rooms stay as they are', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pinning'))!;
      for (const [code, state] of [['RND234', 'ended'], ['FIN234', 'finished'], ['CLO234', 'closed'], ['RUN234', 'running']] as const) {
        await db.rooms.create({ code, kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 3, state });
      }
      await db.rooms.updateState('RND234', 'ended', { finishedAt: new Date() });
      await db.rooms.saveCheckpoint({ roomCode: 'RND234', round: 2, tick: 0, seed: 3, logs: {}, extra: {} });
      expect((await db.rooms.listResumable()).map((c) => c.roomCode)).toEqual([]);
      const back = (await db.rooms.reopen('RND234'))!;
      expect([back.state, back.finishedAt]).toEqual(['lobby', null]);
      expect((await db.rooms.listResumable()).map((c) => [c.roomCode, c.round])).toEqual([['RND234', 2]]);
      for (const [code, state] of [['FIN234', 'finished'], ['CLO234', 'closed'], ['RUN234', 'running']]) expect((await db.rooms.reopen(code))?.state).toBe(state);
      expect(await db.rooms.reopen('NOPE22')).toBeNull();
    });

    it('trust: only a re-simulated run with the same hash and score is verified and ranked', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const ann = await newPlayer(db, 'ann');
      const [good] = pileUpLogs(s);
      const cheat = await submitRun(db, s, { playerId: ann.id, ...good, score: good.score + 500 });
      expect([cheat.verified, cheat.reason]).toEqual([false, 'score-mismatch']);
      const forged = await submitRun(db, s, { playerId: ann.id, ...good, finalHash: 'f'.repeat(16) });
      expect([forged.verified, forged.reason]).toEqual([false, 'hash-mismatch']);
      const garbage = await submitRun(db, s, { playerId: ann.id, ...good, actions: [{ tick: 'x' }] });
      expect([garbage.verified, garbage.reason]).toEqual([false, 'invalid-actions']);
      const ideal = simulate(loadScenario(s.json), { seed: 1, bot: 'greedy-global' }).result;
      const easier = await submitRun(db, s, { playerId: ann.id, seed: 1, actions: [], finalHash: ideal.finalHash, score: ideal.score, bot: 'greedy-global' });
      expect([easier.verified, easier.reason]).toEqual([false, 'other-bot']);
      // A claim under the old name global-ideal re-simulates as greedy-global (same hash and score) and is stored under the new name.
      const aliased = await submitRun(db, s, { playerId: ann.id, seed: 1, actions: [], finalHash: ideal.finalHash, score: ideal.score, bot: 'global-ideal' });
      expect([aliased.verified, aliased.reason]).toEqual([false, 'other-bot']);
      expect((await db.runs.getRun(aliased.run.id))?.bot).toBe('greedy-global');
      expect((await db.runs.getRun(cheat.run.id))?.verified).toBe(false);
      // Nothing unverified reaches a board or progress.
      expect((await db.leaderboards.scenario(s.id, { limit: 10 })).entries).toEqual([]);
      expect(await db.progress.list(ann.id)).toEqual([]);
      expect((await db.leaderboards.campaign({ limit: 10 })).entries).toEqual([]);

      const ok = await submitRun(db, s, { playerId: ann.id, ...good });
      expect(ok.verified).toBe(true);
      const stored = (await db.runs.getRun(ok.run.id))!;
      expect([stored.verified, stored.score, stored.finalHash, stored.actions]).toEqual([true, good.score, good.finalHash, good.actions]);
      expect(stored.stars).toBe(3);
      const board = await db.leaderboards.scenario(s.id, { limit: 10, playerId: ann.id });
      expect(board.entries.map((e) => [e.nickname, e.score, e.runId])).toEqual([['ann', good.score, ok.run.id]]);
      expect(board.me?.rank).toBe(1);
    });

    it('scenario board: best run per player, ties broken by earlier finish, own rank outside the top N', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const [hi, mid, lo] = pileUpLogs(s);
      const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, n));
      const ann = await newPlayer(db, 'ann');
      const bob = await newPlayer(db, 'bob');
      const cy = await newPlayer(db, 'cy');
      const dee = await newPlayer(db, 'dee');
      await submitRun(db, s, { playerId: ann.id, ...lo, finishedAt: t(1) });
      await submitRun(db, s, { playerId: ann.id, ...hi, finishedAt: t(9) }); // ann's best, finished later than bob's
      await submitRun(db, s, { playerId: ann.id, ...mid, finishedAt: t(10) });
      await submitRun(db, s, { playerId: bob.id, ...twin(s, hi), finishedAt: t(5) }); // same score, earlier: ahead of ann
      await submitRun(db, s, { playerId: cy.id, ...twin(s, mid), finishedAt: t(2) });
      await submitRun(db, s, { playerId: dee.id, ...twin(s, lo), finishedAt: t(3) });
      await submitRun(db, s, { playerId: dee.id, ...hi, score: hi.score + 1, finishedAt: t(0) }); // forged: ignored
      const board = await db.leaderboards.scenario(s.id, { limit: 2, playerId: dee.id });
      expect(board.entries.map((e) => [e.rank, e.nickname, e.score])).toEqual([[1, 'bob', hi.score], [2, 'ann', hi.score]]);
      expect(board.me && [board.me.rank, board.me.nickname, board.me.score]).toEqual([4, 'dee', lo.score]);
      const all = await db.leaderboards.scenario(s.id, { limit: 10 });
      expect(all.entries.map((e) => e.nickname)).toEqual(['bob', 'ann', 'cy', 'dee']);
      expect(all.me).toBeNull();
      const top = await db.leaderboards.scenario(s.id, { limit: 10, playerId: cy.id });
      expect(top.me?.rank).toBe(3);
      const nobody = await newPlayer(db, 'zed');
      expect((await db.leaderboards.scenario(s.id, { limit: 2, playerId: nobody.id })).me).toBeNull();
    });

    it('concurrent submissions by one player keep every run and the best one ranked', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const [hi, mid, lo] = pileUpLogs(s);
      const ann = await newPlayer(db, 'ann');
      const out = await Promise.all([lo, hi, mid, lo, mid].map((l, i) => submitRun(db, s, { playerId: ann.id, ...l, finishedAt: new Date(Date.UTC(2026, 0, 4, 0, 0, i)) })));
      expect(out.every((o) => o.verified)).toBe(true);
      expect(new Set(out.map((o) => o.run.id)).size).toBe(5);
      const board = await db.leaderboards.scenario(s.id, { limit: 5 });
      expect(board.entries.map((e) => [e.playerId, e.score, e.runId])).toEqual([[ann.id, hi.score, out[1].run.id]]);
      expect((await db.progress.list(ann.id)).map((p) => [p.bestScore, p.runId])).toEqual([[hi.score, out[1].run.id]]);
    });

    it('idempotency key: a retried save, one after the other or several at once, stores one run and answers it', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const [hi, mid] = pileUpLogs(s);
      const ann = await newPlayer(db, 'ann');
      const room = await db.rooms.create({ code: 'KEYS22', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: s.version, seed: s.json.seed ?? 1 });
      const claim = { playerId: ann.id, ...hi, roomId: room.id, finishedAt: new Date(Date.UTC(2026, 0, 5)) };
      const first = await submitRun(db, s, { ...claim, idempotencyKey: 'room-r1/s1' });
      const again = await submitRun(db, s, { ...claim, idempotencyKey: 'room-r1/s1' });
      expect(again.run.id).toBe(first.run.id);
      const racing = await Promise.all([1, 2, 3, 4].map(() => submitRun(db, s, { ...claim, ...mid, idempotencyKey: 'room-r1/s2' })));
      expect(new Set(racing.map((r) => r.run.id)).size).toBe(1);
      expect((await db.runs.listRoomRuns(room.id)).map((r) => r.id).sort()).toEqual([first.run.id, racing[0].run.id].sort());
      // Without a key every save is a new run (the HTTP API's own submissions).
      await submitRun(db, s, { ...claim, finishedAt: new Date(Date.UTC(2026, 0, 6)) });
      expect(await db.runs.listRoomRuns(room.id)).toHaveLength(3);
      expect((await db.leaderboards.scenario(s.id, { limit: 5 })).entries.map((e) => [e.playerId, e.runId])).toEqual([[ann.id, first.run.id]]);
    });

    it('a new scenario version starts a new board; replays keep the version they were played on', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const ann = await newPlayer(db, 'ann');
      const [hi] = pileUpLogs(s);
      const run = await submitRun(db, s, { playerId: ann.id, ...hi });
      const replay = (await db.runs.replay(run.run.id))!;
      expect([replay.format, replay.seed, replay.actions, replay.scenarioVersion, replay.verified, replay.finalHash]).toEqual([1, hi.seed, hi.actions, 1, true, hi.finalHash]);
      const changed = BUILTIN_SCENARIOS.map((x) => (x.slug === 'pile-up' ? { ...x, duration: (s.json.duration ?? 60) + 5 } : x));
      await db.scenarios.seedBuiltins(changed.map(toScenarioDocOrThrow));
      const s2 = (await db.scenarios.getBySlug('pile-up'))!;
      expect((await db.leaderboards.scenario(s2.id, { limit: 5 })).entries).toEqual([]);
      const again = (await db.runs.replay(run.run.id))!;
      expect(again.scenario).toEqual(s.json);
      // The replay document is enough to reproduce the run.
      expect(simulate(loadScenario(again.scenario), { seed: again.seed, actions: again.actions }).result.finalHash).toBe(hi.finalHash);
      expect(await db.runs.replay('00000000-0000-0000-0000-000000000000')).toBeNull();
    });

    it('campaign: progress keeps best score and stars per level; totals rank players, ties by earlier finish', async () => {
      const db = await fresh();
      const pile = (await db.scenarios.getBySlug('pile-up'))!;
      const pin = (await db.scenarios.getBySlug('pinning'))!;
      const [hi, , lo] = pileUpLogs(pile);
      const pinSol = honest(pin, SOLUTIONS.pinning);
      const t = (n: number) => new Date(Date.UTC(2026, 0, 2, 8, 0, n));
      const ann = await newPlayer(db, 'ann');
      const bob = await newPlayer(db, 'bob');
      const cy = await newPlayer(db, 'cy');
      await submitRun(db, pile, { playerId: ann.id, ...lo, finishedAt: t(1) });
      await submitRun(db, pile, { playerId: ann.id, ...hi, finishedAt: t(2) });
      await submitRun(db, pile, { playerId: ann.id, ...lo, finishedAt: t(3) }); // worse: no change
      await submitRun(db, pin, { playerId: ann.id, ...pinSol, finishedAt: t(4) });
      await submitRun(db, pile, { playerId: bob.id, ...twin(pile, hi), finishedAt: t(1) });
      await submitRun(db, pin, { playerId: bob.id, ...twin(pin, pinSol), finishedAt: t(3) }); // same total as ann, reached earlier
      await submitRun(db, pile, { playerId: cy.id, ...twin(pile, lo), finishedAt: t(0) });
      const prog = await db.progress.list(ann.id);
      expect(prog.map((p) => [p.slug, p.bestScore, p.stars])).toEqual([['pinning', pinSol.score, 3], ['pile-up', hi.score, 3]]);
      const camp = await db.leaderboards.campaign({ limit: 2, playerId: cy.id });
      expect(camp.entries.map((e) => [e.rank, e.nickname, e.score, e.stars])).toEqual([[1, 'bob', hi.score + pinSol.score, 6], [2, 'ann', hi.score + pinSol.score, 6]]);
      expect(camp.me && [camp.me.rank, camp.me.score]).toEqual([3, lo.score]);
      // A daily or authored run never enters the campaign.
      const daily = await dailyScenarioRecord(db, '2026-11-24');
      await submitRun(db, daily, { playerId: cy.id, ...honest(daily, []) });
      expect((await db.leaderboards.campaign({ limit: 5, playerId: cy.id })).me?.score).toBe(lo.score);
    });

    it('progress on a level is one run, the best: more stars before a higher score, then the earlier finish', async () => {
      const db = await fresh();
      const pile = (await db.scenarios.getBySlug('pile-up'))!;
      const ann = await newPlayer(db, 'ann');
      const t = (n: number) => new Date(Date.UTC(2026, 0, 5, 8, 0, n));
      // Stored as given: the repository applies the progress rule, not the verification.
      const save = (stars: number, score: number, finishedAt: Date) => db.runs.saveRun({
        playerId: ann.id, nickname: 'ann', scenarioId: pile.id, scenarioVersion: pile.version, seed: 1, bot: 'linux-rt-511', actions: [],
        finalHash: 'h', score, metrics: null, met: 0, missed: 0, stranded: 0, stars, verified: true, finishedAt,
      });
      const kept = () => db.progress.list(ann.id).then((rows) => rows.map((p) => [p.stars, p.bestScore, p.runId, p.finishedAt.getTime()]));
      const three = await save(3, 900, t(1));
      await save(2, 950, t(2)); // a higher score with fewer stars does not replace it, in part or whole
      expect(await kept()).toEqual([[3, 900, three.id, t(1).getTime()]]);
      await save(3, 900, t(3)); // the same result later: the first run keeps the record
      expect(await kept()).toEqual([[3, 900, three.id, t(1).getTime()]]);
      const better = await save(3, 920, t(4));
      expect(await kept()).toEqual([[3, 920, better.id, t(4).getTime()]]);
      expect((await db.leaderboards.campaign({ limit: 1 })).entries.map((e) => [e.score, e.stars])).toEqual([[920, 3]]);
    });

    it('daily challenge: the same scenario for everyone that day, its own board', async () => {
      const db = await fresh();
      const d1 = await dailyScenarioRecord(db, '2026-11-24');
      const d1b = await dailyScenarioRecord(db, '2026-11-24');
      const d2 = await dailyScenarioRecord(db, '2026-11-25');
      expect([d1.slug, d1.kind, d1b.id, d1b.version]).toEqual(['daily-2026-11-24', 'daily', d1.id, 1]);
      expect(d2.id).not.toBe(d1.id);
      expect(d2.hash).not.toBe(d1.hash);
      const ann = await newPlayer(db, 'ann');
      const r = await submitRun(db, d1, { playerId: ann.id, ...honest(d1, []) });
      expect(r.verified).toBe(true);
      expect((await db.leaderboards.scenario(d1.id, { limit: 5 })).entries.map((e) => e.nickname)).toEqual(['ann']);
      expect((await db.leaderboards.scenario(d2.id, { limit: 5 })).entries).toEqual([]);
    });

    it('room board and results: best verified run per player, ranked by the rooms\' rule, unverified listed unranked', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const [hi, mid, lo] = pileUpLogs(s);
      const room = await db.rooms.create({ code: 'RACE22', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 1 });
      const other = await db.rooms.create({ code: 'OTHER2', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 1 });
      const t = (n: number) => new Date(Date.UTC(2026, 0, 3, 9, 0, n));
      const ann = await newPlayer(db, 'ann');
      const bob = await newPlayer(db, 'bob');
      const cy = await newPlayer(db, 'cy');
      await submitRun(db, s, { playerId: ann.id, nickname: 'Ann "the, best"', ...mid, roomId: room.id, finishedAt: t(1) });
      await submitRun(db, s, { playerId: bob.id, nickname: 'bob', ...lo, roomId: room.id, finishedAt: t(2) });
      await submitRun(db, s, { playerId: bob.id, nickname: 'bob', ...mid, roomId: room.id, finishedAt: t(3) });
      await submitRun(db, s, { playerId: cy.id, nickname: '=cmd', ...hi, score: hi.score + 7, roomId: room.id, finishedAt: t(0) });
      await submitRun(db, s, { playerId: cy.id, nickname: 'cy', ...hi, roomId: other.id, finishedAt: t(0) });
      // Ann and bob played the same log: a tie, one rank (never "who finished first"), listed by nickname.
      const board = (await roomBoard(db, 'RACE22', { limit: 1, playerId: bob.id }))!;
      expect(board.entries.map((e) => [e.rank, e.playerId])).toEqual([[1, ann.id]]);
      expect(board.me && [board.me.rank, board.me.score]).toEqual([1, mid.score]);
      const { rows, rounds } = (await roomResults(db, 'RACE22'))!;
      expect(rounds.map((r) => [r.round, r.scenarioSlug])).toEqual([[1, 'pile-up']]);
      expect(rows.map((r) => [r.nickname, r.rounds[1].score, r.rounds[1].rank, r.rounds[1].status, r.total.rank])).toEqual([
        ['Ann "the, best"', mid.score, 1, 'played', 1],
        ['bob', mid.score, 1, 'played', 1],
        ['=cmd', hi.score + 7, null, 'unverified', null],
      ]);
      expect(rows[0].rounds[1].met).toBeGreaterThan(0);
      expect(await roomResults(db, 'NOPE22')).toBeNull();
      // Room runs played with the scenario's balancer also count on the scenario board.
      expect((await db.leaderboards.scenario(s.id, { limit: 10 })).entries.map((e) => e.playerId)).toEqual([cy.id, ann.id, bob.id]);
    });

    it('room results over rounds: ties share a rank (1, 1, 1, 4), a removed player is listed unranked, totals per player', async () => {
      const db = await fresh();
      const pile = (await db.scenarios.getBySlug('pile-up'))!;
      const idle = (await db.scenarios.getBySlug('idle-cpus'))!;
      const room = await db.rooms.create({ code: 'ROUND2', kind: 'race', hostTokenHash: 'h', scenarioId: pile.id, scenarioVersion: pile.version, seed: 1 });
      const [ann, bob, cy, dee, eve] = await Promise.all(['ann', 'bob', 'cy', 'dee', 'eve'].map((n) => newPlayer(db, n)));
      const [hi, , lo] = pileUpLogs(pile);
      const t = (n: number) => new Date(Date.UTC(2026, 0, 4, 9, 0, n));
      // Round 1 (pile-up): dee finishes first with the weaker run; ann, bob and cy tie later; eve, removed, had the best.
      await submitRun(db, pile, { playerId: dee.id, nickname: 'dee', ...lo, roomId: room.id, round: 1, finishedAt: t(0) });
      for (const [i, p] of [cy, ann, bob].entries()) await submitRun(db, pile, { playerId: p.id, nickname: p.nickname, ...hi, roomId: room.id, round: 1, finishedAt: t(i + 1) });
      await submitRun(db, pile, { playerId: eve.id, nickname: 'eve', ...hi, score: hi.score, roomId: room.id, round: 1, removed: true, finishedAt: t(5) });
      // Round 2 (idle-cpus): only ann plays it well; bob idles; cy and dee are not in it.
      const good = honest(idle, SOLUTIONS['idle-cpus']);
      const none = honest(idle, []);
      expect(good.score).toBeGreaterThan(none.score);
      await submitRun(db, idle, { playerId: bob.id, nickname: 'bob', ...none, roomId: room.id, round: 2, finishedAt: t(6) });
      await submitRun(db, idle, { playerId: ann.id, nickname: 'ann', ...good, roomId: room.id, round: 2, finishedAt: t(7) });

      const r = (await roomResults(db, 'round2'))!;
      expect(r.rounds.map((x) => [x.round, x.scenarioSlug])).toEqual([[1, 'pile-up'], [2, 'idle-cpus']]);
      const cell = (nick: string, n: number) => r.rows.find((x) => x.nickname === nick)!.rounds[n];
      expect(['ann', 'bob', 'cy', 'dee', 'eve'].map((n) => [n, cell(n, 1).rank, cell(n, 1).status])).toEqual([
        ['ann', 1, 'played'], ['bob', 1, 'played'], ['cy', 1, 'played'], ['dee', 4, 'played'], ['eve', null, 'removed'],
      ]);
      // Round 1's own order: the tie listed by nickname, never by who finished first.
      expect(r.rounds[0].order).toEqual([ann.id, bob.id, cy.id, dee.id, eve.id]);
      expect([cell('ann', 2).rank, cell('bob', 2).rank, cell('cy', 2)]).toEqual([1, 2, undefined]);
      expect(r.rows.map((x) => [x.nickname, x.total.score, x.total.played, x.total.rank, x.removed])).toEqual([
        ['ann', hi.score + good.score, 2, 1, false],
        ['bob', hi.score + none.score, 2, 2, false],
        ['cy', hi.score, 1, 3, false],
        ['dee', lo.score, 1, 4, false],
        ['eve', hi.score, 1, null, true],
      ]);
      // The room's board is its latest round.
      const board = (await roomBoard(db, 'ROUND2', { limit: 10, playerId: bob.id }))!;
      expect([board.round, board.scenarioSlug, board.entries.map((e) => [e.nickname, e.rank])]).toEqual([2, 'idle-cpus', [['ann', 1], ['bob', 2]]]);
      expect(board.me?.rank).toBe(2);
    });

    it('room runs with another balancer rank in their room only', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const room = await db.rooms.create({ code: 'BOTS22', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 1 });
      const ann = await newPlayer(db, 'ann');
      const r = simulate(loadScenario(s.json), { seed: 1, bot: 'sticky' }).result;
      const out = await submitRun(db, s, { playerId: ann.id, seed: 1, actions: [], finalHash: r.finalHash, score: r.score, bot: 'sticky', roomId: room.id });
      expect(out.verified).toBe(true);
      expect(out.run.stars).toBeNull();
      expect((await roomBoard(db, 'BOTS22', { limit: 5 }))!.entries).toHaveLength(1);
      expect((await db.leaderboards.scenario(s.id, { limit: 5 })).entries).toEqual([]);
      expect(await db.progress.list(ann.id)).toEqual([]);
    });

    it('a round ended early is verified by re-simulating the ticks played', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('pile-up'))!;
      const room = await db.rooms.create({ code: 'EARLY2', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 1 });
      const ann = await newPlayer(db, 'ann');
      const actions = SOLUTIONS['pile-up'].filter((a) => a.tick < 20);
      const partial = simulate(loadScenario(s.json), { seed: 1, bot: 'linux-rt-511', actions, ticks: 20 }).result;
      expect(partial.ticks).toBe(20);
      const ok = await submitRun(db, s, { playerId: ann.id, seed: 1, actions, finalHash: partial.finalHash, score: partial.score, roomId: room.id, ticks: 20 });
      expect(ok.verified).toBe(true);
      const bad = await submitRun(db, s, { playerId: ann.id, seed: 1, actions, finalHash: partial.finalHash, score: partial.score, roomId: room.id, ticks: 21 });
      expect([bad.verified, bad.reason]).toEqual([false, 'hash-mismatch']);
    });

    it('namespaces: a room\'s file never takes a slug, daily and built-in slugs stay reserved, today\'s daily in a room is the daily', async () => {
      const db = await fresh();
      const pile = (await db.scenarios.getBySlug('pile-up'))!;
      // A room's inline JSON claiming a future daily's slug: stored content-addressed, the slug stays free.
      const squat = await db.scenarios.resolve(toScenarioDocOrThrow({ ...pile.json, slug: 'daily-2027-03-15' }));
      expect(squat.slug).toMatch(/^daily-2027-03-15~[0-9a-f]{8}$/);
      expect(await db.scenarios.getBySlug('daily-2027-03-15')).toBeNull();
      const daily = await dailyScenarioRecord(db, '2027-03-15');
      expect([daily.slug, daily.kind]).toEqual(['daily-2027-03-15', 'daily']);
      expect((await db.scenarios.getById(squat.scenarioId))?.slug).toBe(squat.slug);
      // Authors cannot take a daily's or a built-in's slug, even before it is stored.
      const ann = await newPlayer(db, 'ann');
      for (const slug of ['daily-2027-04-01', 'pile-up', BUILTIN_SCENARIOS.at(-1)!.slug]) {
        await expect(db.scenarios.upsertAuthored(toScenarioDocOrThrow({ ...pile.json, slug }), { authorId: ann.id, visibility: 'public' })).rejects.toBeInstanceOf(ScenarioConflictError);
      }
      // Today's daily first played in a room (nobody fetched it over HTTP yet) is the daily's own row.
      const today = toScenarioDocOrThrow(scenarioToJson(dailyScenario('2026-11-24')));
      const ref = await resolveRoomScenario(db, today);
      const d = await dailyScenarioRecord(db, '2026-11-24');
      expect([ref.scenarioId, ref.slug, d.kind]).toEqual([d.id, 'daily-2026-11-24', 'daily']);
      // A changed copy under a daily's slug is a variant, never the daily.
      const fake = await resolveRoomScenario(db, toScenarioDocOrThrow({ ...today.json, duration: today.json.duration + 1 }));
      expect(fake.slug).toMatch(/^daily-2026-11-24~[0-9a-f]{8}$/);
    });

    it('what ranks: the scenario\'s own seed, a run played to the end, one log once (first submitter)', async () => {
      const db = await fresh();
      const s = (await db.scenarios.getBySlug('open-problem'))!;
      const pile = (await db.scenarios.getBySlug('pile-up'))!;
      const ann = await newPlayer(db, 'ann');
      const bob = await newPlayer(db, 'bob');
      const board = async (id: string) => (await db.leaderboards.scenario(id, { limit: 10 })).entries.map((e) => e.playerId);
      // Another seed replays, but is not the challenge: stored unverified outside rooms.
      const other = (s.json.seed ?? 1) === 87 ? 88 : 87;
      const lucky = await submitRun(db, s, { playerId: ann.id, ...honest(s, [], other) });
      expect([lucky.verified, lucky.reason]).toEqual([false, 'other-seed']);
      expect(await board(s.id)).toEqual([]);
      // In a room the host may choose a seed: the run ranks in its room only.
      const room = await db.rooms.create({ code: 'SEED22', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: s.version, seed: other });
      const roomSeed = await submitRun(db, s, { playerId: ann.id, ...honest(s, [], other), roomId: room.id });
      expect(roomSeed.verified).toBe(true);
      expect((await roomBoard(db, 'SEED22', { limit: 5 }))!.entries.map((e) => e.playerId)).toEqual([ann.id]);
      expect(await board(s.id)).toEqual([]);
      // A round ended early ranks in its room only.
      const early = await db.rooms.create({ code: 'PART22', kind: 'coop', hostTokenHash: 'h', scenarioId: pile.id, scenarioVersion: pile.version, seed: 1 });
      const partial = simulate(loadScenario(pile.json), { seed: 1, actions: [], ticks: 29 }).result;
      const cut = await submitRun(db, pile, { playerId: bob.id, seed: 1, actions: [], finalHash: partial.finalHash, score: partial.score, roomId: early.id, ticks: 29 });
      expect([cut.verified, cut.run.stars]).toEqual([true, null]);
      expect((await roomBoard(db, 'PART22', { limit: 5 }))!.entries.map((e) => e.playerId)).toEqual([bob.id]);
      expect(await board(pile.id)).toEqual([]);
      expect(await db.progress.list(bob.id)).toEqual([]);
      // One log counts once: another player's resubmission is refused and stores nothing; the owner's repeat is fine.
      const [hi] = pileUpLogs(pile);
      const first = await submitRun(db, pile, { playerId: ann.id, ...hi });
      const stolen = submitRun(db, pile, { playerId: bob.id, ...hi });
      await expect(stolen).rejects.toBeInstanceOf(DuplicateRunError);
      await expect(stolen).rejects.toMatchObject({ firstRunId: first.run.id });
      expect(await board(pile.id)).toEqual([ann.id]);
      expect(await db.progress.list(bob.id)).toEqual([]);
      expect((await submitRun(db, pile, { playerId: ann.id, ...hi })).verified).toBe(true);
      // No moves is nobody's work: every idle player counts (ties by earlier finish).
      const idle = honest(pile, []);
      for (const p of [ann, bob]) expect((await submitRun(db, pile, { playerId: p.id, ...idle })).verified).toBe(true);
      expect(await board(pile.id)).toEqual([ann.id, bob.id]);
      // A co-op log is every teammate's: stored and ranked in the room for each, counted globally once.
      const coop = await db.rooms.create({ code: 'COOP22', kind: 'coop', hostTokenHash: 'h', scenarioId: pile.id, scenarioVersion: pile.version, seed: 1 });
      const shared = twin(pile, hi);
      const cy = await newPlayer(db, 'cy');
      const dee = await newPlayer(db, 'dee');
      for (const p of [cy, dee]) expect((await submitRun(db, pile, { playerId: p.id, ...shared, roomId: coop.id })).verified).toBe(true);
      expect((await roomBoard(db, 'COOP22', { limit: 5 }))!.entries.map((e) => [e.playerId, e.rank]).sort()).toEqual([[cy.id, 1], [dee.id, 1]].sort());
      expect(await board(pile.id)).toEqual([ann.id, cy.id, bob.id]);
    });
  });
}
