import { describe, expect, it } from 'vitest';
import { beatsRecord, bestRecord, type LevelRecord } from '../../../server/engine';

const rec = (stars: number, bestScore: number, runId?: string, finishedAt?: number): LevelRecord => ({ stars, bestScore, runId, finishedAt });

describe('campaign progress: one record per level, the best run', () => {
  it('prefers more stars to a higher score, and keeps the whole run (where the three old rules disagreed)', () => {
    // The old rules took the stars of one run and the score (and replay) of another:
    // {3, 900, a} + {2, 950, b} gave {3 stars, 950, b}, a replay that shows 2 stars.
    const threeStars = rec(3, 900, 'a', 1000);
    const higherScore = rec(2, 950, 'b', 2000);
    expect(bestRecord(threeStars, higherScore)).toBe(threeStars);
    expect(bestRecord(higherScore, threeStars)).toBe(threeStars);
    expect(beatsRecord(higherScore, threeStars)).toBe(false);
  });

  it('with equal stars, the higher score wins, whatever order the records come in', () => {
    const lo = rec(2, 500, 'a', 1000);
    const hi = rec(2, 600, 'b', 2000);
    expect(bestRecord(lo, hi)).toBe(hi);
    expect(bestRecord(hi, lo)).toBe(hi);
  });

  it('with the same result, a run the server accepted beats one kept only in the browser', () => {
    const local = rec(3, 900);
    const accepted = rec(3, 900, 'r1');
    expect(bestRecord(local, accepted)).toBe(accepted);
    expect(bestRecord(accepted, local)).toBe(accepted);
  });

  it('with the same result, the run that reached it first keeps the record', () => {
    const first = rec(3, 900, 'z', 1000);
    const repeat = rec(3, 900, 'a', 2000);
    expect(bestRecord(first, repeat)).toBe(first);
    expect(bestRecord(repeat, first)).toBe(first);
  });

  it('two runs finished in the same millisecond: the smaller id, in either order', () => {
    const a = rec(1, 100, 'a', 1000);
    const b = rec(1, 100, 'b', 1000);
    expect(bestRecord(a, b)).toBe(a);
    expect(bestRecord(b, a)).toBe(a);
  });

  it('when nothing separates two records (finish times unknown), the kept one stays', () => {
    const kept = rec(3, 900, 'y');
    const other = rec(3, 900, 'x');
    expect(bestRecord(kept, other)).toBe(kept);
    expect(beatsRecord(other, kept)).toBe(false);
  });

  it('a missing record yields the other', () => {
    const r = rec(0, -40, 'a', 5);
    expect(bestRecord(undefined, r)).toBe(r);
    expect(bestRecord(r, undefined)).toBe(r);
    expect(bestRecord(undefined, undefined)).toBeUndefined();
  });
});
