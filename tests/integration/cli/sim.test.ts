import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BOT_NAMES } from '../../../server/engine';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

/** The headless runner exactly as `npm run sim -- ...` runs it. */
async function sim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/sim.ts', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run sim', () => {
  it('prints the documented JSON for a built-in slug, for every bot', async () => {
    const results = await Promise.all(BOT_NAMES.map((bot) => sim('pile-up', '--bot', bot, '--json')));
    for (const [i, r] of results.entries()) {
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ scenario: 'pile-up', bot: BOT_NAMES[i], seed: expect.any(Number), ticks: expect.any(Number), score: expect.any(Number), finalHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
      for (const key of ['jobs', 'met', 'missed', 'tardiness', 'strandedCpuTicks', 'wastedCpuTicks', 'idleCpuTicks', 'inversionTicks', 'migrations', 'preemptions']) {
        expect(out.metrics[key], key).toEqual(expect.any(Number));
      }
      expect(Object.keys(out.metrics.tasks).length).toBeGreaterThan(1);
      for (const t of Object.values(out.metrics.tasks) as { wastedTicks: unknown }[]) expect(t.wastedTicks).toEqual(expect.any(Number));
      expect(out.metrics.wastedCpuTicks).toBeGreaterThanOrEqual(out.metrics.strandedCpuTicks);
    }
    const sticky = JSON.parse(results[BOT_NAMES.indexOf('sticky')].stdout);
    const ideal = JSON.parse(results[BOT_NAMES.indexOf('global-ideal')].stdout);
    expect(sticky.metrics.migrations).toBe(0);
    expect(ideal.metrics.strandedCpuTicks).toBe(0);
    expect(sticky.metrics.strandedCpuTicks).toBeGreaterThan(0);
  });

  it('replays an action log from a file, with a seed, and writes a per-tick trace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-'));
    const scenarioFile = path.join(dir, 's.json');
    writeFileSync(scenarioFile, JSON.stringify({
      format: 1, slug: 'cli', title: 'cli', cpus: 2, duration: 40, balancer: 'none',
      tasks: [
        { id: 'L', priority: 10, cpu: 0, release: { at: [0] }, deadline: 30, body: [{ run: 2 }, { md: 20 }, { run: 2 }] },
        { id: 'H', priority: 90, cpu: 0, release: { at: [5] }, deadline: 20, body: [{ run: 15 }] },
      ],
    }));
    const actions = path.join(dir, 'a.json');
    writeFileSync(actions, JSON.stringify([{ tick: 6, type: 'migrate', task: 'H', cpu: 1 }]));
    const trace = path.join(dir, 't.jsonl');
    const r = await sim(scenarioFile, '--actions', actions, '--trace', trace, '--seed', '9', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ seed: 9, bot: 'none', ticks: 40 });
    expect(out.metrics).toMatchObject({ met: 2, missed: 0, migrations: 1 });
    const lines = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(40);
    expect(lines[6].events).toContainEqual(expect.objectContaining({ type: 'migrate', task: 'H', from: 0, to: 1, by: 'player' }));
    expect(lines[6].pinned).toEqual([{ task: 'L', cpu: 0 }]);
    expect(lines[6].cpus).toEqual([{ cpu: 0, running: 'L', queue: [] }, { cpu: 1, running: 'H', queue: [] }]);
    expect(lines[2].events).toContainEqual({ type: 'md-enter', task: 'L', cpu: 0 });
    // Tick 5: H preempts the pinned L on CPU 0 while CPU 1 idles; the best schedule runs both.
    expect(lines[5].figures).toEqual({ idle: 1, stranded: 1, wasted: 1, inversion: 1, strandedTasks: ['L'], wastedTasks: ['L'] });
    expect(lines[6].figures).toEqual({ idle: 0, stranded: 0, wasted: 0, inversion: 0, strandedTasks: [], wastedTasks: [] });
    expect(out.metrics).toMatchObject({ strandedCpuTicks: 1, wastedCpuTicks: 1, inversionTicks: 1 });
  });

  it('exits non-zero with a message naming the bad field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 1, slug: 'bad', title: 'b', cpus: 2, duration: 10, tasks: [{ id: 'A', priority: 5, cpu: 3, release: { at: [0] }, deadline: 5, body: [{ run: 1 }] }] }));
    const r1 = await sim(bad);
    expect(r1.code).not.toBe(0);
    expect(r1.stderr).toMatch(/tasks\[0\]\.cpu: CPU 3 does not exist/);
    const r2 = await sim('pile-up', '--bot', 'cfs');
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toMatch(/--bot: unknown bot "cfs"/);
    const r3 = await sim('no-such-level');
    expect(r3.code).not.toBe(0);
    expect(r3.stderr).toMatch(/no built-in scenario with slug "no-such-level"/);
    const badActions = path.join(dir, 'a.json');
    writeFileSync(badActions, JSON.stringify([{ tick: 1, type: 'teleport', task: 'H', cpu: 1 }]));
    const r4 = await sim('pile-up', '--actions', badActions);
    expect(r4.code).not.toBe(0);
    expect(r4.stderr).toMatch(/\[0\]\.type/);
  });
});
