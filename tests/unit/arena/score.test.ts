/** The arena's one ranking rule (server/arena/score.ts): misses, then wasted, then stranded, then the earlier submission. */
import { describe, expect, it } from 'vitest';
import { compareArena, rankArena, type Rankable } from '../../../server/arena/score';

const entry = (id: string, missed: number, wasted: number, stranded: number, at: number): Rankable => ({
  id, totals: { missed, wasted, stranded, migrations: 0, score: 0 }, createdAt: new Date(at),
});

describe('arena ranking', () => {
  it('fewest misses first, whatever the wasted time', () => {
    expect(compareArena(entry('a', 1, 0, 0, 0), entry('b', 2, 0, 0, 0))).toBeLessThan(0);
    expect(compareArena(entry('a', 1, 1000, 1000, 0), entry('b', 2, 0, 0, 0))).toBeLessThan(0);
  });

  it('then least wasted, then least stranded, then the earlier submission, then the id', () => {
    expect(compareArena(entry('a', 3, 10, 99, 5), entry('b', 3, 11, 0, 0))).toBeLessThan(0);
    expect(compareArena(entry('a', 3, 10, 4, 5), entry('b', 3, 10, 5, 0))).toBeLessThan(0);
    expect(compareArena(entry('a', 3, 10, 5, 7), entry('b', 3, 10, 5, 8))).toBeLessThan(0);
    expect(compareArena(entry('b', 3, 10, 5, 7), entry('a', 3, 10, 5, 7))).toBeGreaterThan(0);
  });

  it('the score and migrations do not rank: only the documented keys do', () => {
    const a = { ...entry('a', 0, 5, 0, 0), totals: { missed: 0, wasted: 5, stranded: 0, migrations: 0, score: 1 } };
    const b = { ...entry('b', 0, 4, 0, 0), totals: { missed: 0, wasted: 4, stranded: 0, migrations: 999, score: 0 } };
    expect(rankArena([a, b]).map((e) => e.id)).toEqual(['b', 'a']);
  });

  it('ranks 1..n in that order (no shared ranks), whatever the input order', () => {
    const list = [entry('late', 0, 0, 0, 9), entry('miss', 4, 0, 0, 0), entry('waste', 0, 50, 0, 0), entry('early', 0, 0, 0, 1), entry('strand', 0, 0, 3, 0)];
    const ranked = rankArena(list);
    expect(ranked.map((e) => [e.rank, e.id])).toEqual([[1, 'early'], [2, 'late'], [3, 'strand'], [4, 'waste'], [5, 'miss']]);
    expect(rankArena([...list].reverse()).map((e) => e.id)).toEqual(ranked.map((e) => e.id));
  });
});
