import { describe, expect, it } from 'vitest';
import { matchBestFirst, simulate, type BotName, type Scenario } from '../../../server/engine';
import { scenario, task } from '../../helpers/scenario';

/**
 * The per-tick figures on small hand-built scenarios (definitions in
 * server/engine/metrics/figures.ts and the README's "Score"). The balancer is `none`
 * unless said otherwise, so nothing moves and every figure can be counted by hand.
 */

function metricsOf(s: Scenario, bot: BotName = 'none', mdMode?: Scenario['mdMode']) {
  return simulate(s, { bot, ...(mdMode ? { mdMode } : {}) }).result.metrics;
}

// Two low tasks enter a migrate_disable section at tick 0 on CPUs 0 and 1; at tick 2 a
// high task wakes on each of those CPUs and preempts them for 10 ticks. CPUs 2 and 3 idle.
function twoPinnedWaiters(affinityL1: number[], affinityL2: number[]): Scenario {
  return scenario({
    cpus: 4,
    duration: 12,
    tasks: [
      task('L1', 10, 0, [0], [{ md: 20 }], { affinity: affinityL1 }),
      task('L2', 20, 1, [0], [{ md: 20 }], { affinity: affinityL2 }),
      task('H0', 90, 0, [2], [{ run: 10 }]),
      task('H1', 90, 1, [2], [{ run: 10 }]),
    ],
  });
}

describe('stranded CPU-ticks: a maximum matching of idle CPUs to pinned waiters', () => {
  it('counts one CPU-tick when two pinned waiters can only use the same idle CPU (min() counted two)', () => {
    // Both masks contain CPU 2 and not CPU 3: min(2 idle, 2 waiters) = 2, but CPU 2 can rescue only one.
    const m = metricsOf(twoPinnedWaiters([0, 2], [1, 2]));
    expect(m.strandedCpuTicks).toBe(10);
    // The idle CPU goes to the better waiter first (L2, priority 20).
    expect(m.tasks.L2.strandedTicks).toBe(10);
    expect(m.tasks.L1.strandedTicks).toBe(0);
    expect(m.wastedCpuTicks).toBe(10);
  });

  it('counts both when their masks reach different idle CPUs, even if the first choice collides (augmenting path)', () => {
    // L2 (better) may use CPU 2 or 3 and L1 only CPU 2: a matching that gives CPU 2 to L2 first must move it to 3.
    const m = metricsOf(twoPinnedWaiters([0, 2], [1, 2, 3]));
    expect(m.strandedCpuTicks).toBe(20);
    expect(m.tasks.L1.strandedTicks).toBe(10);
    expect(m.tasks.L2.strandedTicks).toBe(10);
  });

  it('does not count a pinned waiter whose mask holds no idle CPU', () => {
    const m = metricsOf(twoPinnedWaiters([0], [1]));
    expect(m.strandedCpuTicks).toBe(0);
    expect(m.wastedCpuTicks).toBe(0);
    expect(m.idleCpuTicks).toBe(2 * 12);
  });
});

describe('wasted CPU-ticks: idle CPUs a waiting task could have used, whatever kept it waiting', () => {
  // L enters a section at tick 1; H wakes on L's CPU at tick 3 and needs 6 ticks; CPU 1 idles.
  const behindSection = scenario({
    cpus: 2,
    duration: 20,
    tasks: [
      task('L', 10, 0, [0], [{ run: 1 }, { md: 8 }, { run: 1 }]),
      task('H', 90, 0, [3], [{ run: 6 }]),
    ],
  });

  it('under preempt_disable: H waits behind the non-preemptible section while CPU 1 idles; wasted, not stranded', () => {
    const m = metricsOf(behindSection, 'none', 'preempt_disable');
    // H waits ticks 3..8 (L's section ends after tick 8); then H runs 9..14 and L, out of its
    // section, waits behind it: CPU 1 idles all along.
    expect(m.tasks.H.wastedTicks).toBe(6);
    expect(m.tasks.L.wastedTicks).toBe(6);
    expect(m.wastedCpuTicks).toBe(12);
    expect(m.strandedCpuTicks).toBe(0);
    // The best schedule runs both (H on CPU 1 during the section): each of those ticks is an inversion too.
    expect(m.inversionTicks).toBe(12);
  });

  it('under migrate_disable: H preempts L, which waits pinned; every wasted tick is also stranded', () => {
    const m = metricsOf(behindSection, 'none', 'migrate_disable');
    expect(m.tasks.L.strandedTicks).toBe(6);
    expect(m.wastedCpuTicks).toBe(6);
    expect(m.strandedCpuTicks).toBe(6);
    expect(m.tasks.H.wastedTicks).toBe(0);
  });

  it('counts an unpinned waiter the balancer left behind, and nothing once a balancer moves it', () => {
    const s = scenario({
      cpus: 2,
      duration: 10,
      tasks: [task('A', 50, 0, [0], [{ run: 5 }]), task('B', 40, 0, [0], [{ run: 5 }])],
    });
    const idle = metricsOf(s, 'none');
    expect(idle.wastedCpuTicks).toBe(5);
    expect(idle.tasks.B.wastedTicks).toBe(5);
    expect(idle.strandedCpuTicks).toBe(0);
    expect(metricsOf(s, 'linux-rt-511').wastedCpuTicks).toBe(0);
  });
});

