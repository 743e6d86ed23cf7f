/**
 * The HTTP contract (server/protocol/http.ts) against the real handler on a real port:
 * every route's success answer parses with its response schema, and every error code is
 * produced by some request, with its status, the one error shape, and (429) Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { loadScenario, simulate } from '../../../server/engine';
import { createMemoryRepositories, guardRepositories, hashToken, seedBuiltins, type Db } from '../../../server/db';
import { createApiHandler } from '../../../server/http/api';
import { API_ERROR_CODES, API_ERROR_STATUS, API_ROUTES, apiErrorSchema, type ApiErrorCode, type ApiRouteName } from '../../../server/protocol';
import { inlineSimulator, SimulationPool } from '../../../server/sim';
import { Arena } from '../../../server/arena/service';
import { SUITE_V1 } from '../../../server/arena/suite';
import { serveApi } from '../../helpers/http';
import { as, asTeacher, headerAccounts } from '../../helpers/test-accounts';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';

let db: Db;
let base = '';
let close: () => Promise<void>;
let arena: Arena;

beforeAll(async () => {
  db = createMemoryRepositories();
  await seedBuiltins(db);
  // A tiny arena (one set of 40 ticks), evaluated inline: the arena's own tests are in tests/integration/http/arena.test.ts.
  arena = await Arena.open(db, { suite: { ...SUITE_V1, utilisation: [0.8], mdShares: [0.5], setsPerCell: 1, duration: 40 }, secret: 'contract', simulator: inlineSimulator(), bots: ['sticky'] });
  ({ base, close } = await serveApi(createApiHandler(db, { arena, accounts: headerAccounts })));
});
afterAll(() => close());

/** The smallest lab user-policy request: one short set. */
const LAB_POLICY = {
  source: 'export function balance() { return []; }', filename: 'idle.ts', from: 0, to: 1,
  experiment: { cpus: 2, tasks: 3, utilisation: [0.5], mdShares: [0.5], sets: 1, duration: 50, bots: ['policy:idle.ts'] },
};

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Publishing: a teacher (the test header stands in for a session), and files of their own. */
const TEACHER = as({ id: 'teach-1', role: 'teacher' });
const ADMIN = as({ id: 'admin-1', role: 'admin' });
const fileOf = (slug: string) => ({ ...BUILTIN_SCENARIOS.find((x) => x.slug === 'pile-up')!, slug, title: `Level ${slug}` });
const send = (method: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function claim(slug: string, token: string) {
  const s = (await db.scenarios.getBySlug(slug))!;
  const actions = SOLUTIONS[slug] ?? [];
  const seed = s.json.seed ?? 1;
  const { result } = simulate(loadScenario(s.json), { seed, actions });
  return { playerToken: token, scenario: slug, seed, actions, finalHash: result.finalHash, score: result.score };
}

describe('every route answers what the contract says', () => {
  it('status and body of each route parse with its schema', async () => {
    const player = (await (await post(`${base}/api/players`, { nickname: 'ann' })).json()) as { token: string; id: string };
    const submitted = (await (await post(`${base}/api/runs`, await claim('pile-up', player.token))).json()) as { run: { id: string } };
    const s = (await db.scenarios.getBySlug('pile-up'))!;
    await db.rooms.create({ code: 'HTTP23', kind: 'race', hostTokenHash: hashToken('host-token-x'), scenarioId: s.id, scenarioVersion: s.version, seed: 1 });
    const q = `player=${encodeURIComponent(player.token)}`;
    await db.rooms.create({ code: 'TEACH2', kind: 'race', hostTokenHash: hashToken('host-token-y'), scenarioId: s.id, scenarioVersion: s.version, seed: 1, ownerAccountId: 'teacher' });
    const asT = { headers: asTeacher('teacher') };
    const klass = (await (await fetch(`${base}/api/classes`, { method: 'POST', ...asT, body: JSON.stringify({ name: 'Period 1' }) })).json()) as { class: { id: string } };
    const hw = { scenario: 'pinning', title: 'Homework', opensAt: '2020-01-01T00:00:00Z', closesAt: '2099-01-01T00:00:00Z', attemptsAllowed: 3, showScoresBeforeClose: true };
    const made = (await (await fetch(`${base}/api/assignments`, { method: 'POST', ...asT, body: JSON.stringify(hw) })).json()) as { assignment: { id: string; code: string } };
    const { id: hwId, code: hwCode } = made.assignment;
    const teacherPost = (url: string, body: unknown) => fetch(url, { method: 'POST', ...asT, body: JSON.stringify(body) });
    await db.authored.create(toScenarioDocOrThrow(fileOf('pub-main')), { ownerAccountId: 'teach-1', visibility: 'public' });
    const P = `${base}/api/published`;

    // A typed map: adding a route to the contract without a call here does not compile.
    const calls: Record<ApiRouteName, () => Promise<Response>> = {
      listScenarios: () => fetch(`${base}/api/scenarios`),
      getScenario: () => fetch(`${base}/api/scenarios/pile-up`),
      scenarioBoard: () => fetch(`${base}/api/leaderboard/scenario/pile-up?${q}`),
      dailyBoard: () => fetch(`${base}/api/leaderboard/daily/2026-11-24?${q}`),
      roomBoard: () => fetch(`${base}/api/leaderboard/room/http23?${q}`),
      campaignBoard: () => fetch(`${base}/api/leaderboard/campaign?${q}`),
      submitRun: async () => post(`${base}/api/runs`, await claim('idle-cpus', player.token)),
      getReplay: () => fetch(`${base}/api/runs/${submitted.run.id}/replay`),
      roomResultsCsv: () => fetch(`${base}/api/rooms/HTTP23/results.csv`),
      roomResults: () => fetch(`${base}/api/rooms/HTTP23/results`),
      createPlayer: () => post(`${base}/api/players`, { nickname: 'bob' }),
      getPlayer: () => fetch(`${base}/api/players/me?${q}`),
      renamePlayer: () => post(`${base}/api/players/me`, { playerToken: player.token, nickname: 'Ann' }),
      getProgress: () => fetch(`${base}/api/progress?${q}`),
      submitProgress: async () => post(`${base}/api/progress`, await claim('pinning', player.token)),
      arenaBoard: () => fetch(`${base}/api/arena`),
      arenaSubmit: () => post(`${base}/api/arena/submissions`, { name: 'mine', code: 'export function balance() { return []; }' }),
      arenaEntry: async () => fetch(`${base}/api/arena/submissions/${(await arena.board())[0].id}`),
      arenaReplay: async () => { await arena.idle(); return fetch(`${base}/api/arena/submissions/${(await arena.board())[0].id}/sets/0/replay`); },
      runPolicy: () => post(`${base}/api/policies/run`, { source: 'export function balance() { return []; }', scenario: { slug: 'pinning' }, bots: ['sticky'] }),
      labPolicy: () => post(`${base}/api/lab/policy`, LAB_POLICY),
      teachDashboard: () => fetch(`${base}/api/teach`, asT),
      tagRoom: () => teacherPost(`${base}/api/teach/rooms/TEACH2/class`, { classId: klass.class.id }),
      createAssignment: () => teacherPost(`${base}/api/assignments`, hw),
      teacherAssignment: () => fetch(`${base}/api/assignments/${hwId}`, asT),
      assignmentCsv: () => fetch(`${base}/api/assignments/${hwId}/results.csv`, asT),
      tagAssignment: () => teacherPost(`${base}/api/assignments/${hwId}/class`, { classId: klass.class.id }),
      studentAssignment: () => fetch(`${base}/api/a/${hwCode}?${q}`),
      assignmentSubmit: async () => { const { scenario: _s, ...c } = await claim('pinning', player.token); return post(`${base}/api/a/${hwCode}/runs`, { ...c, actions: [] , finalHash: 'x' }); },
      createClass: () => teacherPost(`${base}/api/classes`, { name: 'Period 2' }),
      classResults: () => fetch(`${base}/api/classes/${klass.class.id}`, asT),
      classCsv: () => fetch(`${base}/api/classes/${klass.class.id}/results.csv`, asT),
      gallery: () => fetch(`${P}?q=pub`),
      publishCreate: () => send('POST', P, { json: fileOf('pub-new'), visibility: 'link' }, TEACHER),
      myScenarios: () => fetch(`${base}/api/my/scenarios`, { headers: TEACHER }),
      publishedGet: () => fetch(`${P}/pub-main`),
      publishUpdate: () => send('PUT', `${P}/pub-main`, { json: { ...fileOf('pub-main'), duration: 90 } }, TEACHER),
      publishDelete: () => fetch(`${P}/pub-new`, { method: 'DELETE', headers: TEACHER }),
      publishVisibility: () => send('POST', `${P}/pub-main/visibility`, { visibility: 'public' }, TEACHER),
      publishHide: () => send('POST', `${P}/pub-main/hidden`, { hidden: false }, ADMIN),
      publishReport: () => post(`${P}/pub-main/reports`, { reason: 'the lesson has a typo' }),
      publishVersions: () => fetch(`${P}/pub-main/versions`),
      publishReports: () => fetch(`${P}/pub-main/reports`, { headers: ADMIN }),
    };
    for (const name of Object.keys(API_ROUTES) as ApiRouteName[]) {
      const route = API_ROUTES[name];
      const r = await calls[name]();
      expect(r.status, name).toBe(route.status);
      if (route.response === null) {
        expect(r.headers.get('content-type'), name).toContain('text/csv');
        continue;
      }
      const parsed = route.response.safeParse(await r.json());
      expect(parsed.error?.issues, name).toBeUndefined();
    }
    // The answers carry data, not just the right shape: the verified run is on its board with a stored date.
    const board = API_ROUTES.scenarioBoard.response.parse(await (await calls.scenarioBoard()).json());
    expect(board.me).toMatchObject({ nickname: 'Ann', runId: submitted.run.id, finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // The policy run loads the compiler and QuickJS in this thread: slow on a busy machine.
  }, 60_000);
});

describe('every error has one shape, its code and its status', () => {
  const seen = new Set<ApiErrorCode>();

  async function expectError(r: Response | Promise<Response>, code: ApiErrorCode, message?: RegExp) {
    const res = await r;
    const body = apiErrorSchema.parse(await res.json());
    expect([res.status, body.error.code]).toEqual([API_ERROR_STATUS[code], code]);
    if (message) expect(body.error.message).toMatch(message);
    seen.add(code);
    return { res, body };
  }

  it('400 bad input names the field; bad JSON and bad paths have their own codes', async () => {
    await expectError(post(`${base}/api/players`, { nickname: '  ' }), 'invalid-input', /nickname must not be empty/);
    await expectError(post(`${base}/api/players`, { nickname: 'x', admin: true }), 'invalid-input', /admin/);
    await expectError(fetch(`${base}/api/leaderboard/scenario/pile-up?limit=0`), 'invalid-input', /^query: limit/);
    await expectError(fetch(`${base}/api/leaderboard/daily/2026-02-30`), 'invalid-input', /calendar day/);
    await expectError(fetch(`${base}/api/scenarios/..%2Fetc`), 'invalid-input', /slug/);
    await expectError(fetch(`${base}/api/players`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nickname' }), 'invalid-json');
    await expectError(fetch(`${base}/api/scenarios/%E0%A4%A`), 'invalid-path');
    const refused = await expectError(post(`${base}/api/arena/submissions`, { name: 'broken', code: 'export function balance( {' }), 'invalid-policy', /syntax/);
    expect(refused.body.error.policy?.kind).toBe('syntax');
    const { body } = await expectError(post(`${base}/api/lab/policy`, { ...LAB_POLICY, source: 'export const = 1;' }), 'invalid-policy', /syntax/);
    expect(body.error.policy?.kind).toBe('syntax');
  });

  it('publishing: every error of the file at once; a taken slug; signed out 401; another teacher\'s 403', async () => {
    const P = `${base}/api/published`;
    const broken = { ...fileOf('pub-broken'), cpus: 0, duration: -1 };
    const { body } = await expectError(send('POST', P, { json: broken }, TEACHER), 'invalid-scenario', /errors/);
    expect(body.error.scenarioErrors?.map((e) => e.path)).toEqual(expect.arrayContaining(['cpus', 'duration']));
    await expectError(send('POST', P, { json: fileOf('pile-up') }, TEACHER), 'slug-taken', /pile-up/);
    await expectError(send('POST', P, { json: fileOf('pub-anon') }), 'unauthenticated', /sign in/);
    await db.authored.create(toScenarioDocOrThrow(fileOf('pub-other')), { ownerAccountId: 'teach-2', visibility: 'public' });
    await expectError(send('PUT', `${P}/pub-other`, { json: fileOf('pub-other') }, TEACHER), 'forbidden', /another teacher/);
  });

  it('409: another player\'s run resubmitted (a fetched replay) is refused, naming the first run; nothing stored', async () => {
    const owner = (await (await post(`${base}/api/players`, { nickname: 'owner' })).json()) as { token: string };
    const thief = (await (await post(`${base}/api/players`, { nickname: 'thief' })).json()) as { token: string };
    const first = (await (await post(`${base}/api/runs`, await claim('stopper-race', owner.token))).json()) as { run: { id: string; verified: boolean } };
    expect(first.run.verified).toBe(true);
    const replay = API_ROUTES.getReplay.response.parse(await (await fetch(`${base}/api/runs/${first.run.id}/replay`)).json());
    const stolen = { playerToken: thief.token, scenario: 'stopper-race', seed: replay.seed, actions: replay.actions, finalHash: replay.finalHash, score: replay.score, bot: replay.bot };
    await expectError(post(`${base}/api/runs`, stolen), 'duplicate-run', new RegExp(`already submitted \\(run ${first.run.id}\\)`));
    await expectError(post(`${base}/api/progress`, stolen), 'duplicate-run');
    const board = API_ROUTES.scenarioBoard.response.parse(await (await fetch(`${base}/api/leaderboard/scenario/stopper-race?player=${thief.token}`)).json());
    expect([board.entries.map((e) => e.runId), board.me]).toEqual([[first.run.id], null]);
  });

  it('401, 404 (route, scenario, run, room, a day not out yet), 405, 413, 415', async () => {
    await expectError(fetch(`${base}/api/progress?player=nobody-has-this`), 'unknown-player');
    await expectError(post(`${base}/api/runs`, await claim('pile-up', 'nobody-has-this')), 'unknown-player');
    await expectError(post(`${base}/api/runs`, { ...(await claim('pile-up', 'x')) }), 'invalid-input', /playerToken/);
    await expectError(fetch(`${base}/api/progress`), 'invalid-input', /player/);
    await expectError(fetch(`${base}/api/nothing/here`), 'not-found', /no API route GET \/api\/nothing\/here/);
    await expectError(fetch(`${base}/api/scenarios/no-such-level`), 'unknown-scenario', /no-such-level/);
    await expectError(fetch(`${base}/api/runs/00000000-0000-0000-0000-000000000000/replay`), 'unknown-run');
    await expectError(fetch(`${base}/api/leaderboard/room/NOPE22`), 'unknown-room', /NOPE22/);
    await expectError(fetch(`${base}/api/rooms/NOPE22/results.csv`), 'unknown-room');
    await expectError(fetch(`${base}/api/leaderboard/daily/2099-01-01`), 'not-yet', /2099-01-01/);
    await expectError(fetch(`${base}/api/players`), 'method-not-allowed', /GET not allowed/);
    await expectError(post(`${base}/api/players`, { nickname: 'x'.repeat(5 * 1024 * 1024) }), 'too-large');
    await expectError(fetch(`${base}/api/players`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'nickname=x' }), 'unsupported-media-type');
  });

  it('401 without a teacher\'s session; 404 for another teacher\'s assignment or class; 409 outside an assignment\'s dates and past its attempts, nothing stored', async () => {
    let clock = Date.parse('2026-12-01T12:00:00Z');
    const timed = await serveApi(createApiHandler(db, { accounts: headerAccounts, now: () => clock }));
    try {
      await expectError(fetch(`${timed.base}/api/teach`), 'unauthenticated', /sign in/);
      const hw = { scenario: 'pinning', title: 'Timed', opensAt: '2026-12-01T13:00:00Z', closesAt: '2026-12-01T14:00:00Z', attemptsAllowed: 1, showScoresBeforeClose: false };
      const made = (await (await fetch(`${timed.base}/api/assignments`, { method: 'POST', headers: asTeacher('t1'), body: JSON.stringify(hw) })).json()) as { assignment: { id: string; code: string } };
      await expectError(fetch(`${timed.base}/api/assignments/${made.assignment.id}`, { headers: asTeacher('t2') }), 'unknown-assignment');
      await expectError(fetch(`${timed.base}/api/classes/00000000-0000-0000-0000-000000000000`, { headers: asTeacher('t2') }), 'unknown-class');
      const player = (await (await post(`${timed.base}/api/players`, { nickname: 'kim' })).json()) as { token: string };
      const { scenario: _s, ...run } = await claim('pinning', player.token);
      await expectError(post(`${timed.base}/api/a/${made.assignment.code}/runs`, run), 'assignment-not-open', /opens at 2026-12-01T13:00:00.000Z/);
      clock += 1.5 * 3600_000;
      expect((await post(`${timed.base}/api/a/${made.assignment.code}/runs`, { ...run, actions: [], finalHash: 'x' })).status).toBe(201);
      await expectError(post(`${timed.base}/api/a/${made.assignment.code}/runs`, run), 'attempts-used', /all 1 attempt/);
      clock += 3600_000;
      await expectError(post(`${timed.base}/api/a/${made.assignment.code}/runs`, run), 'assignment-closed', /closed at 2026-12-01T14:00:00.000Z/);
      expect((await db.assignments.listAttempts(made.assignment.id)).length).toBe(1);
    } finally {
      await timed.close();
    }
  });

  it('429: the reason, when to come back (body and Retry-After), and nothing stored', async () => {
    let clock = 5_000_000;
    const limited = await serveApi(createApiHandler(db, { submitsPerMinute: 1, now: () => clock }));
    try {
      const player = (await (await post(`${limited.base}/api/players`, { nickname: 'flood' })).json()) as { token: string };
      // A log of its own: pile-up's solution already counts for ann (a second player's copy is a 409).
      const body = await claim('edf', player.token);
      expect((await post(`${limited.base}/api/runs`, body)).status).toBe(201);
      clock += 20_000;
      const { res, body: err } = await expectError(post(`${limited.base}/api/runs`, body), 'rate-limited', /too many runs .* try again in 40 s/);
      expect([err.error.retryAfterSeconds, res.headers.get('retry-after')]).toEqual([40, '40']);
      // Budgeted before the body is read: even a bad body is refused with 429, not 400.
      await expectError(post(`${limited.base}/api/progress`, { nonsense: true }), 'rate-limited');
      clock += 40_000;
      expect((await post(`${limited.base}/api/runs`, body)).status).toBe(201);
    } finally {
      await limited.close();
    }
  });

  it('503: the simulation queue is full: when to come back (body and Retry-After), and nothing stored', async () => {
    // A real pool with one worker and no waiting room: while a job runs, a submission is refused.
    const pool = new SimulationPool({ workers: 1, maxQueue: 0 });
    const busy = await serveApi(createApiHandler(db, { simulator: pool }));
    try {
      const player = (await (await post(`${busy.base}/api/players`, { nickname: 'queued' })).json()) as { token: string; id: string };
      const blocker = pool.run({ kind: 'verify', input: { scenario: (await db.scenarios.getBySlug('edf'))!.json, builtin: false, inRoom: true, seed: 1, actions: [], finalHash: '', score: 0 } });
      const { res, body } = await expectError(post(`${busy.base}/api/runs`, await claim('m-highest', player.token)), 'busy', /simulation queue is full; try again in \d+ s/);
      expect(body.error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('retry-after')).toBe(String(body.error.retryAfterSeconds));
      await blocker;
      const mh = (await db.scenarios.getBySlug('m-highest'))!;
      expect((await db.leaderboards.scenario(mh.id, { limit: 50, playerId: player.id })).me).toBeNull();
    } finally {
      await busy.close();
      await pool.close();
    }
  });

  it('500: a storage fault is logged and answered without internals', async () => {
    const broken: Db = { ...db, scenarios: { ...db.scenarios, listPublic: () => Promise.reject(new Error('disk on fire at /var/secret')) } };
    const faulty = await serveApi(createApiHandler(broken));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { body } = await expectError(fetch(`${faulty.base}/api/scenarios`), 'internal');
      expect(JSON.stringify(body)).not.toMatch(/disk|secret/);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/disk on fire/);
    } finally {
      log.mockRestore();
      await faulty.close();
    }
  });

  it('503: a store that hangs or fails is cut off by the guard; the answer says retry later', async () => {
    let hang = true;
    const stuck: Db = {
      ...db,
      players: { ...db.players, getByTokenHash: (h) => (hang ? new Promise(() => {}) : db.players.getByTokenHash(h)) },
      scenarios: { ...db.scenarios, listPublic: () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')) },
    };
    const guarded = await serveApi(createApiHandler(guardRepositories(stuck, 50)));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const player = (await (await post(`${guarded.base}/api/players`, { nickname: 'cat' })).json()) as { token: string };
      // A log with no moves: nobody's work, so it counts for this player whatever ran before.
      const idle = { ...(await claim('pile-up', player.token)), actions: [] };
      const { result } = simulate(loadScenario((await db.scenarios.getBySlug('pile-up'))!.json), { seed: idle.seed, actions: [] });
      Object.assign(idle, { finalHash: result.finalHash, score: result.score });
      const hung = await expectError(post(`${guarded.base}/api/runs`, idle), 'storage-unavailable');
      expect(hung.res.headers.get('retry-after')).toBe('5');
      expect(hung.body.error.retryAfterSeconds).toBe(5);
      const { body } = await expectError(fetch(`${guarded.base}/api/scenarios`), 'storage-unavailable');
      expect(JSON.stringify(body)).not.toMatch(/SQLITE|disk/);
      expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/players\.getByTokenHash did not answer within 50 ms[\s\S]*scenarios\.listPublic failed: SQLITE_FULL/);
      // The store is back: the same submission goes through.
      hang = false;
      expect((await post(`${guarded.base}/api/runs`, idle)).status).toBe(201);
    } finally {
      log.mockRestore();
      await guarded.close();
    }
  });

  it('400 invalid-policy carries the sandbox\'s load error; 422 policy-timeout when the runs outlast their budget', async () => {
    // Servers of its own: a POST on a keep-alive connection the shared server has just timed out would be reset.
    const inline = await serveApi(createApiHandler(db));
    try {
      const { body } = await expectError(post(`${inline.base}/api/policies/run`, { source: 'export const x = 1;', scenario: { slug: 'pinning' } }), 'invalid-policy', /^exports: /);
      expect(body.error.policy).toEqual({ kind: 'exports', line: null, column: null, fault: null });
    } finally {
      await inline.close();
    }
    // A budget no run can meet (loading the sandbox alone takes longer): the job is stopped, its worker replaced.
    const pool = new SimulationPool({ workers: 1 });
    const strict = await serveApi(createApiHandler(db, { simulator: pool, policyRuns: { timeBudgetMs: 1 } }));
    try {
      await expectError(post(`${strict.base}/api/policies/run`, { source: 'export function balance() { return []; }', scenario: { slug: 'pinning' } }), 'policy-timeout', /stopped/);
      expect(pool.stats().timedOut).toBe(1);
    } finally {
      await strict.close();
      await pool.close();
    }
  });

  it('every error code of the contract was produced above', () => {
    expect([...seen].sort()).toEqual([...API_ERROR_CODES].sort());
  });
});
