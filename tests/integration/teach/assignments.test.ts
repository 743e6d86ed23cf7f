/**
 * Assignments and class history over the HTTP API on a real port, on a real SQLite database
 * (README "Assignments and class history"). The signed-in teacher comes from a stand-in
 * resolver (tests/helpers/test-accounts.ts); everything else is the server's own logic.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { loadScenario, simulate, type Action, type ScenarioInput } from '../../../server/engine';
import { openDatabase, type Db } from '../../../server/db';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';
import { submitRun } from '../../../server/db/service';
import { createApiHandler } from '../../../server/http/api';
import { API_ROUTES, apiErrorSchema } from '../../../server/protocol';
import { serveApi } from '../../helpers/http';
import { asTeacher, headerAccounts } from '../../helpers/test-accounts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teach-api-'));
let db: Db;
let close: () => Promise<void>;
let base = '';
const HOUR = 3600_000;
let clock = Date.parse('2026-12-01T09:00:00Z');

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'teach.db')}`);
  ({ base, close } = await serveApi(createApiHandler(db, { accounts: headerAccounts, now: () => clock })));
});
afterAll(async () => {
  await close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (p: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(base + p, { method: 'POST', headers, body: JSON.stringify(body) });
const get = (p: string, teacher?: string) => fetch(base + p, teacher ? { headers: asTeacher(teacher) } : {});
async function refusal(r: Response) {
  return { status: r.status, ...apiErrorSchema.parse(await r.json()).error };
}

async function newPlayer(nickname: string): Promise<string> {
  const r = await post('/api/players', { nickname });
  return ((await r.json()) as { token: string }).token;
}

/** A claim the server will verify on this scenario file (the pinned version's). */
function honest(json: ScenarioInput, actions: readonly Action[]) {
  const sc = loadScenario(json);
  const { result } = simulate(sc, { seed: sc.seed, actions });
  return { seed: sc.seed, actions: [...actions], finalHash: result.finalHash, score: result.score };
}

async function createAssignment(teacher: string, over: Record<string, unknown> = {}) {
  const r = await post('/api/assignments', {
    scenario: 'pile-up', title: 'Pile-up homework', opensAt: new Date(clock + HOUR).toISOString(), closesAt: new Date(clock + 3 * HOUR).toISOString(),
    attemptsAllowed: 2, showScoresBeforeClose: false, ...over,
  }, asTeacher(teacher));
  expect(r.status).toBe(201);
  return API_ROUTES.createAssignment.response.parse(await r.json()).assignment;
}

