/**
 * The search's budget, in work units (one simulated tick or one state copy each), and
 * optionally in milliseconds of a clock the caller injects: the engine reads no clock.
 * With work units only, a search is deterministic: same scenario, same budget, same log.
 */
export interface Budget {
  /** Work units (simulated ticks and state copies) the whole search may spend. */
  work?: number;
  /** Milliseconds, measured with `now`. */
  ms?: number;
  /** A clock in milliseconds (e.g. performance.now), required with `ms`. */
  now?: () => number;
}

export const DEFAULT_WORK = 3_000_000;

export class Meter {
  used = 0;
  private readonly limit: number;
  private readonly now?: () => number;
  private readonly stopAt: number;
  private nextCheck = 0;
  private timedOut = false;

  constructor(budget: Budget = {}) {
    this.limit = budget.work ?? (budget.ms !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_WORK);
    if (budget.ms !== undefined) {
      if (!budget.now) throw new Error('a budget in ms needs a clock (budget.now)');
      this.now = budget.now;
      this.stopAt = budget.now() + budget.ms;
    } else {
      this.stopAt = Infinity;
    }
  }

  spend(units: number): void {
    this.used += units;
  }

  /** Spent, in work or (checked every few thousand units) in time. */
  get exhausted(): boolean {
    if (this.used >= this.limit) return true;
    if (this.now && this.used >= this.nextCheck) {
      this.nextCheck = this.used + 2000;
      if (this.now() >= this.stopAt) this.timedOut = true;
    }
    return this.timedOut;
  }

  /** Work units left, or an estimate from the clock: what the next pass may cost. */
  fits(units: number, msPerUnit: number): boolean {
    if (this.used + units > this.limit) return false;
    if (this.now) return this.now() + units * msPerUnit < this.stopAt;
    return true;
  }

  elapsedMs(since: number): number {
    return this.now ? this.now() - since : 0;
  }

  clock(): number {
    return this.now ? this.now() : 0;
  }
}
