/**
 * Engine benchmark: CPU-ticks simulated per second, per bot, on generated task sets
 * (16 CPUs / 64 tasks / 100,000 ticks, and 4 CPUs / 16 tasks / 100,000 ticks).
 * One process, one core, stepInPlace on a state it owns (the way rooms and the lab run).
 * Prints figures; asserts nothing (speed goals are not tests).
 *   npm run bench:engine [-- --ticks N --repeat K]
 */
import { BOT_NAMES, generateScenario, simulate } from '../server/engine';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ticks = arg('--ticks', 100_000);
const repeat = arg('--repeat', 3);
const shapes = [
  { cpus: 16, tasks: 64 },
  { cpus: 4, tasks: 16 },
];

console.log(`engine benchmark: ${ticks} ticks per run, best of ${repeat}, node ${process.version}`);
console.log('shape        bot            Mcpu-ticks/s  ticks/s     score      missed  stranded  migrations');
for (const shape of shapes) {
  const scenario = generateScenario({ seed: 7, cpus: shape.cpus, tasks: shape.tasks, duration: ticks, utilisation: 0.7, mdShare: 0.5 });
  for (const bot of BOT_NAMES) {
    simulate(scenario, { bot }); // warm-up (JIT)
    let best = Infinity;
    let result = simulate(scenario, { bot }).result;
    for (let k = 0; k < repeat; k++) {
      const t0 = performance.now();
      result = simulate(scenario, { bot }).result;
      best = Math.min(best, performance.now() - t0);
    }
    const seconds = best / 1000;
    const cpuTicks = (shape.cpus * ticks) / seconds;
    console.log(
      `${`${shape.cpus}x${shape.tasks}`.padEnd(12)} ${bot.padEnd(14)} ${(cpuTicks / 1e6).toFixed(2).padStart(12)}  ${Math.round(ticks / seconds).toString().padStart(9)}  ${String(result.score).padStart(10)}  ${String(result.metrics.missed).padStart(6)}  ${String(result.metrics.strandedCpuTicks).padStart(8)}  ${String(result.metrics.migrations).padStart(10)}`,
    );
  }
}
