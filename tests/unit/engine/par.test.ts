import { describe, expect, it } from 'vitest';
import {
  baselineScores, BOT_NAMES, createGame, dailyPar, DAILY_PAR_WORK, futureGain, generateScenario, loadScenario,
  simulate, solvePar, timelineOf,
} from '../../../server/engine';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { BUILTIN_PAR } from '../../../server/engine/levels/par';
import { bruteForceBest } from '../../helpers/brute-force-par';
import { scenario, task } from '../../helpers/scenario';

describe('par: the solver', () => {
  it('finds the pile-up level\'s optimum: every waker placed on an idle CPU, all four deadlines met', () => {
    const level = loadScenario(BUILTIN_SCENARIOS.find((s) => s.slug === 'pile-up')!);
    const par = solvePar(level, { budget: { work: 50_000 } });
    // Four jobs, each alone on a CPU meets its deadline: 4 x 100, nothing stranded.
    expect(par.score).toBe(400);
    expect(par.bound).toBe(400);
    expect(par.optimal).toBe(true);
    expect(simulate(level, { actions: par.actions }).result.score).toBe(400);
  });

  it('moves the preemptor away on two CPUs (balancer none): both jobs met', () => {
    // L (10 ticks, deadline 12) runs on CPU 0; H wakes there at 2 and would preempt it for 10 ticks.
    const s = scenario({
      cpus: 2, duration: 30, balancer: 'none',
      tasks: [task('L', 10, 0, [0], [{ run: 10 }], { deadline: 12 }), task('H', 20, 0, [2], [{ run: 10 }], { deadline: 12 })],
    });
    expect(simulate(s).result.score).toBeLessThan(200);
    const par = solvePar(s, { budget: { work: 50_000 } });
    expect(par.score).toBe(200);
    expect(par.actions).toEqual([{ tick: 2, type: 'place', task: 'H', cpu: 1 }]);
  });

  it('proves an optimum below the bound by exhausting the search: three 10-tick jobs, two CPUs, deadline 10', () => {
    // At most two can meet the deadline; the third finishes at 20 at best: 100 + 100 - 100 - 10.
    const s = scenario({
      cpus: 2, duration: 30, balancer: 'none',
      tasks: ['A', 'B', 'C'].map((id, i) => task(id, 10 + i, 0, [0], [{ run: 10 }], { deadline: 10 })),
    });
    const par = solvePar(s, { budget: { work: 200_000 } });
    expect(par.bound).toBe(300); // the relaxation gives each task a CPU of its own
    expect(par.score).toBe(90);
    expect(par.optimal).toBe(true);
    expect(par.proof).toBe('exhaustive');
  });

  it('agrees with brute force over every tick and every move set on tiny scenarios', () => {
    // Each optimum is below the relaxation's bound, so agreeing takes the search, not the bound.
    const cases = [
      scenario({
        cpus: 2, duration: 14, balancer: 'linux-rt-511',
        tasks: [task('L', 10, 0, [0], [{ run: 1 }, { md: 6 }, { run: 1 }], { deadline: 10 }), task('H', 30, 0, [2], [{ run: 5 }], { deadline: 6 }), task('M', 20, 1, [3], [{ md: 4 }], { deadline: 6 })],
      }),
      scenario({
        cpus: 3, duration: 12, balancer: 'none',
        tasks: [task('A', 10, 0, [0], [{ run: 6 }], { deadline: 7, affinity: [0] }), task('B', 20, 0, [0], [{ run: 8 }], { deadline: 9, affinity: [0, 1] }), task('C', 30, 1, [0], [{ run: 8 }], { deadline: 9, affinity: [1, 2] }), task('D', 40, 2, [1], [{ run: 5 }], { deadline: 7, affinity: [2] })],
      }),
      scenario({
        cpus: 2, duration: 12, balancer: 'linux-rt-511',
        tasks: [task('L', 10, 0, [0], [{ run: 1 }, { md: 5 }], { deadline: 7 }), task('M', 20, 1, [1], [{ run: 1 }, { md: 5 }], { deadline: 7 }), task('H', 30, 0, [2], [{ run: 4 }], { deadline: 6 })],
      }),
    ];
    for (const s of cases) {
      const par = solvePar(s, { budget: { work: 500_000 } });
      expect(par.proof).toBe('exhaustive');
      expect(par.score).toBeLessThan(par.bound);
      expect(par.score).toBe(bruteForceBest(s));
    }
  }, 120_000);

  it('never returns a score above its bound, and the bound is above every bot (generated scenarios, fixed seeds)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const s = generateScenario({ seed, cpus: 2 + (seed % 2), tasks: 3 + (seed % 3), duration: 80, utilisation: 0.9, mdShare: 0.6, affinityShare: 0.3 });
      const par = solvePar(s, { budget: { work: 40_000 } });
      expect(simulate(s, { actions: par.actions }).result.score).toBe(par.score);
      expect(par.score).toBeLessThanOrEqual(par.bound);
      expect(par.score).toBeGreaterThanOrEqual(simulate(s).result.score);
      for (const bot of BOT_NAMES) expect(simulate(s, { bot }).result.score).toBeLessThanOrEqual(par.bound);
    }
  });

  it('is deterministic under a work budget', () => {
    const s = generateScenario({ seed: 5, cpus: 3, tasks: 6, duration: 120, utilisation: 0.9 });
    expect(solvePar(s, { budget: { work: 30_000 } })).toEqual(solvePar(s, { budget: { work: 30_000 } }));
  });

  it('stops within a small work budget, still with a verified log (the engine reads no clock: sim --budget-ms calibrates work)', () => {
    const s = generateScenario({ seed: 7, cpus: 4, tasks: 10, duration: 300, utilisation: 0.9, mdShare: 0.75 });
    const small = solvePar(s, { budget: { work: 20_000 } });
    const large = solvePar(s, { budget: { work: 400_000 } });
    expect(small.optimal).toBe(false);
    // A pass may overrun by what it was already doing, not by a whole new pass.
    expect(small.work).toBeLessThan(40_000);
    expect(small.work).toBeLessThan(large.work);
    expect(simulate(s, { actions: small.actions }).result.score).toBe(small.score);
  });

  it('computes the daily challenge\'s par within its budget, at least the kernel\'s score', () => {
    const par = dailyPar('2026-03-01');
    expect(par.work).toBeLessThan(DAILY_PAR_WORK * 1.2);
    expect(par.score).toBeGreaterThanOrEqual(simulate(par.scenarioOf).result.score);
    expect(par.score).toBeLessThanOrEqual(par.bound);
    expect(simulate(par.scenarioOf, { actions: par.actions }).result.score).toBe(par.score);
  });
});

describe('par: stored for the built-in levels', () => {
  for (const input of BUILTIN_SCENARIOS) {
    it(`${input.slug}: the stored log replays to the stored score, within the bound, above the bots and the empty log`, () => {
      const level = loadScenario(input);
      const stored = BUILTIN_PAR[level.slug];
      expect(stored, `no stored par for ${level.slug}: run npm run par:record`).toBeDefined();
      const replay = simulate(level, { actions: stored.actions }).result;
      expect(replay.metrics.refusedActions).toBe(0);
      expect(replay.score).toBe(stored.score);
      expect(stored.bound).toBe(futureGain(createGame(level), timelineOf(level)));
      expect(stored.score).toBeLessThanOrEqual(stored.bound);
      if (stored.proof === 'bound') expect(stored.score).toBe(stored.bound);
      expect(stored.score).toBeGreaterThanOrEqual(simulate(level).result.score);
      for (const [bot, score] of Object.entries(baselineScores(level))) expect(stored.score, bot).toBeGreaterThanOrEqual(score);
    });
  }
});
