/**
 * The sandbox's cost (README, "Sandbox"): one scenario run under the example policy in
 * the sandbox against the same scenario under a built-in bot, and the time per call
 * into the sandbox.
 *   npm run bench:sandbox -- [scenario slug, default pile-up] [--runs N]
 */
import { readFileSync } from 'node:fs';
import { createGame, loadScenario, simulate, type Policy } from '../server/engine';
import { loadPolicy } from '../server/sandbox';
import { readBuiltinFile } from './builtin-files';

const EXAMPLE = 'examples/policies/least-loaded.ts';

async function main(argv: string[]): Promise<void> {
  const slug = argv.find((a) => !a.startsWith('--')) ?? 'pile-up';
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  const found = readBuiltinFile(slug);
  if (!found) throw new Error(`no built-in scenario ${slug}`);
  const scenario = loadScenario(found.json);

  let t = performance.now();
  const factory = await loadPolicy(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
  const loadMs = performance.now() - t;

  // Counts the calls the engine makes, through a wrapper around the sandboxed policy.
  let calls = 0;
  const counted = (p: Policy): Policy => ({
    name: p.name, summary: p.summary,
    init: (v) => (calls++, p.init(v)),
    selectCpu: (v, task, s) => (calls++, p.selectCpu(v, task, s)),
    balance: (v, s) => (calls++, p.balance(v, s)),
  });

  const times: number[] = [];
  const setups: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = factory.create();
    // The first call makes the QuickJS runtime (prelude, frozen globals): timed apart.
    t = performance.now();
    p.init(createGame(scenario).view);
    setups.push(performance.now() - t);
    calls = 0;
    t = performance.now();
    simulate(scenario, { policy: counted(p) });
    times.push(performance.now() - t);
    p.dispose();
  }
  t = performance.now();
  for (let i = 0; i < runs; i++) simulate(scenario, { bot: 'linux-rt-511' });
  const builtinMs = (performance.now() - t) / runs;
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const median = mid(times);
  console.log(`scenario ${slug}: ${scenario.duration} ticks, ${scenario.tasks.length} tasks, ${scenario.cpus} CPUs`);
  console.log(`loadPolicy (compile + first run in QuickJS): ${loadMs.toFixed(1)} ms`);
  console.log(`new runtime for a run (median of ${runs}): ${mid(setups).toFixed(1)} ms`);
  console.log(`sandboxed run (median of ${runs}): ${median.toFixed(1)} ms for ${calls} calls = ${((median * 1000) / calls).toFixed(0)} µs per call`);
  console.log(`built-in linux-rt-511 run: ${builtinMs.toFixed(2)} ms`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
