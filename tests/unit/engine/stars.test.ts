import { describe, expect, it } from 'vitest';
import { builtinBySlug } from '../../../server/engine/levels';
import { gapClosed, loadScenario, parseScenario, starsFor, threeStarScore, yardstickOf, type Baselines, type Scenario } from '../../../server/engine';

// pinning's balancer is linux-rt-511: "doing nothing" is that bot's score.
const base = loadScenario(builtinBySlug('pinning'));
const withGoals = (goals: Scenario['goals']): Scenario => {
  const { goals: _levelGoals, ...rest } = base;
  return { ...rest, ...(goals ? { goals } : {}) };
};

// Doing nothing 100, sticky 50, best Linux bot 300 (lazy), par 400 unless a test says otherwise.
const baselines: Baselines = { none: 50, sticky: 50, 'linux-rt-lazy': 300, 'linux-rt-511': 100, 'greedy-global': 350 };
const run = (score: number, missed = 0, strandedCpuTicks = 0) => ({ score, missed, strandedCpuTicks });

describe('starsFor', () => {
  it('gives nothing for a tie with doing nothing or with sticky, whichever is higher', () => {
    const s = withGoals({});
    expect(starsFor(s, run(100), baselines, 400)).toBe(0); // ties doing nothing (linux-rt-511 alone)
    expect(starsFor(s, run(101), baselines, 400)).toBe(1);
    expect(starsFor(s, run(60), { ...baselines, 'linux-rt-511': 20 }, 400)).toBe(1);
    expect(starsFor(s, run(50), { ...baselines, 'linux-rt-511': 20 }, 400)).toBe(0); // ties sticky
  });

  it('gives 2 stars only strictly above the better Linux bot', () => {
    const s = withGoals({});
    expect(starsFor(s, run(300), baselines, 400)).toBe(1);
    expect(starsFor(s, run(301), baselines, 400)).toBe(2);
    // The better of the two, whichever it is.
    expect(starsFor(s, run(301), { ...baselines, 'linux-rt-lazy': 320 }, 400)).toBe(1);
    // Here doing nothing is linux-rt-511 (pinning's balancer): beating it does not reach the lazy bot.
    expect(starsFor(s, run(301), { ...baselines, 'linux-rt-lazy': 250, 'linux-rt-511': 320 }, 400)).toBe(0);
  });

  it('gives 3 stars from par minus the allowed share of the gap, rounded down to whole points', () => {
    // Gap 100, default share 0.1: 3 stars from 390.
    expect(threeStarScore(yardstickOf(withGoals({}), baselines, 400))).toBe(390);
    expect(starsFor(withGoals({}), run(389), baselines, 400)).toBe(2);
    expect(starsFor(withGoals({}), run(390), baselines, 400)).toBe(3);
    // A per-level share: 0.25 of 100 leaves 25 points.
    expect(starsFor(withGoals({ parShare: 0.25 }), run(375), baselines, 400)).toBe(3);
    expect(starsFor(withGoals({ parShare: 0.25 }), run(374), baselines, 400)).toBe(2);
    // 0.35 of 180 is 62.99999999999999 in floating point: still 63 points.
    expect(threeStarScore(yardstickOf(withGoals({ parShare: 0.35 }), baselines, 480))).toBe(417);
    // 0 asks for par itself.
    expect(starsFor(withGoals({ parShare: 0 }), run(399), baselines, 400)).toBe(2);
    expect(starsFor(withGoals({ parShare: 0 }), run(400), baselines, 400)).toBe(3);
  });

  it('ignores the old goals where par is known, and uses them where it is not', () => {
    const strict = withGoals({ maxMissed: 0, maxStranded: 0 });
    expect(starsFor(strict, run(395, 2, 9), baselines, 400)).toBe(3);
    expect(starsFor(strict, run(395, 2, 9), baselines, null)).toBe(2);
    expect(starsFor(strict, run(301, 0, 0), baselines, null)).toBe(3);
    // Without par and without goals, 3 stars ask for every deadline met.
    expect(starsFor(withGoals(undefined), run(301, 1, 0), baselines, null)).toBe(2);
    expect(starsFor(withGoals(undefined), run(301, 0, 50), baselines, null)).toBe(3);
  });

  it('where par does not beat the best Linux bot, beating that bot beats par: 3 stars', () => {
    expect(starsFor(withGoals({}), run(301), baselines, 300)).toBe(3);
    expect(gapClosed(301, { linux: 300, par: 300 })).toBeNull();
  });

  it('measures a score as a share of the gap from the best Linux bot to par', () => {
    expect(gapClosed(350, { linux: 300, par: 400 })).toBe(0.5);
    expect(gapClosed(300, { linux: 300, par: 400 })).toBe(0);
    expect(gapClosed(350, { linux: 300, par: null })).toBeNull();
  });
});

describe('goals.parShare', () => {
  const input = (parShare: unknown) => ({ ...builtinBySlug('pinning'), goals: { parShare } });

  it('accepts a share between 0 and 0.5', () => {
    const r = parseScenario(input(0.2));
    expect(r.ok && r.value.goals?.parShare).toBe(0.2);
  });

  it.each([[-0.1], [0.6], ['0.1']])('refuses %j, naming the field and what it means', (bad) => {
    const r = parseScenario(input(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0].path).toBe('goals.parShare');
      expect(r.errors[0].message).toMatch(/goals\.parShare must be/);
    }
  });
});
