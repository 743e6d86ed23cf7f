import { PerformanceObserver } from 'node:perf_hooks';
import { dailyScenario } from '../server/engine';
import { Run } from '../server/rooms/run';
import { FrameHistory } from '../server/rooms/history';
const runsN = Number(process.argv[2] ?? 480), ticks = Number(process.argv[3] ?? 300), hist = Number(process.argv[4] ?? 400);
const s = { ...dailyScenario('2026-11-24'), duration: ticks };
let gcMs = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) gcMs += e.duration; }).observe({ entryTypes: ['gc'] });
const runs = Array.from({ length: runsN }, (_, i) => new Run(`s${i}`, s, s.seed, s.balancer, `s${i}`));
const hs = runs.map(() => new FrameHistory(hist));
let step = 0, build = 0, rec = 0, enc = 0, bytes = 0;
const c0 = process.cpuUsage();
for (let t = 0; t < ticks; t++) {
  let a = performance.now(); for (const r of runs) r.stepOnce(); step += performance.now() - a;
  for (let i = 0; i < runs.length; i++) {
    a = performance.now(); const f = runs[i].frame('room'); const b = performance.now(); build += b - a;
    hs[i].record(f); const c = performance.now(); rec += c - b;
    bytes += JSON.stringify(['frame', f]).length; enc += performance.now() - c;
  }
}
const cpu = process.cpuUsage(c0);
const frames = runsN * ticks;
console.log(`runs=${runsN} ticks=${ticks} hist=${hist} cpu_ms=${((cpu.user + cpu.system) / 1000).toFixed(0)} us_per_frame: step=${(step * 1000 / frames).toFixed(1)} build=${(build * 1000 / frames).toFixed(1)} record=${(rec * 1000 / frames).toFixed(1)} encode=${(enc * 1000 / frames).toFixed(1)} gc_ms=${gcMs.toFixed(0)} bytes/frame=${(bytes / frames).toFixed(0)} rss=${(process.memoryUsage().rss / 1048576).toFixed(0)}MB`);