describe('assignments', () => {
  it('a teacher creates one; students submit verified runs within the dates and the limit; the teacher sees each student\'s best and attempts and the CSV; another teacher sees nothing', async () => {
    expect(await refusal(await post('/api/assignments', { scenario: 'pile-up', title: 'x', opensAt: new Date(clock).toISOString(), closesAt: new Date(clock + HOUR).toISOString(), attemptsAllowed: 1, showScoresBeforeClose: false })))
      .toMatchObject({ status: 401, code: 'unauthenticated' });
    const bad = await post('/api/assignments', { scenario: 'pile-up', title: 'x', opensAt: new Date(clock + HOUR).toISOString(), closesAt: new Date(clock).toISOString(), attemptsAllowed: 1, showScoresBeforeClose: false }, asTeacher('t-a'));
    expect(await refusal(bad)).toMatchObject({ status: 400, code: 'invalid-input', message: expect.stringMatching(/closesAt must be after opensAt/) });
    expect(await refusal(await post('/api/assignments', { scenario: 'no-such-level', title: 'x', opensAt: new Date(clock).toISOString(), closesAt: new Date(clock + HOUR).toISOString(), attemptsAllowed: 1, showScoresBeforeClose: false }, asTeacher('t-a'))))
      .toMatchObject({ status: 404, code: 'unknown-scenario' });

    const a = await createAssignment('t-a');
    expect(a).toMatchObject({ scenario: 'pile-up', scenarioVersion: 1, attemptsAllowed: 2, state: 'not-open', link: `/a/${a.code}` });
    expect(a.code).toMatch(/^[A-Z2-9]{6}$/);
    const v1 = (await db.scenarios.getBySlug('pile-up'))!.json;

    // The level changes after the assignment was made: the assignment keeps playing version 1.
    const changed = BUILTIN_SCENARIOS.map((s) => (s.slug === 'pile-up' ? { ...s, duration: (v1.duration ?? 60) + 10 } : s));
    await db.scenarios.seedBuiltins(changed.map(toScenarioDocOrThrow));
    expect((await db.scenarios.getBySlug('pile-up'))!.version).toBe(2);

    const ann = await newPlayer('ann');
    const bob = await newPlayer('bob');
    const full = honest(v1, SOLUTIONS['pile-up']);
    const partial = honest(v1, SOLUTIONS['pile-up'].slice(0, 1));
    expect(full.score).toBeGreaterThan(partial.score);

    // Before the opening: refused with the date, nothing stored.
    const early = await refusal(await post(`/api/a/${a.code.toLowerCase()}/runs`, { playerToken: ann, nickname: 'Ann', ...full }));
    expect(early).toMatchObject({ status: 409, code: 'assignment-not-open' });
    expect(early.message).toContain(new Date(clock + HOUR).toISOString());
    expect(await db.assignments.listAttempts(a.id)).toEqual([]);
    const pileUp = (await db.scenarios.getBySlug('pile-up'))!;
    expect((await db.leaderboards.scenario(pileUp.id, { limit: 10 })).entries).toEqual([]);

    clock += HOUR + 1;
    const first = await post(`/api/a/${a.code}/runs`, { playerToken: ann, nickname: 'Ann', ...partial });
    expect(first.status).toBe(201);
    const firstBody = API_ROUTES.assignmentSubmit.response.parse(await first.json());
    expect(firstBody).toMatchObject({ attempt: { number: 1, nickname: 'Ann', verified: true, score: partial.score }, attemptsLeft: 1 });
    const run = (await db.runs.getRun(firstBody.attempt.runId))!;
    expect([run.scenarioVersion, run.verified]).toEqual([1, true]);

    const second = API_ROUTES.assignmentSubmit.response.parse(await (await post(`/api/a/${a.code}/runs`, { playerToken: ann, nickname: 'Ann', ...full })).json());
    expect(second).toMatchObject({ attempt: { number: 2, verified: true, score: full.score }, attemptsLeft: 0 });
    // A third: every attempt is used; nothing stored.
    expect(await refusal(await post(`/api/a/${a.code}/runs`, { playerToken: ann, ...honest(v1, []) }))).toMatchObject({ status: 409, code: 'attempts-used' });
    expect((await db.assignments.listAttempts(a.id)).length).toBe(2);

    // Bob's claim is tampered with (a higher score than his log earns): stored unverified, listed, never ranked.
    const cheat = API_ROUTES.assignmentSubmit.response.parse(await (await post(`/api/a/${a.code}/runs`, { playerToken: bob, ...partial, actions: [], score: full.score + 50 })).json());
    expect(cheat.attempt).toMatchObject({ verified: false, reason: expect.stringMatching(/mismatch/) });

    const view = API_ROUTES.teacherAssignment.response.parse(await (await get(`/api/assignments/${a.id}`, 't-a')).json());
    expect(view.students.map((s) => [s.nickname, s.rank, s.best, s.attempts, s.verifiedAttempts])).toEqual([
      ['Ann', 1, full.score, 2, 2],
      ['bob', null, null, 1, 0],
    ]);
    expect(view.students[0].bestRunId).toBe(second.attempt.runId);
    expect(view.attempts.map((x) => [x.nickname, x.number, x.verified])).toEqual([['bob', 1, false], ['Ann', 2, true], ['Ann', 1, true]]);

    // The student's own view: their attempts; the standings hidden until the close.
    const mine = API_ROUTES.studentAssignment.response.parse(await (await get(`/api/a/${a.code}?player=${encodeURIComponent(ann)}`)).json());
    expect(mine.me).toMatchObject({ attemptsLeft: 0, attempts: [{ number: 1 }, { number: 2 }] });
    expect(mine.standings).toBeNull();
    expect(mine.assignment.state).toBe('open');
    expect((mine.scenarioJson as ScenarioInput).duration).toBe(v1.duration);

    const csv = await get(`/api/assignments/${a.id}/results.csv`, 't-a');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`assignment-${a.code}-attempts.csv`);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('assignment,scenario,version,nickname,attempt,submitted at,verified,reason,score,met,missed,stranded ticks,best,student rank,student best score');
    expect(lines.slice(1, -1).map((l) => l.split(',').filter((_, i) => [3, 4, 6, 8, 12, 13, 14].includes(i)))).toEqual([
      ['Ann', '1', 'true', String(partial.score), 'false', '1', String(full.score)],
      ['Ann', '2', 'true', String(full.score), 'true', '1', String(full.score)],
      ['bob', '1', 'false', String(full.score + 50), 'false', '', ''],
    ]);
    expect(lines.at(-1)).toBe('');

    // Another teacher: none of it exists.
    for (const r of [await get(`/api/assignments/${a.id}`, 't-b'), await get(`/api/assignments/${a.id}/results.csv`, 't-b'), await post(`/api/assignments/${a.id}/class`, { classId: null }, asTeacher('t-b'))]) {
      expect(await refusal(r)).toMatchObject({ status: 404, code: 'unknown-assignment' });
    }
    expect(await refusal(await get(`/api/assignments/${a.id}`))).toMatchObject({ status: 401, code: 'unauthenticated' });
    const dash = API_ROUTES.teachDashboard.response.parse(await (await get('/api/teach', 't-b')).json());
    expect(dash).toEqual({ classes: [], rooms: [], assignments: [] });

    // After the close: refused with the date, nothing stored; the standings are out.
    clock += 2 * HOUR;
    const late = await refusal(await post(`/api/a/${a.code}/runs`, { playerToken: bob, ...partial }));
    expect(late).toMatchObject({ status: 409, code: 'assignment-closed' });
    expect(late.message).toContain(a.closesAt);
    expect((await db.assignments.listAttempts(a.id)).length).toBe(3);
    const after = API_ROUTES.studentAssignment.response.parse(await (await get(`/api/a/${a.code}`)).json());
    expect(after.assignment.state).toBe('closed');
    expect(after.me).toBeNull();
    expect(after.standings?.map((s) => [s.nickname, s.rank, s.best])).toEqual([['Ann', 1, full.score], ['bob', null, null]]);
    expect(await refusal(await get('/api/a/NOSUCH'))).toMatchObject({ status: 404, code: 'unknown-assignment' });
  });

  it('scores shown before the close when the teacher says so', async () => {
    const a = await createAssignment('t-a', { scenario: 'idle-cpus', showScoresBeforeClose: true, opensAt: new Date(clock - HOUR).toISOString(), attemptsAllowed: 1 });
    const json = (await db.scenarios.getBySlug('idle-cpus'))!.json;
    const cat = await newPlayer('cat');
    expect((await post(`/api/a/${a.code}/runs`, { playerToken: cat, ...honest(json, SOLUTIONS['idle-cpus'] ?? []) })).status).toBe(201);
    const view = API_ROUTES.studentAssignment.response.parse(await (await get(`/api/a/${a.code}`)).json());
    expect(view.assignment.state).toBe('open');
    expect(view.standings?.map((s) => [s.nickname, s.rank])).toEqual([['cat', 1]]);
  });
});

