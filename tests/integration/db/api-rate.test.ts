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
/** The same API behind a reverse proxy (TRUST_PROXY=1), and one that does not trust the header. */
let proxied = '';
let direct = '';
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'rate.db')}`);
  ({ base, close } = await serveApi(createApiHandler(db, { submitsPerMinute: 3, now: () => clock })));
  for (const trustProxy of [true, false]) {
    const served = await serveApi(createApiHandler(db, { submitsPerMinute: 2, now: () => clock, trustProxy }));
    closers.push(served.close);
    if (trustProxy) proxied = served.base;
    else direct = served.base;
  }
});
afterAll(async () => {
  await close();
  for (const c of closers) await c();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (p: string, body: unknown, at = base, forwardedFor?: string) => fetch(at + p, {
  method: 'POST', headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) }, body: JSON.stringify(body),
});

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

describe('behind the reverse proxy (trustProxy)', () => {
  let players = 0;
  async function claim(): Promise<unknown> {
    const { token } = (await (await post('/api/players', { nickname: `proxied${++players}` })).json()) as { token: string };
    const record = (await db.scenarios.getBySlug('pile-up'))!;
    const { result } = simulate(loadScenario(record.json), { seed: 1 });
    return { playerToken: token, scenario: 'pile-up', seed: 1, actions: [], finalHash: result.finalHash, score: result.score };
  }

  it('budgets each client address the proxy forwards, not the proxy\'s own: one class behind the proxy does not spend another\'s', async () => {
    clock += 120_000;
    const body = await claim();
    const statuses = async (forwardedFor: string) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await post('/api/runs', body, proxied, forwardedFor)).status);
      return out;
    };
    expect(await statuses('198.51.100.1')).toEqual([201, 201, 429]);
    // Every request came from the proxy's address (127.0.0.1): another client still has its whole budget.
    expect(await statuses('198.51.100.2')).toEqual([201, 201, 429]);
    // A client writing its own X-Forwarded-For before the proxy's entry is still counted as itself.
    expect((await post('/api/runs', body, proxied, '198.51.100.77, 198.51.100.1')).status).toBe(429);
  });

  it('without trustProxy the header is ignored: every request counts against the connection\'s address', async () => {
    clock += 120_000;
    const body = await claim();
    const out: number[] = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) out.push((await post('/api/runs', body, direct, ip)).status);
    expect(out).toEqual([201, 201, 429]);
  });
});
