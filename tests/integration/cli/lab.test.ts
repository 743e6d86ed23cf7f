import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runNpm, runScript } from '../../helpers/cli';
import { cliArgs, cliCommand, experimentJson, labCsvText } from '../../../app/lib/lab';
import { builtinRunner, experimentSchema, experimentSets, runLabSet } from '../../../server/engine/experiment';
import { labCliArgs, labCliCsv } from '../../helpers/lab-cli';
import { LAB_CSV_COLUMNS, LAB_CSV_HEADER } from '../../../server/engine/lab-csv';

const dir = mkdtempSync(path.join(tmpdir(), 'lab-'));

/**
 * The lab as `npm run lab -- ...` runs it (tsx, worker threads and all); `viaNpm` goes
 * through npm itself, the rest start tsx directly to spare a loaded machine npm's start-up.
 */
const lab = (...args: string[]) => (args[0] === 'viaNpm' ? runNpm('lab', args.slice(1)) : runScript('lab.ts', args));

const SMALL = ['--cpus', '3', '--tasks', '7', '--util', '0.6,0.9', '--md-share', '0,0.5,1', '--sets', '3', '--duration', '400', '--bots', 'sticky,linux-rt-511,shift'];
const col = (name: string) => LAB_CSV_COLUMNS.indexOf(name);

