import { Worker } from 'node:worker_threads';
import { builtinRunner, experimentSets, runLabSet, USER_POLICY_PREFIX, type Experiment, type LabRunner, type LabSet } from '../../server/engine/experiment';
import { labCsvLine } from '../../server/engine/lab-csv';
import { loadUserPolicy } from './user-policy';

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
}

/** Slices a worker holds at once: the next one waits in its queue while it runs one, so it never idles on a round trip. */
const IN_FLIGHT = 2;

/**
 * Every line of an experiment's CSV (no header), in experimentSets() order whatever the
 * number of workers: slices go to whichever thread is free, and their lines are put back
 * in place. This thread is one of the --jobs threads (a worker costs a second or more of
 * CPU to start: tsx and the engine loaded again), so --jobs N starts N - 1 workers and
 * --jobs 1 none.
 */
export async function runExperiment(e: Experiment, opts: RunOptions): Promise<string[]> {
  const total = e.utilisation.length * e.mdShares.length * e.sets;
  // Small slices keep the threads evenly busy to the end and the progress bar moving;
  // each costs one message round trip, negligible beside a set's simulations.
  const size = Math.max(1, Math.min(50, Math.floor(total / (opts.jobs * 16))));
  const tasks: LabTask[] = [];
  for (let from = 0, id = 0; from < total; from += size, id++) tasks.push({ id, from, to: Math.min(total, from + size) });
  const parts: string[][] = new Array<string[]>(tasks.length);
  let done = 0;
  const report = (t: LabTask) => {
    done += t.to - t.from;
    opts.onProgress?.(done, total);
  };
  let next = 0;
  const here = async () => {
    const runners = await runnersFor(e.bots);
    while (next < tasks.length) {
      const t = tasks[next++];
      parts[t.id] = runSets(e, runners, t.from, t.to);
      report(t);
      // Let the workers' messages, the progress bar's timer and signals through between slices.
      await new Promise((r) => setImmediate(r));
    }
  };
  const entry = new URL('./worker.ts', import.meta.url).href;
  const workers = Array.from({ length: Math.max(0, Math.min(opts.jobs - 1, tasks.length - 1)) }, () => new Worker(new URL('./worker-shim.mjs', import.meta.url), { workerData: { entry, experiment: e } }));
  try {
    await Promise.all([
      here(),
      ...workers.map((w) => new Promise<void>((resolve, reject) => {
        let held = 0;
        const give = () => {
          while (held < IN_FLIGHT && next < tasks.length) {
            w.postMessage(tasks[next++]);
            held++;
          }
          if (held === 0) resolve();
        };
        w.on('message', (m: { id: number; lines?: string[]; error?: string }) => {
          if (m.error !== undefined || !m.lines) return reject(new Error(m.error ?? 'worker answered nothing'));
          held--;
          parts[m.id] = m.lines;
          report(tasks[m.id]);
          give();
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0) reject(new Error(`a lab worker exited with code ${code}`));
        });
        give();
      })),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return parts.flat();
}
