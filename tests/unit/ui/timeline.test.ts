import { describe, expect, it } from 'vitest';
import { cpuViews, generateScenario, loadScenario, pinnedTasks, simulate, type Action } from '../../../server/engine';
import { describeStretch, strandedStretches, Timeline, type StrandSample } from '../../../app/lib/timeline';
import { builtinBySlug } from '../../../server/engine/levels';
const pileUp = builtinBySlug('pinning');

function recorded(scenario: ReturnType<typeof loadScenario>, bot: Parameters<typeof simulate>[1] extends infer O ? O extends { bot?: infer B } ? B : never : never, actions: Action[] = []) {
  const tl = new Timeline(scenario);
  const { result } = simulate(scenario, { bot, actions, onTick: (s) => tl.record(s.tick - 1, s.events, cpuViews(s), pinnedTasks(s)) });
  return { tl, result };
}

describe('Timeline', () => {
  it('counts the same stranded CPU-ticks as the engine, on the pile-up and on a generated set', () => {
    const p = loadScenario(pileUp);
    for (const bot of ['sticky', 'linux-rt-lazy', 'linux-rt-511'] as const) {
      const { tl, result } = recorded(p, bot);
      expect(tl.strandedCpuTicks(), bot).toBe(result.metrics.strandedCpuTicks);
    }
    const g = generateScenario({ seed: 3, cpus: 4, tasks: 12, duration: 400, mdShare: 0.8 });
    const { tl, result } = recorded(g, 'linux-rt-lazy');
    expect(tl.strandedCpuTicks()).toBe(result.metrics.strandedCpuTicks);
  });

  it('counts a matching, not min(idle, waiting): two pinned waiters that can only use the same idle CPU strand one', () => {
    const s = loadScenario({
      format: 1, slug: 't', title: 't', cpus: 4, duration: 12, balancer: 'none',
      tasks: [
        { id: 'L1', priority: 10, cpu: 0, affinity: [0, 2], release: { at: [0] }, deadline: 50, body: [{ md: 20 }] },
        { id: 'L2', priority: 20, cpu: 1, affinity: [1, 2], release: { at: [0] }, deadline: 50, body: [{ md: 20 }] },
        { id: 'H0', priority: 90, cpu: 0, release: { at: [2] }, deadline: 50, body: [{ run: 10 }] },
        { id: 'H1', priority: 90, cpu: 1, release: { at: [2] }, deadline: 50, body: [{ run: 10 }] },
      ],
    });
    const { tl, result } = recorded(s, 'none');
    expect(result.metrics.strandedCpuTicks).toBe(10);
    expect(tl.strandedCpuTicks()).toBe(10);
    expect(strandedStretches(tl.strands)[0]).toMatchObject({ from: 2, to: 11, cpuTicks: 10 });
  });

  it('draws the pile-up: H preempts L on CPU 0, and under the lazy kernel CPU 1 stays idle', () => {
    const { tl, result } = recorded(loadScenario(pileUp), 'linux-rt-lazy');
    expect(result.metrics.strandedCpuTicks).toBeGreaterThan(0);
    expect(tl.spans[1]).toEqual([]);
    expect(tl.markers.some((m) => m.kind === 'preempt' && m.task === 'L' && m.by === 'H')).toBe(true);
    expect(tl.md.some((m) => m.task === 'L' && m.cpu === 0 && m.end !== null && m.end > m.start)).toBe(true);
    const worst = strandedStretches(tl.strands)[0];
    expect(worst.task).toBe('L');
    expect(worst.idleCpu).toBe(1);
    expect(worst.stuckOn).toBe(0);
    expect(worst.behind).toBe('H');
    expect(describeStretch(worst)).toMatch(/^ticks \d+–\d+: CPU 1 idled while L waited pinned on CPU 0 behind H\.$/);
  });

  it('records player migrations with who did them, and kernel moves with their rule', () => {
    const p = loadScenario(pileUp);
    const { tl } = recorded(p, 'linux-rt-511', [{ tick: 5, type: 'migrate', task: 'H', cpu: 1 }]);
    expect(tl.markers).toContainEqual({ kind: 'migrate', tick: 5, task: 'H', from: 0, to: 1, who: 'player' });
    const g = generateScenario({ seed: 5, cpus: 4, tasks: 12, duration: 300, mdShare: 0.8 });
    const { tl: t2 } = recorded(g, 'linux-rt-511');
    const bot = t2.markers.filter((m) => m.kind === 'migrate');
    expect(bot.length).toBeGreaterThan(0);
    for (const m of bot) if (m.kind === 'migrate') expect(m.rule).toMatch(/^R\d/);
  });
});

describe('strandedStretches', () => {
  const sample = (tick: number, idle: number[], n: number): StrandSample => ({
    tick, idle, waiting: Array.from({ length: n }, (_, i) => ({ task: `T${i}`, cpu: 0, behind: 'H' })), cpuTicks: Math.min(idle.length, n),
  });

  it('groups consecutive ticks and puts the most stranded stretch first', () => {
    const out = strandedStretches([sample(1, [1], 1), sample(2, [1], 1), sample(10, [1, 2], 2), sample(11, [1, 2], 1), sample(20, [3], 1)]);
    expect(out.map((s) => [s.from, s.to, s.cpuTicks])).toEqual([[10, 11, 3], [1, 2, 2], [20, 20, 1]]);
    expect(describeStretch(out[2])).toBe('tick 20: CPU 3 idled while T0 waited pinned on CPU 0 behind H.');
  });

  it('is empty when nothing was stranded', () => {
    expect(strandedStretches([])).toEqual([]);
  });
});
