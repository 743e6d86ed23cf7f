import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, runScript } from '../../helpers/cli';
import { BOT_NAMES, dailyScenario, simulate } from '../../../server/engine';

/** The headless runner exactly as `npm run sim -- ...` runs it. */
const sim = (...args: string[]) => runScript('sim.ts', args);

// Each test spawns tsx processes: on a loaded 2-core machine one start takes seconds.
describe('npm run sim', { timeout: 120_000 }, () => {
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
    const ideal = JSON.parse(results[BOT_NAMES.indexOf('greedy-global')].stdout);
    expect(sticky.metrics.migrations).toBe(0);
    expect(ideal.metrics.strandedCpuTicks).toBe(0);
    expect(sticky.metrics.strandedCpuTicks).toBeGreaterThan(0);
  });

  it('accepts --bot global-ideal, the old name of greedy-global, and reports the new name', async () => {
    const [old, current] = await Promise.all([sim('pile-up', '--bot', 'global-ideal', '--json'), sim('pile-up', '--bot', 'greedy-global', '--json')]);
    expect(old.code).toBe(0);
    expect(JSON.parse(old.stdout)).toEqual(JSON.parse(current.stdout));
    expect(JSON.parse(old.stdout).bot).toBe('greedy-global');
  });

  it('`npm run -s sim -- ... --json` prints only the JSON (without -s npm adds its banner lines, as the README says)', async () => {
    const npm = (...args: string[]) => promisify(execFile)('npm', args, { cwd: ROOT }).then((r) => r.stdout);
    const [quiet, loud] = await Promise.all([
      npm('run', '-s', 'sim', '--', 'pile-up', '--bot', 'sticky', '--seed', '3', '--json'),
      npm('run', 'sim', '--', 'pile-up', '--json'),
    ]);
    expect(JSON.parse(quiet)).toMatchObject({ scenario: 'pile-up', bot: 'sticky', seed: 3 });
    expect(() => JSON.parse(loud)).toThrow();
    expect(loud).toContain('> md-balancer');
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
    // A bad slug (the schema) and a CPU that does not exist (a cross-field check): both at once, each with its place.
    writeFileSync(bad, JSON.stringify({ format: 1, slug: 'Bad', title: 'b', cpus: 2, duration: 10, tasks: [{ id: 'A', priority: 5, cpu: 3, release: { at: [0] }, deadline: 5, body: [{ run: 1 }] }] }, null, 2));
    const r1 = await sim(bad);
    expect(r1.code).not.toBe(0);
    expect(r1.stderr).toContain(`${bad}:3:11: slug: `);
    expect(r1.stderr).toContain(`${bad}:11:14: tasks[0].cpu: CPU 3 does not exist`);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "format": 1\n  "slug": "x"\n}\n');
    const r0 = await sim(broken);
    expect(r0.code).not.toBe(0);
    expect(r0.stderr).toContain(`${broken}:3:3: broken JSON: a "," was expected`);
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

  it('runs a day\'s daily challenge as daily:YYYY-MM-DD, the same scenario the engine generates that day', async () => {
    const date = '2026-03-01';
    const [a, b] = await Promise.all([sim(`daily:${date}`, '--json'), sim(`daily:${date}`, '--bot', 'sticky', '--json')]);
    expect(a.code).toBe(0);
    const out = JSON.parse(a.stdout);
    const expected = simulate(dailyScenario(date)).result;
    expect(out).toMatchObject({ scenario: `daily-${date}`, bot: 'linux-rt-511', score: expected.score, finalHash: expected.finalHash });
    expect(JSON.parse(b.stdout).finalHash).toBe(simulate(dailyScenario(date), { bot: 'sticky' }).result.finalHash);
  });

  it('refuses a daily: name whose date is malformed, not a calendar day, or in the future', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const [bad, feb30, future] = await Promise.all([sim('daily:tomorrow'), sim('daily:2026-02-30'), sim(`daily:${tomorrow}`)]);
    for (const r of [bad, feb30, future]) expect(r.code).toBe(2);
    expect(bad.stderr).toMatch(/"daily:tomorrow": the date must be a calendar day written YYYY-MM-DD/);
    expect(feb30.stderr).toMatch(/"daily:2026-02-30": the date must be a calendar day/);
    expect(future.stderr).toMatch(new RegExp(`${tomorrow} is in the future`));
  });

  it('--bot par --budget-ms: score, bound and actions, with the work budget that --budget-work reproduces exactly', async () => {
    const timed = await sim('pile-up', '--bot', 'par', '--json', '--budget-ms', '400');
    expect(timed.code).toBe(0);
    const out = JSON.parse(timed.stdout);
    expect(out).toMatchObject({ scenario: 'pile-up', score: expect.any(Number), bound: expect.any(Number), actions: expect.any(Array), budgetWork: expect.any(Number) });
    expect(out.score).toBeLessThanOrEqual(out.bound);
    expect(out.work).toBeLessThanOrEqual(out.budgetWork * 1.2);
    const [again, both] = await Promise.all([
      sim('pile-up', '--bot', 'par', '--json', '--budget-work', String(out.budgetWork)),
      sim('pile-up', '--bot', 'par', '--budget-ms', '400', '--budget-work', '1000'),
    ]);
    expect(again.code).toBe(0);
    const rerun = JSON.parse(again.stdout);
    expect({ score: rerun.score, actions: rerun.actions, finalHash: rerun.finalHash, work: rerun.work }).toEqual({ score: out.score, actions: out.actions, finalHash: out.finalHash, work: out.work });
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/one budget only/);
  });
});
