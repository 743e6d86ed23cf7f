/**
 * What the browser lab can afford (README, "Lab in the browser"): a user policy's rows as
 * the server's `lab-policy` job computes them (load, then seconds per set), and par per
 * generated lab set, against the built-in bots on the same sets. Prints figures, asserts
 * nothing.
 *   npx tsx scripts/bench-lab-browser.ts [--sets N] [--par-work W]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { solvePar } from '../server/engine';
import { builtinRunner, experimentSchema, experimentSets, labScenario, runLabSet } from '../server/engine/experiment';
import { LAB_POLICY_MAX_WORK } from '../server/protocol/http';
import { runLabPolicy } from '../server/sim/lab-policy';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<void> {
  const sets = arg('--sets', 3);
  const parWork = arg('--par-work', 200_000);
  const experiment = { cpus: 4, tasks: 12, utilisation: [0.75], mdShares: [0.5], sets, duration: 2000, bots: ['policy:least-loaded.ts'] };
  const e = experimentSchema.parse(experiment);
  const source = readFileSync('examples/policies/least-loaded.ts', 'utf8');
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${sets} sets of 4 CPUs x 12 tasks x 2000 ticks, utilisation 0.75, share 0.5`);

  let t = performance.now();
  await runLabPolicy({ source, filename: 'least-loaded.ts', experiment, from: 0, to: 1 });
  console.log(`user policy: load + first set ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  if (sets > 1) await runLabPolicy({ source, filename: 'least-loaded.ts', experiment, from: 1, to: sets });
  const perSet = sets > 1 ? (performance.now() - t) / (sets - 1) / 1000 : NaN;
  console.log(`user policy: ${perSet.toFixed(2)} s per set once loaded; a request of LAB_POLICY_MAX_WORK (${LAB_POLICY_MAX_WORK}) = ${(LAB_POLICY_MAX_WORK / 8000).toFixed(0)} such sets = ${((perSet * LAB_POLICY_MAX_WORK) / 8000).toFixed(1)} s`);

  const all = experimentSets(e);
  t = performance.now();
  for (const set of all) runLabSet(set, ['linux-rt-511'], (b) => builtinRunner(b)!);
  console.log(`built-in bot (linux-rt-511): ${((performance.now() - t) / all.length / 1000).toFixed(3)} s per set`);
  for (const set of all) {
    t = performance.now();
    const p = solvePar(labScenario(set), { seed: set.setSeed, budget: { work: parWork } });
    console.log(`par, set ${set.setSeed} (${parWork} work units): ${((performance.now() - t) / 1000).toFixed(1)} s, score ${p.score} of bound ${p.bound} (${p.method}${p.optimal ? ', optimal' : ''})`);
  }
}

await main();
