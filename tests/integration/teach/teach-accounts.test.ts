/**
 * Assignments and class history with real teacher accounts (better-auth through serve(), the
 * session cookie and Origin as a browser sends them), on SQLite, on a real port: who may do
 * what, and rooms hosted over Socket.IO by a signed-in teacher kept under the account.
 * The date transitions with a moving clock are in assignments.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { loadScenario, simulate } from '../../../server/engine';
import { openDatabase, type Db } from '../../../server/db';
import { serve, type Served } from '../../../server/serve';
import { API_ROUTES, PROTOCOL_VERSION, apiErrorSchema } from '../../../server/protocol';
import { signUp, type SignedIn } from '../../helpers/accounts';
import type { Client } from '../realtime/harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teach-accounts-'));
let db: Db;
let served: Served;
let base = '';
let ann: SignedIn;
let bob: SignedIn;
const sockets: Client[] = [];

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'teach.db')}`);
  served = await serve({
    db, outboxDir: path.join(dir, 'outbox'), logger: { info: () => {}, error: () => {} }, port: 0, host: '127.0.0.1',
    fallback: (_req, res) => void res.writeHead(404).end(),
  });
  base = served.url;
  ann = await signUp(base, { username: 'ann_teacher', password: 'correct horse battery' });
  bob = await signUp(base, { username: 'bob_teacher', password: 'correct horse battery' });
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await served?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const as = (t: SignedIn | null) => ({ 'content-type': 'application/json', origin: base, ...(t ? { cookie: t.cookie } : {}) });
const post = (p: string, body: unknown, t: SignedIn | null = null) => fetch(base + p, { method: 'POST', headers: as(t), body: JSON.stringify(body) });
const get = (p: string, t: SignedIn | null = null) => fetch(base + p, { headers: as(t) });
const refusal = async (r: Response) => ({ status: r.status, ...apiErrorSchema.parse(await r.json()).error });
const HOUR = 3600_000;
const homework = (over: Record<string, unknown> = {}) => ({
  scenario: 'pile-up', title: 'Pile-up', opensAt: new Date(Date.now() - HOUR).toISOString(), closesAt: new Date(Date.now() + HOUR).toISOString(),
  attemptsAllowed: 2, showScoresBeforeClose: false, ...over,
});

describe('assignments with teacher accounts', () => {
  it('only a signed-in teacher creates; students need no account; another teacher gets 404 for all of it', async () => {
    expect(await refusal(await post('/api/assignments', homework()))).toMatchObject({ status: 401, code: 'unauthenticated' });
    // A cross-site request carrying the cookie is nobody (CSRF).
    const forged = await fetch(`${base}/api/assignments`, { method: 'POST', headers: { ...as(ann), origin: 'https://evil.example' }, body: JSON.stringify(homework()) });
    expect((await refusal(forged)).status).toBe(401);

    const made = await post('/api/assignments', homework(), ann);
    expect(made.status).toBe(201);
    const a = API_ROUTES.createAssignment.response.parse(await made.json()).assignment;

    const player = (await (await post('/api/players', { nickname: 'kid' })).json()) as { token: string };
    const s = (await db.scenarios.getBySlug('pile-up'))!;
    const sc = loadScenario(s.json);
    const { result } = simulate(sc, { seed: sc.seed, actions: SOLUTIONS['pile-up'] });
    const sent = await post(`/api/a/${a.code}/runs`, { playerToken: player.token, nickname: 'Kid', seed: sc.seed, actions: SOLUTIONS['pile-up'], finalHash: result.finalHash, score: result.score });
    expect(sent.status).toBe(201);

    const view = API_ROUTES.teacherAssignment.response.parse(await (await get(`/api/assignments/${a.id}`, ann)).json());
    expect(view.students.map((x) => [x.nickname, x.rank, x.best, x.attempts])).toEqual([['Kid', 1, result.score, 1]]);
    const csv = await (await get(`/api/assignments/${a.id}/results.csv`, ann)).text();
    expect(csv.split('\r\n')[1]).toContain(`,Kid,1,`);

    for (const r of [await get(`/api/assignments/${a.id}`, bob), await get(`/api/assignments/${a.id}/results.csv`, bob)]) {
      expect(await refusal(r)).toMatchObject({ status: 404, code: 'unknown-assignment' });
    }
    expect(await refusal(await get(`/api/assignments/${a.id}`))).toMatchObject({ status: 401, code: 'unauthenticated' });
    const annClass = API_ROUTES.createClass.response.parse(await (await post('/api/classes', { name: 'Period 1' }, ann)).json()).class;
    expect(await refusal(await get(`/api/classes/${annClass.id}`, bob))).toMatchObject({ status: 404, code: 'unknown-class' });
    expect(API_ROUTES.teachDashboard.response.parse(await (await get('/api/teach', bob)).json())).toEqual({ classes: [], rooms: [], assignments: [] });
    const annDash = API_ROUTES.teachDashboard.response.parse(await (await get('/api/teach', ann)).json());
    expect([annDash.classes.map((c) => c.name), annDash.assignments.map((x) => x.id)]).toEqual([['Period 1'], [a.id]]);
  });

  it('an assignment not open yet, and one closed, refuse runs with their dates; nothing stored', async () => {
    const future = API_ROUTES.createAssignment.response.parse(await (await post('/api/assignments', homework({ opensAt: new Date(Date.now() + HOUR).toISOString(), closesAt: new Date(Date.now() + 2 * HOUR).toISOString() }), ann)).json()).assignment;
    const past = API_ROUTES.createAssignment.response.parse(await (await post('/api/assignments', homework({ opensAt: new Date(Date.now() - 2 * HOUR).toISOString(), closesAt: new Date(Date.now() - HOUR).toISOString() }), ann)).json()).assignment;
    expect([future.state, past.state]).toEqual(['not-open', 'closed']);
    const player = (await (await post('/api/players', { nickname: 'late' })).json()) as { token: string };
    const run = { playerToken: player.token, seed: 1, actions: [], finalHash: 'x', score: 0 };
    const early = await refusal(await post(`/api/a/${future.code}/runs`, run));
    expect(early).toMatchObject({ status: 409, code: 'assignment-not-open', message: expect.stringContaining(future.opensAt) });
    const late = await refusal(await post(`/api/a/${past.code}/runs`, run));
    expect(late).toMatchObject({ status: 409, code: 'assignment-closed', message: expect.stringContaining(past.closesAt) });
    expect(await db.assignments.listAttempts(future.id)).toEqual([]);
    expect(await db.assignments.listAttempts(past.id)).toEqual([]);
  });

  it('a teacher assigns their own private scenario; another teacher cannot see it to assign it; students play it through the assignment', async () => {
    const file = { ...BUILTIN_SCENARIOS.find((x) => x.slug === 'pile-up')!, slug: 'ann-private', title: 'Ann private' };
    expect((await post('/api/published', { json: file, visibility: 'private' }, ann)).status).toBe(201);
    expect(await refusal(await post('/api/assignments', homework({ scenario: 'ann-private' }), bob))).toMatchObject({ status: 404, code: 'unknown-scenario' });
    const made = await post('/api/assignments', homework({ scenario: 'ann-private' }), ann);
    expect(made.status).toBe(201);
    const a = API_ROUTES.createAssignment.response.parse(await made.json()).assignment;
    expect(a.scenario).toBe('ann-private');

    // The student, with no account, gets the pinned file from the assignment and a verified run.
    const player = (await (await post('/api/players', { nickname: 'kid2' })).json()) as { token: string };
    const view = API_ROUTES.studentAssignment.response.parse(await (await get(`/api/a/${a.code}?player=${player.token}`)).json());
    const sc = loadScenario(view.scenarioJson as never);
    const { result } = simulate(sc, { seed: sc.seed, actions: SOLUTIONS['pile-up'] });
    const sent = await post(`/api/a/${a.code}/runs`, { playerToken: player.token, nickname: 'Kid2', seed: sc.seed, actions: SOLUTIONS['pile-up'], finalHash: result.finalHash, score: result.score });
    expect(sent.status).toBe(201);
    const results = API_ROUTES.teacherAssignment.response.parse(await (await get(`/api/assignments/${a.id}`, ann)).json());
    expect(results.students.map((x) => [x.nickname, x.best])).toEqual([['Kid2', result.score]]);
  });
});

describe('rooms hosted by a signed-in teacher', () => {
  it('the session cookie on the socket handshake keeps the room under the account; the teacher tags it with a class', async () => {
    const host: Client = connectClient(base, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: ann.cookie } });
    sockets.push(host);
    await new Promise<void>((resolve, reject) => {
      host.once('connect', () => resolve());
      host.once('connect_error', reject);
    });
    const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } });
    if (!created.ok) throw new Error(created.reason);
    expect((await host.emitWithAck('room:control', { roomId: created.roomId, hostToken: created.hostToken, command: { op: 'start' } })).ok).toBe(true);
    expect(served.app.registry.byCode(created.code)?.ownerAccountId).toBe(ann.account.id);
    await served.app.registry.flushCheckpoints();
    // The checkpoint reaches the database through the rooms' write queue.
    await expect.poll(async () => (await db.rooms.getByCode(created.code))?.ownerAccountId).toBe(ann.account.id);

    const dash = API_ROUTES.teachDashboard.response.parse(await (await get('/api/teach', ann)).json());
    expect(dash.rooms.map((r) => r.code)).toContain(created.code);
    expect(API_ROUTES.teachDashboard.response.parse(await (await get('/api/teach', bob)).json()).rooms).toEqual([]);
    const c = API_ROUTES.createClass.response.parse(await (await post('/api/classes', { name: 'Room class' }, ann)).json()).class;
    expect(await refusal(await post(`/api/teach/rooms/${created.code}/class`, { classId: null }, bob))).toMatchObject({ status: 404, code: 'unknown-room' });
    expect((await post(`/api/teach/rooms/${created.code}/class`, { classId: c.id }, ann)).status).toBe(200);
    expect((await db.rooms.getByCode(created.code))?.classId).toBe(c.id);
  });
});