describe('class history', () => {
  it('a class gathers each nickname\'s results across a tagged room\'s rounds and a tagged assignment, with a CSV; another teacher gets 404', async () => {
    const c = API_ROUTES.createClass.response.parse(await (await post('/api/classes', { name: 'Period 3' }, asTeacher('t-c'))).json()).class;
    expect(c.name).toBe('Period 3');
    expect(await refusal(await post('/api/classes', { name: 'x' }))).toMatchObject({ status: 401, code: 'unauthenticated' });

    // A room t-c hosted (the rooms' sinks store the owner from the host's session; here the row is made directly), two rounds.
    const s = (await db.scenarios.getBySlug('stopper-race'))!;
    const room = await db.rooms.create({ code: 'CLASS2', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: s.version, seed: s.json.seed ?? 1, ownerAccountId: 't-c' });
    await db.rooms.create({ code: 'OTHER2', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: s.version, seed: 1, ownerAccountId: 't-d' });
    const dan = await db.players.create({ tokenHash: 'dan-hash', nickname: 'Dan' });
    const eve = await db.players.create({ tokenHash: 'eve-hash', nickname: 'eve' });
    const sol = SOLUTIONS['stopper-race'] ?? [];
    const good = honest(s.json, sol);
    const none = honest(s.json, []);
    await submitRun(db, s, { playerId: dan.id, nickname: 'Dan', ...good, roomId: room.id, round: 1 });
    await submitRun(db, s, { playerId: eve.id, nickname: 'eve', ...none, roomId: room.id, round: 1 });
    await submitRun(db, s, { playerId: eve.id, nickname: 'eve', ...good, roomId: room.id, round: 2, duplicates: 'credit-first' });

    // An assignment made in the class; "dan" plays it under another spelling: the same row.
    const a = await createAssignment('t-c', { scenario: 'idle-cpus', opensAt: new Date(clock - HOUR).toISOString(), classId: c.id });
    expect(a.classId).toBe(c.id);
    const danToken = await newPlayer('dan');
    const idle = (await db.scenarios.getBySlug('idle-cpus'))!.json;
    const danRun = honest(idle, []);
    expect((await post(`/api/a/${a.code}/runs`, { playerToken: danToken, ...danRun })).status).toBe(201);

    expect(await refusal(await post('/api/teach/rooms/OTHER2/class', { classId: c.id }, asTeacher('t-c')))).toMatchObject({ status: 404, code: 'unknown-room' });
    expect(await refusal(await post('/api/teach/rooms/CLASS2/class', { classId: c.id }, asTeacher('t-d')))).toMatchObject({ status: 404, code: 'unknown-class' });
    expect((await post('/api/teach/rooms/class2/class', { classId: c.id }, asTeacher('t-c'))).status).toBe(200);

    const dash = API_ROUTES.teachDashboard.response.parse(await (await get('/api/teach', 't-c')).json());
    expect(dash.classes.map((x) => x.id)).toEqual([c.id]);
    expect(dash.rooms.map((r) => [r.code, r.classId, r.rounds])).toEqual([['CLASS2', c.id, 2]]);
    expect(dash.assignments.map((x) => x.code)).toEqual([a.code]);

    const res = API_ROUTES.classResults.response.parse(await (await get(`/api/classes/${c.id}`, 't-c')).json());
    expect(res.columns.map((col) => (col.kind === 'round' ? `${col.room}#${col.round}` : col.code))).toEqual(['CLASS2#1', 'CLASS2#2', a.code]);
    expect(res.rows.map((r) => [r.nickname, r.cells.map((x) => x && [x.score, x.rank, x.status])])).toEqual([
      ['Dan', [[good.score, 1, 'played'], null, [danRun.score, 1, 'played']]],
      ['eve', [[none.score, 2, 'played'], [good.score, 1, 'played'], null]],
    ]);
    const csv = await (await get(`/api/classes/${c.id}/results.csv`, 't-c')).text();
    const [header, ...rest] = csv.split('\r\n');
    expect(header).toBe(`nickname,room CLASS2 round 1 (stopper-race) score,room CLASS2 round 1 (stopper-race) rank,room CLASS2 round 1 (stopper-race) status,`
      + `room CLASS2 round 2 (stopper-race) score,room CLASS2 round 2 (stopper-race) rank,room CLASS2 round 2 (stopper-race) status,`
      + `assignment ${a.code} (idle-cpus) score,assignment ${a.code} (idle-cpus) rank,assignment ${a.code} (idle-cpus) status,assignment ${a.code} (idle-cpus) attempts`);
    expect(rest).toEqual([`Dan,${good.score},1,played,,,absent,${danRun.score},1,played,1`, `eve,${none.score},2,played,${good.score},1,played,,,absent,0`, '']);

    for (const r of [await get(`/api/classes/${c.id}`, 't-d'), await get(`/api/classes/${c.id}/results.csv`, 't-d')]) {
      expect(await refusal(r)).toMatchObject({ status: 404, code: 'unknown-class' });
    }
    // A class id of another teacher cannot be given to one's own assignment either.
    const other = API_ROUTES.createClass.response.parse(await (await post('/api/classes', { name: 'Theirs' }, asTeacher('t-d'))).json()).class;
    expect(await refusal(await post(`/api/assignments/${a.id}/class`, { classId: other.id }, asTeacher('t-c')))).toMatchObject({ status: 404, code: 'unknown-class' });
    expect((await post(`/api/assignments/${a.id}/class`, { classId: null }, asTeacher('t-c'))).status).toBe(200);
    expect((await db.assignments.get(a.id))?.classId).toBeNull();
  });
});
