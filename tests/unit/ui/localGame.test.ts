import { describe, expect, it } from 'vitest';
import { loadScenario, simulate, verifyRun } from '../../../server/engine';
import { LocalGame } from '../../../app/lib/localGame';
import { bodyBar, strandedIdleCpus, viewModelOf } from '../../../app/lib/viewModel';
import { builtinBySlug } from '../../../server/engine/levels';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';

const pinning = loadScenario(builtinBySlug('pinning'));

describe('LocalGame', () => {
  it('refuses moving a pinned task with the engine reason, and accepts moving its preemptor', () => {
    const g = new LocalGame(pinning);
    g.advance(6); // L entered its section at tick 2, H woke at tick 5 and preempted it
    expect(viewModelOf(g.session).pinned).toEqual([{ task: 'L', cpu: 0 }]);
    expect(g.migrate('L', 1)).toBe('pinned');
    expect(g.migrate('H', 0)).toBe('same-cpu');
    expect(g.migrate('H', 1)).toBeNull();
    expect(g.queued).toEqual([{ task: 'H', cpu: 1, tick: 6 }]);
    g.step();
    expect(viewModelOf(g.session).cpus.map((c) => c.running)).toEqual(['L', 'H']);
  });

  it('a later move of the same task replaces the earlier one before the tick runs', () => {
    const g = new LocalGame(loadScenario(builtinBySlug('pile-up')));
    g.advance(4);
    expect(g.migrate('T2', 1)).toBeNull();
    expect(g.migrate('T2', 2)).toBeNull();
    expect(g.queued).toEqual([{ tick: 4, task: 'T2', cpu: 2 }]);
  });

  it('its log re-simulates to the same score and hash, which the server check accepts', () => {
    const s = loadScenario(builtinBySlug('pile-up'));
    const g = new LocalGame(s);
    // A player sees a waker only after the tick it woke in, so each move comes one tick later than the
    // pre-computed solution's (still before the waker enters its own section).
    for (const a of SOLUTIONS['pile-up']) {
      g.advance(a.tick + 1 - g.state.tick);
      expect(g.migrate(a.task, a.cpu)).toBeNull();
    }
    g.advance(s.duration);
    expect(g.finished).toBe(true);
    const r = g.result();
    expect(r.metrics.missed).toBe(0);
    expect(r.metrics.strandedCpuTicks).toBe(3); // T1 waits one tick behind each waker before it leaves
    expect(simulate(s, { actions: g.log }).result.finalHash).toBe(r.finalHash);
    expect(verifyRun(s, { seed: g.seed, actions: g.log, finalHash: r.finalHash, score: r.score }).ok).toBe(true);
    expect(g.timeline.strandedCpuTicks()).toBe(r.metrics.strandedCpuTicks);
    expect(viewModelOf(g.session).stats.score).toBe(r.score);
  });
});

describe('bodyBar', () => {
  it('places segments along the body and counts executed ticks', () => {
    const bar = bodyBar({ lens: [2, 20, 2], seg: 1, done: 5, deadline: 30, missed: false, costLeft: 0, backlog: 0 }, [false, true, false]);
    expect(bar.total).toBe(24);
    expect(bar.done).toBe(7);
    expect(bar.segments).toEqual([
      { from: 0, to: 2 / 24, md: false },
      { from: 2 / 24, to: 22 / 24, md: true },
      { from: 22 / 24, to: 1, md: false },
    ]);
  });
});

describe('planned wakeups', () => {
  it('choosing where each waker wakes beats the pile-up with no stranded time, and the log verifies', () => {
    const s = loadScenario(builtinBySlug('pile-up'));
    const g = new LocalGame(s);
    expect(viewModelOf(g.session).incoming).toEqual([{ task: 'T1', at: 0 }, { task: 'T2', at: 3 }, { task: 'T3', at: 6 }, { task: 'T4', at: 9 }]);
    expect(g.migrate('T2', 1)).toBeNull();
    expect(g.migrate('T3', 2)).toBeNull();
    expect(g.migrate('T4', 9)).toBe('unknown-cpu');
    expect(g.migrate('T4', 3)).toBeNull();
    g.advance(s.duration);
    const r = g.result();
    expect(r.metrics.missed).toBe(0);
    expect(r.metrics.strandedCpuTicks).toBe(0);
    expect(g.log.map((a) => [a.tick, a.type, a.task, a.cpu])).toEqual([[3, 'place', 'T2', 1], [6, 'place', 'T3', 2], [9, 'place', 'T4', 3]]);
    expect(verifyRun(s, { seed: g.seed, actions: g.log, finalHash: r.finalHash, score: r.score }).ok).toBe(true);
  });
});

describe('strandedIdleCpus', () => {
  it('marks the idle CPUs a waiting pinned task could use, and only those', () => {
    const s = loadScenario(builtinBySlug('pile-up'));
    const g = new LocalGame(s, { bot: 'linux-rt-lazy' });
    g.advance(2);
    // T1 runs pinned on CPU 0: nothing waits, nothing is stranded.
    expect([...strandedIdleCpus(viewModelOf(g.session))]).toEqual([]);
    g.advance(9);
    // T4 runs on CPU 0 with three pinned tasks behind it; CPUs 1-3 idle.
    const vm = viewModelOf(g.session);
    expect(vm.cpus[0].running).toBe('T4');
    expect([...strandedIdleCpus(vm)].sort()).toEqual([1, 2, 3]);
    // Restricting the waiting tasks' affinity to CPU 0 leaves nothing stranded.
    const narrowed = { ...vm, scenario: { ...vm.scenario, tasks: vm.scenario.tasks.map((t) => ({ ...t, affinity: [0] })) } };
    expect([...strandedIdleCpus(narrowed)]).toEqual([]);
  });
});
