/** The HTTP API on a real port, over a real SQLite database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { loadScenario, simulate, type Action } from '../../../server/engine';
import { hashToken, openDatabase, type Db } from '../../../server/db';
import { submitRun } from '../../../server/db/service';
import { createApiHandler } from '../../../server/http/api';
import { csvCell, toCsv } from '../../../server/http/csv';
import { serveApi } from '../../helpers/http';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-api-'));
let db: Db;
let close: () => Promise<void>;
let base = '';

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'api.db')}`);
  ({ base, close } = await serveApi(createApiHandler(db)));
});
afterAll(async () => {
  await close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (p: string, body: unknown) => fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const json = async (r: Response) => (await r.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function newPlayer(nickname: string): Promise<{ token: string; id: string }> {
  const r = await post('/api/players', { nickname });
  expect(r.status).toBe(201);
  return (await r.json()) as { token: string; id: string };
}

async function honest(slug: string, actions: readonly Action[], seedOverride?: number) {
  const s = (await db.scenarios.getBySlug(slug))!;
  // The scenario's own seed unless told: only that one ranks.
  const seed = seedOverride ?? loadScenario(s.json).seed;
  const { result } = simulate(loadScenario(s.json), { seed, actions });
  return { seed, actions, finalHash: result.finalHash, score: result.score };
}

describe('HTTP API', () => {
  it('leaves non-API paths to the next handler', async () => {
    const r = await fetch(base + '/levels/api');
    expect([r.status, await r.text()]).toEqual([299, 'not api']);
  });

  it('players: created with a token that is stored only as a hash; bad input is a JSON 4xx', async () => {
    const p = await newPlayer('ann');
    expect(p.token.length).toBeGreaterThanOrEqual(20);
    expect((await db.players.getByTokenHash(hashToken(p.token)))?.id).toBe(p.id);
    expect(await db.players.getByTokenHash(p.token)).toBeNull();
    const me = await fetch(`${base}/api/players/me?player=${encodeURIComponent(p.token)}`);
    expect(await json(me)).toEqual({ id: p.id, nickname: 'ann' });
    const renamed = await post('/api/players/me', { playerToken: p.token, nickname: 'Ann' });
    expect((await json(renamed)).nickname).toBe('Ann');

    const empty = await post('/api/players', { nickname: '   ' });
    expect(empty.status).toBe(400);
    expect((await json(empty)).error.code).toBe('invalid-input');
    const extra = await post('/api/players', { nickname: 'x', admin: true });
    expect(extra.status).toBe(400);
    const notJson = await fetch(base + '/api/players', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nickname' });
    expect([notJson.status, (await json(notJson)).error.code]).toEqual([400, 'invalid-json']);
    const form = await fetch(base + '/api/players', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'nickname=x' });
    expect(form.status).toBe(415);
    const wrongMethod = await fetch(base + '/api/players');
    expect([wrongMethod.status, (await json(wrongMethod)).error.code]).toEqual([405, 'method-not-allowed']);
    const nowhere = await fetch(base + '/api/nothing/here');
    expect([nowhere.status, (await json(nowhere)).error.code]).toEqual([404, 'not-found']);
    const unknown = await fetch(`${base}/api/players/me?player=not-a-real-token`);
    expect(unknown.status).toBe(401);
  });

  it('scenarios: the built-ins are listed in campaign order and served by slug', async () => {
    const list = await json(await fetch(base + '/api/scenarios'));
    const slugs = (list.scenarios as { slug: string }[]).map((s) => s.slug);
    expect(slugs.slice(0, 4)).toEqual(['preemption', 'idle-cpus', 'pinning', 'pile-up']);
    const one = await json(await fetch(base + '/api/scenarios/pile-up'));
    expect([one.scenario.slug, one.scenario.json.format, one.scenario.kind]).toEqual(['pile-up', 1, 'builtin']);
    expect((await fetch(base + '/api/scenarios/no-such-level')).status).toBe(404);
    expect((await fetch(base + '/api/scenarios/..%2Fetc')).status).toBe(400);
    const daily = await json(await fetch(base + '/api/scenarios/daily-2026-11-24'));
    expect([daily.scenario.slug, daily.scenario.kind]).toEqual(['daily-2026-11-24', 'daily']);
  });

  it('runs: a replayed run is verified and ranked, a doctored one is stored unverified; own rank and replay JSON', async () => {
    const ann = await newPlayer('ann');
    const bob = await newPlayer('bob');
    const good = await honest('pile-up', SOLUTIONS['pile-up']);
    const weak = await honest('pile-up', []);
    expect(good.score).toBeGreaterThan(weak.score);

    const r1 = await post('/api/runs', { playerToken: ann.token, scenario: 'pile-up', ...good });
    expect(r1.status).toBe(201);
    const b1 = await json(r1);
    expect([b1.run.verified, b1.run.reason, b1.run.stars, b1.server.finalHash]).toEqual([true, null, 3, good.finalHash]);
    const r2 = await json(await post('/api/runs', { playerToken: bob.token, scenario: 'pile-up', ...weak, score: good.score + 1 }));
    expect([r2.run.verified, r2.run.reason]).toEqual([false, 'score-mismatch']);
    const r3 = await json(await post('/api/runs', { playerToken: bob.token, scenario: 'pile-up', ...weak }));
    expect(r3.run.verified).toBe(true);

    const board = await json(await fetch(`${base}/api/leaderboard/scenario/pile-up?limit=1&player=${encodeURIComponent(bob.token)}`));
    expect(board.entries.map((e: { nickname: string; score: number }) => [e.nickname, e.score])).toEqual([['ann', good.score]]);
    expect([board.me.rank, board.me.nickname, board.me.score]).toEqual([2, 'bob', weak.score]);
    expect((await fetch(`${base}/api/leaderboard/scenario/pile-up?limit=0`)).status).toBe(400);

    const replay = await json(await fetch(`${base}/api/runs/${b1.run.id}/replay`));
    expect([replay.seed, replay.actions, replay.scenario.slug, replay.verified]).toEqual([good.seed, good.actions, 'pile-up', true]);
    expect((await fetch(`${base}/api/runs/00000000-0000-0000-0000-000000000000/replay`)).status).toBe(404);

    const badToken = await post('/api/runs', { playerToken: 'nobody-has-this', scenario: 'pile-up', ...good });
    expect(badToken.status).toBe(401);
    const badBody = await post('/api/runs', { playerToken: ann.token, scenario: 'pile-up', ...good, seed: -1 });
    expect([badBody.status, (await json(badBody)).error.message]).toEqual([400, expect.stringContaining('seed')]);
  });

  it('daily and campaign boards, progress', async () => {
    const cy = await newPlayer('cy');
    const daily = (await db.scenarios.getBySlug('daily-2026-11-24')) ?? null;
    expect(daily).not.toBeNull();
    const d = await honest('daily-2026-11-24', []);
    expect((await json(await post('/api/runs', { playerToken: cy.token, scenario: 'daily-2026-11-24', ...d }))).run.verified).toBe(true);
    const dBoard = await json(await fetch(`${base}/api/leaderboard/daily/2026-11-24?player=${encodeURIComponent(cy.token)}`));
    expect([dBoard.scenario, dBoard.me.rank, dBoard.entries[0].nickname]).toEqual(['daily-2026-11-24', 1, 'cy']);
    expect((await fetch(`${base}/api/leaderboard/daily/2026-13-45`)).status).toBe(400);
    expect((await fetch(`${base}/api/leaderboard/daily/yesterday`)).status).toBe(400);
    expect((await fetch(`${base}/api/leaderboard/daily/2099-01-01`)).status).toBe(404);

    const pin = await honest('pinning', SOLUTIONS.pinning);
    const pr = await post('/api/progress', { playerToken: cy.token, scenario: 'pinning', ...pin });
    expect(pr.status).toBe(201);
    const pbody = await json(pr);
    expect(pbody.progress.map((p: { slug: string; stars: number; bestScore: number }) => [p.slug, p.stars, p.bestScore])).toEqual([['pinning', 3, pin.score]]);
    const got = await json(await fetch(`${base}/api/progress?player=${encodeURIComponent(cy.token)}`));
    expect(got.progress).toHaveLength(1);
    expect([got.campaign.score, got.campaign.stars]).toEqual([pin.score, 3]);
    const camp = await json(await fetch(`${base}/api/leaderboard/campaign?limit=50&player=${encodeURIComponent(cy.token)}`));
    expect(camp.me.playerId).toBe(cy.id);
    expect(camp.entries.some((e: { playerId: string }) => e.playerId === cy.id)).toBe(true);
    expect((await fetch(`${base}/api/progress`)).status).toBe(400);
  });

  it("a room's results as CSV: ranked verified rows, unverified unranked, cells escaped against injection", async () => {
    const s = (await db.scenarios.getBySlug('pile-up'))!;
    const room = await db.rooms.create({ code: 'CSV234', kind: 'race', hostTokenHash: 'h', scenarioId: s.id, scenarioVersion: 1, seed: 1 });
    const mk = (nickname: string) => db.players.create({ tokenHash: hashToken(`csv-${nickname}`), nickname });
    const good = await honest('pile-up', SOLUTIONS['pile-up']);
    const weak = await honest('pile-up', []);
    const p1 = await mk('a');
    const p2 = await mk('b');
    const p3 = await mk('c');
    await submitRun(db, s, { playerId: p1.id, nickname: 'Ann, "the best"', ...good, roomId: room.id, finishedAt: new Date(1000) });
    await submitRun(db, s, { playerId: p2.id, nickname: '=HYPERLINK("x")', ...weak, roomId: room.id, finishedAt: new Date(2000) });
    await submitRun(db, s, { playerId: p3.id, nickname: 'multi\nline', ...weak, score: 999999, roomId: room.id, finishedAt: new Date(500) });
    const r = await fetch(`${base}/api/rooms/csv234/results.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const m = (await db.runs.listRoomRuns(room.id)).find((x) => x.playerId === p1.id)!;
    const w = (await db.runs.listRoomRuns(room.id)).find((x) => x.playerId === p2.id)!;
    const c = (await db.runs.listRoomRuns(room.id)).find((x) => x.playerId === p3.id)!;
    const total = (x: typeof m, rank: number) => `${x.score},${x.met},${x.missed},${x.stranded},1,${rank},false`;
    expect(await r.text()).toBe(
      'nickname,round 1 scenario,round 1 score,round 1 met,round 1 missed,round 1 stranded ticks,round 1 rank,round 1 status,' +
      'total score,total met,total missed,total stranded ticks,rounds played,total rank,removed\r\n' +
      `"Ann, ""the best""",pile-up,${good.score},${m.met},${m.missed},${m.stranded},1,played,${total(m, 1)}\r\n` +
      `"'=HYPERLINK(""x"")",pile-up,${weak.score},${w.met},${w.missed},${w.stranded},2,played,${total(w, 2)}\r\n` +
      // Unverified: listed, unranked, counted in no total.
      `"multi\nline",pile-up,999999,${c.met},${c.missed},${c.stranded},,unverified,0,0,0,0,0,,false\r\n`,
    );
    expect((await fetch(`${base}/api/rooms/NOPE22/results.csv`)).status).toBe(404);
    const board = await json(await fetch(`${base}/api/leaderboard/room/CSV234?limit=5`));
    expect(board.entries.map((e: { playerId: string; rank: number | null }) => [e.playerId, e.rank])).toEqual([[p1.id, 1], [p2.id, 2], [p3.id, null]]);
  });
});

describe('CSV cells', () => {
  it('quotes separators, quotes and newlines; neutralises formula prefixes; keeps numbers numeric', () => {
    expect(['plain', 'a,b', 'say "hi"', 'x\ny', '=1+1', '+1', '-2', '@SUM(A1)', '\tx'].map(csvCell)).toEqual([
      'plain', '"a,b"', '"say ""hi"""', '"x\ny"', "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx",
    ]);
    expect([csvCell(-5), csvCell(0), csvCell(null), csvCell(undefined), csvCell(true), csvCell(Number.NaN)]).toEqual(['-5', '0', '', '', 'true', '']);
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
