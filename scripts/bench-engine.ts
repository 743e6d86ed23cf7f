/**
 * Engine benchmark: CPU-ticks simulated per second, per bot, on generated task sets
 * (16 CPUs / 64 tasks / 50,000 ticks, and 4 CPUs / 16 tasks / 50,000 ticks).
 * Each (shape, bot) is measured in a fresh child process, as JMH forks do, so one
 * bot's JIT state does not slow the next; one core, stepInPlace on a state it owns
 * (the way rooms and the lab run), best of N after a warm-up run.
 * Prints figures; asserts nothing (speed goals are not tests).
 *   npm run bench:engine [-- --ticks N --repeat K]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BOT_NAMES, generateScenario, simulate, type BotName } from '../server/engine';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// 50,000: the longest run the engine's size budget (MAX_SCENARIO_COST) admits for 16 CPUs x 64 tasks.
const ticks = arg('--ticks', 50_000);
const repeat = arg('--repeat', 5);
const shapes = [
  { cpus: 16, tasks: 64 },
  { cpus: 4, tasks: 16 },
];

interface Figures {
  wall: number;
  cpu: number;
  score: number;
  missed: number;
  stranded: number;
  migrations: number;
}

/** Best wall and CPU seconds (this process, user + system) over `repeat` runs. */
function measure(cpus: number, tasks: number, bot: BotName): Figures {
  const scenario = generateScenario({ seed: 7, cpus, tasks, duration: ticks, utilisation: 0.7, mdShare: 0.5 });
  let result = simulate(scenario, { bot }).result; // warm-up (JIT)
  let wall = Infinity;
  let cpu = Infinity;
  for (let k = 0; k < repeat; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = simulate(scenario, { bot }).result;
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  const m = result.metrics;
  return { wall, cpu, score: result.score, missed: m.missed, stranded: m.strandedCpuTicks, migrations: m.migrations };
}

const child = process.argv.indexOf('--child');
if (child >= 0) {
  const [cpus, tasks, bot] = process.argv.slice(child + 1, child + 4);
  process.stdout.write(JSON.stringify(measure(Number(cpus), Number(tasks), bot as BotName)));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(`engine benchmark: ${ticks} ticks per run, best of ${repeat}, one process per row, node ${process.version}`);
  console.log("M CPU-ticks/s = CPUs x ticks / seconds, by wall time and by the process's CPU time (one core).");
  console.log('shape        bot            wall Mcpu-ticks/s  cpu Mcpu-ticks/s   score      missed  stranded  migrations');
  for (const { cpus, tasks } of shapes) {
    for (const bot of BOT_NAMES) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--ticks', String(ticks), '--repeat', String(repeat), '--child', String(cpus), String(tasks), bot], { encoding: 'utf8' });
      const f = JSON.parse(out) as Figures;
      const work = cpus * ticks;
      console.log(
        `${`${cpus}x${tasks}`.padEnd(12)} ${bot.padEnd(14)} ${(work / f.wall / 1e6).toFixed(2).padStart(17)}  ${(work / f.cpu / 1e6).toFixed(2).padStart(16)}  ${String(f.score).padStart(10)}  ${String(f.missed).padStart(6)}  ${String(f.stranded).padStart(8)}  ${String(f.migrations).padStart(10)}`,
      );
    }
  }
}
