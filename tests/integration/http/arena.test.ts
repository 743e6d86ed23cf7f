/**
 * The arena over a real port (server/serve.ts with its own one-worker pool, real SQLite): a
 * good policy is ranked among the built-in bots as its figures say, a policy that loops
 * forever is faulted with its typed kind while the server keeps answering, bad code is a 400
 * with the sandbox's kind and nothing stored, duplicates, the size cap and the rate limit.
 * The suite is made small here (2 sets of 300 ticks): README "Arena".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db';
import { serve, type Served } from '../../../server/serve';
import { createApiHandler } from '../../../server/http/api';
import { Arena } from '../../../server/arena/service';
import { compareArena } from '../../../server/arena/score';
import { SUITE_V1 } from '../../../server/arena/suite';
import { API_ROUTES, ARENA_MAX_CODE_BYTES, apiErrorSchema } from '../../../server/protocol';
import { BOT_NAMES } from '../../../server/engine';
import { inlineSimulator } from '../../../server/sim';
import { serveApi } from '../../helpers/http';

const SMALL = { ...SUITE_V1, utilisation: [0.95], mdShares: [0.75], setsPerCell: 2, duration: 300 };
const GOOD = fs.readFileSync(path.join(__dirname, '../../../examples/policies/least-loaded.ts'), 'utf8');
const LOOP = 'export const name = "spinner";\nexport function balance(view: unknown) { for (;;) {} }\n';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-'));
let db: Db;
let served: Served;
let base = '';

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'arena.db')}`);
  served = await serve({
    db, outboxDir: path.join(dir, 'outbox'), logger: { info: () => {}, error: () => {} }, port: 0, host: '127.0.0.1',
    fallback: (_req, res) => void res.writeHead(404).end(),
    arena: { suite: SMALL, secret: 'integration' },
  });
  base = served.url;
}, 60_000);
afterAll(async () => {
  await served?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const board = async (b = base) => API_ROUTES.arenaBoard.response.parse(await (await fetch(`${b}/api/arena`)).json());

/** Polls the board (each poll an answer: the server is not blocked) until the entry is done evaluating. */
async function settled(id: string) {
  for (;;) {
    const e = (await board()).entries.find((x) => x.id === id)!;
    if (e.status !== 'queued' && e.status !== 'evaluating') return e;
    // The game's own API answers meanwhile.
    expect((await fetch(`${base}/api/scenarios`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the arena over HTTP', () => {
  it('publishes the suite without seeds, and lists every built-in bot', async () => {
    const b = await board();
    expect(b.suite).toMatchObject({ version: 1, key: '1~sets2~d300', cpus: 4, tasks: 12, utilisation: [0.95], mdShares: [0.75], sets: 2, duration: 300, seeds: 'hidden' });
    expect(JSON.stringify(b)).not.toMatch(/setSeed/);
    expect(b.entries.filter((e) => e.bot).map((e) => e.bot).sort()).toEqual([...BOT_NAMES].sort());
  });

  it('a good policy is evaluated and ranked among the bots exactly as its figures say', async () => {
    const r = await post(`${base}/api/arena/submissions`, { name: 'least loaded', description: 'the example', code: GOOD });
    expect(r.status).toBe(201);
    const { entry, duplicate } = API_ROUTES.arenaSubmit.response.parse(await r.json());
    expect([duplicate, entry.bot, entry.sets]).toEqual([false, null, 2]);
    expect(['queued', 'evaluating']).toContain(entry.status);
    const done = await settled(entry.id);
    expect(done.status).toBe('ranked');
    for (const bot of BOT_NAMES) await settled((await board()).entries.find((e) => e.bot === bot)!.id);
    const ranked = (await board()).entries.filter((e) => e.rank !== null);
    expect(ranked.length).toBe(BOT_NAMES.length + 1);
    // The board's order is the ranking rule's, over the totals it shows.
    const asRule = [...ranked].sort((a, b) => compareArena({ ...a, createdAt: new Date(a.createdAt), totals: a.totals! }, { ...b, createdAt: new Date(b.createdAt), totals: b.totals! }));
    expect(ranked.map((e) => e.id)).toEqual(asRule.map((e) => e.id));
    expect(ranked.map((e) => e.rank)).toEqual(ranked.map((_, i) => i + 1));
    const mine = ranked.find((e) => e.id === entry.id)!;
    for (const other of ranked) {
      const ahead = other.rank! < mine.rank!;
      const key = (e: typeof mine) => [e.totals!.missed, e.totals!.wasted, e.totals!.stranded];
      const [a, b] = [key(other), key(mine)];
      const less = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
      if (ahead) expect(less).toBeLessThanOrEqual(0);
      else if (other.id !== mine.id) expect(less).toBeGreaterThanOrEqual(0);
    }

    // Its page: code and per-set results that add up to the board's totals; a replay of a set.
    const page = API_ROUTES.arenaEntry.response.parse(await (await fetch(`${base}/api/arena/submissions/${entry.id}`)).json());
    expect(page.code).toBe(GOOD);
    expect(page.results.map((s) => s.setIndex)).toEqual([0, 1]);
    expect(page.results.reduce((n, s) => n + s.wasted, 0)).toBe(mine.totals!.wasted);
    expect(page.results.reduce((n, s) => n + s.missed, 0)).toBe(mine.totals!.missed);
    const replay = API_ROUTES.arenaReplay.response.parse(await (await fetch(`${base}/api/arena/submissions/${entry.id}/sets/1/replay`)).json());
    expect(replay.frames).toHaveLength(300);
    expect(replay.result).toEqual(page.results[1]);
    expect((replay.scenario as { seed: number }).seed).toBe(0);

    // The same code again: the stored entry, nothing new.
    const again = API_ROUTES.arenaSubmit.response.parse(await (await post(`${base}/api/arena/submissions`, { name: 'copycat', code: GOOD })).json());
    expect([again.duplicate, again.entry.id, again.entry.name]).toEqual([true, entry.id, 'least loaded']);
  }, 240_000);

  it('a policy that loops forever is faulted with its typed kind, and the server keeps answering', async () => {
    const r = await post(`${base}/api/arena/submissions`, { name: 'spinner', code: LOOP });
    expect(r.status).toBe(201);
    const { entry } = API_ROUTES.arenaSubmit.response.parse(await r.json());
    const done = await settled(entry.id);
    expect(done).toMatchObject({ status: 'faulted', rank: null, fault: { kind: 'budget' } });
    const page = API_ROUTES.arenaEntry.response.parse(await (await fetch(`${base}/api/arena/submissions/${entry.id}`)).json());
    expect(page.results.every((s) => s.fault?.kind === 'budget')).toBe(true);
    expect((await fetch(`${base}/api/scenarios`)).status).toBe(200);
  }, 240_000);

  it('bad code: 400 with the sandbox\'s kind, nothing stored; too large: 413, nothing stored', async () => {
    const before = (await board()).entries.length;
    const syntax = await post(`${base}/api/arena/submissions`, { name: 'broken', code: 'export function balance( {' });
    expect(syntax.status).toBe(400);
    expect(apiErrorSchema.parse(await syntax.json()).error).toMatchObject({ code: 'invalid-policy', policy: { kind: 'syntax' } });
    const noExports = await post(`${base}/api/arena/submissions`, { name: 'empty', code: 'export const x = 1;' });
    expect(apiErrorSchema.parse(await noExports.json()).error).toMatchObject({ code: 'invalid-policy', policy: { kind: 'exports' } });
    // A module whose top level never ends: stopped by the budget on the arena's worker, refused.
    const spins = await post(`${base}/api/arena/submissions`, { name: 'spins', code: 'for (;;) {}\nexport function balance() { return []; }' });
    expect(apiErrorSchema.parse(await spins.json()).error).toMatchObject({ code: 'invalid-policy', policy: { kind: 'evaluation' }, message: expect.stringContaining('budget') });
    const big = await post(`${base}/api/arena/submissions`, { name: 'big', code: `export function balance() { return []; }\n// ${'x'.repeat(ARENA_MAX_CODE_BYTES)}` });
    expect(big.status).toBe(413);
    expect(apiErrorSchema.parse(await big.json()).error.code).toBe('too-large');
    expect((await board()).entries.length).toBe(before);
  });
});

describe('arena submissions are budgeted per address', () => {
  it('past N an hour: 429 with when to come back, nothing stored; the window reopens an hour later', async () => {
    const mem = await openDatabase(`file:${path.join(dir, 'rate.db')}`, { seed: false });
    const arena = await Arena.open(mem, { suite: { ...SMALL, setsPerCell: 1, duration: 20 }, secret: 'rate', simulator: inlineSimulator(), bots: [] });
    let clock = 1_000_000;
    const api = await serveApi(createApiHandler(mem, { arena, arenaSubmitsPerHour: 2, now: () => clock }));
    try {
      const code = (i: number) => `export function balance() { return []; } // ${i}`;
      expect((await post(`${api.base}/api/arena/submissions`, { name: 'a', code: code(1) })).status).toBe(201);
      clock += 60_000;
      expect((await post(`${api.base}/api/arena/submissions`, { name: 'b', code: code(2) })).status).toBe(201);
      const refused = await post(`${api.base}/api/arena/submissions`, { name: 'c', code: code(3) });
      expect(refused.status).toBe(429);
      expect(apiErrorSchema.parse(await refused.json()).error).toMatchObject({ code: 'rate-limited', retryAfterSeconds: 3540 });
      expect(refused.headers.get('retry-after')).toBe('3540');
      await arena.idle();
      expect((await arena.board()).map((e) => e.name)).toEqual(['a', 'b']);
      clock += 3540_000;
      expect((await post(`${api.base}/api/arena/submissions`, { name: 'c', code: code(3) })).status).toBe(201);
    } finally {
      await api.close();
      await arena.close();
      await mem.close();
    }
  });
});