describe('npm run lab', () => {
  it('writes the same CSV byte for byte with --jobs 1 and --jobs 2, one row per set and bot, in order', async () => {
    const [a, b] = [path.join(dir, 'j1.csv'), path.join(dir, 'j2.csv')];
    const [r1, r2] = await Promise.all([lab('viaNpm', ...SMALL, '--jobs', '1', '--csv', a), lab('viaNpm', ...SMALL, '--jobs', '2', '--csv', b)]);
    expect(r1, r1.stderr).toMatchObject({ code: 0 });
    expect(r2, r2.stderr).toMatchObject({ code: 0 });
    const one = readFileSync(a);
    expect(readFileSync(b).equals(one)).toBe(true);
    const lines = one.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(LAB_CSV_HEADER);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2 * 3 * 3 * 3);
    // utilisation, then share, then set seed, then the bots in the order given.
    expect(rows.slice(0, 4).map((r) => [r[col('utilisation')], r[col('md_share')], r[col('set_seed')], r[col('bot')]])).toEqual([
      ['0.6', '0', '1', 'sticky'], ['0.6', '0', '1', 'linux-rt-511'], ['0.6', '0', '1', 'shift'], ['0.6', '0', '2', 'sticky'],
    ]);
    expect(rows.at(-1)!.slice(0, 8)).toEqual(['3', '7', '0.9', '1', '400', '3', '3', 'shift']);
    // Real figures: runs differ, and the busier machine misses more in all.
    expect(new Set(rows.map((r) => r[col('final_hash')])).size).toBeGreaterThan(rows.length / 2);
    const missed = (u: string) => rows.filter((r) => r[col('utilisation')] === u).reduce((s, r) => s + Number(r[col('missed')]), 0);
    expect(missed('0.9')).toBeGreaterThan(missed('0.6'));
  }, 300_000);

  it('runs the browser lab\'s experiment: its "reproduce" command line and its JSON give the CSV the page downloads, byte for byte', async () => {
    const e = experimentSchema.parse({ cpus: 3, tasks: 7, utilisation: [0.6, 0.9], mdShares: [0.5], sets: 2, firstSeed: 4, duration: 300, bots: ['linux-rt-511', 'shift', 'sticky'], sporadicShare: 0.5 });
    // What the page computes (its Web Worker runs exactly this) and downloads.
    const page = labCsvText(experimentSets(e).flatMap((set) => runLabSet(set, e.bots, (b) => builtinRunner(b)!)));
    const [fromLine, fromJson] = await Promise.all([labCliArgs(cliArgs(e)), labCliCsv(experimentJson(e))]);
    expect(fromLine).toBe(page);
    expect(fromJson).toBe(page);
    // The line is those arguments, quoted for a shell only where needed.
    expect(cliCommand(e)).toBe(`npm run lab -- ${cliArgs(e).join(' ')}`);
  }, 180_000);

  it('re-runs any row alone with --row and gives the same figures (whole row, parameter columns, or header + row)', async () => {
    const file = path.join(dir, 'rt.csv');
    const r = await lab(...SMALL, '--jobs', '2', '--csv', file);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
    const picked = [rows[4], rows[29], rows.at(-1)!];
    const params = (row: string) => row.split(',').slice(0, col('score')).join(',');
    const reruns = await Promise.all([
      ...picked.map((row) => lab('--row', row)),
      lab('--row', params(picked[0])),
      lab('--row', `${header}\n${picked[1]}`),
    ]);
    const expected = [...picked, picked[0], picked[1]];
    for (const [i, rr] of reruns.entries()) {
      expect(rr.code, rr.stderr).toBe(0);
      expect(rr.stdout).toBe(`${header}\n${expected[i]}\n`);
    }
  }, 300_000);

  it('runs an experiment JSON like the same flags, and flags override its fields', async () => {
    const exp = path.join(dir, 'exp.json');
    writeFileSync(exp, JSON.stringify({ cpus: 3, tasks: 7, utilisation: [0.6, 0.9], mdShares: [0, 0.5, 1], sets: 9, duration: 400, bots: ['sticky', 'linux-rt-511', 'shift'] }));
    const [fromFile, flags] = await Promise.all([lab('--experiment', exp, '--sets', '3', '--jobs', '1'), lab(...SMALL, '--jobs', '1')]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toBe(flags.stdout);
  }, 120_000);

  it('refuses bad arguments with a message naming the problem and exit code 2, writing no CSV', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ cpus: 4, tasks: 12, utilisation: [0.7], mdShares: [2], sets: 1, duration: 100, bots: ['sticky'] }));
    const cases: [string[], RegExp][] = [
      [['--cpus', '0'], /cpus: cpus must be >= 1/],
      [['--util', '0.5,abc'], /utilisation\.1: utilisation must be a number/],
      [['--bots', 'sticky,nope'], /unknown bot "nope"/],
      [['--bots', 'sticky,sticky'], /bots: each at most once/],
      [['--md-share', '1.5'], /mdShares\.0: mdShares must be <= 1/],
      [['--jobs', '0'], /--jobs: a whole number 1\.\.256/],
      [['--frobnicate'], /unknown option '--frobnicate'/],
      [['--class', 'rr'], /--class <class>' argument 'rr' is invalid/],
      [['--experiment', path.join(dir, 'missing.json')], /--experiment: cannot read/],
      [['--experiment', bad], /mdShares\.0: mdShares must be <= 1/],
      [['--row', '4,12,0.75'], /a row has 13 parameter columns/],
      [['--row', '4,12,0.75,0,500,1,1,sticky,fifo,migrate_disable,0,0,0.25', '--cpus', '2'], /--row carries every parameter of its run: drop --cpus/],
      [['--policy', path.join(dir, 'my.ts')], /--policy .*my\.ts: cannot read it/],
    ];
    const csv = path.join(dir, 'never.csv');
    const results = await Promise.all(cases.map(([args]) => lab(...args, '--csv', csv)));
    for (const [i, r] of results.entries()) {
      expect(r.code, cases[i][0].join(' ')).toBe(2);
      expect(r.stderr, cases[i][0].join(' ')).toMatch(cases[i][1]);
      expect(r.stderr).toMatch(/^lab: /);
      expect(r.stdout).toBe('');
    }
    expect(() => readFileSync(csv)).toThrow();
  }, 300_000);
});

describe('npm run lab --policy', () => {
  it('runs a user policy in the sandbox: the same rows whatever --jobs, and a policy row re-runs alone', async () => {
    const policy = path.join(ROOT, 'examples/policies/least-loaded.ts');
    const args = ['--cpus', '3', '--tasks', '7', '--util', '0.8', '--md-share', '0.5', '--sets', '2', '--duration', '300', '--bots', 'sticky', '--policy', policy];
    const [a, b] = [path.join(dir, 'p1.csv'), path.join(dir, 'p2.csv')];
    const [r1, r2] = await Promise.all([lab(...args, '--jobs', '1', '--csv', a), lab(...args, '--jobs', '2', '--csv', b)]);
    expect(r1, r1.stderr).toMatchObject({ code: 0 });
    expect(r2, r2.stderr).toMatchObject({ code: 0 });
    const csv = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(csv);
    const rows = csv.trim().split('\n').slice(1);
    const mine = rows.filter((r) => r.split(',')[col('bot')] === `policy:${policy}`);
    expect(mine).toHaveLength(2);
    const again = await lab('--row', mine[1]);
    expect(again, again.stderr).toMatchObject({ code: 0 });
    expect(again.stdout.trim().split('\n')[1]).toBe(mine[1]);
  }, 300_000);
});
