/**
 * A/B engine benchmark: this checkout's engine against another checkout's (for example
 * a worktree of the commit before a change), both loaded in ONE process and run in turn,
 * run by run, on the same rows as `npm run bench:engine` (shapes, seed 7, utilisation
 * 0.7, half the jobs with an MD section). Taking turns within one process cancels most of
 * the machine's load drift, which swamps a comparison of separate runs on a busy VM.
 *
 * Prints, per row, the median CPU time of each engine (this thread's user + system time),
 * the ratio new/old of the medians and the median of the per-turn ratios (each pair ran
 * back to back). Asserts nothing (speed is not a test).
 *   npm run bench:ab -- --against /tmp/oldtree [--ticks N --runs K --shape 4x16 --bots a,b]
 *
 * The other checkout must export generateScenario and simulate from server/engine; bots
 * are asked for by today's names, `greedy-global` falling back to its old name
 * `global-ideal` where the other engine does not know it.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as current from '../server/engine';

const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    ticks: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '7' },
    shape: { type: 'string', multiple: true },
    bots: { type: 'string', default: 'none,sticky,linux-rt-lazy,linux-rt-511,greedy-global' },
  },
});
if (!values.against) {
  console.error('usage: npm run bench:ab -- --against <other checkout> [--ticks N --runs K --shape CxT --bots a,b]');
  process.exit(2);
}

/** What both engines offer, typed loosely: the other checkout's types may differ. */
interface Engine {
  generateScenario(p: { seed: number; cpus: number; tasks: number; duration: number; utilisation: number; mdShare: number }): unknown;
  simulate(scenario: unknown, options: { bot: string }): { result: { score: number; finalHash: string } };
  BOT_NAMES: readonly string[];
}

const other = (await import(pathToFileURL(path.resolve(values.against, 'server/engine/index.ts')).href)) as Engine;
const mine = current as unknown as Engine;

const ticks = Number(values.ticks);
const runs = Number(values.runs);
const shapes = (values.shape ?? ['16x64', '4x16']).map((s) => {
  const [cpus, tasks] = s.split('x').map(Number);
  return { cpus, tasks };
});
const bots = values.bots.split(',');

const ALIASES: Record<string, string> = { 'greedy-global': 'global-ideal' };
function botFor(engine: Engine, bot: string): string {
  if (engine.BOT_NAMES.includes(bot)) return bot;
  const alias = ALIASES[bot];
  if (alias && engine.BOT_NAMES.includes(alias)) return alias;
  throw new Error(`the engine under ${engine === mine ? '.' : values.against} has no bot "${bot}"`);
}

function cpuSeconds(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`A/B engine benchmark: new = ${process.cwd()}, old = ${values.against}; ${ticks} ticks per run, ${runs} runs each taking turns after a warm-up, node ${process.version}; load average ${load()}`);
console.log('M CPU-ticks/s by median CPU time (one thread); ratio = old time / new time (> 1: new is faster), of the medians and median of the back-to-back pairs');
console.log('shape   bot             old Mct/s  new Mct/s  speed new/old  pairs new/old');
for (const { cpus, tasks } of shapes) {
  const params = { seed: 7, cpus, tasks, duration: ticks, utilisation: 0.7, mdShare: 0.5 };
  const scenarios = new Map<Engine, unknown>([[other, other.generateScenario(params)], [mine, mine.generateScenario(params)]]);
  for (const bot of bots) {
    const engines = [other, mine];
    const run = (e: Engine) => e.simulate(scenarios.get(e), { bot: botFor(e, bot) });
    for (const e of engines) run(e); // warm-up (JIT)
    const times = new Map<Engine, number[]>([[other, []], [mine, []]]);
    const pairs: number[] = [];
    for (let k = 0; k < runs; k++) {
      // Alternate which goes first, so neither always runs right after the other's garbage.
      const order = k % 2 === 0 ? engines : [mine, other];
      const t = new Map<Engine, number>();
      for (const e of order) t.set(e, cpuSeconds(() => run(e)));
      times.get(other)!.push(t.get(other)!);
      times.get(mine)!.push(t.get(mine)!);
      pairs.push(t.get(other)! / t.get(mine)!);
    }
    const oldT = median(times.get(other)!);
    const newT = median(times.get(mine)!);
    const work = (cpus * ticks) / 1e6;
    console.log(
      `${`${cpus}x${tasks}`.padEnd(7)} ${bot.padEnd(14)} ${(work / oldT).toFixed(2).padStart(10)} ${(work / newT).toFixed(2).padStart(10)} ${(oldT / newT).toFixed(3).padStart(14)} ${median(pairs).toFixed(3).padStart(14)}`,
    );
  }
}
console.log(`load average at the end ${load()}`);
