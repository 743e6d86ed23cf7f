/**
 * The search's budget, in work units only (one simulated tick or one state copy each):
 * the engine reads no clock, so a search is deterministic: same scenario, same budget,
 * same log. A cap in wall-clock time is the caller's business: `npm run sim -- --bot par
 * --budget-ms N` turns milliseconds into work units by timing a short search first
 * (scripts/sim.ts, parBudgetFor) and prints the work budget it used, so the result can
 * be reproduced exactly with `--budget-work`.
 */
export interface Budget {
  /** Work units (simulated ticks and state copies) the whole search may spend. */
  work?: number;
}

export const DEFAULT_WORK = 3_000_000;

export class Meter {
  used = 0;
  readonly limit: number;

  constructor(budget: Budget = {}) {
    this.limit = budget.work ?? DEFAULT_WORK;
  }

  spend(units: number): void {
    this.used += units;
  }

  get exhausted(): boolean {
    return this.used >= this.limit;
  }

  /** Do `units` more fit in the budget? */
  fits(units: number): boolean {
    return this.used + units <= this.limit;
  }
}
