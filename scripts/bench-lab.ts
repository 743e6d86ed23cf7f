/**
 * The lab's benchmark (README "Lab on the command line"): the workload, 1,000
 * task sets x 5 bots x 10,000 ticks on 4 CPUs (12 tasks), through the same runner as
 * `npm run lab`, and prints the wall time, the simulated CPU-ticks per second and the
 * machine's load. A benchmark, not a test: it asserts nothing.
 *   npm run bench:lab [-- --sets N --duration T --jobs J --bots a,b,c]
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { experimentSchema } from '../server/engine/experiment';
import { runExperiment } from './lab/run';

const { values } = parseArgs({
  options: {
    sets: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10000' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    bots: { type: 'string', default: 'sticky,linux-rt-lazy,linux-rt-511,greedy-global,shift' },
  },
});
const experiment = experimentSchema.parse({
  cpus: 4, tasks: 12, utilisation: [0.75], mdShares: [0.5], sets: Number(values.sets), duration: Number(values.duration), bots: values.bots.split(','),
});
const jobs = Number(values.jobs);
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const loadBefore = loadavg();
const c0 = process.cpuUsage();
const t0 = performance.now();
let workers = 'no workers';
const lines = await runExperiment(experiment, { jobs, onWorkers: (n, code) => { workers = `${n} worker${n === 1 ? '' : 's'} (${code})`; } });
const seconds = (performance.now() - t0) / 1000;
// Every thread's CPU time (workers included): less sensitive to other jobs than wall time.
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const runs = lines.length;
const cpuTicks = runs * experiment.duration * experiment.cpus;
process.stdout.write(
  `${experiment.sets} sets x ${experiment.bots.length} bots x ${experiment.duration} ticks on ${experiment.cpus} CPUs (${experiment.tasks} tasks), --jobs ${jobs}, ${workers}: `
  + `${seconds.toFixed(1)} s wall, ${(cpuTicks / seconds / 1e6).toFixed(2)} M CPU-ticks/s; ${cpuSeconds.toFixed(1)} s of CPU time, ${(cpuTicks / cpuSeconds / 1e6).toFixed(2)} M CPU-ticks per CPU-second; load average before ${load(loadBefore)}, after ${load(loadavg())}\n`,
);