describe('inversion ticks: waiting tasks the best affinity-respecting schedule runs', () => {
  it('is zero when the waiting task may only use the CPU a higher task holds (the old count said inversion)', () => {
    // X and Y may only run on CPU 0; Z, lower than both, runs on CPU 1. The two highest are X and Y,
    // but no schedule runs Y: for rt-migrate-test's rule it would be an inversion.
    const s = scenario({
      cpus: 2,
      duration: 10,
      tasks: [
        task('X', 50, 0, [0], [{ run: 8 }], { affinity: [0] }),
        task('Y', 40, 0, [0], [{ run: 8 }], { affinity: [0] }),
        task('Z', 10, 1, [0], [{ run: 8 }], { affinity: [1] }),
      ],
    });
    for (const bot of ['none', 'linux-rt-511', 'greedy-global'] as const) expect(metricsOf(s, bot).inversionTicks, bot).toBe(0);
  });

  it('counts a waiter that may use a CPU running a lower task', () => {
    const s = scenario({
      cpus: 2,
      duration: 10,
      tasks: [
        task('X', 50, 0, [0], [{ run: 8 }]),
        task('Y', 40, 0, [0], [{ run: 4 }]),
        task('Z', 10, 1, [0], [{ run: 8 }], { affinity: [1] }),
      ],
    });
    // Y waits 8 ticks behind X while Z runs on CPU 1, then runs 4; after X ends Y takes CPU 0.
    expect(metricsOf(s, 'none').inversionTicks).toBe(8);
  });

  it('counts a pinned waiter only when the task above it could move to make room', () => {
    // L waits pinned on CPU 0 under H while W, lower than L, runs on CPU 1.
    const build = (h: Parameters<typeof task>[4]) => scenario({
      cpus: 2,
      duration: 12,
      tasks: [
        task('L', 20, 0, [0], [{ md: 20 }]),
        task('H', 90, 0, [2], h),
        task('W', 10, 1, [0], [{ run: 20 }]),
      ],
    });
    // H movable: the best schedule puts H on CPU 1 and runs L; 10 ticks of inversion.
    expect(metricsOf(build([{ run: 10 }])).inversionTicks).toBe(10);
    // H pinned from its first tick: from then on no schedule runs L (tick 2, before H's section, still counts).
    expect(metricsOf(build([{ md: 10 }])).inversionTicks).toBe(1);
  });
});

describe('matchBestFirst', () => {
  it('finds a maximum matching through augmenting paths, never dropping an earlier candidate', () => {
    // Candidate 0 may use CPUs 0 or 1, candidate 1 only CPU 0, candidate 2 only CPU 0.
    const allowed = [[0, 1], [0], [0]];
    const matched = new Uint8Array(3);
    const size = matchBestFirst({ cpus: 2, n: 3, allowed: (i) => allowed[i] }, matched);
    expect(size).toBe(2);
    expect([...matched]).toEqual([1, 1, 0]);
  });

  it('honours the usable CPUs and the limit', () => {
    const allowed = [[0, 1], [1], [2]];
    const matched = new Uint8Array(3);
    expect(matchBestFirst({ cpus: 3, n: 3, allowed: (i) => allowed[i], usable: Uint8Array.from([1, 0, 1]) }, matched)).toBe(2);
    expect([...matched]).toEqual([1, 0, 1]);
    expect(matchBestFirst({ cpus: 3, n: 3, allowed: (i) => allowed[i], limit: 1 }, matched)).toBe(1);
    expect([...matched]).toEqual([1, 0, 0]);
  });
});
