import { Worker } from 'node:worker_threads';
import { builtinRunner, experimentSets, runLabSet, USER_POLICY_PREFIX, type Experiment, type LabRunner, type LabSet } from '../../server/engine/experiment';
import { labCsvLine } from '../../server/engine/lab-csv';
import { loadUserPolicy } from './user-policy';
import { bundleWorker } from './worker-bundle';

/** A slice of an experiment's sets, [from, to) in experimentSets() order. */
export interface LabTask {
  id: number;
  from: number;
  to: number;
}

/** The runner of every balancer of an experiment: built-in bots here, user policies through the hook. */
export async function runnersFor(bots: readonly string[]): Promise<Map<string, LabRunner>> {
  const out = new Map<string, LabRunner>();
  for (const bot of bots) {
    const builtin = builtinRunner(bot);
    out.set(bot, builtin ?? (await loadUserPolicy(bot.slice(USER_POLICY_PREFIX.length))));
  }
  return out;
}

let cached: { e: Experiment; sets: LabSet[] } | null = null;

/** The CSV lines of sets [from, to), every bot on each, in order. */
export function runSets(e: Experiment, runners: Map<string, LabRunner>, from: number, to: number): string[] {
  if (cached?.e !== e) cached = { e, sets: experimentSets(e) };
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    for (const row of runLabSet(cached.sets[i], e.bots, (bot) => runners.get(bot)!)) lines.push(labCsvLine(row));
  }
  return lines;
}

export interface RunOptions {
  jobs: number;
  /** Called as sets finish: how many of how many. */
  onProgress?: (done: number, total: number) => void;
  /**
   * False: this thread only hands slices to the workers (with --jobs 2 or more), so the
   * workers run every set (a test of the worker path; the CLI always lets it work).
   */
  thisThreadWorks?: boolean;
  /** Called when workers start: how many, and how their code loads (worker-bundle.ts, or tsx through the shim). */
  onWorkers?: (count: number, code: 'bundle' | 'tsx') => void;
}

/** Slices a worker holds at once: the next one waits in its queue while it runs one, so it never idles on a round trip. */
const IN_FLIGHT = 2;
/** The largest slice, in sets: a second or so of work, so the progress bar moves. */
const MAX_SLICE = 50;

/**
 * Every line of an experiment's CSV (no header), in experimentSets() order whatever the
 * number of workers: slices go to whichever thread is free, and their lines are put back
 * in place. This thread is one of the --jobs threads and starts on the sets once the
 * workers' bundle is built, while --jobs N - 1 workers start (worker-bundle.ts: a bundled module, or tsx through
 * the shim for user policies); --jobs 1 starts none.
 */
export async function runExperiment(e: Experiment, opts: RunOptions): Promise<string[]> {
  const total = e.utilisation.length * e.mdShares.length * e.sets;
  const threads = Math.max(1, opts.jobs);
  const working = opts.thisThreadWorks !== false || threads === 1;
  // Guided slices: each a share of what is left, so slices shrink towards the end and the
  // threads finish together (the fixed slice before, 31 sets at --jobs 2 on the bench, is
  // about a second of work, and a worker holds two: one thread could be left alone with
  // them at the end); a round trip is negligible beside a set.
  const parts: string[][] = [];
  const slices: LabTask[] = [];
  let next = 0;
  const take = (): LabTask | null => {
    if (next >= total) return null;
    const size = Math.max(1, Math.min(MAX_SLICE, Math.ceil((total - next) / (threads * 4))));
    const t = { id: slices.length, from: next, to: Math.min(total, next + size) };
    next = t.to;
    slices.push(t);
    return t;
  };
  let done = 0;
  const report = (t: LabTask) => {
    done += t.to - t.from;
    opts.onProgress?.(done, total);
  };
  // No more workers than sets to share out.
  const wanted = Math.max(0, Math.min(threads - 1, working ? total - 1 : total));
  const policies = e.bots.some((b) => b.startsWith(USER_POLICY_PREFIX));
  const bundling = wanted > 0 && !policies ? bundleWorker() : Promise.resolve(null);
  const here = async () => {
    if (!working) return;
    // esbuild builds the bundle in its own process and answers over a pipe, which this thread
    // reads only between slices (a second or so each): starting on the sets first delayed the
    // workers' start by 3 to 8 s. The build takes a few hundred milliseconds: wait for it.
    await bundling.catch(() => null);
    const runners = await runnersFor(e.bots);
    for (let t = take(); t !== null; t = take()) {
      parts[t.id] = runSets(e, runners, t.from, t.to);
      report(t);
      // Let the workers' messages, the progress bar's timer and signals through between slices.
      await new Promise((r) => setImmediate(r));
    }
  };
  const workers: Worker[] = [];
  const disposals: (() => void)[] = [];
  let over = false;
  const helpers = async () => {
    if (wanted === 0) return;
    const bundle = await bundling;
    // The sets may all be done (or the batch failed) while the bundle was built: no worker then.
    if (over || next >= total) {
      bundle?.dispose();
      return;
    }
    if (bundle) disposals.push(bundle.dispose);
    const shim = { url: new URL('./worker-shim.mjs', import.meta.url), entry: new URL('./worker.ts', import.meta.url).href };
    for (let k = 0; k < wanted; k++) {
      workers.push(bundle ? new Worker(bundle.url, { workerData: { experiment: e } }) : new Worker(shim.url, { workerData: { entry: shim.entry, experiment: e } }));
    }
    opts.onWorkers?.(wanted, bundle ? 'bundle' : 'tsx');
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      let held = 0;
      const give = () => {
        while (held < IN_FLIGHT) {
          const t = take();
          if (t === null) break;
          w.postMessage(t);
          held++;
        }
        if (held === 0) resolve();
      };
      w.on('message', (m: { id: number; lines?: string[]; error?: string }) => {
        if (m.error !== undefined || !m.lines) return reject(new Error(m.error ?? 'worker answered nothing'));
        held--;
        parts[m.id] = m.lines;
        report(slices[m.id]);
        give();
      });
      w.on('error', reject);
      w.on('exit', (code) => {
        if (code !== 0) reject(new Error(`a lab worker exited with code ${code}`));
      });
      give();
    })));
  };
  try {
    await Promise.all([here(), helpers()]);
  } finally {
    over = true;
    await Promise.all(workers.map((w) => w.terminate()));
    for (const dispose of disposals) dispose();
  }
  return parts.flat();
}
