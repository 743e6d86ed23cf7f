/** The submission budget of the HTTP API: a flood of runs gets 429s, and the budget refills. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../server/engine';
import { openDatabase, type Db } from '../../../server/db';
import { createApiHandler } from '../../../server/http/api';
import { serveApi } from '../../helpers/http';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-rate-'));
let db: Db;
let close: () => Promise<void>;
let base = '';
let clock = 1_000_000;

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'rate.db')}`);
  ({ base, close } = await serveApi(createApiHandler(db, { submitsPerMinute: 3, now: () => clock })));
});
afterAll(async () => {
  await close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (p: string, body: unknown) => fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('run submissions are budgeted per address', () => {
  it('answers 429 past the budget without storing the run, and accepts again a minute later', async () => {
    const { token } = (await (await post('/api/players', { nickname: 'flood' })).json()) as { token: string };
    const record = (await db.scenarios.getBySlug('pile-up'))!;
    const { result } = simulate(loadScenario(record.json), { seed: 1 });
    const claim = { playerToken: token, scenario: 'pile-up', seed: 1, actions: [], finalHash: result.finalHash, score: result.score };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('/api/runs', claim)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await post('/api/runs', claim);
    expect(await refused.json()).toEqual({ error: { code: 'rate-limited', message: expect.stringContaining('too many runs'), retryAfterSeconds: 60 } });
    expect(refused.headers.get('retry-after')).toBe('60');
    const board = (await (await fetch(`${base}/api/leaderboard/scenario/pile-up?player=${token}`)).json()) as { me: unknown };
    expect(board.me).toMatchObject({ score: result.score });
    clock += 60_000;
    expect((await post('/api/runs', claim)).status).toBe(201);
  });
});
