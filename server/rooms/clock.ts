/**
 * Time for rooms. Rooms never read the wall clock directly: they get a Clock, so
 * tests drive time by hand (ManualClock) and production uses the monotonic clock.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /** Calls `fn` once after `delayMs`; returns a cancel function. */
  setTimer(delayMs: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(delayMs, fn) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    return () => clearTimeout(t);
  },
};

interface ManualTimer { at: number; seq: number; fn: () => void }

/** A clock that moves only when told: timers fire in due order, each at its own time. */
export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: ManualTimer[] = [];

  now(): number {
    return this.t;
  }

  setTimer(delayMs: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (timers set meanwhile too). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const x of this.timers) if (x.at <= target && (!next || x.at < next.at || (x.at === next.at && x.seq < next.seq))) next = x;
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = target;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

/**
 * Converts elapsed time into whole ticks at a fixed rate, without drift: the
 * number of ticks due is always computed from the start time, never by adding up
 * timer periods (a late timer is made up for at the next firing, an early one
 * runs nothing). The simulation only ever sees whole ticks (STYLE.md section 1).
 */
export class TickScheduler {
  private rate = 0;
  private t0 = 0;
  private done = 0;
  private cancel: (() => void) | null = null;
  /** Bumped by start/stop, so a firing whose callback restarted us does not arm a second timer. */
  private generation = 0;

  /**
   * @param maxBurst the most ticks run at one firing; if the process stalled
   *   longer, the rest is dropped (time rebased) rather than replayed in a burst.
   */
  constructor(
    private readonly clock: Clock,
    private readonly onTicks: (n: number) => void,
    private readonly maxBurst = 50,
  ) {}

  get running(): boolean {
    return this.cancel !== null;
  }

  /** Starts (or restarts) at `ticksPerSecond`; the first tick is due one period (plus `delayMs`) from now. */
  start(ticksPerSecond: number, delayMs = 0): void {
    this.stop();
    this.rate = ticksPerSecond;
    this.t0 = this.clock.now() + delayMs;
    this.done = 0;
    this.arm();
  }

  stop(): void {
    this.generation++;
    this.cancel?.();
    this.cancel = null;
  }

  private periodMs(): number {
    return 1000 / this.rate;
  }

  private arm(): void {
    const nextAt = this.t0 + (this.done + 1) * this.periodMs();
    this.cancel = this.clock.setTimer(nextAt - this.clock.now(), () => this.fire());
  }

  private fire(): void {
    const gen = this.generation;
    const now = this.clock.now();
    // The epsilon absorbs float error at exact boundaries (1000/3 ms periods...).
    let due = Math.floor(((now - this.t0) * this.rate) / 1000 + 1e-9) - this.done;
    if (due > this.maxBurst) {
      due = this.maxBurst;
      this.t0 = now - (this.done + due) * this.periodMs();
    }
    this.done += Math.max(0, due);
    if (due > 0) this.onTicks(due);
    // onTicks may have stopped or restarted us (round over, speed change).
    if (this.generation === gen && this.cancel !== null) this.arm();
  }
}
