import { describe, expect, it } from 'vitest';
import {
  cellsOf, cliArgs, cliCommand, DEFAULT_EXPERIMENT, experimentJson, experimentOf, figures, formOf, LAB_BOTS, labCsvText, parseExperimentJson,
  policyBotName, policyFiles, shellWord, type LabCell,
} from '../../../app/lib/lab';
import { builtinRunner, experimentSchema, experimentSets, runLabSet, type Experiment } from '../../../server/engine/experiment';
import { LAB_CSV_HEADER, parseLabRow } from '../../../server/engine/lab-csv';
import { labPolicyRequestSchema } from '../../../server/protocol/http';

const small: Experiment = experimentSchema.parse({
  cpus: 3, tasks: 8, utilisation: [0.6, 0.9], mdShares: [0, 1], sets: 2, firstSeed: 7, duration: 400, bots: ['sticky', 'linux-rt-511', 'greedy-global', 'policy:mine.ts'],
  class: 'edf', mdMode: 'preempt_disable', migrationCost: 2, affinityShare: 0.25, sporadicShare: 0.5,
});

describe('the lab form and the experiment', () => {
  it('the defaults are the CLI\'s bare batch, with every built-in bot including the five candidates', () => {
    expect(DEFAULT_EXPERIMENT).toMatchObject({ cpus: 4, tasks: 12, utilisation: [0.75], mdShares: [0, 0.25, 0.5, 0.75, 1], sets: 8, duration: 2000, firstSeed: 1 });
    expect(DEFAULT_EXPERIMENT.bots).toEqual([...LAB_BOTS]);
    for (const b of ['linux-rt-eager', 'proactive-wake', 'shift', 'boost-pinned', 'nr-pinned-aware']) expect(LAB_BOTS).toContain(b);
  });

  it('maps an experiment to the form and back without losing a field', () => {
    expect(experimentOf(formOf(small))).toEqual({ ok: true, experiment: small });
    expect(experimentOf(formOf(DEFAULT_EXPERIMENT))).toEqual({ ok: true, experiment: DEFAULT_EXPERIMENT });
    expect(formOf(small)).toMatchObject({ utilisation: '0.6, 0.9', mdShares: '0, 1', class: 'edf', mdMode: 'preempt_disable', migrationCost: '2' });
  });

  it('names the field of each error, with the experiment schema\'s words and the browser\'s limits', () => {
    const bad = experimentOf({ ...formOf(small), cpus: 'four', utilisation: '0.5, 2', mdShares: '', sets: '0' });
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors;
    expect(errors).toEqual(expect.arrayContaining([
      { field: 'cpus', message: 'cpus must be a number' },
      { field: 'utilisation', message: 'utilisation must be <= 1.5' },
      { field: 'mdShares', message: 'mdShares: at least one value' },
      { field: 'sets', message: 'sets must be >= 1' },
    ]));
    const big = experimentOf({ ...formOf(small), cpus: '48' });
    expect(big.ok ? [] : big.errors).toEqual([{ field: 'cpus', message: 'cpus: 1 to 32 in the browser lab' }]);
    const bots = experimentOf({ ...formOf(small), bots: ['sticky', 'nope'] });
    expect(bots.ok ? [] : bots.errors.map((e) => e.field)).toEqual(['bots']);
  });

  it('exports JSON the experiment schema reads back as the same experiment, and imports it with clear errors', () => {
    const text = experimentJson(small);
    expect(experimentSchema.parse(JSON.parse(text))).toEqual(small);
    expect(parseExperimentJson(text)).toEqual({ ok: true, experiment: small });
    expect(parseExperimentJson('{cpus')).toMatchObject({ ok: false, message: expect.stringMatching(/^not JSON/) });
    expect(parseExperimentJson('[1]')).toEqual({ ok: false, message: 'an experiment is a JSON object' });
    expect(parseExperimentJson(JSON.stringify({ ...JSON.parse(text), tasks: 0, extra: 1 }))).toMatchObject({ ok: false, message: expect.stringMatching(/tasks: tasks must be >= 1.*Unrecognized key.*extra|extra.*tasks/s) });
  });

  it('gives the command line with every field as a flag, in the CLI\'s spelling, policies as policy:<file> bots', () => {
    expect(cliArgs(small)).toEqual([
      '--cpus', '3', '--tasks', '8', '--util', '0.6,0.9', '--md-share', '0,1', '--sets', '2', '--first-seed', '7', '--duration', '400',
      '--bots', 'sticky,linux-rt-511,greedy-global,policy:mine.ts', '--class', 'edf', '--md-mode', 'preempt_disable', '--migration-cost', '2',
      '--affinity-share', '0.25', '--sporadic-share', '0.5', '--csv', 'lab.csv',
    ]);
    expect(cliCommand(small)).toBe(`npm run lab -- ${cliArgs(small).join(' ')}`);
    expect(policyFiles(small)).toEqual(['mine.ts']);
    expect(shellWord("it's here.ts")).toBe("'it'\\''s here.ts'");
    expect(policyBotName('C:\\work\\My Policy.js')).toBe('policy:My-Policy.js');
    expect(policyBotName('balancer')).toBe('policy:balancer.ts');
    // Always a name the server's route accepts.
    for (const name of ['.hidden.js', '--x.ts', `${'a'.repeat(90)}.ts`, '', 'été.mjs']) {
      const file = policyBotName(name).slice('policy:'.length);
      expect(labPolicyRequestSchema.shape.filename.safeParse(file).success, `${name} -> ${file}`).toBe(true);
    }
  });
});

