/** The per-address window budget behind every rate limit of the HTTP API. */
import { describe, expect, it } from 'vitest';
import { windowBudget } from '../../../server/http/budget';

describe('windowBudget', () => {
  it('allows up to the limit per address and window, then answers the wait until the window reopens', () => {
    let t = 1_000;
    const take = windowBudget(3, 60_000, () => t);
    expect([take('a'), take('a'), take('a')]).toEqual([0, 0, 0]);
    t += 10_000;
    expect(take('a')).toBe(50_000);
    expect(take('b')).toBe(0);
    t += 50_000;
    expect(take('a')).toBe(0);
  });

  it('spends a cost per request, and a refused request spends nothing', () => {
    let t = 0;
    const take = windowBudget(100, 60_000, () => t);
    expect(take('a', 60)).toBe(0);
    expect(take('a', 60)).toBe(60_000);
    expect(take('a', 40)).toBe(0);
    expect(take('a', 1)).toBeGreaterThan(0);
    t = 60_000;
    expect(take('a', 100)).toBe(0);
  });
});
