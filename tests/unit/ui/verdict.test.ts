import { describe, expect, it } from 'vitest';
import { baselineScores, loadScenario, simulate } from '../../../server/engine';
import { LocalGame } from '../../../app/lib/localGame';
import { verdictOf } from '../../../app/lib/verdict';
import { mergeProgress, unlocked } from '../../../app/lib/progress';
import { builtinBySlug } from '../../../server/engine/levels';
import { builtinParFor } from '../../../server/engine/levels/par';

const pinning = loadScenario(builtinBySlug('pinning'));

describe('verdictOf', () => {
  it('names the stranded stretch and the late task when the player does nothing under the lazy kernel', () => {
    const g = new LocalGame(pinning, { bot: 'linux-rt-lazy' });
    g.advance(pinning.duration);
    const v = verdictOf(pinning, g.result(), baselineScores(pinning), g.timeline.strands, null);
    expect(v.wrong[0]).toMatch(/^ticks \d+–\d+: CPU 1 idled while L waited pinned on CPU 0 behind H\.$/);
    expect(v.wrong.some((w) => w.startsWith('L missed 1 deadline'))).toBe(true);
    expect(v.stars).toBeLessThan(3);
  });

  it('gives three stars for moving the preemptor, and nothing went wrong', () => {
    const g = new LocalGame(pinning);
    g.advance(3);
    // H is asleep until tick 5: choosing where it wakes keeps CPU 1 from ever idling beside pinned L.
    expect(g.migrate('H', 1)).toBeNull();
    expect(g.queued).toEqual([{ task: 'H', cpu: 1, tick: 5 }]);
    g.advance(pinning.duration);
    const r = g.result();
    expect(simulate(pinning, { actions: g.log }).result.score).toBe(r.score);
    const v = verdictOf(pinning, r, baselineScores(pinning), g.timeline.strands, builtinParFor(pinning) ?? null);
    expect(v.wrong).toEqual([]);
    expect(v.stars).toBe(3);
    // Par is 200 on pinning (every job met) and the best Linux bot strands L: this run closes the whole gap.
    expect(v.par?.threeStars).toBeLessThanOrEqual(r.score);
    expect(v.gap).toMatch(/^100% of the way from the best Linux bot \(-?\d+\) to par \(200\)$/);
    expect(v.good).toContain('Every deadline met.');
  });
});

describe('progress', () => {
  it('keeps each level’s best run whole: more stars before a higher score, as the server does', () => {
    const local = { x: { stars: 3, bestScore: 10, runId: 'a' }, z: { stars: 2, bestScore: 7 } };
    const server = { x: { stars: 1, bestScore: 20, runId: 'b' }, y: { stars: 2, bestScore: 1 }, z: { stars: 2, bestScore: 7, runId: 'c' } };
    expect(mergeProgress(local, server)).toEqual({ x: { stars: 3, bestScore: 10, runId: 'a' }, y: { stars: 2, bestScore: 1 }, z: { stars: 2, bestScore: 7, runId: 'c' } });
  });

  it('opens a level once the previous one has a star', () => {
    expect(unlocked(['a', 'b', 'c'], { a: { stars: 1, bestScore: 0 } })).toEqual([true, true, false]);
    expect(unlocked(['a', 'b'], {})).toEqual([true, false]);
  });
});
