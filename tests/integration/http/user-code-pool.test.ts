/**
 * User code runs apart from the rooms' simulations: with a user-code simulator given, the
 * policy editor's runs and a lab policy's rows go to it, and the rooms' simulator (which
 * verifies runs and replays checkpoints) sees none of them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryRepositories, seedBuiltins } from '../../../server/db';
import { createApiHandler } from '../../../server/http/api';
import { inlineSimulator } from '../../../server/sim';
import { serveApi } from '../../helpers/http';

const rooms = inlineSimulator();
const userCode = inlineSimulator();
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const db = createMemoryRepositories();
  await seedBuiltins(db);
  ({ base, close } = await serveApi(createApiHandler(db, { simulator: rooms, userCodeSimulator: userCode })));
});
afterAll(() => close());

const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const IDLE = 'export function balance() { return []; }';

it('sends policy runs and lab policy rows to the user-code simulator, never to the rooms\' one', async () => {
  const run = await post('/api/policies/run', { source: IDLE, scenario: { slug: 'pinning' }, bots: ['sticky'] });
  expect(run.status).toBe(200);
  const lab = await post('/api/lab/policy', {
    source: IDLE, filename: 'idle.ts', from: 0, to: 1,
    experiment: { cpus: 2, tasks: 3, utilisation: [0.5], mdShares: [0.5], sets: 1, duration: 50, bots: ['policy:idle.ts'] },
  });
  expect(lab.status).toBe(200);
  expect(userCode.stats().started).toMatchObject({ 'policy-run': 1, 'lab-policy': 1 });
  expect(rooms.stats().started).toMatchObject({ 'policy-run': 0, 'lab-policy': 0 });
}, 120_000);
