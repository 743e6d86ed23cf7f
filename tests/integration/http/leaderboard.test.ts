/**
 * What ranks, over HTTP on a real port: a run on the scenario's own seed. Any other seed
 * replays (the server re-simulates it) but is not the same challenge, so it is stored
 * unverified with the reason `other-seed` and never ranked, on a level or a daily.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../server/engine';
import { createMemoryRepositories, seedBuiltins, type Db } from '../../../server/db';
import { createApiHandler } from '../../../server/http/api';
import { API_ROUTES } from '../../../server/protocol';
import { serveApi } from '../../helpers/http';

let db: Db;
let base = '';
let close: () => Promise<void>;
beforeAll(async () => {
  db = createMemoryRepositories();
  await seedBuiltins(db);
  ({ base, close } = await serveApi(createApiHandler(db)));
});
afterAll(() => close());

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const newPlayer = async (nickname: string) => ((await (await post(`${base}/api/players`, { nickname })).json()) as { token: string }).token;

/** An honest claim of doing nothing on `slug`, played on `seed`. */
async function idleClaim(token: string, slug: string, seed: number) {
  const json = API_ROUTES.getScenario.response.parse(await (await fetch(`${base}/api/scenarios/${slug}`)).json()).scenario.json;
  const { result } = simulate(loadScenario(json), { seed, actions: [] });
  return { playerToken: token, scenario: slug, seed, actions: [], finalHash: result.finalHash, score: result.score };
}

async function submit(body: unknown) {
  const r = await post(`${base}/api/runs`, body);
  expect(r.status).toBe(201);
  return API_ROUTES.submitRun.response.parse(await r.json());
}

describe('leaderboards rank the scenario\'s own seed only', () => {
  it('open-problem with no moves on a luckier seed is not verified nor ranked; on its own seed it is', async () => {
    const own = loadScenario((await db.scenarios.getBySlug('open-problem'))!.json).seed;
    const lucky = own === 87 ? 88 : 87;
    const cheat = await idleClaim(await newPlayer('lucky'), 'open-problem', lucky);
    const honest = await idleClaim(await newPlayer('honest'), 'open-problem', own);
    // The attack only pays when another seed scores higher: check it does here.
    expect(cheat.score).toBeGreaterThan(honest.score);
    const c = await submit(cheat);
    expect([c.run.verified, c.run.reason, c.server?.score]).toEqual([false, 'other-seed', cheat.score]);
    const h = await submit(honest);
    expect([h.run.verified, h.run.reason]).toEqual([true, null]);
    const board = API_ROUTES.scenarioBoard.response.parse(await (await fetch(`${base}/api/leaderboard/scenario/open-problem`)).json());
    expect(board.entries.map((e) => [e.nickname, e.score])).toEqual([['honest', honest.score]]);
  });

  it('the daily ranks its scenario\'s seed only', async () => {
    const date = '2026-11-24';
    const own = loadScenario(API_ROUTES.getScenario.response.parse(await (await fetch(`${base}/api/scenarios/daily-${date}`)).json()).scenario.json).seed;
    const other = await submit(await idleClaim(await newPlayer('other'), `daily-${date}`, own + 1));
    expect([other.run.verified, other.run.reason]).toEqual([false, 'other-seed']);
    const mine = await submit(await idleClaim(await newPlayer('mine'), `daily-${date}`, own));
    expect(mine.run.verified).toBe(true);
    const board = API_ROUTES.dailyBoard.response.parse(await (await fetch(`${base}/api/leaderboard/daily/${date}`)).json());
    expect(board.entries.map((e) => e.nickname)).toEqual(['mine']);
  });
});
