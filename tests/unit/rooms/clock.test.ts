import { describe, expect, it } from 'vitest';
import { ManualClock, TickScheduler, type Clock } from '../../../server/rooms';

describe('TickScheduler', () => {
  it('runs exactly rate x elapsed whole ticks, however late the timers fire', () => {
    // A clock whose timers always fire late by a varying amount (a busy event loop).
    const base = new ManualClock();
    let lateness = 0;
    const lateClock: Clock = {
      now: () => base.now(),
      setTimer: (ms, fn) => base.setTimer(ms + (lateness = (lateness + 37) % 150), fn),
    };
    let ticks = 0;
    const firings: number[] = [];
    const s = new TickScheduler(lateClock, (n) => {
      ticks += n;
      firings.push(n);
    });
    s.start(10);
    base.advance(60_000);
    // No drift: 60 s at 10 ticks/s is 600 ticks, within the one tick still waiting for its timer.
    expect(ticks).toBeGreaterThanOrEqual(599);
    expect(ticks).toBeLessThanOrEqual(600);
    // Late timers were made up for by running two ticks at once.
    expect(firings.some((n) => n > 1)).toBe(true);
  });

  it('counts from the start time, not by adding periods (1/3 ms periods do not accumulate error)', () => {
    const clock = new ManualClock();
    let ticks = 0;
    const s = new TickScheduler(clock, (n) => (ticks += n));
    s.start(3);
    for (let i = 0; i < 3000; i++) clock.advance(1);
    expect(ticks).toBe(9);
    clock.advance(997_000);
    expect(ticks).toBe(3000);
  });

  it('stops, restarts at a new rate, and drops a stall beyond the burst limit', () => {
    const clock = new ManualClock();
    let ticks = 0;
    const s = new TickScheduler(clock, (n) => (ticks += n), 5);
    s.start(10);
    clock.advance(1000);
    expect(ticks).toBe(10);
    s.stop();
    clock.advance(1000);
    expect(ticks).toBe(10);
    expect(clock.pendingTimers()).toBe(0);
    s.start(80);
    clock.advance(100);
    expect(ticks).toBe(18);
    // A stalled process (the timer cannot fire for 2 s): at most 5 ticks are made up, then time is rebased.
    const stalled: Clock = { now: () => clock.now(), setTimer: (ms, fn) => clock.setTimer(ms + 2000, fn) };
    const t2 = new TickScheduler(stalled, (n) => (ticks += n), 5);
    s.stop();
    ticks = 0;
    t2.start(10);
    clock.advance(2100);
    expect(ticks).toBe(5);
  });

  it('a callback that stops or restarts the scheduler leaves exactly one timer', () => {
    const clock = new ManualClock();
    let calls = 0;
    const s: TickScheduler = new TickScheduler(clock, () => {
      calls++;
      if (calls === 2) s.start(20);
      if (calls === 5) s.stop();
    });
    s.start(10);
    clock.advance(100);
    clock.advance(100);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(1000);
    expect(calls).toBe(5);
    expect(clock.pendingTimers()).toBe(0);
  });
});
