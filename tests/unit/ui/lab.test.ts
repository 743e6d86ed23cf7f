import { describe, expect, it } from 'vitest';
import { accumulateCells, figures, LAB_BOTS, labCsv, labJobs, runLabJob, type LabCell, type LabParams } from '../../../app/lib/lab';

const small: LabParams = { cpus: 3, tasks: 8, utilisation: 0.8, mdShares: [0, 0.5, 1], sets: 3, duration: 600 };

function runAll(p: LabParams): LabCell[] {
  return labJobs(p).reduce<LabCell[]>((acc, job) => accumulateCells(acc, runLabJob(p, job)), []);
}

describe('lab batch', () => {
  it('runs every bot on every set of every share', () => {
    expect(labJobs(small)).toHaveLength(9);
    const cells = runAll(small);
    expect(cells).toHaveLength(small.mdShares.length * LAB_BOTS.length);
    for (const c of cells) {
      expect(c.sets).toBe(3);
      expect(c.cpuTicks).toBe(3 * 3 * 600);
      expect(c.met + c.missed).toBeLessThanOrEqual(c.jobs);
    }
  });

  it('finds what the physics says: nothing strands without MD sections, and greedy-global (nothing pinned) never strands nor inverts', () => {
    const cells = runAll(small);
    for (const c of cells.filter((x) => x.mdShare === 0)) expect(c.stranded, c.bot).toBe(0);
    for (const c of cells.filter((x) => x.bot === 'greedy-global')) {
      expect(c.stranded).toBe(0);
      expect(c.wasted).toBe(0);
      expect(c.inversion).toBe(0);
    }
    // Wasted includes stranded, and sticky (which never moves a waiting task) wastes idle CPUs.
    for (const c of cells) expect(c.wasted, c.bot).toBeGreaterThanOrEqual(c.stranded);
    expect(cells.filter((x) => x.bot === 'sticky').reduce((n, c) => n + c.wasted, 0)).toBeGreaterThan(0);
    for (const c of cells.filter((x) => x.bot === 'sticky')) expect(c.migrations).toBe(0);
    // With every job entering an MD section, Linux strands CPU time on these sets.
    expect(cells.find((x) => x.bot === 'linux-rt-511' && x.mdShare === 1)!.stranded).toBeGreaterThan(0);
  });

  it('is deterministic and sums without touching its inputs', () => {
    const a = runLabJob(small, { mdShare: 0.5, seed: 2 });
    expect(runLabJob(small, { mdShare: 0.5, seed: 2 })).toEqual(a);
    const frozen = JSON.stringify(a);
    const twice = accumulateCells(accumulateCells([], a), a);
    expect(JSON.stringify(a)).toBe(frozen);
    const ideal = twice.find((c) => c.bot === 'greedy-global')!;
    const once = a.find((c) => c.bot === 'greedy-global')!;
    expect(ideal).toMatchObject({ sets: 2, jobs: 2 * once.jobs, met: 2 * once.met, cpuTicks: 2 * once.cpuTicks });
  });

  it('normalises figures per 1,000 CPU-ticks and per deadline due, and writes them as CSV', () => {
    const c: LabCell = { mdShare: 0.5, bot: 'linux-rt-511', sets: 1, jobs: 10, met: 6, missed: 2, stranded: 30, wasted: 42, inversion: 12, migrations: 5, cpuTicks: 6000 };
    expect(figures(c)).toEqual({ missPct: 25, strandedPerK: 5, wastedPerK: 7, inversionPerK: 2, migrationsPerK: 5 / 6 });
    expect(figures({ ...c, met: 0, missed: 0, cpuTicks: 0 })).toEqual({ missPct: 0, strandedPerK: 0, wastedPerK: 0, inversionPerK: 0, migrationsPerK: 0 });
    const lines = labCsv([c]).trim().split('\n');
    expect(lines[0]).toBe('md_share,bot,sets,jobs,met,missed,miss_pct,stranded_cpu_ticks,stranded_per_1000,wasted_cpu_ticks,wasted_per_1000,inversion_per_1000,migrations_per_1000');
    expect(lines[1]).toBe('0.5,linux-rt-511,1,10,6,2,25.00,30,5.000,42,7.000,2.000,0.833');
  });
});