describe('the lab rows, CSV and sums', () => {
  const e = experimentSchema.parse({ ...small, bots: ['sticky', 'linux-rt-511', 'greedy-global'] });
  const rows = experimentSets(e).flatMap((set) => runLabSet(set, e.bots, (b) => builtinRunner(b)!));

  it('writes the CLI\'s CSV: its header, one line per run that --row re-runs', () => {
    const lines = labCsvText(rows).split('\n');
    expect(lines[0]).toBe(LAB_CSV_HEADER);
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines.at(-1)).toBe('');
    expect(parseLabRow(lines[1])).toMatchObject({ cpus: 3, utilisation: 0.6, mdShare: 0, setSeed: 7, bot: 'sticky', class: 'edf', migrationCost: 2 });
  });

  it('sums rows per (utilisation, share, bot) and finds the physics: greedy-global never strands, nothing strands without MD sections', () => {
    const cells = cellsOf(rows);
    expect(cells).toHaveLength(2 * 2 * 3);
    for (const c of cells) expect([c.sets, c.cpuTicks]).toEqual([2, 2 * 3 * 400]);
    for (const c of cells.filter((x) => x.mdShare === 0)) expect(c.stranded, c.bot).toBe(0);
    for (const c of cells.filter((x) => x.bot === 'greedy-global')) expect([c.stranded, c.wasted]).toEqual([0, 0]);
    for (const c of cells) expect(c.wasted, c.bot).toBeGreaterThanOrEqual(c.stranded);
    const one = cells.find((c) => c.bot === 'sticky' && c.utilisation === 0.9 && c.mdShare === 1)!;
    const mine = rows.filter((r) => r.bot === 'sticky' && r.utilisation === 0.9 && r.mdShare === 1);
    expect(one.wasted).toBe(mine.reduce((n, r) => n + r.wasted, 0));
  });

  it('normalises figures per 1,000 CPU-ticks and per deadline due', () => {
    const c: LabCell = { utilisation: 0.75, mdShare: 0.5, bot: 'linux-rt-511', sets: 1, jobs: 10, met: 6, missed: 2, stranded: 30, wasted: 42, inversion: 12, migrations: 5, cpuTicks: 6000 };
    expect(figures(c)).toEqual({ missPct: 25, strandedPerK: 5, wastedPerK: 7, inversionPerK: 2, migrationsPerK: 5 / 6 });
    expect(figures({ ...c, met: 0, missed: 0, cpuTicks: 0 })).toEqual({ missPct: 0, strandedPerK: 0, wastedPerK: 0, inversionPerK: 0, migrationsPerK: 0 });
  });
});
