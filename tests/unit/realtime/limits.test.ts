import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/rooms';
import { AddressBudget, AttemptLimiter } from '../../../server/realtime/limits';

describe('attempt limiter', () => {
  it('counts per key within the window: one key over its budget leaves the others alone, and the window frees it', () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(clock, 60_000, 3, 1);
    for (let i = 0; i < 3; i++) limiter.charge('room/stale');
    expect(limiter.blocked('room/stale')).toBe(true);
    expect(limiter.blocked('room/other')).toBe(false);
    expect(limiter.allow('room/other')).toBe(true);
    clock.advance(60_001);
    expect(limiter.blocked('room/stale')).toBe(false);
  });

  it('a failure weighs failureWeight attempts', () => {
    const limiter = new AttemptLimiter(new ManualClock(), 60_000, 10, 5);
    expect(limiter.allow('a')).toBe(true);
    limiter.fail('a');
    expect(limiter.allow('a')).toBe(true);
    limiter.fail('a');
    expect(limiter.allow('a')).toBe(false);
  });

  it('remembers a bounded number of keys, and asking whether a key is blocked remembers nothing', () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(clock, 60_000, 10, 1, 100);
    for (let i = 0; i < 1000; i++) expect(limiter.blocked(`t${i}`)).toBe(false);
    expect(limiter.size).toBe(0);
    // 1,000 live keys within one window (a flood of distinct wrong tokens): at most 100 are kept.
    for (let i = 0; i < 1000; i++) limiter.charge(`t${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.blocked('t999')).toBe(false);
    for (let i = 0; i < 9; i++) limiter.charge('t999');
    expect(limiter.blocked('t999')).toBe(true);
  });
});

describe('address budget', () => {
  it('caps the sockets of an address and frees a place when one closes; other addresses are separate', () => {
    const budget = new AddressBudget(new ManualClock(), 2, 100, 100);
    expect(budget.connect('10.0.0.1')).toBe(true);
    expect(budget.connect('10.0.0.1')).toBe(true);
    expect(budget.connect('10.0.0.1')).toBe(false);
    expect(budget.connect('10.0.0.2')).toBe(true);
    budget.disconnect('10.0.0.1');
    expect(budget.sockets('10.0.0.1')).toBe(1);
    expect(budget.connect('10.0.0.1')).toBe(true);
  });

  it('shares one message bucket among the sockets of an address, refilled at its rate', () => {
    const clock = new ManualClock();
    const budget = new AddressBudget(clock, 10, 2, 4);
    budget.connect('a');
    budget.connect('a');
    const taken = Array.from({ length: 6 }, () => budget.take('a'));
    expect(taken).toEqual([true, true, true, true, false, false]);
    clock.advance(1000);
    expect([budget.take('a'), budget.take('a'), budget.take('a')]).toEqual([true, true, false]);
    // No open socket, no budget.
    expect(budget.take('b')).toBe(false);
  });
});
