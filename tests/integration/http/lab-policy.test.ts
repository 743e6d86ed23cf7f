/**
 * POST /api/lab/policy on a real port, with the server's real worker pool: a user
 * policy's rows equal the command-line lab's rows for the same experiment, bad code is
 * refused with the sandbox's typed error, a fault during a run is reported per run and
 * leaves the server working, and the work cap and the per-address budget hold.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentJson } from '../../../app/lib/lab';
import { createMemoryRepositories, type Db } from '../../../server/db';
import { experimentSchema, type ExperimentInput } from '../../../server/engine/experiment';
import { labCsvLine } from '../../../server/engine/lab-csv';
import { createApiHandler } from '../../../server/http/api';
import { API_ROUTES, apiErrorSchema, type LabPolicyRequest } from '../../../server/protocol';
import { SimulationPool } from '../../../server/sim';
import { labCliCsv } from '../../helpers/lab-cli';
import { serveApi } from '../../helpers/http';

const POLICY = readFileSync(path.resolve(__dirname, '../../../examples/policies/least-loaded.ts'), 'utf8');
const EXPERIMENT: ExperimentInput = {
  cpus: 3, tasks: 6, utilisation: [0.8], mdShares: [0, 1], sets: 2, duration: 300, bots: ['sticky', 'policy:least-loaded.ts'],
};

let db: Db;
let pool: SimulationPool;
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  db = createMemoryRepositories();
  pool = new SimulationPool({ workers: 1 });
  ({ base, close } = await serveApi(createApiHandler(db, { simulator: pool })));
});
afterAll(async () => {
  await close();
  await pool.close();
});

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const request = (over: Partial<LabPolicyRequest> = {}): LabPolicyRequest => ({ source: POLICY, filename: 'least-loaded.ts', experiment: EXPERIMENT, from: 0, to: 4, ...over });

describe('POST /api/lab/policy', () => {
  it('answers the policy rows the command-line lab writes for the same experiment, in slices or whole', async () => {
    const whole = await post(`${base}/api/lab/policy`, request());
    expect(whole.status).toBe(200);
    const body = API_ROUTES.labPolicy.response.parse(await whole.json());
    expect(body.rows.map((r) => [r.mdShare, r.setSeed, r.bot])).toEqual([[0, 1, 'policy:least-loaded.ts'], [0, 2, 'policy:least-loaded.ts'], [1, 1, 'policy:least-loaded.ts'], [1, 2, 'policy:least-loaded.ts']]);
    expect(body.faults).toEqual([null, null, null, null]);
    // Two slices give the same rows as one request.
    const a = API_ROUTES.labPolicy.response.parse(await (await post(`${base}/api/lab/policy`, request({ from: 0, to: 1 }))).json());
    const b = API_ROUTES.labPolicy.response.parse(await (await post(`${base}/api/lab/policy`, request({ from: 1, to: 4 }))).json());
    expect([...a.rows, ...b.rows]).toEqual(body.rows);

    const csv = await labCliCsv(experimentJson(experimentSchema.parse(EXPERIMENT)), { 'least-loaded.ts': POLICY });
    const cliPolicyLines = csv.trimEnd().split('\n').filter((l) => l.includes(',policy:least-loaded.ts,'));
    expect(cliPolicyLines).toHaveLength(4);
    expect(body.rows.map((r) => labCsvLine(r as never))).toEqual(cliPolicyLines);
  }, 240_000);

  it('refuses code the sandbox cannot load with its typed LoadError kind, and runs nothing', async () => {
    const res = await post(`${base}/api/lab/policy`, request({ source: 'export function balance( {', filename: 'broken.ts' }));
    const err = apiErrorSchema.parse(await res.json());
    expect([res.status, err.error.code, err.error.policy?.kind]).toEqual([400, 'invalid-policy', 'syntax']);
    expect(err.error.message).toMatch(/^syntax: /);
    const imports = apiErrorSchema.parse(await (await post(`${base}/api/lab/policy`, request({ source: "import { execSync } from 'node:child_process';\nexport function balance() { execSync('id'); return []; }" }))).json());
    expect([imports.error.code, imports.error.policy?.kind]).toEqual(['invalid-policy', 'import']);
  }, 120_000);

  it('reports a policy that loops forever per run, and the server keeps answering', async () => {
    const spin = 'export function balance(view: { tick: number }) { if (view.tick === 3) for (;;) {} return []; }';
    const res = await post(`${base}/api/lab/policy`, request({ source: spin, filename: 'spin.ts', to: 1 }));
    expect(res.status).toBe(200);
    const body = API_ROUTES.labPolicy.response.parse(await res.json());
    expect(body.faults).toEqual([expect.objectContaining({ kind: 'budget', call: 'balance', tick: 3 })]);
    expect(body.rows[0].bot).toBe('policy:spin.ts');
    expect((await post(`${base}/api/lab/policy`, request({ to: 1 }))).status).toBe(200);
  }, 120_000);

  it('caps the work of one request and refuses a slice outside the experiment', async () => {
    // 3 sets x 300 ticks x 3 CPUs = 2,700 units; the cap here is 2,000.
    const capped = await serveApi(createApiHandler(db, { simulator: pool, lab: { maxWork: 2000 } }));
    try {
      const res = await post(`${capped.base}/api/lab/policy`, request({ from: 0, to: 3 }));
      const err = apiErrorSchema.parse(await res.json());
      expect([res.status, err.error.code]).toEqual([413, 'too-large']);
      expect(err.error.message).toMatch(/2700 units .* at most 2000/);
      expect((await post(`${capped.base}/api/lab/policy`, request({ from: 0, to: 2 }))).status).toBe(200);
      const outside = apiErrorSchema.parse(await (await post(`${capped.base}/api/lab/policy`, request({ from: 3, to: 5 }))).json());
      expect(outside.error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/4 sets/) });
    } finally {
      await capped.close();
    }
  }, 120_000);

  it('budgets the work per address per minute: 429 with when to come back', async () => {
    let clock = 1_000_000;
    // Room for two one-set requests (900 units each) a minute.
    const limited = await serveApi(createApiHandler(db, { simulator: pool, now: () => clock, lab: { workPerMinute: 2000 } }));
    try {
      expect((await post(`${limited.base}/api/lab/policy`, request({ to: 1 }))).status).toBe(200);
      expect((await post(`${limited.base}/api/lab/policy`, request({ from: 1, to: 2 }))).status).toBe(200);
      clock += 15_000;
      const res = await post(`${limited.base}/api/lab/policy`, request({ from: 2, to: 3 }));
      const err = apiErrorSchema.parse(await res.json());
      expect([res.status, err.error.code, err.error.retryAfterSeconds, res.headers.get('retry-after')]).toEqual([429, 'rate-limited', 45, '45']);
      clock += 45_000;
      expect((await post(`${limited.base}/api/lab/policy`, request({ from: 2, to: 3 }))).status).toBe(200);
    } finally {
      await limited.close();
    }
  }, 120_000);
});
