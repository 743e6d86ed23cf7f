/**
 * POST /api/policies/run over a real port, with the real worker pool: user code is
 * loaded and run in the sandbox on a worker thread, next to the bots. Good code gives
 * a run per balancer (figures, stars, a timeline); code that cannot be a policy is
 * refused with the sandbox's typed load error; a policy that misbehaves during a run is
 * reported per run with its typed fault; a policy that blocks its worker is stopped by
 * the pool's time budget while the server keeps answering.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinBySlug } from '../../../server/engine/levels';
import { createMemoryRepositories, seedBuiltins, type Db } from '../../../server/db';
import { createApiHandler } from '../../../server/http/api';
import { API_ROUTES, apiErrorSchema, POLICY_FAULT_KINDS, POLICY_LOAD_ERROR_KINDS } from '../../../server/protocol';
import { FAULT_KINDS, LOAD_ERROR_KINDS } from '../../../server/sandbox';
import { SimulationPool } from '../../../server/sim';
import { serveApi } from '../../helpers/http';

let db: Db;
let pool: SimulationPool;
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  db = createMemoryRepositories();
  await seedBuiltins(db);
  pool = new SimulationPool({ workers: 1 });
  await pool.warm();
  ({ base, close } = await serveApi(createApiHandler(db, { simulator: pool, policyRuns: { perMinute: 1000 } })));
});
afterAll(async () => {
  await close();
  await pool.close();
});

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const leastLoaded = readFileSync('examples/policies/least-loaded.ts', 'utf8');

async function runOk(body: unknown, at = base) {
  const r = await post(`${at}/api/policies/run`, body);
  const json: unknown = await r.json();
  expect(r.status, JSON.stringify(json).slice(0, 300)).toBe(200);
  return API_ROUTES.runPolicy.response.parse(json);
}

async function refused(body: unknown, at = base) {
  const r = await post(`${at}/api/policies/run`, body);
  return { status: r.status, headers: r.headers, error: apiErrorSchema.parse(await r.json()).error };
}

describe('POST /api/policies/run', () => {
  it('the protocol lists the sandbox\'s load-error and fault kinds', () => {
    expect([...POLICY_LOAD_ERROR_KINDS]).toEqual([...LOAD_ERROR_KINDS]);
    expect([...POLICY_FAULT_KINDS]).toEqual([...FAULT_KINDS]);
  });

  it('a good policy on a built-in level: its run, the default bots and par, each with figures, stars and a timeline', async () => {
    const out = await runOk({ source: leastLoaded, filename: 'least-loaded.ts', scenario: { slug: 'pile-up' } });
    expect(out.policy.name).toBe('least-loaded');
    expect(out.runs.map((r) => r.id)).toEqual(['policy', 'sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global', 'par']);
    const [mine, sticky] = out.runs;
    expect(mine.fault).toBeNull();
    // The README says least-loaded reaches par on pile-up; sticky does not.
    const par = out.runs.find((r) => r.id === 'par')!;
    expect(mine.figures.score).toBe(par.figures.score);
    expect(sticky.figures.score).toBeLessThan(mine.figures.score);
    for (const r of out.runs) {
      expect(r.stars).not.toBeNull();
      const frames = r.history.frames;
      expect(frames.length).toBeGreaterThan(0);
      expect(frames[frames.length - 1].tick).toBe(out.scenario.duration);
      // Every switch the run made is in its timeline: the chart draws real spans.
      expect(frames.flatMap((f) => f.events).filter((e) => e.type === 'switch').length).toBeGreaterThan(0);
    }
  });

  it('a pasted scenario, other bots, no par: the scenario is checked by the engine validator', async () => {
    const json = { ...builtinBySlug('idle-cpus')!, slug: 'my-copy', title: 'My copy' };
    const out = await runOk({ source: 'export const selectCpu = (v, t) => ({ cpu: v.tasks[t].cpu, rule: "policy" });', filename: 'p.js', scenario: { json }, bots: ['shift'], seed: 7 });
    expect(out.scenario).toMatchObject({ slug: 'my-copy', seed: 7 });
    expect(out.runs.map((r) => r.id)).toEqual(['policy', 'shift']);

    const bad = await refused({ source: 'export function balance() { return []; }', scenario: { json: { ...json, cpus: 0 } } });
    expect([bad.status, bad.error.code]).toEqual([400, 'invalid-input']);
    expect(bad.error.message).toMatch(/^scenario: cpus/);
    const unknown = await refused({ source: 'export function balance() { return []; }', scenario: { slug: 'no-such-level' } });
    expect(unknown.error.code).toBe('unknown-scenario');
  });

  it('a scenario over the policy run cost cap is refused before any run', async () => {
    const json = { ...builtinBySlug('open-problem')!, duration: 4000 };
    const { status, error } = await refused({ source: 'export function balance() { return []; }', scenario: { json } });
    expect([status, error.code]).toEqual([400, 'invalid-input']);
    expect(error.message).toMatch(/policy runs take at most/);
  });

  it.each([
    ['a syntax error, with its line and column', 'export function balance(view) {\n  return [;\n}', 'syntax', 2],
    ['no exports', 'const x = 1;', 'exports', null],
    ['an import', "import fs from 'node:fs';\nexport function balance() { fs; return []; }", 'import', null],
    ['a top level that loops', 'while (true) {}\nexport function balance() { return []; }', 'evaluation', null],
  ] as const)('%s is refused with the sandbox\'s load error', async (_what, source, kind, line) => {
    const { status, error } = await refused({ source, scenario: { slug: 'pinning' } });
    expect([status, error.code, error.policy?.kind]).toEqual([400, 'invalid-policy', kind]);
    expect(error.message).toMatch(new RegExp(`^${kind}: `));
    if (line !== null) expect(error.policy?.line).toBe(line);
    if (kind === 'evaluation') expect(error.policy?.fault?.kind).toBe('budget');
  });

  it.each([
    ['an infinite loop', 'export function balance() { for (;;) {} }', 'budget', 'balance'],
    ['a throw', 'export function balance() { throw new Error("boom"); }', 'threw', 'balance'],
    ['a garbage answer (a cycle)', 'export function balance() { const a: any = {}; a.a = a; return a; }', 'bad-output', 'balance'],
    ['host access', 'export function selectCpu(v, t) { return (globalThis as any).process.exit(1); }', 'host-access', 'selectCpu'],
  ] as const)('%s during a run is reported on the policy\'s run with its typed fault; the bots still run', async (_what, source, kind, call) => {
    const out = await runOk({ source, scenario: { slug: 'pile-up' }, bots: ['linux-rt-511'] });
    const [mine, bot] = out.runs;
    expect(mine.fault).toMatchObject({ kind, call });
    expect(mine.fault!.tick).toBeGreaterThanOrEqual(0);
    expect(bot.fault).toBeNull();
    // The run went on without the policy, to the end.
    expect(mine.history.frames[mine.history.frames.length - 1].tick).toBe(out.scenario.duration);
  });

  it('bad input is refused with the field named; nothing runs', async () => {
    const started = pool.stats().started['policy-run'];
    expect((await refused({ source: '', scenario: { slug: 'pinning' } })).error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/source/) });
    expect((await refused({ source: 'x', scenario: { slug: 'pinning' }, bots: ['nobody'] })).error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/bots/) });
    expect(pool.stats().started['policy-run']).toBe(started);
  });
});

describe('limits', () => {
  it('429 past the per-address budget, with when to come back', async () => {
    let clock = 1_000_000;
    const limited = await serveApi(createApiHandler(db, { simulator: pool, policyRuns: { perMinute: 2, now: () => clock } }));
    try {
      const body = { source: 'export function balance() { return []; }', scenario: { slug: 'pinning' }, bots: [], par: false };
      await runOk(body, limited.base);
      await runOk(body, limited.base);
      clock += 15_000;
      const { status, headers, error } = await refused(body, limited.base);
      expect([status, error.code, error.retryAfterSeconds, headers.get('retry-after')]).toEqual([429, 'rate-limited', 45, '45']);
      clock += 45_000;
      await runOk(body, limited.base);
    } finally {
      await limited.close();
    }
  });

  it('503 busy when the pool\'s queue is full', async () => {
    const small = new SimulationPool({ workers: 1, maxQueue: 0 });
    const busy = await serveApi(createApiHandler(db, { simulator: small }));
    try {
      const blocker = small.run({ kind: 'verify', input: { scenario: builtinBySlug('open-problem')!, builtin: false, inRoom: true, seed: 1, actions: [], finalHash: '', score: 0 } });
      const { status, headers, error } = await refused({ source: 'export function balance() { return []; }', scenario: { slug: 'pinning' } }, busy.base);
      expect([status, error.code]).toEqual([503, 'busy']);
      expect(headers.get('retry-after')).toBe(String(error.retryAfterSeconds));
      await blocker;
    } finally {
      await busy.close();
      await small.close();
    }
  });

  it('a policy too slow for the time budget (every call just under the sandbox\'s) is stopped with its worker; the server answers meanwhile and after', async () => {
    const own = new SimulationPool({ workers: 2 });
    await own.warm();
    const server = await serveApi(createApiHandler(db, { simulator: own, policyRuns: { timeBudgetMs: 3_000 } }));
    try {
      // Both workers load the compiler and QuickJS first, outside the route's budget (a cold load takes seconds on a busy machine).
      const warmUp = { kind: 'policy-run', input: { source: leastLoaded, filename: 'p.ts', scenario: builtinBySlug('pinning')!, bots: [], par: false } } as const;
      await Promise.all([own.run(warmUp, { timeBudgetMs: 60_000 }), own.run(warmUp, { timeBudgetMs: 60_000 })]);
      // Slow, not stuck: each call stays under the sandbox's per-call budget (2,000,000 jumps and calls), so
      // the sandbox never stops it, but a call on each of open-problem's 400 ticks (about 40 ms each here, a
      // quarter of that on a fast machine) adds up to far more than the route's 3 s. (Loops of long
      // native calls were tried first: QuickJS's wall-clock net catches them within seconds here.)
      const hostile = 'export function balance() { let s = 0; for (let i = 0; i < 600000; i++) s += i; return s < 0 ? [] : []; }';
      const inFlight = refused({ source: hostile, scenario: { slug: 'open-problem' }, bots: [], par: false }, server.base);
      // While the hostile run holds a worker: the event loop answers, and another policy runs on the other worker.
      const list = await fetch(`${server.base}/api/scenarios`);
      expect(list.status).toBe(200);
      const other = await runOk({ source: leastLoaded, scenario: { slug: 'pile-up' }, bots: ['sticky'], par: false }, server.base);
      expect(other.runs[0].fault).toBeNull();
      const { status, error } = await inFlight;
      expect([status, error.code]).toEqual([422, 'policy-timeout']);
      expect(own.stats().timedOut).toBe(1);
      // The worker was replaced: the next run goes through.
      const after = await runOk({ source: leastLoaded, scenario: { slug: 'pinning' }, bots: [], par: false }, server.base);
      expect(after.runs[0].fault).toBeNull();
    } finally {
      await server.close();
      await own.close();
    }
  }, 90_000);
});
