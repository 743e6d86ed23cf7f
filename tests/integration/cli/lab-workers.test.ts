import { describe, expect, it } from 'vitest';
import { builtinRunner, experimentSchema, experimentSets, runLabSet } from '../../../server/engine/experiment';
import { labCsvLine } from '../../../server/engine/lab-csv';
import { runExperiment } from '../../../scripts/lab/run';

/**
 * The lab's worker threads themselves (scripts/lab/run.ts): the CLI tests give this
 * thread a share of the sets, so on a small batch it may finish them before a worker has
 * started. Here this thread only hands out slices and the workers (the esbuild bundle of
 * scripts/lab/worker.ts) run every set.
 */
describe('lab workers', () => {
  it('give the same lines, in order, as the sets run here one by one', async () => {
    const e = experimentSchema.parse({ cpus: 3, tasks: 7, utilisation: [0.6, 0.9], mdShares: [0, 1], sets: 6, duration: 300, bots: ['sticky', 'linux-rt-511', 'shift'] });
    const expected = experimentSets(e).flatMap((set) => runLabSet(set, e.bots, (b) => builtinRunner(b)!).map(labCsvLine));
    const progress: number[] = [];
    const started: string[] = [];
    const lines = await runExperiment(e, { jobs: 3, thisThreadWorks: false, onProgress: (done) => progress.push(done), onWorkers: (n, code) => started.push(`${n} ${code}`) });
    expect(started).toEqual(['2 bundle']);
    expect(lines).toEqual(expected);
    expect(progress.at(-1)).toBe(24);
    // Guided slices: more than one per worker, so the sets really were shared out.
    expect(progress.length).toBeGreaterThan(2);
  }, 120_000);
});
